// A C library (a reactor) that imports `host.log` and exports `add`.
// REQUIRES: clang
// RUN: !clang --target=wasm32-wasi -O2 -mexec-model=reactor % -o %tmpdir/calc.wasm | new %tmpdir/calc.wasm --wit %dir/wit --world calc -o %tmpdir/calc.component.wasm | targets %tmpdir/calc.component.wasm --wit %dir/wit --world calc
// RUN[run]: !clang --target=wasm32-wasi -O2 -mexec-model=reactor % -o %tmpdir/calc.wasm | new %tmpdir/calc.wasm --wit %dir/wit --world calc -o %tmpdir/calc.component.wasm | new %dir/host.wat --wit %dir/wit --world host-impl -o %tmpdir/host.wasm | plug %tmpdir/calc.component.wasm --plug %tmpdir/host.wasm -o %tmpdir/app.wasm | run %tmpdir/app.wasm --invoke 'add(40, 2)'
#include <stdint.h>

__attribute__((import_module("demo:calc/host"), import_name("log")))
extern void host_log(int32_t v);

__attribute__((export_name("add")))
int32_t add(int32_t a, int32_t b) {
    host_log(a);
    return a + b;
}
