//! The `test` world in Zig: each function does something checkable, exactly
//! as the Rust version in ../rust/test/src/lib.rs does (including wrapping
//! arithmetic, which is what the Rust guest does in a release build).
//!
//! Ownership, as the bindings document it: every argument belongs to the
//! function (free it or move it into the result), and every result must be
//! memory from `bindings.allocator`, which the bindings free after the call.

const std = @import("std");
const bindings = @import("bindings/test.zig");

const gpa = bindings.allocator;
const free = bindings.free;
const Result = bindings.Result;
const Point = bindings.exports.@"test".roundtrip.records.Point;
const Person = bindings.exports.@"test".roundtrip.records.Person;
const Color = bindings.exports.@"test".roundtrip.variants.Color;
const Perms = bindings.exports.@"test".roundtrip.variants.Perms;
const Shape = bindings.exports.@"test".roundtrip.variants.Shape;
/// A handle to a counter of this component.
const CounterHandle = bindings.exports.@"test".roundtrip.resources.Counter;

comptime {
    bindings.exportWorld(@This());
}

fn oom() noreturn {
    @panic("out of memory");
}

fn dupe(s: []const u8) []const u8 {
    return gpa.dupe(u8, s) catch oom();
}

fn join(parts: []const []const u8) []const u8 {
    return std.mem.concat(gpa, u8, parts) catch oom();
}

// ---- UTF-8, for `nested` -----------------------------------------------

/// Decodes the scalar at `s[i.*]` (the input is valid UTF-8: the canonical
/// ABI checks it) and advances `i`.
fn utf8Next(s: []const u8, i: *usize) u21 {
    const first = s[i.*];
    const n: usize = if (first < 0x80) 1 else if (first < 0xE0) 2 else if (first < 0xF0) 3 else 4;
    var c: u21 = switch (n) {
        1 => first,
        2 => first & 0x1F,
        3 => first & 0x0F,
        else => first & 0x07,
    };
    var k: usize = 1;
    while (k < n and i.* + k < s.len) : (k += 1) {
        c = (c << 6) | (s[i.* + k] & 0x3F);
    }
    i.* += n;
    return c;
}

