#!/bin/sh
# build.sh OUT.wasm: the WASI 0.3 Rust guest of the `weld serve` trials,
# built by `weld build` (wasm32-wasip3: its world uses WASI 0.3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
W=${WELD:?WELD must name the weld binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$W" build -p "$here/weld.toml" --out-dir "$work" >&2
cp "$work/rust-p3.wasm" "$out"
