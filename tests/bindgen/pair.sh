#!/bin/sh
# pair.sh DIR OUT RUNNER PROVIDER [BINDGEN-OPTION...]: builds the worlds
# `runner` and `provider` of DIR.wit from DIR/c/<world>.c, DIR/go/<world>/,
# DIR/rust/<world>/ (a crate) or DIR/zig/<world>.zig, in the languages named
# (`c`, `go`, `rs` or `zig`),
# with bindings from `$WELD bindgen`, makes them components with `$WELD new`
# and plugs the runner into the provider: OUT/app.wasm. When DIR/c/host-provider.c
# exists, the world `host-provider` is built from it and plugged too (what
# both others import). Options after PROVIDER go to the runner's
# `weld bindgen c` (a C guest's bindings embed its world, so they reach
# `weld new` too): a runner with `--string-encoding utf16` calls a UTF-8
# provider.
set -eu
dir=$(cd "$1" && pwd)
out=$2
runner=$3
provider=$4
shift 4
wit="$dir.wit"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
W=${WELD:?WELD must name the weld binary}
mkdir -p "$out"

build() { # build WORLD LANG [BINDGEN-OPTION...]
  w=$1
  lang=$2
  shift 2
  snake=$(echo "$w" | tr - _)
  case $lang in
  c)
    mkdir -p "$out/c-$w"
    "$W" bindgen c "$wit" --world "$w" --out-dir "$out/c-$w" "$@"
    clang --target=wasm32-wasi -mexec-model=reactor -O2 -Wall -Wextra -Werror \
      -I "$out/c-$w" "$out/c-$w/$snake.c" "$dir/c/$w.c" -o "$out/$w.core.wasm"
    "$W" new "$out/$w.core.wasm" -o "$out/$w.wasm"
    ;;
  go)
    # Go cannot embed the world in the module: `weld new` gets the WIT.
    mkdir -p "$out/go-$w/bindings"
    printf 'module example.com/pair\n\ngo 1.24\n' > "$out/go-$w/go.mod"
    cp -r "$dir/go/$w" "$out/go-$w/"
    "$W" bindgen go "$wit" --world "$w" --out-dir "$out/go-$w/bindings/$w"
    (cd "$out/go-$w" && GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOOS=wasip1 GOARCH=wasm \
      go vet ./... && GOTOOLCHAIN=local GOPROXY=off GOOS=wasip1 GOARCH=wasm \
      go build -buildmode=c-shared -o "$out/$w.core.wasm" "./$w")
    "$W" new "$out/$w.core.wasm" --wit "$wit" --world "$w" -o "$out/$w.wasm"
    ;;
  rs)
    # A crate in DIR/rust/<world> whose src/lib.rs declares `mod <world>;`.
    mkdir -p "$out/rust-$w"
    cp -r "$dir/rust/$w/Cargo.toml" "$dir/rust/$w/src" "$out/rust-$w/"
    "$W" bindgen rust "$wit" --world "$w" --out-dir "$out/rust-$w/src"
    sh "$here/rust-guest.sh" "$out/rust-$w"
    crate=$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/rust/$w/Cargo.toml" | tr - _)
    cp "$root/target/guests/wasm32-wasip1/release/$crate.wasm" "$out/$w.core.wasm"
    "$W" new "$out/$w.core.wasm" -o "$out/$w.wasm"
    ;;
  zig)
    # The guest imports its bindings as bindings/<world>.zig.
    mkdir -p "$out/zig-$w/bindings"
    "$W" bindgen zig "$wit" --world "$w" --out-dir "$out/zig-$w/bindings"
    cp "$dir/zig/$w.zig" "$out/zig-$w/main.zig"
    (cd "$out/zig-$w" && python3 -m ziglang build-exe main.zig -target wasm32-wasi -fno-entry \
      -mexec-model=reactor -rdynamic -O ReleaseSafe -femit-bin="$out/$w.core.wasm")
    "$W" new "$out/$w.core.wasm" -o "$out/$w.wasm"
    ;;
  esac
}

build runner "$runner" "$@"
build provider "$provider"
if [ -f "$dir/c/host-provider.c" ]; then
  build host-provider c
  "$W" plug "$out/runner.wasm" --plug "$out/provider.wasm" --plug "$out/host-provider.wasm" \
    -o "$out/app.wasm" 2>/dev/null
else
  "$W" plug "$out/runner.wasm" --plug "$out/provider.wasm" -o "$out/app.wasm" 2>/dev/null
fi
