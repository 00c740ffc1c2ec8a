(module
  (import "demo:chain/numbers@0.1.0" "double" (func $double (param i32) (result i32)))
  (func (export "demo:chain/compute@0.1.0#compute") (param i32) (result i32) (i32.mul (call $double (local.get 0)) (i32.const 10))))
