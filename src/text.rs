//! Documents as text (JSON and YAML), the way every layer writes them: the printer, the manifests
//! and the files epi writes. No terminal, no command line.

use serde::Serialize;

/// A document syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// Pretty JSON with a final newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising our own data types to JSON cannot fail: they have string keys only.
    let mut text = serde_json::to_string_pretty(value).expect("serialisable to JSON");
    text.push('\n');
    text
}

/// YAML (one document). serde-saphyr quotes the scalars a YAML 1.1 reader (such as the one inside
/// kubectl) would take for booleans, numbers or dates (`on`, `no`, `2012-10-17`).
pub fn to_yaml<T: Serialize>(value: &T) -> String {
    // Plain scalars, never folded block scalars: a long ARN or id stays on one line, whole, as
    // people copy it (`associationArn: >-` split it).
    let options = serde_saphyr::ser_options! {
        prefer_block_scalars: false,
    };
    serde_saphyr::to_string_with_options(value, options).expect("serialisable to YAML")
}
