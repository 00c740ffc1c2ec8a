//! Tracing calls across component boundaries (`weld run --trace`).
//!
//! A [`Trace`] is handed to an instance through its [`Host`]: every call
//! the host makes into the root component, and every call one member of a
//! linked composition makes into another (through the forwarders of
//! `linked.rs`), is recorded with its caller, callee, WIT function,
//! arguments and results in WAVE (long values shortened), and the time it
//! took. As calls happen, an indented tree can be written to stderr; when
//! the run is over, [`Trace::chrome_json`] gives the Chrome trace-event
//! format that Perfetto and chrome://tracing open, one track (`tid`) per
//! component instance, named after the component and its language.
//!
//! [`Host`]: crate::Host

use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use wasmtime::component::Val;

/// Strings longer than this many characters are shortened.
const LONG_STRING: usize = 40;
/// Lists longer than this many elements are shortened.
const LONG_LIST: usize = 8;

/// Where calls are recorded. Track 0 is the host.
pub struct Trace {
    start: Instant,
    /// Write the tree to stderr as calls happen.
    tree: bool,
    /// Show durations in the tree (off for golden outputs).
    timed: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    tracks: Vec<String>,
    spans: Vec<Span>,
    /// Calls begun and not yet ended, for the tree's indentation.
    depth: usize,
}

struct Span {
    caller: usize,
    callee: usize,
    func: String,
    args: String,
    results: Option<String>,
    /// Nanoseconds since the trace began.
    start: u64,
    dur: Option<u64>,
}

/// One call being traced, from [`Trace::begin`] to [`Trace::end`].
#[derive(Debug, Clone, Copy)]
pub struct SpanId(usize);

impl Trace {
    /// A trace; with `tree`, each call is also written to stderr as an
    /// indented tree as it happens.
    pub fn new(tree: bool) -> Trace {
        let state = State { tracks: vec!["host (weld)".to_string()], ..State::default() };
        Trace { start: Instant::now(), tree, timed: true, state: Mutex::new(state) }
    }

    /// Leaves durations out of the tree (the JSON keeps them), so that the
    /// tree of a deterministic program is itself deterministic.
    pub fn untimed(mut self) -> Trace {
        self.timed = false;
        self
    }

    /// A new track for a component instance, named `name (language)`;
    /// returns its id.
    pub fn track(&self, name: &str, languages: &[String]) -> usize {
        let label = if languages.is_empty() { name.to_string() } else { format!("{name} ({})", languages.join(", ")) };
        let mut s = self.lock();
        s.tracks.push(label);
        s.tracks.len() - 1
    }

    /// The label of every track, host first.
    pub fn tracks(&self) -> Vec<String> {
        self.lock().tracks.clone()
    }

    /// The label of track `id`.
    pub fn label(&self, id: usize) -> String {
        self.lock().tracks.get(id).cloned().unwrap_or_else(|| format!("#{id}"))
    }

