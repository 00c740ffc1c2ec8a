// The provider of streams.wit in C, doing what the Rust provider does, so
// that the Rust runner gets the same answers from either: it waits where
// it must with blocking waits on a waitable set (an async task may), yields
// with `provider_yield`, and writes the streams and futures it returns
// after returning them.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"

#define API(x) exports_test_streams_api_##x

struct API(blob_t) {
  char *text;
};

API(own_blob_t) API(constructor_blob)(provider_string_t *text) {
  struct API(blob_t) *b = malloc(sizeof *b);
  b->text = malloc(text->len + 1);
  memcpy(b->text, text->ptr, text->len);
  b->text[text->len] = 0;
  provider_string_free(text);
  return API(blob_new)(b);
}

void API(method_blob_text)(API(borrow_blob_t) self, provider_string_t *ret) {
  provider_string_dup(ret, self->text);
}

void API(blob_destructor)(API(blob_t) *rep) {
  free(rep->text);
  free(rep);
}

static void turns(uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    provider_yield();
  }
}

// The status of a read or write, waiting for it when it is blocked.
static uint32_t settle(uint32_t waitable, provider_waitable_status_t status) {
  if (status != PROVIDER_WAITABLE_STATUS_BLOCKED) {
    return status;
  }
  provider_waitable_set_t set = provider_waitable_set_new();
  provider_waitable_join(waitable, set);
  provider_event_t event;
  provider_waitable_set_wait(set, &event);
  provider_waitable_join(waitable, 0);
  provider_waitable_set_drop(set);
  if (event.waitable != waitable) {
    abort();
  }
  return event.code;
}

// Every export finishes before returning EXIT; no callback is ever due.
#define NO_CALLBACK(f)                                                                                                 \
  provider_callback_code_t API(f##_callback)(provider_event_t * event) {                                           \
    (void) event;                                                                                                      \
    abort();                                                                                                           \
  }

