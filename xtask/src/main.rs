//! Repository chores for weld, run as `cargo xtask <task>`.
//!
//! * `test`: installs what the test suite needs when it is missing
//!   (idempotent, silent when everything is present), then looks for
//!   unused dependencies (cargo-machete), checks formatting and clippy and
//!   runs the whole suite. This is the README's test command and what `.ci/run` calls.
//! * `example`: the README's main command: installs what is missing, builds
//!   weld, builds, composes and runs the polyglot example.
//! * `bless`: reruns the end-to-end fixtures with `BLESS=1`, rewriting their
//!   expected output for review.
//! * `bench`: compares weld with the reference tools in one run and prints
//!   ratios (see `bench.rs`), for the binary `dist` builds (`--no-pgo`: a
//!   plain release build).
//! * `fuzz`: the generative conformance harness (`crates/fuzz`, binary
//!   `weld-fuzz`): builds weld and the harness, then runs it with the
//!   given bounds (`--wit-seeds N --wasm-seeds N --time SECS --seed START`).
//! * `dist`: the weld binary to ship, built with profile-guided optimization
//!   (see `dist.rs`), at `target/dist/weld`.
//!
//! This crate uses only std so that it builds in seconds.

mod bench;
mod dist;
mod install;
mod util;

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(&args[1..]),
        Some("bless") => bless(&args[1..]),
        Some("example") => example(),
        Some("bench") => bench::run(&args[1..]),
        Some("dist") => dist::run(&args[1..]),
        Some("fuzz") => fuzz(&args[1..]),
        Some("install") => {
            install::ensure(install::Purpose::Bench).and_then(|()| install::ensure(install::Purpose::Test))
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n\
                 tasks:\n  \
                 test [ARGS]   install what the tests need, then run the whole suite\n  \
                 example       install what is missing, build weld and the polyglot example, run it\n  \
                 bless [ARGS]  rewrite the expected output of the end-to-end fixtures\n  \
                 bench         compare weld with the reference tools and print ratios\n  \
                 dist          build the weld binary to ship (PGO) into target/dist/weld\n  \
                 fuzz [ARGS]   generative conformance run (--wit-seeds N --wasm-seeds N --time SECS --seed START)\n  \
                 install       install the tools for tests and benchmarks"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Extra ARGS go to the test binaries, e.g. a name filter.
fn test(extra: &[String]) -> Result<(), String> {
    let root = util::root();
    check_disk(&root);
    install::ensure(install::Purpose::Test)?;
    // Unused dependencies: remove them, or list a false positive under
    // `[package.metadata.cargo-machete] ignored` with the reason.
    util::run(Command::new(install::machete()).current_dir(&root))
        .map_err(|e| format!("{e}\nhelp: remove the unused dependencies cargo-machete lists"))?;
    util::run(util::cargo().args(["fmt", "--all", "--check"]).current_dir(&root))
        .map_err(|e| format!("{e}\nhelp: run `cargo fmt --all`"))?;
    util::run(
        util::cargo()
            .args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"])
            .current_dir(&root),
    )?;
    let mut cmd = util::cargo();
    // Guest toolchains were just installed: a missing one is a failure here,
    // not the skip a local `cargo test` prints.
    cmd.args(["test", "--workspace", "--locked"]).current_dir(&root).env("WELD_REQUIRE_TOOLS", "1");
    if !extra.is_empty() {
        cmd.arg("--").args(extra);
    }
    util::run(&mut cmd)
}

/// What a clean run of the suite takes on disk (target/, the std of Rust
/// guests, the Python and npm tools), with room to spare.
const SUITE_DISK: u64 = 8 << 30;

/// Warns when the disk is too full for the suite, so that a run that fails
/// half-way says why up front.
fn check_disk(root: &std::path::Path) {
    if let Some(free) = util::free_bytes(root)
        && free < SUITE_DISK
    {
        eprintln!(
            "xtask: warning: {} free at {}; a clean test run needs about {}",
            util::gib(free),
            root.display(),
            util::gib(SUITE_DISK)
        );
    }
}

/// The README's main command: builds and runs `examples/polyglot`.
fn example() -> Result<(), String> {
    install::ensure(install::Purpose::Test)?;
    let root = util::root();
    util::run(util::cargo().args(["build", "--locked", "-p", "weld-cli"]).current_dir(&root))?;
    let out = root.join("target/polyglot");
    let tools = install::tools_dir().join("node_modules/.bin");
    let path = format!("{}:{}", tools.display(), std::env::var("PATH").unwrap_or_default());
    util::run(
        Command::new("sh")
            .arg(root.join("examples/polyglot/run.sh"))
            .arg(&out)
            .env("WELD", root.join("target/debug/weld"))
            .env("PATH", path)
            .current_dir(&root),
    )?;
    eprintln!("xtask: the composed app is {}", out.join("app.wasm").display());
    Ok(())
}

/// Builds `weld` (the harness runs it for the echo and CLI checks) and
/// `weld-fuzz`, then runs the harness with ARGS (`--help` lists them).
fn fuzz(extra: &[String]) -> Result<(), String> {
    let root = util::root();
    util::run(util::cargo().args(["build", "--locked", "-p", "weld-cli", "-p", "weld-fuzz"]).current_dir(&root))?;
    util::run(Command::new(root.join("target/debug/weld-fuzz")).args(extra).current_dir(&root))
}

fn bless(extra: &[String]) -> Result<(), String> {
    let mut cmd = util::cargo();
    cmd.args(["test", "--locked", "-p", "weld-cli", "--test", "e2e"]).current_dir(util::root()).env("BLESS", "1");
    if !extra.is_empty() {
        cmd.arg("--").args(extra);
    }
    util::run(&mut cmd)
}
