// The `test` world in C: each function does something checkable, exactly as
// the Rust version in ../rust/test/src/lib.rs does (including wrapping
// arithmetic, which is what the Rust guest does in a release build).
//
// Ownership, as in wit-bindgen's C generator: every parameter belongs to the
// callee (free it or move it into the result), and every result must be
// heap memory, since the generated post-return code frees it.

#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- helpers ---------------------------------------------------------------

static void *xmalloc(size_t n) {
  if (n == 0) {
    return NULL;
  }
  void *p = malloc(n);
  if (!p) {
    abort();
  }
  return p;
}

// A new string holding a copy of `len` bytes at `bytes`.
static void string_from(test_string_t *ret, const uint8_t *bytes, size_t len) {
  ret->len = len;
  ret->ptr = xmalloc(len);
  if (len > 0) {
    memcpy(ret->ptr, bytes, len);
  }
}

// Decodes one UTF-8 scalar starting at s[*i] (the input is valid UTF-8: the
// canonical ABI checks it) and advances *i.
static uint32_t utf8_next(const uint8_t *s, size_t len, size_t *i) {
  uint8_t b = s[*i];
  uint32_t c;
  size_t n;
  if (b < 0x80) {
    c = b;
    n = 1;
  } else if (b < 0xE0) {
    c = b & 0x1F;
    n = 2;
  } else if (b < 0xF0) {
    c = b & 0x0F;
    n = 3;
  } else {
    c = b & 0x07;
    n = 4;
  }
  for (size_t k = 1; k < n && *i + k < len; k++) {
    c = (c << 6) | (s[*i + k] & 0x3F);
  }
  *i += n;
  return c;
}

// Appends the UTF-8 encoding of `c` to buf (room for 4 bytes), returns bytes.
static size_t utf8_put(uint8_t *buf, uint32_t c) {
  if (c < 0x80) {
    buf[0] = (uint8_t) c;
    return 1;
  }
  if (c < 0x800) {
    buf[0] = (uint8_t) (0xC0 | (c >> 6));
    buf[1] = (uint8_t) (0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    buf[0] = (uint8_t) (0xE0 | (c >> 12));
    buf[1] = (uint8_t) (0x80 | ((c >> 6) & 0x3F));
    buf[2] = (uint8_t) (0x80 | (c & 0x3F));
    return 3;
  }
  buf[0] = (uint8_t) (0xF0 | (c >> 18));
  buf[1] = (uint8_t) (0x80 | ((c >> 12) & 0x3F));
  buf[2] = (uint8_t) (0x80 | ((c >> 6) & 0x3F));
  buf[3] = (uint8_t) (0x80 | (c & 0x3F));
  return 4;
}

// Upper-cases one scalar into out[] (at most 2 scalars, for 'ß' -> "SS").
// Covers ASCII, Latin-1, basic Greek and basic Cyrillic; other scalars are
// kept as they are (Rust's `to_uppercase` knows all of Unicode, but the checks
// only need ASCII). No mapping here makes the UTF-8 text longer.
static size_t upper(uint32_t c, uint32_t out[2]) {
  if (c >= 'a' && c <= 'z') {
    out[0] = c - 0x20;
  } else if (c == 0xDF) {  // ß
    out[0] = 'S';
    out[1] = 'S';
    return 2;
  } else if (c == 0xB5) {  // µ -> Μ
    out[0] = 0x39C;
  } else if (c >= 0xE0 && c <= 0xFE && c != 0xF7) {
    out[0] = c - 0x20;
  } else if (c == 0xFF) {  // ÿ -> Ÿ
    out[0] = 0x178;
  } else if (c == 0x3C2) {  // final sigma
    out[0] = 0x3A3;
  } else if (c >= 0x3B1 && c <= 0x3CB) {
    out[0] = c - 0x20;
  } else if (c >= 0x430 && c <= 0x44F) {
    out[0] = c - 0x20;
  } else if (c >= 0x450 && c <= 0x45F) {
    out[0] = c - 0x50;
  } else {
    out[0] = c;
  }
  return 1;
}

// ---- numbers ---------------------------------------------------------------

int64_t exports_test_roundtrip_numbers_add(uint8_t a, int8_t b, uint16_t c, int16_t d, uint32_t e, int32_t f,
                                           uint64_t g, int64_t h) {
  // Wrapping, as `i64` addition in a release build.
  uint64_t sum = (uint64_t) a + (uint64_t) (int64_t) b + (uint64_t) c + (uint64_t) (int64_t) d + (uint64_t) e +
                 (uint64_t) (int64_t) f + g + (uint64_t) h;
  return (int64_t) sum;
}

double exports_test_roundtrip_numbers_scale(float a, double b) {
  return (double) a * b;
}

bool exports_test_roundtrip_numbers_flip(bool b) {
  return !b;
}

uint32_t exports_test_roundtrip_numbers_next_char(uint32_t c) {
  uint32_t n = c + 1;
  if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) {
    return '?';
  }
  return n;
}

