//! Implements the exports of tests/bindgen/anon-names.wit for check-zig.sh
//! (the bindings are generated as anon_names.zig).

const b = @import("anon_names.zig");
const i_t = b.exports.@"test".anon_names.i;

comptime {
    b.exportWorld(@This());
}

pub fn k(x: ?u32, y: b.OptionU32, z: []const ?u32, w: []const b.OptionU32) ?u32 {
    defer b.free(z);
    defer b.free(w);
    return switch (y) {
        .a => x,
        .b => |n| n + @as(u32, @intCast(z.len + w.len)),
    };
}

pub const i = struct {
    pub fn f(x: ?u32, y: i_t.OptionU32) b.Result(u32, []const u8) {
        if (x) |n| return .{ .ok = n };
        return switch (y) {
            .a => .{ .err = b.allocator.dupe(u8, "none") catch @panic("out of memory") },
            .b => |n| .{ .ok = n },
        };
    }

    pub fn g(x: i_t.ResultU32String, y: []const ?u32) []const i_t.OptionU32 {
        _ = x;
        defer b.free(y);
        const out = b.allocator.alloc(i_t.OptionU32, y.len) catch @panic("out of memory");
        for (y, out) |v, *o| o.* = if (v) |n| .{ .b = n } else .a;
        return out;
    }
};
