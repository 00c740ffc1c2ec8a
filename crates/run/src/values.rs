//! Whether a [`Val`] fits a component [`Type`], checked before a call so
//! that a wrong argument is the caller's error with a path to the mismatch.

use wasmtime::component::{Type, Val};

use crate::invoke::describe;

/// `Ok` when `val` has type `ty`; otherwise where and what differs, like
/// `field y: expected u32, found a string`.
pub fn fits(ty: &Type, val: &Val) -> Result<(), String> {
    let wrong = || Err(format!("expected {}, found {}", describe::ty(ty), kind(val)));
    let inside = |what: String, r: Result<(), String>| r.map_err(|e| format!("{what}: {e}"));
    match (ty, val) {
        (Type::Bool, Val::Bool(_))
        | (Type::S8, Val::S8(_))
        | (Type::U8, Val::U8(_))
        | (Type::S16, Val::S16(_))
        | (Type::U16, Val::U16(_))
        | (Type::S32, Val::S32(_))
        | (Type::U32, Val::U32(_))
        | (Type::S64, Val::S64(_))
        | (Type::U64, Val::U64(_))
        | (Type::Float32, Val::Float32(_))
        | (Type::Float64, Val::Float64(_))
        | (Type::Char, Val::Char(_))
        | (Type::String, Val::String(_)) => Ok(()),
        (Type::List(l), Val::List(items)) => {
            let elem = l.ty();
            items.iter().enumerate().try_for_each(|(i, v)| inside(format!("element {i}"), fits(&elem, v)))
        }
        (Type::Record(r), Val::Record(fields)) => {
            let want: Vec<_> = r.fields().collect();
            if want.len() != fields.len() {
                return Err(format!("expected a record with {} fields, found {}", want.len(), fields.len()));
            }
            want.iter().zip(fields).try_for_each(|(w, (name, v))| {
                if w.name != name {
                    return Err(format!("expected field `{}`, found `{name}`", w.name));
                }
                inside(format!("field {name}"), fits(&w.ty, v))
            })
        }
        (Type::Tuple(t), Val::Tuple(items)) => {
            let want: Vec<_> = t.types().collect();
            if want.len() != items.len() {
                return Err(format!("expected a tuple of {}, found one of {}", want.len(), items.len()));
            }
            want.iter().zip(items).enumerate().try_for_each(|(i, (w, v))| inside(format!("item {i}"), fits(w, v)))
        }
        (Type::Variant(t), Val::Variant(name, payload)) => {
            let Some(case) = t.cases().find(|c| c.name == name) else {
                return Err(format!("expected a case of {}, found `{name}`", describe::ty(ty)));
            };
            match (case.ty, payload) {
                (None, None) => Ok(()),
                (Some(w), Some(v)) => inside(format!("case {name}"), fits(&w, v)),
                (None, Some(_)) => Err(format!("case `{name}` has no payload, found one")),
                (Some(_), None) => Err(format!("case `{name}` needs a payload, found none")),
            }
        }
        (Type::Enum(e), Val::Enum(name)) => {
            if e.names().any(|n| n == name) {
                Ok(())
            } else {
                wrong()
            }
        }
        (Type::Flags(f), Val::Flags(names)) => match names.iter().find(|n| !f.names().any(|m| m == n.as_str())) {
            Some(n) => Err(format!("expected flags of {}, found `{n}`", describe::ty(ty))),
            None => Ok(()),
        },
        (Type::Option(o), Val::Option(v)) => match v {
            None => Ok(()),
            Some(v) => inside("some".into(), fits(&o.ty(), v)),
        },
        (Type::Result(r), Val::Result(v)) => {
            let side = |want: Option<Type>, got: &Option<Box<Val>>, which: &str| match (want, got) {
                (None, None) => Ok(()),
                (Some(w), Some(v)) => inside(which.into(), fits(&w, v)),
                (None, Some(_)) => Err(format!("`{which}` has no payload, found one")),
                (Some(_), None) => Err(format!("`{which}` needs a payload, found none")),
            };
            match v {
                Ok(ok) => side(r.ok(), ok, "ok"),
                Err(err) => side(r.err(), err, "err"),
            }
        }
        // Handles, fixed-length lists, maps and async values are checked by
        // wasmtime itself.
        (Type::Own(_) | Type::Borrow(_), Val::Resource(_)) => Ok(()),
        (Type::FixedLengthList(_) | Type::Map(_) | Type::Future(_) | Type::Stream(_) | Type::ErrorContext, _) => Ok(()),
        _ => wrong(),
    }
}

/// What kind of value `val` is, for messages.
fn kind(val: &Val) -> &'static str {
    match val {
        Val::Bool(_) => "a bool",
        Val::S8(_) => "an s8",
        Val::U8(_) => "a u8",
        Val::S16(_) => "an s16",
        Val::U16(_) => "a u16",
        Val::S32(_) => "an s32",
        Val::U32(_) => "a u32",
        Val::S64(_) => "an s64",
        Val::U64(_) => "a u64",
        Val::Float32(_) => "an f32",
        Val::Float64(_) => "an f64",
        Val::Char(_) => "a char",
        Val::String(_) => "a string",
        Val::List(_) => "a list",
        Val::Record(_) => "a record",
        Val::Tuple(_) => "a tuple",
        Val::Variant(..) => "a variant",
        Val::Enum(_) => "an enum case",
        Val::Option(_) => "an option",
        Val::Result(_) => "a result",
        Val::Flags(_) => "flags",
        Val::Resource(_) => "a resource",
        _ => "another kind of value",
    }
}

#[cfg(test)]
mod tests {
    use wasmtime::component::{Type, Val};

    #[test]
    fn scalars_and_strings_fit_their_own_types_only() {
        assert!(super::fits(&Type::U32, &Val::U32(1)).is_ok());
        assert_eq!(super::fits(&Type::U32, &Val::S32(1)), Err("expected u32, found an s32".to_string()));
        assert_eq!(super::fits(&Type::String, &Val::Bool(true)), Err("expected string, found a bool".to_string()));
    }
}
