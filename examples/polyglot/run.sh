#!/bin/sh
# Builds the example (weld build), runs it, and checks the output against
# expected-output.txt.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/build}
weld=${WELD:-weld}
sh "$here/build.sh" "$1"
"$weld" run "$out/app.wasm" --invoke 'main("the quick brown fox jumps | WebAssembly components compose across languages")' > "$out/output.txt"
cat "$out/output.txt"
diff -u "$here/expected-output.txt" "$out/output.txt"
