// A plugin that takes memory until it gets none: the host's memory limit
// stops it (the growth is refused and the call ends).
#include <stdlib.h>
#include <string.h>
#include "plugin.h"

// Each block points at the one before, so no compiler can drop them.
static void *volatile last = 0;

void exports_plugin_name(plugin_string_t *ret) { plugin_string_dup(ret, "hog"); }

bool exports_plugin_transform(plugin_string_t *input, plugin_string_t *ret, plugin_string_t *err) {
  (void)input, (void)ret;
  for (;;) {
    void **block = malloc(1 << 20);
    if (!block) break;
    memset(block, 1, 1 << 20);
    *block = last;
    last = block;
  }
  plugin_string_dup(err, "out of memory");
  return false;
}
