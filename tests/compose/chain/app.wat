(module
  (import "demo:chain/compute@0.1.0" "compute" (func $compute (param i32) (result i32)))
  (func (export "run") (param i32) (result i32) (i32.add (call $compute (local.get 0)) (i32.const 1))))
