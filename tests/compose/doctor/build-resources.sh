#!/bin/sh
# build-resources.sh OUT: a consumer and a provider of `demo:res/store` whose
# resources differ by name, as stub components made by $WELD.
set -e
dir=$(dirname "$0")
"$WELD" embed --dummy --wit "$dir/want-resources.wit" --world consumer -o "$1/consumer.core.wasm"
"$WELD" new "$1/consumer.core.wasm" -o "$1/consumer.wasm"
"$WELD" embed --dummy --wit "$dir/have-resource-renamed.wit" --world provider -o "$1/provider.core.wasm"
"$WELD" new "$1/provider.core.wasm" -o "$1/provider.wasm"
