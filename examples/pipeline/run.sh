#!/bin/sh
# Builds the example (weld build), runs it on data/notes.txt (granted with
# --dir-ro) and on the same text through stdin, and checks both outputs
# against expected-output.txt. OUT defaults to ./build.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/build}
weld=${WELD:-weld}
"$weld" build -p "$here/weld.toml" --out-dir "$out"
"$weld" run "$out/pipeline.wasm" --dir-ro "$here/data::/data" -- /data/notes.txt > "$out/output.txt"
cat "$out/output.txt"
diff -u "$here/expected-output.txt" "$out/output.txt"
"$weld" run "$out/pipeline.wasm" < "$here/data/notes.txt" > "$out/stdin-output.txt"
diff -u "$here/expected-output.txt" "$out/stdin-output.txt"
