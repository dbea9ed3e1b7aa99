//! Kubernetes manifests epi generates, built from k8s-openapi types. Pure: no network, no files.

pub mod access_tests;
pub mod backup;
pub mod config;
pub mod documents;
pub mod export;
pub mod mount_options;
pub mod s3_csi;

use serde::Serialize;

use crate::text::Syntax;

/// Renders Kubernetes objects as a multi-document YAML stream, or as a JSON `v1 List` (which
/// `kubectl apply -f` accepts too).
pub fn render_objects(objects: &[serde_json::Value], format: Syntax) -> String {
    match format {
        Syntax::Yaml => objects
            .iter()
            .map(|o| format!("---\n{}", crate::text::to_yaml(o)))
            .collect::<String>(),
        Syntax::Json => {
            #[derive(Serialize)]
            #[serde(rename_all = "camelCase")]
            struct List<'a> {
                api_version: &'static str,
                kind: &'static str,
                items: &'a [serde_json::Value],
            }
            crate::text::to_json(&List {
                api_version: "v1",
                kind: "List",
                items: objects,
            })
        }
    }
}

/// A document kind's schema with `apiVersion` and `kind` pinned to their one value (`const`), so
/// an editor flags `kind: AccessTest` or `apiVersion: epi/v1` as it is typed (#33 item 9).
pub(crate) fn pin_kind(mut schema: serde_json::Value, kind: &str) -> serde_json::Value {
    if let Some(props) = schema
        .get_mut("properties")
        .and_then(serde_json::Value::as_object_mut)
    {
        for (key, value) in [("apiVersion", config::API_VERSION), ("kind", kind)] {
            if let Some(p) = props
                .get_mut(key)
                .and_then(serde_json::Value::as_object_mut)
            {
                p.insert("const".into(), value.into());
            }
        }
    }
    schema
}

/// The JSON Schema `epi schema` prints by default: every document kind epi reads, chosen by
/// `kind` (`AccessTests`, otherwise `PodIdentityConfig`), so that one schema serves a directory
/// holding both. The PodIdentityConfig properties stay at the top for editors' completion.
pub fn schema_all() -> serde_json::Value {
    use serde_json::{Value, json};
    let config = config::schema();
    let tests = access_tests::schema();
    let mut defs = serde_json::Map::new();
    for s in [&config, &tests] {
        if let Some(Value::Object(d)) = s.get("$defs") {
            defs.extend(d.clone());
        }
    }
    let body = |s: &Value| {
        let mut b = s.clone();
        if let Value::Object(o) = &mut b {
            o.remove("$schema");
            o.remove("$defs");
        }
        b
    };
    // At the top, `kind` is one of the kinds epi reads; each kind's own schema pins it.
    let mut top = config["properties"].clone();
    top["kind"] = json!({
        "description": "The document's kind: `PodIdentityConfig` or `AccessTests`.",
        "type": "string",
        "enum": [config::KIND, access_tests::KIND],
    });
    defs.insert(config::KIND.into(), body(&config));
    defs.insert(access_tests::KIND.into(), body(&tests));
    json!({
        "$schema": config["$schema"],
        "title": "epi documents",
        "description": "The documents epi reads: PodIdentityConfig (`epi plan|apply -f`) and AccessTests (`epi access test -f`), told apart by `kind`",
        "type": "object",
        "properties": top,
        "if": {"properties": {"kind": {"const": access_tests::KIND}}, "required": ["kind"]},
        "then": {"$ref": format!("#/$defs/{}", access_tests::KIND)},
        "else": {"$ref": format!("#/$defs/{}", config::KIND)},
        "$defs": defs,
    })
}
