//! `weld bindgen`: guest bindings from WIT.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use weld_bindgen::Lang;
use weld_wit::{Input, LoadOptions};

use crate::output;

/// Generate guest bindings for a world, in Rust, C, Go or Zig.
///
/// Rust: one `<world>.rs` module with the world's types, a function per
/// import, a `Guest` trait per export and an `export!` macro; it needs no
/// runtime crate. C: `<world>.h` and `<world>.c`, named like wit-bindgen's C
/// generator, needing only the C library. Both embed the world, so `weld new`
/// on the compiled module needs no `--wit`. Go: `<world>.go`, package
/// `<world>` for standard Go (`GOOS=wasip1 go build -buildmode=c-shared`),
/// exports set in its `Exports` variable; Go cannot embed the world, so give
/// `weld new` the `--wit`. Zig: one `<world>.zig` needing only Zig's std,
/// exports implemented by the struct given to its comptime `exportWorld`; it
/// embeds the world.
#[derive(Args)]
#[command(after_help = "Examples:

    # Rust bindings for the `app` world, written to src/
    $ weld bindgen rust wit/ --world app --out-dir src

    # C bindings printed to stdout
    $ weld bindgen c wit/app.wit -o -

    # A Go package `app` in the folder app/
    $ weld bindgen go wit/ --world app --out-dir app

    # In CI: fail when the checked-in bindings are stale
    $ weld bindgen c wit/ --world app --out-dir gen --check")]
pub struct Opts {
    /// The language to generate.
    #[arg(value_enum)]
    lang: LangArg,

    /// WIT files, folders or wasm-encoded packages.
    #[arg(value_name = "WIT", required = true)]
    inputs: Vec<PathBuf>,

    /// The world (`name`, `ns:pkg/name` or `ns:pkg/name@1.2.3`); needed when
    /// the package has several.
    #[arg(long, short = 'w', value_name = "WORLD")]
    world: Option<String>,

    /// Write the files into DIR (default: the current folder).
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    out_dir: Option<PathBuf>,

    /// `-o -` prints the files to stdout instead.
    #[arg(long, short = 'o', value_name = "-")]
    output: Option<String>,

    /// Write nothing; fail when the files in DIR differ from what would be
    /// generated.
    #[arg(long, conflicts_with = "output")]
    check: bool,

    /// Enable `@unstable(feature = F)` items (comma-separated or repeated).
    #[arg(long, value_name = "F", value_delimiter = ',')]
    features: Vec<String>,

    /// Enable every `@unstable` item.
    #[arg(long)]
    all_features: bool,

    /// C only: name the interface K (`ns:pkg/iface@1.0.0`, or the plain
    /// name of an inline one) V in C names (`V_func` rather than
    /// `ns_pkg_iface_func`; `exports_V_...` for an export), as
    /// wit-bindgen's C generator does; repeatable.
    #[arg(long, value_name = "K=V", value_parser = parse_rename)]
    rename: Vec<(String, String)>,

    /// C only: the encoding of strings: `utf8` (the default) or `utf16`
    /// (`uint16_t` code units; the embedded world asks `weld new` for UTF-16
    /// strings).
    #[arg(long, value_name = "ENCODING", value_enum)]
    string_encoding: Option<Encoding>,

    /// C only: bind these `async` functions synchronously, as wit-bindgen
    /// 0.63's `--sync` does: `all`, `ns:pkg/iface#func` (or `func` for a
    /// function of the world), or either after `import:` or `export:` to
    /// match one side only (comma-separated or repeated).
    #[arg(long, value_name = "FILTER", value_delimiter = ',')]
    sync: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Encoding {
    Utf8,
    Utf16,
}

fn parse_rename(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) => Ok((k.to_string(), v.to_string())),
        None => Err(format!("`{s}` is not K=V (e.g. `--rename my:pkg/api=api`)")),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Rust,
    C,
    Go,
    Zig,
}

impl Opts {
    pub fn run(self) -> Result<ExitCode> {
        let lang = match self.lang {
            LangArg::Rust => Lang::Rust,
            LangArg::C => Lang::C,
            LangArg::Go => Lang::Go,
            LangArg::Zig => Lang::Zig,
        };
        if let Some(o) = &self.output
            && o != "-"
        {
            crate::usage_bail!("`-o` takes only `-` (stdout); use `--out-dir DIR` to write files");
        }
        if lang != Lang::C && (!self.rename.is_empty() || self.string_encoding.is_some()) {
            crate::usage_bail!("`--rename` and `--string-encoding` are options of `weld bindgen c` only");
        }
        if lang != Lang::C && !self.sync.is_empty() {
            crate::usage_bail!("`--sync` is an option of `weld bindgen c` only");
        }
        let inputs: Vec<Input> = self.inputs.iter().map(|p| Input::Path(p.clone())).collect();
        let opts = LoadOptions { features: self.features.clone(), all_features: self.all_features, builtin: true };
        let wit = weld_wit::load(&inputs, &opts)?;
        let world = wit.select_world(self.world.as_deref())?;
        let world_name = &wit.resolve.worlds[world].name;
        let c_opts = weld_bindgen::COptions {
            rename: self.rename.clone(),
            utf16: matches!(self.string_encoding, Some(Encoding::Utf16)),
            sync: self.sync.clone(),
        };
        let files = if lang == Lang::C {
            weld_bindgen::generate_c(&wit.resolve, world, &c_opts)
        } else {
            weld_bindgen::generate(lang, &wit.resolve, world)
        }
        .with_context(|| format!("failed to generate {} bindings for world `{world_name}`", lang.name()))?;

        if self.output.is_some() {
            let mut text = String::new();
            let many = files.0.len() > 1;
            for (name, body) in files.iter() {
                if many {
                    text.push_str(&format!("// ---- {name} ----\n"));
                }
                text.push_str(body);
            }
            output::Output::new(None).text(&text)?;
            return Ok(ExitCode::SUCCESS);
        }
        let dir = self.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
        if self.check {
            let mut stale = Vec::new();
            for (name, body) in files.iter() {
                let path = dir.join(name);
                match std::fs::read(&path) {
                    Ok(found) if found == body.as_bytes() => {}
                    Ok(_) => stale.push(format!("{} differs from what `weld bindgen` generates", path.display())),
                    Err(_) => stale.push(format!("{} is missing", path.display())),
                }
            }
            if stale.is_empty() {
                return Ok(ExitCode::SUCCESS);
            }
            bail!(
                "the {} bindings in {} are stale:\n  {}\nhelp: regenerate them with `weld bindgen {} ... --out-dir {}`",
                lang.name(),
                dir.display(),
                stale.join("\n  "),
                lang.name(),
                dir.display()
            );
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("failed to create folder {}", dir.display()))?;
        for (name, body) in files.iter() {
            output::write_atomic(&dir.join(name), body.as_bytes())?;
        }
        Ok(ExitCode::SUCCESS)
    }
}
