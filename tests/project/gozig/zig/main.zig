//! The greeter in Zig (bindings: `greeter.zig`, written by weld build).
const std = @import("std");
const bindings = @import("greeter.zig");
const name = bindings.demo.two.name;

comptime {
    bindings.exportWorld(@This());
}

pub fn greet() []const u8 {
    const who = name.get();
    defer bindings.free(who);
    return std.fmt.allocPrint(bindings.allocator, "hello from Zig, {s}!", .{who}) catch @panic("out of memory");
}
