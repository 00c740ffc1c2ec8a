#!/bin/sh
# Builds the chain's components into $1 with the weld under test ($WELD).
set -e
dir=$(dirname "$0")
for c in app computer doubler offsetter; do
  "$WELD" new "$dir/$c.wat" --wit "$dir/chain.wit" --world "$c" -o "$1/$c.wasm"
done
