// The consumer of `cargo xtask bench stream`: calls the producer, reads the
// stream it returns in reads of `chunk` bytes into one buffer, and returns
// (bytes read, their sum).
#include <stdlib.h>

#include "checksum.h"
#include "consumer.h"

#define API(x) bench_pipe_source_##x

static consumer_event_t wait_for(uint32_t waitable) {
  consumer_waitable_set_t set = consumer_waitable_set_new();
  consumer_waitable_join(waitable, set);
  consumer_event_t event;
  consumer_waitable_set_wait(set, &event);
  consumer_waitable_join(waitable, 0);
  consumer_waitable_set_drop(set);
  return event;
}

consumer_callback_code_t exports_consumer_run(uint64_t total, uint32_t chunk) {
  if (chunk == 0) {
    chunk = 1;
  }
  API(stream_u8_t) stream;
  consumer_subtask_status_t call = API(produce)(total, chunk, &stream);
  if (CONSUMER_SUBTASK_STATE(call) != CONSUMER_SUBTASK_RETURNED) {
    consumer_subtask_t task = CONSUMER_SUBTASK_HANDLE(call);
    while (wait_for(task).code != CONSUMER_SUBTASK_RETURNED) {
    }
    consumer_subtask_drop(task);
  }
  uint8_t *buf = malloc(chunk);
  consumer_tuple2_u64_u64_t ret = {0, 0};
  for (;;) {
    uint32_t status = API(stream_u8_read)(stream, buf, chunk);
    if (status == CONSUMER_WAITABLE_STATUS_BLOCKED) {
      status = wait_for(stream).code;
    }
    uint32_t n = CONSUMER_WAITABLE_COUNT(status);
    ret.f0 += n;
    ret.f1 += sum_bytes(buf, n);
    if (CONSUMER_WAITABLE_STATE(status) == CONSUMER_WAITABLE_DROPPED) {
      break;
    }
  }
  free(buf);
  API(stream_u8_drop_readable)(stream);
  exports_consumer_run_return(ret);
  return CONSUMER_CALLBACK_CODE_EXIT;
}

consumer_callback_code_t exports_consumer_run_callback(consumer_event_t *event) {
  (void) event;
  abort();
}
