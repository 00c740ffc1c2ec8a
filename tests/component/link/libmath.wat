;; A shared library (`dylink.0`) that exports the core symbol `square`.
(module
  (@dylink.0
    (mem-info (memory 0 4))
  )
  (func (export "square") (param i32) (result i32)
    local.get 0
    local.get 0
    i32.mul)
)
