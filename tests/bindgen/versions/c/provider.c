// Implements both versions of foo:bar/i (tests/bindgen/versions.wit).
#include <stdlib.h>
#include <string.h>

#include "provider.h"

struct exports_foo_bar_1_0_0_i_r_t {
  uint32_t n;
};

struct exports_foo_bar_2_0_0_i_r_t {
  provider_string_t s;
};

exports_foo_bar_1_0_0_i_own_r_t exports_foo_bar_1_0_0_i_constructor_r(uint32_t n) {
  exports_foo_bar_1_0_0_i_r_t *r = malloc(sizeof *r);
  r->n = n;
  return exports_foo_bar_1_0_0_i_r_new(r);
}

uint32_t exports_foo_bar_1_0_0_i_method_r_get(exports_foo_bar_1_0_0_i_borrow_r_t self) {
  return self->n + 1;
}

void exports_foo_bar_1_0_0_i_r_destructor(exports_foo_bar_1_0_0_i_r_t *rep) {
  free(rep);
}

void exports_foo_bar_1_0_0_i_f(exports_foo_bar_1_0_0_i_thing_t *t, exports_foo_bar_1_0_0_i_v_t *ret) {
  ret->tag = EXPORTS_FOO_BAR_1_0_0_I_V_X;
  ret->val.x = t->a * 2;
}

exports_foo_bar_2_0_0_i_own_r_t exports_foo_bar_2_0_0_i_constructor_r(provider_string_t *s) {
  exports_foo_bar_2_0_0_i_r_t *r = malloc(sizeof *r);
  r->s = *s;
  return exports_foo_bar_2_0_0_i_r_new(r);
}

void exports_foo_bar_2_0_0_i_method_r_get(exports_foo_bar_2_0_0_i_borrow_r_t self, provider_string_t *ret) {
  provider_string_dup_n(ret, (const char *) self->s.ptr, self->s.len);
}

void exports_foo_bar_2_0_0_i_r_destructor(exports_foo_bar_2_0_0_i_r_t *rep) {
  provider_string_free(&rep->s);
  free(rep);
}

void exports_foo_bar_2_0_0_i_f(exports_foo_bar_2_0_0_i_thing_t *t, exports_foo_bar_2_0_0_i_v_t *ret) {
  // Two copies of the string: "ab" becomes "abab".
  ret->tag = EXPORTS_FOO_BAR_2_0_0_I_V_X;
  ret->val.x.len = t->a.len * 2;
  ret->val.x.ptr = malloc(ret->val.x.len);
  memcpy(ret->val.x.ptr, t->a.ptr, t->a.len);
  memcpy(ret->val.x.ptr + t->a.len, t->a.ptr, t->a.len);
  exports_foo_bar_2_0_0_i_thing_free(t);
}
