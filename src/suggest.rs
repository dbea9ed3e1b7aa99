//! Did-you-mean for every closed set of names (templates, keys, actions): the nearest known name
//! by Damerau-Levenshtein distance, case-insensitively, when it is near enough to be a typo.

/// The known name nearest to `word`, if it is within 3 edits (or a quarter of its length, for
/// long names).
pub fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    known
        .iter()
        .map(|k| {
            (
                strsim::damerau_levenshtein(&word, &k.to_ascii_lowercase()),
                *k,
            )
        })
        .filter(|(d, k)| *d <= 3.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typo_finds_its_name_and_nonsense_finds_none() {
        let known = ["s3-prefix", "dynamodb", "sqs"];
        assert_eq!(super::nearest("s3-prefx", &known), Some("s3-prefix"));
        assert_eq!(super::nearest("DynamoDB", &known), Some("dynamodb"));
        assert_eq!(super::nearest("kinesis-streams", &known), None);
    }
}
