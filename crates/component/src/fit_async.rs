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
        problems.push(format!("export `{export}` (`{wit_name}`): the async ABI requires {want}, the module has {have}"));
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
        format!("import `{module_name}` `{import}` (`{wit_name}`): the async ABI requires {want}, the module has {have}")
    })
}
