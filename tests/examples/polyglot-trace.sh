#!/bin/sh
# polyglot-trace.sh OUT: with the polyglot example built in OUT, runs it
# untraced and with `--trace=FILE.json` ($WELD, the weld under test): the
# program's stdout must be the same, and the trace valid JSON with one track
# per component (six languages) plus the host's.
set -e
call='main("the quick brown fox jumps | WebAssembly components compose across languages")'
"$WELD" run "$1/app.wasm" --invoke "$call" > "$1/plain.txt"
"$WELD" run "$1/app.wasm" --invoke "$call" --trace="$1/trace.json" > "$1/traced.txt"
cmp "$1/plain.txt" "$1/traced.txt"
python3 "$(dirname "$0")/../compose/chain/check-trace.py" "$1/trace.json" 7
