//! Calling exports by name with WAVE values.
//!
//! A name is a world-level function (`add`), `iface.func` (the interface's
//! short name), or fully qualified (`ns:pkg/iface@1.0.0.func`, version
//! optional). A short name that matches several exports is an error listing
//! them. Arguments are parsed as WAVE and type-checked against the export;
//! results are printed as WAVE.

use anyhow::{Result, anyhow, bail};
use wasmtime::Engine;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::wasm_wave::untyped::UntypedFuncCall;
use wasmtime::component::{Component, Type, Val};

/// One callable export.
#[derive(Debug, Clone)]
pub struct ExportFunc {
    /// The exporting instance (`ns:pkg/iface@v`), or `None` at world level.
    pub instance: Option<String>,
    pub func: String,
    /// `func(a: u32) -> string`.
    pub signature: String,
}

impl ExportFunc {
    /// The fully qualified name: `ns:pkg/iface@v.func` or `func`.
    pub fn full_name(&self) -> String {
        match &self.instance {
            Some(i) => format!("{i}.{}", self.func),
            None => self.func.clone(),
        }
    }

    /// Every name that calls this export: `func`, `iface.func`,
    /// `ns:pkg/iface.func`, `ns:pkg/iface@v.func` (weld's own spelling, as
    /// `--list` prints it) and `ns:pkg/iface.func@v` (wasmtime's).
    fn spellings(&self) -> Vec<String> {
        let Some(inst) = &self.instance else { return vec![self.func.clone()] };
        let func = &self.func;
        let parsed = weld_wit::names::Name::parse(inst);
        let unversioned = parsed.as_ref().map_or_else(|| inst.clone(), |n| n.unversioned());
        let version = parsed.as_ref().and_then(|n| n.version.clone());
        let short = parsed.and_then(|n| n.item).unwrap_or_else(|| inst.clone());
        let mut names = vec![func.clone(), format!("{short}.{func}"), format!("{unversioned}.{func}")];
        if let Some(v) = version {
            names.push(format!("{inst}.{func}"));
            names.push(format!("{unversioned}.{func}@{v}"));
        }
        names
    }

    fn matches(&self, name: &str) -> bool {
        self.spellings().iter().any(|s| s == name)
    }
}

