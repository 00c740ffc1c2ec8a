//! The end-to-end harness: runs the real `weld` binary over every fixture in
//! the repository's `tests/` folder. tests/README.md documents the
//! directives; `BLESS=1` rewrites expected output.
//!
//! Besides one trial per directive, it adds round-trip trials: for each
//! `RUN` that is a plain `wit <INPUT>` and for each package under `wit/wasi/`,
//! print → parse → print must be identical, and so must printing the
//! `--wasm` encoding.

mod agreement;
mod corpus;
mod diff;
mod directive;
mod locate;
mod plugins;
mod registry;
mod requires;
mod roundtrip;
mod semver;
mod serve;
mod wac_corpus;
mod wasm_compose;
mod wit_interfaces;
mod wit_ui;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use directive::{Directive, Fixture};
use libtest_mimic::{Arguments, Failed, Trial};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

pub fn weld() -> &'static str {
    env!("CARGO_BIN_EXE_weld")
}

fn main() {
    let args = Arguments::from_args();
    let root = root();
    let mut trials = vec![
        Trial::test("harness::directive-parser", || directive::self_test().map_err(Failed::from)),
        Trial::test("harness::diff", || diff::self_test().map_err(Failed::from)),
    ];
    let mut fixtures = Vec::new();
    collect(&root, &root.join("tests"), &mut fixtures);
    fixtures.sort_by(|a, b| a.path.cmp(&b.path));
    for fixture in fixtures {
        for d in &fixture.directives {
            let name = match &d.name {
                Some(n) => format!("{}::{n}", fixture.path),
                None => fixture.path.clone(),
            };
            if let Some(input) = roundtrip::candidate(d) {
                let (f, input) = (fixture.clone(), input.clone());
                trials.push(Trial::test(format!("{name}::roundtrip"), move || {
                    roundtrip::check(&f, &input).map_err(Failed::from)
                }));
            }
            if agreement::candidate(d) {
                let (f, d) = (fixture.clone(), d.clone());
                let mut tools = fixture.requires.clone();
                tools.push("wasm-tools".into());
                trials.push(requires::trial(
                    format!("{name}::agrees-with-wasm-tools"),
                    fixture.path.clone(),
                    tools,
                    move || agreement::check(&f, &d),
                ));
            }
            let (f, d) = (fixture.clone(), d.clone());
            trials.push(requires::trial(name, fixture.path.clone(), fixture.requires.clone(), move || {
                run_directive(&f, &d)
            }));
        }
    }
    trials.push(Trial::test("harness::no-output-on-failure", || no_output_on_failure().map_err(Failed::from)));
    let sarif_root = root.clone();
    trials.push(requires::trial(
        "wit-diff::sarif-validates".into(),
        "sarif output".into(),
        vec!["sarif-multitool".into()],
        move || semver::sarif_valid(&sarif_root),
    ));
    for dir in semver::pairs(&root) {
        let rel = dir.strip_prefix(&root).unwrap_or(&dir).display().to_string();
        trials.push(requires::trial(
            format!("{rel}::agrees-with-semver-check"),
            rel.clone(),
            vec!["wasm-tools".into()],
            move || semver::check(&dir),
        ));
    }
    trials.extend(corpus::trials());
    trials.extend(wit_interfaces::trials());
    trials.extend(wit_ui::trials());
    trials.extend(wac_corpus::trials());
    trials.extend(wasm_compose::trials());
    trials.extend(plugins::trials());
    trials.extend(registry::trials());
    trials.extend(serve::trials());
    for (name, path) in roundtrip::builtin_packages(&root) {
        trials.push(Trial::test(format!("roundtrip::builtin::{name}"), move || {
            roundtrip::check_builtin(&path).map_err(Failed::from)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}

const FIXTURE_EXTENSIONS: &[&str] = &["wit", "wat", "wac", "yml", "yaml", "toml", "c", "zig", "go", "ts", "py", "js"];

fn collect(root: &Path, dir: &Path, out: &mut Vec<Fixture>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, out);
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !FIXTURE_EXTENSIONS.contains(&ext) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        match directive::parse(&rel, &text) {
            Ok(Some(f)) => out.push(f),
            Ok(None) => {}
            Err(e) => panic!("bad directive: {e}"),
        }
    }
}

/// What running a pipeline produced.
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Exit code of each stage.
    pub codes: Vec<i32>,
}

/// Runs each stage of `d` with the previous stage's stdout as stdin.
pub fn run_pipeline(fixture: &Fixture, d: &Directive, tmpdir: &Path) -> Result<Outcome, String> {
    let root = root();
    let mut stdin: Option<Vec<u8>> = None;
    let mut stderr = Vec::new();
    let mut codes = Vec::new();
    let mut stdout = Vec::new();
    for stage in &d.stages {
        let mut args: Vec<String> = stage.args.iter().map(|a| directive::substitute(a, fixture, tmpdir)).collect();
        let mut cmd = if stage.external { Command::new(args.remove(0)) } else { Command::new(weld()) };
        cmd.args(&args)
            .current_dir(&root)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "80")
            .env("RUST_BACKTRACE", "0")
            .env("WELD_TEST_TMPDIR", tmpdir)
            // Compiled code and Rust guests' target folder stay in the
            // build's own folder, not the user's cache.
            .env("WELD_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("weld-cache"))
            // External stages (scripts that build inputs) find weld here.
            .env("WELD", weld())
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !stage.external {
            // weld finds the npm tools the suite installed (componentize-js)
            // on PATH, as a user's would be. External stages (clang) keep
            // the plain PATH: clang runs binaryen's `wasm-opt` when it finds
            // one, and the fixtures expect clang's own output.
            cmd.env("PATH", requires::path_with_tools());
        }
        for (k, v) in &stage.env {
            cmd.env(k, directive::substitute(v, fixture, tmpdir));
        }
        let mut child = cmd.spawn().map_err(|e| format!("failed to start weld: {e}"))?;
        if let Some(input) = stdin.take() {
            use std::io::Write;
            let mut pipe = child.stdin.take().unwrap();
            std::thread::spawn(move || {
                let _ = pipe.write_all(&input);
            });
        }
        let out = child.wait_with_output().map_err(|e| format!("failed to run weld: {e}"))?;
        let code = out.status.code().unwrap_or(-1);
        codes.push(code);
        if stage.external {
            // A compiler's own chatter is not part of the expected output,
            // but its failure is shown in full.
            if code != 0 {
                return Err(format!(
                    "`{}` failed with exit code {code}:\n{}{}",
                    stage.args.join(" "),
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        } else {
            stderr.extend_from_slice(&out.stderr);
        }
        stdout = out.stdout;
        stdin = Some(stdout.clone());
        if code != 0 {
            break;
        }
    }
    Ok(Outcome { stdout, stderr, codes })
}

fn normalize(bytes: &[u8], tmpdir: &Path) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let tmp = tmpdir.display().to_string();
            let root = root().display().to_string();
            text.replace(&tmp, "%tmpdir").replace(&root, "%root").into_bytes()
        }
        Err(_) => bytes.to_vec(),
    }
}

fn run_directive(fixture: &Fixture, d: &Directive) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = run_pipeline(fixture, d, tmp.path())?;
    let stdout = normalize(&out.stdout, tmp.path());
    let stderr = normalize(&out.stderr, tmp.path());
    let last = *out.codes.last().unwrap();
    let all_ran = out.codes.len() == d.stages.len();
    let show = || {
        format!("command: weld {}\nexit codes: {:?}\nstderr:\n{}", d.text, out.codes, String::from_utf8_lossy(&stderr))
    };
    if ![0, 1, 2].contains(&last) && d.exit_code != Some(last) {
        return Err(format!("unknown exit code {last} (a panic is a bug)\n{}", show()));
    }
    match (d.expect_fail, all_ran, last) {
        (false, true, 0) => {}
        (true, true, code) if d.exit_code == Some(code) => {}
        (true, true, 1 | 2) if d.exit_code.is_none() => {}
        (true, _, _) if d.exit_code.is_some() => {
            return Err(format!("expected the last stage to exit with {}\n{}", d.exit_code.unwrap(), show()));
        }
        (false, _, _) => return Err(format!("expected success\n{}", show())),
        (true, _, _) => {
            return Err(format!("expected the last stage to fail with exit code 1 or 2\n{}", show()));
        }
    }
    let root = root();
    compare(&fixture.expectation(&root, d, "stdout"), &stdout)?;
    compare(&fixture.expectation(&root, d, "stderr"), &stderr)?;
    Ok(())
}

