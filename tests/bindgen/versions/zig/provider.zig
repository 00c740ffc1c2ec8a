//! Implements both versions of foo:bar/i in Zig (tests/bindgen/versions.wit):
//! the namespaces carry the version (`foo.bar1_0_0.i`, `foo.bar2_0_0.i`), and
//! so do the implementation's declarations, the short name being taken
//! twice.

const std = @import("std");
const b = @import("bindings/provider.zig");
const v1 = b.exports.foo.bar1_0_0.i;
const v2 = b.exports.foo.bar2_0_0.i;

comptime {
    b.exportWorld(@This());
}

pub const foo_bar_i_1_0_0 = struct {
    pub const R = struct {
        n: u32,

        pub fn init(n: u32) R {
            return .{ .n = n };
        }

        pub fn get(self: *R) u32 {
            return self.n + 1;
        }
    };

    pub fn f(t: v1.Thing) v1.V {
        return .{ .x = t.a * 2 };
    }
};

pub const foo_bar_i_2_0_0 = struct {
    pub const R = struct {
        s: []const u8,

        pub fn init(s: []const u8) R {
            return .{ .s = s };
        }

        pub fn get(self: *R) []const u8 {
            return b.allocator.dupe(u8, self.s) catch @panic("out of memory");
        }

        pub fn deinit(self: *R) void {
            b.free(self.s);
        }
    };

    pub fn f(t: v2.Thing) v2.V {
        defer b.free(t);
        const twice = std.mem.concat(b.allocator, u8, &.{ t.a, t.a }) catch @panic("out of memory");
        return .{ .x = twice };
    }
};
