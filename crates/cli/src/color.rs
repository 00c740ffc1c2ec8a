//! The one decision about colour: `--color auto|always|never`, and with
//! `auto`, colour only on a terminal and when `NO_COLOR` is unset. Everything
//! `weld` colours asks [`stderr`]; nothing else checks for a terminal to
//! decide on colour.

use std::io::IsTerminal;
use std::sync::OnceLock;

use clap::ValueEnum;

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

static CHOICE: OnceLock<Color> = OnceLock::new();

/// Records the choice for the rest of the run (first call wins).
pub fn set(choice: Color) {
    let _ = CHOICE.set(choice);
}

/// The choice as given, before `auto` is resolved.
pub fn choice() -> Color {
    CHOICE.get().copied().unwrap_or(Color::Auto)
}

/// Whether output on stderr is coloured.
pub fn stderr() -> bool {
    match choice() {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// The choice for clap's own messages (help, parse errors).
pub fn clap_choice(choice: Color) -> clap::ColorChoice {
    match choice {
        // clap's `auto` already honours `NO_COLOR` and checks the terminal.
        Color::Auto => clap::ColorChoice::Auto,
        Color::Always => clap::ColorChoice::Always,
        Color::Never => clap::ColorChoice::Never,
    }
}

/// `--color` as written on the command line, read before clap parses it,
/// so that clap's own errors follow it too.
pub fn from_args(args: &[std::ffi::OsString]) -> Color {
    let mut found = Color::Auto;
    let mut iter = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        let value = if let Some(v) = arg.strip_prefix("--color=") {
            Some(v.to_string())
        } else if arg == "--color" {
            iter.next().map(|v| v.to_string())
        } else {
            None
        };
        if let Some(v) = value.and_then(|v| Color::from_str(&v, true).ok()) {
            found = v;
        }
    }
    found
}
