(module
  ;; `numbers` is a sync function returning a readable `stream<u32>` handle:
  ;; it makes the stream (`[stream-new-0]`, low half readable, high half
  ;; writable) and hands out the readable end, dropping the writable one.
  (import "[export]demo:async-chain/feed@0.1.0" "[stream-new-0]numbers" (func $new (result i64)))
  (import "[export]demo:async-chain/feed@0.1.0" "[stream-drop-writable-0]numbers" (func $drop (param i32)))
  (memory (export "memory") 1)
  (func (export "demo:async-chain/feed@0.1.0#numbers") (param i32) (result i32)
    (local $pair i64)
    (local.set $pair (call $new))
    (call $drop (i32.wrap_i64 (i64.shr_u (local.get $pair) (i64.const 32))))
    (i32.wrap_i64 (local.get $pair))))
