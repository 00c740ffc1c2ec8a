//! Linking components at load time (`weld run SOCKET --plug IMPL`, and a
//! composed binary split back into its members).
//!
//! Every member of the composition is instantiated by weld itself, in one
//! store, providers before consumers. A consumer's import that is wired to
//! a provider's export is defined in the consumer's linker by host-side
//! forwarders: each imported function is a concurrent host function that
//! calls the provider's export as a subtask ([`Func::call_concurrent`], the
//! re-entrant form of the `call_async` the rest of weld-run uses). Imports
//! nobody wired go to the WASI host as usual.
//!
//! Resources: a resource the provider exports and the consumer imports is
//! defined on the consumer's side as a host resource of its own dynamic
//! type, whose rep indexes a table of the provider's handles
//! ([`ResourceAny`]). Handles are translated at each crossing: an `own`
//! the provider returns is put in the table and handed to the consumer as a
//! fresh host handle; an `own` the consumer passes back is taken out of the
//! table (ownership moves on); a `borrow` is lent from the table entry.
//! When the consumer drops its handle, the destructor drops the provider's
//! handle, which runs the provider's own destructor. A resource a third
//! member defines, which the provider imports and passes on (`use`d in
//! the interface between them), is the consumer's one stand-in type for
//! that real resource: its handles keep their rep from one member's
//! stand-in type to another's.
//!
//! Every forwarder also keeps the stack of calls in progress between
//! components, so that a trap names the components it went through, and
//! records each call in the [`Trace`] when there is one.

use std::sync::{Arc, Mutex, MutexGuard};

use anyhow::{Context, Result, anyhow, bail};
use wasmtime::Store;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{
    Accessor, Component, Func, Instance, Linker, LinkerInstance, ResourceAny, ResourceDynamic, ResourceType, Val,
};

use crate::Trace;
use crate::concurrent::{self, Waited};
use crate::ending::{Ending, classify, timed_out};
use crate::host::State;
use crate::trace::SpanId;

/// One wire: member `consumer` imports `import`, which member `provider`'s
/// export `export` satisfies. Members are numbered as given to
/// [`Runner::load_linked`](crate::Runner::load_linked), the root first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub consumer: usize,
    pub import: String,
    pub provider: usize,
    pub export: String,
}

/// The members of a composition linked at load time.
pub(crate) struct Links {
    pub members: Vec<Member>,
    pub links: Vec<Link>,
    /// Members in the order they are instantiated: providers first.
    pub order: Vec<usize>,
}

pub(crate) struct Member {
    pub name: String,
    pub component: Component,
    pub languages: Vec<String>,
}

impl Member {
    /// `app.wasm (C)`.
    pub fn label(&self) -> String {
        if self.languages.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.languages.join(", "))
        }
    }
}

/// A call from one component into another, while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossing {
    pub caller: String,
    pub callee: String,
    pub func: String,
}

/// The calls between components in progress, outermost first.
pub(crate) type Stack = Arc<Mutex<Vec<Crossing>>>;

/// Instantiation order: each member after every member it imports from,
/// only the members the root needs (directly or through others).
pub(crate) fn order(count: usize, links: &[Link], names: &[String]) -> Result<Vec<usize>> {
    fn visit(at: usize, links: &[Link], names: &[String], state: &mut [u8], out: &mut Vec<usize>) -> Result<()> {
        match state[at] {
            2 => return Ok(()),
            1 => bail!(
                "the wiring has a cycle through `{}`: components cannot import from each other in a ring",
                names[at]
            ),
            _ => {}
        }
        state[at] = 1;
        for l in links.iter().filter(|l| l.consumer == at) {
            visit(l.provider, links, names, state, out)?;
        }
        state[at] = 2;
        out.push(at);
        Ok(())
    }
    for l in links {
        if l.consumer >= count || l.provider >= count {
            bail!("wire `{}` names member {} of {count}", l.import, l.consumer.max(l.provider));
        }
        if l.consumer == l.provider {
            bail!("`{}` cannot satisfy its own import `{}`", names[l.consumer], l.import);
        }
    }
    let mut state = vec![0u8; count];
    let mut out = Vec::new();
    visit(0, links, names, &mut state, &mut out)?;
    Ok(out)
}

