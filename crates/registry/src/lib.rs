//! WIT packages and components to and from OCI registries.
//!
//! * [`artifact`]: the OCI layout for Wasm (config and layer media types,
//!   the config's fields);
//! * [`oci`]: push and pull through `oci-client`, digests checked;
//! * [`reference`]: references, loopback detection, the `[registries]`
//!   mapping of WIT namespaces to registries;
//! * [`auth`]: credentials from the environment or Docker's config file;
//! * [`lock`] and [`fetch`]: `[dependencies]` resolved into `deps/` with
//!   `weld.lock`.

pub mod artifact;
pub mod auth;
pub mod fetch;
pub mod lock;
pub mod oci;
pub mod publish;
pub mod reference;

use std::path::PathBuf;

/// What the environment says about registries, read by the caller (the
/// CLI): this crate reads no environment variable itself.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `WELD_REGISTRY_USERNAME` and `WELD_REGISTRY_PASSWORD`.
    pub username: Option<String>,
    pub password: Option<String>,
    /// Docker's `config.json` (`$DOCKER_CONFIG/config.json`, else
    /// `~/.docker/config.json`).
    pub docker_config: Option<PathBuf>,
    /// `SOURCE_DATE_EPOCH`: the `created` time of pushed configs.
    pub source_date_epoch: Option<i64>,
}
