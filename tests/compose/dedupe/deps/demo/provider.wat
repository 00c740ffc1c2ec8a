;; A provider whose runtime module is byte-identical to the consumer's.
(component
  (core module $rt
    (memory (export "memory") 1)
    (data (i32.const 0) "a runtime both components carry, byte for byte: the same module defined once in the composition")
    (func (export "base") (result i32) i32.const 40))
  (core module $glue
    (import "rt" "base" (func $b (result i32)))
    (func (export "value") (result i32) call $b i32.const 2 i32.add))
  (core instance $r (instantiate $rt))
  (core instance $g (instantiate $glue (with "rt" (instance $r))))
  (func (export "value") (result u32) (canon lift (core func $g "value")))
)
