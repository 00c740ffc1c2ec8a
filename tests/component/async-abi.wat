;; Every shape of the async ABI that wit-component 0.254.2 accepts, in one
;; module: a callback lift (`[async-lift]pump` with `[callback][async-lift]pump`)
;; and a stackful lift of an interface export, each with its `[task-return]`;
;; an async lowering (`[async-lower]fetch`) and a sync lowering of an
;; `async func` (`sleep`); waitable sets, subtasks, context slots,
;; backpressure, `[thread-yield]`, `[task-cancel]`; the stream and future
;; intrinsics of `pump`'s `stream<u8>` (0) and `future<result<_, string>>` (1),
;; sync and `[async-lower]`; and error contexts. weld's fit analysis stays
;; silent, the component validates, and its world prints back; `inspect`
;; shows `async func`, `stream<u8>`, `future<...>` and `error-context`, and
;; `targets` agrees with wasm-tools.
;; RUN: new % --wit %dir/async-abi.wit -o %tmpdir/c.wasm | wit %tmpdir/c.wasm
;; RUN[inspect]: new % --wit %dir/async-abi.wit -o %tmpdir/c.wasm | inspect %tmpdir/c.wasm
;; RUN[targets]: new % --wit %dir/async-abi.wit -o %tmpdir/c.wasm | targets %tmpdir/c.wasm --wit %dir/async-abi.wit
(module
  (import "$root" "[async-lower]fetch" (func (param i32 i32 i32) (result i32)))
  (import "$root" "sleep" (func (param i64)))
  (import "$root" "log" (func (param i32 i32)))
  (import "$root" "report" (func (param i32)))
  (import "[export]$root" "[task-return]pump" (func (param i32)))
  (import "[export]demo:async-abi/jobs" "[task-return]run" (func (param i32)))
  (import "[export]$root" "[task-cancel]" (func))
  (import "$root" "[waitable-set-new]" (func (result i32)))
  (import "$root" "[waitable-set-wait]" (func (param i32 i32) (result i32)))
  (import "$root" "[waitable-set-poll]" (func (param i32 i32) (result i32)))
  (import "$root" "[waitable-set-drop]" (func (param i32)))
  (import "$root" "[waitable-join]" (func (param i32 i32)))
  (import "$root" "[subtask-drop]" (func (param i32)))
  (import "$root" "[subtask-cancel]" (func (param i32) (result i32)))
  (import "$root" "[context-get-0]" (func (result i32)))
  (import "$root" "[context-set-0]" (func (param i32)))
  (import "$root" "[backpressure-inc]" (func))
  (import "$root" "[backpressure-dec]" (func))
  (import "$root" "[thread-yield]" (func (result i32)))
  (import "[export]$root" "[stream-new-0]pump" (func (result i64)))
  (import "[export]$root" "[stream-read-0]pump" (func (param i32 i32 i32) (result i32)))
  (import "[export]$root" "[async-lower][stream-read-0]pump" (func (param i32 i32 i32) (result i32)))
  (import "[export]$root" "[stream-cancel-read-0]pump" (func (param i32) (result i32)))
  (import "[export]$root" "[stream-drop-readable-0]pump" (func (param i32)))
  (import "[export]$root" "[future-new-1]pump" (func (result i64)))
  (import "[export]$root" "[future-write-1]pump" (func (param i32 i32) (result i32)))
  (import "[export]$root" "[async-lower][future-write-1]pump" (func (param i32 i32) (result i32)))
  (import "[export]$root" "[future-cancel-write-1]pump" (func (param i32) (result i32)))
  (import "[export]$root" "[future-drop-writable-1]pump" (func (param i32)))
  (import "$root" "[error-context-new-utf8]" (func (param i32 i32) (result i32)))
  (import "$root" "[error-context-debug-message-utf8]" (func (param i32 i32)))
  (import "$root" "[error-context-drop]" (func (param i32)))
  (memory (export "memory") 1)
  (func (export "[async-lift]pump") (param i32) (result i32) unreachable)
  (func (export "[callback][async-lift]pump") (param i32 i32 i32) (result i32) unreachable)
  (func (export "[async-lift-stackful]demo:async-abi/jobs#run") (param i32 i32) unreachable)
  (func (export "version") (result i32) unreachable)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) unreachable)
)
