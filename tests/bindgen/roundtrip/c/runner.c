// The `runner` world in C: calls every import of the test component and
// checks each answer, making the same checks in the same order as the Rust
// runner (../rust/runner/src/lib.rs). `run()` returns "ok: N checks", or the
// failures joined by "; ", each as "what: expected E, found F" with E and F
// written the way Rust's `{:?}` writes them.
//
// Ownership, as in wit-bindgen's C generator: import parameters are borrowed
// (this side keeps and frees them), import results belong to this side and
// are freed with the generated `_free` helpers.

#include "runner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ---- a growable text buffer ------------------------------------------------

typedef struct {
  char *ptr;
  size_t len;
  size_t cap;
} buf_t;

static void put(buf_t *b, const char *s, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + n) {
      cap *= 2;
    }
    char *p = realloc(b->ptr, cap);
    if (!p) {
      abort();
    }
    b->ptr = p;
    b->cap = cap;
  }
  memcpy(b->ptr + b->len, s, n);
  b->len += n;
}

static void puts_(buf_t *b, const char *s) {
  put(b, s, strlen(s));
}

__attribute__((__format__(__printf__, 2, 3))) static void putf(buf_t *b, const char *fmt, ...) {
  char tmp[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) {
    abort();
  }
  if ((size_t) n < sizeof tmp) {
    put(b, tmp, (size_t) n);
    return;
  }
  char *big = malloc((size_t) n + 1);
  if (!big) {
    abort();
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t) n + 1, fmt, ap);
  va_end(ap);
  put(b, big, (size_t) n);
  free(big);
}

// ---- Rust `{:?}` formatting --------------------------------------------------

// Appends one scalar as UTF-8.
static void put_utf8(buf_t *b, uint32_t c) {
  char s[4];
  size_t n;
  if (c < 0x80) {
    s[0] = (char) c;
    n = 1;
  } else if (c < 0x800) {
    s[0] = (char) (0xC0 | (c >> 6));
    s[1] = (char) (0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    s[0] = (char) (0xE0 | (c >> 12));
    s[1] = (char) (0x80 | ((c >> 6) & 0x3F));
    s[2] = (char) (0x80 | (c & 0x3F));
    n = 3;
  } else {
    s[0] = (char) (0xF0 | (c >> 18));
    s[1] = (char) (0x80 | ((c >> 12) & 0x3F));
    s[2] = (char) (0x80 | ((c >> 6) & 0x3F));
    s[3] = (char) (0x80 | (c & 0x3F));
    n = 4;
  }
  put(b, s, n);
}

// Appends one scalar escaped as in Rust's `escape_debug` inside `quote`
// quotes (only ASCII escapes; other scalars are written as they are).
static void put_escaped(buf_t *b, uint32_t c, char quote) {
  switch (c) {
    case '\0':
      puts_(b, "\\0");
      return;
    case '\t':
      puts_(b, "\\t");
      return;
    case '\r':
      puts_(b, "\\r");
      return;
    case '\n':
      puts_(b, "\\n");
      return;
    case '\\':
      puts_(b, "\\\\");
      return;
  }
  if (c == (uint32_t) quote) {
    putf(b, "\\%c", quote);
  } else if (c < 0x20 || c == 0x7F) {
    putf(b, "\\u{%x}", (unsigned) c);
  } else {
    put_utf8(b, c);
  }
}

static void fmt_str(buf_t *b, const runner_string_t *s) {
  puts_(b, "\"");
  const uint8_t *p = s->ptr;
  for (size_t i = 0; i < s->len;) {
    uint8_t x = p[i];
    uint32_t c;
    size_t n;
    if (x < 0x80) {
      c = x;
      n = 1;
    } else if (x < 0xE0) {
      c = x & 0x1F;
      n = 2;
    } else if (x < 0xF0) {
      c = x & 0x0F;
      n = 3;
    } else {
      c = x & 0x07;
      n = 4;
    }
    for (size_t k = 1; k < n && i + k < s->len; k++) {
      c = (c << 6) | (p[i + k] & 0x3F);
    }
    i += n;
    put_escaped(b, c, '"');
  }
  puts_(b, "\"");
}

// A float as Rust's `{:?}` writes it: the shortest digits that read back as
// the same value, plain between 1e-4 and 1e16 (with ".0" when whole),
// otherwise in scientific notation ("1e16", "1.5e-7").
static void fmt_float(buf_t *b, double x, bool single) {
  if (x != x) {
    puts_(b, "NaN");
    return;
  }
  if (x == 1.0 / 0.0 || x == -1.0 / 0.0) {
    puts_(b, x < 0 ? "-inf" : "inf");
    return;
  }
  char e[40];
  if (x == 0) {
    snprintf(e, sizeof e, "%.0e", x);
    puts_(b, e[0] == '-' ? "-0.0" : "0.0");
    return;
  }
  int max = single ? 9 : 17;
  for (int p = 0; p < max; p++) {
    snprintf(e, sizeof e, "%.*e", p, x);
    if (single ? (strtof(e, NULL) == (float) x) : (strtod(e, NULL) == x)) {
      break;
    }
  }
  // e is "[-]d[.ddd]e[+-]xx": split into sign, digits and exponent.
  const char *s = e;
  bool neg = *s == '-';
  if (neg) {
    s++;
  }
  char digits[24];
  size_t nd = 0;
  for (; *s && *s != 'e'; s++) {
    if (*s != '.') {
      digits[nd++] = *s;
    }
  }
  int exp = atoi(s + 1);
  while (nd > 1 && digits[nd - 1] == '0') {
    nd--;
  }
  if (neg) {
    puts_(b, "-");
  }
  double ax = x < 0 ? -x : x;
  if (ax >= 1e-4 && ax < 1e16) {
    if (exp < 0) {
      puts_(b, "0.");
      for (int i = -1; i > exp; i--) {
        puts_(b, "0");
      }
      put(b, digits, nd);
    } else {
      size_t whole = (size_t) exp + 1;
      for (size_t i = 0; i < whole; i++) {
        put(b, i < nd ? &digits[i] : "0", 1);
      }
      puts_(b, ".");
      if (nd > whole) {
        put(b, digits + whole, nd - whole);
      } else {
        puts_(b, "0");
      }
    }
  } else {
    put(b, digits, 1);
    if (nd > 1) {
      puts_(b, ".");
      put(b, digits + 1, nd - 1);
    }
    putf(b, "e%d", exp);
  }
}

// ---- typed equality and formatting -------------------------------------------
//
// For each checked type T: `eq_T(found, expected)` and `fmt_T(buf, value)`,
// taking `const void *` so that one `check` serves them all.

typedef void (*fmt_fn)(buf_t *, const void *);

#define SCALAR(T, CT, FMT, CAST)                                                \
  static bool eq_##T(const void *a, const void *b) {                           \
    return *(const CT *) a == *(const CT *) b;                                 \
  }                                                                            \
  static void fmt_##T(buf_t *buf, const void *v) {                             \
    putf(buf, FMT, (CAST) * (const CT *) v);                                   \
  }
