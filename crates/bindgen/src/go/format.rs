//! The layout `gofmt` gives the generated Go, so that the bindings pass
//! `gofmt -l` and a user's editor does not rewrite them.
//!
//! This is not a Go formatter: it knows the shapes the generator writes, one
//! statement or declaration per line, and applies the three rules of gofmt
//! those shapes meet:
//!
//! * indentation by tabs, one level per open `{` or `(`, with `case` and
//!   `default` labels one level out from the statements under them;
//! * alignment: the field names of a struct, and the names and types of a
//!   `const (...)` block, are padded to a column shared by consecutive
//!   lines (a comment, a blank line or a nested block ends the run);
//! * a one-line function whose header (with the blank after it) and body
//!   are longer than 100 characters gets its body on its own line.

/// gofmt keeps a function on one line when its header, a blank and its
/// body together fit in this many characters.
const ONE_LINE_MAX: usize = 100;

/// What the lines of the innermost open block are.
#[derive(Clone, Copy, PartialEq)]
enum Block {
    /// Fields of a struct type: `Name Type`.
    Struct,
    /// Specs of `const (` or `var (`: `Name Type = value`.
    Specs,
    Other,
}

pub fn gofmt(text: &str) -> String {
    let mut lines: Vec<(usize, Block, String)> = Vec::new();
    let mut stack: Vec<Block> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        for line in expand_one_liner(line) {
            let comment = line.starts_with("//");
            let closers = if comment { 0 } else { line.chars().take_while(|c| matches!(c, '}' | ')')).count() };
            for _ in 0..closers {
                stack.pop();
            }
            let label = !comment && (line.starts_with("case ") || line == "default:");
            let depth = stack.len() - usize::from(label && !stack.is_empty());
            let block = stack.last().copied().unwrap_or(Block::Other);
            lines.push((depth, block, line.to_string()));
            if !comment && !line.is_empty() && closers < line.len() && (line.ends_with('{') || line.ends_with('(')) {
                stack.push(if line.ends_with("struct {") {
                    Block::Struct
                } else if line == "const (" || line == "var (" {
                    Block::Specs
                } else {
                    Block::Other
                });
            }
        }
    }
    align(&mut lines);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (depth, _, line) in &lines {
        if !line.is_empty() {
            out.extend(std::iter::repeat_n('\t', *depth));
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// `func H { S }` as three lines when gofmt would not keep it on one.
fn expand_one_liner(line: &str) -> Vec<String> {
    if line.starts_with("func ")
        && line.ends_with(" }")
        && let Some(open) = line.find(" { ")
    {
        let (header, body) = (&line[..open], &line[open + 3..line.len() - 2]);
        // gofmt counts the header with the blank after it.
        if header.len() + 1 + body.len() > ONE_LINE_MAX {
            return vec![format!("{header} {{"), body.to_string(), "}".to_string()];
        }
    }
    vec![line.to_string()]
}

/// Pads the aligned columns of each run of alignable lines.
fn align(lines: &mut [(usize, Block, String)]) {
    let mut i = 0;
    while i < lines.len() {
        let (depth, block, _) = lines[i];
        let cols = |line: &str| columns(block, line);
        if cols(&lines[i].2).is_none() {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < lines.len() && lines[end].0 == depth && lines[end].1 == block && cols(&lines[end].2).is_some() {
            end += 1;
        }
        let rows: Vec<Vec<String>> = lines[i..end].iter().map(|l| cols(&l.2).unwrap()).collect();
        let n = rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..n.saturating_sub(1))
            .map(|c| rows.iter().filter(|r| c + 1 < r.len()).map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        for (row, line) in rows.iter().zip(&mut lines[i..end]) {
            let mut text = String::new();
            for (c, cell) in row.iter().enumerate() {
                text.push_str(cell);
                if c + 1 < row.len() {
                    let pad = widths[c] - cell.chars().count() + 1;
                    text.extend(std::iter::repeat_n(' ', pad));
                }
            }
            line.2 = text;
        }
        i = end;
    }
}

/// The cells of an alignable line: the field name and its type, or a
/// spec's name, type and `= value`; `None` for any other line.
fn columns(block: Block, line: &str) -> Option<Vec<String>> {
    if line.is_empty() || line.starts_with("//") || line.ends_with('{') || line.ends_with('(') || line.starts_with('}')
    {
        return None;
    }
    match block {
        Block::Struct => {
            let (name, ty) = line.split_once(' ')?;
            Some(vec![name.to_string(), ty.trim_start().to_string()])
        }
        Block::Specs => {
            let (name, rest) = line.split_once(' ')?;
            let rest = rest.trim_start();
            match rest.split_once(" = ") {
                Some((ty, value)) if !ty.is_empty() && !ty.contains(' ') => {
                    Some(vec![name.to_string(), ty.trim_end().to_string(), format!("= {}", value.trim_start())])
                }
                _ => Some(vec![name.to_string(), rest.to_string()]),
            }
        }
        Block::Other => None,
    }
}

/// Fails when two package-level declarations of the formatted file share a
/// name. Go names join an interface's name to its items' (`api.ping` is
/// `ApiPing`), so two WIT names can meet (a world function `api-ping`).
pub fn check_unique(text: &str, pkg: &str) -> anyhow::Result<()> {
    let mut seen = std::collections::HashSet::new();
    let mut in_const = false;
    for line in text.lines() {
        let name = if in_const {
            if line == ")" {
                in_const = false;
                continue;
            }
            line.strip_prefix('\t').filter(|l| !l.starts_with(['\t', '/'])).and_then(|l| l.split(' ').next())
        } else if line == "const (" {
            in_const = true;
            continue;
        } else if let Some(rest) = line.strip_prefix("func ").filter(|r| !r.starts_with('(')) {
            rest.split(['(', '[']).next()
        } else {
            line.strip_prefix("type ").or_else(|| line.strip_prefix("var ")).and_then(|r| r.split(' ').next())
        };
        if let Some(name) = name.filter(|n| !n.is_empty())
            && !seen.insert(name)
        {
            anyhow::bail!(
                "the Go bindings would declare `{name}` twice in package `{pkg}`: two WIT names become the same Go \
                 name (an interface's name is joined to its items' names); rename one of them"
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::gofmt;

    #[test]
    fn indents_aligns_and_splits_like_gofmt() {
        let src = "import (\n\"math\"\n)\ntype P struct {\nX int32\nLonger string\n// c\nY bool\n}\n\
                   const (\nA Kind = 0\nBee Kind = 1\n)\nfunc f(x int) {\nswitch x {\ncase 1:\nreturn\ndefault:\n}\n}\n";
        let want = "import (\n\t\"math\"\n)\ntype P struct {\n\tX      int32\n\tLonger string\n\t// c\n\tY bool\n}\n\
                    const (\n\tA   Kind = 0\n\tBee Kind = 1\n)\nfunc f(x int) {\n\tswitch x {\n\tcase 1:\n\t\treturn\n\tdefault:\n\t}\n}\n";
        assert_eq!(gofmt(src), want);
        let long =
            format!("func F(v Some[Long, Type]) Result {{ return Result{{Tag: 1, payload: {}}} }}", "x".repeat(60));
        assert_eq!(gofmt(&long).lines().count(), 3);
        assert_eq!(gofmt("func S() int { return 1 }\n"), "func S() int { return 1 }\n");
    }

    #[test]
    fn finds_a_name_declared_twice() {
        let ok = "type A int\nconst (\n\tB A = 1\n)\nfunc (a A) C() {}\nfunc C() {}\nvar D struct {\n\tC int\n}\n";
        assert!(super::check_unique(ok, "p").is_ok());
        let twice = "const (\n\tB int = 1\n)\nfunc B[T any]() {}\n";
        let err = super::check_unique(twice, "p").unwrap_err().to_string();
        assert!(err.contains("`B` twice in package `p`"), "{err}");
    }
}