impl crate::Runner {
    /// Loads the members of a composition to be linked at load time: `parts`
    /// are `(name, bytes)`, the root first; `links` wire them (see
    /// [`Link`]). Each member is compiled (and cached) on its own. The
    /// result runs like one component whose imports are the root's, less
    /// the wired ones, plus the unwired imports of the members it uses.
    pub fn load_linked(&self, parts: Vec<(String, Vec<u8>)>, links: Vec<Link>) -> Result<crate::Loaded> {
        if parts.is_empty() {
            bail!("nothing to link: expected at least the root component");
        }
        let names: Vec<String> = parts.iter().map(|(n, _)| n.clone()).collect();
        let order = order(parts.len(), &links, &names)?;
        let mut members = Vec::new();
        let mut root = None;
        for (i, (name, bytes)) in parts.into_iter().enumerate() {
            let languages = weld_component::inspect::languages(&bytes).unwrap_or_default();
            let loaded = self.load(&name, bytes)?;
            let crate::engine::Program::Component(component) = &loaded.program else {
                bail!("`{name}` is a core module: only components can be linked (make it one with `weld new`)");
            };
            members.push(Member { name: name.clone(), component: component.clone(), languages: languages.clone() });
            if i == 0 {
                root = Some(crate::Loaded { languages, ..loaded });
            }
        }
        let mut root = root.context("the root is loaded")?;
        root.links = Some(Arc::new(Links { members, links, order }));
        Ok(root)
    }
}

/// The provider's handles the consumers' host handles stand for.
#[derive(Default)]
struct Proxies {
    /// `(member, the real resource type, the dynamic type of that member's
    /// stand-ins for it)`: one per member and real resource.
    types: Vec<(usize, ResourceType, u32)>,
    /// Each real resource's defining member, and its drop as the trace
    /// names it (`pkg/iface.[resource-drop]name`).
    owners: Vec<(ResourceType, usize, String)>,
    /// Indexed by the rep of the consumer-side handle.
    table: Vec<Option<ResourceAny>>,
    free: Vec<u32>,
}

impl Proxies {
    fn insert(&mut self, any: ResourceAny) -> u32 {
        match self.free.pop() {
            Some(rep) => {
                self.table[rep as usize] = Some(any);
                rep
            }
            None => {
                self.table.push(Some(any));
                (self.table.len() - 1) as u32
            }
        }
    }

    /// The dynamic type `member`'s stand-ins for resource `real` have.
    fn stand_in(&self, member: usize, real: ResourceType) -> Option<u32> {
        self.types.iter().find(|(m, ty, _)| *m == member && *ty == real).map(|(_, _, id)| *id)
    }

    /// The resource a provider's view `ty` stands for: the real one when
    /// `ty` is a stand-in (the provider imports it from a third member).
    fn real(&self, ty: ResourceType) -> ResourceType {
        self.types.iter().find(|(_, _, id)| ty == ResourceType::host_dynamic(*id)).map_or(ty, |(_, real, _)| *real)
    }

    fn take(&mut self, rep: u32) -> Option<ResourceAny> {
        let any = self.table.get_mut(rep as usize)?.take();
        if any.is_some() {
            self.free.push(rep);
        }
        any
    }
}

