// What the consumer and the copier do with each chunk they get: add up its
// bytes (a loop clang vectorises with -msimd128), so every byte streamed is
// touched and checked.
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>

static inline uint64_t sum_bytes(const uint8_t *buf, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i < n; i++) {
    sum += buf[i];
  }
  return sum;
}

// The bytes of the stream: byte i is i % 251. `pattern` holds
// chunk + 251 of them, so any chunk starts at pattern + (position % 251).
static inline uint8_t *make_pattern(uint32_t chunk) {
  uint8_t *p = malloc((size_t) chunk + 251);
  if (!p) {
    abort();
  }
  for (size_t i = 0; i < (size_t) chunk + 251; i++) {
    p[i] = (uint8_t) (i % 251);
  }
  return p;
}
