;; Right signatures, but strings need an exported `memory` and `cabi_realloc`.
;; FAIL: new % --wit %dir/calc.wit --world calc -o %tmpdir/c.wasm
(module
  (import "demo:calc/host" "log" (func (param i32 i32)))
  (func (export "demo:calc/ops#add") (param i32 i32) (result i32) local.get 0)
  (func (export "demo:calc/ops#greet") (param i32 i32) (result i32) local.get 0)
)