/// Appends the UTF-8 encoding of `c` to `buf` (room for 4 bytes); returns
/// the number of bytes.
fn utf8Put(buf: []u8, c: u21) usize {
    if (c < 0x80) {
        buf[0] = @intCast(c);
        return 1;
    }
    if (c < 0x800) {
        buf[0] = @intCast(0xC0 | (c >> 6));
        buf[1] = @intCast(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        buf[0] = @intCast(0xE0 | (c >> 12));
        buf[1] = @intCast(0x80 | ((c >> 6) & 0x3F));
        buf[2] = @intCast(0x80 | (c & 0x3F));
        return 3;
    }
    buf[0] = @intCast(0xF0 | (c >> 18));
    buf[1] = @intCast(0x80 | ((c >> 12) & 0x3F));
    buf[2] = @intCast(0x80 | ((c >> 6) & 0x3F));
    buf[3] = @intCast(0x80 | (c & 0x3F));
    return 4;
}

/// Upper-cases one scalar into `out` (at most 2 scalars, for 'ß' -> "SS").
/// Covers ASCII, Latin-1, basic Greek and basic Cyrillic, as the C version
/// does; other scalars stay as they are (Rust's `to_uppercase` knows all of
/// Unicode, but the checks only need ASCII). No mapping here makes the
/// UTF-8 text longer.
fn upper(c: u21, out: *[2]u21) usize {
    out[0] = switch (c) {
        'a'...'z' => c - 0x20,
        0xDF => {
            out[0] = 'S';
            out[1] = 'S';
            return 2;
        },
        0xB5 => 0x39C,
        0xE0...0xF6, 0xF8...0xFE => c - 0x20,
        0xFF => 0x178,
        0x3C2 => 0x3A3,
        0x3B1...0x3C1, 0x3C3...0x3CB => c - 0x20,
        0x430...0x44F => c - 0x20,
        0x450...0x45F => c - 0x50,
        else => c,
    };
    return 1;
}

fn toUpper(s: []const u8) []const u8 {
    const out = gpa.alloc(u8, s.len) catch oom();
    var n: usize = 0;
    var i: usize = 0;
    while (i < s.len) {
        var cs: [2]u21 = undefined;
        const k = upper(utf8Next(s, &i), &cs);
        for (cs[0..k]) |c| n += utf8Put(out[n..], c);
    }
    return gpa.realloc(out, n) catch oom();
}

// ---- numbers ---------------------------------------------------------------

pub const numbers = struct {
    pub fn add(a: u8, b: i8, c: u16, d: i16, e: u32, f: i32, g: u64, h: i64) i64 {
        const g64: i64 = @bitCast(g);
        return @as(i64, a) +% b +% c +% d +% e +% f +% g64 +% h;
    }

    pub fn scale(a: f32, b: f64) f64 {
        return @as(f64, a) * b;
    }

    pub fn flip(b: bool) bool {
        return !b;
    }

    pub fn nextChar(c: u21) u21 {
        const n = @as(u32, c) + 1;
        if (n > 0x10FFFF or (n >= 0xD800 and n <= 0xDFFF)) return '?';
        return @intCast(n);
    }

    pub fn extremes() struct { u8, u16, u32, u64 } {
        return .{ std.math.maxInt(u8), std.math.maxInt(u16), std.math.maxInt(u32), std.math.maxInt(u64) };
    }
};

// ---- strings ---------------------------------------------------------------

pub const strings = struct {
    pub fn echo(s: []const u8) []const u8 {
        return s;
    }

    pub fn concat(a: []const u8, b: []const u8) []const u8 {
        defer free(a);
        defer free(b);
        return join(&.{ a, b });
    }

    pub fn count(words: []const []const u8) u32 {
        defer free(words);
        var n: u32 = 0;
        for (words) |w| {
            for (w) |byte| {
                if ((byte & 0xC0) != 0x80) n += 1;
            }
        }
        return n;
    }

    pub fn split(s: []const u8) []const []const u8 {
        defer free(s);
        const pieces = std.mem.count(u8, s, " ") + 1;
        const out = gpa.alloc([]const u8, pieces) catch oom();
        var start: usize = 0;
        var k: usize = 0;
        for (0..s.len + 1) |i| {
            if (i == s.len or s[i] == ' ') {
                out[k] = dupe(s[start..i]);
                k += 1;
                start = i + 1;
            }
        }
        return out;
    }
};

// ---- lists -----------------------------------------------------------------

pub const lists = struct {
    pub fn sum(xs: []const u32) u64 {
        defer free(xs);
        var total: u64 = 0;
        for (xs) |x| total +%= x;
        return total;
    }

    pub fn reverseBytes(b: []const u8) []const u8 {
        defer free(b);
        const out = gpa.alloc(u8, b.len) catch oom();
        for (b, 0..) |byte, i| out[b.len - 1 - i] = byte;
        return out;
    }

    pub fn flatten(xs: []const []const u16) []const u16 {
        defer free(xs);
        return std.mem.concat(gpa, u16, xs) catch oom();
    }

    pub fn halves(xs: []const f64) []const f64 {
        defer free(xs);
        const out = gpa.alloc(f64, xs.len) catch oom();
        for (xs, out) |x, *o| o.* = x / 2.0;
        return out;
    }
};

// ---- records ---------------------------------------------------------------

pub const records = struct {
    pub fn translate(p: Point, dx: i32) Point {
        return .{ .x = p.x +% dx, .y = p.y };
    }

    pub fn older(p: Person) Person {
        const tags = gpa.alloc([]const u8, p.tags.len + 1) catch oom();
        @memcpy(tags[0..p.tags.len], p.tags);
        tags[p.tags.len] = dupe("older");
        // The strings moved into `tags`; only the old list goes.
        gpa.free(p.tags);
        return .{ .name = p.name, .age = p.age +% 1, .tags = tags };
    }

    pub fn swap(t: struct { u32, []const u8 }) struct { []const u8, u32 } {
        return .{ t[1], t[0] };
    }

    pub fn centroid(a: Point, b: Point, c: Point, d: Point, e: Point, f: Point, g: Point, h: Point, i: Point) Point {
        var x: i32 = 0;
        var y: i32 = 0;
        for ([_]Point{ a, b, c, d, e, f, g, h, i }) |p| {
            x +%= p.x;
            y +%= p.y;
        }
        return .{ .x = @divTrunc(x, 9), .y = @divTrunc(y, 9) };
    }

    pub fn people(n: u8) []const Person {
        const out = gpa.alloc(Person, n) catch oom();
        for (out, 0..) |*p, i| {
            const tags = gpa.alloc([]const u8, i) catch oom();
            for (tags) |*t| {
                const tag = gpa.alloc(u8, i) catch oom();
                @memset(tag, 't');
                t.* = tag;
            }
            p.* = .{ .name = gpa.print("p{d}", .{i}) catch oom(), .age = @intCast(i), .tags = tags };
        }
        return out;
    }
};

// ---- variants, enums, flags ------------------------------------------------

pub const variants = struct {
    pub fn nextColor(c: Color) Color {
        return switch (c) {
            .red => .green,
            .green => .blue,
            .blue => .red,
        };
    }

    pub fn toggle(p: Perms) Perms {
        var q = p;
        q.write = !q.write;
        return q;
    }

    pub fn area(s: Shape) f64 {
        defer free(s);
        return switch (s) {
            .circle => |r| 3.0 * @as(f64, r) * @as(f64, r),
            // Multiplied as f32, as in Rust.
            .rect => |wh| @as(f64, wh[0] * wh[1]),
            .dot => 0.0,
            .named => |n| @floatFromInt(n.len),
            .big => |n| @floatFromInt(n),
        };
    }

    pub fn grow(s: Shape) Shape {
        defer free(s);
        return switch (s) {
            .circle => |r| .{ .circle = r * 2.0 },
            .rect => |wh| .{ .rect = .{ wh[0] * 2.0, wh[1] * 2.0 } },
            .dot => .{ .circle = 1.0 },
            .named => |n| .{ .named = join(&.{ "big ", n }) },
            .big => |n| .{ .big = n *% 2 },
        };
    }

    pub fn shapes() []const Shape {
        const all = [_]Shape{
            .dot,
            .{ .circle = 0.5 },
            .{ .named = dupe("tri") },
            .{ .big = 1 << 40 },
            .{ .rect = .{ 1.5, 2.0 } },
        };
        return gpa.dupe(Shape, &all) catch oom();
    }
};

// ---- options and results ---------------------------------------------------

pub const options = struct {
    pub fn double(x: ?u32) ?u32 {
        return if (x) |v| v *% 2 else null;
    }

    pub fn parse(s: []const u8) Result(u32, []const u8) {
        defer free(s);
        // As Rust's `u32::from_str`: an optional '+', then at least one
        // digit, no overflow.
        const digits = if (s.len > 0 and s[0] == '+') s[1..] else s;
        var ok = digits.len > 0;
        var v: u64 = 0;
        for (digits) |ch| {
            if (ch < '0' or ch > '9') {
                ok = false;
                break;
            }
            v = v * 10 + (ch - '0');
            if (v > std.math.maxInt(u32)) {
                ok = false;
                break;
            }
        }
        if (ok) return .{ .ok = @intCast(v) };
        return .{ .err = join(&.{ "not a number: ", s }) };
    }

    pub fn check(x: i32) Result(void, void) {
        return if (x < 0) .{ .err = {} } else .{ .ok = {} };
    }

    pub fn unitOk(ok: bool) Result(void, []const u8) {
        return if (ok) .{ .ok = {} } else .{ .err = dupe("refused") };
    }

    pub fn nested(x: ??[]const u8) ??[]const u8 {
        defer free(x);
        const inner = x orelse return null;
        const s = inner orelse return @as(?[]const u8, null);
        return toUpper(s);
    }

    pub fn firstEven(xs: []const u32) ?u32 {
        defer free(xs);
        for (xs) |x| {
            if (x % 2 == 0) return x;
        }
        return null;
    }
};

// ---- resources -------------------------------------------------------------

/// How many counters this side has destroyed so far.
var drop_count: u32 = 0;

pub const resources = struct {
    /// The value behind a `counter` handle.
    pub const Counter = struct {
        value: u32,

        pub fn init(start: u32) Counter {
            return .{ .value = start };
        }

        pub fn add(self: *Counter, n: u32) void {
            self.value +%= n;
        }

        pub fn get(self: *Counter) u32 {
            return self.value;
        }

        /// Takes both counters (their handles are dropped here).
        pub fn merge(a: CounterHandle, b: CounterHandle) CounterHandle {
            const sum = a.rep(Counter).value +% b.rep(Counter).value;
            a.deinit();
            b.deinit();
            return CounterHandle.init(Counter{ .value = sum });
        }

        /// The destructor.
        pub fn deinit(self: *Counter) void {
            _ = self;
            drop_count += 1;
        }
    };

    pub fn drops() u32 {
        return drop_count;
    }

    pub fn makeMany(n: u32) []const CounterHandle {
        const out = gpa.alloc(CounterHandle, n) catch oom();
        for (out, 0..) |*h, i| h.* = CounterHandle.init(Counter{ .value = @intCast(i) });
        return out;
    }

    pub fn total(cs: []const CounterHandle) u32 {
        defer free(cs);
        var sum: u32 = 0;
        for (cs) |h| sum +%= h.rep(Counter).value;
        for (cs) |h| h.deinit();
        return sum;
    }

    pub fn peek(c: *Counter) u32 {
        return c.value;
    }
};
