// Creates, lends, moves back and drops handles of the provider's things and
// tags, `rounds` times, and sums what it sees (tests/compose/plugres.wit).
// Every handle it gets is dropped or moved back, so at the end the
// provider has dropped all it made.
#include <stdio.h>
#include <string.h>

#include "runner.h"

typedef test_plugres_things_own_thing_t thing;
typedef test_plugres_things_borrow_thing_t lent;

static lent lend(thing t) {
  return test_plugres_things_borrow_thing(t);
}

static int32_t value(thing t) {
  return test_plugres_things_method_thing_value(lend(t));
}

static void drop(thing t) {
  test_plugres_things_thing_drop_own(t);
}

void exports_runner_run(uint32_t rounds, runner_string_t *ret) {
  int64_t checksum = 0;
  char last_tag[32] = "";
  uint32_t empty = 0;
  for (uint32_t r = 0; r < rounds; r++) {
    int32_t i = (int32_t) r;
    thing a = test_plugres_things_constructor_thing(i);
    thing b = test_plugres_things_static_thing_make(2 * i + 1);
    // Two borrows of two things, then of one thing twice.
    checksum += value(a) + test_plugres_things_method_thing_add(lend(a), lend(b));
    checksum += test_plugres_things_method_thing_add(lend(a), lend(a));
    thing c = test_plugres_things_method_thing_merge(lend(a), b);  // b moves back
    // A method returning another resource, and one of that resource
    // returning a thing.
    test_plugres_things_own_tag_t t = test_plugres_things_method_thing_tag(lend(c));
    runner_string_t name;
    test_plugres_things_method_tag_name(test_plugres_things_borrow_tag(t), &name);
    if (r == rounds - 1) {
      snprintf(last_tag, sizeof last_tag, "%.*s", (int) name.len, (const char *) name.ptr);
    }
    runner_string_free(&name);
    thing d = test_plugres_things_method_tag_thing(test_plugres_things_borrow_tag(t));
    test_plugres_things_tag_drop_own(t);
    thing e = test_plugres_things_static_thing_bump(d);  // d moves back
    if (r % 100 == 0) {  // a record with `none` in it
      drop(e);
      e = test_plugres_things_constructor_thing(0);
    }
    // A record of own handles out, and back in.
    test_plugres_things_pair_t pair;
    test_plugres_things_split(e, &pair);  // e moves back
    checksum += value(pair.left) * 3 + (pair.right.is_some ? value(pair.right.val) : -1000);
    if (!pair.right.is_some) {
      empty++;
    }
    thing j = test_plugres_things_join(&pair);  // both move back
    // A list of borrows, then a list of own handles moved there and back.
    lent some[3] = {lend(a), lend(c), lend(j)};
    test_plugres_things_list_borrow_thing_t borrowed = {.ptr = some, .len = 3};
    checksum += test_plugres_things_sum(&borrowed);
    thing all[3] = {a, c, j};
    test_plugres_things_list_own_thing_t moved = {.ptr = all, .len = 3};
    test_plugres_things_list_own_thing_t back;
    test_plugres_things_reverse(&moved, &back);
    for (size_t k = 0; k < back.len; k++) {
      checksum += value(back.ptr[k]) * (int64_t) (k + 1);
    }
    // An option with a handle, and one without.
    thing kept;
    if (test_plugres_things_maybe(&back.ptr[0], &kept)) {
      checksum += value(kept);
      drop(kept);
    }
    if (test_plugres_things_maybe(NULL, &kept)) {
      checksum += 1000000;
      drop(kept);
    }
    drop(back.ptr[1]);
    drop(back.ptr[2]);
    test_plugres_things_list_own_thing_free(&back);
    // Now and then a thing the provider says it dropped.
    if (r % 250 == 0) {
      drop(test_plugres_things_constructor_thing(-(int32_t) (r / 250) - 1));
    }
  }
  test_plugres_things_counts_t n;
  test_plugres_things_tally(&n);
  char buf[256];
  int len = snprintf(buf, sizeof buf,
                     "rounds %u, checksum %lld, last %s, empty splits %u; provider: %u things made, %u "
                     "dropped, %u tags made, %u dropped",
                     rounds, (long long) checksum, last_tag, empty, n.things_made, n.things_dropped,
                     n.tags_made, n.tags_dropped);
  runner_string_dup_n(ret, buf, (size_t) len);
}

// Lends a new thing to `check`, which traps for a negative value.
__attribute__((noinline)) static int32_t lend_to_check(thing t) {
  return test_plugres_things_check(lend(t));
}

int32_t exports_runner_checked(int32_t value) {
  thing t = test_plugres_things_constructor_thing(value);
  int32_t v = lend_to_check(t);
  drop(t);
  return v;
}