SCALAR(i64, int64_t, "%lld", long long)
SCALAR(u64, uint64_t, "%llu", unsigned long long)
SCALAR(u32, uint32_t, "%u", unsigned)
SCALAR(usize, size_t, "%zu", size_t)
#undef SCALAR

static bool eq_f64(const void *a, const void *b) {
  return *(const double *) a == *(const double *) b;
}
static void fmt_f64(buf_t *buf, const void *v) {
  fmt_float(buf, *(const double *) v, false);
}

static bool eq_bool(const void *a, const void *b) {
  return *(const bool *) a == *(const bool *) b;
}
static void fmt_bool(buf_t *buf, const void *v) {
  puts_(buf, *(const bool *) v ? "true" : "false");
}

// char (a `uint32_t` scalar)
static bool eq_char(const void *a, const void *b) {
  return *(const uint32_t *) a == *(const uint32_t *) b;
}
static void fmt_char(buf_t *buf, const void *v) {
  puts_(buf, "'");
  put_escaped(buf, *(const uint32_t *) v, '\'');
  puts_(buf, "'");
}

typedef runner_tuple4_u8_u16_u32_u64_t tuple4_t;
static bool eq_tuple4(const void *a, const void *b) {
  const tuple4_t *x = a, *y = b;
  return x->f0 == y->f0 && x->f1 == y->f1 && x->f2 == y->f2 && x->f3 == y->f3;
}
static void fmt_tuple4(buf_t *buf, const void *v) {
  const tuple4_t *t = v;
  putf(buf, "(%u, %u, %u, %llu)", (unsigned) t->f0, (unsigned) t->f1, (unsigned) t->f2, (unsigned long long) t->f3);
}

static bool str_eq(const runner_string_t *a, const runner_string_t *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->ptr, b->ptr, a->len) == 0);
}
static bool eq_string(const void *a, const void *b) {
  return str_eq(a, b);
}
static void fmt_string(buf_t *buf, const void *v) {
  fmt_str(buf, v);
}

// list<string>, as both `strings` and `records` name it (same layout).
static bool strs_eq(const runner_string_t *a, size_t na, const runner_string_t *b, size_t nb) {
  if (na != nb) {
    return false;
  }
  for (size_t i = 0; i < na; i++) {
    if (!str_eq(&a[i], &b[i])) {
      return false;
    }
  }
  return true;
}
static void fmt_strs(buf_t *buf, const runner_string_t *s, size_t n) {
  puts_(buf, "[");
  for (size_t i = 0; i < n; i++) {
    if (i) {
      puts_(buf, ", ");
    }
    fmt_str(buf, &s[i]);
  }
  puts_(buf, "]");
}
static bool eq_list_string(const void *a, const void *b) {
  const runner_list_string_t *x = a, *y = b;
  return strs_eq(x->ptr, x->len, y->ptr, y->len);
}
static void fmt_list_string(buf_t *buf, const void *v) {
  const runner_list_string_t *l = v;
  fmt_strs(buf, l->ptr, l->len);
}

