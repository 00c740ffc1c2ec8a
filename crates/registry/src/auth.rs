//! Credentials: from the environment, else from Docker's config file.
//!
//! * `WELD_REGISTRY_USERNAME` and `WELD_REGISTRY_PASSWORD` (both or
//!   neither) are used for every registry;
//! * otherwise the `auths` entry for the registry's host in
//!   `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`), as
//!   `docker login` writes it: `auth` (base64 of `user:password`) or
//!   `username` and `password`;
//! * otherwise none (anonymous).
//!
//! Credential helpers (`credsStore`, `credHelpers`) are not run. Secrets
//! never appear in messages: only where they came from.

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use base64::Engine;
use oci_client::secrets::RegistryAuth;

pub const USERNAME_ENV: &str = "WELD_REGISTRY_USERNAME";
pub const PASSWORD_ENV: &str = "WELD_REGISTRY_PASSWORD";

/// Credentials for one registry, and where they came from.
pub struct Credentials {
    pub auth: RegistryAuth,
    /// `WELD_REGISTRY_USERNAME`, `~/.docker/config.json`, or `none`.
    pub source: String,
}

/// The credentials for `registry` (`host[:port]`).
pub fn credentials(registry: &str, settings: &crate::Settings) -> Result<Credentials> {
    let user = settings.username.clone().filter(|v| !v.is_empty());
    let pass = settings.password.clone().filter(|v| !v.is_empty());
    match (user, pass) {
        (Some(u), Some(p)) => {
            return Ok(Credentials {
                auth: RegistryAuth::Basic(u, p),
                source: format!("{USERNAME_ENV} and {PASSWORD_ENV}"),
            });
        }
        (Some(_), None) => bail!("{USERNAME_ENV} is set but {PASSWORD_ENV} is not: set both, or neither"),
        (None, Some(_)) => bail!("{PASSWORD_ENV} is set but {USERNAME_ENV} is not: set both, or neither"),
        (None, None) => {}
    }
    let Some(path) = settings.docker_config.clone() else {
        return Ok(anonymous());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(anonymous()),
        Err(e) => bail!("failed to read `{}`: {e}", path.display()),
    };
    from_docker_config(&text, registry, &path.display().to_string())
}

fn anonymous() -> Credentials {
    Credentials { auth: RegistryAuth::Anonymous, source: "none".into() }
}

/// `config.json` in `docker_config_dir` (`$DOCKER_CONFIG`), else in
/// `home/.docker`.
pub fn docker_config_path(docker_config_dir: Option<PathBuf>, home: Option<PathBuf>) -> Option<PathBuf> {
    docker_config_dir.map(|d| d.join("config.json")).or_else(|| home.map(|h| h.join(".docker/config.json")))
}

/// The host part of an `auths` key: `https://host:port/v1/` → `host:port`.
fn key_host(key: &str) -> &str {
    let k = key.strip_prefix("https://").or_else(|| key.strip_prefix("http://")).unwrap_or(key);
    k.split('/').next().unwrap_or(k)
}

fn from_docker_config(text: &str, registry: &str, path: &str) -> Result<Credentials> {
    let json: serde_json::Value = serde_json::from_str(text).with_context(|| format!("`{path}` is not valid JSON"))?;
    let Some(auths) = json.get("auths").and_then(|a| a.as_object()) else {
        return Ok(anonymous());
    };
    // Docker Hub's entry is keyed `https://index.docker.io/v1/`.
    let wanted = if registry == "docker.io" { "index.docker.io" } else { registry };
    let Some(entry) = auths.iter().find(|(k, _)| key_host(k) == wanted).map(|(_, v)| v) else {
        return Ok(anonymous());
    };
    let field = |name: &str| entry.get(name).and_then(|v| v.as_str()).filter(|s| !s.is_empty());
    let source = format!("`{path}` (auths entry for {registry})");
    if let Some(encoded) = field("auth") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let Some((user, pass)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
            bail!("{source}: `auth` is not base64 of `user:password`");
        };
        return Ok(Credentials { auth: RegistryAuth::Basic(user.into(), pass.into()), source });
    }
    if let (Some(user), Some(pass)) = (field("username"), field("password")) {
        return Ok(Credentials { auth: RegistryAuth::Basic(user.into(), pass.into()), source });
    }
    if let Some(token) = field("registrytoken") {
        return Ok(Credentials { auth: RegistryAuth::Bearer(token.into()), source });
    }
    Ok(anonymous())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(c: &Credentials) -> (String, String) {
        match &c.auth {
            RegistryAuth::Basic(u, p) => (u.clone(), p.clone()),
            other => panic!("expected basic credentials, got {other:?}"),
        }
    }

    #[test]
    fn docker_config_entries() {
        // `alice:s3cret` in base64.
        let text = r#"{"auths": {"https://localhost:5000/v1/": {"auth": "YWxpY2U6czNjcmV0"},
                      "ghcr.io": {"username": "bob", "password": "pw"}}}"#;
        let c = from_docker_config(text, "localhost:5000", "cfg").unwrap();
        assert_eq!(basic(&c), ("alice".into(), "s3cret".into()));
        assert!(!c.source.contains("s3cret"));
        assert_eq!(basic(&from_docker_config(text, "ghcr.io", "cfg").unwrap()), ("bob".into(), "pw".into()));
        let none = from_docker_config(text, "example.com", "cfg").unwrap();
        assert!(matches!(none.auth, RegistryAuth::Anonymous));
        let bad = from_docker_config(r#"{"auths": {"h": {"auth": "!!"}}}"#, "h", "cfg");
        assert!(bad.err().unwrap().to_string().contains("not base64"));
    }
}
