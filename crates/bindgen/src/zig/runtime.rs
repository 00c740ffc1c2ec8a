//! The parts of the file that do not depend on the world's items: the
//! allocator, `Result`, `free`, `cabi_realloc`, the `_rt` helpers of the
//! generated code and the embedded world.

use super::Gen;

/// Everything above the world's items.
pub(super) fn header(g: &Gen<'_, '_>) -> String {
    let value = g.fixed_param("value");
    let (t, e) = (g.fixed_param("T"), g.fixed_param("E"));
    format!(
        r#"//! Bindings for the world `{world}`.
//!
//! Memory: strings are `[]const u8` (UTF-8) and lists slices; the memory of
//! both comes from `allocator`. An imported function borrows its arguments
//! (they only need to live during the call) and returns values the caller
//! owns: release them with `free`. An exported function owns its arguments
//! (release them with `free`, or return them) and must return memory from
//! `allocator`, which the bindings release after the call. Resource handles
//! are not memory: `deinit` drops a handle, and passing a handle where the
//! WIT says `own` gives it away.

const std = @import("std");
const _root = @This();

/// The allocator behind every string and list that crosses the boundary
/// (`cabi_realloc` uses it too).
pub const allocator: std.mem.Allocator = std.heap.wasm_allocator;

/// A WIT `result`; `void` stands for a missing payload.
pub fn Result(comptime {t}: type, comptime {e}: type) type {{
    return union(enum) {{
        ok: {t},
        err: {e},
    }};
}}

/// Releases the memory `{value}` owns (strings and lists, recursively), as
/// received from an import or as an export's argument. Resource handles are
/// left alone: drop those with `deinit`.
pub fn free({value}: anytype) void {{
    const _T = @TypeOf({value});
    switch (@typeInfo(_T)) {{
        .pointer => |_p| if (_p.size == .slice) {{
            if (comptime _rt.owns(_p.child)) {{
                for ({value}) |_e| free(_e);
            }}
            allocator.free({value});
        }},
        .optional => if ({value}) |_v| free(_v),
        .@"struct" => |_s| if (_s.layout != .@"packed") {{
            inline for (_s.field_names) |_name| free(@field({value}, _name));
        }},
        .@"union" => |_u| if (_u.tag_type != null) switch ({value}) {{
            inline else => |_v| free(_v),
        }},
        else => {{}},
    }}
}}"#,
        world = g.world.name,
    )
}

/// Everything below the world's items.
pub(super) fn footer(g: &Gen<'_, '_>, meta: &[u8]) -> String {
    let mut out = String::from(RUNTIME);
    out.push('\n');
    out.push('\n');
    out.push_str(&format!("// The world `{}`, for `weld new`: a `component-type` custom section.\n", g.world.name));
    out.push_str("comptime {\nasm (\n");
    out.push_str(&format!("\\\\.section \".custom_section.component-type:weld:{}\",\"\",@\n", g.world.name));
    for chunk in meta.chunks(32) {
        out.push_str("\\\\.ascii \"");
        for b in chunk {
            out.push_str(&format!("\\{b:03o}"));
        }
        out.push_str("\"\n");
    }
    out.push_str("\\\\.text\n);\n}");
    out
}

const RUNTIME: &str = r#"// Weak, so that bindings for several worlds can live in one module: the
// linker keeps one `cabi_realloc`.
comptime {
    @export(&cabi_realloc, .{ .name = "cabi_realloc", .linkage = .weak });
}

/// Allocates for the other side of the boundary (the canonical ABI's
/// `realloc`): strings and lists passed to this module are allocated here.
fn cabi_realloc(_old: ?[*]u8, _old_size: usize, _align: usize, _new_size: usize) callconv(.c) [*]u8 {
    const _a = std.mem.Alignment.fromByteUnits(_align);
    if (_old_size != 0) {
        const _prev = _old.?[0.._old_size];
        if (_new_size == 0) {
            allocator.rawFree(_prev, _a, @returnAddress());
            return @ptrFromInt(_align);
        }
        if (allocator.rawRemap(_prev, _a, _new_size, @returnAddress())) |_p| return _p;
        const _p = _rt.alloc(_new_size, _align);
        const _n = @min(_old_size, _new_size);
        @memcpy(_p[0.._n], _prev[0.._n]);
        allocator.rawFree(_prev, _a, @returnAddress());
        return _p;
    }
    return _rt.alloc(_new_size, _align);
}

