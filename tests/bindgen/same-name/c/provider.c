// Exports `now` and `get` twice over and `now` once more at the world
// level, each answering differently (tests/bindgen/same-name.wit).
#include <stdlib.h>
#include <string.h>

#include "provider.h"

uint64_t exports_test_same_name_a_now(void) {
  return 5000000000ULL;
}

uint32_t exports_test_same_name_a_get(uint32_t x) {
  return x + 1;
}

uint32_t exports_test_same_name_b_now(void) {
  return 7;
}

void exports_test_same_name_b_get(provider_string_t *x, provider_string_t *ret) {
  ret->len = x->len + 1;
  ret->ptr = malloc(ret->len);
  memcpy(ret->ptr, x->ptr, x->len);
  ret->ptr[x->len] = '!';
  provider_string_free(x);
}

double exports_provider_now(void) {
  return 1.5;
}
