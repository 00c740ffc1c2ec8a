//! Compiling generated bindings with the real compilers, in batches: clang
//! for C (every seed by default: one clang run compiles many files), and the
//! repository's check scripts for Rust (Debian's rustc-web, `-D warnings`),
//! Go (`gofmt`, `go vet`, a `wasip1` c-shared build) and Zig (`zig fmt
//! --check`, `zig build-obj` of every declaration) for a sample of seeds.

use std::path::{Path, PathBuf};
use std::process::Command;

use weld_bindgen::Lang;

use crate::report::Report;
use crate::wit::Generated;

/// Compile every Nth seed's bindings (0: none) per language.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub c: u64,
    pub rust: u64,
    pub go: u64,
    pub zig: u64,
}

impl Sample {
    fn every(&self, lang: Lang) -> u64 {
        match lang {
            Lang::C => self.c,
            Lang::Rust => self.rust,
            Lang::Go => self.go,
            Lang::Zig => self.zig,
        }
    }
}

/// Files of one batch, at most this many.
const BATCH: usize = 48;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Whether `program args` runs.
pub fn has(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

/// Compiles the sampled bindings of `generated`, in `work`.
pub fn compile(generated: &[Generated], sample: Sample, report: &mut Report, work: &Path) {
    for lang in crate::wit::LANGS {
        let every = sample.every(lang);
        if every == 0 {
            continue;
        }
        let chosen: Vec<&Generated> = generated.iter().filter(|g| g.lang == lang && g.seed % every == 0).collect();
        if chosen.is_empty() {
            continue;
        }
        let available = match lang {
            Lang::C => has("clang", &["--version"]),
            Lang::Rust => has("/usr/bin/rustc", &["--version"]),
            Lang::Go => has("go", &["version"]),
            Lang::Zig => has("python3", &["-m", "ziglang", "version"]),
        };
        if !available {
            report.add(crate::wit::counter(lang, "not compiled (no toolchain)"), chosen.len() as u64);
            continue;
        }
        let dir = work.join(lang.name());
        for batch in chosen.chunks(if lang == Lang::Zig { 1 } else { BATCH }) {
            let _ = std::fs::remove_dir_all(&dir);
            let result = match lang {
                Lang::C => c(batch, &dir),
                Lang::Rust => rust(batch, &dir),
                Lang::Go => go(batch, &dir),
                Lang::Zig => zig(batch[0], &dir),
            };
            match result {
                Ok(()) => report.add(crate::wit::counter(lang, "compiled"), batch.len() as u64),
                Err(output) => blame(lang, batch, &output, report),
            }
        }
    }
}

/// Records a failed batch against the bindings its output names, or every
/// one of them when it names none.
fn blame(lang: Lang, batch: &[&Generated], output: &str, report: &mut Report) {
    let named: Vec<&&Generated> = batch
        .iter()
        .filter(|g| output.contains(&format!("{}/", g.id)) || output.contains(&format!("{}.rs", g.id)))
        .collect();
    let guilty: Vec<&&Generated> = if named.is_empty() { batch.iter().collect() } else { named };
    report.add(crate::wit::counter(lang, "compiled"), (batch.len() - guilty.len()) as u64);
    for g in guilty {
        report.add(crate::wit::counter(lang, "did not compile"), 1);
        let mut files: Vec<(String, Vec<u8>)> = vec![("input.wit".into(), g.wit.clone().into_bytes())];
        for (name, text) in g.files.iter() {
            files.push((format!("{}/{name}", lang.name()), text.as_bytes().to_vec()));
        }
        let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        let message = format!(
            "the {} bindings of world `{}` ({}) do not compile:\n{}",
            lang.name(),
            g.world,
            g.id,
            excerpt(output, &g.id)
        );
        report.fail("bindings-compile", g.seed, message, &files);
    }
}

/// The compiler's output, the lines about `id` first, at most 60 lines.
fn excerpt(output: &str, id: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let start = lines.iter().position(|l| l.contains(id)).unwrap_or(0).saturating_sub(2);
    lines[start..].iter().take(60).copied().collect::<Vec<_>>().join("\n")
}

fn write(dir: &Path, g: &Generated) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for (name, text) in g.files.iter() {
        std::fs::write(dir.join(name), text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("failed to start {cmd:?}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// One clang run for the batch: each world's `.c` includes its own header
/// from its folder.
fn c(batch: &[&Generated], dir: &Path) -> Result<(), String> {
    let mut sources = Vec::new();
    for g in batch {
        let sub = dir.join(&g.id);
        write(&sub, g)?;
        sources.extend(g.files.iter().filter(|(n, _)| n.ends_with(".c")).map(|(n, _)| sub.join(n)));
    }
    let obj = dir.join("obj");
    std::fs::create_dir_all(&obj).map_err(|e| e.to_string())?;
    run(Command::new("clang")
        .args(["--target=wasm32-wasi", "-c", "-Wall", "-Wextra", "-Werror"])
        .args(&sources)
        .current_dir(&obj))
}

/// One crate with a module per world, built by `tests/bindgen/check-rust.sh`.
fn rust(batch: &[&Generated], dir: &Path) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    for g in batch {
        for (_, text) in g.files.iter() {
            std::fs::write(src.join(format!("{}.rs", g.id)), text).map_err(|e| e.to_string())?;
        }
    }
    run(Command::new("sh").arg(repo_root().join("tests/bindgen/check-rust.sh")).arg(dir))
}

/// One Go module with a package per world, checked by
/// `tests/bindgen/check-go.sh` (gofmt, go vet, a wasip1 build each).
fn go(batch: &[&Generated], dir: &Path) -> Result<(), String> {
    for g in batch {
        write(&dir.join(&g.id), g)?;
    }
    run(Command::new("sh").arg(repo_root().join("tests/bindgen/check-go.sh")).arg(dir).arg("gofmt"))
}

/// `tests/bindgen/check-zig.sh`: `zig fmt --check`, then every declaration.
fn zig(g: &Generated, dir: &Path) -> Result<(), String> {
    let sub = dir.join(&g.id);
    write(&sub, g)?;
    let file = g.files.iter().map(|(n, _)| n.to_string()).next().unwrap_or_default();
    run(Command::new("sh").arg(repo_root().join("tests/bindgen/check-zig.sh")).arg(&sub).arg(file))
}
