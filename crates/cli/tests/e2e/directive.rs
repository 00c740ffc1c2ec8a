//! Fixture directives: the comment lines at the top of a fixture that say
//! which `weld` commands to run over it. See tests/README.md.

use std::path::{Path, PathBuf};

/// One `RUN` or `FAIL` line.
#[derive(Debug, Clone)]
pub struct Directive {
    /// `None` for `RUN:`; expectations then live in `<fixture>.stdout`.
    pub name: Option<String>,
    pub expect_fail: bool,
    /// For `EXIT(n)`: the exact exit code the last stage must end with.
    pub exit_code: Option<i32>,
    /// The pipeline: stages separated by ` | `.
    pub stages: Vec<Stage>,
    /// The command as written, for messages.
    pub text: String,
}

/// One invocation in a pipeline: `weld ARGS`, or with `external` set (the
/// first word written as `!program`) another program, such as a compiler.
#[derive(Debug, Clone)]
pub struct Stage {
    pub env: Vec<(String, String)>,
    pub args: Vec<String>,
    pub external: bool,
}

/// A file with directives.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    pub directives: Vec<Directive>,
    /// Tools named by `REQUIRES:` lines (see `requires.rs`).
    pub requires: Vec<String>,
}

impl Fixture {
    /// Where the expected stdout or stderr of `d` lives.
    pub fn expectation(&self, root: &Path, d: &Directive, stream: &str) -> PathBuf {
        match &d.name {
            Some(n) => root.join(format!("{}.{n}.{stream}", self.path)),
            None => root.join(format!("{}.{stream}", self.path)),
        }
    }

    /// The folder holding the fixture, relative to the root.
    pub fn dir(&self) -> &str {
        self.path.rsplit_once('/').map(|(d, _)| d).unwrap_or(".")
    }
}

const COMMENTS: &[&str] = &["//", ";;", "#"];

/// Reads the directives at the top of `text`: leading lines that are blank or
/// comments. Returns `Ok(None)` when the file has no directives (it is data
/// for another fixture).
pub fn parse(path: &str, text: &str) -> Result<Option<Fixture>, String> {
    let mut directives: Vec<Directive> = Vec::new();
    let mut requires = Vec::new();
    for (lineno, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some(body) = COMMENTS.iter().find_map(|c| line.strip_prefix(c)) else {
            break;
        };
        let body = body.trim_start_matches('/').trim();
        if let Some(tools) = body.strip_prefix("REQUIRES:") {
            requires.extend(tools.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()));
            continue;
        }
        let (expect_fail, exit_code, rest) = if let Some(r) = body.strip_prefix("RUN") {
            (false, None, r)
        } else if let Some(r) = body.strip_prefix("FAIL") {
            (true, None, r)
        } else if let Some(r) = body.strip_prefix("EXIT(") {
            let (code, r) = r.split_once(')').ok_or_else(|| format!("{path}:{}: unclosed `EXIT(`", lineno + 1))?;
            let code: i32 = code.parse().map_err(|_| format!("{path}:{}: bad exit code `{code}`", lineno + 1))?;
            if [0, 101].contains(&code) {
                return Err(format!("{path}:{}: use RUN for 0; 101 (a panic) is never expected", lineno + 1));
            }
            (true, Some(code), r)
        } else {
            continue;
        };
        let (name, command) = if let Some(r) = rest.strip_prefix('[') {
            let (name, after) = r.split_once(']').ok_or_else(|| format!("{path}:{}: unclosed `[`", lineno + 1))?;
            let command = after.strip_prefix(':').ok_or_else(|| format!("{path}:{}: expected `:`", lineno + 1))?;
            (Some(name.to_string()), command)
        } else if let Some(command) = rest.strip_prefix(':') {
            (None, command)
        } else {
            continue;
        };
        if directives.iter().any(|d| d.name == name) {
            return Err(format!("{path}:{}: two directives named {name:?}", lineno + 1));
        }
        let stages = command
            .pipe_stages()
            .map(|s| parse_stage(s).map_err(|e| format!("{path}:{}: {e}", lineno + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        directives.push(Directive { name, expect_fail, exit_code, stages, text: command.trim().to_string() });
    }
    Ok((!directives.is_empty()).then(|| Fixture { path: path.to_string(), directives, requires }))
}

trait PipeStages {
    /// Splits on ` | ` outside quotes.
    fn pipe_stages(&self) -> std::vec::IntoIter<&str>;
}

impl PipeStages for str {
    fn pipe_stages(&self) -> std::vec::IntoIter<&str> {
        let mut out = Vec::new();
        let mut quote: Option<char> = None;
        let mut start = 0;
        let bytes = self.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i] as char;
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '\'' || c == '"' => quote = Some(c),
                None if self[i..].starts_with(" | ") => {
                    out.push(&self[start..i]);
                    start = i + 3;
                    i += 3;
                    continue;
                }
                None => {}
            }
            i += 1;
        }
        out.push(&self[start..]);
        out.into_iter()
    }
}

fn parse_stage(s: &str) -> Result<Stage, String> {
    let words = split_words(s)?;
    let mut env = Vec::new();
    let mut args = Vec::new();
    for w in words {
        if args.is_empty()
            && let Some((k, v)) = w.split_once('=')
            && !k.is_empty()
            && k.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        {
            env.push((k.to_string(), v.to_string()));
            continue;
        }
        args.push(w);
    }
    if args.is_empty() {
        return Err("empty command".into());
    }
    let external = args[0].starts_with('!');
    if external {
        args[0] = args[0][1..].to_string();
    }
    Ok(Stage { env, args, external })
}

/// Splits on whitespace, keeping '...' and "..." together.
fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(other) => cur.push(other),
                        None => return Err(format!("unclosed {c}")),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

/// Replaces `%`, `%dir`, `%tmpdir` and `%tools` in an argument.
pub fn substitute(arg: &str, fixture: &Fixture, tmpdir: &Path) -> String {
    if arg == "%" {
        return fixture.path.clone();
    }
    arg.replace("%tmpdir", &tmpdir.display().to_string())
        .replace("%tools", &crate::requires::tools_dir().display().to_string())
        .replace("%dir", fixture.dir())
}

/// Checks the parser itself; registered as a trial by `main`.
pub fn self_test() -> Result<(), String> {
    {
        let f = parse(
            "t/x.wit",
            "// RUN[a]: wit % --wasm | wit -\n// FAIL: X=1 wit 'a b'\npackage a:b;\n// RUN: not-a-directive",
        )?
        .ok_or("no directives found")?;
        let ok = f.directives.len() == 2
            && f.directives[0].stages.len() == 2
            && f.directives[1].stages[0].env == [("X".to_string(), "1".to_string())]
            && f.directives[1].stages[0].args == ["wit", "a b"]
            && f.directives[1].expect_fail;
        if !ok {
            return Err(format!("directive parser gave {f:?}"));
        }
    }
    Ok(())
}
