;; Implements `demo:calc/host` (log does nothing), plugged into the C, Zig,
;; Go and AssemblyScript calc components so `weld run` can call `add`.
(module
  (func (export "demo:calc/host#log") (param i32)))
