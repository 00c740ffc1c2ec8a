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