void exports_test_roundtrip_numbers_extremes(test_tuple4_u8_u16_u32_u64_t *ret) {
  ret->f0 = UINT8_MAX;
  ret->f1 = UINT16_MAX;
  ret->f2 = UINT32_MAX;
  ret->f3 = UINT64_MAX;
}

// ---- strings ---------------------------------------------------------------

void exports_test_roundtrip_strings_echo(test_string_t *s, test_string_t *ret) {
  // Move the parameter into the result.
  *ret = *s;
}

void exports_test_roundtrip_strings_concat(test_string_t *a, test_string_t *b, test_string_t *ret) {
  ret->len = a->len + b->len;
  ret->ptr = xmalloc(ret->len);
  if (a->len > 0) {
    memcpy(ret->ptr, a->ptr, a->len);
  }
  if (b->len > 0) {
    memcpy(ret->ptr + a->len, b->ptr, b->len);
  }
  test_string_free(a);
  test_string_free(b);
}

uint32_t exports_test_roundtrip_strings_count(test_list_string_t *words) {
  uint32_t n = 0;
  for (size_t i = 0; i < words->len; i++) {
    const test_string_t *w = &words->ptr[i];
    for (size_t j = 0; j < w->len; j++) {
      if ((w->ptr[j] & 0xC0) != 0x80) {
        n++;
      }
    }
  }
  test_list_string_free(words);
  return n;
}

void exports_test_roundtrip_strings_split(test_string_t *s, test_list_string_t *ret) {
  size_t pieces = 1;
  for (size_t i = 0; i < s->len; i++) {
    if (s->ptr[i] == ' ') {
      pieces++;
    }
  }
  ret->len = pieces;
  ret->ptr = xmalloc(pieces * sizeof(test_string_t));
  size_t start = 0, k = 0;
  for (size_t i = 0; i <= s->len; i++) {
    if (i == s->len || s->ptr[i] == ' ') {
      string_from(&ret->ptr[k++], s->ptr + start, i - start);
      start = i + 1;
    }
  }
  test_string_free(s);
}

// ---- lists -----------------------------------------------------------------

uint64_t exports_test_roundtrip_lists_sum(test_list_u32_t *xs) {
  uint64_t sum = 0;
  for (size_t i = 0; i < xs->len; i++) {
    sum += xs->ptr[i];
  }
  test_list_u32_free(xs);
  return sum;
}

void exports_test_roundtrip_lists_reverse_bytes(test_list_u8_t *b,
                                                test_list_u8_t *ret) {
  for (size_t i = 0, j = b->len; i + 1 < j; i++, j--) {
    uint8_t t = b->ptr[i];
    b->ptr[i] = b->ptr[j - 1];
    b->ptr[j - 1] = t;
  }
  *ret = *b;
}

void exports_test_roundtrip_lists_flatten(test_list_list_u16_t *xs,
                                          test_list_u16_t *ret) {
  size_t total = 0;
  for (size_t i = 0; i < xs->len; i++) {
    total += xs->ptr[i].len;
  }
  ret->len = total;
  ret->ptr = xmalloc(total * sizeof(uint16_t));
  size_t k = 0;
  for (size_t i = 0; i < xs->len; i++) {
    for (size_t j = 0; j < xs->ptr[i].len; j++) {
      ret->ptr[k++] = xs->ptr[i].ptr[j];
    }
  }
  test_list_list_u16_free(xs);
}

