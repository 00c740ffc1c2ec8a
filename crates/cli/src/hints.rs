//! The CLI's wording of typed library errors. Libraries name no flag (they
//! do not know how they were called); here an error gets the flag that
//! fixes it, in the words the user sees.

use std::error::Error;

use weld_bindgen::BadRename;
use weld_compose::wac::UnknownPackage;
use weld_wit::SeveralWorlds;

/// The text to print for `cause` instead of its own, if the CLI words it.
pub fn reword(cause: &(dyn Error + 'static)) -> Option<String> {
    if let Some(e) = cause.downcast_ref::<SeveralWorlds>() {
        return Some(format!(
            "package `{}` defines several worlds; pick one with `--world` ({})",
            e.package,
            e.listing()
        ));
    }
    if let Some(e) = cause.downcast_ref::<BadRename>() {
        return Some(format!("`--rename {}={}`: {}", e.from, e.to, e.problem));
    }
    if let Some(e) = cause.downcast_ref::<UnknownPackage>() {
        let mut places = "`--dep` options".to_string();
        if let Some(file) = &e.deps_file {
            places.push_str(&format!(", `{}`", file.display()));
        }
        return Some(format!(
            "{}\nhelp: weld looked in {places}; pass `--dep {}=PATH` or add it to the deps folder",
            e.rendered, e.name
        ));
    }
    None
}

/// A library error that is about the command line (a flag is missing or
/// has a bad value), as the message to show with the usage line; exits 2
/// like a `UsageError`.
pub fn usage(err: &anyhow::Error) -> Option<String> {
    err.chain()
        .find(|c| c.downcast_ref::<SeveralWorlds>().is_some() || c.downcast_ref::<BadRename>().is_some())
        .and_then(reword)
}

/// `cause`'s text as the user sees it.
pub fn text(cause: &(dyn Error + 'static)) -> String {
    reword(cause).unwrap_or_else(|| cause.to_string())
}
