// The `words` interface in C, on the bindings `weld bindgen c` writes
// (`counter.h`, `counter.c`; `weld build` generates them).
#include "counter.h"

static int is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Counts words, and words with more than `min` letters.
static void scan(const counter_string_t *s, uint32_t min, uint32_t *words, uint32_t *longer) {
  size_t i = 0;
  *words = 0;
  *longer = 0;
  while (i < s->len) {
    while (i < s->len && is_space(s->ptr[i])) i++;
    size_t start = i;
    while (i < s->len && !is_space(s->ptr[i])) i++;
    if (i > start) {
      (*words)++;
      if (i - start > min) (*longer)++;
    }
  }
}

uint32_t exports_demo_poly_words_count(counter_string_t *text) {
  uint32_t words, longer;
  scan(text, 0, &words, &longer);
  counter_string_free(text);  // Arguments of an export belong to the callee.
  return words;
}

uint32_t exports_demo_poly_words_count_longer(counter_string_t *text, uint32_t min) {
  uint32_t words, longer;
  scan(text, min, &words, &longer);
  counter_string_free(text);
  return longer;
}
