;; The same shapes with one real mistake (`add` takes one parameter): the
;; explanation names that one and nothing else, above wit-component's error.
;; FAIL: new % --wit %dir/async-shapes.wit -o %tmpdir/c.wasm
(module
  (import "$root" "log" (func (param i32 i32)))
  (import "[export]$root" "[task-return]greet" (func (param i32 i32)))
  (import "$root" "[waitable-set-new]" (func (result i32)))
  (import "$root" "[context-get-0]" (func (result i32)))
  (import "$root" "[thread-yield]" (func (result i32)))
  (memory (export "memory") 1)
  (func (export "[async-lift-stackful]greet") (param i32 i32) unreachable)
  (func (export "add") (param i32) (result i32) unreachable)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
)
