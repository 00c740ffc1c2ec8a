//! The `digest` interface in Zig. `weld build` writes the bindings to
//! `hasher.zig` (after the world) beside this file.

const bindings = @import("hasher.zig");

comptime {
    bindings.exportWorld(@This());
}

pub const digest = struct {
    /// 32-bit FNV-1a over the UTF-8 bytes.
    pub fn fnv1a(text: []const u8) u32 {
        // The argument is ours to free.
        defer bindings.free(text);
        var hash: u32 = 0x811c9dc5;
        for (text) |byte| {
            hash ^= byte;
            hash *%= 0x01000193;
        }
        return hash;
    }
};
