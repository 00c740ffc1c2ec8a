// Calls both versions of foo:bar/i and reports what each returned
// (tests/bindgen/versions.wit).
#include <stdio.h>
#include <string.h>

#include "runner.h"

void exports_runner_run(runner_string_t *ret) {
  foo_bar_1_0_0_i_thing_t t1 = {.a = 21};
  foo_bar_1_0_0_i_v_t v1;
  foo_bar_1_0_0_i_f(&t1, &v1);

  foo_bar_2_0_0_i_thing_t t2;
  runner_string_set(&t2.a, "ab");
  foo_bar_2_0_0_i_v_t v2;
  foo_bar_2_0_0_i_f(&t2, &v2);

  foo_bar_1_0_0_i_own_r_t r1 = foo_bar_1_0_0_i_constructor_r(41);
  uint32_t got1 = foo_bar_1_0_0_i_method_r_get(foo_bar_1_0_0_i_borrow_r(r1));
  foo_bar_1_0_0_i_r_drop_own(r1);

  runner_string_t s;
  runner_string_set(&s, "two");
  foo_bar_2_0_0_i_own_r_t r2 = foo_bar_2_0_0_i_constructor_r(&s);
  runner_string_t got2;
  foo_bar_2_0_0_i_method_r_get(foo_bar_2_0_0_i_borrow_r(r2), &got2);
  foo_bar_2_0_0_i_r_drop_own(r2);

  char buf[128];
  int n = snprintf(buf, sizeof buf, "1.0.0: f=%u get=%u; 2.0.0: f=%.*s get=%.*s",
                   v1.tag == FOO_BAR_1_0_0_I_V_X ? v1.val.x : 0, got1,
                   v2.tag == FOO_BAR_2_0_0_I_V_X ? (int) v2.val.x.len : 0,
                   v2.tag == FOO_BAR_2_0_0_I_V_X ? (const char *) v2.val.x.ptr : "", (int) got2.len,
                   (const char *) got2.ptr);
  foo_bar_2_0_0_i_v_free(&v2);
  runner_string_free(&got2);
  runner_string_dup_n(ret, buf, (size_t) n);
}
