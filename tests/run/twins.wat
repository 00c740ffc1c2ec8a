;; Two interfaces export a function with the same name.
;; RUN[qualified]: new % --wit %dir/limits.wit --world twins -o %tmpdir/t.wasm | run %tmpdir/t.wasm --invoke 'left.f()' --invoke 'right.f()' --invoke 'g()'
;; FAIL[ambiguous]: new % --wit %dir/limits.wit --world twins -o %tmpdir/t.wasm | run %tmpdir/t.wasm --invoke 'f()'
(module
  (func (export "left#f") (result i32) i32.const 1)
  (func (export "right#f") (result i32) i32.const 2)
  (func (export "g") (result i32) i32.const 3)
)
