#!/bin/sh
# Builds the toolcheck guest (a wasm32-wasip1 cdylib exporting `add`) with
# Debian's rustc 1.96 (apt `rustc-web`, installed by `cargo xtask install`),
# rebuilding std from `rust-web-src` with -Zbuild-std. See
# /work/shared/design/TOOLCHAINS.md section 3. Works from any directory:
#
#   sh tests/bindgen/toolcheck/build.sh [extra cargo build args]
#
# The module lands in $CARGO_TARGET_DIR/wasm32-wasip1/release/toolcheck.wasm;
# CARGO_TARGET_DIR defaults to <repo>/target/guests. All guest builds should
# share that directory, this environment and the same [profile.release]
# (here that of tests/bindgen/roundtrip/rust): std (30 s or more) is built
# once for each cargo, RUSTFLAGS and profile, and reused afterwards (0.1 s).
# Keep it in step with `rust_guest_env` in xtask/src/install.rs.
#
# Set GUEST_CARGO_CMD=check to type-check instead of building.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/guests}
export CARGO_TARGET_DIR

# Only the Debian compiler matches the std sources in rust-web-src; rustup's
# `rustc` shim comes first in PATH, so name it explicitly. Cargo itself may
# be rustup's. RUSTC_BOOTSTRAP=1 allows -Zbuild-std on a stable cargo/rustc.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
# Debian ships wasi-libc here, not in the self-contained folder rustup's
# target would have. Must match .cargo/config.toml's rustflags.
export RUSTFLAGS="-L native=/usr/lib/wasm32-wasi -D warnings"

# What a parent `cargo run`/`cargo test` (or a build script, or CI) may have
# set and would change the build; see `rust_guest_env` for each reason.
# Tested harmless and left alone: CARGO, LD_LIBRARY_PATH, CARGO_MAKEFLAGS,
# MAKEFLAGS. An empty wrapper also overrides a build.rustc-wrapper config.
export RUSTC_WRAPPER= RUSTC_WORKSPACE_WRAPPER=
unset CARGO_ENCODED_RUSTFLAGS RUSTUP_TOOLCHAIN CARGO_BUILD_TARGET \
    CARGO_TARGET_WASM32_WASIP1_LINKER
for v in $(env | sed -n 's/^\(CARGO_PROFILE_[A-Za-z0-9_]*\)=.*/\1/p'); do
    unset "$v"
done

cd "$here"
exec cargo "${GUEST_CARGO_CMD:-build}" --release --target wasm32-wasip1 \
    -Zbuild-std=std,panic_abort "$@"
