#include "namer.h"

void exports_demo_two_name_get(namer_string_t *ret) {
  namer_string_dup(ret, "world");
}
