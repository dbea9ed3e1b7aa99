//! An error's chain of causes as text, for every layer (no layer's own error type needed).

/// The messages of an error and its causes, each once, joined with ": ": what a person reads,
/// never Debug output (libraries' errors often repeat their cause in their own message).
pub fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}
