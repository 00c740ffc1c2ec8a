// A plugin that never returns: the host's timeout stops it.
#include "plugin.h"

void exports_plugin_name(plugin_string_t *ret) { plugin_string_dup(ret, "spin"); }

bool exports_plugin_transform(plugin_string_t *input, plugin_string_t *ret, plugin_string_t *err) {
  (void)input, (void)ret, (void)err;
  volatile unsigned long rounds = 0;
  for (;;) rounds++;
}
