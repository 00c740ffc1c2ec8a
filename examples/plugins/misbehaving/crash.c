// A plugin that traps: `transform` reaches `__builtin_trap()`, which is
// wasm's `unreachable`.
#include "plugin.h"

void exports_plugin_name(plugin_string_t *ret) { plugin_string_dup(ret, "crash"); }

bool exports_plugin_transform(plugin_string_t *input, plugin_string_t *ret, plugin_string_t *err) {
  (void)input, (void)ret, (void)err;
  __builtin_trap();
}
