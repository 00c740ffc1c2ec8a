//! The `runner` world in Zig: calls every import of the test component and
//! checks each answer, exactly as ../rust/runner/src/lib.rs does; `run()`
//! returns "ok: N checks" or the failures.

const std = @import("std");
const bindings = @import("bindings/runner.zig");

const gpa = bindings.allocator;
const free = bindings.free;
const roundtrip = bindings.@"test".roundtrip;
const numbers = roundtrip.numbers;
const strings = roundtrip.strings;
const lists = roundtrip.lists;
const records = roundtrip.records;
const variants = roundtrip.variants;
const options = roundtrip.options;
const resources = roundtrip.resources;
const Point = records.Point;
const Person = records.Person;
const Shape = variants.Shape;
const Perms = variants.Perms;
const Counter = resources.Counter;

comptime {
    bindings.exportWorld(@This());
}

fn oom() noreturn {
    @panic("out of memory");
}

/// Whether `a` and `b` hold the same value: slices by their contents,
/// optionals, structs and unions by their parts.
fn same(a: anytype, b: @TypeOf(a)) bool {
    const T = @TypeOf(a);
    switch (@typeInfo(T)) {
        .pointer => |p| {
            if (p.size != .slice) return a == b;
            if (a.len != b.len) return false;
            for (a, b) |x, y| {
                if (!same(x, y)) return false;
            }
            return true;
        },
        .optional => {
            const x = a orelse return b == null;
            const y = b orelse return false;
            return same(x, y);
        },
        .@"struct" => |s| {
            inline for (s.field_names) |name| {
                if (!same(@field(a, name), @field(b, name))) return false;
            }
            return true;
        },
        .@"union" => {
            if (std.meta.activeTag(a) != std.meta.activeTag(b)) return false;
            switch (a) {
                inline else => |x, tag| return same(x, @field(b, @tagName(tag))),
            }
        },
        .void => return true,
        else => return a == b,
    }
}

const Checks = struct {
    count: u32 = 0,
    failures: []const u8 = "",

    fn eq(self: *Checks, what: []const u8, found: anytype, expected: @TypeOf(found)) void {
        self.count += 1;
        if (same(found, expected)) return;
        const msg = gpa.print("{s}: expected {any}, found {any}", .{ what, expected, found }) catch oom();
        defer gpa.free(msg);
        const sep: []const u8 = if (self.failures.len == 0) "" else "; ";
        const joined = std.mem.concat(gpa, u8, &.{ self.failures, sep, msg }) catch oom();
        free(self.failures);
        self.failures = joined;
    }
};

