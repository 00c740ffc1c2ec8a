// The runner of async-control.wit: completes a pending import later,
// cancels an import, a write and (through the provider) a read, runs a
// yield loop, reads an error-context's message, holds calls back, and
// calls an async function bound sync.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

#define API(x) test_asynccontrol_api_##x

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

static const char *state_name(uint32_t state) {
  static const char *names[] = {"starting", "started", "returned", "started-cancelled", "returned-cancelled"};
  return state < 5 ? names[state] : "?";
}

static char out[2048];

static void say(const char *line) {
  strcat(out, line);
  strcat(out, "\n");
}

static void pending(void) {
  API(future_u32_writer_t) w;
  API(future_u32_t) r = API(future_u32_new)(&w);
  uint32_t result = 0;
  runner_subtask_status_t status = API(pending)(r, &result);
  runner_subtask_t task = RUNNER_SUBTASK_HANDLE(status);
  uint32_t value = 41;
  runner_waitable_status_t written = API(future_u32_write)(w, &value);
  API(future_u32_drop_writable)(w);
  runner_event_t event = wait_for(task);
  runner_subtask_drop(task);
  char line[256];
  snprintf(line, sizeof line, "pending: call %s, write state %u count %u, then subtask %s: %u",
           state_name(RUNNER_SUBTASK_STATE(status)), RUNNER_WAITABLE_STATE(written), RUNNER_WAITABLE_COUNT(written),
           state_name(event.code), result);
  say(line);
}

static void cancel_import(void) {
  API(future_u32_writer_t) w;
  API(future_u32_t) r = API(future_u32_new)(&w);
  uint32_t result = 0;
  runner_subtask_status_t status = API(pending)(r, &result);
  runner_subtask_t task = RUNNER_SUBTASK_HANDLE(status);
  runner_subtask_status_t cancelled = runner_subtask_cancel(task);
  if (cancelled == (runner_subtask_status_t) -1) {
    cancelled = wait_for(task).code;
  }
  runner_subtask_drop(task);
  uint32_t value = 1;
  runner_waitable_status_t written = API(future_u32_write)(w, &value);
  API(future_u32_drop_writable)(w);
  char line[256];
  snprintf(line, sizeof line, "cancel import: call %s, cancel %s; the provider dropped its end: write state %u",
           state_name(RUNNER_SUBTASK_STATE(status)), state_name(RUNNER_SUBTASK_STATE(cancelled)),
           RUNNER_WAITABLE_STATE(written));
  say(line);
}

static void cancel_write(void) {
  API(future_u32_writer_t) w;
  API(future_u32_t) r = API(future_u32_new)(&w);
  uint32_t value = 5;
  runner_waitable_status_t written = API(future_u32_write)(w, &value);
  runner_waitable_status_t cancelled = API(future_u32_cancel_write)(w);
  // A future's writer must write before it is dropped: once the reader is
  // gone, the write ends at once.
  API(future_u32_drop_readable)(r);
  runner_waitable_status_t again = API(future_u32_write)(w, &value);
  API(future_u32_drop_writable)(w);
  char line[256];
  snprintf(line, sizeof line, "cancel write: %s, cancel state %u count %u; after the reader left, write state %u",
           written == RUNNER_WAITABLE_STATUS_BLOCKED ? "blocked" : "done", RUNNER_WAITABLE_STATE(cancelled),
           RUNNER_WAITABLE_COUNT(cancelled), RUNNER_WAITABLE_STATE(again));
  say(line);
}

static void cancel_read(void) {
  API(stream_u8_writer_t) w;
  API(stream_u8_t) r = API(stream_u8_new)(&w);
  runner_string_t said;
  runner_subtask_status_t status = API(cancel_read)(r, &said);
  if (RUNNER_SUBTASK_STATE(status) != RUNNER_SUBTASK_RETURNED) {
    abort();
  }
  API(stream_u8_drop_writable)(w);
  char line[256];
  snprintf(line, sizeof line, "cancel read: %.*s", (int) said.len, (const char *) said.ptr);
  runner_string_free(&said);
  say(line);
}

static void spin(void) {
  uint32_t events = 0;
  runner_subtask_status_t status = API(spin)(4, &events);
  if (RUNNER_SUBTASK_STATE(status) != RUNNER_SUBTASK_RETURNED) {
    runner_subtask_t task = RUNNER_SUBTASK_HANDLE(status);
    while (wait_for(task).code != RUNNER_SUBTASK_RETURNED) {
    }
    runner_subtask_drop(task);
  }
  char line[128];
  snprintf(line, sizeof line, "spin: yielded 4 times, %u events", events);
  say(line);
}

static void fail(void) {
  runner_string_t message;
  runner_string_set(&message, "disk on fire");
  API(result_u32_error_context_t) result;
  runner_subtask_status_t status = API(fail)(message, &result);
  if (RUNNER_SUBTASK_STATE(status) != RUNNER_SUBTASK_RETURNED || !result.is_err) {
    abort();
  }
  runner_string_t debug;
  runner_error_context_debug_message(result.val.err, &debug);
  runner_error_context_drop(result.val.err);
  char line[256];
  snprintf(line, sizeof line, "fail: error-context says \"%.*s\"", (int) debug.len, (const char *) debug.ptr);
  runner_string_free(&debug);
  say(line);
}

static void hold(void) {
  API(hold)(true);
  API(future_u32_writer_t) w;
  API(future_u32_t) r = API(future_u32_new)(&w);
  uint32_t result = 0;
  runner_subtask_status_t status = API(pending)(r, &result);
  runner_subtask_t task = RUNNER_SUBTASK_HANDLE(status);
  runner_subtask_status_t cancelled = runner_subtask_cancel(task);
  runner_subtask_drop(task);
  // The call never started: its end of the future is still ours.
  API(future_u32_drop_readable)(r);
  uint32_t value = 0;
  API(future_u32_write)(w, &value);
  API(future_u32_drop_writable)(w);
  API(hold)(false);
  char line[256];
  snprintf(line, sizeof line, "hold: call %s, cancel %s", state_name(RUNNER_SUBTASK_STATE(status)),
           state_name(RUNNER_SUBTASK_STATE(cancelled)));
  say(line);
}

static void plain(void) {
  char line[64];
  snprintf(line, sizeof line, "plain (bound sync): %u", API(plain)(21));
  say(line);
}

runner_callback_code_t exports_runner_run(void) {
  out[0] = 0;
  pending();
  cancel_import();
  cancel_write();
  cancel_read();
  spin();
  fail();
  hold();
  plain();
  runner_string_t ret;
  runner_string_dup(&ret, out);
  exports_runner_run_return(ret);
  return RUNNER_CALLBACK_CODE_EXIT;
}

runner_callback_code_t exports_runner_run_callback(runner_event_t *event) {
  (void) event;
  abort();
}
