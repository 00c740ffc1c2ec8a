//! Implements test:maps/m in Zig (tests/bindgen/maps.wit). A map is the
//! slice of its entries, each a tuple `{ key, value }`; tuples of the same
//! field types are one type in Zig, so entries are written as tuples here.

const std = @import("std");
const b = @import("bindings/provider.zig");
const m_t = b.exports.@"test".maps.m;

comptime {
    b.exportWorld(@This());
}

fn alloc(comptime T: type, n: usize) []T {
    return b.allocator.alloc(T, n) catch @panic("out of memory");
}

pub const m = struct {
    pub fn merge(a: m_t.Counts, x: m_t.Counts) m_t.Counts {
        defer b.free(x);
        const out = alloc(struct { []const u8, u32 }, a.len + x.len);
        for (a, 0..) |e, i| out[i] = e;
        var n = a.len;
        b.allocator.free(a);
        outer: for (x) |e| {
            for (out[0..n]) |*o| {
                if (std.mem.eql(u8, o[0], e[0])) {
                    o[1] += e[1];
                    continue :outer;
                }
            }
            out[n] = .{ b.allocator.dupe(u8, e[0]) catch @panic("out of memory"), e[1] };
            n += 1;
        }
        return out[0..n];
    }

    pub fn invert(x: []const struct { u32, []const u8 }) []const struct { []const u8, u32 } {
        const out = alloc(struct { []const u8, u32 }, x.len);
        for (x, out) |e, *o| o.* = .{ e[1], e[0] };
        b.allocator.free(x);
        return out;
    }

    pub fn pick(items: []const struct { []const u8, m_t.Item }, min: u32) ?[]const struct { u21, m_t.Item } {
        const out = alloc(struct { u21, m_t.Item }, items.len);
        var n: usize = 0;
        for (items) |e| {
            if (e[1].score >= min) {
                const first = std.unicode.utf8Decode(e[0][0 .. std.unicode.utf8ByteSequenceLength(e[0][0]) catch 1]) catch '?';
                out[n] = .{ first, e[1] };
                n += 1;
            } else {
                b.free(e[1]);
            }
            b.allocator.free(e[0]);
        }
        b.allocator.free(items);
        if (n == 0) return null;
        return out[0..n];
    }

    pub fn sizes(x: []const struct { []const u8, []const struct { []const u8, u8 } }) []const struct { []const u8, u32 } {
        const out = alloc(struct { []const u8, u32 }, x.len);
        for (x, out) |e, *o| {
            o.* = .{ e[0], @intCast(e[1].len) };
            b.free(e[1]);
        }
        b.allocator.free(x);
        return out;
    }
};