pub fn run() []const u8 {
    var c: Checks = .{};

    // numbers
    c.eq("add", numbers.add(200, -100, 60000, -30000, 4_000_000_000, -2_000_000_000, 1 << 40, -(1 << 41)), 200 - 100 + 60000 - 30000 + 4_000_000_000 - 2_000_000_000 + (1 << 40) - (1 << 41));
    c.eq("scale", numbers.scale(1.5, 2.25), 3.375);
    c.eq("flip", numbers.flip(false), true);
    c.eq("next-char", numbers.nextChar('λ'), 'μ');
    c.eq("extremes", numbers.extremes(), .{ std.math.maxInt(u8), std.math.maxInt(u16), std.math.maxInt(u32), std.math.maxInt(u64) });

    // strings
    {
        const found = strings.echo("héllo, wörld");
        defer free(found);
        c.eq("echo", found, "héllo, wörld");
    }
    {
        const found = strings.echo("");
        defer free(found);
        c.eq("echo empty", found, "");
    }
    {
        const found = strings.concat("ab", "cd");
        defer free(found);
        c.eq("concat", found, "abcd");
    }
    c.eq("count", strings.count(&.{ "one", "twö" }), 6);
    {
        const found = strings.split("a bb ccc");
        defer free(found);
        c.eq("split", found, &.{ "a", "bb", "ccc" });
    }

    // lists
    c.eq("sum", lists.sum(&.{ 1, 2, 3, std.math.maxInt(u32) }), 6 + std.math.maxInt(u32));
    c.eq("sum empty", lists.sum(&.{}), 0);
    {
        const found = lists.reverseBytes(&.{ 1, 2, 3 });
        defer free(found);
        c.eq("reverse-bytes", found, &.{ 3, 2, 1 });
    }
    {
        const found = lists.flatten(&.{ &.{ 1, 2 }, &.{}, &.{3} });
        defer free(found);
        c.eq("flatten", found, &.{ 1, 2, 3 });
    }
    {
        const found = lists.halves(&.{ 1.0, -3.0 });
        defer free(found);
        c.eq("halves", found, &.{ 0.5, -1.5 });
    }

    // records
    c.eq("translate", records.translate(.{ .x = 1, .y = 2 }, 10), .{ .x = 11, .y = 2 });
    {
        const p: Person = .{ .name = "ada", .age = 36, .tags = &.{"x"} };
        const found = records.older(p);
        defer free(found);
        c.eq("older", found, .{ .name = "ada", .age = 37, .tags = &.{ "x", "older" } });
    }
    {
        const found = records.swap(.{ 7, "seven" });
        defer free(found);
        c.eq("swap", found, .{ "seven", 7 });
    }
    {
        var pts: [9]Point = undefined;
        for (&pts, 0..) |*p, i| p.* = .{ .x = @intCast(i), .y = 9 };
        const found = records.centroid(pts[0], pts[1], pts[2], pts[3], pts[4], pts[5], pts[6], pts[7], pts[8]);
        c.eq("centroid", found, .{ .x = 4, .y = 9 });
    }
    {
        const people = records.people(3);
        defer free(people);
        c.eq("people", people.len, 3);
        // Rust would panic on a short list; here a missing entry is just wrong.
        const missing: Person = .{ .name = "<missing>", .age = 0, .tags = &.{} };
        const found = if (people.len > 2) people[2] else missing;
        c.eq("people[2]", found, .{ .name = "p2", .age = 2, .tags = &.{ "tt", "tt" } });
    }

    // variants, enums, flags
    c.eq("next-color", variants.nextColor(.blue), .red);
    c.eq("toggle", variants.toggle(.{ .read = true, .exec = true }), .{ .read = true, .write = true, .exec = true });
    c.eq("toggle back", variants.toggle(.{ .write = true }), .{});
    c.eq("area circle", variants.area(.{ .circle = 2.0 }), 12.0);
    c.eq("area rect", variants.area(.{ .rect = .{ 2.0, 3.0 } }), 6.0);
    c.eq("area named", variants.area(.{ .named = "four" }), 4.0);
    c.eq("area big", variants.area(.{ .big = 1 << 50 }), @floatFromInt(@as(u64, 1) << 50));
    {
        const found = variants.grow(.dot);
        defer free(found);
        c.eq("grow dot", found, .{ .circle = 1.0 });
    }
    {
        const found = variants.grow(.{ .named = "box" });
        defer free(found);
        c.eq("grow named", found, .{ .named = "big box" });
    }
    {
        const quarter = std.math.maxInt(u64) / 4;
        const found = variants.grow(.{ .big = quarter });
        defer free(found);
        c.eq("grow big", found, .{ .big = quarter * 2 });
    }
    {
        const found = variants.shapes();
        defer free(found);
        const expected = [_]Shape{ .dot, .{ .circle = 0.5 }, .{ .named = "tri" }, .{ .big = 1 << 40 }, .{ .rect = .{ 1.5, 2.0 } } };
        c.eq("shapes", found, &expected);
    }

    // options and results
    c.eq("double some", options.double(21), 42);
    c.eq("double none", options.double(null), null);
    {
        const found = options.parse("123");
        defer free(found);
        c.eq("parse ok", found, .{ .ok = 123 });
    }
    {
        const found = options.parse("x1");
        defer free(found);
        c.eq("parse err", found, .{ .err = "not a number: x1" });
    }
    c.eq("check ok", options.check(5), .{ .ok = {} });
    c.eq("check err", options.check(-5), .{ .err = {} });
    {
        const found = options.unitOk(true);
        defer free(found);
        c.eq("unit-ok", found, .{ .ok = {} });
    }
    {
        const found = options.unitOk(false);
        defer free(found);
        c.eq("unit-ok err", found, .{ .err = "refused" });
    }
    {
        const found = options.nested(@as(?[]const u8, "abc"));
        defer free(found);
        c.eq("nested", found, @as(?[]const u8, "ABC"));
    }
    {
        const found = options.nested(@as(?[]const u8, null));
        defer free(found);
        c.eq("nested inner none", found, @as(?[]const u8, null));
    }
    {
        const found = options.nested(null);
        defer free(found);
        c.eq("nested none", found, null);
    }
    c.eq("first-even", options.firstEven(&.{ 1, 3, 8, 10 }), 8);
    c.eq("first-even none", options.firstEven(&.{1}), null);

    // resources
    {
        const before = resources.drops();
        const a = Counter.init(5);
        a.add(3);
        c.eq("counter get", a.get(), 8);
        c.eq("peek", resources.peek(a), 8);
        const b = Counter.init(10);
        // `merge` takes both handles.
        const m = Counter.merge(a, b);
        c.eq("merge", m.get(), 18);
        c.eq("drops after merge", resources.drops() - before, 2);
        m.deinit();
        c.eq("drops after drop", resources.drops() - before, 3);
        const many = resources.makeMany(4);
        {
            const values = gpa.alloc(u32, many.len) catch oom();
            defer gpa.free(values);
            for (many, values) |h, *v| v.* = h.get();
            c.eq("make-many", @as([]const u32, values), &.{ 0, 1, 2, 3 });
        }
        // `total` takes every handle in the list; the list's memory stays ours.
        c.eq("total", resources.total(many), 6);
        c.eq("drops after total", resources.drops() - before, 7);
        free(many);
        c.eq("drops at end", resources.drops() - before, 7);
    }

    if (c.failures.len == 0) {
        return gpa.print("ok: {d} checks", .{c.count}) catch oom();
    }
    return c.failures;
}
