;; wit-component decides: the async ABI (`[async-lift-stackful]greet`,
;; `[task-return]greet`), canonical built-ins (`[waitable-set-new]`,
;; `[context-get-0]`) and cooperative threads (`[thread-yield]`) become a
;; component, with no complaint from weld's own fit analysis.
;; RUN: new % --wit %dir/async-shapes.wit -o %tmpdir/c.wasm | wit %tmpdir/c.wasm
(module
  (import "$root" "log" (func (param i32 i32)))
  (import "[export]$root" "[task-return]greet" (func (param i32 i32)))
  (import "$root" "[waitable-set-new]" (func (result i32)))
  (import "$root" "[context-get-0]" (func (result i32)))
  (import "$root" "[thread-yield]" (func (result i32)))
  (memory (export "memory") 1)
  (func (export "[async-lift-stackful]greet") (param i32 i32) unreachable)
  (func (export "add") (param i32 i32) (result i32) unreachable)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
)
