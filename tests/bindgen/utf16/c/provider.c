// The text functions in C with UTF-8 strings (tests/bindgen/utf16.wit).
#include <stdlib.h>
#include <string.h>

#include "provider.h"

void exports_test_utf16_text_echo(provider_string_t *s, provider_string_t *ret) {
  *ret = *s;
}

void exports_test_utf16_text_upper(provider_string_t *s, provider_string_t *ret) {
  for (size_t i = 0; i < s->len; i++) {
    if (s->ptr[i] >= 'a' && s->ptr[i] <= 'z') {
      s->ptr[i] -= 'a' - 'A';
    }
  }
  *ret = *s;
}

void exports_test_utf16_text_lengths(provider_list_string_t *words, provider_list_u32_t *ret) {
  ret->len = words->len;
  ret->ptr = malloc(words->len * sizeof(uint32_t));
  for (size_t i = 0; i < words->len; i++) {
    ret->ptr[i] = (uint32_t) words->ptr[i].len;
  }
  provider_list_string_free(words);
}

void exports_test_utf16_text_split(provider_string_t *s, provider_list_string_t *ret) {
  ret->len = 0;
  ret->ptr = malloc((s->len + 1) * sizeof *ret->ptr);
  size_t start = 0;
  for (size_t i = 0; i <= s->len; i++) {
    if (i == s->len || s->ptr[i] == ' ') {
      provider_string_dup_n(&ret->ptr[ret->len++], (const char *) s->ptr + start, i - start);
      start = i + 1;
    }
  }
  provider_string_free(s);
}

void exports_test_utf16_text_join(exports_test_utf16_text_pair_t *p, provider_string_t *ret) {
  const char *b = p->b.is_some ? (const char *) p->b.val.ptr : "-";
  size_t blen = p->b.is_some ? p->b.val.len : 1;
  ret->len = p->a.len + 1 + blen;
  ret->ptr = malloc(ret->len);
  memcpy(ret->ptr, p->a.ptr, p->a.len);
  ret->ptr[p->a.len] = '+';
  memcpy(ret->ptr + p->a.len + 1, b, blen);
  exports_test_utf16_text_pair_free(p);
}
