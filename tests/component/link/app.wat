;; Shared-everything linking: `app.wat` needs `libmath.so` for `square`.
;; RUN: embed %dir/libmath.wat --wit %dir/link.wit --world libmath -o %tmpdir/libmath.so | embed % --wit %dir/link.wit --world app -o %tmpdir/app.wasm | link %tmpdir/libmath.so %tmpdir/app.wasm -o %tmpdir/linked.wasm | run %tmpdir/linked.wasm --invoke 'run(7)'
;; RUN[world]: embed %dir/libmath.wat --wit %dir/link.wit --world libmath -o %tmpdir/libmath.so | embed % --wit %dir/link.wit --world app -o %tmpdir/app.wasm | link libmath.so=%tmpdir/libmath.so %tmpdir/app.wasm -o %tmpdir/linked.wasm | wit %tmpdir/linked.wasm
;; FAIL[missing-library]: embed % --wit %dir/link.wit --world app -o %tmpdir/app.wasm | link %tmpdir/app.wasm -o %tmpdir/linked.wasm
;; FAIL[unresolved]: embed % --wit %dir/link.wit --world app -o %tmpdir/app.wasm | embed %dir/empty.wat --wit %dir/link.wit --world libmath -o %tmpdir/empty.so | link libmath.so=%tmpdir/empty.so %tmpdir/app.wasm -o %tmpdir/linked.wasm
;; EXIT(134)[stubbed]: embed % --wit %dir/link.wit --world app -o %tmpdir/app.wasm | embed %dir/empty.wat --wit %dir/link.wit --world libmath -o %tmpdir/empty.so | link libmath.so=%tmpdir/empty.so %tmpdir/app.wasm --stub-missing-functions -o %tmpdir/linked.wasm | run %tmpdir/linked.wasm --invoke 'run(7)'
;; FAIL[no-library]: link -o %tmpdir/linked.wasm
;; FAIL[component-library]: embed %dir/libmath.wat --wit %dir/link.wit --world libmath -o %tmpdir/libmath.so | new %tmpdir/libmath.so -o %tmpdir/c.wasm | link %tmpdir/c.wasm -o %tmpdir/linked.wasm
(module
  (@dylink.0
    (mem-info (memory 0 4))
    (needed "libmath.so")
  )
  (import "env" "memory" (memory 1))
  (import "env" "square" (func $square (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $square)
)