/// Compares `actual` with the file at `path` (missing means empty); with
/// `BLESS=1` rewrites the file instead.
pub fn compare(path: &Path, actual: &[u8]) -> Result<(), String> {
    if std::env::var_os("BLESS").is_some() {
        if actual.is_empty() {
            let _ = std::fs::remove_file(path);
        } else {
            std::fs::write(path, actual).map_err(|e| format!("failed to bless {}: {e}", path.display()))?;
        }
        return Ok(());
    }
    let expected = std::fs::read(path).unwrap_or_default();
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "output differs from {}\n--- expected\n+++ actual\n{}(rerun with BLESS=1 to accept)",
        path.display(),
        diff::unified(&String::from_utf8_lossy(&expected), &String::from_utf8_lossy(actual))
    ))
}

/// A failing command leaves an existing `-o` file untouched, creates no new
/// one and leaves no temporary file behind.
fn no_output_on_failure() -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let existing = tmp.path().join("existing.wit");
    std::fs::write(&existing, "keep me").map_err(|e| e.to_string())?;
    let fresh = tmp.path().join("fresh.wasm");
    let bad = "tests/wit/errors/unknown-type.wit";
    for args in [
        vec!["wit", bad, "-o", existing.to_str().unwrap()],
        vec!["wit", bad, "--wasm", "-o", fresh.to_str().unwrap()],
        vec!["wit", bad, "--out-dir", tmp.path().join("dir").to_str().unwrap()],
    ] {
        let out = Command::new(weld()).args(&args).current_dir(root()).output().map_err(|e| e.to_string())?;
        if out.status.code() != Some(1) {
            return Err(format!("`weld {}` exited with {:?}, expected 1", args.join(" "), out.status.code()));
        }
    }
    let kept = std::fs::read_to_string(&existing).map_err(|e| e.to_string())?;
    let mut names: Vec<String> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    if kept != "keep me" || names != ["existing.wit"] {
        return Err(format!("failure changed the output folder: existing = {kept:?}, files = {names:?}"));
    }
    Ok(())
}
