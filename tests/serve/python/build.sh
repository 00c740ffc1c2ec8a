#!/bin/sh
# build.sh OUT.wasm: the Python guest of the `weld serve` trials, built by
# componentize-py against the trials' world (../guest.wit, vendored with its
# WASI deps by `weld wit`).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
W=${WELD:?WELD must name the weld binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$W" wit "$here/../guest.wit" --out-dir "$work/wit" >/dev/null
componentize-py -d "$work/wit" -w guest componentize -p "$here" app -o "$out" >/dev/null
