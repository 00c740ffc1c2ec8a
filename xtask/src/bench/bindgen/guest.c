// One guest, written against wit-bindgen's C API, compiled once with
// wit-bindgen's bindings and once with weld's.
#include "guest.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct exports_bench_guest_api_token_t {
  uint32_t n;
};

void exports_bench_guest_api_token_destructor(exports_bench_guest_api_token_t *rep) {
  free(rep);
}

exports_bench_guest_api_own_token_t exports_bench_guest_api_constructor_token(uint32_t n) {
  exports_bench_guest_api_token_t *rep = malloc(sizeof *rep);
  rep->n = n;
  return exports_bench_guest_api_token_new(rep);
}

uint32_t exports_bench_guest_api_method_token_value(exports_bench_guest_api_borrow_token_t self) {
  return self->n;
}

// The argument is ours: hand it back as the result.
void exports_bench_guest_api_echo(guest_string_t *s, guest_string_t *ret) {
  *ret = *s;
}

void exports_bench_guest_api_items(uint32_t n, exports_bench_guest_api_list_item_t *ret) {
  ret->len = n;
  ret->ptr = malloc(n * sizeof(exports_bench_guest_api_item_t));
  for (uint32_t i = 0; i < n; i++) {
    char name[32];
    snprintf(name, sizeof name, "item-%u", (unsigned) i);
    ret->ptr[i].id = i;
    guest_string_dup(&ret->ptr[i].name, name);
    ret->ptr[i].score = i * 0.5;
  }
}

// Makes, looks into and drops `n` resources.
uint32_t exports_bench_guest_api_churn(uint32_t n) {
  uint32_t sum = 0;
  for (uint32_t i = 0; i < n; i++) {
    exports_bench_guest_api_token_t *rep = malloc(sizeof *rep);
    rep->n = i;
    exports_bench_guest_api_own_token_t own = exports_bench_guest_api_token_new(rep);
    sum += exports_bench_guest_api_token_rep(own)->n;
    exports_bench_guest_api_token_drop_own(own);
  }
  return sum;
}
