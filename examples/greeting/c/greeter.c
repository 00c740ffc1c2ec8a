// `demo:greet/api` in C, on the bindings `weld build` generates from the
// package fetched into wit/deps/.
#include <stdlib.h>
#include <string.h>

#include "greeter.h"

void exports_demo_greet_api_greet(greeter_string_t *name, greeter_string_t *ret) {
  static const char hello[] = "Hello, ";
  size_t n = sizeof hello - 1;
  char *out = malloc(n + name->len + 1);
  memcpy(out, hello, n);
  memcpy(out + n, name->ptr, name->len);
  out[n + name->len] = '!';
  ret->ptr = (uint8_t *)out;
  ret->len = n + name->len + 1;
  greeter_string_free(name);  // Arguments of an export belong to the callee.
}
