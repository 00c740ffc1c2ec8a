;; A consumer with the same runtime module as the provider: run() = 40 + 42.
(component
  (import "value" (func $v (result u32)))
  (core module $rt
    (memory (export "memory") 1)
    (data (i32.const 0) "a runtime both components carry, byte for byte: the same module defined once in the composition")
    (func (export "base") (result i32) i32.const 40))
  (core func $lv (canon lower (func $v)))
  (core instance $r (instantiate $rt))
  (core instance $imp (export "value" (func $lv)))
  (core module $glue
    (import "rt" "base" (func (result i32)))
    (import "p" "value" (func (result i32)))
    (func (export "run") (result i32) call 0 call 1 i32.add))
  (core instance $g (instantiate $glue (with "rt" (instance $r)) (with "p" (instance $imp))))
  (func (export "run") (result u32) (canon lift (core func $g "run")))
)
