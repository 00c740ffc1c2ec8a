// The provider of async-values.wit: reads what the runner sends through
// futures and streams, and writes streams and a future after returning.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"

#define API(x) exports_test_asyncvalues_api_##x

struct API(counter_t) {
  uint32_t value;
};

API(own_counter_t) API(constructor_counter)(uint32_t start) {
  struct API(counter_t) *c = malloc(sizeof *c);
  c->value = start;
  return API(counter_new)(c);
}

uint32_t API(method_counter_get)(API(borrow_counter_t) self) {
  return self->value;
}

provider_callback_code_t API(method_counter_bump)(API(borrow_counter_t) self, uint32_t by) {
  self->value += by;
  API(method_counter_bump_return)(self->value);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(method_counter_bump_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

provider_callback_code_t API(label)(uint8_t a, uint16_t b, uint32_t c, uint64_t d, provider_string_t *name) {
  char text[128];
  snprintf(text, sizeof text, "%.*s: %u %u %u %llu", (int) name->len, (const char *) name->ptr, a, b, c,
           (unsigned long long) d);
  provider_string_free(name);
  provider_string_t ret;
  provider_string_dup(&ret, text);
  API(label_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(label_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

void API(counter_destructor)(API(counter_t) *rep) {
  free(rep);
}

// Waits for one event on `waitable` (a blocking wait: an async task may).
static provider_event_t wait_for(uint32_t waitable) {
  provider_waitable_set_t set = provider_waitable_set_new();
  provider_waitable_join(waitable, set);
  provider_event_t event;
  provider_waitable_set_wait(set, &event);
  provider_waitable_join(waitable, 0);
  provider_waitable_set_drop(set);
  if (event.waitable != waitable) {
    abort();
  }
  return event;
}

// The status of a read or write, waiting when it is blocked.
static uint32_t settle(uint32_t waitable, provider_waitable_status_t status) {
  if (status == PROVIDER_WAITABLE_STATUS_BLOCKED) {
    return wait_for(waitable).code;
  }
  return status;
}

static char said[512];

provider_callback_code_t API(futures)(API(future_u32_t) n, API(future_string_t) s, API(future_point_t) p,
                                      API(future_own_counter_t) c) {
  uint32_t number = 0;
  provider_string_t text = {0};
  API(point_t) point = {0};
  API(own_counter_t) counter = {0};
  uint32_t st1 = settle(n, API(future_u32_read)(n, &number));
  uint32_t st2 = settle(s, API(future_string_read)(s, &text));
  uint32_t st3 = settle(p, API(future_point_read)(p, &point));
  uint32_t st4 = settle(c, API(future_own_counter_read)(c, &counter));
  API(future_u32_drop_readable)(n);
  API(future_string_drop_readable)(s);
  API(future_point_drop_readable)(p);
  API(future_own_counter_drop_readable)(c);
  uint32_t count = API(counter_rep)(counter)->value;
  snprintf(said, sizeof said, "states %u%u%u%u: %u, \"%.*s\", (%d, %d), counter at %u",
           PROVIDER_WAITABLE_STATE(st1), PROVIDER_WAITABLE_STATE(st2), PROVIDER_WAITABLE_STATE(st3),
           PROVIDER_WAITABLE_STATE(st4), number, (int) text.len, (const char *) text.ptr, point.x, point.y, count);
  provider_string_free(&text);
  API(counter_drop_own)(counter);
  provider_string_t ret;
  provider_string_dup(&ret, said);
  API(futures_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(futures_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

provider_callback_code_t API(sum)(API(stream_u32_t) xs) {
  uint64_t total = 0;
  uint32_t buf[3];
  for (;;) {
    uint32_t status = settle(xs, API(stream_u32_read)(xs, buf, 3));
    for (uint32_t i = 0; i < PROVIDER_WAITABLE_COUNT(status); i++) {
      total += buf[i];
    }
    if (PROVIDER_WAITABLE_STATE(status) == PROVIDER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_u32_drop_readable)(xs);
  API(sum_return)(total);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(sum_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

provider_callback_code_t API(join)(API(stream_string_t) xs) {
  char joined[256] = "";
  provider_string_t buf[2];
  for (;;) {
    uint32_t status = settle(xs, API(stream_string_read)(xs, buf, 2));
    for (uint32_t i = 0; i < PROVIDER_WAITABLE_COUNT(status); i++) {
      if (joined[0]) {
        strcat(joined, "+");
      }
      strncat(joined, (const char *) buf[i].ptr, buf[i].len);
      provider_string_free(&buf[i]);
    }
    if (PROVIDER_WAITABLE_STATE(status) == PROVIDER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_string_drop_readable)(xs);
  provider_string_t ret;
  provider_string_dup(&ret, joined);
  API(join_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(join_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

provider_callback_code_t API(points)(uint32_t n) {
  API(stream_point_writer_t) writer;
  API(stream_point_t) reader = API(stream_point_new)(&writer);
  API(points_return)(reader);
  API(point_t) *all = malloc(n * sizeof *all);
  for (uint32_t i = 0; i < n; i++) {
    all[i].x = (int32_t) i;
    all[i].y = -(int32_t) i;
  }
  uint32_t sent = 0;
  while (sent < n) {
    uint32_t status = settle(writer, API(stream_point_write)(writer, all + sent, n - sent));
    sent += PROVIDER_WAITABLE_COUNT(status);
    if (PROVIDER_WAITABLE_STATE(status) == PROVIDER_WAITABLE_DROPPED) {
      break;
    }
  }
  free(all);
  API(stream_point_drop_writable)(writer);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(points_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

provider_callback_code_t API(counters)(uint32_t start, uint32_t n) {
  API(stream_own_counter_writer_t) writer;
  API(stream_own_counter_t) reader = API(stream_own_counter_new)(&writer);
  API(counters_return)(reader);
  for (uint32_t i = 0; i < n; i++) {
    API(own_counter_t) one = API(constructor_counter)(start + i);
    uint32_t status = settle(writer, API(stream_own_counter_write)(writer, &one, 1));
    if (PROVIDER_WAITABLE_COUNT(status) != 1) {
      abort();
    }
  }
  API(stream_own_counter_drop_writable)(writer);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(counters_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

provider_callback_code_t API(greeting)(provider_string_t *name) {
  API(future_string_writer_t) writer;
  API(future_string_t) reader = API(future_string_new)(&writer);
  API(greeting_return)(reader);
  char text[128];
  snprintf(text, sizeof text, "hello, %.*s", (int) name->len, (const char *) name->ptr);
  provider_string_free(name);
  provider_string_t value;
  provider_string_dup(&value, text);
  uint32_t status = settle(writer, API(future_string_write)(writer, &value));
  if (PROVIDER_WAITABLE_STATE(status) != PROVIDER_WAITABLE_COMPLETED) {
    abort();
  }
  // The reader took a copy.
  provider_string_free(&value);
  API(future_string_drop_writable)(writer);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(greeting_callback)(provider_event_t *event) {
  (void) event;
  abort();
}
