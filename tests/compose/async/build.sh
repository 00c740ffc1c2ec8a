#!/bin/sh
# build.sh OUT: the async chain's components (from WAT, with the async ABI)
# in OUT and as OUT/deps/demo/<name>.wasm, made with the weld under test.
set -e
dir=$(dirname "$0")
mkdir -p "$1/deps/demo"
for c in provider source app; do
  "$WELD" new "$dir/$c.wat" --wit "$dir/async.wit" --world "$c" -o "$1/$c.wasm"
  cp "$1/$c.wasm" "$1/deps/demo/$c.wasm"
done
