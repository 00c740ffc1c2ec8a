;; Inputs that are not what a command takes, each with one message.
;; FAIL[truncated-new]: new %dir/inputs/truncated-module.wasm -o %tmpdir/c.wasm
;; FAIL[truncated-inspect]: inspect %dir/inputs/truncated-module.wasm
;; FAIL[truncated-component]: inspect %dir/../wit/errors/inputs/truncated.wasm
;; FAIL[not-wasm]: new %dir/calc.wit -o %tmpdir/c.wasm
;; FAIL[missing]: inspect %dir/no-such.wasm
;; FAIL[bad-wat]: targets %dir/../wit/errors/inputs/bad.wat --wit %dir/calc.wit
;; FAIL[component-input-wat]: new %dir/../wit/component.wat
;; FAIL[empty-stdin]: inspect -
;; FAIL[unwritable]: new %dir/hello-preview1.wat -o /proc/weld-cannot-write/h.wasm
(module)