void exports_test_roundtrip_lists_halves(test_list_f64_t *xs,
                                         test_list_f64_t *ret) {
  for (size_t i = 0; i < xs->len; i++) {
    xs->ptr[i] = xs->ptr[i] / 2.0;
  }
  *ret = *xs;
}

// ---- records ---------------------------------------------------------------

void exports_test_roundtrip_records_translate(exports_test_roundtrip_records_point_t *p, int32_t dx,
                                              exports_test_roundtrip_records_point_t *ret) {
  ret->x = (int32_t) ((uint32_t) p->x + (uint32_t) dx);
  ret->y = p->y;
}

void exports_test_roundtrip_records_older(exports_test_roundtrip_records_person_t *p,
                                          exports_test_roundtrip_records_person_t *ret) {
  *ret = *p;
  ret->age = (uint8_t) (p->age + 1);
  size_t n = p->tags.len;
  test_string_t *tags = realloc(n > 0 ? p->tags.ptr : NULL, (n + 1) * sizeof(test_string_t));
  if (!tags) {
    abort();
  }
  test_string_dup(&tags[n], "older");
  ret->tags.ptr = tags;
  ret->tags.len = n + 1;
}

void exports_test_roundtrip_records_swap(test_tuple2_u32_string_t *t,
                                         test_tuple2_string_u32_t *ret) {
  ret->f0 = t->f1;
  ret->f1 = t->f0;
}

void exports_test_roundtrip_records_centroid(
    exports_test_roundtrip_records_point_t *a, exports_test_roundtrip_records_point_t *b,
    exports_test_roundtrip_records_point_t *c, exports_test_roundtrip_records_point_t *d,
    exports_test_roundtrip_records_point_t *e, exports_test_roundtrip_records_point_t *f,
    exports_test_roundtrip_records_point_t *g, exports_test_roundtrip_records_point_t *h,
    exports_test_roundtrip_records_point_t *i, exports_test_roundtrip_records_point_t *ret) {
  exports_test_roundtrip_records_point_t *all[9] = {a, b, c, d, e, f, g, h, i};
  uint32_t sx = 0, sy = 0;
  for (int k = 0; k < 9; k++) {
    sx += (uint32_t) all[k]->x;
    sy += (uint32_t) all[k]->y;
  }
  ret->x = (int32_t) sx / 9;
  ret->y = (int32_t) sy / 9;
}

void exports_test_roundtrip_records_people(uint8_t n, exports_test_roundtrip_records_list_person_t *ret) {
  ret->len = n;
  ret->ptr = xmalloc(n * sizeof(exports_test_roundtrip_records_person_t));
  for (uint8_t i = 0; i < n; i++) {
    exports_test_roundtrip_records_person_t *p = &ret->ptr[i];
    char name[8];
    snprintf(name, sizeof name, "p%u", (unsigned) i);
    test_string_dup(&p->name, name);
    p->age = i;
    p->tags.len = i;
    p->tags.ptr = xmalloc(i * sizeof(test_string_t));
    for (uint8_t j = 0; j < i; j++) {
      test_string_t *t = &p->tags.ptr[j];
      t->len = i;
      t->ptr = xmalloc(i);
      memset(t->ptr, 't', i);
    }
  }
}

// ---- variants, enums, flags ------------------------------------------------

exports_test_roundtrip_variants_color_t exports_test_roundtrip_variants_next_color(
    exports_test_roundtrip_variants_color_t c) {
  switch (c) {
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_COLOR_RED:
      return EXPORTS_TEST_ROUNDTRIP_VARIANTS_COLOR_GREEN;
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_COLOR_GREEN:
      return EXPORTS_TEST_ROUNDTRIP_VARIANTS_COLOR_BLUE;
    default:
      return EXPORTS_TEST_ROUNDTRIP_VARIANTS_COLOR_RED;
  }
}

exports_test_roundtrip_variants_perms_t exports_test_roundtrip_variants_toggle(
    exports_test_roundtrip_variants_perms_t p) {
  return p ^ EXPORTS_TEST_ROUNDTRIP_VARIANTS_PERMS_WRITE;
}

