//! Implements the exports of tests/bindgen/locals.wit for check-zig.sh (the
//! bindings are generated as locals.zig), so that Zig compiles the export
//! wrappers of functions whose parameters are named like generated locals.

const b = @import("locals.zig");
const api_t = b.exports.@"test".locals.api;

comptime {
    b.exportWorld(@This());
}

fn text(s: []const u8) []const u8 {
    return b.allocator.dupe(u8, s) catch @panic("out of memory");
}

pub const api = struct {
    pub const Res = struct {
        n: u32,

        pub fn init(ret: u32, self: u32) Res {
            return .{ .n = ret + self };
        }

        pub fn m(self: *Res, ret: u32, err: []const u8, f0: u32) b.Result(u32, []const u8) {
            if (err.len > 0) return .{ .err = err };
            return .{ .ok = self.n + ret + f0 };
        }
    };

    pub fn f(ret: u32, ptr: u32, result: []const u8) api_t.Rec {
        return .{ .a = ret + ptr, .b = result };
    }

    pub fn g(result: u32, ret: []const u8, err: u32, ok: u32, value: u32) b.Result(api_t.Rec, []const u8) {
        if (err != 0) return .{ .err = ret };
        return .{ .ok = .{ .a = result + ok + value, .b = ret } };
    }

    pub fn h(ret: api_t.Var, f0: u32, f1: u32, f2: u32, arg0: u32, p0: u32, option0: ?u32, params_area: u32, ret_area: u32) ?[]const u8 {
        defer b.free(ret);
        const sum = f0 + f1 + f2 + arg0 + p0 + (option0 orelse 0) + params_area + ret_area;
        return if (sum == 0) null else text("some");
    }

    pub fn i(base0: u32, len0: u32, list1: []const []const u8, e1: u32, s2: []const u8, v3: u32, t4: u32, r5: u32, h0: u32, cleanup: u32, i_: u32, wit_import0: u32, mark: u32, area0: u32) api_t.Var {
        defer b.free(list1);
        defer b.free(s2);
        return .{ .num = base0 + len0 + e1 + v3 + t4 + r5 + h0 + cleanup + i_ + wit_import0 + mark + area0 };
    }

    pub fn j(maybe_x: u32, x: ?u32, ret: ?[]const u8, err: []const api_t.Rec) b.Result(void, api_t.Var) {
        defer b.free(ret);
        defer b.free(err);
        return if (maybe_x == (x orelse 0)) .{ .ok = {} } else .{ .err = .none };
    }

    pub fn many(ret: u32, result: []const u8, ptr: u32, a: u64, b_: u64, c: u64, d: u64, e: u64, f_: u64, g_: u64, h_: u64, i_: u64, j_: u64, k: u64, l: u64, m: u64, n: u64) struct { u32, []const u8 } {
        const sum = a + b_ + c + d + e + f_ + g_ + h_ + i_ + j_ + k + l + m + n;
        return .{ ret + ptr + @as(u32, @truncate(sum)), result };
    }
};
