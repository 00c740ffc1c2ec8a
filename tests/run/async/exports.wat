;; Async exports (lifted with a callback), called with `--invoke` and WAVE
;; arguments as sync exports are; results print the same way. Limits hold
;; while tasks are pending, and a deadlock ends with one clear message.
;; RUN[list]: run % --list
;; RUN[invoke]: run % --invoke 'add(40, 2)' --invoke 'greet("async")' --invoke 'yields(5)' --invoke 'sleep(1000000)'
;; EXIT(134)[deadlock]: run % --invoke 'add(1, 2)' --invoke 'stuck()'
;; EXIT(134)[fuel]: run % --no-cache --fuel 100000 --invoke 'spin-pending()'
;; EXIT(124)[timeout]: run % --no-cache --timeout 200ms --invoke 'spin-pending()'
;; EXIT(124)[timeout-waiting]: run % --no-cache --timeout 200ms --invoke 'sleep(60000000000)'
;; EXIT(134)[memory]: run % --max-memory 1MiB --invoke 'grow-pending(100)'
;; EXIT(134)[stack]: run % --no-cache --max-stack 64KiB --invoke 'recurse-pending(100000000)'
;; FAIL[bad-args]: run % --invoke 'add(1, "two")'
;; FAIL[p2-only]: run % --wasi 0.2 --invoke 'add(1, 2)'
(component
  (import "wasi:clocks/monotonic-clock@0.3.0" (instance $clock
    (export "wait-for" (func async (param "how-long" u64)))))

  (core module $libc
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $libc (instantiate $libc))

  (type $signal (future))
  (core func $future.new (canon future.new $signal))
  (core func $future.read (canon future.read $signal async))
  (core func $waitable-set.new (canon waitable-set.new))
  (core func $waitable.join (canon waitable.join))
  (core func $subtask.drop (canon subtask.drop))
  (core func $return-u32 (canon task.return (result u32)))
  (core func $return-bool (canon task.return (result bool)))
  (core func $return-string (canon task.return (result string) (memory (core memory $libc "memory"))))
  (core func $return-none (canon task.return))
  (core func $wait-for (canon lower (func $clock "wait-for") async))

  (core module $m
    (import "libc" "memory" (memory 1))
    (import "libc" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "" "future.new" (func $future.new (result i64)))
    (import "" "future.read" (func $future.read (param i32 i32) (result i32)))
    (import "" "waitable-set.new" (func $waitable-set.new (result i32)))
    (import "" "waitable.join" (func $waitable.join (param i32 i32)))
    (import "" "subtask.drop" (func $subtask.drop (param i32)))
    (import "" "return-u32" (func $return-u32 (param i32)))
    (import "" "return-bool" (func $return-bool (param i32)))
    (import "" "return-string" (func $return-string (param i32 i32)))
    (import "" "return-none" (func $return-none))
    (import "" "wait-for" (func $wait-for (param i64) (result i32)))
    (data (i32.const 64) "hello, ")
    (global $count (mut i32) (i32.const 0))
    (global $target (mut i32) (i32.const 0))

    ;; Callback codes: 0 EXIT, 1 YIELD, 2 WAIT (with the set in the upper bits).
    (func $wait (param $set i32) (result i32)
      (i32.or (i32.const 2) (i32.shl (local.get $set) (i32.const 4))))

    ;; Starts a read of a future nobody writes: a task stays pending.
    (func $pending-read (result i32)
      (local $rw i64)
      (local $set i32)
      (local.set $rw (call $future.new))
      (if (i32.ne (call $future.read (i32.wrap_i64 (local.get $rw)) (i32.const 0)) (i32.const -1))
        (then unreachable))
      (local.set $set (call $waitable-set.new))
      (call $waitable.join (i32.wrap_i64 (local.get $rw)) (local.get $set))
      (local.get $set))

    (func $add (export "add") (param i32 i32) (result i32)
      (call $return-u32 (i32.add (local.get 0) (local.get 1)))
      (i32.const 0))

    (func $greet (export "greet") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32)
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $len) (i32.const 7))))
      (memory.copy (local.get $out) (i32.const 64) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $ptr) (local.get $len))
      (call $return-string (local.get $out) (i32.add (local.get $len) (i32.const 7)))
      (i32.const 0))

    ;; Yields to the event loop `n` times, then returns how many times it did.
    (func $yields (export "yields") (param $n i32) (result i32)
      (global.set $count (i32.const 0))
      (global.set $target (local.get $n))
      (call $yield-step))
    (func $yield-step (result i32)
      (if (i32.ge_u (global.get $count) (global.get $target))
        (then (call $return-u32 (global.get $count)) (return (i32.const 0))))
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (i32.const 1))
    (func (export "yields-cb") (param i32 i32 i32) (result i32)
      (call $yield-step))

    ;; Waits `ns` nanoseconds on the host's monotonic clock (an async import,
    ;; lowered async), then returns true.
    (func $sleep (export "sleep") (param $ns i64) (result i32)
      (local $status i32)
      (local $set i32)
      (local.set $status (call $wait-for (local.get $ns)))
      ;; 2: RETURNED already.
      (if (i32.eq (i32.and (local.get $status) (i32.const 15)) (i32.const 2))
        (then (call $return-bool (i32.const 1)) (return (i32.const 0))))
      (local.set $set (call $waitable-set.new))
      (call $waitable.join (i32.shr_u (local.get $status) (i32.const 4)) (local.get $set))
      (call $wait (local.get $set)))
    ;; Event 1 (SUBTASK) with state 2 (RETURNED) ends the wait.
    (func (export "sleep-cb") (param $event i32) (param $handle i32) (param $state i32) (result i32)
      (if (i32.ne (local.get $event) (i32.const 1)) (then unreachable))
      (if (i32.ne (local.get $state) (i32.const 2)) (then unreachable))
      (call $waitable.join (local.get $handle) (i32.const 0))
      (call $subtask.drop (local.get $handle))
      (call $return-bool (i32.const 1))
      (i32.const 0))

    ;; Waits for a future that nobody will write: every task is waiting.
    (func $stuck (export "stuck") (result i32)
      (call $wait (call $pending-read)))

    ;; A read is pending while the task spins (fuel and timeout end it).
    (func $spin-pending (export "spin-pending") (result i32)
      (drop (call $pending-read))
      (loop $l (br $l))
      (i32.const 0))

    ;; A read is pending while the task grows memory past the limit.
    (func $grow-pending (export "grow-pending") (param $pages i32) (result i32)
      (drop (call $pending-read))
      (call $return-u32 (memory.grow (local.get $pages)))
      (i32.const 0))

    ;; A read is pending while the task recurses past the stack limit.
    (func $recurse (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0))
        (then (i32.const 0))
        (else (i32.add (i32.const 1) (call $recurse (i32.sub (local.get 0) (i32.const 1)))))))
    (func $recurse-pending (export "recurse-pending") (param $n i32) (result i32)
      (drop (call $pending-read))
      (call $return-u32 (call $recurse (local.get $n)))
      (i32.const 0))

    (func (export "unreachable-cb") (param i32 i32 i32) (result i32) unreachable))

  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "" (instance
      (export "future.new" (func $future.new))
      (export "future.read" (func $future.read))
      (export "waitable-set.new" (func $waitable-set.new))
      (export "waitable.join" (func $waitable.join))
      (export "subtask.drop" (func $subtask.drop))
      (export "return-u32" (func $return-u32))
      (export "return-bool" (func $return-bool))
      (export "return-string" (func $return-string))
      (export "return-none" (func $return-none))
      (export "wait-for" (func $wait-for))))))

  (func (export "add") async (param "a" u32) (param "b" u32) (result u32)
    (canon lift (core func $i "add") async (callback (core func $i "unreachable-cb"))))
  (func (export "greet") async (param "name" string) (result string)
    (canon lift (core func $i "greet") async (memory (core memory $libc "memory"))
      (realloc (core func $libc "realloc")) (callback (core func $i "unreachable-cb"))))
  (func (export "yields") async (param "n" u32) (result u32)
    (canon lift (core func $i "yields") async (callback (core func $i "yields-cb"))))
  (func (export "sleep") async (param "ns" u64) (result bool)
    (canon lift (core func $i "sleep") async (callback (core func $i "sleep-cb"))))
  (func (export "stuck") async
    (canon lift (core func $i "stuck") async (callback (core func $i "unreachable-cb"))))
  (func (export "spin-pending") async
    (canon lift (core func $i "spin-pending") async (callback (core func $i "unreachable-cb"))))
  (func (export "grow-pending") async (param "pages" u32) (result s32)
    (canon lift (core func $i "grow-pending") async (callback (core func $i "unreachable-cb"))))
  (func (export "recurse-pending") async (param "n" u32) (result u32)
    (canon lift (core func $i "recurse-pending") async (callback (core func $i "unreachable-cb")))))
