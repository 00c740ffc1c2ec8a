(module
  ;; `run` lifted async with a callback: it calls the provider's async
  ;; `count` the sync way (allowed for an `async func`), asks the source for
  ;; a stream and drops it, then returns count(n) + 1.
  (import "demo:async-chain/counter@0.1.0" "count" (func $count (param i32) (result i32)))
  (import "demo:async-chain/feed@0.1.0" "numbers" (func $numbers (param i32) (result i32)))
  (import "demo:async-chain/feed@0.1.0" "[stream-drop-readable-0]numbers" (func $drop (param i32)))
  (import "[export]$root" "[task-return]run" (func $ret (param i32)))
  (memory (export "memory") 1)
  (func (export "[async-lift]run") (param i32) (result i32)
    (call $drop (call $numbers (local.get 0)))
    (call $ret (i32.add (call $count (local.get 0)) (i32.const 1)))
    (i32.const 0))
  (func (export "[callback][async-lift]run") (param i32 i32 i32) (result i32)
    unreachable))
