//! Implements the exports of tests/bindgen/aliases.wit's world `gc` for
//! check-zig.sh (the bindings are generated as gc.zig): resource aliases,
//! owned and borrowed, at the top level and inside lists, options, records
//! and variants.

const g = @import("gc.zig");
const one_t = g.exports.@"test".aliases.one;
const two_t = g.exports.@"test".aliases.two;

comptime {
    g.exportWorld(@This());
}

pub const one = struct {
    pub const A = struct {
        n: u32,

        pub fn init() A {
            return .{ .n = 1 };
        }

        pub fn get(self: *A) u32 {
            return self.n;
        }

        pub fn other(self: *A, x: *A) u32 {
            return self.n + x.n;
        }

        pub fn mk() one_t.A {
            return one_t.A.init(A{ .n = 2 });
        }
    };

    pub fn take(x: one_t.B) one_t.C {
        return x;
    }

    pub fn peek(x: *A, y: []const one_t.C, z: ?one_t.B.Borrow) u32 {
        defer g.free(y);
        for (y) |h| h.deinit();
        const extra = if (z) |bz| bz.get(A).n else 0;
        return x.n + extra;
    }

    pub fn hold(h: one_t.Holder, w: one_t.V) one_t.Holder {
        switch (w) {
            .p => |p| p.deinit(),
            .q => {},
        }
        return h;
    }
};

pub const two = struct {
    pub fn f(x: two_t.D, y: *one.A, z: two_t.C) two_t.D {
        _ = y;
        z.deinit();
        return x;
    }
};
