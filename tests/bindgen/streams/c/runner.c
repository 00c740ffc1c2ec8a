// The runner of streams.wit in C, saying what the Rust runner says, so that
// a Rust provider gives the same line to either. One task, blocking waits:
// a pending import (slow-add) is left running while another call is made,
// a read and a write are cancelled while blocked, and an error-context
// comes back and is passed to the provider again.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

#define API(x) test_streams_api_##x

static runner_event_t wait_for(uint32_t waitable) {
  runner_waitable_set_t set = runner_waitable_set_new();
  runner_waitable_join(waitable, set);
  runner_event_t event;
  runner_waitable_set_wait(set, &event);
  runner_waitable_join(waitable, 0);
  runner_waitable_set_drop(set);
  if (event.waitable != waitable) {
    abort();
  }
  return event;
}

static uint32_t settle(uint32_t waitable, runner_waitable_status_t status) {
  if (status == RUNNER_WAITABLE_STATUS_BLOCKED) {
    return wait_for(waitable).code;
  }
  return status;
}

// Waits until the call has returned.
static void finish(runner_subtask_status_t status) {
  if (RUNNER_SUBTASK_STATE(status) == RUNNER_SUBTASK_RETURNED) {
    return;
  }
  runner_subtask_t task = RUNNER_SUBTASK_HANDLE(status);
  for (;;) {
    runner_event_t event = wait_for(task);
    if (event.event == RUNNER_EVENT_SUBTASK && event.code == RUNNER_SUBTASK_RETURNED) {
      break;
    }
  }
  runner_subtask_drop(task);
}

static char out[4096];

static void say(const char *part) {
  if (out[0]) {
    strcat(out, "; ");
  }
  strcat(out, part);
}

static runner_string_t str(const char *s) {
  runner_string_t r;
  runner_string_set(&r, s);
  return r;
}

static void pending_import(void) {
  uint32_t sum = 0;
  runner_string_t hello = {0};
  // slow-add yields 3 times before returning: it is still running when
  // greet is called and returns.
  runner_subtask_status_t slow = API(slow_add)(2, 3, 3, &sum);
  finish(API(greet)(str("weld"), &hello));
  finish(slow);
  char line[256];
  snprintf(line, sizeof line, "slow-add %u, %.*s", sum, (int) hello.len, (const char *) hello.ptr);
  runner_string_free(&hello);
  say(line);
}

static void futures(void) {
  API(future_u32_t) later;
  finish(API(later)(21, &later));
  uint32_t v = 0;
  settle(later, API(future_u32_read)(later, &v));
  API(future_u32_drop_readable)(later);
  char line[256];
  snprintf(line, sizeof line, "later %u", v);
  say(line);

  API(future_point_writer_t) w;
  API(future_point_t) r = API(future_point_new)(&w);
  API(point_t) moved = {0, 0};
  runner_subtask_status_t call = API(moved)(r, &moved);
  API(point_t) p = {4, -4};
  uint32_t written = settle(w, API(future_point_write)(w, &p));
  API(future_point_drop_writable)(w);
  finish(call);
  snprintf(line, sizeof line, "moved (%d, %d), written %s", moved.x, moved.y,
           RUNNER_WAITABLE_STATE(written) == RUNNER_WAITABLE_COMPLETED ? "true" : "false");
  say(line);
}

