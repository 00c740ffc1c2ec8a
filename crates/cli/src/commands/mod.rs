//! One module per `weld` command.

pub mod common;
pub mod compile;
pub mod embed;
pub mod inspect;
pub mod new;
pub mod run;
pub mod targets;
pub mod wit;