/// The state the forwarders of one linked instance share.
#[derive(Clone)]
struct Shared {
    proxies: Arc<Mutex<Proxies>>,
    stack: Stack,
    trace: Option<Arc<Trace>>,
    /// Each member's label and its track in the trace.
    labels: Arc<Vec<String>>,
    tracks: Arc<Vec<usize>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a linked instantiation gives: the root's instance, each member's
/// track in the trace, and the stack of calls between components.
pub(crate) struct Made {
    pub root: Instance,
    pub root_track: Option<usize>,
    pub stack: Stack,
}

/// Instantiates every member of `links` in `store`, wiring imports to
/// exports through forwarders; `base` gives each member's linker with WASI
/// and the host's functions (the imports nobody wired).
pub(crate) fn instantiate(
    store: &mut Store<State>,
    links: &Links,
    trace: Option<Arc<Trace>>,
    base: &dyn Fn(usize, &Component) -> Result<Linker<State>>,
) -> Result<Result<Made, Ending>> {
    let tracks: Vec<usize> = match &trace {
        Some(t) => links.members.iter().map(|m| t.track(&m.name, &m.languages)).collect(),
        None => Vec::new(),
    };
    let shared = Shared {
        proxies: Arc::default(),
        stack: Arc::default(),
        trace,
        labels: Arc::new(links.members.iter().map(Member::label).collect()),
        tracks: Arc::new(tracks),
    };
    let engine = store.engine().clone();
    store.data_mut().guard.members = links
        .members
        .iter()
        .map(|m| {
            let code = m.component.image_range();
            (code.start as usize..code.end as usize, m.label())
        })
        .collect();
    let mut instances: Vec<Option<Instance>> = vec![None; links.members.len()];
    let mut next_type = 0u32;
    for &at in &links.order {
        let member = &links.members[at];
        let mut linker = base(at, &member.component)?;
        linker.allow_shadowing(true);
        let imports: Vec<(String, ComponentItem)> =
            member.component.component_type().imports(&engine).map(|(n, i)| (n.to_string(), i.ty)).collect();
        for link in links.links.iter().filter(|l| l.consumer == at) {
            let provider = instances[link.provider].context("a provider is instantiated before its consumers")?;
            let Some((_, item)) = imports.iter().find(|(n, _)| *n == link.import) else {
                bail!("`{}` has no import `{}`", member.name, link.import);
            };
            let what = || {
                format!(
                    "failed to link `{}` of `{}` to `{}`",
                    link.import, member.name, links.members[link.provider].name
                )
            };
            match item {
                ComponentItem::ComponentInstance(ty) => {
                    let parent = provider.get_export_index(&mut *store, None, &link.export).ok_or_else(|| {
                        anyhow!("`{}` has no export `{}`", links.members[link.provider].name, link.export)
                    })?;
                    let mut inst = linker.instance(&link.import).map_err(anyhow::Error::from).with_context(what)?;
                    for (name, item) in ty.exports(&engine) {
                        let idx = provider.get_export_index(&mut *store, Some(&parent), name);
                        match item.ty {
                            ComponentItem::Resource(_) => {
                                let theirs =
                                    idx.and_then(|i| provider.get_resource(&mut *store, i)).ok_or_else(|| {
                                        anyhow!(
                                            "`{}` exports no resource `{name}` in `{}`",
                                            links.members[link.provider].name,
                                            link.export
                                        )
                                    })?;
                                // One stand-in type per member and real resource, however
                                // many interfaces name it (`use`) and whoever passes it on.
                                let mut p = lock(&shared.proxies);
                                let real = p.real(theirs);
                                if real == theirs && !p.owners.iter().any(|(ty, _, _)| *ty == real) {
                                    let label = format!("{}.[resource-drop]{name}", link.export);
                                    p.owners.push((real, link.provider, label));
                                }
                                let (owner, label) = p
                                    .owners
                                    .iter()
                                    .find(|(ty, _, _)| *ty == real)
                                    .map(|(_, owner, label)| (*owner, label.clone()))
                                    .context("a resource's defining member is linked before its users")?;
                                let id = match p.stand_in(at, real) {
                                    Some(id) => id,
                                    None => {
                                        next_type += 1;
                                        p.types.push((at, real, next_type - 1));
                                        next_type - 1
                                    }
                                };
                                drop(p);
                                define_resource(&mut inst, name, id, at, owner, label, &shared).with_context(what)?;
                            }
                            ComponentItem::ComponentFunc(fty) => {
                                let is_async = fty.async_();
                                let func = idx.and_then(|i| provider.get_func(&mut *store, i)).ok_or_else(|| {
                                    anyhow!(
                                        "`{}` exports no function `{name}` in `{}`",
                                        links.members[link.provider].name,
                                        link.export
                                    )
                                })?;
                                let label = format!("{}.{name}", link.export);
                                define_forwarder(&mut inst, name, func, is_async, at, link.provider, label, &shared)
                                    .with_context(what)?;
                            }
                            _ => {}
                        }
                    }
                }
                ComponentItem::ComponentFunc(fty) => {
                    let is_async = fty.async_();
                    let func = provider
                        .get_export_index(&mut *store, None, &link.export)
                        .and_then(|i| provider.get_func(&mut *store, i))
                        .ok_or_else(|| {
                            anyhow!("`{}` has no function export `{}`", links.members[link.provider].name, link.export)
                        })?;
                    let mut root = linker.root();
                    define_forwarder(
                        &mut root,
                        &link.import,
                        func,
                        is_async,
                        at,
                        link.provider,
                        link.export.clone(),
                        &shared,
                    )
                    .with_context(what)?;
                }
                other => bail!(
                    "`{}` imports `{}` as {}: only interfaces and functions can be linked at load time",
                    member.name,
                    link.import,
                    kind(other)
                ),
            }
        }
        let deadline = store.data().guard.deadline();
        let instance = match concurrent::block_on(deadline, linker.instantiate_async(&mut *store, &member.component)) {
            Waited::Done(Ok(i)) => i,
            Waited::Done(Err(e)) => {
                let e: anyhow::Error = e.into();
                if is_link_error(&e) {
                    return Err(e.context(format!("failed to instantiate `{}`", member.name)));
                }
                return Ok(Err(classify(&e, &store.data().guard)));
            }
            Waited::TimedOut => return Ok(Err(timed_out(&store.data().guard))),
        };
        instances[at] = Some(instance);
    }
    let root = instances[0].context("the root is instantiated")?;
    let root_track = shared.tracks.first().copied();
    Ok(Ok(Made { root, root_track, stack: shared.stack }))
}

/// An instantiation error about types or missing definitions (weld's),
/// rather than the guest's start function trapping.
fn is_link_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<wasmtime::Trap>().is_none() && !format!("{e:#}").contains("wasm trap")
}

