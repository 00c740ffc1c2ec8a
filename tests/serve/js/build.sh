#!/bin/sh
# build.sh OUT.wasm: the JavaScript guest of the `weld serve` trials, built by
# componentize-js (on PATH, or where `cargo xtask` installs it). Its `fetch`
# event implements `wasi:http/incoming-handler` at the wasi:http version its
# engine (StarlingMonkey) is built on, 0.2.10, so the trials' world
# (../guest.wit, vendored with its WASI deps by `weld wit`, whose built-in
# WASI is 0.2.12) is written at that version: the interfaces the proxy
# world uses did not change between the two.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$1
W=${WELD:?WELD must name the weld binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$W" wit "$here/../guest.wit" --out-dir "$work/wit" >/dev/null
sed -i 's/0\.2\.12/0.2.10/g' "$work/wit"/*.wit "$work/wit"/deps/*.wit
PATH="$PATH:$root/target/tools/node_modules/.bin" \
  componentize-js --wit "$work/wit" -n guest -o "$out" "$here/guest.js"
