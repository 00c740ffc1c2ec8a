(module
  (import "demo:chain/offset@0.1.0" "add-offset" (func $off (param i32) (result i32)))
  (func (export "demo:chain/numbers@0.1.0#double") (param i32) (result i32) (i32.mul (call $off (local.get 0)) (i32.const 2))))
