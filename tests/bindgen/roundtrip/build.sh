#!/bin/sh
# build.sh OUT RUNNER TEST: builds the round-trip runner and test components
# in the languages named (`c`, `rs`, `go` or `zig`) from their sources, with
# bindings from `$WELD bindgen`, makes them components with `$WELD new` (no
# --wit: the bindings embed the world) and plugs them into OUT/app.wasm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$1
runner=$2
test=$3
W=${WELD:?WELD must name the weld binary}
mkdir -p "$out"

build() { # build WORLD LANG
  case $2 in
  c)
    mkdir -p "$out/c-$1"
    "$W" bindgen c "$here/wit" --world "$1" --out-dir "$out/c-$1"
    clang --target=wasm32-wasi -mexec-model=reactor -O2 -Wall -Wextra -Werror \
      -I "$out/c-$1" "$out/c-$1/$1.c" "$here/c/$1.c" -o "$out/$1.core.wasm"
    ;;
  rs)
    mkdir -p "$out/rust"
    cp -r "$here/rust/Cargo.toml" "$here/rust/$1" "$out/rust/"
    # Only this crate is a member of the copied workspace.
    sed -i "s/^members = .*/members = [\"$1\"]/" "$out/rust/Cargo.toml"
    "$W" bindgen rust "$here/wit" --world "$1" --out-dir "$out/rust/$1/src"
    sh "$here/../rust-guest.sh" "$out/rust"
    root=$(cd "$here/../../.." && pwd)
    cp "$root/target/guests/wasm32-wasip1/release/rt_$1.wasm" "$out/$1.core.wasm"
    rm -rf "$out/rust"
    ;;
  go)
    # Go cannot embed the world in the module: `weld new` gets the WIT.
    mkdir -p "$out/go"
    cp -r "$here/go/go.mod" "$here/go/$1" "$out/go/"
    "$W" bindgen go "$here/wit" --world "$1" --out-dir "$out/go/bindings/$1"
    (cd "$out/go" && GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOOS=wasip1 GOARCH=wasm \
      go vet ./... && GOTOOLCHAIN=local GOPROXY=off GOOS=wasip1 GOARCH=wasm \
      go build -buildmode=c-shared -o "$out/$1.core.wasm" "./$1")
    rm -rf "$out/go"
    "$W" new "$out/$1.core.wasm" --wit "$here/wit" --world "$1" -o "$out/$1.wasm"
    return
    ;;
  zig)
    # The guest imports its bindings as bindings/<world>.zig.
    mkdir -p "$out/zig-$1/bindings"
    "$W" bindgen zig "$here/wit" --world "$1" --out-dir "$out/zig-$1/bindings"
    cp "$here/zig/$1.zig" "$out/zig-$1/$1.zig"
    (cd "$out/zig-$1" && python3 -m ziglang build-exe "$1.zig" -target wasm32-wasi -fno-entry \
      -mexec-model=reactor -rdynamic -O ReleaseSafe -femit-bin="$out/$1.core.wasm")
    ;;
  esac
  "$W" new "$out/$1.core.wasm" -o "$out/$1.wasm"
}

build runner "$runner"
build test "$test"
"$W" plug "$out/runner.wasm" --plug "$out/test.wasm" -o "$out/app.wasm" 2>/dev/null
