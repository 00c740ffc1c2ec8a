//! One module per `weld` command.

pub mod wit;