static void cancelled_read(void) {
  API(stream_u32_t) r;
  finish(API(numbers)(5, 3, &r));
  uint32_t buf[8];
  // The provider writes after 3 turns: this read is blocked, then cancelled.
  runner_waitable_status_t status = API(stream_u32_read)(r, buf, 8);
  int cancelled = 0;
  if (status == RUNNER_WAITABLE_STATUS_BLOCKED) {
    status = API(stream_u32_cancel_read)(r);
    if (status == RUNNER_WAITABLE_STATUS_BLOCKED) {
      status = wait_for(r).code;
    }
    cancelled = RUNNER_WAITABLE_STATE(status) == RUNNER_WAITABLE_CANCELLED && RUNNER_WAITABLE_COUNT(status) == 0;
  }
  char line[256];
  snprintf(line, sizeof line, "read cancelled %s", cancelled ? "true" : "false");
  say(line);
  size_t at = (size_t) snprintf(line, sizeof line, "numbers [");
  uint32_t n = 0;
  for (;;) {
    uint32_t st = settle(r, API(stream_u32_read)(r, buf, 8));
    for (uint32_t i = 0; i < RUNNER_WAITABLE_COUNT(st); i++) {
      at += (size_t) snprintf(line + at, sizeof line - at, "%s%u", n++ ? ", " : "", buf[i]);
    }
    if (RUNNER_WAITABLE_STATE(st) == RUNNER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_u32_drop_readable)(r);
  snprintf(line + at, sizeof line - at, "]");
  say(line);
}

static void cancelled_write(void) {
  API(stream_u32_writer_t) w;
  API(stream_u32_t) r = API(stream_u32_new)(&w);
  uint64_t total = 0;
  // The provider reads after 3 turns: this write is blocked, then cancelled.
  runner_subtask_status_t call = API(sum)(r, 3, &total);
  uint32_t first[3] = {1, 2, 3};
  runner_waitable_status_t status = API(stream_u32_write)(w, first, 3);
  int cancelled = 0;
  if (status == RUNNER_WAITABLE_STATUS_BLOCKED) {
    status = API(stream_u32_cancel_write)(w);
    if (status == RUNNER_WAITABLE_STATUS_BLOCKED) {
      status = wait_for(w).code;
    }
    cancelled = RUNNER_WAITABLE_STATE(status) == RUNNER_WAITABLE_CANCELLED && RUNNER_WAITABLE_COUNT(status) == 0;
  }
  uint32_t rest[3] = {10, 20, 30};
  uint32_t sent = 0;
  while (sent < 3) {
    uint32_t st = settle(w, API(stream_u32_write)(w, rest + sent, 3 - sent));
    sent += RUNNER_WAITABLE_COUNT(st);
    if (RUNNER_WAITABLE_STATE(st) == RUNNER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_u32_drop_writable)(w);
  finish(call);
  char line[256];
  snprintf(line, sizeof line, "write cancelled %s, sum %llu, unsent %u", cancelled ? "true" : "false",
           (unsigned long long) total, 3 - sent);
  say(line);
}

static void strings(void) {
  API(stream_string_writer_t) w;
  API(stream_string_t) words = API(stream_string_new)(&w);
  API(stream_string_t) loud;
  finish(API(shout)(words, &loud));
  char line[256];
  size_t at = (size_t) snprintf(line, sizeof line, "shout [");
  const char *said[] = {"async", "rust"};
  for (int i = 0; i < 2; i++) {
    runner_string_t word = str(said[i]);
    // Each word is taken, then its loud copy read, before the next.
    if (RUNNER_WAITABLE_COUNT(settle(w, API(stream_string_write)(w, &word, 1))) != 1) {
      abort();
    }
    runner_string_t got;
    uint32_t st = settle(loud, API(stream_string_read)(loud, &got, 1));
    if (RUNNER_WAITABLE_COUNT(st) != 1) {
      abort();
    }
    at += (size_t) snprintf(line + at, sizeof line - at, "%s\"%.*s\"", i ? ", " : "", (int) got.len,
                            (const char *) got.ptr);
    runner_string_free(&got);
  }
  API(stream_string_drop_writable)(w);
  runner_string_t extra;
  while (RUNNER_WAITABLE_STATE(settle(loud, API(stream_string_read)(loud, &extra, 1))) != RUNNER_WAITABLE_DROPPED) {
  }
  API(stream_string_drop_readable)(loud);
  snprintf(line + at, sizeof line - at, "]");
  say(line);
}

static void records_resources_nothing(void) {
  char line[256];
  API(stream_point_t) points;
  finish(API(points)(3, &points));
  size_t at = (size_t) snprintf(line, sizeof line, "points");
  API(point_t) p[2];
  for (;;) {
    uint32_t st = settle(points, API(stream_point_read)(points, p, 2));
    for (uint32_t i = 0; i < RUNNER_WAITABLE_COUNT(st); i++) {
      at += (size_t) snprintf(line + at, sizeof line - at, " (%d, %d)", p[i].x, p[i].y);
    }
    if (RUNNER_WAITABLE_STATE(st) == RUNNER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_point_drop_readable)(points);
  say(line);

  API(stream_own_blob_t) blobs;
  finish(API(blobs)(2, &blobs));
  at = (size_t) snprintf(line, sizeof line, "blobs [");
  uint32_t n = 0;
  for (;;) {
    API(own_blob_t) b[4];
    uint32_t st = settle(blobs, API(stream_own_blob_read)(blobs, b, 4));
    for (uint32_t i = 0; i < RUNNER_WAITABLE_COUNT(st); i++) {
      runner_string_t text;
      API(borrow_blob_t) borrowed = API(borrow_blob)(b[i]);
      API(method_blob_text)(borrowed, &text);
      at += (size_t) snprintf(line + at, sizeof line - at, "%s\"%.*s\"", n++ ? ", " : "", (int) text.len,
                              (const char *) text.ptr);
      runner_string_free(&text);
      API(blob_drop_own)(b[i]);
    }
    if (RUNNER_WAITABLE_STATE(st) == RUNNER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_own_blob_drop_readable)(blobs);
  snprintf(line + at, sizeof line - at, "]");
  say(line);

  API(stream_void_t) ticks;
  finish(API(ticks)(4, &ticks));
  uint32_t count = 0;
  for (;;) {
    uint32_t st = settle(ticks, API(stream_void_read)(ticks, 8));
    count += RUNNER_WAITABLE_COUNT(st);
    if (RUNNER_WAITABLE_STATE(st) == RUNNER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_void_drop_readable)(ticks);
  snprintf(line, sizeof line, "ticks %u", count);
  say(line);
}

static void error_context(void) {
  runner_error_context_t e;
  finish(API(fail)(str("out of cheese"), &e));
  runner_string_t message;
  runner_error_context_debug_message(e, &message);
  runner_string_t described = {0};
  // Passing an error-context lends it: the handle stays this task's.
  finish(API(describe)(e, &described));
  runner_error_context_drop(e);
  char line[256];
  snprintf(line, sizeof line, "error \"%.*s\", %.*s", (int) message.len, (const char *) message.ptr,
           (int) described.len, (const char *) described.ptr);
  runner_string_free(&message);
  runner_string_free(&described);
  say(line);
}

static void by_pointer(void) {
  uint8_t bytes[] = {1, 2, 3};
  runner_string_t names[] = {str("ann"), str("bo")};
  runner_list_u8_t list = {bytes, 3};
  runner_list_string_t name_list = {names, 2};
  API(point_t) p = {1, 2};
  runner_string_t ret = {0};
  // The arguments stay alive until the call has returned.
  finish(API(many)(7, str("seven"), list, p, name_list, &ret));
  char line[512];
  snprintf(line, sizeof line, "many %.*s", (int) ret.len, (const char *) ret.ptr);
  runner_string_free(&ret);
  say(line);
}

runner_callback_code_t exports_runner_run(void) {
  pending_import();
  futures();
  cancelled_read();
  cancelled_write();
  strings();
  records_resources_nothing();
  error_context();
  by_pointer();
  runner_string_t ret;
  runner_string_dup(&ret, out);
  exports_runner_run_return(ret);
  return RUNNER_CALLBACK_CODE_EXIT;
}

runner_callback_code_t exports_runner_run_callback(runner_event_t *event) {
  (void) event;
  abort();
}
