//! Implements the exports of both worlds of two-worlds.wit in one module
//! (the bindings are generated as a.zig and b.zig beside this file).

const a = @import("a.zig");
const b = @import("b.zig");

comptime {
    a.exportWorld(@This());
    b.exportWorld(@This());
}

pub fn fa(s: []const u8) u32 {
    return @intCast(s.len);
}

pub fn fb(x: []const u8) u32 {
    return @intCast(x.len + 1);
}
