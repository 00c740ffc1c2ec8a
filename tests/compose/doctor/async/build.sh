#!/bin/sh
# build.sh OUT WANT CASE...: the consumer (world `consumer` of want-WANT.wit)
# and one provider per CASE (world `provider` of have-CASE.wit), as stub
# components made by the weld under test.
set -e
dir=$(dirname "$0")
out=$1
want=$2
shift 2
"$WELD" embed --dummy --wit "$dir/want-$want.wit" --world consumer -o "$out/consumer.core.wasm"
"$WELD" new "$out/consumer.core.wasm" -o "$out/consumer.wasm"
for case in "$@"; do
  "$WELD" embed --dummy --wit "$dir/have-$case.wit" --world provider -o "$out/$case.core.wasm"
  "$WELD" new "$out/$case.core.wasm" -o "$out/$case.wasm"
done
