;; FAIL: wit %
;; RUN[inspect]: inspect %
;; FAIL[inspect-wit]: inspect % --print-wit
;; RUN[json]: wit % --json
;; A component may alias a type of an instance it imports under a plain name
;; into another such instance (wasm-compose makes these); WIT has no way to
;; `use` a type of an unnamed interface, so printing is refused, not a panic.
;; The JSON model has no such limit, and `weld inspect` shows the rest with
;; the reason in place of the world.
(component
  (import "host-a" (instance $i (export "a" (type (sub resource)))))
  (alias export $i "a" (type $a))
  (import "host-b" (instance (export "b" (type (eq $a)))))
)
