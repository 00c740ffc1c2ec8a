//! The async ABI in the fit analysis: exports lifted with `[async-lift]` (and
//! its `[callback][async-lift]`) or `[async-lift-stackful]`, and imports
//! lowered with `[async-lower]`.
//!
//! The component model lets a function that the world declares `async func`
//! be lifted or lowered either way, but a sync `func` only with the sync ABI:
//! wit-component then builds a component that fails validation with "the
//! `async` canonical option requires an async function type", which names
//! neither the function nor the fix. weld says which function, what the
//! world declares and what the module does.

use wit_parser::abi::AbiVariant;
use wit_parser::{Function, Resolve};

use crate::fit::{CoreShape, CoreSig, Problem, core_sig};

/// How the module lifts an export with the async ABI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lift {
    /// `[async-lift]name`, with a `[callback][async-lift]name`.
    Callback,
    /// `[async-lift-stackful]name`.
    Stackful,
}

impl Lift {
    fn prefix(self) -> &'static str {
        match self {
            Lift::Callback => "[async-lift]",
            Lift::Stackful => "[async-lift-stackful]",
        }
    }

    fn variant(self) -> AbiVariant {
        match self {
            Lift::Callback => AbiVariant::GuestExportAsync,
            Lift::Stackful => AbiVariant::GuestExportAsyncStackful,
        }
    }
}

/// The async lift the module uses for export `name`, if any.
pub(crate) fn async_lift(module: &CoreShape, name: &str) -> Option<Lift> {
    [Lift::Callback, Lift::Stackful]
        .into_iter()
        .find(|l| module.func_exports.contains_key(&format!("{}{name}", l.prefix())))
}

/// The core signature of a callback (`event`, `waitable`, `payload` in; a
/// packed code out).
fn callback_sig() -> CoreSig {
    CoreSig { params: vec!["i32".into(); 3], results: vec!["i32".into()] }
}

/// Problems with export `name` (`wit_name` in the world), which the module
/// lifts with `lift`.
pub(crate) fn check_lift(
    resolve: &Resolve,
    module: &CoreShape,
    f: &Function,
    name: &str,
    wit_name: &str,
    lift: Lift,
) -> Vec<Problem> {
    let export = format!("{}{name}", lift.prefix());
    if !f.kind.is_async() {
        let sync = core_sig(resolve, AbiVariant::GuestExport, f);
        return vec![format!(
            "export `{export}`: the world declares `{wit_name}` a sync `func`, but the module lifts it with the \
             async ABI; declare it `async func` in the WIT, or export `{name}` {sync} instead"
        )];
    }
    let mut problems = Vec::new();
    let want = core_sig(resolve, lift.variant(), f);
    if let Some(have) = module.func_exports.get(&export)
        && *have != want
    {
        problems
            .push(format!("export `{export}` (`{wit_name}`): the async ABI requires {want}, the module has {have}"));
    }
    if lift == Lift::Callback {
        let callback = format!("[callback]{export}");
        match module.func_exports.get(&callback) {
            None => problems.push(format!(
                "export `{export}` (`{wit_name}`) has no callback: export `{callback}` {}, or lift it with \
                 `[async-lift-stackful]{name}`",
                callback_sig()
            )),
            Some(have) if *have != callback_sig() => problems.push(format!(
                "export `{callback}` (`{wit_name}`): a callback must be {}, the module has {have}",
                callback_sig()
            )),
            Some(_) => {}
        }
    }
    problems
}

/// For an `async func` used the sync way with the wrong signature: the
/// async alternative (` with the sync ABI (or `[async-lift]f` ...)`).
pub(crate) fn sync_way_note(resolve: &Resolve, f: &Function, name: &str, export: bool) -> String {
    if !f.kind.is_async() {
        return String::new();
    }
    if export {
        let sig = core_sig(resolve, AbiVariant::GuestExportAsync, f);
        format!(" with the sync ABI (or `[async-lift]{name}` {sig} and a callback)")
    } else {
        let sig = core_sig(resolve, AbiVariant::GuestImportAsync, f);
        format!(" with the sync ABI (or `[async-lower]{name}` {sig})")
    }
}

