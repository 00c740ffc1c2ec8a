;; A command whose `run` returns `err` exits 1.
;; FAIL: new % --wit %dir/limits.wit --world failing -o %tmpdir/f.wasm | run %tmpdir/f.wasm
(module
  (func (export "wasi:cli/run@0.2.0#run") (result i32) i32.const 1)
)
