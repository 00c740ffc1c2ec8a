;; The other way round is allowed: a function the world declares `async func`
;; may be lifted (and lowered) with the sync ABI, as the component model
;; permits and wit-component and the validator accept (wasmtime runs it). So
;; weld does not refuse it; it checks the sync core signature instead
;; (async-abi-bad.wat has the refusals).
;; RUN: new % --wit %dir/async-sync-lift.wit -o %tmpdir/c.wasm | wit %tmpdir/c.wasm
;; FAIL[wrong-signature]: new %dir/async-sync-lift-bad.wat --wit %dir/async-sync-lift.wit -o %tmpdir/c.wasm
(module
  (import "$root" "wait" (func (param i32) (result i32)))
  (func (export "greet") (param i32) (result i32) (i32.add (local.get 0) (i32.const 100))))
