#!/bin/sh
# build.sh OUT: the chain's components in OUT (and as OUT/deps/demo/<name>.wasm,
# the deps-folder layout), plus a wasm-tools compose config, made with the
# weld under test ($WELD).
set -e
dir=$(dirname "$0")
mkdir -p "$1/deps/demo"
for c in app computer doubler offsetter; do
  "$WELD" new "$dir/$c.wat" --wit "$dir/chain.wit" --world "$c" -o "$1/$c.wasm"
  cp "$1/$c.wasm" "$1/deps/demo/$c.wasm"
done
printf 'dependencies:\n  demo:chain/compute@0.1.0: computer.wasm\n  demo:chain/numbers@0.1.0: doubler.wasm\n  demo:chain/offset@0.1.0: offsetter.wasm\n' > "$1/compose.yml"
