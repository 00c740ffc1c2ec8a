;; A command that calls `wasi:cli/exit.exit-with-code(7)`: weld exits with 7.
;; EXIT(7): new % --wit %dir/exit-with-code.wit -o %tmpdir/e.wasm | run %tmpdir/e.wasm
;; EXIT(7)[p2-only]: new % --wit %dir/exit-with-code.wit -o %tmpdir/e.wasm | run %tmpdir/e.wasm --wasi 0.2
;; A host serving only WASI 0.3 refuses a 0.2 command before it runs.
;; FAIL[p3-only]: new % --wit %dir/exit-with-code.wit -o %tmpdir/e.wasm | run %tmpdir/e.wasm --wasi 0.3
(module
  (import "wasi:cli/exit@0.2.12" "exit-with-code" (func $exit (param i32)))
  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (call $exit (i32.const 7))
    i32.const 0)
)
