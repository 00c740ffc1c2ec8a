// Implements the exports of both worlds of two-worlds.wit in one module.
#include "a.h"
#include "b.h"

uint32_t exports_a_fa(a_string_t *s) {
  uint32_t n = (uint32_t)s->len;
  a_string_free(s);
  return n;
}

uint32_t exports_b_fb(b_list_u8_t *x) {
  uint32_t n = (uint32_t)x->len + 1;
  b_list_u8_free(x);
  return n;
}
