;; A shared library that defines nothing: linked as `libmath.so`, it leaves
;; `square` unresolved.
(module
  (@dylink.0
    (mem-info (memory 0 4))
  )
)
