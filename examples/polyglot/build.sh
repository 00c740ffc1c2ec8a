#!/bin/sh
# Builds the polyglot example into OUT (default: ./out) with the real
# toolchains, composes it with weld, and leaves OUT/app.wasm.
#   C:          clang --target=wasm32-wasi (Debian clang, wasi-libc)
#   WAT:        weld reads .wat directly
#   Python:     componentize-py
#   JavaScript: componentize-js (npm; found in target/tools or on PATH)
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
weld=${WELD:-weld}
mkdir -p "$out/deps/demo"
componentize_js=$(command -v componentize-js || echo "$here/../../target/tools/node_modules/.bin/componentize-js")

clang --target=wasm32-wasi -O2 -mexec-model=reactor "$here/c/words.c" -o "$out/words.core.wasm"
"$weld" new "$out/words.core.wasm" --wit "$here/wit" --world counter -o "$out/deps/demo/counter.wasm"

"$weld" new "$here/wat/math.wat" --wit "$here/wit" --world calculator -o "$out/deps/demo/calculator.wasm"

componentize-py -d "$here/wit" -w formatter componentize app -p "$here/py" -o "$out/deps/demo/formatter.wasm" > /dev/null

"$componentize_js" --wit "$here/wit" -n app -d http fetch-event -o "$out/deps/demo/app.wasm" "$here/js/app.js" > /dev/null

"$weld" compose "$here/app.wac" --deps-dir "$out/deps" -o "$out/app.wasm" --graph mermaid "$out/app.mmd"
