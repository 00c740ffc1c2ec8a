//! One module per `weld` command.

pub mod bindgen;
pub mod build;
pub mod cache;
pub mod check;
pub mod common;
pub mod compile;
pub mod compose;
pub mod embed;
pub mod graph;
pub mod inspect;
pub mod link;
pub mod new;
pub mod plug;
pub mod report;
pub mod run;
pub mod targets;
pub mod toolchain;
pub mod wit;
pub mod wit_diff;
