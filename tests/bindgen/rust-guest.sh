#!/bin/sh
# Builds the Rust guest crate or workspace in folder $1 for wasm32-wasip1
# (release) with Debian's rustc-web 1.96 and -Zbuild-std, as
# ../shared/design/TOOLCHAINS.md describes. The compiled std is shared by
# every guest in <repo>/target/guests. Warnings are errors.
set -eu
crate=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$crate"
# Inside `cargo test` these would point the build at weld's own toolchain.
# A wrapper is disabled by an empty value (unsetting would let cargo config
# name one); each CARGO_PROFILE_* would make cargo build std once more.
for v in $(env | sed -n 's/^\(CARGO_PROFILE_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done
exec env -u RUSTUP_TOOLCHAIN -u CARGO -u CARGO_TARGET_DIR -u CARGO_ENCODED_RUSTFLAGS \
  -u CARGO_BUILD_TARGET -u CARGO_MAKEFLAGS -u MAKEFLAGS \
  RUSTC_WRAPPER= RUSTC_WORKSPACE_WRAPPER= \
  RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
  RUSTFLAGS="-L native=/usr/lib/wasm32-wasi -D warnings" \
  CARGO_TARGET_DIR="$root/target/guests" \
  cargo build --quiet --release --target wasm32-wasip1 -Zbuild-std=std,panic_abort
