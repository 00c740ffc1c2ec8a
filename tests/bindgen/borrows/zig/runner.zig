//! The runner of tests/bindgen/borrows.wit in Zig: lends things (from the
//! host) and mines (the provider's own) inside lists, options, records,
//! variants and tuples, as the C runner does.

const std = @import("std");
const b = @import("bindings/runner.zig");
const api = b.@"test".borrows.api;
const Thing = b.@"test".borrows.host.Thing;

comptime {
    b.exportWorld(@This());
}

pub fn run() []const u8 {
    const t1 = Thing.init(1);
    const t2 = Thing.init(2);
    const t3 = Thing.init(4);
    const m1 = api.Mine.init(10);
    const m2 = api.Mine.init(20);
    defer for ([_]Thing{ t1, t2, t3 }) |t| t.deinit();
    defer for ([_]api.Mine{ m1, m2 }) |m| m.deinit();
    const sum_list = api.sumList(&.{ t1, t2, t3 });
    const sum_mine = api.sumMine(&.{ m1, m2 });
    const opt_some = api.opt(t2);
    const opt_none = api.opt(null);
    const pair_sum = api.pairSum(.{ .a = t1, .b = m1, .n = 100 });
    const picked = [_]u32{ api.picked(.{ .one = t3 }), api.picked(.{ .other = m2 }), api.picked(.none) };
    const tuple_sum = api.tupleSum(.{ t2, m1 });
    const pairs = api.pairs(&.{ .{ .a = t1, .b = m2, .n = 5 }, .{ .a = t3, .b = m1, .n = 6 } });
    // Every handle is still ours: the provider only borrowed them.
    const still = t3.value() + m2.value();
    return std.fmt.allocPrint(
        b.allocator,
        "sum-list {d}, sum-mine {d}, opt {d} {d}, pair-sum {d}, picked {d} {d} {d}, tuple-sum {d}, pairs {d}, still {d}",
        .{ sum_list, sum_mine, opt_some, opt_none, pair_sum, picked[0], picked[1], picked[2], tuple_sum, pairs, still },
    ) catch @panic("out of memory");
}
