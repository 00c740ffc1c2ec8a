//! The registry trials: `weld push`, `pull`, `publish` and `fetch` against
//! Debian's `docker-registry` (the CNCF distribution server), started on a
//! free loopback port with a fresh storage folder for each trial, with and
//! without htpasswd authentication. No mock: every byte goes through the
//! real server.
//!
//! * `registry::push-pull`: a component pushed and pulled back byte for
//!   byte; the manifest and config as the Wasm OCI layout says; a missing
//!   tag refused with no output file;
//! * `registry::fetch`: `[dependencies]` fetched into `wit/deps/` with
//!   `weld.lock`, byte-identical across two fetches (the second through
//!   `WELD_REGISTRY`); then offline (the
//!   registry stopped) `weld fetch` and `weld check` still work; a package
//!   republished with other bytes is refused with both digests named;
//! * `registry::auth`: htpasswd: no credentials and a wrong password are
//!   refused (the password never printed), `WELD_REGISTRY_USERNAME`/
//!   `_PASSWORD` and a Docker config file work;
//! * `registry::tampered`: a blob changed in the server's storage is
//!   refused by `pull` and `fetch`, and nothing is written;
//! * `registry::down`: no server: a clear error, no `deps/`, no lock;
//!   built-in and local packages still resolve with no request.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use libtest_mimic::Trial;

const TOOLS: [&str; 2] = ["docker-registry", "htpasswd"];

pub fn trials() -> Vec<Trial> {
    let t = |name: &str, run: fn() -> Result<(), String>| {
        crate::requires::trial(
            format!("registry::{name}"),
            "the registry trials".into(),
            TOOLS.map(String::from).to_vec(),
            run,
        )
    };
    vec![t("push-pull", push_pull), t("fetch", fetch), t("auth", auth), t("tampered", tampered), t("down", down)]
}

/// A running `docker-registry`; stopped (by its own process id) on drop.
struct Registry {
    child: Child,
    addr: String,
    storage: PathBuf,
    _dir: tempfile::TempDir,
}

const USER: &str = "alice";
const PASSWORD: &str = "s3cret-pw";

