// Implements test:borrows/api in C: sums what each borrowed handle holds.
// A C export drops each borrow of an imported resource it receives, at any
// depth, before it returns (tests/bindgen/borrows.wit).
#include <stdlib.h>

#include "provider.h"

typedef test_borrows_host_borrow_thing_t thing_b;

struct exports_test_borrows_api_mine_t {
  uint32_t v;
};

exports_test_borrows_api_own_mine_t exports_test_borrows_api_constructor_mine(uint32_t v) {
  exports_test_borrows_api_mine_t *m = malloc(sizeof *m);
  m->v = v;
  return exports_test_borrows_api_mine_new(m);
}

uint32_t exports_test_borrows_api_method_mine_value(exports_test_borrows_api_borrow_mine_t self) {
  return self->v;
}

void exports_test_borrows_api_mine_destructor(exports_test_borrows_api_mine_t *rep) {
  free(rep);
}

// The value of a lent thing; the borrow ends here.
static uint32_t take(thing_b t) {
  uint32_t v = test_borrows_host_method_thing_value(t);
  test_borrows_host_thing_drop_borrow(t);
  return v;
}

uint32_t exports_test_borrows_api_sum_list(exports_test_borrows_api_things_t *xs) {
  uint32_t sum = 0;
  for (size_t i = 0; i < xs->len; i++) {
    sum += take(xs->ptr[i]);
  }
  exports_test_borrows_api_things_free(xs);
  return sum;
}

uint32_t exports_test_borrows_api_sum_mine(exports_test_borrows_api_list_borrow_mine_t *xs) {
  uint32_t sum = 0;
  for (size_t i = 0; i < xs->len; i++) {
    sum += xs->ptr[i]->v;
  }
  exports_test_borrows_api_list_borrow_mine_free(xs);
  return sum;
}

uint32_t exports_test_borrows_api_opt(thing_b *maybe_x) {
  return maybe_x ? take(*maybe_x) : 0;
}

uint32_t exports_test_borrows_api_pair_sum(exports_test_borrows_api_pair_t *p) {
  return take(p->a) + p->b->v + p->n;
}

uint32_t exports_test_borrows_api_picked(exports_test_borrows_api_pick_t *p) {
  switch (p->tag) {
  case EXPORTS_TEST_BORROWS_API_PICK_ONE:
    return take(p->val.one);
  case EXPORTS_TEST_BORROWS_API_PICK_OTHER:
    return p->val.other->v;
  default:
    return 0;
  }
}

uint32_t exports_test_borrows_api_tuple_sum(exports_test_borrows_api_tuple2_borrow_thing_borrow_mine_t *t) {
  return take(t->f0) + t->f1->v;
}

uint32_t exports_test_borrows_api_pairs(exports_test_borrows_api_list_pair_t *ps) {
  uint32_t sum = 0;
  for (size_t i = 0; i < ps->len; i++) {
    sum += exports_test_borrows_api_pair_sum(&ps->ptr[i]);
  }
  exports_test_borrows_api_list_pair_free(ps);
  return sum;
}
