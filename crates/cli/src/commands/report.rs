//! Findings in the formats CI systems read: text, JSON, SARIF 2.1.0 and
//! GitHub workflow annotations. Used by `weld wit diff` and `weld check`.

use clap::ValueEnum;
use serde_json::{Value, json};
use weld_wit::Location;

/// How findings are printed.
#[derive(Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Lines for people, with `file:line:column`.
    #[default]
    Text,
    /// One JSON document (see the README for its fields).
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// `::error file=...::message` workflow commands for GitHub Actions.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One thing a check found.
pub struct Finding {
    pub level: Level,
    /// A stable identifier: `function-removed`, `component-target`.
    pub rule: String,
    pub message: String,
    pub location: Option<Location>,
    /// Extra fields for the JSON format.
    pub extra: Value,
}

impl Finding {
    fn file_line_col(&self) -> (Option<String>, Option<u32>, Option<u32>) {
        match &self.location {
            Some(l) => (Some(l.path.display().to_string()), l.line, l.column),
            None => (None, None, None),
        }
    }
}

/// Renders `findings` with a one-line `summary` (text) and `top` fields
/// merged into the JSON document.
pub fn render(format: Format, tool_command: &str, findings: &[Finding], summary: &str, top: Value) -> String {
    match format {
        Format::Text => {
            let mut out = String::new();
            for f in findings {
                match &f.location {
                    Some(loc) => out.push_str(&format!("{}: {loc}: {} [{}]\n", f.level.name(), f.message, f.rule)),
                    None => out.push_str(&format!("{}: {} [{}]\n", f.level.name(), f.message, f.rule)),
                }
            }
            out.push_str(summary);
            out.push('\n');
            out
        }
        Format::Json => {
            let items: Vec<Value> = findings
                .iter()
                .map(|f| {
                    let (file, line, col) = f.file_line_col();
                    let mut v = json!({
                        "level": f.level.name(),
                        "rule": f.rule,
                        "message": f.message,
                        "file": file,
                        "line": line,
                        "column": col,
                    });
                    if let (Some(obj), Value::Object(extra)) = (v.as_object_mut(), &f.extra) {
                        for (k, x) in extra {
                            obj.insert(k.clone(), x.clone());
                        }
                    }
                    v
                })
                .collect();
            let mut doc = json!({ "command": tool_command, "findings": items, "summary": summary });
            if let (Some(obj), Value::Object(top)) = (doc.as_object_mut(), top) {
                for (k, x) in top {
                    obj.insert(k, x);
                }
            }
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        Format::Sarif => {
            let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
            rules.sort();
            rules.dedup();
            let results: Vec<Value> = findings
                .iter()
                .map(|f| {
                    let (file, line, col) = f.file_line_col();
                    let mut r = json!({
                        "ruleId": f.rule,
                        "ruleIndex": rules.iter().position(|r| *r == f.rule).unwrap_or(0),
                        "level": f.level.name(),
                        "message": { "text": f.message },
                    });
                    if let Some(file) = file {
                        let mut region = serde_json::Map::new();
                        if let Some(l) = line {
                            region.insert("startLine".into(), json!(l));
                        }
                        if let Some(c) = col {
                            region.insert("startColumn".into(), json!(c));
                        }
                        let mut physical = json!({ "artifactLocation": { "uri": uri(&file) } });
                        if !region.is_empty() {
                            physical["region"] = Value::Object(region);
                        }
                        r["locations"] = json!([{ "physicalLocation": physical }]);
                    }
                    r
                })
                .collect();
            let doc = json!({
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [{
                    "tool": { "driver": {
                        "name": "weld",
                        "version": env!("CARGO_PKG_VERSION"),
                        "rules": rules
                            .iter()
                            .map(|r| json!({ "id": r, "shortDescription": { "text": describe(r) } }))
                            .collect::<Vec<_>>(),
                    }},
                    "results": results,
                }],
            });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        Format::Github => {
            let mut out = String::new();
            for f in findings {
                let (file, line, col) = f.file_line_col();
                let mut props = Vec::new();
                if let Some(file) = file {
                    props.push(format!("file={}", escape_property(&file)));
                }
                if let Some(l) = line {
                    props.push(format!("line={l}"));
                }
                if let Some(c) = col {
                    props.push(format!("col={c}"));
                }
                props.push(format!("title={}", escape_property(&f.rule)));
                out.push_str(&format!("::{} {}::{}\n", f.level.name(), props.join(","), escape_data(&f.message)));
            }
            out.push_str(summary);
            out.push('\n');
            out
        }
    }
}

/// A SARIF artifact URI: relative paths stay relative (forward slashes),
/// absolute ones become `file://` URIs; unsafe characters are escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    let path = path.replace('\\', "/");
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' | b'@' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `function-removed` → `A function was removed.`
fn describe(rule: &str) -> String {
    match rule.rsplit_once('-') {
        Some((item, verb @ ("added" | "removed" | "changed" | "renamed"))) => {
            format!("A {} was {verb}.", item.replace('-', " "))
        }
        _ => format!("{}.", rule.replace('-', " ")),
    }
}

/// GitHub workflow command escaping for the message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// ... and for properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
