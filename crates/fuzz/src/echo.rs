//! Echo round trips: a random function type `echo: func(x: args) -> args`
//! (`args` a record of random types), a C component made with `weld
//! bindgen c` + clang + `weld new` that returns its argument, called by
//! `weld run --invoke` with random WAVE values: each result must print as
//! exactly the value given.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::report::Report;
use crate::rng::Rng;

/// A WIT type; named types refer to their definition by index.
#[derive(Clone, Debug)]
enum Ty {
    Bool,
    Int(&'static str, i128, i128),
    F32,
    F64,
    Char,
    String,
    List(Box<Ty>),
    Option(Box<Ty>),
    Result(Option<Box<Ty>>, Option<Box<Ty>>),
    Tuple(Vec<Ty>),
    Named(usize),
}

#[derive(Clone, Debug)]
enum Def {
    Record(Vec<Ty>),
    Variant(Vec<Option<Ty>>),
    Enum(usize),
    Flags(usize),
}

const INTS: &[(&str, i128, i128)] = &[
    ("u8", 0, u8::MAX as i128),
    ("s8", i8::MIN as i128, i8::MAX as i128),
    ("u16", 0, u16::MAX as i128),
    ("s16", i16::MIN as i128, i16::MAX as i128),
    ("u32", 0, u32::MAX as i128),
    ("s32", i32::MIN as i128, i32::MAX as i128),
    ("u64", 0, u64::MAX as i128),
    ("s64", i64::MIN as i128, i64::MAX as i128),
];

/// A random function type: the world's WIT text and the type of `x`.
pub struct Echo {
    defs: Vec<(String, Def)>,
}

impl Echo {
    pub fn new(rng: &mut Rng) -> Echo {
        // `args` is the first definition; its fields are defined after it.
        let mut e = Echo { defs: vec![("args".into(), Def::Record(Vec::new()))] };
        let fields = (0..1 + rng.below(6)).map(|_| e.ty(rng, 3)).collect();
        e.defs[0].1 = Def::Record(fields);
        e
    }

    fn ty(&mut self, rng: &mut Rng, depth: u32) -> Ty {
        let leaf = depth == 0 || rng.one_in(2);
        if leaf {
            return match rng.below(6) {
                0 => Ty::Bool,
                1 => Ty::F32,
                2 => Ty::F64,
                3 => Ty::Char,
                4 => Ty::String,
                _ => {
                    let (n, lo, hi) = INTS[rng.below(INTS.len() as u64) as usize];
                    Ty::Int(n, lo, hi)
                }
            };
        }
        let d = depth - 1;
        let opt = |s: &mut Self, rng: &mut Rng| (!rng.one_in(3)).then(|| Box::new(s.ty(rng, d)));
        match rng.below(8) {
            0 => Ty::List(Box::new(self.ty(rng, d))),
            1 => Ty::Option(Box::new(self.ty(rng, d))),
            2 => Ty::Result(opt(self, rng), opt(self, rng)),
            3 => Ty::Tuple((0..1 + rng.below(3)).map(|_| self.ty(rng, d)).collect()),
            4 => {
                let fields = (0..1 + rng.below(4)).map(|_| self.ty(rng, d)).collect();
                self.define(Def::Record(fields))
            }
            5 => {
                let cases = (0..1 + rng.below(4)).map(|_| opt(self, rng).map(|b| *b)).collect();
                self.define(Def::Variant(cases))
            }
            6 => self.define(Def::Enum(1 + rng.below(5) as usize)),
            _ => self.define(Def::Flags(rng.below(12) as usize + 1)),
        }
    }

    fn define(&mut self, def: Def) -> Ty {
        self.defs.push((format!("t{}", self.defs.len()), def));
        Ty::Named(self.defs.len() - 1)
    }

    pub fn wit(&self) -> String {
        let mut s = String::from("package fuzz:echo;\n\nworld echo {\n");
        for (name, def) in &self.defs {
            let list = |n: usize| (0..n).map(|i| format!("c{i}")).collect::<Vec<_>>().join(", ");
            let _ = match def {
                Def::Record(fields) => {
                    let f: Vec<String> =
                        fields.iter().enumerate().map(|(i, t)| format!("f{i}: {}", self.name(t))).collect();
                    writeln!(s, "  record {name} {{ {} }}", f.join(", "))
                }
                Def::Variant(cases) => {
                    let c: Vec<String> = cases
                        .iter()
                        .enumerate()
                        .map(|(i, t)| match t {
                            Some(t) => format!("c{i}({})", self.name(t)),
                            None => format!("c{i}"),
                        })
                        .collect();
                    writeln!(s, "  variant {name} {{ {} }}", c.join(", "))
                }
                Def::Enum(n) => writeln!(s, "  enum {name} {{ {} }}", list(*n)),
                Def::Flags(n) => writeln!(s, "  flags {name} {{ {} }}", list(*n)),
            };
        }
        s.push_str("  export echo: func(x: args) -> args;\n}\n");
        s
    }