    /// How many calls were recorded.
    pub fn calls(&self) -> usize {
        self.lock().spans.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn now(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// Records the start of a call from track `caller` into track `callee`.
    pub fn begin(&self, caller: usize, callee: usize, func: &str, args: &[Val]) -> SpanId {
        let args = wave_list(args);
        let start = self.now();
        let mut s = self.lock();
        if self.tree {
            let indent = "  ".repeat(s.depth);
            eprintln!("{indent}{} -> {}: {func}({args})", s.tracks[caller], s.tracks[callee]);
        }
        s.depth += 1;
        s.spans.push(Span { caller, callee, func: func.to_string(), args, results: None, start, dur: None });
        SpanId(s.spans.len() - 1)
    }

    /// Records the end of a call: its results, or how it failed.
    pub fn end(&self, span: SpanId, outcome: Result<&[Val], &str>) {
        let end = self.now();
        let mut s = self.lock();
        s.depth = s.depth.saturating_sub(1);
        let indent = "  ".repeat(s.depth);
        let Some(sp) = s.spans.get_mut(span.0) else { return };
        let dur = end.saturating_sub(sp.start);
        sp.dur = Some(dur);
        let text = match outcome {
            Ok(results) => wave_list(results),
            Err(why) => format!("failed: {why}"),
        };
        if self.tree {
            let time = if self.timed { format!("  [{}]", duration(dur)) } else { String::new() };
            let shown = if text.is_empty() { "()" } else { text.as_str() };
            eprintln!("{indent}<- {shown}{time}");
        }
        sp.results = Some(text);
    }

    /// The trace in Chrome's trace-event format (a JSON object with
    /// `traceEvents`): a `thread_name` metadata event per track and a
    /// complete (`X`) event per call on the callee's track, timestamps in
    /// microseconds. Calls that never ended (a trap) last until now.
    pub fn chrome_json(&self) -> String {
        let now = self.now();
        let s = self.lock();
        let mut out = String::from("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
        let _ = write!(
            out,
            "{{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{{\"name\":{}}}}}",
            json_str("weld run")
        );
        for (tid, name) in s.tracks.iter().enumerate() {
            let _ = write!(
                out,
                ",\n{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":{tid},\"args\":{{\"name\":{}}}}}",
                json_str(name)
            );
            let _ = write!(
                out,
                ",\n{{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":{tid},\"args\":{{\"sort_index\":{tid}}}}}"
            );
        }
        for sp in &s.spans {
            let dur = sp.dur.unwrap_or_else(|| now.saturating_sub(sp.start));
            let results = sp.results.as_deref().unwrap_or("(did not return)");
            let _ = write!(
                out,
                ",\n{{\"name\":{},\"cat\":\"call\",\"ph\":\"X\",\"pid\":1,\"tid\":{},\"ts\":{},\"dur\":{},\"args\":{{\"caller\":{},\"args\":{},\"results\":{}}}}}",
                json_str(&sp.func),
                sp.callee,
                micros(sp.start),
                micros(dur),
                json_str(&s.tracks[sp.caller]),
                json_str(&sp.args),
                json_str(results)
            );
        }
        out.push_str("\n]}\n");
        out
    }
}

/// Nanoseconds as microseconds with three decimals.
fn micros(ns: u64) -> String {
    format!("{}.{:03}", ns / 1000, ns % 1000)
}

/// `850ns`, `12.3µs`, `4.56ms`, `1.20s`.
pub fn duration(ns: u64) -> String {
    match ns {
        0..1_000 => format!("{ns}ns"),
        1_000..1_000_000 => format!("{:.1}µs", ns as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.2}ms", ns as f64 / 1e6),
        _ => format!("{:.2}s", ns as f64 / 1e9),
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Values as WAVE, joined by `, `, long strings and lists shortened.
pub fn wave_list(vals: &[Val]) -> String {
    let mut out = String::new();
    for (i, v) in vals.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        wave(v, &mut out);
    }
    out
}

/// One value as WAVE text. Resources, streams and futures have no WAVE
/// spelling; they are shown as `<resource>`, `<stream>`, `<future>`.
fn wave(v: &Val, out: &mut String) {
    match v {
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::S8(n) => push(out, n),
        Val::U8(n) => push(out, n),
        Val::S16(n) => push(out, n),
        Val::U16(n) => push(out, n),
        Val::S32(n) => push(out, n),
        Val::U32(n) => push(out, n),
        Val::S64(n) => push(out, n),
        Val::U64(n) => push(out, n),
        Val::Float32(f) => float(out, f64::from(*f)),
        Val::Float64(f) => float(out, *f),
        Val::Char(c) => {
            out.push('\'');
            escape(*c, '\'', out);
            out.push('\'');
        }
        Val::String(s) => {
            out.push('"');
            let count = s.chars().count();
            for c in s.chars().take(if count > LONG_STRING { LONG_STRING - 3 } else { count }) {
                escape(c, '"', out);
            }
            if count > LONG_STRING {
                let _ = write!(out, "...(+{} chars)", count - (LONG_STRING - 3));
            }
            out.push('"');
        }
        Val::List(items) | Val::FixedLengthList(items) => seq('[', ']', items, out),
        Val::Tuple(items) => seq('(', ')', items, out),
        Val::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().take(LONG_LIST).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                wave(k, out);
                out.push_str(": ");
                wave(v, out);
            }
            if entries.len() > LONG_LIST {
                let _ = write!(out, ", ...(+{})", entries.len() - LONG_LIST);
            }
            out.push('}');
        }
        Val::Record(fields) => {
            out.push('{');
            for (i, (name, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(name);
                out.push_str(": ");
                wave(v, out);
            }
            out.push('}');
        }
        Val::Variant(name, payload) => {
            out.push_str(name);
            if let Some(p) = payload {
                out.push('(');
                wave(p, out);
                out.push(')');
            }
        }
        Val::Enum(name) => out.push_str(name),
        Val::Option(None) => out.push_str("none"),
        Val::Option(Some(p)) => wrapped("some", p, out),
        Val::Result(Ok(p)) => payload("ok", p.as_deref(), out),
        Val::Result(Err(p)) => payload("err", p.as_deref(), out),
        Val::Flags(names) => {
            out.push('{');
            out.push_str(&names.join(", "));
            out.push('}');
        }
        Val::Resource(r) => out.push_str(if r.owned() { "<resource>" } else { "<borrow>" }),
        Val::Future(_) => out.push_str("<future>"),
        Val::Stream(_) => out.push_str("<stream>"),
        Val::ErrorContext(_) => out.push_str("<error-context>"),
    }
}

fn push(out: &mut String, n: impl std::fmt::Display) {
    let _ = write!(out, "{n}");
}

fn float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("nan");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "inf" } else { "-inf" });
    } else {
        let _ = write!(out, "{f}");
    }
}

