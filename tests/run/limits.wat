;; Runaway guests: each ends with a message naming the limit, and weld exits
;; cleanly with the documented code.
;; RUN[add]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --invoke 'add(40, 2)' --invoke 'add(1, 2)'
;; RUN[list]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --list
;; EXIT(124)[timeout]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --no-cache --timeout 200ms --invoke 'spin()'
;; EXIT(134)[fuel]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --no-cache --fuel 100000 --invoke 'spin()'
;; EXIT(134)[memory]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --max-memory 1MiB --invoke 'grow(100)'
;; RUN[memory-ok]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --max-memory 1MiB --invoke 'grow(2)'
;; EXIT(134)[stack]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --no-cache --max-stack 64KiB --invoke 'recurse(100000000)'
;; EXIT(134)[trap]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --invoke 'add(1, 1)' --invoke 'boom(7)'
;; FAIL[bad-args]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --invoke 'add(1, "two")'
;; FAIL[too-few-args]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --invoke 'add(1)'
;; FAIL[bad-syntax]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --invoke 'add(1, 2'
;; FAIL[unknown-export]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --invoke 'sub(1, 2)'
;; FAIL[huge-timeout]: run %tmpdir/none.wasm --timeout 99999999999999999999s
;; FAIL[huge-size]: run %tmpdir/none.wasm --max-memory 99999999999999999999GiB
;; RUN[long-timeout]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm --timeout '100000h 1s' --max-memory 1.5MiB --invoke 'add(1, 2)'
;; FAIL[not-a-command]: new % --wit %dir/limits.wit --world limits -o %tmpdir/l.wasm | run %tmpdir/l.wasm
(module
  (memory (export "memory") 1)
  (func (export "spin") (loop $l (br $l)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $recurse (i32.sub (local.get 0) (i32.const 1)))))))
  (func $explode (param i32) (result i32) unreachable)
  (func $boom (export "boom") (param i32) (result i32) (call $explode (local.get 0)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
)
