#!/bin/sh
# check-go.sh DIR: DIR holds generated Go packages, one per folder. Runs
# `go vet` on them and builds each into a wasip1 c-shared module, as a Go
# guest would, with no network and no toolchain download.
set -eu
dir=$1
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOOS=wasip1 GOARCH=wasm
printf 'module example.com/check\n\ngo 1.24\n' > "$dir/go.mod"
cd "$dir"
go vet ./...
for pkg in */; do
  name=${pkg%/}
  mkdir -p "main-$name"
  printf 'package main\n\nimport _ "example.com/check/%s"\n\nfunc main() {}\n' "$name" > "main-$name/main.go"
  go build -buildmode=c-shared -o "$name.wasm" "./main-$name"
done