#define INT_LIST(T, LT, FMT, CAST)                                             \
  static bool eq_##T(const void *a, const void *b) {                           \
    const LT *x = a, *y = b;                                                   \
    if (x->len != y->len) {                                                    \
      return false;                                                            \
    }                                                                          \
    for (size_t i = 0; i < x->len; i++) {                                      \
      if (x->ptr[i] != y->ptr[i]) {                                            \
        return false;                                                          \
      }                                                                        \
    }                                                                          \
    return true;                                                               \
  }                                                                            \
  static void fmt_##T(buf_t *buf, const void *v) {                             \
    const LT *l = v;                                                           \
    puts_(buf, "[");                                                           \
    for (size_t i = 0; i < l->len; i++) {                                      \
      putf(buf, i ? ", " FMT : FMT, (CAST) l->ptr[i]);                         \
    }                                                                          \
    puts_(buf, "]");                                                           \
  }
INT_LIST(list_u8, runner_list_u8_t, "%u", unsigned)
INT_LIST(list_u16, runner_list_u16_t, "%u", unsigned)
INT_LIST(list_u32, runner_list_u32_t, "%u", unsigned)
#undef INT_LIST

static bool eq_list_f64(const void *a, const void *b) {
  const runner_list_f64_t *x = a, *y = b;
  if (x->len != y->len) {
    return false;
  }
  for (size_t i = 0; i < x->len; i++) {
    if (x->ptr[i] != y->ptr[i]) {
      return false;
    }
  }
  return true;
}
static void fmt_list_f64(buf_t *buf, const void *v) {
  const runner_list_f64_t *l = v;
  puts_(buf, "[");
  for (size_t i = 0; i < l->len; i++) {
    if (i) {
      puts_(buf, ", ");
    }
    fmt_float(buf, l->ptr[i], false);
  }
  puts_(buf, "]");
}

typedef test_roundtrip_records_point_t point_t;
static bool eq_point(const void *a, const void *b) {
  const point_t *x = a, *y = b;
  return x->x == y->x && x->y == y->y;
}
static void fmt_point(buf_t *buf, const void *v) {
  const point_t *p = v;
  putf(buf, "Point { x: %d, y: %d }", (int) p->x, (int) p->y);
}

typedef test_roundtrip_records_person_t person_t;
static bool eq_person(const void *a, const void *b) {
  const person_t *x = a, *y = b;
  return str_eq(&x->name, &y->name) && x->age == y->age && strs_eq(x->tags.ptr, x->tags.len, y->tags.ptr, y->tags.len);
}
static void fmt_person(buf_t *buf, const void *v) {
  const person_t *p = v;
  puts_(buf, "Person { name: ");
  fmt_str(buf, &p->name);
  putf(buf, ", age: %u, tags: ", (unsigned) p->age);
  fmt_strs(buf, p->tags.ptr, p->tags.len);
  puts_(buf, " }");
}

typedef runner_tuple2_string_u32_t str_u32_t;
static bool eq_str_u32(const void *a, const void *b) {
  const str_u32_t *x = a, *y = b;
  return str_eq(&x->f0, &y->f0) && x->f1 == y->f1;
}
static void fmt_str_u32(buf_t *buf, const void *v) {
  const str_u32_t *t = v;
  puts_(buf, "(");
  fmt_str(buf, &t->f0);
  putf(buf, ", %u)", (unsigned) t->f1);
}

static bool eq_color(const void *a, const void *b) {
  return *(const test_roundtrip_variants_color_t *) a == *(const test_roundtrip_variants_color_t *) b;
}
static void fmt_color(buf_t *buf, const void *v) {
  switch (*(const test_roundtrip_variants_color_t *) v) {
    case TEST_ROUNDTRIP_VARIANTS_COLOR_RED:
      puts_(buf, "Red");
      break;
    case TEST_ROUNDTRIP_VARIANTS_COLOR_GREEN:
      puts_(buf, "Green");
      break;
    case TEST_ROUNDTRIP_VARIANTS_COLOR_BLUE:
      puts_(buf, "Blue");
      break;
    default:
      putf(buf, "<color %u>", (unsigned) *(const test_roundtrip_variants_color_t *) v);
  }
}

