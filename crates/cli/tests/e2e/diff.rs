//! A unified line diff for mismatched expectations: `-` lines only in the
//! expected text, `+` lines only in the actual one, with three lines of
//! context around each change, under `@@ -a,b +c,d @@` headers.
//!
//! Lines common to both ends are set aside first; the rest is a longest
//! common subsequence, or, when that table would be too large, one change
//! replacing the whole middle.

const CONTEXT: usize = 3;
/// Cells of the LCS table above which the middle is shown as one change.
const MAX_CELLS: usize = 4_000_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Same,
    Removed,
    Added,
}

/// The diff from `expected` to `actual`; empty when they are equal.
pub fn unified(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let ops = edit_script(&old, &new);
    if ops.iter().all(|(op, _, _)| *op == Op::Same) {
        if expected == actual {
            return String::new();
        }
        return "(the texts differ only in line endings or a final newline)\n".to_string();
    }
    let mut out = String::new();
    let changed: Vec<usize> = (0..ops.len()).filter(|&i| ops[i].0 != Op::Same).collect();
    let mut k = 0;
    while k < changed.len() {
        // One hunk: changes closer than twice the context join.
        let start = changed[k].saturating_sub(CONTEXT);
        let mut last = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= last + 2 * CONTEXT + 1 {
            k += 1;
            last = changed[k];
        }
        k += 1;
        let end = (last + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let (old_start, new_start) = (hunk[0].1, hunk[0].2);
        let old_len = hunk.iter().filter(|(op, _, _)| *op != Op::Added).count();
        let new_len = hunk.iter().filter(|(op, _, _)| *op != Op::Removed).count();
        out.push_str(&format!("@@ -{} +{} @@\n", range(old_start, old_len), range(new_start, new_len)));
        for &(op, i, j) in hunk {
            match op {
                Op::Same => out.push_str(&format!(" {}\n", old[i])),
                Op::Removed => out.push_str(&format!("-{}\n", old[i])),
                Op::Added => out.push_str(&format!("+{}\n", new[j])),
            }
        }
    }
    out
}

/// `start,len` as unified diffs write it (1-based; `start` is the line
/// before an empty range).
fn range(start: usize, len: usize) -> String {
    if len == 0 { format!("{start},0") } else { format!("{},{len}", start + 1) }
}

/// Each step with its position in `old` and `new` (for an added line, the
/// old position is where it goes; likewise for a removed one).
fn edit_script(old: &[&str], new: &[&str]) -> Vec<(Op, usize, usize)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..].iter().rev().zip(new[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (a, b) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    let mut ops: Vec<(Op, usize, usize)> = (0..prefix).map(|i| (Op::Same, i, i)).collect();
    let (n, m) = (a.len(), b.len());
    if n * m > MAX_CELLS {
        ops.extend((0..n).map(|i| (Op::Removed, prefix + i, prefix)));
        ops.extend((0..m).map(|j| (Op::Added, prefix + n, prefix + j)));
    } else {
        // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[at(i, j)] =
                    if a[i] == b[j] { lcs[at(i + 1, j + 1)] + 1 } else { lcs[at(i + 1, j)].max(lcs[at(i, j + 1)]) };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                ops.push((Op::Same, prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
                ops.push((Op::Removed, prefix + i, prefix + j));
                i += 1;
            } else {
                ops.push((Op::Added, prefix + i, prefix + j));
                j += 1;
            }
        }
    }
    let (old_tail, new_tail) = (old.len() - suffix, new.len() - suffix);
    ops.extend((0..suffix).map(|k| (Op::Same, old_tail + k, new_tail + k)));
    ops
}

/// Checks the diff itself; registered as a trial by `main`.
pub fn self_test() -> Result<(), String> {
    let cases: &[(&str, &str, &str)] = &[
        ("a\nb\n", "a\nb\n", ""),
        ("a\nb\nc\n", "a\nx\nc\n", "@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n"),
        ("", "a\n", "@@ -0,0 +1,1 @@\n+a\n"),
        (
            "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
            "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nzwölf\n",
            "@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+zwölf\n",
        ),
        (
            "a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n",
            "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n",
            "@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-b\n+B\n",
        ),
        ("a\n", "a", "(the texts differ only in line endings or a final newline)\n"),
    ];
    for (old, new, want) in cases {
        let got = unified(old, new);
        if got != *want {
            return Err(format!("diff of {old:?} and {new:?}:\n{got}\nexpected:\n{want}"));
        }
    }
    Ok(())
}
