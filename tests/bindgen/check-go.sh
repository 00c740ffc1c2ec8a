#!/bin/sh
# check-go.sh DIR [gofmt]: DIR holds generated Go packages, one per folder.
# Runs `go vet` on them and builds each into a wasip1 c-shared module, as a
# Go guest would, with no network and no toolchain download. With `gofmt`,
# the packages must also be as gofmt lays them out (for WIT whose docs hold
# no lists or indented blocks: gofmt rewrites those, and weld copies docs as
# written).
set -eu
dir=$1
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOOS=wasip1 GOARCH=wasm
printf 'module example.com/check\n\ngo 1.24\n' > "$dir/go.mod"
cd "$dir"
if [ "${2:-}" = gofmt ]; then
  unformatted=$("$(go env GOROOT)/bin/gofmt" -l .)
  if [ -n "$unformatted" ]; then
    echo "not as gofmt lays it out: $unformatted"
    "$(go env GOROOT)/bin/gofmt" -d .
    exit 1
  fi
fi
go vet ./...
for pkg in */; do
  name=${pkg%/}
  mkdir -p "main-$name"
  printf 'package main\n\nimport _ "example.com/check/%s"\n\nfunc main() {}\n' "$name" > "main-$name/main.go"
  go build -buildmode=c-shared -o "$name.wasm" "./main-$name"
done
