//! Calls both versions of foo:bar/i from Zig (tests/bindgen/versions.wit),
//! as the C runner does.

const std = @import("std");
const b = @import("bindings/runner.zig");
const v1 = b.foo.bar1_0_0.i;
const v2 = b.foo.bar2_0_0.i;

comptime {
    b.exportWorld(@This());
}

pub fn run() []const u8 {
    const f1 = v1.f(.{ .a = 21 });
    const f2 = v2.f(.{ .a = "ab" });
    defer b.free(f2);
    const r1 = v1.R.init(41);
    defer r1.deinit();
    const r2 = v2.R.init("two");
    defer r2.deinit();
    const got2 = r2.get();
    defer b.free(got2);
    return std.fmt.allocPrint(b.allocator, "1.0.0: f={d} get={d}; 2.0.0: f={s} get={s}", .{
        f1.x, r1.get(), f2.x, got2,
    }) catch @panic("out of memory");
}
