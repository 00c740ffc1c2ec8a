// Lends things (imported from the host) and mines (the provider's own)
// inside lists, options, records, variants and tuples, and prints each sum
// the provider returns (tests/bindgen/borrows.wit).
#include <stdio.h>
#include <stdlib.h>

#include "runner.h"

typedef test_borrows_host_borrow_thing_t thing_b;
typedef test_borrows_api_borrow_mine_t mine_b;

void exports_runner_run(runner_string_t *ret) {
  test_borrows_host_own_thing_t t1 = test_borrows_host_constructor_thing(1);
  test_borrows_host_own_thing_t t2 = test_borrows_host_constructor_thing(2);
  test_borrows_host_own_thing_t t3 = test_borrows_host_constructor_thing(4);
  test_borrows_api_own_mine_t m1 = test_borrows_api_constructor_mine(10);
  test_borrows_api_own_mine_t m2 = test_borrows_api_constructor_mine(20);
  thing_b b1 = test_borrows_host_borrow_thing(t1), b2 = test_borrows_host_borrow_thing(t2),
          b3 = test_borrows_host_borrow_thing(t3);
  mine_b c1 = test_borrows_api_borrow_mine(m1), c2 = test_borrows_api_borrow_mine(m2);

  thing_b things[3] = {b1, b2, b3};
  test_borrows_api_things_t list = {.ptr = things, .len = 3};
  uint32_t sum_list = test_borrows_api_sum_list(&list);
  mine_b mines[2] = {c1, c2};
  test_borrows_api_list_borrow_mine_t mlist = {.ptr = mines, .len = 2};
  uint32_t sum_mine = test_borrows_api_sum_mine(&mlist);
  uint32_t opt_some = test_borrows_api_opt(&b2);
  uint32_t opt_none = test_borrows_api_opt(NULL);
  test_borrows_api_pair_t pair = {.a = b1, .b = c1, .n = 100};
  uint32_t pair_sum = test_borrows_api_pair_sum(&pair);
  test_borrows_api_pick_t one = {.tag = TEST_BORROWS_API_PICK_ONE, .val.one = b3};
  test_borrows_api_pick_t other = {.tag = TEST_BORROWS_API_PICK_OTHER, .val.other = c2};
  test_borrows_api_pick_t none = {.tag = TEST_BORROWS_API_PICK_NONE};
  uint32_t picked_one = test_borrows_api_picked(&one);
  uint32_t picked_other = test_borrows_api_picked(&other);
  uint32_t picked_none = test_borrows_api_picked(&none);
  test_borrows_api_tuple2_borrow_thing_borrow_mine_t tuple = {.f0 = b2, .f1 = c1};
  uint32_t tuple_sum = test_borrows_api_tuple_sum(&tuple);
  test_borrows_api_pair_t pairs[2] = {{.a = b1, .b = c2, .n = 5}, {.a = b3, .b = c1, .n = 6}};
  test_borrows_api_list_pair_t plist = {.ptr = pairs, .len = 2};
  uint32_t pairs_sum = test_borrows_api_pairs(&plist);

  // Every handle is still ours: the provider only borrowed them.
  uint32_t still = test_borrows_host_method_thing_value(b3) + test_borrows_api_method_mine_value(c2);
  test_borrows_host_thing_drop_own(t1);
  test_borrows_host_thing_drop_own(t2);
  test_borrows_host_thing_drop_own(t3);
  test_borrows_api_mine_drop_own(m1);
  test_borrows_api_mine_drop_own(m2);

  char buf[160];
  int n = snprintf(buf, sizeof buf,
                   "sum-list %u, sum-mine %u, opt %u %u, pair-sum %u, picked %u %u %u, tuple-sum %u, pairs %u, still %u",
                   sum_list, sum_mine, opt_some, opt_none, pair_sum, picked_one, picked_other, picked_none, tuple_sum,
                   pairs_sum, still);
  runner_string_dup_n(ret, buf, (size_t) n);
}