double exports_test_roundtrip_variants_area(exports_test_roundtrip_variants_shape_t *s) {
  double area = 0.0;
  switch (s->tag) {
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE:
      area = 3.0 * (double) s->val.circle * (double) s->val.circle;
      break;
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_RECT: {
      float wh = s->val.rect.f0 * s->val.rect.f1;  // multiplied as f32, as in Rust
      area = (double) wh;
      break;
    }
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_DOT:
      area = 0.0;
      break;
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED:
      area = (double) s->val.named.len;
      break;
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG:
      area = (double) s->val.big;
      break;
  }
  exports_test_roundtrip_variants_shape_free(s);
  return area;
}

void exports_test_roundtrip_variants_grow(exports_test_roundtrip_variants_shape_t *s,
                                          exports_test_roundtrip_variants_shape_t *ret) {
  switch (s->tag) {
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE:
      ret->tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE;
      ret->val.circle = s->val.circle * 2.0f;
      break;
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_RECT:
      ret->tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_RECT;
      ret->val.rect.f0 = s->val.rect.f0 * 2.0f;
      ret->val.rect.f1 = s->val.rect.f1 * 2.0f;
      break;
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_DOT:
      ret->tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE;
      ret->val.circle = 1.0f;
      break;
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED: {
      static const char prefix[] = "big ";
      size_t plen = sizeof prefix - 1;
      ret->tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED;
      ret->val.named.len = plen + s->val.named.len;
      ret->val.named.ptr = xmalloc(ret->val.named.len);
      memcpy(ret->val.named.ptr, prefix, plen);
      if (s->val.named.len > 0) {
        memcpy(ret->val.named.ptr + plen, s->val.named.ptr, s->val.named.len);
      }
      break;
    }
    case EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG:
      ret->tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG;
      ret->val.big = s->val.big * 2;
      break;
  }
  exports_test_roundtrip_variants_shape_free(s);
}

void exports_test_roundtrip_variants_shapes(exports_test_roundtrip_variants_list_shape_t *ret) {
  ret->len = 5;
  ret->ptr = xmalloc(5 * sizeof(exports_test_roundtrip_variants_shape_t));
  exports_test_roundtrip_variants_shape_t *s = ret->ptr;
  s[0].tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_DOT;
  s[1].tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE;
  s[1].val.circle = 0.5f;
  s[2].tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED;
  test_string_dup(&s[2].val.named, "tri");
  s[3].tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG;
  s[3].val.big = (uint64_t) 1 << 40;
  s[4].tag = EXPORTS_TEST_ROUNDTRIP_VARIANTS_SHAPE_RECT;
  s[4].val.rect.f0 = 1.5f;
  s[4].val.rect.f1 = 2.0f;
}

// ---- options and results ---------------------------------------------------

bool exports_test_roundtrip_options_double(uint32_t *maybe_x, uint32_t *ret) {
  if (!maybe_x) {
    return false;
  }
  *ret = *maybe_x * 2;
  return true;
}

bool exports_test_roundtrip_options_parse(test_string_t *s, uint32_t *ret, test_string_t *err) {
  // As Rust's `u32::from_str`: an optional '+', then at least one digit, no overflow.
  size_t i = 0;
  if (s->len > 0 && s->ptr[0] == '+') {
    i = 1;
  }
  bool ok = i < s->len;
  uint64_t v = 0;
  for (; ok && i < s->len; i++) {
    uint8_t ch = s->ptr[i];
    if (ch < '0' || ch > '9') {
      ok = false;
      break;
    }
    v = v * 10 + (ch - '0');
    if (v > UINT32_MAX) {
      ok = false;
    }
  }
  if (ok) {
    *ret = (uint32_t) v;
  } else {
    static const char prefix[] = "not a number: ";
    size_t plen = sizeof prefix - 1;
    err->len = plen + s->len;
    err->ptr = xmalloc(err->len);
    memcpy(err->ptr, prefix, plen);
    if (s->len > 0) {
      memcpy(err->ptr + plen, s->ptr, s->len);
    }
  }
  test_string_free(s);
  return ok;
}

bool exports_test_roundtrip_options_check(int32_t x) {
  return x >= 0;
}

