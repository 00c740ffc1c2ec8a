//! Plain comments are not documentation.
//!
//! The WIT specification makes `///` and `/** ... */` doc comments and `//`
//! and `/* ... */` ordinary comments, but wit-parser 0.254 attaches every
//! comment to the next item as documentation, so a licence header or a
//! commented-out line would be printed back as `///` docs. weld blanks the
//! ordinary comments out before parsing: each of their bytes becomes a space
//! (newlines are kept), so every span, line and column in an error message
//! still points at the user's text.

/// Returns `text` with ordinary comments replaced by spaces.
pub fn blank_plain_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'/' {
            i += 1;
            continue;
        }
        match bytes[i + 1] {
            b'/' => {
                let end = bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| i + p);
                let is_doc = bytes.get(i + 2) == Some(&b'/') && bytes.get(i + 3) != Some(&b'/');
                if !is_doc {
                    blank(&mut out, i, end);
                }
                i = end;
            }
            b'*' => {
                // An unterminated comment is left for the parser to report.
                let Some(end) = block_end(bytes, i) else {
                    break;
                };
                let is_doc = bytes.get(i + 2) == Some(&b'*') && !matches!(bytes.get(i + 3), Some(b'*') | Some(b'/'));
                if !is_doc {
                    blank(&mut out, i, end);
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    // Whole comments are blanked, so a multi-byte character is either kept
    // or has all of its bytes replaced: the text stays valid UTF-8.
    String::from_utf8(out).expect("blanking whole comments keeps UTF-8 valid")
}

/// The end (exclusive) of the block comment starting at `start`, honouring
/// nesting, or `None` when it is not terminated.
fn block_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        if bytes[i] == b'/' && bytes[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

fn blank(out: &mut [u8], from: usize, to: usize) {
    for b in &mut out[from..to] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::blank_plain_comments as b;

    #[test]
    fn keeps_doc_comments_and_blanks_plain_ones() {
        assert_eq!(b("/// doc\n// plain\nx"), "/// doc\n        \nx");
        assert_eq!(b("/** doc */ /* no */x"), "/** doc */         x");
        assert_eq!(b("//// banner\n"), "           \n");
        assert_eq!(b("/* a /* nested */ b */x"), format!("{}x", " ".repeat(22)));
        assert_eq!(b("/*\né\n*/x"), "  \n  \n  x");
        assert_eq!(b("a / b"), "a / b");
    }

    #[test]
    fn unterminated_block_comment_is_left_for_the_parser() {
        assert_eq!(b("/** open"), "/** open");
        assert_eq!(b("/* open"), "/* open");
    }
}