fn kind(item: &ComponentItem) -> &'static str {
    match item {
        ComponentItem::Resource(_) => "a resource",
        ComponentItem::Type(_) => "a type",
        ComponentItem::Component(_) => "a component",
        ComponentItem::Module(_) => "a core module",
        _ => "something else",
    }
}

/// The consumer-side resource `name`: dropping the consumer's handle drops
/// the provider's, which runs the provider's destructor. That drop is a call
/// into the provider like any other: on the crossing stack, and traced.
fn define_resource(
    inst: &mut LinkerInstance<'_, State>,
    name: &str,
    id: u32,
    consumer: usize,
    provider: usize,
    label: String,
    shared: &Shared,
) -> Result<()> {
    let shared = shared.clone();
    let label = Arc::new(label);
    inst.resource_async(name, ResourceType::host_dynamic(id), move |store, rep| {
        let theirs = lock(&shared.proxies).take(rep);
        let shared = shared.clone();
        let label = label.clone();
        Box::new(async move {
            let Some(any) = theirs else { return Ok(()) };
            let span = enter(&shared, consumer, provider, &label, &[Val::Resource(any)]);
            let outcome = any.resource_drop_async(store).await;
            leave(&shared, span, &outcome, &[]);
            outcome?;
            lock(&shared.stack).pop();
            Ok(())
        })
    })
    .map_err(anyhow::Error::from)
}

#[allow(clippy::too_many_arguments)]
fn define_forwarder(
    inst: &mut LinkerInstance<'_, State>,
    name: &str,
    func: Func,
    is_async: bool,
    consumer: usize,
    provider: usize,
    label: String,
    shared: &Shared,
) -> Result<()> {
    let shared = shared.clone();
    let label = Arc::new(label);
    if !is_async {
        // A plain function: the consumer blocks while the provider runs.
        return inst
            .func_new_async(name, move |store, _ty, params, results| {
                let shared = shared.clone();
                let label = label.clone();
                Box::new(async move {
                    forward_sync(store, &shared, func, consumer, provider, &label, params, results).await
                })
            })
            .map_err(anyhow::Error::from);
    }
    inst.func_new_concurrent(name, move |accessor, _ty, params, results| {
        let shared = shared.clone();
        let label = label.clone();
        Box::pin(async move { forward(accessor, &shared, func, consumer, provider, &label, params, results).await })
    })
    .map_err(anyhow::Error::from)
}

#[allow(clippy::too_many_arguments)]
async fn forward(
    accessor: &Accessor<State>,
    shared: &Shared,
    func: Func,
    consumer: usize,
    provider: usize,
    label: &str,
    params: &[Val],
    results: &mut [Val],
) -> wasmtime::Result<()> {
    let translate = !lock(&shared.proxies).types.is_empty();
    let mut lent = Vec::new();
    let args: Vec<Val> = if translate {
        accessor.with(|mut access| {
            params
                .iter()
                .map(|v| {
                    map_resources(v.clone(), &mut |any| pass(&shared.proxies, provider, any, &mut lent, &mut access))
                })
                .collect::<wasmtime::Result<_>>()
        })?
    } else {
        params.to_vec()
    };
    let span = enter(shared, consumer, provider, label, params);
    let outcome = func.call_concurrent(accessor, &args, results).await;
    leave(shared, span, &outcome, results);
    outcome?;
    accessor.with(|mut access| release(lent, &mut access))?;
    lock(&shared.stack).pop();
    if translate {
        accessor.with(|mut access| {
            for r in results.iter_mut() {
                let v = std::mem::replace(r, Val::Bool(false));
                *r = map_resources(v, &mut |any| pass(&shared.proxies, consumer, any, &mut Vec::new(), &mut access))?;
            }
            wasmtime::Result::<()>::Ok(())
        })?;
    }
    Ok(())
}

