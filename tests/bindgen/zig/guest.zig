//! Implements the exports of tests/bindgen/guest.wit for check-zig.sh (the
//! bindings are generated as guest.zig).

const b = @import("guest.zig");
const api_t = b.exports.@"test".guest.api;

comptime {
    b.exportWorld(@This());
}

pub fn run(g: b.Guest) b.GuestThing {
    return if (g.b == 0) .a else .b;
}

pub const api = struct {
    pub const Blob = struct {
        pub fn init() Blob {
            return .{};
        }
    };

    pub fn g(x: api_t.Guest) api_t.Guest {
        return .{ .a = x.a + 1 };
    }

    pub fn h(x: api_t.GuestBlob) api_t.GuestAlias {
        return switch (x) {
            .x => |n| .{ .a = n },
            .y => .{ .a = 0 },
        };
    }
};
