// The producer of `cargo xtask bench stream`: returns a stream<u8>, then
// writes `total` bytes into it, `chunk` at a time (straight from a pattern
// buffer: no per-chunk work), waiting whenever the reader has not taken them.
#include <stdlib.h>

#include "checksum.h"
#include "producer.h"

#define API(x) exports_bench_pipe_source_##x

static uint32_t settle(uint32_t waitable, producer_waitable_status_t status) {
  if (status != PRODUCER_WAITABLE_STATUS_BLOCKED) {
    return status;
  }
  producer_waitable_set_t set = producer_waitable_set_new();
  producer_waitable_join(waitable, set);
  producer_event_t event;
  producer_waitable_set_wait(set, &event);
  producer_waitable_join(waitable, 0);
  producer_waitable_set_drop(set);
  return event.code;
}

producer_callback_code_t API(produce)(uint64_t total, uint32_t chunk) {
  API(stream_u8_writer_t) writer;
  API(stream_u8_t) reader = API(stream_u8_new)(&writer);
  API(produce_return)(reader);
  if (chunk == 0) {
    chunk = 1;
  }
  uint8_t *pattern = make_pattern(chunk);
  uint64_t sent = 0;
  while (sent < total) {
    uint64_t left = total - sent;
    size_t n = left < chunk ? (size_t) left : chunk;
    uint32_t status = settle(writer, API(stream_u8_write)(writer, pattern + sent % 251, n));
    sent += PRODUCER_WAITABLE_COUNT(status);
    if (PRODUCER_WAITABLE_STATE(status) == PRODUCER_WAITABLE_DROPPED) {
      break;
    }
  }
  free(pattern);
  API(stream_u8_drop_writable)(writer);
  return PRODUCER_CALLBACK_CODE_EXIT;
}

producer_callback_code_t API(produce_callback)(producer_event_t *event) {
  (void) event;
  abort();
}