impl Registry {
    fn start(with_auth: bool) -> Result<Registry, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let storage = dir.path().join("storage");
        // A free port: bound, then released for the server.
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let addr = format!("127.0.0.1:{port}");
        let mut config = format!(
            "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: {addr}\n",
            storage.display()
        );
        if with_auth {
            let out = Command::new("htpasswd")
                .args(["-Bbn", USER, PASSWORD])
                .output()
                .map_err(|e| format!("failed to start htpasswd: {e}"))?;
            if !out.status.success() {
                return Err(format!("htpasswd failed: {}", String::from_utf8_lossy(&out.stderr)));
            }
            let file = dir.path().join("htpasswd");
            std::fs::write(&file, &out.stdout).map_err(|e| e.to_string())?;
            config.push_str(&format!("auth:\n  htpasswd:\n    realm: weld-test\n    path: {}\n", file.display()));
        }
        let config_path = dir.path().join("config.yml");
        std::fs::write(&config_path, config).map_err(|e| e.to_string())?;
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("failed to start docker-registry: {e}"))?;
        let registry = Registry { child, addr, storage, _dir: dir };
        let start = Instant::now();
        while TcpStream::connect(&registry.addr).is_err() {
            if start.elapsed() > Duration::from_secs(15) {
                return Err(format!("docker-registry did not listen on {} within 15s", registry.addr));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(registry)
    }

    /// `GET path` over plain HTTP; the body.
    fn get(&self, path: &str, accept: &str) -> Result<Vec<u8>, String> {
        let mut s = TcpStream::connect(&self.addr).map_err(|e| e.to_string())?;
        write!(s, "GET {path} HTTP/1.0\r\nHost: {}\r\nAccept: {accept}\r\n\r\n", self.addr)
            .map_err(|e| e.to_string())?;
        let mut resp = Vec::new();
        s.read_to_end(&mut resp).map_err(|e| e.to_string())?;
        let split = resp.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no HTTP header end")?;
        let head = String::from_utf8_lossy(&resp[..split]).to_string();
        if !head.starts_with("HTTP/1.1 200") && !head.starts_with("HTTP/1.0 200") {
            return Err(format!("GET {path}: {}", head.lines().next().unwrap_or("")));
        }
        Ok(resp[split + 4..].to_vec())
    }

    fn json(&self, path: &str, accept: &str) -> Result<serde_json::Value, String> {
        serde_json::from_slice(&self.get(path, accept)?).map_err(|e| format!("GET {path}: {e}"))
    }

    /// The file holding the blob `sha256:<hex>` in the server's storage.
    fn blob_file(&self, digest: &str) -> PathBuf {
        let hex = digest.trim_start_matches("sha256:");
        self.storage.join(format!("docker/registry/v2/blobs/sha256/{}/{hex}/data", &hex[..2]))
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

/// Runs weld in `dir` with `env`; credentials and the Docker config are
/// cleared unless `env` sets them.
fn weld(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Output, String> {
    let mut cmd = Command::new(crate::weld());
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .env_remove("WELD_REGISTRY")
        .env_remove("WELD_REGISTRY_USERNAME")
        .env_remove("WELD_REGISTRY_PASSWORD")
        .env("DOCKER_CONFIG", dir.join("no-docker-config"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().map_err(|e| format!("failed to start weld: {e}"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Must exit 0.
fn ok(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Output, String> {
    let o = weld(dir, args, env)?;
    if !o.status.success() {
        return Err(format!("`weld {}` exited with {:?}:\n{}", args.join(" "), o.status.code(), stderr(&o)));
    }
    Ok(o)
}

/// Must exit 1 with every one of `wanted` in stderr; returns stderr.
fn fails(dir: &Path, args: &[&str], env: &[(&str, &str)], wanted: &[&str]) -> Result<String, String> {
    let o = weld(dir, args, env)?;
    let err = stderr(&o);
    if o.status.code() != Some(1) {
        return Err(format!("`weld {}`: expected exit 1, got {:?}:\n{err}", args.join(" "), o.status.code()));
    }
    for w in wanted {
        if !err.contains(w) {
            return Err(format!("`weld {}`: expected `{w}` in the error, got:\n{err}", args.join(" ")));
        }
    }
    Ok(err)
}

fn check(cond: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what()) }
}

/// A small real component: the `calc` fixture made with `weld new`.
fn component(dir: &Path) -> Result<PathBuf, String> {
    let root = crate::root();
    let out = dir.join("calc.wasm");
    let wat = root.join("tests/component/calc.wat");
    let wit = root.join("tests/component/calc.wit");
    let args = [
        "new",
        wat.to_str().unwrap_or_default(),
        "--wit",
        wit.to_str().unwrap_or_default(),
        "--world",
        "calc",
        "-o",
        out.to_str().unwrap_or_default(),
    ];
    ok(dir, &args, &[])?;
    Ok(out)
}

const GREET: &str = "package demo:greet@1.0.0;\n\ninterface api {\n  greet: func(name: string) -> string;\n}\n";

/// A project whose WIT uses `demo:greet` (from the registry) and
/// `wasi:cli` (built in).
fn project(dir: &Path, registry: &str) -> Result<(), String> {
    let w = |p: &str, text: &str| {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap())
            .and_then(|()| std::fs::write(path, text))
            .map_err(|e| e.to_string())
    };
    w("greet/greet.wit", GREET)?;
    w(
        "app/wit/app.wit",
        "package demo:app@0.1.0;\n\nworld app {\n  import demo:greet/api@1.0.0;\n  import wasi:cli/stdout@0.2.12;\n}\n",
    )?;
    w(
        "app/weld.toml",
        &format!(
            "[check]\nwit = \"wit\"\n\n[dependencies]\n\"demo:greet\" = \"1.0.0\"\n\"wasi:cli\" = \"0.2.12\"\n\n[registries]\ndemo = \"{registry}/wit\"\n"
        ),
    )
}

fn read(p: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(p).map_err(|e| format!("failed to read `{}`: {e}", p.display()))
}

fn push_pull() -> Result<(), String> {
    let reg = Registry::start(false)?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = tmp.path();
    let app = component(dir)?;
    let reference = format!("{}/apps/calc:1.0.0", reg.addr);
    let pushed = ok(dir, &["push", "calc.wasm", &reference], &[])?;
    let printed = String::from_utf8_lossy(&pushed.stdout).trim().to_string();
    check(printed.starts_with(&format!("{}/apps/calc@sha256:", reg.addr)), || format!("push printed `{printed}`"))?;
    ok(dir, &["pull", &reference, "-o", "pulled.wasm"], &[])?;
    check(read(&app)? == read(&dir.join("pulled.wasm"))?, || {
        "the pulled component differs from the pushed one".into()
    })?;
    // Pulling by the printed digest gives the same bytes.
    ok(dir, &["pull", &printed, "-o", "by-digest.wasm"], &[])?;
    check(read(&app)? == read(&dir.join("by-digest.wasm"))?, || "pull by digest differs".into())?;

    // The layout wkg, wasmtime and Spin read.
    let manifest = reg.json("/v2/apps/calc/manifests/1.0.0", MANIFEST)?;
    check(manifest["config"]["mediaType"] == "application/vnd.wasm.config.v0+json", || format!("{manifest}"))?;
    let layers = manifest["layers"].as_array().cloned().unwrap_or_default();
    check(layers.len() == 1 && layers[0]["mediaType"] == "application/wasm", || format!("{manifest}"))?;
    let config_digest = manifest["config"]["digest"].as_str().unwrap_or_default();
    let config = reg.json(&format!("/v2/apps/calc/blobs/{config_digest}"), "*/*")?;
    check(config["architecture"] == "wasm" && config["os"] == "wasip2", || format!("{config}"))?;
    check(config["layerDigests"][0] == layers[0]["digest"], || format!("{config}"))?;
    check(config["component"]["imports"] == serde_json::json!(["demo:calc/host"]), || format!("{config}"))?;
    check(config["component"]["exports"] == serde_json::json!(["demo:calc/ops"]), || format!("{config}"))?;
    check(config["producers"]["processed-by"].as_array().is_some_and(|a| !a.is_empty()), || format!("{config}"))?;

    // The same bytes pushed again give the same manifest digest.
    let again = ok(dir, &["push", "calc.wasm", &reference], &[])?;
    check(String::from_utf8_lossy(&again.stdout).trim() == printed, || "a second push changed the digest".into())?;

    // A missing tag: refused, no file.
    let missing = format!("{}/apps/calc:9.9.9", reg.addr);
    fails(dir, &["pull", &missing, "-o", "missing.wasm"], &[], &["not found", "no such tag in `apps/calc`"])?;
    check(!dir.join("missing.wasm").exists(), || "a failed pull wrote its output".into())?;
    // A WIT package without a version is not published.
    std::fs::write(dir.join("nover.wit"), "package demo:nover;\n\ninterface i {}\n").map_err(|e| e.to_string())?;
    fails(dir, &["publish", "nover.wit", "--registry", &reg.addr], &[], &["has no version"])?;
    // A core module is not pushed.
    let wat = crate::root().join("tests/component/calc.wat");
    fails(dir, &["push", wat.to_str().unwrap_or_default(), &reference], &[], &["is a core module, not a component"])?;
    Ok(())
}

fn fetch() -> Result<(), String> {
    let mut reg = Registry::start(false)?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = tmp.path();
    project(dir, &reg.addr)?;
    let registry = format!("{}/wit", reg.addr);
    ok(dir, &["publish", "greet", "--registry", &registry], &[])?;
    let app = dir.join("app");
    let first = ok(&app, &["fetch"], &[])?;
    let err = stderr(&first);
    check(err.contains("Fetched demo:greet@1.0.0") && err.contains("Built in wasi:cli@0.2.12"), || err.clone())?;
    let lock = read(&app.join("weld.lock"))?;
    let text = String::from_utf8_lossy(&lock).to_string();
    for want in ["name = \"demo:greet\"", "version = \"1.0.0\"", "digest = \"sha256:"] {
        check(text.contains(want), || format!("weld.lock lacks `{want}`:\n{text}"))?;
    }
    check(!text.contains("wasi:cli"), || format!("a built-in package was locked:\n{text}"))?;
    let dep = app.join("wit/deps/demo-greet-1.0.0.wasm");
    check(dep.exists(), || "no wit/deps/demo-greet-1.0.0.wasm".into())?;
    // A second fetch from nothing writes the same bytes; this time
    // `WELD_REGISTRY` overrides a `[registries]` entry that leads nowhere.
    std::fs::remove_dir_all(app.join("wit/deps")).map_err(|e| e.to_string())?;
    std::fs::remove_file(app.join("weld.lock")).map_err(|e| e.to_string())?;
    let manifest = app.join("weld.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    std::fs::write(&manifest, text.replace(&reg.addr, "127.0.0.1:9")).map_err(|e| e.to_string())?;
    ok(&app, &["fetch"], &[("WELD_REGISTRY", &registry)])?;
    check(read(&app.join("weld.lock"))? == lock, || "weld.lock differs across two fetches".into())?;
    let package = read(&dep)?;

    // Offline: everything is locked and present.
    reg.child.kill().map_err(|e| e.to_string())?;
    let _ = reg.child.wait();
    let offline = ok(&app, &["fetch"], &[])?;
    check(stderr(&offline).contains("Locked demo:greet@1.0.0"), || stderr(&offline))?;
    ok(&app, &["check"], &[])?;
    ok(&app, &["wit", "wit"], &[])?;

    // A changed package under the same tag is refused, naming both digests.
    let reg = Registry::start(false)?;
    project(dir, &reg.addr)?;
    std::fs::write(dir.join("greet/greet.wit"), GREET.replace("greet: func", "hello: func"))
        .map_err(|e| e.to_string())?;
    let published = ok(dir, &["publish", "greet", "--registry", &format!("{}/wit", reg.addr)], &[])?;
    let new_digest = String::from_utf8_lossy(&published.stdout).trim().to_string();
    let lock = read(&app.join("weld.lock"))?;
    let old_digest = String::from_utf8_lossy(&lock)
        .lines()
        .find_map(|l| l.strip_prefix("digest = \"").map(|d| d.trim_end_matches('"').to_string()))
        .unwrap_or_default();
    std::fs::remove_file(&dep).map_err(|e| e.to_string())?;
    fails(&app, &["fetch"], &[], &["changed in the registry", &old_digest, &new_digest])?;
    check(!dep.exists(), || "a refused package was written".into())?;
    // `weld check` fetches the missing package first, and is refused too.
    fails(&app, &["check"], &[], &["changed in the registry"])?;
    check(!dep.exists(), || "a refused package was written".into())?;
    // Put back, the locked file is used again with no request.
    std::fs::write(&dep, &package).map_err(|e| e.to_string())?;
    ok(&app, &["check"], &[])?;
    // A local edit of the fetched file is caught too.
    std::fs::write(&dep, b"\0asm").map_err(|e| e.to_string())?;
    fails(&app, &["fetch"], &[], &["does not match weld.lock", &old_digest])?;
    Ok(())
}

fn auth() -> Result<(), String> {
    let reg = Registry::start(true)?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = tmp.path();
    component(dir)?;
    let reference = format!("{}/apps/calc:1.0.0", reg.addr);
    fails(dir, &["push", "calc.wasm", &reference], &[], &["needs credentials", "WELD_REGISTRY_USERNAME"])?;
    let wrong = [("WELD_REGISTRY_USERNAME", USER), ("WELD_REGISTRY_PASSWORD", "not-the-password")];
    let err = fails(dir, &["push", "calc.wasm", &reference], &wrong, &["refused the credentials"])?;
    check(!err.contains("not-the-password"), || format!("the password was printed:\n{err}"))?;
    let right = [("WELD_REGISTRY_USERNAME", USER), ("WELD_REGISTRY_PASSWORD", PASSWORD)];
    ok(dir, &["push", "calc.wasm", &reference], &right)?;
    fails(dir, &["pull", &reference, "-o", "anon.wasm"], &[], &["needs credentials"])?;
    check(!dir.join("anon.wasm").exists(), || "a refused pull wrote its output".into())?;
    // `docker login`'s file: `auth` is base64 of `user:password`.
    let docker = dir.join("docker");
    std::fs::create_dir_all(&docker).map_err(|e| e.to_string())?;
    let encoded = base64(format!("{USER}:{PASSWORD}").as_bytes());
    let config = format!("{{\"auths\": {{\"http://{}\": {{\"auth\": \"{encoded}\"}}}}}}", reg.addr);
    std::fs::write(docker.join("config.json"), config).map_err(|e| e.to_string())?;
    let docker_env = [("DOCKER_CONFIG", docker.to_str().unwrap_or_default())];
    ok(dir, &["pull", &reference, "-o", "pulled.wasm"], &docker_env)?;
    check(read(&dir.join("pulled.wasm"))? == read(&dir.join("calc.wasm"))?, || "pulled bytes differ".into())?;
    // A wrong password in the Docker config names its source, not the secret.
    let bad = format!("{{\"auths\": {{\"{}\": {{\"username\": \"{USER}\", \"password\": \"wrong-one\"}}}}}}", reg.addr);
    std::fs::write(docker.join("config.json"), bad).map_err(|e| e.to_string())?;
    let err =
        fails(dir, &["pull", &reference, "-o", "x.wasm"], &docker_env, &["refused the credentials", "config.json"])?;
    check(!err.contains("wrong-one"), || format!("the password was printed:\n{err}"))?;
    Ok(())
}

fn tampered() -> Result<(), String> {
    let reg = Registry::start(false)?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = tmp.path();
    project(dir, &reg.addr)?;
    ok(dir, &["publish", "greet", "--registry", &format!("{}/wit", reg.addr)], &[])?;
    let manifest = reg.json("/v2/wit/demo/greet/manifests/1.0.0", MANIFEST)?;
    let layer = manifest["layers"][0]["digest"].as_str().unwrap_or_default().to_string();
    let blob = reg.blob_file(&layer);
    let mut bytes = read(&blob)?;
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&blob, &bytes).map_err(|e| e.to_string())?;
    let reference = format!("{}/wit/demo/greet:1.0.0", reg.addr);
    fails(dir, &["pull", &reference, "-o", "greet.wasm"], &[], &["does not match its digest"])?;
    check(!dir.join("greet.wasm").exists(), || "a tampered blob was written".into())?;
    let app = dir.join("app");
    fails(&app, &["fetch"], &[], &["failed to fetch `demo:greet@1.0.0`", "does not match its digest"])?;
    check(!app.join("wit/deps").exists() && !app.join("weld.lock").exists(), || "fetch wrote something".into())?;
    Ok(())
}

fn down() -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = tmp.path();
    // A port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let addr = format!("127.0.0.1:{port}");
    project(dir, &addr)?;
    let app = dir.join("app");
    fails(&app, &["fetch"], &[], &[&format!("cannot reach the registry {addr}"), "Connection refused"])?;
    check(!app.join("wit/deps").exists() && !app.join("weld.lock").exists(), || "fetch wrote something".into())?;
    fails(dir, &["pull", &format!("{addr}/apps/calc:1.0.0"), "-o", "x.wasm"], &[], &["cannot reach the registry"])?;
    check(!dir.join("x.wasm").exists(), || "a failed pull wrote its output".into())?;
    // The package in a local deps/ folder, and the built-in one, need no
    // registry: the same project works with the registry still down.
    std::fs::create_dir_all(app.join("wit/deps/greet")).map_err(|e| e.to_string())?;
    std::fs::write(app.join("wit/deps/greet/greet.wit"), GREET).map_err(|e| e.to_string())?;
    let local = ok(&app, &["fetch"], &[])?;
    check(stderr(&local).contains("Local demo:greet@1.0.0"), || stderr(&local))?;
    ok(&app, &["check"], &[])?;
    check(!app.join("weld.lock").exists(), || "a lock was written for local packages".into())?;
    Ok(())
}

/// Standard base64, for a Docker config's `auth`.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
