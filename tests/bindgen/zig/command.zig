//! Implements the exports of the WASI `command` world for check-zig.sh
//! (the bindings are generated as command.zig).

const b = @import("command.zig");

comptime {
    b.exportWorld(@This());
}

pub const run = struct {
    pub fn run() b.Result(void, void) {
        const out = b.wasi.cli.stdout.getStdout();
        defer out.deinit();
        switch (out.blockingWriteAndFlush("hello\n")) {
            .ok => return .{ .ok = {} },
            .err => |e| {
                switch (e) {
                    .last_operation_failed => |err| err.deinit(),
                    .closed => {},
                }
                return .{ .err = {} };
            },
        }
    }
};
