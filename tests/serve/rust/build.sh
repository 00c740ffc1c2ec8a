#!/bin/sh
# build.sh OUT.wasm: the Rust guest of the `weld serve` trials, with weld's
# own wasi:http bindings, built by rustc-web (../../bindgen/rust-guest.sh)
# and made a component by `weld new` (the bindings embed the world).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$1
W=${WELD:?WELD must name the weld binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/Cargo.toml" "$here/src" "$work/"
"$W" bindgen rust "$here/../guest.wit" --world guest --out-dir "$work/src"
sh "$root/tests/bindgen/rust-guest.sh" "$work"
"$W" new "$root/target/guests/wasm32-wasip1/release/serve_guest.wasm" -o "$out"
