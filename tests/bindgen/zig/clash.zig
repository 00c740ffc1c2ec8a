//! Implements the exports of the `clash` fixture for check-zig.sh (the
//! bindings are generated as clash.zig): the interface `api` is declared by
//! its full name, since the world's function `api` takes the short one.

const b = @import("clash.zig");

comptime {
    b.exportWorld(@This());
}

pub fn api() u32 {
    return 1;
}

pub const test_clash_api = struct {
    pub fn ping() u32 {
        return 2;
    }
};
