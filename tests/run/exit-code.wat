;; A preview1 command that prints, then calls `proc_exit(7)` when given an
;; argument. Core modules run on wasmtime-wasi's preview1 host, as under
;; `wasmtime run`, so the code passes through; arguments after the module go
;; to the guest, with or without `--`.
;; RUN: run %
;; EXIT(7)[exit]: run % -- fail
;; EXIT(7)[trailing]: run % fail
;; EXIT(7)[compiled]: compile % -o %tmpdir/e.cwasm | run %tmpdir/e.cwasm fail
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from a preview1 module\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 29))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    ;; With any argument after the program name, exit with 7.
    (drop (call $args_sizes_get (i32.const 64) (i32.const 68)))
    (if (i32.gt_u (i32.load (i32.const 64)) (i32.const 1))
      (then (call $proc_exit (i32.const 7)))))
)
