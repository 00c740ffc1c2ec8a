// Implements test:flagset/f: each function inverts every member
// (tests/bindgen/flags.wit).
#include <stdlib.h>

#include "provider.h"

#define ALL9 0x1ffu
#define ALL17 0x1ffffu
#define ALL8 0xffu

exports_test_flagset_f_nine_t exports_test_flagset_f_flip9(exports_test_flagset_f_nine_t x) {
  return (exports_test_flagset_f_nine_t) (~x & ALL9);
}

exports_test_flagset_f_seventeen_t exports_test_flagset_f_flip17(exports_test_flagset_f_seventeen_t x) {
  return ~x & ALL17;
}

exports_test_flagset_f_eight_t exports_test_flagset_f_flip8(exports_test_flagset_f_eight_t x) {
  return (exports_test_flagset_f_eight_t) (~x & ALL8);
}

void exports_test_flagset_f_flip_all(exports_test_flagset_f_all_t *x, exports_test_flagset_f_all_t *ret) {
  ret->n = exports_test_flagset_f_flip9(x->n);
  ret->s = exports_test_flagset_f_flip17(x->s);
  ret->e = exports_test_flagset_f_flip8(x->e);
}

void exports_test_flagset_f_flip_list(exports_test_flagset_f_list_all_t *x, exports_test_flagset_f_list_all_t *ret) {
  ret->len = x->len;
  ret->ptr = malloc(x->len * sizeof *ret->ptr);
  for (size_t i = 0; i < x->len; i++) {
    exports_test_flagset_f_flip_all(&x->ptr[i], &ret->ptr[i]);
  }
  exports_test_flagset_f_list_all_free(x);
}

bool exports_test_flagset_f_flip_opt(exports_test_flagset_f_seventeen_t *maybe_x, exports_test_flagset_f_nine_t *ret) {
  if (!maybe_x) {
    return false;
  }
  // The low nine members of the inverse.
  *ret = (exports_test_flagset_f_nine_t) (~*maybe_x & ALL9);
  return true;
}
