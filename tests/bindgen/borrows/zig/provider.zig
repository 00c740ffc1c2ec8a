//! Implements test:borrows/api in Zig: sums what each borrowed handle
//! holds. The bindings end each borrow of an imported thing, at any depth,
//! when the call returns (tests/bindgen/borrows.wit).

const b = @import("bindings/provider.zig");
const api_t = b.exports.@"test".borrows.api;

comptime {
    b.exportWorld(@This());
}

pub const api = struct {
    pub const Mine = struct {
        v: u32,

        pub fn init(v: u32) Mine {
            return .{ .v = v };
        }

        pub fn value(self: *Mine) u32 {
            return self.v;
        }
    };

    pub fn sumList(xs: api_t.Things) u32 {
        defer b.free(xs);
        var sum: u32 = 0;
        for (xs) |t| sum += t.value();
        return sum;
    }

    pub fn sumMine(xs: []const api_t.Mine.Borrow) u32 {
        defer b.free(xs);
        var sum: u32 = 0;
        for (xs) |m| sum += m.get(Mine).v;
        return sum;
    }

    pub fn opt(x: ?api_t.Thing) u32 {
        return if (x) |t| t.value() else 0;
    }

    pub fn pairSum(p: api_t.Pair) u32 {
        return p.a.value() + p.b.get(Mine).v + p.n;
    }

    pub fn picked(p: api_t.Pick) u32 {
        return switch (p) {
            .one => |t| t.value(),
            .other => |m| m.get(Mine).v,
            .none => 0,
        };
    }

    pub fn tupleSum(t: struct { api_t.Thing, api_t.Mine.Borrow }) u32 {
        return t[0].value() + t[1].get(Mine).v;
    }

    pub fn pairs(ps: []const api_t.Pair) u32 {
        defer b.free(ps);
        var sum: u32 = 0;
        for (ps) |p| sum += pairSum(p);
        return sum;
    }
};
