;; A WASI 0.3 command in WAT: `wasi:cli/run@0.3.0`'s async `run`, lifted with
;; a callback. It writes a line to `wasi:cli/stdout@0.3.0` through a
;; `stream<u8>` (waiting for the host to take it when the write blocks),
;; then exits with the number of arguments after the program's name (none:
;; `run` returns `ok`). `--wasi 0.2` serves only WASI 0.2: one clear error.
;; RUN: run %
;; EXIT(2)[args]: run % one two
;; EXIT(3)[args-after-dashes]: run % -- --a b c
;; FAIL[p2-only]: run % --wasi 0.2
;; RUN[p3-only]: run % --wasi 0.3
;; RUN[list]: run % --list
(component
  (import "wasi:cli/environment@0.3.0" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (import "wasi:cli/exit@0.3.0" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))
  (import "wasi:cli/stdout@0.3.0" (instance $stdout
    (type $ec (enum "io" "illegal-byte-sequence" "pipe"))
    (export "error-code" (type $e (eq $ec)))
    (export "write-via-stream" (func (param "data" (stream u8)) (result (future (result (error $e))))))))
  (alias export $stdout "error-code" (type $error-code))

  ;; Memory and a bump allocator, defined first so that canonical options
  ;; can name them.
  (core module $libc
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $libc (instantiate $libc))

  (type $bytes (stream u8))
  (type $written (future (result (error $error-code))))
  (core func $stream.new (canon stream.new $bytes))
  (core func $stream.write (canon stream.write $bytes async (memory (core memory $libc "memory"))))
  (core func $stream.drop-writable (canon stream.drop-writable $bytes))
  (core func $future.drop-readable (canon future.drop-readable $written))
  (core func $waitable-set.new (canon waitable-set.new))
  (core func $waitable.join (canon waitable.join))
  (core func $task.return (canon task.return (result (result))))
  (core func $write-via-stream (canon lower (func $stdout "write-via-stream")))
  (core func $get-arguments
    (canon lower (func $env "get-arguments") (memory (core memory $libc "memory")) (realloc (core func $libc "realloc"))))
  (core func $exit-with-code (canon lower (func $exit "exit-with-code")))

  (core module $m
    (import "libc" "memory" (memory 1))
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
    (import "" "stream.drop-writable" (func $stream.drop-writable (param i32)))
    (import "" "future.drop-readable" (func $future.drop-readable (param i32)))
    (import "" "waitable-set.new" (func $waitable-set.new (result i32)))
    (import "" "waitable.join" (func $waitable.join (param i32 i32)))
    (import "" "task.return" (func $task.return (param i32)))
    (import "" "write-via-stream" (func $write-via-stream (param i32) (result i32)))
    (import "" "get-arguments" (func $get-arguments (param i32)))
    (import "" "exit-with-code" (func $exit-with-code (param i32)))
    (data (i32.const 64) "hello from a WASI 0.3 command\n")
    (global $w (mut i32) (i32.const 0))
    (global $written (mut i32) (i32.const 0))

    ;; Starts the write; waits (callback code 2, with the set) if it blocks.
    (func (export "run") (result i32)
      (local $rw i64)
      (local $set i32)
      (local.set $rw (call $stream.new))
      (global.set $w (i32.wrap_i64 (i64.shr_u (local.get $rw) (i64.const 32))))
      (global.set $written (call $write-via-stream (i32.wrap_i64 (local.get $rw))))
      (if (i32.eq (call $stream.write (global.get $w) (i32.const 64) (i32.const 30)) (i32.const -1))
        (then
          (local.set $set (call $waitable-set.new))
          (call $waitable.join (global.get $w) (local.get $set))
          (return (i32.or (i32.const 2) (i32.shl (local.get $set) (i32.const 4))))))
      (call $finish))

    ;; The only event is the write's completion (3: STREAM_WRITE).
    (func (export "callback") (param $event i32) (param $handle i32) (param $result i32) (result i32)
      (if (i32.ne (local.get $event) (i32.const 3)) (then unreachable))
      (call $waitable.join (global.get $w) (i32.const 0))
      (call $finish))

    (func $finish (result i32)
      (local $argc i32)
      (call $stream.drop-writable (global.get $w))
      (call $future.drop-readable (global.get $written))
      (call $get-arguments (i32.const 8))
      (local.set $argc (i32.load (i32.const 12)))
      (if (i32.gt_u (local.get $argc) (i32.const 1))
        (then (call $exit-with-code (i32.sub (local.get $argc) (i32.const 1)))))
      (call $task.return (i32.const 0))
      (i32.const 0)))

  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "" (instance
      (export "stream.new" (func $stream.new))
      (export "stream.write" (func $stream.write))
      (export "stream.drop-writable" (func $stream.drop-writable))
      (export "future.drop-readable" (func $future.drop-readable))
      (export "waitable-set.new" (func $waitable-set.new))
      (export "waitable.join" (func $waitable.join))
      (export "task.return" (func $task.return))
      (export "write-via-stream" (func $write-via-stream))
      (export "get-arguments" (func $get-arguments))
      (export "exit-with-code" (func $exit-with-code))))))

  (func $run async (result (result))
    (canon lift (core func $i "run") async (callback (core func $i "callback"))))
  (instance $run (export "run" (func $run)))
  (export "wasi:cli/run@0.3.0" (instance $run)))
