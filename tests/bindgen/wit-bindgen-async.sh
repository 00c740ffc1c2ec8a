#!/bin/sh
# wit-bindgen-async.sh CASE OUT [RUNNER.c]: builds the C guests of one of
# wit-bindgen's runtime-async tests (tests/bindgen/wit-bindgen-async/CASE:
# test.wit, test.c, runner.c, vendored as they are, see ORIGIN.md) against
# `weld bindgen c --rename <the test's interface>=test` (the `//@ args` line of
# each guest), with clang as wit-bindgen's own test runner does (no
# -Werror: the guests' callbacks end in `assert(0)`), makes them components
# with `weld new` and plugs the runner (a command: `main`) into the test:
# OUT/app.wasm. RUNNER.c, when given, replaces the case's runner.c.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir="$here/wit-bindgen-async/$1"
out=$2
runner_c=${3:-$dir/runner.c}
W=${WELD:?WELD must name the weld binary}
mkdir -p "$out"
rename=$(sed -n "s/^\/\/@ args = '--rename \(.*\)'$/\1/p" "$dir/test.c")
"$W" bindgen c "$dir/test.wit" --world test --rename "$rename" --out-dir "$out/test"
clang --target=wasm32-wasi -mexec-model=reactor -O2 -Wno-return-type -I "$out/test" \
  "$out/test/test.c" "$dir/test.c" -o "$out/test.core.wasm"
"$W" new "$out/test.core.wasm" -o "$out/test.wasm"
"$W" bindgen c "$dir/test.wit" --world runner --rename "$rename" --out-dir "$out/runner"
clang --target=wasm32-wasi -O2 -I "$out/runner" "$out/runner/runner.c" "$runner_c" -o "$out/runner.core.wasm"
"$W" new "$out/runner.core.wasm" -o "$out/runner.wasm"
"$W" plug "$out/runner.wasm" --plug "$out/test.wasm" -o "$out/app.wasm" 2>/dev/null
