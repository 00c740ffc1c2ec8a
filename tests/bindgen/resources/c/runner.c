// Calls every exported-resource shape of test:resources/store and user:
// a constructor, a fallible static constructor, resources in lists and
// options, aliases, borrows (tests/bindgen/resources.wit).
#include <stdio.h>
#include <stdlib.h>

#include "runner.h"

typedef test_resources_store_own_blob_t blob;

static uint32_t size(blob b) {
  return test_resources_store_method_blob_size(test_resources_store_borrow_blob(b));
}

void exports_runner_run(runner_string_t *ret) {
  char buf[256];
  int n = 0;
  uint8_t bytes[3] = {1, 2, 3};
  runner_list_u8_t init = {.ptr = bytes, .len = 3};
  blob b1 = test_resources_store_constructor_blob(&init);
  n += snprintf(buf + n, sizeof buf - n, "size %u", size(b1));

  blob b2, b3;
  runner_string_t err;
  bool ok = test_resources_store_static_blob_create(5, &b2, &err);
  n += snprintf(buf + n, sizeof buf - n, "; create %s %u", ok ? "ok" : "err", ok ? size(b2) : 0);
  if (!test_resources_store_static_blob_create(0, &b3, &err)) {
    n += snprintf(buf + n, sizeof buf - n, ", err %.*s", (int) err.len, (const char *) err.ptr);
    runner_string_free(&err);
  }

  test_resources_store_list_own_blob_t many;
  test_resources_store_static_blob_many(3, &many);
  n += snprintf(buf + n, sizeof buf - n, "; many %zu", many.len);
  blob m = test_resources_store_make(7);
  n += snprintf(buf + n, sizeof buf - n, "; make %u", size(m));
  runner_list_u32_t sizes;
  test_resources_store_sizes(&many, &sizes);  // the handles move to the provider
  n += snprintf(buf + n, sizeof buf - n, "; sizes");
  for (size_t i = 0; i < sizes.len; i++) {
    n += snprintf(buf + n, sizeof buf - n, " %u", sizes.ptr[i]);
  }
  runner_list_u32_free(&sizes);
  test_resources_store_list_own_blob_free(&many);
  n += snprintf(buf + n, sizeof buf - n, "; peek-alias %u",
                test_resources_store_peek_alias(test_resources_store_borrow_blob(m)));

  blob w = test_resources_user_wrap(b1);  // b1 moves
  n += snprintf(buf + n, sizeof buf - n, "; wrap %u; peek %u", size(w),
                test_resources_user_peek(test_resources_store_borrow_blob(w)));
  blob back, none;
  bool some = test_resources_user_maybe(&b2, &back);  // b2 moves
  bool some_none = test_resources_user_maybe(NULL, &none);
  n += snprintf(buf + n, sizeof buf - n, "; maybe %u %s", some ? size(back) : 0, some_none ? "some" : "none");

  blob both[2] = {m, w};  // both move
  test_resources_user_list_own_mine_t mine = {.ptr = both, .len = 2};
  test_resources_user_list_own_blob_t all;
  uint32_t code;
  if (test_resources_user_all(&mine, &all, &code)) {
    n += snprintf(buf + n, sizeof buf - n, "; all");
    for (size_t i = 0; i < all.len; i++) {
      n += snprintf(buf + n, sizeof buf - n, " %u", size(all.ptr[i]));
      test_resources_store_blob_drop_own(all.ptr[i]);
    }
    test_resources_user_list_own_blob_free(&all);
  }
  test_resources_user_list_own_mine_t empty = {.ptr = NULL, .len = 0};
  if (!test_resources_user_all(&empty, &all, &code)) {
    n += snprintf(buf + n, sizeof buf - n, ", err %u", code);
  }
  if (some) {
    test_resources_store_blob_drop_own(back);
  }
  runner_string_dup_n(ret, buf, (size_t) n);
}
