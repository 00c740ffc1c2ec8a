;; A core module's function exports are called with numeric arguments, as
;; `wasmtime run --invoke` calls them; the preview1 host is linked in.
;; RUN[list]: run % --list
;; RUN[invoke]: run % --invoke 'add(40, 2)' --invoke 'wide(-1, 2.5)' --invoke 'nothing()'
;; FAIL[arity]: run % --invoke 'add(1)'
;; FAIL[type]: run % --invoke 'add(1, "x")'
;; FAIL[range]: run % --invoke 'add(1, 99999999999)'
;; FAIL[missing]: run % --invoke 'sub(1, 2)'
;; FAIL[not-a-command]: run %
(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "wide") (param i64 f64) (result i64 f64) local.get 0 local.get 1)
  (func (export "nothing"))
)