static bool eq_perms(const void *a, const void *b) {
  return *(const test_roundtrip_variants_perms_t *) a == *(const test_roundtrip_variants_perms_t *) b;
}
static void fmt_perms(buf_t *buf, const void *v) {
  test_roundtrip_variants_perms_t p = *(const test_roundtrip_variants_perms_t *) v;
  static const char *names[] = {"READ", "WRITE", "EXEC"};
  puts_(buf, "Perms");
  bool any = false;
  for (unsigned i = 0; i < 3; i++) {
    if (p & (1U << i)) {
      putf(buf, "%s\"%s\"", any ? ", " : "(", names[i]);
      any = true;
    }
  }
  if (any) {
    puts_(buf, ")");
  }
}

typedef test_roundtrip_variants_shape_t shape_t;
static bool shape_eq(const shape_t *x, const shape_t *y) {
  if (x->tag != y->tag) {
    return false;
  }
  switch (x->tag) {
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE:
      return x->val.circle == y->val.circle;
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_RECT:
      return x->val.rect.f0 == y->val.rect.f0 && x->val.rect.f1 == y->val.rect.f1;
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED:
      return str_eq(&x->val.named, &y->val.named);
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG:
      return x->val.big == y->val.big;
    default:
      return true;
  }
}
static void shape_fmt(buf_t *buf, const shape_t *s) {
  switch (s->tag) {
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE:
      puts_(buf, "Circle(");
      fmt_float(buf, s->val.circle, true);
      puts_(buf, ")");
      break;
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_RECT:
      puts_(buf, "Rect((");
      fmt_float(buf, s->val.rect.f0, true);
      puts_(buf, ", ");
      fmt_float(buf, s->val.rect.f1, true);
      puts_(buf, "))");
      break;
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_DOT:
      puts_(buf, "Dot");
      break;
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED:
      puts_(buf, "Named(");
      fmt_str(buf, &s->val.named);
      puts_(buf, ")");
      break;
    case TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG:
      putf(buf, "Big(%llu)", (unsigned long long) s->val.big);
      break;
    default:
      putf(buf, "<shape %u>", (unsigned) s->tag);
  }
}
static bool eq_shape(const void *a, const void *b) {
  return shape_eq(a, b);
}
static void fmt_shape(buf_t *buf, const void *v) {
  shape_fmt(buf, v);
}

static bool eq_list_shape(const void *a, const void *b) {
  const test_roundtrip_variants_list_shape_t *x = a, *y = b;
  if (x->len != y->len) {
    return false;
  }
  for (size_t i = 0; i < x->len; i++) {
    if (!shape_eq(&x->ptr[i], &y->ptr[i])) {
      return false;
    }
  }
  return true;
}
static void fmt_list_shape(buf_t *buf, const void *v) {
  const test_roundtrip_variants_list_shape_t *l = v;
  puts_(buf, "[");
  for (size_t i = 0; i < l->len; i++) {
    if (i) {
      puts_(buf, ", ");
    }
    shape_fmt(buf, &l->ptr[i]);
  }
  puts_(buf, "]");
}

typedef runner_option_u32_t opt_u32_t;
static bool eq_opt_u32(const void *a, const void *b) {
  const opt_u32_t *x = a, *y = b;
  return x->is_some == y->is_some && (!x->is_some || x->val == y->val);
}
static void fmt_opt_u32(buf_t *buf, const void *v) {
  const opt_u32_t *o = v;
  if (o->is_some) {
    putf(buf, "Some(%u)", (unsigned) o->val);
  } else {
    puts_(buf, "None");
  }
}

typedef test_roundtrip_options_result_u32_string_t res_u32_str_t;
static bool eq_res_u32_str(const void *a, const void *b) {
  const res_u32_str_t *x = a, *y = b;
  if (x->is_err != y->is_err) {
    return false;
  }
  return x->is_err ? str_eq(&x->val.err, &y->val.err) : x->val.ok == y->val.ok;
}
static void fmt_res_u32_str(buf_t *buf, const void *v) {
  const res_u32_str_t *r = v;
  if (r->is_err) {
    puts_(buf, "Err(");
    fmt_str(buf, &r->val.err);
    puts_(buf, ")");
  } else {
    putf(buf, "Ok(%u)", (unsigned) r->val.ok);
  }
}

typedef test_roundtrip_options_result_void_void_t res_unit_t;
static bool eq_res_unit(const void *a, const void *b) {
  return ((const res_unit_t *) a)->is_err == ((const res_unit_t *) b)->is_err;
}
static void fmt_res_unit(buf_t *buf, const void *v) {
  puts_(buf, ((const res_unit_t *) v)->is_err ? "Err(())" : "Ok(())");
}

