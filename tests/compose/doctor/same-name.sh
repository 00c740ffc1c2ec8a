#!/bin/sh
# same-name.sh OUT CASE_A CASE_B: the consumer (from want.wit) as
# OUT/consumer.wasm, and the providers of two cases (from have-CASE.wit)
# both called impl.wasm, in OUT/a/ and OUT/b/, made by the weld under test.
set -e
dir=$(dirname "$0")
out=$1
mkdir -p "$out/a" "$out/b"
"$WELD" embed --dummy --wit "$dir/want.wit" --world consumer -o "$out/consumer.core.wasm"
"$WELD" new "$out/consumer.core.wasm" -o "$out/consumer.wasm"
"$WELD" embed --dummy --wit "$dir/have-$2.wit" --world provider -o "$out/a/impl.core.wasm"
"$WELD" new "$out/a/impl.core.wasm" -o "$out/a/impl.wasm"
"$WELD" embed --dummy --wit "$dir/have-$3.wit" --world provider -o "$out/b/impl.core.wasm"
"$WELD" new "$out/b/impl.core.wasm" -o "$out/b/impl.wasm"
