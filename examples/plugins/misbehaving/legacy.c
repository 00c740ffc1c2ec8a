// A plugin built against the older `legacy` world: its `transform` returns a
// string, not a result, so the host refuses to load it.
#include "legacy.h"

void exports_legacy_name(legacy_string_t *ret) { legacy_string_dup(ret, "legacy"); }

void exports_legacy_transform(legacy_string_t *input, legacy_string_t *ret) { *ret = *input; }
