//! The OCI layout for Wasm (the CNCF TAG Runtime "Wasm OCI artifact"
//! layout, which wkg, wasmtime and Spin read): an image manifest whose
//! config has media type `application/vnd.wasm.config.v0+json` and whose one
//! layer, of media type `application/wasm`, is the component or the
//! wasm-encoded WIT package.
//!
//! The config says `architecture: "wasm"`, `os: "wasip2"`, the layer's
//! digest, and the component's world (`component.imports`, `.exports`).
//! weld adds `producers` (the languages and tools the component names).
//! `created` is fixed (`SOURCE_DATE_EPOCH` as the caller passes it, else
//! the Unix epoch), so that
//! pushing the same bytes twice gives the same digests.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use sha2::Digest;

pub const CONFIG_MEDIA_TYPE: &str = "application/vnd.wasm.config.v0+json";
pub const LAYER_MEDIA_TYPE: &str = "application/wasm";

/// The config blob.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct WasmConfig {
    pub created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub architecture: String,
    pub os: String,
    #[serde(default)]
    pub layer_digests: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<ComponentInfo>,
    /// weld's addition: `language` and `processed-by` names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub producers: BTreeMap<String, Vec<String>>,
}

/// The world of the artifact: interface and function names.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct ComponentInfo {
    pub imports: Vec<String>,
    pub exports: Vec<String>,
    /// The world it targets, when known (`wasi:http/proxy@0.2.0`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// What is pushed: the layer bytes and the config that describes them.
pub struct Artifact {
    pub wasm: Vec<u8>,
    pub config: WasmConfig,
}

/// `sha256:<hex>` of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    format!("sha256:{:x}", sha2::Sha256::digest(bytes))
}

/// RFC 3339 time for `created`: `epoch` (`SOURCE_DATE_EPOCH`) or 1970-01-01.
fn created(epoch: Option<i64>) -> String {
    let secs = epoch.unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The artifact for a component: its world's imports and exports and its
/// producers, read with weld's inspector.
pub fn component(name: &str, wasm: Vec<u8>, epoch: Option<i64>) -> Result<Artifact> {
    let read = weld_component::read(name, wasm)?;
    let weld_component::Wasm::Component(_) = &read else {
        bail!("`{name}` is a core module, not a component: expected a component (make one with `weld new`)");
    };
    let report = weld_component::inspect::inspect(&read)?;
    let info = ComponentInfo {
        imports: report.imports.iter().map(|i| i.name.clone()).collect(),
        exports: report.exports.iter().map(|i| i.name.clone()).collect(),
        target: None,
    };
    let mut producers = BTreeMap::new();
    if !report.languages.is_empty() {
        producers.insert("language".to_string(), report.languages.clone());
    }
    if !report.tools.is_empty() {
        producers.insert("processed-by".to_string(), report.tools.clone());
    }
    let wasm = match read {
        weld_component::Wasm::Component(b) | weld_component::Wasm::Module(b) => b,
    };
    Ok(with_config(wasm, Some(info), producers, epoch))
}

/// The artifact for a wasm-encoded WIT package: its interfaces and worlds as
/// exports, the packages it uses as imports.
pub fn wit_package(wasm: Vec<u8>, exports: Vec<String>, imports: Vec<String>, epoch: Option<i64>) -> Artifact {
    with_config(wasm, Some(ComponentInfo { imports, exports, target: None }), BTreeMap::new(), epoch)
}

fn with_config(
    wasm: Vec<u8>,
    component: Option<ComponentInfo>,
    producers: BTreeMap<String, Vec<String>>,
    epoch: Option<i64>,
) -> Artifact {
    let config = WasmConfig {
        created: created(epoch),
        author: None,
        architecture: "wasm".into(),
        os: "wasip2".into(),
        layer_digests: vec![sha256(&wasm)],
        component,
        producers,
    };
    Artifact { wasm, config }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn config_json_has_the_spec_fields() {
        let a = wit_package(b"\0asm".to_vec(), vec!["demo:greet/api@1.0.0".into()], vec![], Some(86_400));
        let json = serde_json::to_value(&a.config).unwrap();
        assert_eq!(json["architecture"], "wasm");
        assert_eq!(json["os"], "wasip2");
        assert_eq!(json["layerDigests"][0], sha256(b"\0asm"));
        assert_eq!(json["component"]["exports"][0], "demo:greet/api@1.0.0");
        assert_eq!(json["created"], "1970-01-02T00:00:00Z");
    }
}
