// Exports test:borrows/host: a thing holds a number (tests/bindgen/borrows.wit).
#include <stdlib.h>

#include "host_provider.h"

struct exports_test_borrows_host_thing_t {
  uint32_t v;
};

exports_test_borrows_host_own_thing_t exports_test_borrows_host_constructor_thing(uint32_t v) {
  exports_test_borrows_host_thing_t *t = malloc(sizeof *t);
  t->v = v;
  return exports_test_borrows_host_thing_new(t);
}

uint32_t exports_test_borrows_host_method_thing_value(exports_test_borrows_host_borrow_thing_t self) {
  return self->v;
}

void exports_test_borrows_host_thing_destructor(exports_test_borrows_host_thing_t *rep) {
  free(rep);
}
