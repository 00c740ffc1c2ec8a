#!/bin/sh
# Builds every plugin with `weld build` (weld.toml) and gathers them in
# OUT/plugins/ (default: ./build/plugins/), one component per plugin.
set -e
here=$(cd "$(dirname "$0")" && pwd)
weld=${WELD:-weld}
# componentize-js comes from npm: on PATH, or where `cargo xtask` installs it.
PATH="$PATH:$here/../../target/tools/node_modules/.bin"
export PATH
out=${1:-$here/build}
"$weld" build -p "$here/weld.toml" --out-dir "$out"
mkdir -p "$out/plugins"
for p in upper reverse py-upper rot13 crash spin hog legacy; do
  cp "$out/.weld/debug/$p/$p.wasm" "$out/plugins/$p.wasm"
done
