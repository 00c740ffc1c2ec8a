;; A hand-written core module for world `calc`: it exports `ops` with the
;; canonical ABI (a bump allocator for `cabi_realloc`) and imports `host.log`.
;; RUN[embed]: embed % --wit %dir/calc.wit --world calc -o %tmpdir/e.wasm | inspect %tmpdir/e.wasm
;; RUN[new]: new % --wit %dir/calc.wit --world calc -o %tmpdir/c.wasm | inspect %tmpdir/c.wasm
;; RUN[two-steps]: embed % --wit %dir/calc.wit -w calc -o %tmpdir/e.wasm | new %tmpdir/e.wasm -o %tmpdir/c.wasm | targets %tmpdir/c.wasm --wit %dir/calc.wit --world calc
;; RUN[stdin]: embed % --wit %dir/calc.wit --world calc | new - | inspect - --print-wit
;; RUN[utf16]: embed % --wit %dir/calc.wit --world calc --encoding utf16 -o %tmpdir/e.wasm | new %tmpdir/e.wasm -o %tmpdir/c.wasm | targets %tmpdir/c.wasm --wit %dir/calc.wit --world calc
;; RUN[inspect-wit-alias]: embed % --wit %dir/calc.wit --world calc | new - | inspect - --wit
;; RUN[string-encoding]: embed % --wit %dir/calc.wit --world calc --string-encoding utf16 -o %tmpdir/e.wasm | new %tmpdir/e.wasm -o %tmpdir/c.wasm | targets %tmpdir/c.wasm --wit %dir/calc.wit --world calc
;; RUN[json]: new % --wit %dir/calc.wit --world calc -o %tmpdir/c.wasm | inspect %tmpdir/c.wasm --json
;; RUN[no-validate]: new % --wit %dir/calc.wit --world calc --no-validate -o %tmpdir/c.wasm | inspect %tmpdir/c.wasm --summary
;; RUN[text]: new % --wit %dir/calc.wit --world calc -t | inspect - --summary
;; FAIL[wrong-world]: new % --wit %dir/calc.wit --world adder -o %tmpdir/c.wasm
;; FAIL[other-world-targets]: new % --wit %dir/calc.wit --world calc -o %tmpdir/c.wasm | targets %tmpdir/c.wasm --wit %dir/calc.wit --world adder
;; FAIL[embed-twice]: embed % --wit %dir/calc.wit --world calc -o %tmpdir/e.wasm | embed %tmpdir/e.wasm --wit %dir/calc.wit --world calc -o %tmpdir/e2.wasm
;; FAIL[embed-component]: new % --wit %dir/calc.wit --world calc -o %tmpdir/c.wasm | embed %tmpdir/c.wasm --wit %dir/calc.wit --world calc
;; FAIL[new-component]: new % --wit %dir/calc.wit --world calc -o %tmpdir/c.wasm | new %tmpdir/c.wasm -o %tmpdir/d.wasm
;; FAIL[unknown-world]: embed % --wit %dir/calc.wit --world nope
;; FAIL[several-worlds]: embed % --wit %dir/calc.wit
;; FAIL[no-wit]: embed % -o %tmpdir/e.wasm
(module
  (import "demo:calc/host" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    global.get $heap
    local.set $p
    global.get $heap
    local.get 3
    i32.add
    global.set $heap
    local.get $p)
  (func (export "demo:calc/ops#add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  ;; greet(name) logs the name and returns it: the result pair lives at 16.
  (func (export "demo:calc/ops#greet") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    call $log
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 20) (local.get 1))
    i32.const 16)
)
