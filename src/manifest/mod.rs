//! Kubernetes manifests epi generates, built from k8s-openapi types. Pure: no network, no files.

pub mod access_tests;
pub mod config;
pub mod documents;
pub mod export;
pub mod mount_options;
pub mod s3_csi;

use serde::Serialize;

use crate::output::DocumentFormat;

/// Renders Kubernetes objects as a multi-document YAML stream, or as a JSON `v1 List` (which
/// `kubectl apply -f` accepts too).
pub fn render_objects(objects: &[serde_json::Value], format: DocumentFormat) -> String {
    match format {
        DocumentFormat::Yaml => objects
            .iter()
            .map(|o| format!("---\n{}", crate::output::to_yaml(o)))
            .collect::<String>(),
        DocumentFormat::Json => {
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct List<'a> {
                api_version: &'static str,
                kind: &'static str,
                items: &'a [serde_json::Value],
            }
            crate::output::to_json(&List {
                api_version: "v1",
                kind: "List",
                items: objects,
            })
        }
    }
}
