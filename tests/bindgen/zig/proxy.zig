//! Implements the exports of the WASI `proxy` world for check-zig.sh (the
//! bindings are generated as proxy.zig).

const b = @import("proxy.zig");
const types = b.wasi.http.types;

comptime {
    b.exportWorld(@This());
}

pub const incoming_handler = struct {
    pub fn handle(request: types.IncomingRequest, response_out: types.ResponseOutparam) void {
        const path = request.pathWithQuery();
        defer b.free(path);
        request.deinit();
        const headers = types.Fields.init();
        const response = types.OutgoingResponse.init(headers);
        _ = response.setStatusCode(if (path != null) 200 else 404);
        types.ResponseOutparam.set(response_out, .{ .ok = response });
    }
};