bool exports_test_roundtrip_options_unit_ok(bool ok, test_string_t *err) {
  if (!ok) {
    test_string_dup(err, "refused");
  }
  return ok;
}

bool exports_test_roundtrip_options_nested(test_option_string_t *maybe_x, test_option_string_t *ret) {
  if (!maybe_x) {
    return false;
  }
  ret->is_some = maybe_x->is_some;
  if (maybe_x->is_some) {
    const test_string_t *s = &maybe_x->val;
    // Upper-casing never makes the text longer (see `upper`).
    uint8_t *out = xmalloc(s->len);
    size_t n = 0;
    for (size_t i = 0; i < s->len;) {
      uint32_t cs[2];
      size_t k = upper(utf8_next(s->ptr, s->len, &i), cs);
      for (size_t j = 0; j < k; j++) {
        n += utf8_put(out + n, cs[j]);
      }
    }
    ret->val.ptr = out;
    ret->val.len = n;
  }
  test_option_string_free(maybe_x);
  return true;
}

bool exports_test_roundtrip_options_first_even(test_list_u32_t *xs, uint32_t *ret) {
  bool found = false;
  for (size_t i = 0; i < xs->len; i++) {
    if (xs->ptr[i] % 2 == 0) {
      *ret = xs->ptr[i];
      found = true;
      break;
    }
  }
  test_list_u32_free(xs);
  return found;
}

// ---- resources -------------------------------------------------------------

struct exports_test_roundtrip_resources_counter_t {
  uint32_t value;
};

static uint32_t DROPS = 0;

static exports_test_roundtrip_resources_own_counter_t new_counter(uint32_t value) {
  exports_test_roundtrip_resources_counter_t *rep = xmalloc(sizeof *rep);
  rep->value = value;
  return exports_test_roundtrip_resources_counter_new(rep);
}

void exports_test_roundtrip_resources_counter_destructor(exports_test_roundtrip_resources_counter_t *rep) {
  DROPS++;
  free(rep);
}

exports_test_roundtrip_resources_own_counter_t exports_test_roundtrip_resources_constructor_counter(uint32_t start) {
  return new_counter(start);
}

void exports_test_roundtrip_resources_method_counter_add(exports_test_roundtrip_resources_borrow_counter_t self,
                                                         uint32_t n) {
  self->value += n;
}

uint32_t exports_test_roundtrip_resources_method_counter_get(exports_test_roundtrip_resources_borrow_counter_t self) {
  return self->value;
}

exports_test_roundtrip_resources_own_counter_t exports_test_roundtrip_resources_static_counter_merge(
    exports_test_roundtrip_resources_own_counter_t a, exports_test_roundtrip_resources_own_counter_t b) {
  uint32_t sum = exports_test_roundtrip_resources_counter_rep(a)->value +
                 exports_test_roundtrip_resources_counter_rep(b)->value;
  exports_test_roundtrip_resources_own_counter_t merged = new_counter(sum);
  exports_test_roundtrip_resources_counter_drop_own(a);
  exports_test_roundtrip_resources_counter_drop_own(b);
  return merged;
}

uint32_t exports_test_roundtrip_resources_drops(void) {
  return DROPS;
}

void exports_test_roundtrip_resources_make_many(uint32_t n, exports_test_roundtrip_resources_list_own_counter_t *ret) {
  ret->len = n;
  ret->ptr = xmalloc(n * sizeof(exports_test_roundtrip_resources_own_counter_t));
  for (uint32_t i = 0; i < n; i++) {
    ret->ptr[i] = new_counter(i);
  }
}

uint32_t exports_test_roundtrip_resources_total(exports_test_roundtrip_resources_list_own_counter_t *cs) {
  uint32_t sum = 0;
  for (size_t i = 0; i < cs->len; i++) {
    sum += exports_test_roundtrip_resources_counter_rep(cs->ptr[i])->value;
  }
  for (size_t i = 0; i < cs->len; i++) {
    exports_test_roundtrip_resources_counter_drop_own(cs->ptr[i]);
  }
  exports_test_roundtrip_resources_list_own_counter_free(cs);
  return sum;
}

uint32_t exports_test_roundtrip_resources_peek(exports_test_roundtrip_resources_borrow_counter_t c) {
  return c->value;
}
