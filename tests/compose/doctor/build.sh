#!/bin/sh
# build.sh OUT CASE...: the consumer (from want.wit) and one provider per
# CASE (from have-CASE.wit), as stub components made by the weld under test.
set -e
dir=$(dirname "$0")
out=$1
shift
"$WELD" embed --dummy --wit "$dir/want.wit" --world consumer -o "$out/consumer.core.wasm"
"$WELD" new "$out/consumer.core.wasm" -o "$out/consumer.wasm"
for case in "$@"; do
  "$WELD" embed --dummy --wit "$dir/have-$case.wit" --world provider -o "$out/$case.core.wasm"
  "$WELD" new "$out/$case.core.wasm" -o "$out/$case.wasm"
done
