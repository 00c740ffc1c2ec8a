//! Implements the exports of tests/bindgen/resources.wit's `resources`
//! world for check-zig.sh (the bindings are generated as resources.zig), so
//! that Zig compiles every export wrapper: a resource of an interface both
//! imported and exported, a fallible static constructor, resources in lists
//! and options, aliases, and the world's own function over the imported
//! blob.

const b = @import("resources.zig");
const both_t = b.exports.@"test".resources.both;
const store_t = b.exports.@"test".resources.store;
const user_t = b.exports.@"test".resources.user;

comptime {
    b.exportWorld(@This());
}

pub fn top(blob: b.Blob) []const b.Blob {
    const out = b.allocator.alloc(b.Blob, 1) catch @panic("out of memory");
    out[0] = blob;
    return out;
}

pub const both = struct {
    pub const Counter = struct {
        n: u32,

        pub fn init(start: u32) Counter {
            return .{ .n = start };
        }

        pub fn get(self: *Counter) u32 {
            return self.n;
        }

        pub fn tryNew(start: u32) b.Result(both_t.Counter, []const u8) {
            if (start == 0) return .{ .err = b.allocator.dupe(u8, "zero") catch @panic("out of memory") };
            return .{ .ok = both_t.Counter.init(Counter{ .n = start }) };
        }
    };

    pub fn mk() both_t.Counter2 {
        return both_t.Counter.init(Counter{ .n = 1 });
    }

    pub fn count(c: []const both_t.Counter) []const both_t.Counter2 {
        return c;
    }

    pub fn peek(c: *Counter) u32 {
        return c.n;
    }
};

pub const store = struct {
    pub const Blob = struct {
        bytes: []const u8,

        pub fn init(bytes: []const u8) Blob {
            return .{ .bytes = bytes };
        }

        pub fn size(self: *Blob) u32 {
            return @intCast(self.bytes.len);
        }

        pub fn create(n: u32) b.Result(store_t.Blob, []const u8) {
            if (n == 0) return .{ .err = b.allocator.dupe(u8, "empty") catch @panic("out of memory") };
            return .{ .ok = sized(n) };
        }

        pub fn many(n: u32) []const store_t.Blob {
            const out = b.allocator.alloc(store_t.Blob, n) catch @panic("out of memory");
            for (out, 0..) |*o, i| o.* = sized(@intCast(i));
            return out;
        }

        pub fn deinit(self: *Blob) void {
            b.free(self.bytes);
        }
    };

    fn sized(n: u32) store_t.Blob {
        const bytes = b.allocator.alloc(u8, n) catch @panic("out of memory");
        @memset(bytes, 0);
        return store_t.Blob.init(Blob{ .bytes = bytes });
    }

    pub fn make(n: u32) store_t.BlobAlias {
        return sized(n);
    }

    pub fn sizes(xs: []const store_t.Blob) []const u32 {
        defer b.free(xs);
        const out = b.allocator.alloc(u32, xs.len) catch @panic("out of memory");
        for (xs, out) |x, *o| {
            o.* = x.rep(Blob).size();
            x.deinit();
        }
        return out;
    }

    pub fn peekAlias(blob: *Blob) u32 {
        return blob.size();
    }
};

pub const user = struct {
    pub fn wrap(blob: user_t.Blob) user_t.Mine {
        return blob;
    }

    pub fn peek(blob: *store.Blob) u32 {
        return blob.size();
    }

    pub fn maybe(blob: ?user_t.Blob) ?user_t.Mine {
        return blob;
    }

    pub fn all(blobs: []const user_t.Mine) b.Result([]const user_t.Blob, u32) {
        if (blobs.len == 0) return .{ .err = 0 };
        return .{ .ok = blobs };
    }
};
