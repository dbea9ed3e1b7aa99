//! Property tests of the parsers that take user input: ARNs, names, mount options, policies.
//! Whatever the input, they must not panic, and every rejection must be a usage error (exit 2)
//! whose message names the value.

use epi::error::Error;
use epi::manifest::mount_options;
use epi::policy::lint;
use epi::validate::{Arn, names};
use proptest::prelude::*;

fn names_the_value(err: &Error, value: &str) -> bool {
    err.exit_code() == 2 && err.to_string().contains(&format!("{value:?}"))
}

/// Strings that look a little like ARNs, plus anything at all.
fn arnish() -> impl Strategy<Value = String> {
    prop_oneof![
        "arn:(aws|aws-cn|awz|):(iam|eks|kms|s3|):[a-z0-9-]{0,12}:[0-9a-z]{0,13}:(role|cluster|key|policy|user)?/?[A-Za-z0-9/_+=,.@-]{0,20}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn arns_never_panic_and_name_the_value(s in arnish()) {
        if let Ok(role) = Arn::role("role ARN", &s) {
            prop_assert_eq!(role.to_string(), s.clone(), "a role ARN prints back as it was given");
        }
        for result in [Arn::role("role ARN", &s).map(|_| ()), Arn::cluster("cluster ARN", &s).map(|_| ()), Arn::kms_key("KMS key", &s).map(|_| ()), Arn::policy("policy ARN", &s).map(|_| ())] {
            if let Err(e) = result {
                prop_assert!(names_the_value(&e, &s), "{e}");
            }
        }
        if let Ok(arn) = Arn::parse("ARN", &s) {
            prop_assert_eq!(arn.to_string(), s);
        }
    }

    #[test]
    fn names_never_panic_and_name_the_value(s in prop_oneof!["[a-z0-9.-]{0,70}", any::<String>()]) {
        for result in [
            names::dns1123_label("namespace", &s),
            names::dns1123_subdomain("service account", &s),
            names::cluster_name(&s),
            names::region(&s),
            names::account_id(&s),
            names::bucket_name(&s).map(|_| ()),
        ] {
            if let Err(e) = result {
                prop_assert!(names_the_value(&e, &s), "{e}");
            }
        }
    }

    #[test]
    fn accepted_namespaces_are_valid_dns_labels(s in "[a-z0-9-]{1,63}") {
        let ok = names::dns1123_label("namespace", &s).is_ok();
        let expected = !s.starts_with('-') && !s.ends_with('-');
        prop_assert_eq!(ok, expected);
    }

    #[test]
    fn mount_options_never_panic_and_name_the_value(s in prop_oneof![
        "(--)?(allow-delete|region|prefix|uid|metadata-ttl|sse|o|ca-bundle|foo)([= ][a-z0-9:/._-]{0,12})?",
        any::<String>(),
    ]) {
        match mount_options::parse(&s) {
            Ok(opt) => prop_assert!(mount_options::parse(&opt.to_string()).is_ok(), "round trip of {opt}"),
            Err(e) => prop_assert!(names_the_value(&e, &s), "{e}"),
        }
    }

    #[test]
    fn lint_never_panics_on_text(s in any::<String>()) {
        if let Ok(policy) = lint::parse("input", &s) {
            let _ = lint::lint(&policy);
        } else if let Err(e) = lint::parse("input", &s) {
            prop_assert_eq!(e.exit_code(), 2);
        }
    }

    #[test]
    fn lint_never_panics_on_policy_shaped_json(policy in policy_json()) {
        let text = policy.to_string();
        if let Ok(parsed) = lint::parse("input", &text) {
            let _ = lint::lint(&parsed);
        }
    }
}

/// JSON documents shaped like policies, with random contents in the places rules look at.
fn policy_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::json!("*")),
        Just(serde_json::json!(
            "${aws:PrincipalTag/kubernetes-namespace}"
        )),
        Just(serde_json::json!("${aws:PrincipalTag/")),
        Just(serde_json::json!("pods.eks.amazonaws.com")),
        "[a-zA-Z0-9:/${}*?_.-]{0,30}".prop_map(serde_json::Value::String),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        Just(serde_json::Value::Null),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("(Effect|Action|NotAction|Resource|Principal|NotPrincipal|Condition|Service|AWS|Sid|StringEquals|aws:RequestTag/x)", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    (
        prop::option::of(prop_oneof![
            Just("2012-10-17"),
            Just("2008-10-17"),
            Just("x")
        ]),
        prop::collection::vec(value, 1..4),
    )
        .prop_map(|(version, statements)| {
            let mut doc = serde_json::json!({"Statement": statements});
            if let Some(v) = version {
                doc["Version"] = serde_json::json!(v);
            }
            doc
        })
}
