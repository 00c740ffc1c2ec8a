// Implementations of async-shapes.wit's world `callee`, enough to link:
// each async export returns at once.
#include <stdlib.h>

#include "callee.h"

#define S(x) exports_test_shapes_shapes_##x

struct S(conn_t) {
  int unused;
};

S(own_conn_t) S(constructor_conn)(callee_string_t *name) {
  callee_string_free(name);
  return S(conn_new)(calloc(1, sizeof(S(conn_t))));
}

void S(conn_destructor)(S(conn_t) *rep) {
  free(rep);
}

callee_callback_code_t S(method_conn_send)(S(borrow_conn_t) self, callee_list_u8_t *data) {
  (void) self;
  S(method_conn_send_return)((uint32_t) data->len);
  callee_list_u8_free(data);
  return CALLEE_CALLBACK_CODE_EXIT;
}

callee_callback_code_t S(static_conn_open)(callee_string_t *name) {
  S(static_conn_open_return)(S(constructor_conn)(name));
  return CALLEE_CALLBACK_CODE_EXIT;
}

callee_callback_code_t S(many)(uint32_t a, uint64_t b, float c, double d, callee_string_t *e) {
  S(pair_t) ret = {a + b + (uint64_t) c + (uint64_t) d, *e};
  S(many_return)(ret);
  return CALLEE_CALLBACK_CODE_EXIT;
}

callee_callback_code_t S(maybe)(uint32_t *maybe_x) {
  callee_option_string_t ret = {.is_some = maybe_x != NULL};
  if (maybe_x) {
    callee_string_dup(&ret.val, "some");
  }
  S(maybe_return)(ret);
  return CALLEE_CALLBACK_CODE_EXIT;
}

callee_callback_code_t S(nested)(S(future_future_u32_t) x) {
  S(future_future_u32_drop_readable)(x);
  S(stream_list_string_writer_t) w;
  S(stream_list_string_t) r = S(stream_list_string_new)(&w);
  S(stream_list_string_drop_writable)(w);
  S(nested_return)(r);
  return CALLEE_CALLBACK_CODE_EXIT;
}

callee_callback_code_t S(bare)(S(stream_void_t) s, S(future_void_t) f) {
  S(stream_void_drop_readable)(s);
  S(future_void_drop_readable)(f);
  S(later_writer_t) w;
  S(later_t) r = S(later_new)(&w);
  uint32_t value = 1;
  S(later_write)(w, &value);
  S(later_drop_writable)(w);
  S(bare_return)(r);
  return CALLEE_CALLBACK_CODE_EXIT;
}

callee_callback_code_t S(errors)(callee_error_context_t e) {
  S(result_error_context_string_t) ret = {.is_err = false, .val.ok = e};
  S(errors_return)(ret);
  return CALLEE_CALLBACK_CODE_EXIT;
}

S(stream_pair_t) S(in_record)(S(pair_t) *p, S(later_t) x) {
  S(pair_free)(p);
  S(later_drop_readable)(x);
  S(stream_pair_writer_t) w;
  S(stream_pair_t) r = S(stream_pair_new)(&w);
  S(stream_pair_drop_writable)(w);
  return r;
}

callee_callback_code_t exports_callee_tock(uint32_t x) {
  (void) x;
  exports_callee_tock_return();
  return CALLEE_CALLBACK_CODE_EXIT;
}

#define CALLBACK(name)                                     \
  callee_callback_code_t name(callee_event_t *event) { \
    (void) event;                                      \
    abort();                                           \
  }

CALLBACK(S(method_conn_send_callback))
CALLBACK(S(static_conn_open_callback))
CALLBACK(S(many_callback))
CALLBACK(S(maybe_callback))
CALLBACK(S(nested_callback))
CALLBACK(S(bare_callback))
CALLBACK(S(errors_callback))
CALLBACK(exports_callee_tock_callback)
