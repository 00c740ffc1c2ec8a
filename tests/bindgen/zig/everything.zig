//! Implements the exports of the coverage fixture's `everything` world for
//! check-zig.sh (the bindings are generated as everything.zig).

const b = @import("everything.zig");
const api_types = b.exports.@"test".coverage.api;
const Blob = b.@"test".coverage.types.Blob;

comptime {
    b.exportWorld(@This());
}

pub fn version() []const u8 {
    b.host.log("version");
    b.setLevel(if (b.clock() > 0) 1 else 0);
    return b.allocator.dupe(u8, "1.0.0") catch @panic("out of memory");
}

pub const api = struct {
    pub fn lookup(id: u64) ?api_types.Entry {
        if (id == 0) return null;
        return .{
            .id = id,
            .name = b.allocator.dupe(u8, "zero") catch @panic("out of memory"),
            .status = .active,
            .tags = null,
            .scores = &.{},
        };
    }

    pub fn store(e: api_types.Entry) b.Result(void, []const u8) {
        defer b.free(e);
        return if (e.status == .retired) .{ .err = b.allocator.dupe(u8, "retired") catch @panic("out of memory") } else .{ .ok = {} };
    }

    pub fn convert(v: api_types.Value) api_types.Value {
        return switch (v) {
            .int => |i| .{ .float = @floatFromInt(i) },
            else => v,
        };
    }

    pub fn values(vs: []const api_types.Value) []const api_types.Value {
        return vs;
    }

    pub fn keywords(kind: api_types.KeywordNames, n: u32, m: api_types.Few) api_types.KeywordNames {
        return if (n > 0 and m.read) .@"struct" else kind;
    }

    pub fn many(a: u64, f: f32, d: f64, s: []const u8, bytes: []const u8, v: api_types.Value, w: api_types.Wide, h: ?f32) struct { u64, f32, f64 } {
        defer b.free(s);
        defer b.free(bytes);
        defer b.free(v);
        return .{ a + @intFromBool(w.f31), f + (h orelse 0), d };
    }

    pub fn open(h: api_types.Holder) []const Blob {
        if (h.main) |m| {
            const copy = Blob.concat(m, m);
            copy.deinit();
            m.deinit();
        }
        return h.blobs;
    }

    pub fn allIds(x: api_types.MaybeIds) api_types.Ids {
        return x orelse &.{};
    }

    pub fn rename(n: api_types.Name) api_types.Name {
        return n;
    }

    pub fn nothing() void {}

    pub fn errOnly() b.Result(void, u8) {
        return .{ .err = 1 };
    }

    pub fn okOnly() b.Result(u8, void) {
        return .{ .ok = 1 };
    }
};