/// Helpers of the generated code (they name each other through `_rt`: a
/// bare name could be ambiguous with one of the world's).
const _rt = struct {
    fn oom() noreturn {
        @panic("out of memory");
    }

    /// Core value `_v` (an address) as a pointer.
    fn ptr(_v: i32) [*]u8 {
        return @ptrFromInt(@as(usize, @as(u32, @bitCast(_v))));
    }

    /// The address of `_p` as a core value.
    fn addr(_p: anytype) i32 {
        return @bitCast(@as(u32, @intCast(@intFromPtr(_p))));
    }

    /// Core value `_v` (a length) as a `usize`.
    fn len(_v: i32) usize {
        return @as(u32, @bitCast(_v));
    }

    fn load(comptime _T: type, _base: [*]u8, _offset: usize) _T {
        const _p: *align(1) const _T = @ptrCast(_base + _offset);
        return _p.*;
    }

    fn store(comptime _T: type, _base: [*]u8, _offset: usize, _value: _T) void {
        const _p: *align(1) _T = @ptrCast(_base + _offset);
        _p.* = _value;
    }

    /// `_n` values of a scalar type at address `_p` (no copy).
    fn slice(comptime _T: type, _p: i32, _n: i32) []const _T {
        const _count = _rt.len(_n);
        if (_count == 0) return &.{};
        const _items: [*]const _T = @ptrCast(@alignCast(_rt.ptr(_p)));
        return _items[0.._count];
    }

    fn string(_p: i32, _n: i32) []const u8 {
        return _rt.slice(u8, _p, _n);
    }

    fn alloc(_size: usize, _align: usize) [*]u8 {
        if (_size == 0) return @ptrFromInt(_align);
        const _a = std.mem.Alignment.fromByteUnits(_align);
        return allocator.rawAlloc(_size, _a, @returnAddress()) orelse _rt.oom();
    }

    fn dealloc(_p: i32, _size: usize, _align: usize) void {
        if (_size == 0) return;
        allocator.rawFree(_rt.ptr(_p)[0.._size], std.mem.Alignment.fromByteUnits(_align), @returnAddress());
    }

    /// Whether values of type `_T` own memory `free` releases.
    fn owns(comptime _T: type) bool {
        return switch (@typeInfo(_T)) {
            .pointer => |_p| _p.size == .slice,
            .optional => |_o| _rt.owns(_o.child),
            .@"struct" => |_s| _s.layout != .@"packed" and for (_s.field_types) |_t| {
                if (_rt.owns(_t)) break true;
            } else false,
            .@"union" => |_u| for (_u.field_types) |_t| {
                if (_rt.owns(_t)) break true;
            } else false,
            else => false,
        };
    }

    /// Memory lent to an import for one call, released by `run`.
    const Cleanup = struct {
        head: ?*_rt.CleanupNode = null,

        fn alloc(_self: *_rt.Cleanup, _size: usize, _align: usize) [*]u8 {
            const _p = _rt.alloc(_size, _align);
            const _node = allocator.create(_rt.CleanupNode) catch _rt.oom();
            _node.* = .{ .next = _self.head, .ptr = _p, .size = _size, .alignment = _align };
            _self.head = _node;
            return _p;
        }

        fn run(_self: *_rt.Cleanup) void {
            while (_self.head) |_node| {
                _self.head = _node.next;
                _rt.dealloc(_rt.addr(_node.ptr), _node.size, _node.alignment);
                allocator.destroy(_node);
            }
        }
    };

    const CleanupNode = struct {
        next: ?*_rt.CleanupNode,
        ptr: [*]u8,
        size: usize,
        alignment: usize,
    };

    /// Borrowed handles an export received, dropped by `run` when its call
    /// is over.
    const Lent = struct {
        head: ?*_rt.LentNode = null,

        fn add(_self: *_rt.Lent, _handle: i32, _drop: *const fn (i32) void) i32 {
            const _node = allocator.create(_rt.LentNode) catch _rt.oom();
            _node.* = .{ .next = _self.head, .handle = _handle, .drop = _drop };
            _self.head = _node;
            return _handle;
        }

        fn run(_self: *_rt.Lent) void {
            while (_self.head) |_node| {
                _self.head = _node.next;
                _node.drop(_node.handle);
                allocator.destroy(_node);
            }
        }
    };

    const LentNode = struct {
        next: ?*_rt.LentNode,
        handle: i32,
        drop: *const fn (i32) void,
    };
};"#;
