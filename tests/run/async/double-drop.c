// A future dropped twice (a guest bug, in C with weld's async bindings):
// the second `future.drop-readable` names a handle that is gone, wasmtime
// traps, and `weld run` reports the trap with its backtrace: exit 134.
// REQUIRES: clang
// EXIT(134)[twice]: bindgen c %dir/double-drop.wit --world guest --out-dir %tmpdir | !clang --target=wasm32-wasi -mexec-model=reactor -O1 -I %tmpdir %tmpdir/guest.c % -o %tmpdir/g.core.wasm | new %tmpdir/g.core.wasm -o %tmpdir/g.wasm | run %tmpdir/g.wasm --invoke 'run()'
#include <stdlib.h>

#include "guest.h"

guest_callback_code_t exports_guest_run(void) {
  guest_future_u32_writer_t writer;
  guest_future_u32_t reader = guest_future_u32_new(&writer);
  guest_future_u32_drop_readable(reader);
  guest_future_u32_drop_readable(reader);
  guest_future_u32_drop_writable(writer);
  exports_guest_run_return(1);
  return GUEST_CALLBACK_CODE_EXIT;
}

guest_callback_code_t exports_guest_run_callback(guest_event_t *event) {
  (void) event;
  abort();
}

guest_callback_code_t exports_guest_take(guest_future_u32_t f) {
  guest_future_u32_drop_readable(f);
  exports_guest_take_return();
  return GUEST_CALLBACK_CODE_EXIT;
}

guest_callback_code_t exports_guest_take_callback(guest_event_t *event) {
  (void) event;
  abort();
}
