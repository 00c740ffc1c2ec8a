//! WAC documents: wac-parser resolves them against packages weld finds, and
//! wac-graph encodes the result.

use std::path::PathBuf;

use anyhow::{Result, anyhow};
use indexmap::IndexMap;
use wac_graph::types::BorrowedPackageKey;
use wac_parser::Document;

use weld_wit::names::Name;

use crate::packages::PackageSource;
use crate::{Composed, picture};

/// Composes the WAC document `source` (named `path` in messages).
pub fn compose(path: &str, source: &str, packages: &PackageSource, draw: bool) -> Result<Composed> {
    let doc = Document::parse(source).map_err(|e| render(path, source, &e))?;
    // The packages the document names are found by its tokens; should
    // wac-parser still ask for one, it is added and resolution runs again.
    // Each with where it is first named, for a package that fails to load.
    let mut keys: Vec<(BorrowedPackageKey<'_>, PathBuf, Span)> = Vec::new();
    let own = doc.directive.package.name;
    for (token, span) in wac_parser::lexer::Lexer::new(source).map_err(|(e, _)| anyhow!("{e}"))? {
        let text = &source[span.offset()..span.offset() + span.len()];
        // `ns:name@1.0.0` (a package) or `ns:name/iface@1.0.0` (a path into one).
        let (name, version) = match token {
            Ok(wac_parser::lexer::Token::PackageName) | Ok(wac_parser::lexer::Token::PackagePath) => {
                let Some(parsed) = Name::parse(text) else { continue };
                // The package name borrows from the document (wac's keys do).
                (&text[..parsed.package_name().len()], parsed.version)
            }
            _ => continue,
        };
        if name == own || keys.iter().any(|(k, ..)| k.name == name) {
            continue;
        }
        if let Some(from) = packages.locate(name, version.as_ref()) {
            keys.push((BorrowedPackageKey { name, version: leak(version) }, from, (span.offset(), name.len())));
        }
    }
    loop {
        let mut loaded = IndexMap::new();
        for (key, from, span) in &keys {
            let bytes = crate::packages::read_package(from).map_err(|e| {
                let here = snippet(path, source, *span, &format!("package `{}` named here", key.name));
                e.context(format!("failed to load package `{}`{here}", key.name))
            })?;
            loaded.insert(*key, bytes);
        }
        match doc.resolve(loaded) {
            Ok(resolution) => {
                // wac-graph would validate on one core; weld validates the
                // result itself, on all of them.
                let bytes = resolution
                    .encode(wac_graph::EncodeOptions { define_components: true, validate: false, processor: None })
                    .map_err(|e| render(path, source, &e))?;
                weld_component::validate("the composed component", &bytes)?;
                let imports = crate::component_imports(&bytes)?;
                let picture = draw.then(|| picture::from_graph(resolution.graph()));
                return Ok(Composed { bytes, imports, picture });
            }
            Err(wac_parser::resolution::Error::UnknownPackage { name, span }) => {
                let text = &source[span.offset()..span.offset() + span.len()];
                if name == own {
                    // wac-parser knows no package by the document's own name.
                    let here = snippet(path, source, (span.offset(), span.len()), "cannot instantiate self");
                    return Err(anyhow!("cannot instantiate the package being defined (`{name}`){here}"));
                }
                let version = weld_wit::names::version_of(text);
                let Some(from) = packages.locate(&name, version.as_ref()) else {
                    let err = wac_parser::resolution::Error::UnknownPackage { name: name.clone(), span };
                    return Err(UnknownPackage {
                        rendered: render(path, source, &err).to_string(),
                        name: name.clone(),
                        deps_file: packages.searched(&name),
                    }
                    .into());
                };
                // The key borrows the name from the document, as wac's keys do.
                let name = if text.starts_with(name.as_str()) { &text[..name.len()] } else { text };
                keys.push((BorrowedPackageKey { name, version: leak(version) }, from, (span.offset(), name.len())));
            }
            Err(e) => return Err(render(path, source, &e)),
        }
    }
}

/// A package key's version must live as long as the document; the few
/// versions a document names are kept for the rest of the process.
fn leak(version: Option<semver::Version>) -> Option<&'static semver::Version> {
    version.map(|v| &*Box::leak(Box::new(v)))
}

/// A wac diagnostic as `error: message`, `--> file:line:col`, the line and a
/// caret under the labelled span, then its causes.
pub fn render(path: &str, source: &str, err: &(dyn miette::Diagnostic + Send + Sync + 'static)) -> anyhow::Error {
    let mut text = err.to_string();
    if let Some(labels) = err.labels() {
        for label in labels {
            text.push_str(&snippet(path, source, (label.offset(), label.len()), label.label().unwrap_or("")));
        }
    }
    let mut source_err = std::error::Error::source(err);
    while let Some(cause) = source_err {
        text.push_str(&format!("\ncaused by: {cause}"));
        source_err = cause.source();
    }
    anyhow!(text)
}

/// A place in the document: byte offset and length.
type Span = (usize, usize);

/// `--> file:line:col`, the line, and a caret under `span` followed by
/// `label`, each on its own line after a line break.
fn snippet(path: &str, source: &str, (offset, len): Span, label: &str) -> String {
    let (line, col) = line_col(source, offset);
    let line_text = source.lines().nth(line - 1).unwrap_or("");
    let width = len.max(1).min(line_text.len().saturating_sub(col - 1).max(1));
    let mut text = format!(
        "\n     --> {path}:{line}:{col}\n      |\n{line:>5} | {line_text}\n      | {}{}",
        " ".repeat(col - 1),
        "^".repeat(width)
    );
    if !label.is_empty() {
        text.push_str(&format!(" {label}"));
    }
    text
}

fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A package the document names that no given package and no file in the
/// deps folder provides.
#[derive(Debug)]
pub struct UnknownPackage {
    /// wac's diagnostic, with the document's line and a caret.
    pub rendered: String,
    pub name: String,
    /// The file in the deps folder that was looked for, if there is a folder.
    pub deps_file: Option<PathBuf>,
}

impl std::fmt::Display for UnknownPackage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\nhelp: weld looked in the packages given", self.rendered)?;
        if let Some(file) = &self.deps_file {
            write!(f, " and `{}`", file.display())?;
        }
        write!(f, "; give `{}` or add it to the deps folder", self.name)
    }
}

impl std::error::Error for UnknownPackage {}
