//! Pushing and pulling Wasm artifacts with `oci-client`.
//!
//! Plain HTTP for loopback registries, TLS (rustls, the system's roots)
//! otherwise. A pull checks what it got before returning anything: the
//! manifest's config and layer media types, and each blob's sha256 against
//! its descriptor (oci-client checks too; weld checks again on the bytes it
//! returns), so a tampered blob is an error and the caller writes nothing.

use anyhow::{Result, anyhow, bail};
use oci_client::client::{ClientConfig, ClientProtocol, Config, ImageLayer};
use oci_client::errors::OciDistributionError;
use oci_client::manifest::{OciDescriptor, OciImageManifest};
use oci_client::{Client, Reference, RegistryOperation};

use crate::artifact::{Artifact, CONFIG_MEDIA_TYPE, LAYER_MEDIA_TYPE, WasmConfig, sha256};
use crate::auth;
use crate::reference::is_loopback;

/// What a push stored.
#[derive(Debug)]
pub struct Pushed {
    /// The manifest's digest: `REPOSITORY@DIGEST` names exactly this push.
    pub manifest_digest: String,
    pub layer_digest: String,
    pub size: usize,
}

/// What a pull fetched, checked.
#[derive(Debug)]
pub struct Pulled {
    pub wasm: Vec<u8>,
    pub layer_digest: String,
    pub manifest_digest: String,
    pub config: Option<WasmConfig>,
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    // rustls needs a process-wide provider; another caller may have set one.
    // ring, not aws-lc-rs: it builds in seconds with no cmake (ARCHITECTURE.md).
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow!("failed to start the network runtime: {e}"))
}

fn client(reference: &Reference) -> Client {
    let registry = reference.resolve_registry();
    let protocol = if is_loopback(registry) { ClientProtocol::Http } else { ClientProtocol::Https };
    Client::new(ClientConfig {
        protocol,
        connect_timeout: Some(std::time::Duration::from_secs(10)),
        read_timeout: Some(std::time::Duration::from_secs(60)),
        ..ClientConfig::default()
    })
}

/// Pushes `artifact` to `reference`.
pub fn push(reference: &Reference, artifact: &Artifact, settings: &crate::Settings) -> Result<Pushed> {
    let creds = auth::credentials(reference.resolve_registry(), settings)?;
    let config_bytes = serde_json::to_vec(&artifact.config)?;
    let layer = ImageLayer::new(artifact.wasm.clone(), LAYER_MEDIA_TYPE.to_string(), None);
    let config = Config::new(config_bytes, CONFIG_MEDIA_TYPE.to_string(), None);
    let mut manifest = OciImageManifest::build(std::slice::from_ref(&layer), &config, None);
    manifest.media_type = Some(oci_client::manifest::OCI_IMAGE_MEDIA_TYPE.to_string());
    let rt = runtime()?;
    let c = client(reference);
    let response = rt
        .block_on(async {
            c.auth(reference, &creds.auth, RegistryOperation::Push).await?;
            c.push(reference, &[layer], config, &creds.auth, Some(manifest)).await
        })
        .map_err(|e| explain(e, reference, &creds.source, "push to"))?;
    // The registry answers with `Location: .../manifests/sha256:...`.
    let manifest_digest = response.manifest_url.rsplit('/').next().unwrap_or_default().to_string();
    Ok(Pushed { manifest_digest, layer_digest: sha256(&artifact.wasm), size: artifact.wasm.len() })
}

/// Pulls the artifact at `reference`: its one `application/wasm` layer.
pub fn pull(reference: &Reference, settings: &crate::Settings) -> Result<Pulled> {
    let creds = auth::credentials(reference.resolve_registry(), settings)?;
    let rt = runtime()?;
    let c = client(reference);
    let whole = reference.whole();
    let (manifest, manifest_digest, config_data) = rt
        .block_on(async {
            c.auth(reference, &creds.auth, RegistryOperation::Pull).await?;
            c.pull_manifest_and_config(reference, &creds.auth).await
        })
        .map_err(|e| explain(e, reference, &creds.source, "pull from"))?;
    let layer = wasm_layer(&manifest, &whole)?;
    let config = if manifest.config.media_type == CONFIG_MEDIA_TYPE {
        check_digest(&manifest.config, config_data.as_bytes(), &whole, "config")?;
        Some(
            serde_json::from_str::<WasmConfig>(&config_data)
                .map_err(|e| anyhow!("`{whole}`: the Wasm config is not valid: {e}"))?,
        )
    } else {
        None
    };
    let mut wasm = Vec::new();
    rt.block_on(c.pull_blob(reference, layer, &mut wasm))
        .map_err(|e| explain(e, reference, &creds.source, "pull from"))?;
    let layer_digest = check_digest(layer, &wasm, &whole, "layer")?;
    Ok(Pulled { wasm, layer_digest, manifest_digest, config })
}

