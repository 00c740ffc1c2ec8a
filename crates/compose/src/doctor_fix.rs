//! The fix the link doctor appends to a mismatch it understands: a function
//! async on one side and sync on the other, a `stream` or `future` whose
//! payload differs, and a WASI interface offered at 0.3 where 0.2 is
//! imported (or the other way around).

use weld_wit::types::Mismatch;

/// `; fix: ...` for a function mismatch, or nothing.
pub(crate) fn for_function(name: &str, m: &Mismatch) -> String {
    let sync_or_async = |s: &str| s == "async func" || s == "sync func";
    if m.path.is_empty() && sync_or_async(&m.expected) && sync_or_async(&m.found) {
        return format!(
            " (the import is {}, the export {}); fix: declare `{name}` the same way (`func` or `async func`) in \
             both components' WIT and rebuild the one that changed",
            article(&m.expected),
            article(&m.found)
        );
    }
    // The innermost stream or future on the way to the difference.
    if let Some(which) = m.path.iter().rev().find(|s| *s == "stream" || *s == "future") {
        return format!(
            "; fix: both ends of a {which} must carry the same payload: rebuild one component against the other's WIT"
        );
    }
    String::new()
}

fn article(kind: &str) -> String {
    if kind == "async func" { "an `async func`".into() } else { "a sync `func`".into() }
}

/// The message for a WASI interface imported at `want` and exported at
/// `have` on another 0.x line, or `None` when that is not the case.
pub(crate) fn wasi_line(import: &str, want: &semver::Version, have: &semver::Version) -> Option<String> {
    if !import.starts_with("wasi:") || want.major != 0 || have.major != 0 || want.minor == have.minor {
        return None;
    }
    let target = |minor: u64| match minor {
        2 => " (`wasm32-wasip2`)",
        3 => " (`wasm32-wasip3`)",
        _ => "",
    };
    let what = |minor: u64| match minor {
        2 => "the 0.2 line (`wasi:io` streams)",
        3 => "the 0.3 line (async functions, built-in `stream`/`future`)",
        _ => "another 0.x line",
    };
    Some(format!(
        "it is WASI {have} and the import wants WASI {want}: {} and {} are different APIs that no version rule \
         or adapter bridges; fix: plug a component built for WASI 0.{}{}, or rebuild the importer for WASI 0.{}{}",
        what(have.minor),
        what(want.minor),
        want.minor,
        target(want.minor),
        have.minor,
        target(have.minor)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(path: &[&str], expected: &str, found: &str) -> Mismatch {
        Mismatch { path: path.iter().map(|s| s.to_string()).collect(), expected: expected.into(), found: found.into() }
    }

    fn v(s: &str) -> semver::Version {
        s.parse().unwrap()
    }

    #[test]
    fn sync_async_and_payload_mismatches_get_a_fix() {
        let fix = for_function("read", &m(&[], "async func", "sync func"));
        assert!(
            fix.starts_with(" (the import is an `async func`, the export a sync `func`); fix: declare `read`"),
            "{fix}"
        );
        let fix = for_function("read", &m(&["result", "stream"], "u8", "string"));
        assert!(fix.starts_with("; fix: both ends of a stream must carry the same payload"), "{fix}");
        let fix = for_function("f", &m(&["parameter x", "future", "stream"], "u8", "no payload"));
        assert!(fix.contains("both ends of a stream"), "{fix}");
        assert_eq!(for_function("f", &m(&["parameter x"], "u32", "s32")), "");
    }

    #[test]
    fn wasi_lines_are_named_and_nothing_else() {
        let msg = wasi_line("wasi:random/random@0.2.12", &v("0.2.12"), &v("0.3.0")).unwrap();
        assert!(msg.starts_with("it is WASI 0.3.0 and the import wants WASI 0.2.12:"), "{msg}");
        assert!(msg.ends_with("fix: plug a component built for WASI 0.2 (`wasm32-wasip2`), or rebuild the importer for WASI 0.3 (`wasm32-wasip3`)"), "{msg}");
        assert!(
            wasi_line("wasi:random/random@0.3.0", &v("0.3.0"), &v("0.2.12")).unwrap().contains("built for WASI 0.3")
        );
        assert!(wasi_line("demo:x/y@0.2.0", &v("0.2.0"), &v("0.3.0")).is_none());
        assert!(wasi_line("wasi:x/y@0.2.0", &v("0.2.0"), &v("0.2.1")).is_none());
        assert!(wasi_line("wasi:x/y@1.0.0", &v("1.0.0"), &v("2.0.0")).is_none());
    }
}
