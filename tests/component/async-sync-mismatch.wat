;; One async misfit alone: wit-component builds a component that does not
;; validate ("the `async` canonical option requires an async function type");
;; weld names the function, what the world declares and what the module does.
;; FAIL: new % --wit %dir/async-abi.wit -o %tmpdir/c.wasm
(module
  (import "[export]$root" "[task-return]version" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "[async-lift-stackful]version") unreachable)
  (func (export "[async-lift]pump") (param i32) (result i32) unreachable)
  (func (export "[callback][async-lift]pump") (param i32 i32 i32) (result i32) unreachable)
  (func (export "[async-lift-stackful]demo:async-abi/jobs#run") (param i32 i32) unreachable)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
)
