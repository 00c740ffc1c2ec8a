;; Every async misfit at once against async-abi.wit, each named with what
;; the world declares and what the module does: `version` is a sync `func`
;; but lifted async, `log` is a sync `func` but lowered async, `pump` is
;; lifted with a callback it does not export, and the stackful `run` has the
;; wrong core signature. No output file is written.
;; FAIL: new % --wit %dir/async-abi.wit -o %tmpdir/c.wasm
(module
  (import "$root" "[async-lower]log" (func (param i32 i32) (result i32)))
  (import "[export]$root" "[task-return]pump" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "[async-lift]pump") (param i32) (result i32) unreachable)
  (func (export "[async-lift-stackful]demo:async-abi/jobs#run") (param i32) unreachable)
  (func (export "[async-lift]version") (result i32) unreachable)
  (func (export "[callback][async-lift]version") (param i32 i32 i32) (result i32) unreachable)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
)
