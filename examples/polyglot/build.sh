#!/bin/sh
# Builds the polyglot example with `weld build` (weld.toml) and leaves the app
# in OUT/app.wasm (default: ./build/app.wasm), plus its picture in OUT/app.mmd.
set -e
here=$(cd "$(dirname "$0")" && pwd)
weld=${WELD:-weld}
# componentize-js comes from npm: on PATH, or where `cargo xtask` installs it.
PATH="$PATH:$here/../../target/tools/node_modules/.bin"
export PATH
out=${1:-$here/build}
"$weld" build -p "$here/weld.toml" --out-dir "$out"
# The components, as a deps folder for `weld compose` and `weld plug`, and
# the picture of the composition.
mkdir -p "$out/deps/demo"
for c in counter calculator lettering hasher formatter app; do
  cp "$out/.weld/debug/$c/$c.wasm" "$out/deps/demo/$c.wasm"
done
"$weld" compose "$here/app.wac" --deps-dir "$out/deps" -o "$out/app.wasm" --graph mermaid "$out/app.mmd"
