//! Property tests of the IAM evaluator (policy::eval): whatever the policies, an Allow only ever
//! widens, a Deny only ever narrows, and a permissions boundary, session policy, SCP level or RCP
//! only ever narrows.

use epi::policy::eval::{self, Context, Decision, Named, Policies, Principal, Request};
use proptest::prelude::*;
use serde_json::{Value, json};

const A: &str = "111122223333";

fn action() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("s3:GetObject")),
        Just(json!("s3:*")),
        Just(json!("*")),
        Just(json!("s3:Put*")),
        Just(json!("sqs:SendMessage")),
        Just(json!(["s3:GetObject", "sqs:*"])),
    ]
}

fn resource() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("*")),
        Just(json!("arn:aws:s3:::data/*")),
        Just(json!("arn:aws:s3:::data/x")),
        Just(json!("arn:aws:s3:::data/${aws:PrincipalTag/team}/*")),
        Just(json!("arn:aws:sqs:*:111122223333:q")),
    ]
}

fn condition() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop_oneof![
        Just(json!({"StringEquals": {"aws:PrincipalTag/team": "a"}})),
        Just(json!({"StringNotEquals": {"aws:PrincipalTag/team": "a"}})),
        Just(json!({"Null": {"aws:PrincipalTag/team": "true"}})),
        Just(json!({"StringLikeIfExists": {"aws:PrincipalTag/team": "b*"}})),
        Just(json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}})),
        Just(json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}})),
        Just(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})),
    ])
}

fn principal_element() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("*")),
        Just(json!({"AWS": A})),
        Just(json!({"AWS": "arn:aws:iam::111122223333:role/app"})),
        Just(json!({"AWS": "arn:aws:sts::111122223333:assumed-role/app/s"})),
        Just(json!({"AWS": "444455556666"})),
        Just(json!({"Service": "pods.eks.amazonaws.com"})),
    ]
}

/// A statement; with a principal for resource-based policies. `effect` None picks either.
fn statement(effect: Option<&'static str>, with_principal: bool) -> impl Strategy<Value = Value> {
    (
        prop_oneof![Just("Allow"), Just("Deny")],
        action(),
        any::<bool>(),
        resource(),
        any::<bool>(),
        condition(),
        principal_element(),
        any::<bool>(),
    )
        .prop_map(move |(e, a, not_a, r, not_r, c, p, not_p)| {
            let effect = effect.unwrap_or(e);
            let mut s = json!({"Effect": effect});
            s[if not_a { "NotAction" } else { "Action" }] = a;
            s[if not_r { "NotResource" } else { "Resource" }] = r;
            if let Some(c) = c {
                s["Condition"] = c;
            }
            if with_principal {
                // NotPrincipal only with Deny, as IAM allows.
                let key = if not_p && effect == "Deny" {
                    "NotPrincipal"
                } else {
                    "Principal"
                };
                s[key] = p;
            }
            s
        })
}

fn policy(with_principal: bool) -> impl Strategy<Value = Value> {
    prop::collection::vec(statement(None, with_principal), 0..4)
        .prop_map(|st| json!({"Version": "2012-10-17", "Statement": st}))
}

#[derive(Clone, Debug)]
struct World {
    identity: Vec<Value>,
    boundary: Option<Value>,
    session: Option<Value>,
    resource: Option<Value>,
    scps: Vec<Vec<Value>>,
    rcps: Vec<Vec<Value>>,
}

fn world() -> impl Strategy<Value = World> {
    (
        prop::collection::vec(policy(false), 0..3),
        prop::option::of(policy(false)),
        prop::option::of(policy(false)),
        prop::option::of(policy(true)),
        prop::collection::vec(prop::collection::vec(policy(false), 0..2), 0..3),
        prop::collection::vec(prop::collection::vec(policy(true), 0..2), 0..2),
    )
        .prop_map(
            |(identity, boundary, session, resource, scps, rcps)| World {
                identity,
                boundary,
                session,
                resource,
                scps,
                rcps,
            },
        )
}

fn request() -> impl Strategy<Value = Request> {
    (
        prop_oneof![
            Just("arn:aws:sts::111122223333:assumed-role/app/s"),
            Just("arn:aws:iam::111122223333:user/alice"),
            Just("arn:aws:sts::444455556666:assumed-role/app/s"),
            Just("arn:aws:iam::111122223333:root"),
            Just("anonymous"),
            Just("pods.eks.amazonaws.com"),
        ],
        prop_oneof![
            Just("s3:GetObject"),
            Just("s3:PutObject"),
            Just("sqs:SendMessage")
        ],
        prop_oneof![
            Just("arn:aws:s3:::data/x"),
            Just("arn:aws:s3:::data/a/x"),
            Just("arn:aws:sqs:us-east-1:111122223333:q")
        ],
        prop::option::of(prop_oneof![Just("a"), Just("b")]),
        prop::option::of(prop::collection::vec(
            prop_oneof![Just("a"), Just("b")],
            0..3,
        )),
        any::<bool>(),
    )
        .prop_map(|(p, action, resource, team, tag_keys, resource_account)| {
            let mut context = Context::closed();
            if let Some(t) = team {
                context.insert("aws:PrincipalTag/team", t);
            }
            if let Some(keys) = tag_keys {
                context.set(
                    "aws:TagKeys",
                    keys.into_iter().map(str::to_string).collect(),
                );
            }
            Request {
                principal: Principal::parse(p).unwrap(),
                action: action.to_string(),
                resource: resource.to_string(),
                resource_account: resource_account.then(|| A.to_string()),
                context,
            }
        })
}

