;; A WASI preview1 command module: `weld new` applies the command adapter
;; weld carries, with no flags.
;; RUN: new % -o %tmpdir/h.wasm | inspect %tmpdir/h.wasm --summary
;; RUN[reactor]: new % --adapter-kind reactor -o %tmpdir/h.wasm | inspect %tmpdir/h.wasm --summary
;; RUN[world]: new % -o %tmpdir/h.wasm | inspect %tmpdir/h.wasm --print-wit
;; RUN[module]: inspect %
;; FAIL[targets-module]: targets % --wit %dir/calc.wit --world calc
;; FAIL[targets-world]: new % -o %tmpdir/h.wasm | targets %tmpdir/h.wasm --wit %dir/calc.wit --world adder
;; FAIL[adapt-missing]: new % --adapt wasi_snapshot_preview1=%dir/no-such-adapter.wasm -o %tmpdir/h.wasm
;; FAIL[wrong-world]: new % --wit %dir/calc.wit --world adder -o %tmpdir/x.wasm
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from preview1\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 20))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)
