// AssemblyScript (npm) with the stub runtime: scalars only.
// REQUIRES: asc
// RUN: !%tools/node_modules/.bin/asc % -O3 --runtime stub -o %tmpdir/as.wasm | new %tmpdir/as.wasm --wit %dir/wit --world calc -o %tmpdir/as.component.wasm | targets %tmpdir/as.component.wasm --wit %dir/wit --world calc
// RUN[run]: !%tools/node_modules/.bin/asc % -O3 --runtime stub -o %tmpdir/as.wasm | new %tmpdir/as.wasm --wit %dir/wit --world calc -o %tmpdir/as.component.wasm | new %dir/host.wat --wit %dir/wit --world host-impl -o %tmpdir/host.wasm | plug %tmpdir/as.component.wasm --plug %tmpdir/host.wasm -o %tmpdir/app.wasm | run %tmpdir/app.wasm --invoke 'add(40, 2)'
@external("demo:calc/host", "log")
declare function hostLog(v: i32): void;

export function add(a: i32, b: i32): i32 {
  hostLog(a);
  return a + b;
}
