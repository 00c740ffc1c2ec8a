// Calls every function of test:flagset/f with flags that set the highest
// member of each width and prints what came back (tests/bindgen/flags.wit).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

void exports_runner_run(runner_string_t *ret) {
  char buf[512];
  int n = 0;
  test_flagset_f_nine_t nine = TEST_FLAGSET_F_NINE_I | TEST_FLAGSET_F_NINE_A;
  test_flagset_f_seventeen_t seventeen = TEST_FLAGSET_F_SEVENTEEN_Q | TEST_FLAGSET_F_SEVENTEEN_I;
  test_flagset_f_eight_t eight = TEST_FLAGSET_F_EIGHT_H;
  n += snprintf(buf + n, sizeof buf - n, "flip9 %x; ", (unsigned) test_flagset_f_flip9(nine));
  n += snprintf(buf + n, sizeof buf - n, "flip17 %x; ", (unsigned) test_flagset_f_flip17(seventeen));
  n += snprintf(buf + n, sizeof buf - n, "flip8 %x; ", (unsigned) test_flagset_f_flip8(eight));
  test_flagset_f_all_t all = {.n = nine, .s = seventeen, .e = eight}, all_back;
  test_flagset_f_flip_all(&all, &all_back);
  n += snprintf(buf + n, sizeof buf - n, "all %x %x %x; ", (unsigned) all_back.n, (unsigned) all_back.s,
                (unsigned) all_back.e);
  test_flagset_f_all_t items[2] = {all, {.n = TEST_FLAGSET_F_NINE_B, .s = 0, .e = 0}};
  test_flagset_f_list_all_t list = {.ptr = items, .len = 2}, list_back;
  test_flagset_f_flip_list(&list, &list_back);
  n += snprintf(buf + n, sizeof buf - n, "list");
  for (size_t i = 0; i < list_back.len; i++) {
    test_flagset_f_all_t *a = &list_back.ptr[i];
    n += snprintf(buf + n, sizeof buf - n, " [%x %x %x]", (unsigned) a->n, (unsigned) a->s, (unsigned) a->e);
  }
  test_flagset_f_list_all_free(&list_back);
  test_flagset_f_nine_t opt;
  bool some = test_flagset_f_flip_opt(&seventeen, &opt);
  n += snprintf(buf + n, sizeof buf - n, "; opt %d %x", some, some ? (unsigned) opt : 0);
  runner_string_dup_n(ret, buf, (size_t) n);
}
