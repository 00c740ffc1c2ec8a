//! Zig bindings (in progress).

use crate::source::Files;
use crate::world::World;

pub fn generate(_world: &World<'_>, _meta: &[u8]) -> Files {
    Files::default()
}
