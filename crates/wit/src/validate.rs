//! Checks wit-parser does not make.
//!
//! wit-parser 0.254 accepts `record r {}`, `flags f {}`, flags with more
//! than 32 members and `tuple<>` in text, but the component model's binary
//! format (as wasmparser validates it) forbids them, so such a
//! package only fails later, when it is encoded or used to make a component,
//! with a message about a byte offset. weld reports them at load time, at the
//! line that declares them.

use anyhow::{Result, anyhow};
use wit_parser::{ParseError, Resolve, TypeDefKind};

/// The most members a `flags` type may have (wasmparser's limit).
const MAX_FLAGS: usize = 32;

/// Fails on the first type the component model cannot encode.
pub fn check(resolve: &Resolve) -> Result<()> {
    for (_, ty) in resolve.types.iter() {
        let problem = match &ty.kind {
            TypeDefKind::Record(r) if r.fields.is_empty() => "a record must have at least one field".to_string(),
            TypeDefKind::Flags(f) if f.flags.is_empty() => "flags must have at least one flag".to_string(),
            TypeDefKind::Flags(f) if f.flags.len() > MAX_FLAGS => {
                format!("flags may have at most {MAX_FLAGS} members in the component model, found {}", f.flags.len())
            }
            TypeDefKind::Tuple(t) if t.types.is_empty() => {
                "a tuple must have at least one type (`tuple<>` is not allowed)".to_string()
            }
            _ => continue,
        };
        let what = match &ty.name {
            Some(name) => format!("`{name}`: {problem}"),
            None => problem,
        };
        let err = anyhow::Error::from(ParseError::new_syntax(ty.span, what.clone()));
        let rendered = resolve.render_error(&err);
        return Err(anyhow!("{}", if rendered.is_empty() { what } else { rendered }));
    }
    Ok(())
}
