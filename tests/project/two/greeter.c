#include <string.h>
#include <stdlib.h>
#include "greeter.h"

void exports_greeter_greet(greeter_string_t *ret) {
  greeter_string_t name;
  demo_two_name_get(&name);
  const char *hello = "hello, ";
  ret->len = strlen(hello) + name.len;
  ret->ptr = malloc(ret->len);
  memcpy(ret->ptr, hello, strlen(hello));
  memcpy(ret->ptr + strlen(hello), name.ptr, name.len);
  greeter_string_free(&name);
}
