;; Inputs that are not what a command takes, each with one message.
;; FAIL[truncated-new]: !printf '\0asm\01\0\0\0\01\07\01\140' | new - -o %tmpdir/c.wasm
;; FAIL[truncated-inspect]: !printf '\0asm\01\0\0\0\01\07\01\140' | inspect -
;; FAIL[truncated-component]: !printf '\0asm\015\0\01\0\07\020\01' | inspect -
;; FAIL[not-wasm]: new %dir/calc.wit -o %tmpdir/c.wasm
;; FAIL[missing]: inspect %dir/no-such.wasm
;; FAIL[bad-wat]: targets %dir/../wit/errors/inputs/bad.wat --wit %dir/calc.wit
;; FAIL[component-input-wat]: new %dir/../wit/component.wat
;; FAIL[empty-stdin]: inspect -
;; FAIL[unwritable]: new %dir/hello-preview1.wat -o /proc/weld-cannot-write/h.wasm
(module)
