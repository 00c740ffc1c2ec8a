//! Calls each `now` and `get` from Zig (tests/bindgen/same-name.wit).

const std = @import("std");
const b = @import("bindings/runner.zig");
const sn = b.@"test".same_name;

comptime {
    b.exportWorld(@This());
}

pub fn run() []const u8 {
    const got = sn.b.get("hi");
    defer b.free(got);
    return std.fmt.allocPrint(b.allocator, "a.now {d}, a.get {d}, b.now {d}, b.get {s}, now {d:.1}", .{
        sn.a.now(), sn.a.get(41), sn.b.now(), got, b.now(),
    }) catch @panic("out of memory");
}