/// Every function the component exports, world-level and in interfaces.
pub fn exports(engine: &Engine, component: &Component) -> Vec<ExportFunc> {
    let mut out = Vec::new();
    for (name, item) in component.component_type().exports(engine) {
        match item.ty {
            ComponentItem::ComponentFunc(f) => {
                out.push(ExportFunc { instance: None, func: name.to_string(), signature: describe::func(&f) })
            }
            ComponentItem::ComponentInstance(inst) => {
                for (fname, item) in inst.exports(engine) {
                    if let ComponentItem::ComponentFunc(f) = item.ty {
                        out.push(ExportFunc {
                            instance: Some(name.to_string()),
                            func: fname.to_string(),
                            signature: describe::func(&f),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Finds the export `name` refers to.
pub fn resolve<'a>(exports: &'a [ExportFunc], name: &str) -> Result<&'a ExportFunc> {
    let found: Vec<&ExportFunc> = exports.iter().filter(|e| e.matches(name)).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let all: Vec<String> = exports.iter().map(|e| format!("  {}", e.full_name())).collect();
            if all.is_empty() {
                bail!("no export named `{name}`: the component exports no functions")
            }
            bail!("no export named `{name}`; the component exports:\n{}", all.join("\n"))
        }
        many => {
            let all: Vec<String> = many.iter().map(|e| format!("  {}", e.full_name())).collect();
            bail!("`{name}` is ambiguous; it matches:\n{}\nhelp: use one of these names", all.join("\n"))
        }
    }
}

/// A parsed `NAME(ARGS)`. NAME is split off by weld, since export names
/// (`wasi:cli/run@0.2.0.run`) are not WAVE labels; ARGS are WAVE.
#[derive(Debug)]
pub struct Call {
    pub text: String,
    pub name: String,
    /// `f(ARGS)`: the arguments under a placeholder name WAVE accepts.
    wave: String,
    /// Where `wave`'s `(` is in `text` (its end, for a bare name), less one.
    offset: usize,
}

pub fn parse_call(text: &str) -> Result<Call> {
    let (name, open) = match text.find('(') {
        Some(i) => (text[..i].trim(), i),
        // A bare name is a call without arguments.
        None => (text.trim(), text.len()),
    };
    if name.is_empty() {
        bail!("invalid call `{text}`: expected a function name before `(`, like `add(1, 2)`");
    }
    let wave = if open == text.len() { "f()".to_string() } else { format!("f{}", &text[open..]) };
    let call = Call { text: text.to_string(), name: name.to_string(), wave, offset: open.saturating_sub(1) };
    call.parsed()?;
    Ok(call)
}

impl Call {
    /// The text between the parentheses.
    pub(crate) fn args_text(&self) -> &str {
        self.wave.get(2..self.wave.len() - 1).unwrap_or_default()
    }

    fn parsed(&self) -> Result<UntypedFuncCall<'_>> {
        UntypedFuncCall::parse(&self.wave).map_err(|e| self.error(&e.to_string(), e.span()))
    }

    fn error(&self, msg: &str, span: std::ops::Range<usize>) -> anyhow::Error {
        // A bare name's placeholder `()` lies past the text's end, where
        // `wave_error` puts the caret.
        wave_error(&self.text, msg, span.start + self.offset..span.end + self.offset)
    }
}

/// The arguments of `call`, checked against `params`.
pub fn params(call: &Call, params: &[Type]) -> Result<Vec<Val>> {
    call.parsed()?.to_wasm_params(params.iter()).map_err(|e| call.error(&e.to_string(), e.span()))
}

/// A WAVE error with the call text and a caret under the offending part.
fn wave_error(text: &str, msg: &str, span: std::ops::Range<usize>) -> anyhow::Error {
    let msg = msg.split(" at ").next().unwrap_or(msg);
    let start = text[..span.start.min(text.len())].chars().count();
    let width = text.get(span.clone()).map_or(1, |s| s.chars().count().max(1));
    anyhow!("invalid call `{text}`: {msg}\n    {text}\n    {}{}", " ".repeat(start), "^".repeat(width))
}

/// Results as WAVE text, joined by `, `.
pub fn format_results(results: &[Val]) -> Result<String> {
    let parts: Result<Vec<String>> = results
        .iter()
        .map(|v| wasmtime::component::wasm_wave::to_string(v).map_err(|e| anyhow!("failed to print a result: {e}")))
        .collect();
    Ok(parts?.join(", "))
}

/// Component types as WIT-like text.
pub mod describe {
    use wasmtime::component::Type;
    use wasmtime::component::types::ComponentFunc;

    pub fn func(f: &ComponentFunc) -> String {
        let params: Vec<String> = f.params().map(|(n, t)| format!("{n}: {}", ty(&t))).collect();
        let results: Vec<String> = f.results().map(|t| ty(&t)).collect();
        // An export lifted async (WASI 0.3's `run`, any `async func`).
        let func = if f.async_() { "async func" } else { "func" };
        match results.as_slice() {
            [] => format!("{func}({})", params.join(", ")),
            [one] => format!("{func}({}) -> {one}", params.join(", ")),
            many => format!("{func}({}) -> ({})", params.join(", "), many.join(", ")),
        }
    }

    pub fn ty(t: &Type) -> String {
        match t {
            Type::Bool => "bool".into(),
            Type::S8 => "s8".into(),
            Type::U8 => "u8".into(),
            Type::S16 => "s16".into(),
            Type::U16 => "u16".into(),
            Type::S32 => "s32".into(),
            Type::U32 => "u32".into(),
            Type::S64 => "s64".into(),
            Type::U64 => "u64".into(),
            Type::Float32 => "f32".into(),
            Type::Float64 => "f64".into(),
            Type::Char => "char".into(),
            Type::String => "string".into(),
            Type::List(l) => format!("list<{}>", ty(&l.ty())),
            Type::FixedLengthList(l) => format!("list<{}, {}>", ty(&l.ty()), l.len()),
            Type::Map(m) => format!("map<{}, {}>", ty(&m.key()), ty(&m.value())),
            Type::Record(r) => {
                let fields: Vec<String> = r.fields().map(|f| format!("{}: {}", f.name, ty(&f.ty))).collect();
                format!("record {{ {} }}", fields.join(", "))
            }
            Type::Tuple(t) => format!("tuple<{}>", t.types().map(|t| ty(&t)).collect::<Vec<_>>().join(", ")),
            Type::Variant(v) => {
                let cases: Vec<String> = v
                    .cases()
                    .map(|c| match c.ty {
                        Some(t) => format!("{}({})", c.name, ty(&t)),
                        None => c.name.to_string(),
                    })
                    .collect();
                format!("variant {{ {} }}", cases.join(", "))
            }
            Type::Enum(e) => format!("enum {{ {} }}", e.names().collect::<Vec<_>>().join(", ")),
            Type::Flags(f) => format!("flags {{ {} }}", f.names().collect::<Vec<_>>().join(", ")),
            Type::Option(o) => format!("option<{}>", ty(&o.ty())),
            Type::Result(r) => {
                let side = |t: Option<Type>| t.map_or("_".to_string(), |t| ty(&t));
                match (r.ok(), r.err()) {
                    (None, None) => "result".into(),
                    (ok, None) => format!("result<{}>", side(ok)),
                    (ok, err) => format!("result<{}, {}>", side(ok), side(err)),
                }
            }
            Type::Own(_) => "own<resource>".into(),
            Type::Borrow(_) => "borrow<resource>".into(),
            Type::Future(f) => f.ty().map_or("future".into(), |t| format!("future<{}>", ty(&t))),
            Type::Stream(s) => s.ty().map_or("stream".into(), |t| format!("stream<{}>", ty(&t))),
            Type::ErrorContext => "error-context".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ExportFunc;

    fn f(instance: Option<&str>, func: &str) -> ExportFunc {
        ExportFunc { instance: instance.map(String::from), func: func.into(), signature: String::new() }
    }

    #[test]
    fn names_resolve_short_qualified_and_versioned() {
        let all = [f(Some("demo:calc/ops@0.1.0"), "add"), f(Some("demo:other/ops"), "add"), f(None, "run")];
        assert_eq!(super::resolve(&all, "run").unwrap().func, "run");
        assert!(super::resolve(&all, "demo:calc/ops@0.1.0.add").is_ok());
        assert!(super::resolve(&all, "demo:calc/ops.add").is_ok());
        let err = super::resolve(&all, "ops.add").unwrap_err().to_string();
        assert!(err.contains("ambiguous") && err.contains("demo:other/ops.add"), "{err}");
        assert!(super::resolve(&all, "add").is_err());
        assert!(super::resolve(&all, "nope").unwrap_err().to_string().contains("demo:calc/ops@0.1.0.add"));
        // wasmtime's spelling puts the version after the function.
        assert!(super::resolve(&all, "demo:calc/ops.add@0.1.0").is_ok());
    }

    #[test]
    fn calls_split_names_that_are_not_wave_labels() {
        for (text, name) in [
            ("wasi:cli/run@0.2.0.run()", "wasi:cli/run@0.2.0.run"),
            ("wasi:cli/run.run@0.2.0()", "wasi:cli/run.run@0.2.0"),
            ("add(1, 2)", "add"),
            ("add (1, 2)", "add"),
            ("run", "run"),
        ] {
            assert_eq!(super::parse_call(text).unwrap().name, name);
        }
        let err = super::parse_call("demo:x/y.f(1, ").unwrap_err().to_string();
        assert!(err.contains("demo:x/y.f(1, "), "{err}");
        assert!(super::parse_call("(1)").is_err());
    }
}
