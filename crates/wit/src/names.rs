//! Names of packages, interfaces and worlds (`ns:pkg/item@version`), and the
//! version rules every part of weld applies to them.
//!
//! This module is the one place that splits such a name and the one place
//! that says when two versions are compatible:
//!
//! * [`same_track`]: two versions serve one another when they are on the
//!   same compatibility track (the same major, or for `0.x` the same minor).
//!   This is how the component model and wasmtime's linker match an import
//!   with a definition, and how a host "provides WASI 0.2" for any 0.2.x.
//! * [`satisfies`]: a provider's export satisfies a consumer's import when
//!   it is on the same track and not older (the rule `weld plug` wires by).
//! * [`bump_between`]: the kind of release from one version to another.
//!
//! ```
//! use weld_wit::names::Name;
//! let want: Name = "wasi:io/streams@0.2.0".parse().unwrap();
//! let have: Name = "wasi:io/streams@0.2.12".parse().unwrap();
//! assert_eq!(want.unversioned(), "wasi:io/streams");
//! assert!(have.satisfies(&want));
//! assert!(!want.satisfies(&have));
//! ```

use std::fmt;
use std::str::FromStr;

use semver::Version;

/// A parsed `ns:pkg`, `ns:pkg/item`, either with `@version`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    pub namespace: String,
    pub package: String,
    /// The interface or world inside the package, if the name has one.
    pub item: Option<String>,
    pub version: Option<Version>,
}

/// Why a text is not a [`Name`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    pub text: String,
    pub reason: String,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a name of the form `ns:pkg/item@version`: {}", self.text, self.reason)
    }
}

impl std::error::Error for NameError {}

impl FromStr for Name {
    type Err = NameError;

    fn from_str(text: &str) -> Result<Name, NameError> {
        let err = |reason: &str| NameError { text: text.to_string(), reason: reason.to_string() };
        // The version is everything after the first `@`: no other part of
        // the name may contain one, and a version may contain `+` and `-`
        // but never `@`.
        let (path, version) = match text.split_once('@') {
            Some((p, v)) => {
                let v = Version::parse(v).map_err(|e| err(&format!("bad version `{v}`: {e}")))?;
                (p, Some(v))
            }
            None => (text, None),
        };
        let (namespace, rest) = path.split_once(':').ok_or_else(|| err("no `:` after the namespace"))?;
        let (package, item) = match rest.split_once('/') {
            Some((p, i)) => (p, Some(i)),
            None => (rest, None),
        };
        let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '%');
        if !word(namespace) {
            return Err(err("the namespace is empty or not kebab-case"));
        }
        // Nested namespaces (`a:b:c/d`) are not part of the component model.
        if !word(package) {
            return Err(err("the package is empty or not kebab-case"));
        }
        if let Some(i) = item
            && !word(i)
        {
            return Err(err("the interface or world is empty or not kebab-case"));
        }
        Ok(Name {
            namespace: namespace.to_string(),
            package: package.to_string(),
            item: item.map(str::to_string),
            version,
        })
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.unversioned())?;
        if let Some(v) = &self.version {
            write!(f, "@{v}")?;
        }
        Ok(())
    }
}

impl Name {
    /// Parses `text`, or `None` for a plain name (`run`, `[method]r.f`)
    /// or anything else that is not a package path.
    pub fn parse(text: &str) -> Option<Name> {
        text.parse().ok()
    }

    /// `ns:pkg` without the version.
    pub fn package_name(&self) -> String {
        format!("{}:{}", self.namespace, self.package)
    }

    /// `ns:pkg/item` (or `ns:pkg`) without the version.
    pub fn unversioned(&self) -> String {
        match &self.item {
            Some(i) => format!("{}:{}/{i}", self.namespace, self.package),
            None => self.package_name(),
        }
    }

    /// Whether both name the same item, whatever their versions.
    pub fn same_item(&self, other: &Name) -> bool {
        self.namespace == other.namespace && self.package == other.package && self.item == other.item
    }

    /// Whether `self`, exported by a provider, satisfies the import `want`:
    /// the same item, and either both unversioned or `self`'s version is
    /// on `want`'s track and not older.
    pub fn satisfies(&self, want: &Name) -> bool {
        self.same_item(want)
            && match (&want.version, &self.version) {
                (None, None) => true,
                (Some(w), Some(h)) => satisfies(w, h),
                _ => false,
            }
    }

    /// Whether `self` and `other` name the same item on the same version
    /// track (either may be newer): how a host serving `other` serves
    /// `self`.
    pub fn same_track_as(&self, other: &Name) -> bool {
        self.same_item(other)
            && match (&self.version, &other.version) {
                (None, None) => true,
                (Some(a), Some(b)) => same_track(a, b),
                _ => false,
            }
    }
}

/// The unversioned part of an import or export name: `ns:pkg/item` of a
/// package path, the name itself otherwise (a plain function or interface
/// name).
pub fn unversioned(name: &str) -> String {
    Name::parse(name).map_or_else(|| name.to_string(), |n| n.unversioned())
}

