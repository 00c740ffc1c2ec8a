;; Every name `weld run --list` prints is accepted by `--invoke`, and so are
;; wasmtime's spellings (`ns:pkg/iface.func@version`). The component exports
;; two `run` functions, so the bare name is ambiguous and the message lists
;; names that work.
;; RUN[list]: new % --wit %dir/names.wit --world names -o %tmpdir/n.wasm | run %tmpdir/n.wasm --list
;; RUN[weld-names]: new % --wit %dir/names.wit --world names -o %tmpdir/n.wasm | run %tmpdir/n.wasm --invoke 'wasi:cli/run@0.2.0.run()' --invoke 'demo:names/api@1.0.0.f(1)'
;; RUN[wasmtime-names]: new % --wit %dir/names.wit --world names -o %tmpdir/n.wasm | run %tmpdir/n.wasm --invoke 'wasi:cli/run.run@0.2.0()' --invoke 'demo:names/api.f@1.0.0(2)' --invoke 'api.f(3)' --invoke 'demo:names/api.f(4)'
;; RUN[bare-name]: new % --wit %dir/names.wit --world names -o %tmpdir/n.wasm | run %tmpdir/n.wasm --invoke wasi:cli/run@0.2.0.run
;; FAIL[ambiguous]: new % --wit %dir/names.wit --world names -o %tmpdir/n.wasm | run %tmpdir/n.wasm --invoke 'run()'
;; FAIL[bad-args]: new % --wit %dir/names.wit --world names -o %tmpdir/n.wasm | run %tmpdir/n.wasm --invoke 'wasi:cli/run@0.2.0.run(1,'
;; FAIL[no-name]: new % --wit %dir/names.wit --world names -o %tmpdir/n.wasm | run %tmpdir/n.wasm --invoke '(1)'
(module
  (func (export "wasi:cli/run@0.2.0#run") (result i32) i32.const 0)
  (func (export "demo:names/api@1.0.0#f") (param i32) (result i32) local.get 0 i32.const 10 i32.add)
  (func (export "run") (result i32) i32.const 7)
)
