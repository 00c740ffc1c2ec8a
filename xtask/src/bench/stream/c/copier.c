// The physical limit for `cargo xtask bench stream`: the consumer's work on
// the producer's bytes inside one component. Each chunk is memcpy'd from
// the pattern into one buffer (what the runtime does between the two
// components' memories), then summed as the consumer sums it.
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "copier.h"

copier_callback_code_t exports_copier_run(uint64_t total, uint32_t chunk) {
  if (chunk == 0) {
    chunk = 1;
  }
  uint8_t *pattern = make_pattern(chunk);
  uint8_t *buf = malloc(chunk);
  copier_tuple2_u64_u64_t ret = {0, 0};
  while (ret.f0 < total) {
    uint64_t left = total - ret.f0;
    size_t n = left < chunk ? (size_t) left : chunk;
    memcpy(buf, pattern + ret.f0 % 251, n);
    ret.f0 += n;
    ret.f1 += sum_bytes(buf, n);
  }
  free(pattern);
  free(buf);
  exports_copier_run_return(ret);
  return COPIER_CALLBACK_CODE_EXIT;
}

copier_callback_code_t exports_copier_run_callback(copier_event_t *event) {
  (void) event;
  abort();
}