/// [`forward`] for a plain (sync) function, on the consumer's fiber.
#[allow(clippy::too_many_arguments)]
async fn forward_sync(
    mut store: wasmtime::StoreContextMut<'_, State>,
    shared: &Shared,
    func: Func,
    consumer: usize,
    provider: usize,
    label: &str,
    params: &[Val],
    results: &mut [Val],
) -> wasmtime::Result<()> {
    let translate = !lock(&shared.proxies).types.is_empty();
    let mut lent = Vec::new();
    let args: Vec<Val> = if translate {
        params
            .iter()
            .map(|v| map_resources(v.clone(), &mut |any| pass(&shared.proxies, provider, any, &mut lent, &mut store)))
            .collect::<wasmtime::Result<_>>()?
    } else {
        params.to_vec()
    };
    let span = enter(shared, consumer, provider, label, params);
    let outcome = func.call_async(&mut store, &args, results).await;
    leave(shared, span, &outcome, results);
    outcome?;
    release(lent, &mut store)?;
    lock(&shared.stack).pop();
    if translate {
        for r in results.iter_mut() {
            let v = std::mem::replace(r, Val::Bool(false));
            *r = map_resources(v, &mut |any| pass(&shared.proxies, consumer, any, &mut Vec::new(), &mut store))?;
        }
    }
    Ok(())
}

/// Before a forwarded call: the crossing on the stack a trap reports, and
/// the call's trace span when tracing.
fn enter(shared: &Shared, consumer: usize, provider: usize, label: &str, args: &[Val]) -> Option<SpanId> {
    let crossing = Crossing {
        caller: shared.labels[consumer].clone(),
        callee: shared.labels[provider].clone(),
        func: label.to_string(),
    };
    lock(&shared.stack).push(crossing);
    shared.trace.as_ref().map(|t| t.begin(shared.tracks[consumer], shared.tracks[provider], label, args))
}

/// After a forwarded call: its span ends with the results or the error.
/// (The crossing stays on the stack when the call failed, for the report.)
fn leave(shared: &Shared, span: Option<SpanId>, outcome: &wasmtime::Result<()>, results: &[Val]) {
    if let (Some(t), Some(span)) = (&shared.trace, span) {
        match outcome {
            Ok(()) => t.end(span, Ok(results)),
            Err(e) => t.end(span, Err(&first_line(e))),
        }
    }
}

/// What ended a call, in one line: the trap, else the innermost cause (the
/// outer ones are wasmtime's backtrace and context).
pub(crate) fn first_line(e: &wasmtime::Error) -> String {
    let text = match e.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => trap.to_string(),
        None => e.root_cause().to_string(),
    };
    text.lines().next().unwrap_or("").to_string()
}

/// A handle crossing into member `to`, as an argument or a result. A
/// member sees a resource another member defines through a stand-in (a
/// host resource of its own dynamic type, whose rep indexes the table of
/// real handles); the member defining it, and the WASI host's resources,
/// are seen as they are. So a stand-in going to a member with a stand-in of
/// its own for that resource keeps its rep under the new type (a third
/// member's resource passed between two users of it); going to the member
/// that defines it, it becomes the real handle again (taken out of the
/// table for an `own`, lent for a `borrow`); and a real handle going to a
/// member with a stand-in is put in the table.
///
/// A borrow passed on under another stand-in type is lent as a handle
/// owned by the host for the call, pushed on `lent` and taken back by
/// [`release`] when the call is over (the destructor must not run).
fn pass(
    proxies: &Mutex<Proxies>,
    to: usize,
    any: ResourceAny,
    lent: &mut Vec<ResourceAny>,
    store: &mut impl wasmtime::AsContextMut<Data = State>,
) -> wasmtime::Result<ResourceAny> {
    let stand_in = lock(proxies).types.iter().any(|(_, _, id)| any.ty() == ResourceType::host_dynamic(*id));
    if stand_in {
        let handle = ResourceDynamic::try_from_resource_any(any, &mut *store)?;
        let (rep, owned) = (handle.rep(), handle.owned());
        let mut p = lock(proxies);
        let real =
            p.table.get(rep as usize).copied().flatten().ok_or_else(|| {
                wasmtime::format_err!("a resource handle passed between components was already dropped")
            })?;
        if let Some(id) = p.stand_in(to, real.ty()) {
            drop(p);
            let handle = ResourceDynamic::new_own(rep, id).try_into_resource_any(&mut *store)?;
            if !owned {
                lent.push(handle);
            }
            return Ok(handle);
        }
        if owned {
            p.take(rep);
        }
        return Ok(real);
    }
    let mut p = lock(proxies);
    let Some(id) = p.stand_in(to, any.ty()) else { return Ok(any) };
    if !any.owned() {
        // Only a result brings a defining member's handle to a user of it,
        // and results hold no borrows.
        wasmtime::bail!(
            "a borrowed handle cannot cross from the component that defines its resource to one that imports it"
        );
    }
    let rep = p.insert(any);
    drop(p);
    ResourceDynamic::new_own(rep, id).try_into_resource_any(&mut *store)
}