/// The manifest's one `application/wasm` layer.
fn wasm_layer<'a>(manifest: &'a OciImageManifest, whole: &str) -> Result<&'a OciDescriptor> {
    let wasm: Vec<&OciDescriptor> = manifest.layers.iter().filter(|l| l.media_type == LAYER_MEDIA_TYPE).collect();
    match wasm.as_slice() {
        [one] => Ok(one),
        [] => {
            let found: Vec<&str> = manifest.layers.iter().map(|l| l.media_type.as_str()).collect();
            bail!(
                "`{whole}` is not a Wasm artifact: expected one layer of media type `{LAYER_MEDIA_TYPE}`, found [{}] \
                 (config media type `{}`)",
                found.join(", "),
                manifest.config.media_type
            )
        }
        more => bail!("`{whole}` has {} `{LAYER_MEDIA_TYPE}` layers; expected exactly one", more.len()),
    }
}

/// Checks `bytes` against `desc`'s digest and size; returns the digest.
fn check_digest(desc: &OciDescriptor, bytes: &[u8], whole: &str, what: &str) -> Result<String> {
    let actual = sha256(bytes);
    if actual != desc.digest {
        bail!("`{whole}`: the {what} blob does not match its digest: expected {}, got {actual}", desc.digest);
    }
    if usize::try_from(desc.size).ok() != Some(bytes.len()) {
        bail!("`{whole}`: the {what} blob has {} bytes; its descriptor says {}", bytes.len(), desc.size);
    }
    Ok(actual)
}

/// A registry error as the user can act on it.
fn explain(e: OciDistributionError, reference: &Reference, creds: &str, verb: &str) -> anyhow::Error {
    let registry = reference.resolve_registry();
    let whole = reference.whole();
    let refused = || {
        if creds == "none" {
            anyhow!(
                "the registry {registry} needs credentials, and none were given: set {} and {}, or log in with \
                 `docker login {registry}`",
                auth::USERNAME_ENV,
                auth::PASSWORD_ENV
            )
        } else {
            anyhow!("the registry {registry} refused the credentials from {creds}")
        }
    };
    match &e {
        OciDistributionError::ImageManifestNotFoundError(_) => {
            anyhow!("`{whole}` not found: the registry {registry} has no such tag in `{}`", reference.repository())
        }
        OciDistributionError::AuthenticationFailure(_)
        | OciDistributionError::UnauthorizedError { .. }
        | OciDistributionError::ServerError { code: 401 | 403, .. } => refused(),
        OciDistributionError::RegistryError { envelope, .. }
            if envelope.errors.iter().any(|x| format!("{:?}", x.code).contains("Unauthorized")) =>
        {
            refused()
        }
        OciDistributionError::RegistryError { envelope, .. }
            if envelope.errors.iter().any(|x| format!("{:?}", x.code).contains("Unknown")) =>
        {
            anyhow!("`{whole}` not found: the registry {registry} has no such tag in `{}`", reference.repository())
        }
        OciDistributionError::DigestError(d) => anyhow!("`{whole}`: a blob does not match its digest: {d}"),
        OciDistributionError::RequestError(r) if r.is_connect() || r.is_timeout() => {
            let scheme = if is_loopback(registry) { "http" } else { "https" };
            anyhow!("cannot reach the registry {registry} ({scheme}) to {verb} it: {}", source_chain(r))
        }
        _ => anyhow!("failed to {verb} the registry {registry} (`{whole}`): {}", first_line(&e)),
    }
}

fn first_line(e: &dyn std::fmt::Display) -> String {
    e.to_string().lines().next().unwrap_or("").to_string()
}

/// The innermost cause of a request error (`Connection refused (os error 111)`).
fn source_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut last = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        last = s.to_string();
        cur = s.source();
    }
    last
}
