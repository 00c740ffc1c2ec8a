// Zig (PyPI `ziglang`) building a wasm32-wasi library.
// REQUIRES: zig
// RUN: !python3 -m ziglang build-exe % -target wasm32-wasi -fno-entry -rdynamic -O ReleaseSmall -femit-bin=%tmpdir/zig.wasm | new %tmpdir/zig.wasm --wit %dir/wit --world calc -o %tmpdir/zig.component.wasm | targets %tmpdir/zig.component.wasm --wit %dir/wit --world calc
// RUN[run]: !python3 -m ziglang build-exe % -target wasm32-wasi -fno-entry -rdynamic -O ReleaseSmall -femit-bin=%tmpdir/zig.wasm | new %tmpdir/zig.wasm --wit %dir/wit --world calc -o %tmpdir/zig.component.wasm | new %dir/host.wat --wit %dir/wit --world host-impl -o %tmpdir/host.wasm | plug %tmpdir/zig.component.wasm --plug %tmpdir/host.wasm -o %tmpdir/app.wasm | run %tmpdir/app.wasm --invoke 'add(40, 2)'
extern "demo:calc/host" fn log(v: i32) void;

export fn add(a: i32, b: i32) i32 {
    log(a);
    return a + b;
}
