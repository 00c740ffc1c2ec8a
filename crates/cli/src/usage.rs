//! Usage errors: a problem with how `weld` was invoked (a bad flag value,
//! flags that conflict or are missing, a malformed spec). `main` renders them
//! as clap renders its own (the message, the command's usage line, a pointer
//! to `--help`) and exits with 2; every other error exits with 1.

use std::fmt;

/// An error about the command line rather than about the inputs.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// `Err(UsageError)` as an `anyhow::Error`, for `?` and `return`.
pub fn error(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// Returns early with a usage error, like `anyhow::bail!`.
#[macro_export]
macro_rules! usage_bail {
    ($($arg:tt)*) => {
        return Err($crate::usage::error(format!($($arg)*)))
    };
}

/// The message of the usage error in `err`'s chain, if any: a
/// `UsageError`, or a library error about a missing flag (see `hints`).
pub fn find(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|e| e.downcast_ref::<UsageError>()).map(|u| u.0.clone()).or_else(|| crate::hints::usage(err))
}
