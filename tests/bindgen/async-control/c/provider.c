// The provider of async-control.wit: callback-style async exports (a
// task's state lives in context slot 0 between callbacks).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"

#define API(x) exports_test_asynccontrol_api_##x

struct pending_task {
  provider_waitable_set_t set;
  API(future_u32_t) future;
  uint32_t value;
};

provider_callback_code_t API(pending)(API(future_u32_t) x) {
  struct pending_task *task = calloc(1, sizeof *task);
  task->future = x;
  provider_waitable_status_t status = API(future_u32_read)(x, &task->value);
  if (status != PROVIDER_WAITABLE_STATUS_BLOCKED) {
    abort();
  }
  task->set = provider_waitable_set_new();
  provider_waitable_join(x, task->set);
  provider_context_set_0(task);
  return PROVIDER_CALLBACK_CODE_WAIT(task->set);
}

provider_callback_code_t API(pending_callback)(provider_event_t *event) {
  struct pending_task *task = provider_context_get_0();
  provider_context_set_0(NULL);
  provider_waitable_join(task->future, 0);
  if (event->event == PROVIDER_EVENT_CANCEL) {
    provider_waitable_status_t status = API(future_u32_cancel_read)(task->future);
    if (PROVIDER_WAITABLE_STATE(status) != PROVIDER_WAITABLE_CANCELLED) {
      abort();
    }
    provider_task_cancel();
  } else {
    if (event->event != PROVIDER_EVENT_FUTURE_READ || event->waitable != task->future ||
        PROVIDER_WAITABLE_STATE(event->code) != PROVIDER_WAITABLE_COMPLETED) {
      abort();
    }
    API(pending_return)(task->value + 1);
  }
  API(future_u32_drop_readable)(task->future);
  provider_waitable_set_drop(task->set);
  free(task);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

struct spin_task {
  uint32_t left;
  uint32_t events;
};

provider_callback_code_t API(spin)(uint32_t n) {
  if (n == 0) {
    API(spin_return)(0);
    return PROVIDER_CALLBACK_CODE_EXIT;
  }
  struct spin_task *task = calloc(1, sizeof *task);
  task->left = n;
  provider_context_set_0(task);
  return PROVIDER_CALLBACK_CODE_YIELD;
}

provider_callback_code_t API(spin_callback)(provider_event_t *event) {
  struct spin_task *task = provider_context_get_0();
  if (event->event != PROVIDER_EVENT_NONE) {
    abort();
  }
  task->events++;
  if (--task->left > 0) {
    return PROVIDER_CALLBACK_CODE_YIELD;
  }
  API(spin_return)(task->events);
  provider_context_set_0(NULL);
  free(task);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(fail)(provider_string_t *message) {
  API(result_u32_error_context_t) ret;
  ret.is_err = true;
  ret.val.err = provider_error_context_new(message);
  provider_string_free(message);
  API(fail_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(fail_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

provider_callback_code_t API(cancel_read)(API(stream_u8_t) xs) {
  uint8_t buf[16];
  provider_waitable_status_t status = API(stream_u8_read)(xs, buf, sizeof buf);
  char said[128];
  if (status != PROVIDER_WAITABLE_STATUS_BLOCKED) {
    snprintf(said, sizeof said, "the read did not wait");
  } else {
    status = API(stream_u8_cancel_read)(xs);
    snprintf(said, sizeof said, "read blocked, cancelled: state %u (%s), count %u", PROVIDER_WAITABLE_STATE(status),
             PROVIDER_WAITABLE_STATE(status) == PROVIDER_WAITABLE_CANCELLED ? "cancelled" : "other",
             PROVIDER_WAITABLE_COUNT(status));
  }
  API(stream_u8_drop_readable)(xs);
  provider_string_t ret;
  provider_string_dup(&ret, said);
  API(cancel_read_return)(ret);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(cancel_read_callback)(provider_event_t *event) {
  (void) event;
  abort();
}

void API(hold)(bool on) {
  provider_backpressure_set(on);
}

provider_callback_code_t API(plain)(uint32_t x) {
  API(plain_return)(x * 2);
  return PROVIDER_CALLBACK_CODE_EXIT;
}

provider_callback_code_t API(plain_callback)(provider_event_t *event) {
  (void) event;
  abort();
}
