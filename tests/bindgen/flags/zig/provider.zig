//! Implements test:flagset/f in Zig: each function inverts every member
//! (tests/bindgen/flags.wit).

const b = @import("bindings/provider.zig");
const f_t = b.exports.@"test".flagset.f;

comptime {
    b.exportWorld(@This());
}

/// Every member of flags type `T` inverted (the padding stays zero).
fn invert(comptime T: type, x: T) T {
    var out = x;
    const info = @typeInfo(T).@"struct";
    inline for (info.field_names, info.field_types) |name, t| {
        if (t == bool) @field(out, name) = !@field(x, name);
    }
    return out;
}

fn flipAll(x: f_t.All) f_t.All {
    return .{ .n = invert(f_t.Nine, x.n), .s = invert(f_t.Seventeen, x.s), .e = invert(f_t.Eight, x.e) };
}

pub const f = struct {
    pub fn flip9(x: f_t.Nine) f_t.Nine {
        return invert(f_t.Nine, x);
    }

    pub fn flip17(x: f_t.Seventeen) f_t.Seventeen {
        return invert(f_t.Seventeen, x);
    }

    pub fn flip8(x: f_t.Eight) f_t.Eight {
        return invert(f_t.Eight, x);
    }

    pub fn flipAll(x: f_t.All) f_t.All {
        return flipAll_(x);
    }

    pub fn flipList(xs: []const f_t.All) []const f_t.All {
        defer b.free(xs);
        const out = b.allocator.alloc(f_t.All, xs.len) catch @panic("out of memory");
        for (xs, out) |x, *o| o.* = flipAll_(x);
        return out;
    }

    pub fn flipOpt(x: ?f_t.Seventeen) ?f_t.Nine {
        const s = invert(f_t.Seventeen, x orelse return null);
        // The low nine members of the inverse.
        var out: f_t.Nine = .{};
        const info = @typeInfo(f_t.Nine).@"struct";
        inline for (info.field_names, info.field_types) |name, t| {
            if (t == bool) @field(out, name) = @field(s, name);
        }
        return out;
    }
};

const flipAll_ = flipAll;
