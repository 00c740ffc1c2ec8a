// A C library (a reactor) that imports `host.log` and exports `add`.
// REQUIRES: clang
// RUN: !clang --target=wasm32-wasi -O2 -mexec-model=reactor % -o %tmpdir/calc.wasm | new %tmpdir/calc.wasm --wit %dir/wit --world calc -o %tmpdir/calc.component.wasm | targets %tmpdir/calc.component.wasm --wit %dir/wit --world calc
#include <stdint.h>

__attribute__((import_module("demo:calc/host"), import_name("log")))
extern void host_log(int32_t v);

__attribute__((export_name("add")))
int32_t add(int32_t a, int32_t b) {
    host_log(a);
    return a + b;
}
