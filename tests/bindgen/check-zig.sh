#!/bin/sh
# check-zig.sh DIR BINDINGS [IMPL]: compiles DIR/BINDINGS (bindings from
# `weld bindgen zig`) for wasm32-wasi. Zig only analyses what is referenced,
# so a root file references every public declaration, recursively; IMPL, a
# Zig file that implements the world's exports and calls `exportWorld`
# (importing the bindings by their file name), instantiates the export
# wrappers too. Zig has no warnings: unused values are errors. The bindings
# must also be formatted as `zig fmt` formats them.
set -eu
dir=$1
bindings=$2
impl=${3:-}
root="$dir/check_root.zig"
cat > "$root" <<ZIG
const std = @import("std");
const bindings = @import("$bindings");

fn refAll(comptime T: type) void {
    inline for (comptime std.meta.declarations(T)) |name| {
        const value = @field(T, name);
        if (@TypeOf(value) == type) {
            switch (@typeInfo(value)) {
                .@"struct", .@"union", .@"enum" => refAll(value),
                else => {},
            }
        } else {
            _ = &@field(T, name);
        }
    }
}

comptime {
    refAll(bindings);
}
ZIG
if [ -n "$impl" ]; then
  cp "$impl" "$dir/check_impl.zig"
  printf 'comptime {\n    _ = @import("check_impl.zig");\n}\n' >> "$root"
fi
cd "$dir"
python3 -m ziglang fmt --check "$bindings"
exec python3 -m ziglang build-obj check_root.zig -target wasm32-wasi -O Debug -femit-bin=check.o
