;; A module that disagrees with world `calc` in every way weld explains.
;; FAIL: new % --wit %dir/calc.wit --world calc -o %tmpdir/c.wasm
(module
  (import "demo:calc/host" "log" (func (param i32)))
  (import "demo:calc/other" "ping" (func))
  (func (export "demo:calc/ops#add") (param i32) (result i32) local.get 0)
)