typedef test_roundtrip_options_result_void_string_t res_unit_str_t;
static bool eq_res_unit_str(const void *a, const void *b) {
  const res_unit_str_t *x = a, *y = b;
  return x->is_err == y->is_err && (!x->is_err || str_eq(&x->val.err, &y->val.err));
}
static void fmt_res_unit_str(buf_t *buf, const void *v) {
  const res_unit_str_t *r = v;
  if (r->is_err) {
    puts_(buf, "Err(");
    fmt_str(buf, &r->val.err);
    puts_(buf, ")");
  } else {
    puts_(buf, "Ok(())");
  }
}

typedef runner_option_option_string_t opt_opt_str_t;
static bool eq_opt_opt_str(const void *a, const void *b) {
  const opt_opt_str_t *x = a, *y = b;
  if (x->is_some != y->is_some) {
    return false;
  }
  if (!x->is_some) {
    return true;
  }
  if (x->val.is_some != y->val.is_some) {
    return false;
  }
  return !x->val.is_some || str_eq(&x->val.val, &y->val.val);
}
static void fmt_opt_opt_str(buf_t *buf, const void *v) {
  const opt_opt_str_t *o = v;
  if (!o->is_some) {
    puts_(buf, "None");
  } else if (!o->val.is_some) {
    puts_(buf, "Some(None)");
  } else {
    puts_(buf, "Some(Some(");
    fmt_str(buf, &o->val.val);
    puts_(buf, "))");
  }
}

// ---- the checks --------------------------------------------------------------

typedef struct {
  uint32_t count;
  buf_t failures;
} checks_t;

static void check(checks_t *c, const char *what, bool ok, fmt_fn fmt, const void *found, const void *expected) {
  c->count++;
  if (ok) {
    return;
  }
  if (c->failures.len > 0) {
    puts_(&c->failures, "; ");
  }
  putf(&c->failures, "%s: expected ", what);
  fmt(&c->failures, expected);
  puts_(&c->failures, ", found ");
  fmt(&c->failures, found);
}

// Checks that `found` equals `expected` (both lvalues of the type `T` names).
#define CHECK(what, T, found, expected) check(&c, what, eq_##T(&(found), &(expected)), fmt_##T, &(found), &(expected))

// A string pointing at a literal (borrowed, never freed).
static runner_string_t lit(const char *s) {
  runner_string_t r;
  runner_string_set(&r, s);
  return r;
}

// `parse`, as a result value (`ok` and `err` share a union, so the import's
// two out-parameters must not both point into it).
static res_u32_str_t parse(runner_string_t *s) {
  res_u32_str_t r;
  uint32_t ok = 0;
  runner_string_t err = {NULL, 0};
  r.is_err = !test_roundtrip_options_parse(s, &ok, &err);
  if (r.is_err) {
    r.val.err = err;
  } else {
    r.val.ok = ok;
  }
  return r;
}

