//! Generated text: an indenting writer and the set of files it makes.

use std::collections::BTreeMap;
use std::fmt::Write;

/// Generated files by relative path, in a stable order.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Files(pub BTreeMap<String, String>);

impl Files {
    pub fn insert(&mut self, path: impl Into<String>, text: String) {
        self.0.insert(path.into(), text);
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }
}

/// Source text with indentation by braces: a line ending in `{` indents the
/// next, a line starting with `}` outdents itself.
#[derive(Default)]
pub struct Source {
    text: String,
    indent: usize,
    pub indent_unit: &'static str,
}

impl Source {
    pub fn new(indent_unit: &'static str) -> Self {
        Source { text: String::new(), indent: 0, indent_unit }
    }

    /// Appends each line of `code`, re-indented.
    pub fn push(&mut self, code: &str) {
        for line in code.lines() {
            let line = line.trim();
            if line.is_empty() {
                self.text.push('\n');
                continue;
            }
            let closes = line.starts_with('}');
            if closes {
                self.indent = self.indent.saturating_sub(1);
            }
            for _ in 0..self.indent {
                self.text.push_str(self.indent_unit);
            }
            self.text.push_str(line);
            self.text.push('\n');
            let opens = line.ends_with('{');
            if opens {
                self.indent += 1;
            }
        }
    }

    /// Doc comments, one `prefix` line per line of `docs`.
    pub fn docs(&mut self, prefix: &str, docs: Option<&str>) {
        if let Some(docs) = docs {
            for line in docs.trim_end().lines() {
                let line = line.trim_end();
                if line.is_empty() { self.push(prefix.trim_end()) } else { self.push(&format!("{prefix}{line}")) }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// `s` as a byte-string body for a Rust or C array initializer.
pub fn bytes_list(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push_str(if i % 16 == 0 { ",\n" } else { ", " });
        }
        let _ = write!(out, "{b}");
    }
    out
}
