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
pub mod linking;
pub mod new;
pub mod plug;
pub mod registry;
pub mod report;
pub mod run;
pub mod serve;
pub mod targets;
pub mod toolchain;
pub mod wit;
pub mod wit_diff;

/// `--check` as the old spelling of `--dry-run` in `weld compose` and `weld
/// plug`: it still works, with a warning, since `--check` means "the files
/// are fresh" in `weld bindgen`.
pub fn deprecated_check(command: &str, given: bool) -> bool {
    if given {
        eprintln!(
            "warning: `weld {command} --check` is deprecated; use `--dry-run` (`--check` means \"the files are fresh\" in `weld bindgen`)"
        );
    }
    given
}
