// Calls each `now` and `get` (tests/bindgen/same-name.wit).
#include <stdio.h>

#include "runner.h"

void exports_runner_run(runner_string_t *ret) {
  runner_string_t s, got;
  runner_string_set(&s, "hi");
  test_same_name_b_get(&s, &got);
  char buf[128];
  int n = snprintf(buf, sizeof buf, "a.now %llu, a.get %u, b.now %u, b.get %.*s, now %.1f",
                   (unsigned long long) test_same_name_a_now(), test_same_name_a_get(41), test_same_name_b_now(),
                   (int) got.len, (const char *) got.ptr, runner_now());
  runner_string_free(&got);
  runner_string_dup_n(ret, buf, (size_t) n);
}