/// Problems with import `module_name` `[async-lower]plain`, where `plain` is
/// `f` (`wit_name`) of the world.
pub(crate) fn check_lower(
    resolve: &Resolve,
    f: &Function,
    module_name: &str,
    plain: &str,
    wit_name: &str,
    have: &CoreSig,
) -> Option<Problem> {
    let import = format!("[async-lower]{plain}");
    if !f.kind.is_async() {
        let sync = core_sig(resolve, AbiVariant::GuestImport, f);
        return Some(format!(
            "import `{module_name}` `{import}`: the world declares `{wit_name}` a sync `func`, but the module \
             lowers it with the async ABI; declare it `async func` in the WIT, or import `{plain}` {sync} instead"
        ));
    }
    let want = core_sig(resolve, AbiVariant::GuestImportAsync, f);
    (want != *have).then(|| {
        format!(
            "import `{module_name}` `{import}` (`{wit_name}`): the async ABI requires {want}, the module has {have}"
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::fit::{CoreShape, check};

    const WIT: &str = "package t:a;\n\
        world w {\n\
          import get: func(n: u32) -> u32;\n\
          import wait: async func(n: u32) -> u32;\n\
          export add: func(a: u32, b: u32) -> u32;\n\
          export slow: async func(n: u32) -> u32;\n\
        }\n";

    fn problems(wat: &str) -> Vec<String> {
        let mut resolve = wit_parser::Resolve::default();
        let pkg = resolve.push_str("t.wit", WIT).unwrap();
        let world = resolve.select_world(&[pkg], Some("w")).unwrap();
        let module = wat::parse_str(wat).unwrap();
        check(&CoreShape::read(&module).unwrap(), &resolve, world, &[])
    }

    const SYNC_ADD: &str = r#"(func (export "add") (param i32 i32) (result i32) unreachable)"#;

    #[test]
    fn every_async_shape_that_fits_is_silent() {
        let wat = format!(
            r#"(module
              (import "$root" "[async-lower]wait" (func (param i32 i32) (result i32)))
              (import "$root" "get" (func (param i32) (result i32)))
              {SYNC_ADD}
              (func (export "[async-lift]slow") (param i32) (result i32) unreachable)
              (func (export "[callback][async-lift]slow") (param i32 i32 i32) (result i32) unreachable))"#
        );
        assert_eq!(problems(&wat), Vec::<String>::new());
        // An `async func` lifted and lowered the sync way is allowed too.
        let wat = format!(
            r#"(module
              (import "$root" "wait" (func (param i32) (result i32)))
              {SYNC_ADD}
              (func (export "slow") (param i32) (result i32) unreachable))"#
        );
        assert_eq!(problems(&wat), Vec::<String>::new());
    }

    #[test]
    fn a_sync_function_lifted_or_lowered_async_is_named() {
        let wat = r#"(module
              (import "$root" "[async-lower]get" (func (param i32 i32) (result i32)))
              (func (export "[async-lift-stackful]add") (param i32 i32) unreachable)
              (func (export "slow") (param i32) (result i32) unreachable))"#;
        let p = problems(wat);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert!(
            p[0].starts_with("export `[async-lift-stackful]add`: the world declares `add` a sync `func`"),
            "{}",
            p[0]
        );
        assert!(p[0].ends_with("or export `add` (param i32 i32) (result i32) instead"), "{}", p[0]);
        assert!(
            p[1].starts_with("import `$root` `[async-lower]get`: the world declares `get` a sync `func`"),
            "{}",
            p[1]
        );
    }

    #[test]
    fn async_signatures_and_callbacks_are_checked() {
        let wat = format!(
            r#"(module
              (import "$root" "[async-lower]wait" (func (param i32) (result i32)))
              {SYNC_ADD}
              (func (export "[async-lift]slow") (param i32 i32) (result i32) unreachable))"#
        );
        let p = problems(&wat);
        assert_eq!(p.len(), 3, "{p:#?}");
        assert!(p[0].contains("the async ABI requires (param i32) (result i32), the module has (param i32 i32)"));
        assert!(p[1].contains("has no callback: export `[callback][async-lift]slow` (param i32 i32 i32) (result i32)"));
        assert!(p[2].contains("`[async-lower]wait` (`wait`): the async ABI requires (param i32 i32) (result i32)"));
    }
}
