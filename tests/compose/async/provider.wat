(module
  ;; `count` lifted with the async ABI and a callback: it returns n * 2
  ;; through `[task-return]count` and exits (callback code 0) at once.
  (import "[export]demo:async-chain/counter@0.1.0" "[task-return]count" (func $ret (param i32)))
  (memory (export "memory") 1)
  (func (export "[async-lift]demo:async-chain/counter@0.1.0#count") (param i32) (result i32)
    (call $ret (i32.mul (local.get 0) (i32.const 2)))
    (i32.const 0))
  (func (export "[callback][async-lift]demo:async-chain/counter@0.1.0#count") (param i32 i32 i32) (result i32)
    unreachable))
