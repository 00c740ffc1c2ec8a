//! The fixed seeds CI runs inside the normal test suite: 50 WIT seeds (C
//! bindings of each compiled with clang; Rust, Go and Zig for seed 0), 5
//! echo components and 500 wasm-smith inputs (every 100th through the
//! weld binary). Longer runs: `cargo xtask fuzz`.

use std::process::Command;

#[test]
fn fixed_seeds_pass() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_weld-fuzz"))
        .args(["--seed", "0", "--wit-seeds", "50", "--echo-seeds", "5", "--wasm-seeds", "500"])
        .args(["--c-every", "1", "--rust-every", "50", "--go-every", "50", "--zig-every", "50"])
        .args(["--cli-every", "100", "--run-every", "10"])
        .arg("--out")
        .arg(out_dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "weld-fuzz found failures:\n{stdout}\n{stderr}");
    let count = |what: &str| -> u64 {
        stdout
            .lines()
            .find(|l| l.trim_start().starts_with(what))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert!(count("wit: round trips passed") >= 45, "too few WIT seeds ran:\n{stdout}");
    assert!(count("bindgen c: generated") >= 45, "too few bindings:\n{stdout}");
    assert_eq!(count("wasm: inputs") + count("wasm: seeds wasm-smith declined"), 500, "{stdout}");
    assert!(count("wasm inspect: ok") > 100, "{stdout}");
    if std::env::var_os("WELD_REQUIRE_TOOLS").is_some() {
        assert!(!stdout.contains("no toolchain"), "a compiler is missing:\n{stdout}");
        assert!(count("bindgen c: compiled") >= 45, "{stdout}");
        assert_eq!(count("echo: calls (C)"), 25, "{stdout}\n{stderr}");
    }
}
