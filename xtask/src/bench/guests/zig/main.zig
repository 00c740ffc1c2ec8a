//! The bench guest (../../bindgen/guest.wit) in Zig on weld's bindings: the
//! same logic as ../../bindgen/guest.c. `weld build` writes the bindings to
//! `guest.zig` beside this file.

const std = @import("std");
const bindings = @import("guest.zig");

const gpa = bindings.allocator;
const api_types = bindings.exports.bench.guest.api;

comptime {
    bindings.exportWorld(@This());
}

pub const api = struct {
    pub const Token = struct {
        n: u32,

        pub fn init(n: u32) Token {
            return .{ .n = n };
        }

        pub fn value(self: *Token) u32 {
            return self.n;
        }
    };

    /// The argument is ours: hand it back as the result.
    pub fn echo(s: []const u8) []const u8 {
        return s;
    }

    pub fn items(n: u32) []const api_types.Item {
        const out = gpa.alloc(api_types.Item, n) catch @panic("out of memory");
        for (out, 0..) |*item, i| {
            const name = std.fmt.allocPrint(gpa, "item-{d}", .{i}) catch @panic("out of memory");
            item.* = .{ .id = @intCast(i), .name = name, .score = @as(f64, @floatFromInt(i)) * 0.5 };
        }
        return out;
    }

    /// Makes, looks into and drops `n` resources.
    pub fn churn(n: u32) u32 {
        var sum: u32 = 0;
        var i: u32 = 0;
        while (i < n) : (i += 1) {
            const handle = api_types.Token.init(Token{ .n = i });
            sum +%= handle.rep(Token).n;
            handle.deinit();
        }
        return sum;
    }
};
