#!/bin/sh
# Builds the notes service into OUT/notes.wasm (default: ./build): copies
# SQLite's amalgamation (public domain) from the libsqlite3-sys crate's
# sources in cargo's registry into c/sqlite3/ (fetching the crate with a
# throwaway manifest when it is not there yet), then `weld build`. The
# build writes c/sqlite3/ and wit/deps/ (both ignored by git).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
weld=${WELD:-weld}
out=${1:-$here/build}
version=0.37.0
registry=${CARGO_HOME:-$HOME/.cargo}/registry/src
find_sqlite() { ls -d "$registry"/*/libsqlite3-sys-$version/sqlite3 2>/dev/null | head -1; }
src=$(find_sqlite)
if [ -z "$src" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/src"
  printf '[package]\nname = "fetch-sqlite"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nlibsqlite3-sys = "=%s"\n' "$version" >"$tmp/Cargo.toml"
  : >"$tmp/src/lib.rs"
  cargo fetch --quiet --manifest-path "$tmp/Cargo.toml"
  src=$(find_sqlite)
fi
mkdir -p "$here/c/sqlite3"
for f in sqlite3.c sqlite3.h; do
  cmp -s "$src/$f" "$here/c/sqlite3/$f" || cp "$src/$f" "$here/c/sqlite3/$f"
done
# componentize-py reads the WIT folder itself and knows no built-in WASI:
# the WASI packages the front's world uses go to wit/deps/ (generated).
rm -rf "$here/wit/deps" "$here/build/wit"
"$weld" wit "$here/wit" --out-dir "$here/build/wit" >/dev/null
mv "$here/build/wit/deps" "$here/wit/deps"
"$weld" build -p "$here/weld.toml" --out-dir "$out"