/// Takes back the handles [`pass`] lent for a call that is over, without
/// dropping what they stand for.
fn release(lent: Vec<ResourceAny>, store: &mut impl wasmtime::AsContextMut<Data = State>) -> wasmtime::Result<()> {
    for handle in lent {
        ResourceDynamic::try_from_resource_any(handle, &mut *store)?;
    }
    Ok(())
}

/// `v` with every resource handle in it passed through `f`.
fn map_resources(v: Val, f: &mut dyn FnMut(ResourceAny) -> wasmtime::Result<ResourceAny>) -> wasmtime::Result<Val> {
    let boxed = |b: Option<Box<Val>>, f: &mut dyn FnMut(ResourceAny) -> wasmtime::Result<ResourceAny>| {
        b.map(|v| map_resources(*v, f).map(Box::new)).transpose()
    };
    Ok(match v {
        Val::Resource(any) => Val::Resource(f(any)?),
        Val::List(items) => Val::List(items.into_iter().map(|v| map_resources(v, f)).collect::<wasmtime::Result<_>>()?),
        Val::FixedLengthList(items) => {
            Val::FixedLengthList(items.into_iter().map(|v| map_resources(v, f)).collect::<wasmtime::Result<_>>()?)
        }
        Val::Tuple(items) => {
            Val::Tuple(items.into_iter().map(|v| map_resources(v, f)).collect::<wasmtime::Result<_>>()?)
        }
        Val::Record(fields) => Val::Record(
            fields.into_iter().map(|(n, v)| Ok((n, map_resources(v, f)?))).collect::<wasmtime::Result<_>>()?,
        ),
        Val::Map(entries) => Val::Map(
            entries
                .into_iter()
                .map(|(k, v)| Ok((map_resources(k, f)?, map_resources(v, f)?)))
                .collect::<wasmtime::Result<_>>()?,
        ),
        Val::Variant(n, p) => Val::Variant(n, boxed(p, f)?),
        Val::Option(p) => Val::Option(boxed(p, f)?),
        Val::Result(Ok(p)) => Val::Result(Ok(boxed(p, f)?)),
        Val::Result(Err(p)) => Val::Result(Err(boxed(p, f)?)),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::{Link, Proxies, order};
    use wasmtime::component::ResourceType;

    #[test]
    fn one_stand_in_per_member_and_real_resource() {
        let real = ResourceType::host_dynamic(1000);
        let mut p = Proxies::default();
        // Member 1 uses the real resource through stand-in type 0, member 0
        // through type 1; member 1's view of it is the real one again.
        p.types.push((1, real, 0));
        p.types.push((0, real, 1));
        assert_eq!(p.real(ResourceType::host_dynamic(0)), real);
        assert_eq!(p.real(real), real);
        assert_eq!(p.stand_in(0, p.real(ResourceType::host_dynamic(0))), Some(1));
        assert_eq!(p.stand_in(2, real), None);
    }

    fn link(consumer: usize, provider: usize) -> Link {
        Link { consumer, import: format!("i{provider}"), provider, export: format!("i{provider}") }
    }

    #[test]
    fn providers_come_first_and_cycles_are_errors() {
        let names: Vec<String> = ["app", "a", "b", "unused"].iter().map(|s| s.to_string()).collect();
        assert_eq!(order(4, &[link(0, 1), link(1, 2), link(0, 2)], &names).unwrap(), [2, 1, 0]);
        let err = order(3, &[link(0, 1), link(1, 2), link(2, 1)], &names).unwrap_err().to_string();
        assert!(err.starts_with("the wiring has a cycle through `a`"), "{err}");
        assert!(order(2, &[link(0, 0)], &names).is_err());
    }
}
