#!/bin/sh
# build.sh py|js OUT: a greeter and a runner (pair.wit) in Python
# (componentize-py) or JavaScript (componentize-js, without wasi:http), as
# OUT/greeter.wasm and OUT/runner.wasm. Two components of one toolchain
# carry the same runtime modules byte for byte.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
mkdir -p "$2"
case $1 in
py)
  componentize-py -d "$here/pair.wit" -w greeter-world componentize -p "$here" greeter -o "$2/greeter.wasm" >/dev/null
  componentize-py -d "$here/pair.wit" -w runner-world componentize -p "$here" runner -o "$2/runner.wasm" >/dev/null
  ;;
js)
  for c in greeter runner; do
    PATH="$PATH:$root/target/tools/node_modules/.bin" \
      componentize-js --wit "$here/pair.wit" -n "$c-world" -d http fetch-event -o "$2/$c.wasm" "$here/$c.js" >/dev/null
  done
  ;;
*) echo "build.sh: expected py or js, found \`$1\`" >&2; exit 2 ;;
esac