fn wrapped(name: &str, v: &Val, out: &mut String) {
    out.push_str(name);
    out.push('(');
    wave(v, out);
    out.push(')');
}

fn payload(name: &str, v: Option<&Val>, out: &mut String) {
    match v {
        Some(v) => wrapped(name, v, out),
        None => out.push_str(name),
    }
}

fn seq(open: char, close: char, items: &[Val], out: &mut String) {
    out.push(open);
    for (i, v) in items.iter().take(LONG_LIST).enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        wave(v, out);
    }
    if items.len() > LONG_LIST {
        let _ = write!(out, ", ...(+{})", items.len() - LONG_LIST);
    }
    out.push(close);
}

fn escape(c: char, quote: char, out: &mut String) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if c.is_control() => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_print_as_wave_and_long_ones_are_shortened() {
        let long = "x".repeat(100);
        let vals = [
            Val::String("a\"b\n".into()),
            Val::List((0..20).map(Val::U8).collect()),
            Val::Record(vec![("x".into(), Val::S32(-1)), ("y".into(), Val::Option(None))]),
            Val::Result(Ok(None)),
            Val::String(long),
        ];
        let text = wave_list(&vals);
        assert_eq!(
            text,
            "\"a\\\"b\\n\", [0, 1, 2, 3, 4, 5, 6, 7, ...(+12)], {x: -1, y: none}, ok, \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...(+63 chars)\""
        );
    }

    #[test]
    fn chrome_json_has_a_named_track_per_component_and_a_call_event() {
        let t = Trace::new(false);
        let app = t.track("app.wasm", &["C".to_string()]);
        let span = t.begin(0, app, "run", &[Val::U32(1)]);
        t.end(span, Ok(&[Val::String("ok\t".into())]));
        let json = t.chrome_json();
        assert!(json.contains("\"tid\":1,\"args\":{\"name\":\"app.wasm (C)\"}"), "{json}");
        assert!(json.contains("\"name\":\"run\",\"cat\":\"call\",\"ph\":\"X\",\"pid\":1,\"tid\":1"), "{json}");
        assert!(json.contains("\"results\":\"\\\"ok\\\\t\\\"\""), "{json}");
        assert_eq!(t.calls(), 1);
    }
}