fn decide(w: &World, r: &Request) -> Decision {
    let policies = Policies {
        identity: w
            .identity
            .iter()
            .map(|d| Named::new("identity", d))
            .collect(),
        boundary: w.boundary.as_ref().map(|d| Named::new("boundary", d)),
        session: w.session.as_ref().map(|d| Named::new("session", d)),
        resource: w.resource.as_ref().map(|d| Named::new("resource", d)),
        scps: w
            .scps
            .iter()
            .map(|l| l.iter().map(|d| Named::new("scp", d)).collect())
            .collect(),
        rcps: w
            .rcps
            .iter()
            .map(|l| l.iter().map(|d| Named::new("rcp", d)).collect())
            .collect(),
        ..Policies::default()
    };
    eval::evaluate(r, &policies).decision
}

/// Adds a statement to one of the world's policies (`slot` picks which, modulo what exists).
fn with_statement(w: &World, slot: usize, st: Value, principal_st: Value) -> World {
    let mut w = w.clone();
    let push = |doc: &mut Value, st: Value| doc["Statement"].as_array_mut().unwrap().push(st);
    match slot % 6 {
        0 => w
            .identity
            .push(json!({"Version": "2012-10-17", "Statement": [st]})),
        1 => match &mut w.boundary {
            Some(b) => push(b, st),
            None => w
                .identity
                .push(json!({"Version": "2012-10-17", "Statement": [st]})),
        },
        2 => match &mut w.session {
            Some(s) => push(s, st),
            None => w
                .identity
                .push(json!({"Version": "2012-10-17", "Statement": [st]})),
        },
        3 => match &mut w.resource {
            Some(r) => push(r, principal_st),
            None => {
                w.resource = Some(json!({"Version": "2012-10-17", "Statement": [principal_st]}))
            }
        },
        4 => match w.scps.first_mut() {
            Some(level) => level.push(json!({"Version": "2012-10-17", "Statement": [st]})),
            None => w
                .identity
                .push(json!({"Version": "2012-10-17", "Statement": [st]})),
        },
        _ => match w.rcps.first_mut() {
            Some(level) => {
                level.push(json!({"Version": "2012-10-17", "Statement": [principal_st]}))
            }
            None => w
                .identity
                .push(json!({"Version": "2012-10-17", "Statement": [st]})),
        },
    }
    w
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn an_allow_never_turns_allowed_into_denied(w in world(), r in request(), slot in 0usize..6,
        st in statement(Some("Allow"), false), pst in statement(Some("Allow"), true)) {
        let before = decide(&w, &r);
        let after = decide(&with_statement(&w, slot, st, pst), &r);
        prop_assert!(before != Decision::Allowed || after == Decision::Allowed, "{before:?} -> {after:?}");
    }

    #[test]
    fn a_deny_never_turns_denied_into_allowed(w in world(), r in request(), slot in 0usize..6,
        st in statement(Some("Deny"), false), pst in statement(Some("Deny"), true)) {
        let before = decide(&w, &r);
        let after = decide(&with_statement(&w, slot, st, pst), &r);
        prop_assert!(!before.is_denied() || after.is_denied(), "{before:?} -> {after:?}");
        // And a Deny that applies leaves an explicit deny explicit.
        prop_assert!(before != Decision::ExplicitDeny || after == Decision::ExplicitDeny);
    }

    #[test]
    fn boundaries_session_policies_scps_and_rcps_only_narrow(w in world(), r in request(),
        extra in policy(false), extra_rcp in policy(true), which in 0usize..4) {
        let mut narrowed = w.clone();
        match which {
            0 => narrowed.boundary = Some(match &w.boundary {
                // A second boundary is not possible: narrow the one there is by intersecting
                // with the new one's statements only if there was none.
                Some(_) => return Ok(()),
                None => extra,
            }),
            1 => narrowed.session = Some(match &w.session {
                Some(_) => return Ok(()),
                None => extra,
            }),
            2 => narrowed.scps.push(vec![extra]),
            _ => narrowed.rcps.push(vec![extra_rcp]),
        }
        let before = decide(&w, &r);
        let after = decide(&narrowed, &r);
        prop_assert!(after != Decision::Allowed || before == Decision::Allowed, "{before:?} -> {after:?}");
    }
}
