// The `upper` plugin in C, on the bindings `weld bindgen c` writes
// (`plugin.h`, `plugin.c`; `weld build` generates them): ASCII upper case.
#include <stdlib.h>
#include "plugin.h"

void exports_plugin_name(plugin_string_t *ret) { plugin_string_dup(ret, "upper"); }

bool exports_plugin_transform(plugin_string_t *input, plugin_string_t *ret, plugin_string_t *err) {
  if (input->len == 0) {
    plugin_string_free(input);  // Arguments of an export belong to the callee.
    plugin_string_dup(err, "nothing to upper-case");
    return false;
  }
  // The input's buffer is ours: change it in place and hand it back.
  for (size_t i = 0; i < input->len; i++) {
    uint8_t c = input->ptr[i];
    if (c >= 'a' && c <= 'z') input->ptr[i] = c - 'a' + 'A';
  }
  *ret = *input;
  return true;
}