provider_callback_code_t API(slow_add)(uint32_t a, uint32_t b, uint32_t n) {
  turns(n);
  API(slow_add_return)(a + b);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(slow_add)

provider_callback_code_t API(greet)(provider_string_t *name) {
  char text[256];
  snprintf(text, sizeof text, "hello, %.*s", (int) name->len, (const char *) name->ptr);
  provider_string_free(name);
  provider_string_t ret;
  provider_string_dup(&ret, text);
  API(greet_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(greet)

provider_callback_code_t API(later)(uint32_t v) {
  API(future_u32_writer_t) writer;
  API(future_u32_t) reader = API(future_u32_new)(&writer);
  API(later_return)(reader);
  turns(2);
  uint32_t value = v * 2;
  if (PROVIDER_WAITABLE_STATE(settle(writer, API(future_u32_write)(writer, &value))) != PROVIDER_WAITABLE_COMPLETED) {
    abort();
  }
  API(future_u32_drop_writable)(writer);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(later)

provider_callback_code_t API(moved)(API(future_point_t) p) {
  API(point_t) point = {0, 0};
  settle(p, API(future_point_read)(p, &point));
  API(future_point_drop_readable)(p);
  API(point_t) ret = {point.x + 1, point.y + 1};
  API(moved_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(moved)

provider_callback_code_t API(numbers)(uint32_t n, uint32_t t) {
  API(stream_u32_writer_t) writer;
  API(stream_u32_t) reader = API(stream_u32_new)(&writer);
  API(numbers_return)(reader);
  turns(t);
  uint32_t *all = malloc((n ? n : 1) * sizeof *all);
  for (uint32_t i = 0; i < n; i++) {
    all[i] = i + 1;
  }
  uint32_t sent = 0;
  while (sent < n) {
    uint32_t status = settle(writer, API(stream_u32_write)(writer, all + sent, n - sent));
    sent += PROVIDER_WAITABLE_COUNT(status);
    if (PROVIDER_WAITABLE_STATE(status) == PROVIDER_WAITABLE_DROPPED) {
      break;
    }
  }
  free(all);
  API(stream_u32_drop_writable)(writer);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(numbers)

provider_callback_code_t API(sum)(API(stream_u32_t) s, uint32_t t) {
  turns(t);
  uint64_t total = 0;
  uint32_t buf[4];
  for (;;) {
    uint32_t status = settle(s, API(stream_u32_read)(s, buf, 4));
    for (uint32_t i = 0; i < PROVIDER_WAITABLE_COUNT(status); i++) {
      total += buf[i];
    }
    if (PROVIDER_WAITABLE_STATE(status) == PROVIDER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_u32_drop_readable)(s);
  API(sum_return)(total);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(sum)

provider_callback_code_t API(shout)(API(stream_string_t) words) {
  API(stream_string_writer_t) writer;
  API(stream_string_t) reader = API(stream_string_new)(&writer);
  API(shout_return)(reader);
  for (;;) {
    provider_string_t word;
    uint32_t status = settle(words, API(stream_string_read)(words, &word, 1));
    if (PROVIDER_WAITABLE_COUNT(status) == 1) {
      for (size_t i = 0; i < word.len; i++) {
        word.ptr[i] = (uint8_t) toupper(word.ptr[i]);
      }
      uint32_t written = settle(writer, API(stream_string_write)(writer, &word, 1));
      provider_string_free(&word);
      if (PROVIDER_WAITABLE_STATE(written) == PROVIDER_WAITABLE_DROPPED) {
        break;
      }
    }
    if (PROVIDER_WAITABLE_STATE(status) == PROVIDER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_string_drop_readable)(words);
  API(stream_string_drop_writable)(writer);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(shout)

provider_callback_code_t API(points)(uint32_t n) {
  API(stream_point_writer_t) writer;
  API(stream_point_t) reader = API(stream_point_new)(&writer);
  API(points_return)(reader);
  API(point_t) *all = malloc((n ? n : 1) * sizeof *all);
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
NO_CALLBACK(points)

provider_callback_code_t API(blobs)(uint32_t n) {
  API(stream_own_blob_writer_t) writer;
  API(stream_own_blob_t) reader = API(stream_own_blob_new)(&writer);
  API(blobs_return)(reader);
  for (uint32_t i = 0; i < n; i++) {
    char text[32];
    snprintf(text, sizeof text, "blob-%u", i);
    provider_string_t s;
    provider_string_dup(&s, text);
    API(own_blob_t) one = API(constructor_blob)(&s);
    uint32_t status = settle(writer, API(stream_own_blob_write)(writer, &one, 1));
    if (PROVIDER_WAITABLE_COUNT(status) != 1) {
      // Not taken: still ours.
      API(blob_drop_own)(one);
      break;
    }
  }
  API(stream_own_blob_drop_writable)(writer);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(blobs)

provider_callback_code_t API(ticks)(uint32_t n) {
  API(stream_void_writer_t) writer;
  API(stream_void_t) reader = API(stream_void_new)(&writer);
  API(ticks_return)(reader);
  uint32_t sent = 0;
  while (sent < n) {
    uint32_t status = settle(writer, API(stream_void_write)(writer, n - sent));
    sent += PROVIDER_WAITABLE_COUNT(status);
    if (PROVIDER_WAITABLE_STATE(status) == PROVIDER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_void_drop_writable)(writer);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(ticks)

provider_callback_code_t API(fail)(provider_string_t *message) {
  provider_error_context_t e = provider_error_context_new(message);
  provider_string_free(message);
  API(fail_return)(e);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(fail)

provider_callback_code_t API(describe)(provider_error_context_t e) {
  provider_string_t message;
  provider_error_context_debug_message(e, &message);
  provider_error_context_drop(e);
  char text[256];
  snprintf(text, sizeof text, "described: %.*s", (int) message.len, (const char *) message.ptr);
  provider_string_free(&message);
  provider_string_t ret;
  provider_string_dup(&ret, text);
  API(describe_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(describe)

// Rust's `{:?}` of the same values: `7 seven [1, 2, 3] (1, 2) ["ann", "bo"]`.
provider_callback_code_t API(many)(uint32_t n, provider_string_t *s, provider_list_u8_t *bytes, API(point_t) * p,
                                   provider_list_string_t *names) {
  provider_yield();
  char text[512];
  size_t at = (size_t) snprintf(text, sizeof text, "%u %.*s [", n, (int) s->len, (const char *) s->ptr);
  for (size_t i = 0; i < bytes->len; i++) {
    at += (size_t) snprintf(text + at, sizeof text - at, "%s%u", i ? ", " : "", bytes->ptr[i]);
  }
  at += (size_t) snprintf(text + at, sizeof text - at, "] (%d, %d) [", p->x, p->y);
  for (size_t i = 0; i < names->len; i++) {
    at += (size_t) snprintf(text + at, sizeof text - at, "%s\"%.*s\"", i ? ", " : "", (int) names->ptr[i].len,
                            (const char *) names->ptr[i].ptr);
  }
  snprintf(text + at, sizeof text - at, "]");
  provider_string_free(s);
  provider_list_u8_free(bytes);
  provider_list_string_free(names);
  provider_string_t ret;
  provider_string_dup(&ret, text);
  API(many_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}
NO_CALLBACK(many)