    fn name(&self, t: &Ty) -> String {
        match t {
            Ty::Bool => "bool".into(),
            Ty::Int(n, ..) => n.to_string(),
            Ty::F32 => "f32".into(),
            Ty::F64 => "f64".into(),
            Ty::Char => "char".into(),
            Ty::String => "string".into(),
            Ty::List(t) => format!("list<{}>", self.name(t)),
            Ty::Option(t) => format!("option<{}>", self.name(t)),
            Ty::Result(ok, err) => match (ok, err) {
                (None, None) => "result".into(),
                (Some(o), None) => format!("result<{}>", self.name(o)),
                (None, Some(e)) => format!("result<_, {}>", self.name(e)),
                (Some(o), Some(e)) => format!("result<{}, {}>", self.name(o), self.name(e)),
            },
            Ty::Tuple(ts) => format!("tuple<{}>", ts.iter().map(|t| self.name(t)).collect::<Vec<_>>().join(", ")),
            Ty::Named(i) => self.defs[*i].0.clone(),
        }
    }

    /// A random value of `args`, as WAVE prints it (so the result must
    /// print as the same text).
    pub fn value(&self, rng: &mut Rng) -> String {
        let mut s = String::new();
        self.write_def(0, rng, &mut s);
        s
    }

    fn write_def(&self, i: usize, rng: &mut Rng, s: &mut String) {
        match &self.defs[i].1 {
            Def::Record(fields) => {
                // WAVE leaves out `none` option fields; `{:}` when none is left.
                let mut parts = Vec::new();
                for (n, t) in fields.iter().enumerate() {
                    let mut v = String::new();
                    self.write(t, rng, &mut v);
                    if !(matches!(t, Ty::Option(_)) && v == "none") {
                        parts.push(format!("f{n}: {v}"));
                    }
                }
                if parts.is_empty() {
                    s.push_str("{:}");
                } else {
                    let _ = write!(s, "{{{}}}", parts.join(", "));
                }
            }
            Def::Variant(cases) => {
                let c = rng.below(cases.len() as u64) as usize;
                let _ = write!(s, "c{c}");
                if let Some(t) = &cases[c] {
                    s.push('(');
                    self.write(t, rng, s);
                    s.push(')');
                }
            }
            Def::Enum(n) => {
                let _ = write!(s, "c{}", rng.below(*n as u64));
            }
            Def::Flags(n) => {
                let set: Vec<String> = (0..*n).filter(|_| rng.one_in(2)).map(|i| format!("c{i}")).collect();
                let _ = write!(s, "{{{}}}", set.join(", "));
            }
        }
    }

    fn write(&self, t: &Ty, rng: &mut Rng, s: &mut String) {
        match t {
            Ty::Bool => s.push_str(if rng.one_in(2) { "true" } else { "false" }),
            Ty::Int(_, lo, hi) => {
                let v = match rng.below(4) {
                    0 => *lo,
                    1 => *hi,
                    _ => lo + (rng.next() as i128).rem_euclid(hi - lo + 1),
                };
                let _ = write!(s, "{v}");
            }
            Ty::F32 | Ty::F64 => {
                const FLOATS: &[&str] = &["0", "-0", "1.5", "-2.25", "1024", "0.125", "inf", "-inf", "nan", "3"];
                s.push_str(FLOATS[rng.below(FLOATS.len() as u64) as usize]);
            }
            Ty::Char => {
                s.push('\'');
                wave_char(random_char(rng), s);
                s.push('\'');
            }
            Ty::String => {
                s.push('"');
                for _ in 0..rng.below(8) {
                    wave_char(random_char(rng), s);
                }
                s.push('"');
            }
            Ty::List(t) => {
                let items: Vec<String> = (0..rng.below(4)).map(|_| self.text(t, rng)).collect();
                let _ = write!(s, "[{}]", items.join(", "));
            }
            Ty::Option(t) => {
                if rng.one_in(3) {
                    s.push_str("none");
                } else {
                    let _ = write!(s, "some({})", self.text(t, rng));
                }
            }
            Ty::Result(ok, err) => {
                let (case, payload) = if rng.one_in(2) { ("ok", ok) } else { ("err", err) };
                s.push_str(case);
                if let Some(t) = payload {
                    let _ = write!(s, "({})", self.text(t, rng));
                }
            }
            Ty::Tuple(ts) => {
                let items: Vec<String> = ts.iter().map(|t| self.text(t, rng)).collect();
                let _ = write!(s, "({})", items.join(", "));
            }
            Ty::Named(i) => self.write_def(*i, rng, s),
        }
    }

