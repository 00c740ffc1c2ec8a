//! Implements the exports of tests/bindgen/world-use.wit for check-zig.sh
//! (the bindings are generated as world_use.zig): the world's own types are
//! made of the imported interfaces' types.

const w_ = @import("world_use.zig");
const a_t = w_.exports.@"test".world_use.a;
const b_t = w_.exports.@"test".world_use.b;

comptime {
    w_.exportWorld(@This());
}

pub fn w(v: w_.Wv) w_.Wv {
    return v;
}

pub const a = struct {
    pub fn f(s: a_t.Shape, l: a_t.Local) w_.Result(a_t.Shape2, a_t.Local) {
        return switch (l) {
            .x => .{ .ok = s },
            .y => .{ .err = l },
        };
    }

    pub fn g(s: []const a_t.Shape) ?a_t.Shape {
        defer w_.free(s);
        return if (s.len > 0) s[0] else null;
    }
};

pub const b = struct {
    pub fn h(l: b_t.Local) b_t.Shape {
        return switch (l) {
            .x => |s| s,
            .y => |s| s orelse .none,
        };
    }
};
