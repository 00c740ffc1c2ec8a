;; The `math` interface, written by hand in WebAssembly text.
(module
  (func (export "demo:poly/math@0.1.0#percent") (param $part i32) (param $whole i32) (result i32)
    (if (result i32) (i32.eqz (local.get $whole))
      (then (i32.const 0))
      (else (i32.div_u (i32.mul (local.get $part) (i32.const 100)) (local.get $whole))))))
