(module
  (func (export "demo:chain/offset@0.1.0#add-offset") (param i32) (result i32) (i32.add (local.get 0) (i32.const 100))))
