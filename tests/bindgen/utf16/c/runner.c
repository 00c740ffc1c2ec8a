// Built with `weld bindgen c --string-encoding utf16`: every string is
// UTF-16 here, whatever the provider uses (tests/bindgen/utf16.wit).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

static char16_t out[256];
static size_t used;

static void put(const runner_string_t *s) {
  memcpy(out + used, s->ptr, s->len * 2);
  used += s->len;
}

static void put_ascii(const char *s) {
  while (*s) {
    out[used++] = (char16_t) *s++;
  }
}

void exports_runner_run(runner_string_t *ret) {
  char num[16];
  runner_string_t s, echoed, upper;
  // Two-byte, three-byte and four-byte (a surrogate pair) characters.
  runner_string_set(&s, u"h\u00e9llo w\u00f6rld \u20ac\U0001D11E");
  test_utf16_text_echo(&s, &echoed);
  put_ascii("echo ");
  put(&echoed);
  put_ascii(echoed.len == s.len && memcmp(echoed.ptr, s.ptr, s.len * 2) == 0 ? " (same)" : " (differs)");
  test_utf16_text_upper(&s, &upper);
  put_ascii("; upper ");
  put(&upper);

  runner_list_string_t words;
  runner_list_u32_t lengths;
  test_utf16_text_split(&s, &words);
  test_utf16_text_lengths(&words, &lengths);
  snprintf(num, sizeof num, "; %zu words:", words.len);
  put_ascii(num);
  for (size_t i = 0; i < lengths.len; i++) {
    snprintf(num, sizeof num, " %u", lengths.ptr[i]);
    put_ascii(num);
  }

  test_utf16_text_pair_t pair;
  runner_string_set(&pair.a, u"a\u20ac");
  pair.b.is_some = true;
  runner_string_set(&pair.b.val, u"\U0001D11Eb");
  runner_string_t joined, joined_none;
  test_utf16_text_join(&pair, &joined);
  put_ascii("; join ");
  put(&joined);
  runner_string_set(&pair.a, u"x");
  pair.b.is_some = false;
  test_utf16_text_join(&pair, &joined_none);
  put_ascii(" ");
  put(&joined_none);

  runner_string_free(&echoed);
  runner_string_free(&upper);
  runner_list_string_free(&words);
  runner_list_u32_free(&lengths);
  runner_string_free(&joined);
  runner_string_free(&joined_none);
  runner_string_dup_n(ret, out, used);
}