    fn text(&self, t: &Ty, rng: &mut Rng) -> String {
        let mut s = String::new();
        self.write(t, rng, &mut s);
        s
    }
}

fn random_char(rng: &mut Rng) -> char {
    const CHARS: &[char] =
        &['a', 'Z', '0', ' ', '\'', '"', '\\', '\n', '\t', '\u{7f}', 'é', '☃', '😀', '\u{10ffff}', '{'];
    CHARS[rng.below(CHARS.len() as u64) as usize]
}

/// A character as the WAVE writer escapes it.
fn wave_char(ch: char, s: &mut String) {
    if "\\\"'\t\r\n".contains(ch) {
        let _ = write!(s, "{}", ch.escape_default());
    } else if ch.is_control() {
        let _ = write!(s, "{}", ch.escape_unicode());
    } else {
        let _ = write!(s, "{}", ch.escape_debug());
    }
}

/// The C implementation: copy the argument into the result.
fn c_impl(header: &str) -> Option<String> {
    let decl = header.lines().find(|l| l.contains(" exports_echo_echo("))?;
    let body = if decl.starts_with("void ") && decl.contains(", ") { "{ *ret = *x; }" } else { "{ return x; }" };
    Some(format!("#include \"echo.h\"\n{} {body}\n", decl.trim_end().trim_end_matches(';')))
}

/// One echo seed: builds the C component and calls it with `calls` values.
pub fn run_seed(seed: u64, calls: usize, weld: &Path, report: &mut Report, tmp: &Path) {
    let mut rng = Rng::new(seed, 5);
    let echo = Echo::new(&mut rng);
    let wit = echo.wit();
    let dir = tmp.join("echo");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let fail = |report: &mut Report, kind, message: String| {
        report.fail(kind, seed, message, &[("echo.wit", wit.as_bytes())]);
    };
    let loaded = weld_wit::load(
        &[weld_wit::Input::Bytes { name: "echo.wit".into(), bytes: wit.clone().into_bytes() }],
        &weld_wit::LoadOptions::default(),
    );
    let wit_loaded = match loaded {
        Ok(w) => w,
        Err(e) => return fail(report, "echo-wit", format!("the echo world does not load: {e:#}")),
    };
    let Ok(world) = wit_loaded.select_world(None) else { return };
    let files = match crate::report::catch(|| weld_bindgen::generate(weld_bindgen::Lang::C, &wit_loaded.resolve, world))
    {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => return fail(report, "echo-bindgen", format!("{e:#}")),
        Err(p) => return fail(report, "bindgen-panic", p),
    };
    for (name, text) in files.iter() {
        let _ = std::fs::write(dir.join(name), text);
    }
    let header = files.iter().find(|(n, _)| n.ends_with(".h")).map(|(_, t)| t.to_string()).unwrap_or_default();
    let Some(imp) = c_impl(&header) else {
        return fail(report, "echo-bindgen", "the C header declares no `exports_echo_echo`".into());
    };
    let _ = std::fs::write(dir.join("impl.c"), &imp);
    let core = dir.join("echo.core.wasm");
    let out = Command::new("clang")
        .args([
            "--target=wasm32-wasi",
            "-mexec-model=reactor",
            "-O1",
            "-Wall",
            "-Wextra",
            "-Werror",
            "echo.c",
            "impl.c",
            "-o",
        ])
        .arg(&core)
        .current_dir(&dir)
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => return fail(report, "echo-compile", format!("clang failed:\n{}", String::from_utf8_lossy(&o.stderr))),
        Err(e) => return fail(report, "echo-compile", format!("clang did not start: {e}")),
    }
    let component = dir.join("echo.wasm");
    let out = Command::new(weld).arg("new").arg(&core).arg("-o").arg(&component).output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => return fail(report, "echo-new", format!("weld new failed:\n{}", String::from_utf8_lossy(&o.stderr))),
        Err(e) => return fail(report, "echo-new", format!("weld did not start: {e}")),
    }
    report.count("echo: components built (C)");
    let values: Vec<String> = (0..calls).map(|_| echo.value(&mut rng)).collect();
    let mut cmd = Command::new(weld);
    cmd.arg("run").arg(&component).arg("--no-cache");
    for v in &values {
        cmd.arg("--invoke").arg(format!("echo({v})"));
    }
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) => return fail(report, "echo-run", format!("weld did not start: {e}")),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let got: Vec<&str> = stdout.lines().collect();
    if !out.status.success() || got.len() != values.len() {
        let message = format!(
            "weld run exited with {:?}:\n{}\ncalls:\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr),
            values.join("\n")
        );
        return fail(report, "echo-run", message);
    }
    for (want, got) in values.iter().zip(got) {
        report.count("echo: calls (C)");
        if want != got {
            fail(report, "echo-mismatch", format!("echo({want}) returned\n{got}"));
            return;
        }
    }
}
