// Implements test:maps/m in C (tests/bindgen/maps.wit). A map is the list
// of its entries: a `ptr`/`len` pair of `tuple2` structs whose `f0` is the
// key and `f1` the value. The arguments are this function's to free; the
// results are freed by the post-return.
#include <stdlib.h>
#include <string.h>

#include "provider.h"

static bool same(const provider_string_t *a, const provider_string_t *b) {
  return a->len == b->len && memcmp(a->ptr, b->ptr, a->len) == 0;
}

void exports_test_maps_m_merge(exports_test_maps_m_counts_t *a, exports_test_maps_m_counts_t *b,
                               exports_test_maps_m_counts_t *ret) {
  size_t cap = a->len + b->len;
  ret->ptr = malloc((cap ? cap : 1) * sizeof *ret->ptr);
  ret->len = 0;
  // The entries of `a` move over (their keys included).
  for (size_t i = 0; i < a->len; i++) {
    ret->ptr[ret->len++] = a->ptr[i];
  }
  free(a->ptr);
  for (size_t i = 0; i < b->len; i++) {
    size_t j = 0;
    while (j < ret->len && !same(&ret->ptr[j].f0, &b->ptr[i].f0)) {
      j++;
    }
    if (j < ret->len) {
      ret->ptr[j].f1 += b->ptr[i].f1;
      provider_string_free(&b->ptr[i].f0);
    } else {
      ret->ptr[ret->len++] = b->ptr[i];
    }
  }
  free(b->ptr);
}

void exports_test_maps_m_invert(provider_list_tuple2_u32_string_t *x, provider_list_tuple2_string_u32_t *ret) {
  ret->len = x->len;
  ret->ptr = malloc((x->len ? x->len : 1) * sizeof *ret->ptr);
  for (size_t i = 0; i < x->len; i++) {
    ret->ptr[i].f0 = x->ptr[i].f1;
    ret->ptr[i].f1 = x->ptr[i].f0;
  }
  free(x->ptr);
}

// The first code point of a UTF-8 string (which WIT strings are).
static uint32_t first_char(const provider_string_t *s) {
  const uint8_t *p = s->ptr;
  if (s->len == 0) {
    return '?';
  }
  if (p[0] < 0x80) {
    return p[0];
  }
  if ((p[0] & 0xe0) == 0xc0) {
    return (uint32_t) (p[0] & 0x1f) << 6 | (p[1] & 0x3f);
  }
  if ((p[0] & 0xf0) == 0xe0) {
    return (uint32_t) (p[0] & 0x0f) << 12 | (uint32_t) (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
  }
  return (uint32_t) (p[0] & 0x07) << 18 | (uint32_t) (p[1] & 0x3f) << 12 | (uint32_t) (p[2] & 0x3f) << 6 |
         (p[3] & 0x3f);
}

bool exports_test_maps_m_pick(exports_test_maps_m_list_tuple2_string_item_t *items, uint32_t min,
                              exports_test_maps_m_list_tuple2_char32_item_t *ret) {
  ret->len = 0;
  ret->ptr = malloc((items->len ? items->len : 1) * sizeof *ret->ptr);
  for (size_t i = 0; i < items->len; i++) {
    if (items->ptr[i].f1.score >= min) {
      ret->ptr[ret->len].f0 = first_char(&items->ptr[i].f0);
      ret->ptr[ret->len].f1 = items->ptr[i].f1;
      ret->len++;
    } else {
      exports_test_maps_m_item_free(&items->ptr[i].f1);
    }
    provider_string_free(&items->ptr[i].f0);
  }
  free(items->ptr);
  if (ret->len == 0) {
    free(ret->ptr);
    return false;
  }
  return true;
}

void exports_test_maps_m_sizes(provider_list_tuple2_string_list_tuple2_string_u8_t *x,
                               provider_list_tuple2_string_u32_t *ret) {
  ret->len = x->len;
  ret->ptr = malloc((x->len ? x->len : 1) * sizeof *ret->ptr);
  for (size_t i = 0; i < x->len; i++) {
    ret->ptr[i].f0 = x->ptr[i].f0;
    ret->ptr[i].f1 = (uint32_t) x->ptr[i].f1.len;
    provider_list_tuple2_string_u8_free(&x->ptr[i].f1);
  }
  free(x->ptr);
}
