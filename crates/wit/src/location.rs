//! Where something is in a file, and WIT errors that keep it.
//!
//! A [`Location`] travels with findings (`weld check`), changes (`weld wit
//! diff`) and load errors, so that reports (text, JSON, SARIF, GitHub
//! annotations) take the file, line and column from typed fields instead of
//! reading them back out of rendered text.
//!
//! A [`WitError`] is the error `weld_wit::load` returns for WIT that does
//! not parse or resolve: it displays wit-parser's rendering (`file:line:col`
//! with a caret), carries the [`Location`], and keeps wit-parser's typed
//! error ([`wit_parser::ParseError`] or [`wit_parser::ResolveError`]) as its
//! source.

use std::fmt;
use std::path::PathBuf;

use wit_parser::{ParseError, ResolveError, SourceMap, Span};

/// A place in a file: the file alone, a line, or a line and a column (both
/// counted from 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl Location {
    /// The whole file `path`.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location { path: path.into(), line: None, column: None }
    }

    /// Line `line`, column `column` of `path`.
    pub fn at(path: impl Into<PathBuf>, line: u32, column: u32) -> Location {
        Location { path: path.into(), line: Some(line), column: Some(column) }
    }

    /// Where `span` starts in `map`, or `None` for an unknown span.
    pub fn of_span(map: &SourceMap, span: Span) -> Option<Location> {
        if !span.is_known() {
            return None;
        }
        // wit-parser computes lines and columns only for `render_location`,
        // whose form (`path:line:col`) it documents; the numbers are taken
        // from its right end, so a path containing `:` stays whole.
        let text = map.render_location(span);
        let mut parts = text.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some(Location::at(parts.next()?, line, column))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// WIT that does not parse or resolve.
#[derive(Debug)]
pub struct WitError {
    /// The message as wit-parser renders it, with the source line and caret.
    pub rendered: String,
    /// Where the error is, when wit-parser knows.
    pub location: Option<Location>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl WitError {
    /// An error wit-parser raised, rendered against `map` (the map its spans
    /// are valid in). The typed error in `err`'s chain, if any, gives the
    /// location and becomes the source.
    pub(crate) fn from_parser(map: &SourceMap, err: anyhow::Error) -> WitError {
        let span = err.chain().find_map(|layer| {
            if let Some(e) = layer.downcast_ref::<ResolveError>() {
                Some(e.kind().span())
            } else {
                layer.downcast_ref::<ParseError>().map(|e| e.kind().span())
            }
        });
        let rendered = wit_parser::render_anyhow_error(&err, map);
        let location = span.and_then(|s| Location::of_span(map, s));
        // The typed error itself becomes the source when it can be taken out.
        let source: Box<dyn std::error::Error + Send + Sync> = match err.downcast::<ResolveError>() {
            Ok(e) => Box::new(e),
            Err(err) => match err.downcast::<ParseError>() {
                Ok(e) => Box::new(e),
                Err(err) => err.into(),
            },
        };
        WitError { rendered, location, source: Some(source) }
    }

    /// Adds `text` (a help line) after the rendered message.
    pub(crate) fn with_help(mut self, text: &str) -> WitError {
        self.rendered.push('\n');
        self.rendered.push_str(text);
        self
    }

    /// An error wit-parser could not place: it names the input instead.
    pub(crate) fn or_at_file(mut self, name: &str) -> WitError {
        if self.location.is_none() {
            self.rendered.push_str(&format!("\n     --> {name}"));
            self.location = Some(Location::file(name));
        }
        self
    }
}

impl fmt::Display for WitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rendered)
    }
}

impl std::error::Error for WitError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The location of the first [`WitError`] in `err`'s chain.
pub fn location_of(err: &anyhow::Error) -> Option<Location> {
    err.chain().find_map(|e| e.downcast_ref::<WitError>()).and_then(|e| e.location.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_much_as_it_knows() {
        assert_eq!(Location::file("a.wit").to_string(), "a.wit");
        assert_eq!(Location::at("a.wit", 3, 9).to_string(), "a.wit:3:9");
        assert_eq!(Location { path: "a.wit".into(), line: Some(3), column: None }.to_string(), "a.wit:3");
    }

    #[test]
    fn parse_errors_keep_their_place_and_type() {
        let mut map = SourceMap::new();
        map.push_str("dir:x/api.wit", "package a:b;\ninterface i {\n  f: func(x: u33);\n}\n");
        let (map, e) = map.parse().unwrap_err();
        let err = WitError::from_parser(&map, e.into());
        assert_eq!(err.location, Some(Location::at("dir:x/api.wit", 3, 14)));
        assert!(err.rendered.contains("dir:x/api.wit:3:14"), "{}", err.rendered);
        let source = std::error::Error::source(&err).unwrap();
        assert!(source.downcast_ref::<ParseError>().is_some());
        let any = anyhow::Error::new(err).context("failed to load");
        assert_eq!(location_of(&any), Some(Location::at("dir:x/api.wit", 3, 14)));
    }
}