/// The version of an import or export name, if it is a versioned package
/// path.
pub fn version_of(name: &str) -> Option<Version> {
    Name::parse(name).and_then(|n| n.version)
}

/// The compatibility track of a version: its major, or `0.minor`.
pub fn track(v: &Version) -> (u64, u64) {
    if v.major != 0 { (v.major, 0) } else { (0, v.minor) }
}

/// Whether `a` and `b` are on the same compatibility track (the same major,
/// or for `0.x` the same minor). A pre-release and a `0.0.x` version are
/// only on a track with themselves, as in the component model.
pub fn same_track(a: &Version, b: &Version) -> bool {
    let alone = |v: &Version| !v.pre.is_empty() || (v.major == 0 && v.minor == 0);
    if alone(a) || alone(b) {
        return a == b;
    }
    track(a) == track(b)
}

/// Whether a provider at version `have` satisfies a consumer that wants
/// `want`: the same track, and not older.
pub fn satisfies(want: &Version, have: &Version) -> bool {
    same_track(want, have) && have >= want
}

/// The kind of release between two versions of a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// The bump from `old` to `new`, `None` when `new` is not newer. Before 1.0
/// a new minor is the breaking step and a new patch the compatible one, so
/// `0.2.0 → 0.3.0` is a major bump and `0.2.0 → 0.2.1` a minor one.
pub fn bump_between(old: &Version, new: &Version) -> Option<Bump> {
    if new <= old {
        return None;
    }
    if !same_track(old, new) {
        return Some(Bump::Major);
    }
    Some(if old.major == 0 || new.minor != old.minor { Bump::Minor } else { Bump::Patch })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn parses_every_shape() {
        let n: Name = "wasi:cli/run@0.2.0".parse().unwrap();
        assert_eq!((n.namespace.as_str(), n.package.as_str(), n.item.as_deref()), ("wasi", "cli", Some("run")));
        assert_eq!(n.version, Some(v("0.2.0")));
        assert_eq!(n.to_string(), "wasi:cli/run@0.2.0");
        let n: Name = "a:b@1.0.0-rc.1+build".parse().unwrap();
        assert_eq!(n.item, None);
        assert_eq!(n.to_string(), "a:b@1.0.0-rc.1+build");
        assert_eq!(Name::parse("run"), None);
        assert_eq!(Name::parse("[method]r.f"), None);
        assert!("a:b/c@x".parse::<Name>().unwrap_err().to_string().contains("bad version `x`"));
        assert!("a:/c".parse::<Name>().is_err());
        assert!("a:b/".parse::<Name>().is_err());
        assert_eq!(unversioned("a:b/c@1.2.3"), "a:b/c");
        assert_eq!(unversioned("run"), "run");
        assert_eq!(version_of("a:b/c@1.2.3"), Some(v("1.2.3")));
    }

    #[test]
    fn tracks_and_satisfaction() {
        assert!(same_track(&v("0.2.0"), &v("0.2.12")));
        assert!(!same_track(&v("0.2.0"), &v("0.3.0")));
        assert!(same_track(&v("1.0.0"), &v("1.9.0")));
        assert!(!same_track(&v("1.0.0"), &v("2.0.0")));
        assert!(!same_track(&v("1.0.0-rc.1"), &v("1.0.0")));
        assert!(!same_track(&v("0.0.1"), &v("0.0.2")));
        assert!(same_track(&v("0.0.1"), &v("0.0.1")));
        assert!(satisfies(&v("0.2.0"), &v("0.2.12")));
        assert!(!satisfies(&v("0.2.12"), &v("0.2.0")));
        let want: Name = "a:b/c@1.1.0".parse().unwrap();
        assert!(Name::parse("a:b/c@1.4.0").unwrap().satisfies(&want));
        assert!(!Name::parse("a:b/c@1.0.0").unwrap().satisfies(&want));
        assert!(!Name::parse("a:b/c").unwrap().satisfies(&want));
        assert!(Name::parse("a:b/c@1.0.0").unwrap().same_track_as(&want));
        assert!(!Name::parse("a:b/d@1.1.0").unwrap().same_track_as(&want));
    }

    #[test]
    fn bumps() {
        assert_eq!(bump_between(&v("1.0.0"), &v("1.0.1")), Some(Bump::Patch));
        assert_eq!(bump_between(&v("1.0.0"), &v("1.1.0")), Some(Bump::Minor));
        assert_eq!(bump_between(&v("1.0.0"), &v("2.0.0")), Some(Bump::Major));
        assert_eq!(bump_between(&v("0.2.0"), &v("0.2.1")), Some(Bump::Minor));
        assert_eq!(bump_between(&v("0.2.0"), &v("0.3.0")), Some(Bump::Major));
        assert_eq!(bump_between(&v("0.2.0"), &v("1.0.0")), Some(Bump::Major));
        assert_eq!(bump_between(&v("0.0.1"), &v("0.0.2")), Some(Bump::Major));
        assert_eq!(bump_between(&v("1.0.0"), &v("1.0.0")), None);
        assert_eq!(bump_between(&v("1.1.0"), &v("1.0.0")), None);
    }
}