void exports_runner_run(runner_string_t *ret) {
  checks_t c = {0, {NULL, 0, 0}};

  // numbers
  {
    int64_t found = test_roundtrip_numbers_add(200, -100, 60000, -30000, 4000000000u, -2000000000, (uint64_t) 1 << 40,
                                               -((int64_t) 1 << 41));
    int64_t expected = 200 - 100 + 60000 - 30000 + (int64_t) 4000000000 - 2000000000 + ((int64_t) 1 << 40) -
                       ((int64_t) 1 << 41);
    CHECK("add", i64, found, expected);
  }
  {
    double found = test_roundtrip_numbers_scale(1.5f, 2.25), expected = 3.375;
    CHECK("scale", f64, found, expected);
  }
  {
    bool found = test_roundtrip_numbers_flip(false), expected = true;
    CHECK("flip", bool, found, expected);
  }
  {
    uint32_t found = test_roundtrip_numbers_next_char(0x3BB /* λ */), expected = 0x3BC /* μ */;
    CHECK("next-char", char, found, expected);
  }
  {
    tuple4_t found, expected = {UINT8_MAX, UINT16_MAX, UINT32_MAX, UINT64_MAX};
    test_roundtrip_numbers_extremes(&found);
    CHECK("extremes", tuple4, found, expected);
  }

  // strings
  {
    runner_string_t s = lit("h\xc3\xa9llo, w\xc3\xb6rld"), found, expected = s;
    test_roundtrip_strings_echo(&s, &found);
    CHECK("echo", string, found, expected);
    runner_string_free(&found);
  }
  {
    runner_string_t s = lit(""), found, expected = s;
    test_roundtrip_strings_echo(&s, &found);
    CHECK("echo empty", string, found, expected);
    runner_string_free(&found);
  }
  {
    runner_string_t a = lit("ab"), b = lit("cd"), found, expected = lit("abcd");
    test_roundtrip_strings_concat(&a, &b, &found);
    CHECK("concat", string, found, expected);
    runner_string_free(&found);
  }
  {
    runner_string_t words[] = {lit("one"), lit("tw\xc3\xb6")};
    runner_list_string_t list = {words, 2};
    uint32_t found = test_roundtrip_strings_count(&list), expected = 6;
    CHECK("count", u32, found, expected);
  }
  {
    runner_string_t s = lit("a bb ccc");
    runner_string_t parts[] = {lit("a"), lit("bb"), lit("ccc")};
    runner_list_string_t found, expected = {parts, 3};
    test_roundtrip_strings_split(&s, &found);
    CHECK("split", list_string, found, expected);
    runner_list_string_free(&found);
  }

  // lists
  {
    uint32_t xs[] = {1, 2, 3, UINT32_MAX};
    runner_list_u32_t list = {xs, 4};
    uint64_t found = test_roundtrip_lists_sum(&list), expected = 6 + (uint64_t) UINT32_MAX;
    CHECK("sum", u64, found, expected);
  }
  {
    runner_list_u32_t list = {NULL, 0};
    uint64_t found = test_roundtrip_lists_sum(&list), expected = 0;
    CHECK("sum empty", u64, found, expected);
  }
  {
    uint8_t bytes[] = {1, 2, 3}, rev[] = {3, 2, 1};
    runner_list_u8_t list = {bytes, 3}, found, expected = {rev, 3};
    test_roundtrip_lists_reverse_bytes(&list, &found);
    CHECK("reverse-bytes", list_u8, found, expected);
    runner_list_u8_free(&found);
  }
  {
    uint16_t a[] = {1, 2}, b[] = {3}, flat[] = {1, 2, 3};
    runner_list_u16_t inner[] = {{a, 2}, {NULL, 0}, {b, 1}};
    runner_list_list_u16_t list = {inner, 3};
    runner_list_u16_t found, expected = {flat, 3};
    test_roundtrip_lists_flatten(&list, &found);
    CHECK("flatten", list_u16, found, expected);
    runner_list_u16_free(&found);
  }
  {
    double xs[] = {1.0, -3.0}, halves[] = {0.5, -1.5};
    runner_list_f64_t list = {xs, 2}, found, expected = {halves, 2};
    test_roundtrip_lists_halves(&list, &found);
    CHECK("halves", list_f64, found, expected);
    runner_list_f64_free(&found);
  }

  // records
  {
    point_t p = {1, 2}, found, expected = {11, 2};
    test_roundtrip_records_translate(&p, 10, &found);
    CHECK("translate", point, found, expected);
  }
  {
    runner_string_t tags[] = {lit("x")}, older_tags[] = {lit("x"), lit("older")};
    person_t p = {lit("ada"), 36, {tags, 1}};
    person_t found, expected = {lit("ada"), 37, {older_tags, 2}};
    test_roundtrip_records_older(&p, &found);
    CHECK("older", person, found, expected);
    test_roundtrip_records_person_free(&found);
  }
  {
    runner_tuple2_u32_string_t t = {7, lit("seven")};
    str_u32_t found, expected = {lit("seven"), 7};
    test_roundtrip_records_swap(&t, &found);
    CHECK("swap", str_u32, found, expected);
    runner_tuple2_string_u32_free(&found);
  }
  {
    point_t p[9], found, expected = {4, 9};
    for (int i = 0; i < 9; i++) {
      p[i].x = i;
      p[i].y = 9;
    }
    test_roundtrip_records_centroid(&p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6], &p[7], &p[8], &found);
    CHECK("centroid", point, found, expected);
  }
  {
    test_roundtrip_records_list_person_t people;
    test_roundtrip_records_people(3, &people);
    size_t found_len = people.len, expected_len = 3;
    CHECK("people", usize, found_len, expected_len);
    runner_string_t tt[] = {lit("tt"), lit("tt")};
    person_t expected = {lit("p2"), 2, {tt, 2}};
    // Rust would panic on a short list; here a missing entry is just wrong.
    person_t missing = {lit("<missing>"), 0, {NULL, 0}};
    person_t *found = people.len > 2 ? &people.ptr[2] : &missing;
    CHECK("people[2]", person, *found, expected);
    test_roundtrip_records_list_person_free(&people);
  }

  // variants, enums, flags
  {
    test_roundtrip_variants_color_t found = test_roundtrip_variants_next_color(TEST_ROUNDTRIP_VARIANTS_COLOR_BLUE);
    test_roundtrip_variants_color_t expected = TEST_ROUNDTRIP_VARIANTS_COLOR_RED;
    CHECK("next-color", color, found, expected);
  }
  {
    test_roundtrip_variants_perms_t found =
        test_roundtrip_variants_toggle(TEST_ROUNDTRIP_VARIANTS_PERMS_READ | TEST_ROUNDTRIP_VARIANTS_PERMS_EXEC);
    test_roundtrip_variants_perms_t expected =
        TEST_ROUNDTRIP_VARIANTS_PERMS_READ | TEST_ROUNDTRIP_VARIANTS_PERMS_WRITE | TEST_ROUNDTRIP_VARIANTS_PERMS_EXEC;
    CHECK("toggle", perms, found, expected);
  }
  {
    test_roundtrip_variants_perms_t found = test_roundtrip_variants_toggle(TEST_ROUNDTRIP_VARIANTS_PERMS_WRITE);
    test_roundtrip_variants_perms_t expected = 0;
    CHECK("toggle back", perms, found, expected);
  }
  {
    shape_t s = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE, .val.circle = 2.0f};
    double found = test_roundtrip_variants_area(&s), expected = 12.0;
    CHECK("area circle", f64, found, expected);
  }
  {
    shape_t s = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_RECT, .val.rect = {2.0f, 3.0f}};
    double found = test_roundtrip_variants_area(&s), expected = 6.0;
    CHECK("area rect", f64, found, expected);
  }
  {
    shape_t s = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED, .val.named = lit("four")};
    double found = test_roundtrip_variants_area(&s), expected = 4.0;
    CHECK("area named", f64, found, expected);
  }
  {
    shape_t s = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG, .val.big = (uint64_t) 1 << 50};
    double found = test_roundtrip_variants_area(&s), expected = (double) ((uint64_t) 1 << 50);
    CHECK("area big", f64, found, expected);
  }
  {
    shape_t s = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_DOT}, found;
    shape_t expected = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE, .val.circle = 1.0f};
    test_roundtrip_variants_grow(&s, &found);
    CHECK("grow dot", shape, found, expected);
    test_roundtrip_variants_shape_free(&found);
  }
  {
    shape_t s = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED, .val.named = lit("box")}, found;
    shape_t expected = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED, .val.named = lit("big box")};
    test_roundtrip_variants_grow(&s, &found);
    CHECK("grow named", shape, found, expected);
    test_roundtrip_variants_shape_free(&found);
  }
  {
    shape_t s = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG, .val.big = UINT64_MAX / 4}, found;
    shape_t expected = {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG, .val.big = UINT64_MAX / 4 * 2};
    test_roundtrip_variants_grow(&s, &found);
    CHECK("grow big", shape, found, expected);
    test_roundtrip_variants_shape_free(&found);
  }
  {
    shape_t all[] = {
        {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_DOT},
        {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_CIRCLE, .val.circle = 0.5f},
        {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_NAMED, .val.named = lit("tri")},
        {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_BIG, .val.big = (uint64_t) 1 << 40},
        {.tag = TEST_ROUNDTRIP_VARIANTS_SHAPE_RECT, .val.rect = {1.5f, 2.0f}},
    };
    test_roundtrip_variants_list_shape_t found, expected = {all, 5};
    test_roundtrip_variants_shapes(&found);
    CHECK("shapes", list_shape, found, expected);
    test_roundtrip_variants_list_shape_free(&found);
  }

  // options and results
  {
    opt_u32_t x = {true, 21}, found = {false, 0}, expected = {true, 42};
    found.is_some = test_roundtrip_options_double(x.is_some ? &x.val : NULL, &found.val);
    CHECK("double some", opt_u32, found, expected);
  }
  {
    opt_u32_t x = {false, 0}, found = {false, 0}, expected = {false, 0};
    found.is_some = test_roundtrip_options_double(x.is_some ? &x.val : NULL, &found.val);
    CHECK("double none", opt_u32, found, expected);
  }
  {
    runner_string_t s = lit("123");
    res_u32_str_t found = parse(&s), expected = {.is_err = false, .val.ok = 123};
    CHECK("parse ok", res_u32_str, found, expected);
    test_roundtrip_options_result_u32_string_free(&found);
  }
  {
    runner_string_t s = lit("x1");
    res_u32_str_t found = parse(&s), expected = {.is_err = true, .val.err = lit("not a number: x1")};
    CHECK("parse err", res_u32_str, found, expected);
    test_roundtrip_options_result_u32_string_free(&found);
  }
  {
    res_unit_t found = {!test_roundtrip_options_check(5)}, expected = {false};
    CHECK("check ok", res_unit, found, expected);
  }
  {
    res_unit_t found = {!test_roundtrip_options_check(-5)}, expected = {true};
    CHECK("check err", res_unit, found, expected);
  }
  {
    res_unit_str_t found = {0}, expected = {.is_err = false};
    found.is_err = !test_roundtrip_options_unit_ok(true, &found.val.err);
    CHECK("unit-ok", res_unit_str, found, expected);
    test_roundtrip_options_result_void_string_free(&found);
  }
  {
    res_unit_str_t found = {0}, expected = {.is_err = true, .val.err = lit("refused")};
    found.is_err = !test_roundtrip_options_unit_ok(false, &found.val.err);
    CHECK("unit-ok err", res_unit_str, found, expected);
    test_roundtrip_options_result_void_string_free(&found);
  }
  {
    opt_opt_str_t x = {true, {true, lit("abc")}}, found = {0}, expected = {true, {true, lit("ABC")}};
    found.is_some = test_roundtrip_options_nested(x.is_some ? &x.val : NULL, &found.val);
    CHECK("nested", opt_opt_str, found, expected);
    runner_option_option_string_free(&found);
  }
  {
    opt_opt_str_t x = {true, {false, {NULL, 0}}}, found = {0}, expected = {true, {false, {NULL, 0}}};
    found.is_some = test_roundtrip_options_nested(x.is_some ? &x.val : NULL, &found.val);
    CHECK("nested inner none", opt_opt_str, found, expected);
    runner_option_option_string_free(&found);
  }
  {
    opt_opt_str_t x = {0}, found = {0}, expected = {0};
    found.is_some = test_roundtrip_options_nested(x.is_some ? &x.val : NULL, &found.val);
    CHECK("nested none", opt_opt_str, found, expected);
    runner_option_option_string_free(&found);
  }
  {
    uint32_t xs[] = {1, 3, 8, 10};
    runner_list_u32_t list = {xs, 4};
    opt_u32_t found = {false, 0}, expected = {true, 8};
    found.is_some = test_roundtrip_options_first_even(&list, &found.val);
    CHECK("first-even", opt_u32, found, expected);
  }
  {
    uint32_t xs[] = {1};
    runner_list_u32_t list = {xs, 1};
    opt_u32_t found = {false, 0}, expected = {false, 0};
    found.is_some = test_roundtrip_options_first_even(&list, &found.val);
    CHECK("first-even none", opt_u32, found, expected);
  }

  // resources
  {
    uint32_t before = test_roundtrip_resources_drops();
    test_roundtrip_resources_own_counter_t a = test_roundtrip_resources_constructor_counter(5);
    test_roundtrip_resources_method_counter_add(test_roundtrip_resources_borrow_counter(a), 3);
    {
      uint32_t found = test_roundtrip_resources_method_counter_get(test_roundtrip_resources_borrow_counter(a));
      uint32_t expected = 8;
      CHECK("counter get", u32, found, expected);
    }
    {
      uint32_t found = test_roundtrip_resources_peek(test_roundtrip_resources_borrow_counter(a)), expected = 8;
      CHECK("peek", u32, found, expected);
    }
    test_roundtrip_resources_own_counter_t b = test_roundtrip_resources_constructor_counter(10);
    // `merge` takes both handles.
    test_roundtrip_resources_own_counter_t m = test_roundtrip_resources_static_counter_merge(a, b);
    {
      uint32_t found = test_roundtrip_resources_method_counter_get(test_roundtrip_resources_borrow_counter(m));
      uint32_t expected = 18;
      CHECK("merge", u32, found, expected);
    }
    {
      uint32_t found = test_roundtrip_resources_drops() - before, expected = 2;
      CHECK("drops after merge", u32, found, expected);
    }
    test_roundtrip_resources_counter_drop_own(m);
    {
      uint32_t found = test_roundtrip_resources_drops() - before, expected = 3;
      CHECK("drops after drop", u32, found, expected);
    }
    test_roundtrip_resources_list_own_counter_t many;
    test_roundtrip_resources_make_many(4, &many);
    {
      runner_list_u32_t found = {many.len ? malloc(many.len * sizeof(uint32_t)) : NULL, many.len};
      if (found.len && !found.ptr) {
        abort();
      }
      for (size_t i = 0; i < many.len; i++) {
        found.ptr[i] = test_roundtrip_resources_method_counter_get(test_roundtrip_resources_borrow_counter(many.ptr[i]));
      }
      uint32_t values[] = {0, 1, 2, 3};
      runner_list_u32_t expected = {values, 4};
      CHECK("make-many", list_u32, found, expected);
      runner_list_u32_free(&found);
    }
    {
      // `total` takes every handle in the list; the list's memory stays ours.
      uint32_t found = test_roundtrip_resources_total(&many), expected = 6;
      CHECK("total", u32, found, expected);
    }
    {
      uint32_t found = test_roundtrip_resources_drops() - before, expected = 7;
      CHECK("drops after total", u32, found, expected);
    }
    test_roundtrip_resources_list_own_counter_free(&many);
    {
      uint32_t found = test_roundtrip_resources_drops() - before, expected = 7;
      CHECK("drops at end", u32, found, expected);
    }
  }

  if (c.failures.len == 0) {
    buf_t ok = {NULL, 0, 0};
    putf(&ok, "ok: %u checks", (unsigned) c.count);
    free(c.failures.ptr);
    ret->ptr = (uint8_t *) ok.ptr;
    ret->len = ok.len;
  } else {
    ret->ptr = (uint8_t *) c.failures.ptr;
    ret->len = c.failures.len;
  }
}
