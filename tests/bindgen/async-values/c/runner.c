// The runner of async-values.wit: sends futures and streams to the
// provider, reads the streams and the future it returns, and says what
// crossed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

#define API(x) test_asyncvalues_api_##x

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

// Waits for a subtask to return (when it has not yet) and drops it.
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

static char out[2048];

static void say(const char *line) {
  strcat(out, line);
  strcat(out, "\n");
}

static void futures(void) {
  API(future_u32_writer_t) wn;
  API(future_u32_t) n = API(future_u32_new)(&wn);
  API(future_string_writer_t) ws;
  API(future_string_t) s = API(future_string_new)(&ws);
  API(future_point_writer_t) wp;
  API(future_point_t) p = API(future_point_new)(&wp);
  API(future_own_counter_writer_t) wc;
  API(future_own_counter_t) c = API(future_own_counter_new)(&wc);
  // Written first: each write waits for the provider's read.
  uint32_t number = 42;
  runner_string_t text;
  runner_string_set(&text, "over the wall");
  API(point_t) point = {3, -4};
  API(own_counter_t) counter = API(constructor_counter)(7);
  uint32_t blocked = API(future_u32_write)(wn, &number) == RUNNER_WAITABLE_STATUS_BLOCKED;
  blocked += API(future_string_write)(ws, &text) == RUNNER_WAITABLE_STATUS_BLOCKED;
  blocked += API(future_point_write)(wp, &point) == RUNNER_WAITABLE_STATUS_BLOCKED;
  blocked += API(future_own_counter_write)(wc, &counter) == RUNNER_WAITABLE_STATUS_BLOCKED;
  runner_string_t said;
  finish(API(futures)(n, s, p, c, &said));
  char line[640];
  uint32_t done = 0;
  done += RUNNER_WAITABLE_STATE(wait_for(wn).code) == RUNNER_WAITABLE_COMPLETED;
  done += RUNNER_WAITABLE_STATE(wait_for(ws).code) == RUNNER_WAITABLE_COMPLETED;
  done += RUNNER_WAITABLE_STATE(wait_for(wp).code) == RUNNER_WAITABLE_COMPLETED;
  done += RUNNER_WAITABLE_STATE(wait_for(wc).code) == RUNNER_WAITABLE_COMPLETED;
  API(future_u32_drop_writable)(wn);
  API(future_string_drop_writable)(ws);
  API(future_point_drop_writable)(wp);
  API(future_own_counter_drop_writable)(wc);
  snprintf(line, sizeof line, "futures: %u writes blocked, %u completed; provider read %.*s", blocked, done,
           (int) said.len, (const char *) said.ptr);
  runner_string_free(&said);
  say(line);
}

static void sum(void) {
  API(stream_u32_writer_t) w;
  API(stream_u32_t) r = API(stream_u32_new)(&w);
  uint64_t total = 0;
  runner_subtask_status_t status = API(sum)(r, &total);
  uint32_t numbers[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  uint32_t sent = 0;
  uint32_t writes = 0;
  while (sent < 10) {
    uint32_t st = settle(w, API(stream_u32_write)(w, numbers + sent, 10 - sent));
    sent += RUNNER_WAITABLE_COUNT(st);
    writes++;
  }
  API(stream_u32_drop_writable)(w);
  finish(status);
  char line[128];
  snprintf(line, sizeof line, "sum: 10 numbers in %u writes, read 3 at a time: %llu", writes,
           (unsigned long long) total);
  say(line);
}

static void join(void) {
  API(stream_string_writer_t) w;
  API(stream_string_t) r = API(stream_string_new)(&w);
  runner_string_t joined;
  runner_subtask_status_t status = API(join)(r, &joined);
  runner_string_t words[3];
  runner_string_set(&words[0], "one");
  runner_string_set(&words[1], "two");
  runner_string_set(&words[2], "three");
  uint32_t sent = 0;
  while (sent < 3) {
    uint32_t st = settle(w, API(stream_string_write)(w, words + sent, 3 - sent));
    sent += RUNNER_WAITABLE_COUNT(st);
  }
  API(stream_string_drop_writable)(w);
  finish(status);
  char line[256];
  snprintf(line, sizeof line, "join: %.*s", (int) joined.len, (const char *) joined.ptr);
  runner_string_free(&joined);
  say(line);
}

static void points(void) {
  API(stream_point_t) r;
  finish(API(points)(5, &r));
  char line[256] = "points:";
  API(point_t) buf[2];
  for (;;) {
    uint32_t st = settle(r, API(stream_point_read)(r, buf, 2));
    for (uint32_t i = 0; i < RUNNER_WAITABLE_COUNT(st); i++) {
      char one[32];
      snprintf(one, sizeof one, " (%d, %d)", buf[i].x, buf[i].y);
      strcat(line, one);
    }
    if (RUNNER_WAITABLE_STATE(st) == RUNNER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_point_drop_readable)(r);
  say(line);
}

static void counters(void) {
  API(stream_own_counter_t) r;
  finish(API(counters)(100, 3, &r));
  char line[256] = "counters:";
  API(own_counter_t) buf[4];
  for (;;) {
    uint32_t st = settle(r, API(stream_own_counter_read)(r, buf, 4));
    for (uint32_t i = 0; i < RUNNER_WAITABLE_COUNT(st); i++) {
      char one[32];
      snprintf(one, sizeof one, " %u", API(method_counter_get)(API(borrow_counter)(buf[i])));
      strcat(line, one);
      API(counter_drop_own)(buf[i]);
    }
    if (RUNNER_WAITABLE_STATE(st) == RUNNER_WAITABLE_DROPPED) {
      break;
    }
  }
  API(stream_own_counter_drop_readable)(r);
  say(line);
}

static void greeting(void) {
  runner_string_t name;
  runner_string_set(&name, "weld");
  API(future_string_t) r;
  finish(API(greeting)(name, &r));
  runner_string_t text;
  uint32_t st = settle(r, API(future_string_read)(r, &text));
  API(future_string_drop_readable)(r);
  char line[256];
  snprintf(line, sizeof line, "greeting: state %u, \"%.*s\"", RUNNER_WAITABLE_STATE(st), (int) text.len,
           (const char *) text.ptr);
  runner_string_free(&text);
  say(line);
}

static void label_and_bump(void) {
  runner_string_t name;
  runner_string_set(&name, "five");
  runner_string_t text;
  finish(API(label)(1, 2, 3, 4, name, &text));
  API(own_counter_t) counter = API(constructor_counter)(10);
  uint32_t value = 0;
  finish(API(method_counter_bump)(API(borrow_counter)(counter), 5, &value));
  API(counter_drop_own)(counter);
  char line[256];
  snprintf(line, sizeof line, "label: %.*s; bump: %u", (int) text.len, (const char *) text.ptr, value);
  runner_string_free(&text);
  say(line);
}

runner_callback_code_t exports_runner_run(void) {
  out[0] = 0;
  futures();
  sum();
  join();
  points();
  counters();
  greeting();
  label_and_bump();
  runner_string_t ret;
  runner_string_dup(&ret, out);
  exports_runner_run_return(ret);
  return RUNNER_CALLBACK_CODE_EXIT;
}

runner_callback_code_t exports_runner_run_callback(runner_event_t *event) {
  (void) event;
  abort();
}
