;; A component's world is printed as `package root:component`.
;; RUN: wit %
;; RUN[json]: wit % --json
(component
  (import "demo:log/sink@1.0.0" (instance
    (export "log" (func (param "msg" string)))
  ))
  (import "tick" (func (param "n" u32) (result u64)))
)
