//! The planner, without any server.

use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::manifest::config::{parse, resolve};
use crate::plan::{TrustAddition, TrustUndo};

const CLUSTER_ARN: &str = "arn:aws:eks:us-east-1:111122223333:cluster/prod";

fn desired(text: &str) -> Desired {
    let docs = parse("f.yaml", text).unwrap();
    resolve(&[("f.yaml".into(), docs)], None, None)
        .unwrap()
        .remove(0)
}

fn observed() -> Observed {
    Observed {
        cluster: "prod".into(),
        cluster_arn: CLUSTER_ARN.into(),
        region: "us-east-1".into(),
        account: "111122223333".into(),
        partition: "aws".into(),
        associations: Vec::new(),
        roles: BTreeMap::new(),
        agent: None,
        agent_offered: vec![
            ("v1.3.4-eksbuild.1".into(), true),
            ("v1.3.10-eksbuild.1".into(), false),
        ],
        namespaces: None,
        usage: None,
    }
}

const HEAD: &str = "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\n";

fn kinds(p: &Plan) -> Vec<(&'static str, &'static str, String)> {
    p.changes
        .iter()
        .map(|c| {
            let v = c.view();
            (v.action, v.resource, v.id)
        })
        .collect()
}

fn association(ns: &str, sa: &str, role: &str, tags: &[(&str, &str)]) -> ObservedAssociation {
    ObservedAssociation {
        association_id: format!("a-{ns}{sa}"),
        association_arn: format!(
            "arn:aws:eks:us-east-1:111122223333:podidentityassociation/prod/a-{ns}{sa}"
        ),
        namespace: ns.into(),
        service_account: sa.into(),
        fields: AssociationFields {
            role_arn: format!("arn:aws:iam::111122223333:role/{role}"),
            target_role_arn: None,
            disable_session_tags: false,
            session_policy: None,
        },
        tags: tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        owner_arn: None,
        external_id: None,
    }
}

#[test]
fn an_empty_cluster_gets_the_role_before_its_associations_and_the_default_agent() {
    let d = desired(&format!(
        "{HEAD}agent: {{version: default}}\nroles: [{{name: app, managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess']}}]\nassociations:\n  - {{namespace: a, serviceAccount: s1, role: app}}\n  - {{namespace: a, serviceAccount: s2, role: app}}\n"
    ));
    let p = plan(&d, &observed(), PlanOptions::default()).unwrap();
    let k = kinds(&p);
    assert_eq!(
        k[0],
        ("create", "addon", "prod/eks-pod-identity-agent".into())
    );
    assert_eq!(k[1], ("create", "role", "app".into()));
    assert_eq!(k[2].1, "managed-policy");
    assert_eq!(k[3], ("create", "association", "prod/a/s1".into()));
    let Change::CreateRole {
        trust_policy, tags, ..
    } = &p.changes[1]
    else {
        panic!()
    };
    // s1 and s2 of namespace a share one statement.
    assert_eq!(trust_policy["Statement"].as_array().unwrap().len(), 1);
    assert_eq!(
        trust_policy["Statement"][0]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"],
        json!(["s1", "s2"])
    );
    assert_eq!(tags[OWNER_TAG], OWNER_VALUE);
    assert_eq!(tags[CLUSTER_TAG], "prod");
    let Change::CreateAddon { version, .. } = &p.changes[0] else {
        panic!()
    };
    assert_eq!(version, "v1.3.4-eksbuild.1");
}

#[test]
fn a_matching_state_plans_nothing_and_an_installed_agent_satisfies_default() {
    let d = desired(&format!(
        "{HEAD}agent: {{version: default}}\nassociations:\n  - {{namespace: a, serviceAccount: s, roleArn: 'arn:aws:iam::111122223333:role/r', tags: {{t: v}}}}\n"
    ));
    let mut o = observed();
    o.agent = Some("v1.2.0-eksbuild.1".into());
    o.associations = vec![association(
        "a",
        "s",
        "r",
        &[("t", "v"), (OWNER_TAG, OWNER_VALUE)],
    )];
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert!(p.is_empty(), "{:?}", kinds(&p));
}

#[test]
fn drift_is_an_update_and_only_missing_trust_is_added() {
    let d = desired(&format!(
        "{HEAD}roles: [{{name: app}}]\nassociations:\n  - {{namespace: a, serviceAccount: s1, role: app}}\n  - {{namespace: a, serviceAccount: s2, role: app}}\n"
    ));
    let mut o = observed();
    let trust = TrustGrant {
        namespace: "a".into(),
        service_account: "s1".into(),
        scoped: true,
        session_tags: true,
        per_cluster: true,
        narrows: false,
    }
    .added_to(
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
        "prod",
        CLUSTER_ARN,
    );
    o.roles.insert(
        "app".into(),
        Some(ObservedRole {
            name: "app".into(),
            arn: "arn:aws:iam::111122223333:role/app".into(),
            path: "/".into(),
            permissions_boundary: None,
            trust_policy: trust,
            managed_policies: ["arn:aws:iam::aws:policy/Extra".to_string()].into(),
            inline_policies: BTreeMap::new(),
            tags: BTreeMap::from([
                (OWNER_TAG.into(), OWNER_VALUE.into()),
                (CLUSTER_TAG.into(), "prod".into()),
            ]),
            last_used: None,
        }),
    );
    o.associations = vec![association("a", "s1", "other", &[(OWNER_TAG, OWNER_VALUE)])];
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    let k = kinds(&p);
    assert!(
        k.contains(&("update", "trust-policy", "app".into())),
        "{k:?}"
    );
    assert!(
        k.contains(&("update", "association", "prod/a/s1".into())),
        "{k:?}"
    );
    assert!(
        k.contains(&("create", "association", "prod/a/s2".into())),
        "{k:?}"
    );
    assert!(
        k.contains(&(
            "detach",
            "managed-policy",
            "app/arn:aws:iam::aws:policy/Extra".into()
        )),
        "{k:?}"
    );
    let Some(Change::UpdateTrustPolicy { add, after, .. }) = p
        .changes
        .iter()
        .find(|c| matches!(c, Change::UpdateTrustPolicy { .. }))
    else {
        panic!()
    };
    assert_eq!(add.len(), 1);
    assert_eq!(add[0].service_account, "s2");
    assert!(after.to_string().contains("ec2.amazonaws.com"), "kept");
}

fn owned_role(name: &str, tags: &[(&str, &str)]) -> ObservedRole {
    ObservedRole {
        name: name.into(),
        arn: format!("arn:aws:iam::111122223333:role/{name}"),
        path: "/".into(),
        permissions_boundary: None,
        trust_policy: json!({}),
        managed_policies: Default::default(),
        inline_policies: BTreeMap::new(),
        tags: tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        last_used: None,
    }
}

/// A role as a stack creates it: under `/epi/STACK/` (the path is prune's proof, #32).
fn stack_role(name: &str, tags: &[(&str, &str)]) -> ObservedRole {
    let stack = tags
        .iter()
        .find(|(k, _)| *k == STACK_TAG)
        .map(|(_, v)| *v)
        .expect("a stack tag");
    ObservedRole {
        arn: format!("arn:aws:iam::111122223333:role/epi/{stack}/{name}"),
        path: format!("/epi/{stack}/"),
        ..owned_role(name, tags)
    }
}

const PRUNE: PlanOptions = PlanOptions {
    prune: true,
    adopt: false,
};

/// One of the notes says `text`.
fn assert_note(notes: &[String], text: &str) {
    assert!(
        notes.iter().any(|n| n.contains(text)),
        "{text:?} in {notes:?}"
    );
}

/// Role `made`'s trust with `statement` beside Pod Identity's: prune keeps it (only the
/// association goes); the plan's notes. The trust is put back after.
fn kept_for_its_trust(d: &Desired, o: &mut Observed, statement: serde_json::Value) -> Vec<String> {
    let Some(Some(r)) = o.roles.get_mut("made") else {
        panic!("role made is observed");
    };
    let trust = serde_json::json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]},
        statement]});
    let saved = std::mem::replace(&mut r.trust_policy, trust);
    let p = plan(d, o, PRUNE).unwrap();
    assert_eq!(kinds(&p).len(), 1, "{:?}", kinds(&p));
    if let Some(Some(r)) = o.roles.get_mut("made") {
        r.trust_policy = saved;
    }
    p.notes
}

#[test]
fn leftovers_are_notes_without_prune_and_only_the_stacks_own_are_pruned() {
    let d = desired(&format!("{HEAD}stack: team-a\n"));
    let ours = [
        (OWNER_TAG, OWNER_VALUE),
        (STACK_TAG, "team-a"),
        (CLUSTER_ARN_TAG, CLUSTER_ARN),
    ];
    let mut o = observed();
    o.associations = vec![
        association("a", "mine", "epi/team-a/made", &ours),
        association("a", "theirs", "other", &[]),
        association(
            "b",
            "other-stack",
            "b-role",
            &[(OWNER_TAG, OWNER_VALUE), (STACK_TAG, "team-b")],
        ),
        association("c", "legacy", "old", &[(OWNER_TAG, OWNER_VALUE)]),
    ];
    o.roles
        .insert("made".into(), Some(stack_role("made", &ours)));
    o.roles.insert(
        "b-role".into(),
        Some(stack_role(
            "b-role",
            &[
                (OWNER_TAG, OWNER_VALUE),
                (STACK_TAG, "team-b"),
                (CLUSTER_ARN_TAG, CLUSTER_ARN),
            ],
        )),
    );
    o.roles.insert(
        "old".into(),
        Some(owned_role(
            "old",
            &[(OWNER_TAG, OWNER_VALUE), (CLUSTER_TAG, "prod")],
        )),
    );
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert!(p.is_empty());
    assert_eq!(p.notes.len(), 2, "{:?}", p.notes);

    // Prune without a stack is refused; with one, the role waits for the account-wide check.
    assert!(
        plan(&desired(HEAD), &o, PRUNE)
            .unwrap_err()
            .contains("stack")
    );
    let p = plan(&d, &o, PRUNE).unwrap();
    assert!(p.needs_usage);
    assert_eq!(
        kinds(&p),
        vec![("delete", "association", "prod/a/mine".into())]
    );
    // The proof includes the role's instance profiles (#32): read, and none.
    let read = || AccountUsage {
        instance_profiles: BTreeMap::from([("made".to_string(), Vec::new())]),
        ..AccountUsage::default()
    };
    o.usage = Some(read());
    let p = plan(&d, &o, PRUNE).unwrap();
    assert_eq!(
        kinds(&p),
        vec![
            ("delete", "association", "prod/a/mine".into()),
            ("delete", "role", "made".into())
        ]
    );
    // In an instance profile, or trusted by more than Pod Identity, or its profiles unread: kept.
    o.usage = Some(AccountUsage {
        instance_profiles: BTreeMap::from([("made".to_string(), vec!["web".to_string()])]),
        ..AccountUsage::default()
    });
    let p = plan(&d, &o, PRUNE).unwrap();
    assert_eq!(kinds(&p).len(), 1, "{:?}", kinds(&p));
    assert_note(&p.notes, "instance profile(s) web");
    o.usage = Some(AccountUsage::default());
    let p = plan(&d, &o, PRUNE).unwrap();
    assert_eq!(kinds(&p).len(), 1, "{:?}", kinds(&p));
    o.usage = Some(read());
    let notes = kept_for_its_trust(
        &d,
        &mut o,
        serde_json::json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X"}, "Action": "sts:AssumeRoleWithWebIdentity"}),
    );
    assert_note(&notes, "Federated arn:aws:iam::111122223333:oidc-provider");
    // Another account's role (a target role's source there): said, with the account.
    let notes = kept_for_its_trust(
        &d,
        &mut o,
        serde_json::json!({"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::444455556666:role/app", "111122223333"]}, "Action": "sts:AssumeRole"}),
    );
    assert_note(
        &notes,
        "(account 444455556666 may use it as an association's target role; prune reads only account 111122223333)",
    );

    // A role another cluster anywhere in the account uses is kept, and so is one that cannot
    // be proved unused.
    let made = "arn:aws:iam::111122223333:role/epi/team-a/made";
    let user = RoleUser {
        association_arn: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/prod/a-x"
            .into(),
        namespace: "m".into(),
        service_account: "app".into(),
        target: true,
    };
    o.usage = Some(AccountUsage {
        users: BTreeMap::from([(made.into(), vec![user])]),
        ..read()
    });
    let p = plan(&d, &o, PRUNE).unwrap();
    assert_eq!(kinds(&p).len(), 1, "{:?}", kinds(&p));
    assert!(
        p.notes.iter().any(|n| n.contains("target role")),
        "{:?}",
        p.notes
    );
    o.usage = Some(AccountUsage {
        unreadable: vec!["ap-east-1: denied".into()],
        ..read()
    });
    let p = plan(&d, &o, PRUNE).unwrap();
    assert_eq!(kinds(&p).len(), 1);
    assert_eq!(p.unproven, vec!["made".to_string()]);

    // A role made for another cluster's files is not this plan's to delete.
    o.usage = Some(AccountUsage::default());
    if let Some(Some(r)) = o.roles.get_mut("made") {
        r.tags.insert(
            CLUSTER_ARN_TAG.into(),
            "arn:aws:eks:eu-west-1:111122223333:cluster/prod".into(),
        );
    }
    let p = plan(&d, &o, PRUNE).unwrap();
    assert_eq!(
        kinds(&p),
        vec![("delete", "association", "prod/a/mine".into())]
    );
}

#[test]
fn a_role_iam_saw_used_recently_is_kept() {
    let d = desired(&format!("{HEAD}stack: team-a\n"));
    let ours = [
        (OWNER_TAG, OWNER_VALUE),
        (STACK_TAG, "team-a"),
        (CLUSTER_ARN_TAG, CLUSTER_ARN),
    ];
    let mut o = observed();
    o.roles
        .insert("made".into(), Some(stack_role("made", &ours)));
    let read = |recent: Option<RecentUse>| AccountUsage {
        instance_profiles: BTreeMap::from([("made".to_string(), Vec::new())]),
        recently_used: recent
            .map(|r| BTreeMap::from([("made".to_string(), r)]))
            .unwrap_or_default(),
        ..AccountUsage::default()
    };
    o.usage = Some(read(Some(RecentUse {
        hours_ago: 3,
        region: Some("us-west-2".into()),
    })));
    let p = plan(&d, &o, PRUNE).unwrap();
    assert!(p.is_empty(), "{:?}", kinds(&p));
    assert!(
        p.notes.iter().any(|n| n.starts_with(
            "role made is kept: IAM saw it used 3 hour(s) ago in us-west-2 (RoleLastUsed)"
        )),
        "{:?}",
        p.notes
    );
    o.usage = Some(read(None));
    let p = plan(&d, &o, PRUNE).unwrap();
    assert_eq!(kinds(&p), vec![("delete", "role", "made".into())]);
}

#[test]
fn tags_alone_never_make_a_role_the_stacks_to_prune() {
    // Anyone with iam:TagRole can give `admin` the stack's tags (#32); its path was set when it
    // was created, and only a path under /epi/STACK/ proves the stack made it.
    let d = desired(&format!(
        "{HEAD}stack: team-a
"
    ));
    let ours = [
        (OWNER_TAG, OWNER_VALUE),
        (STACK_TAG, "team-a"),
        (CLUSTER_ARN_TAG, CLUSTER_ARN),
    ];
    let mut o = observed();
    o.roles
        .insert("admin".into(), Some(owned_role("admin", &ours)));
    let mut nested = stack_role("deep", &ours);
    nested.path = "/epi/team-a-x/".into();
    o.roles.insert("deep".into(), Some(nested));
    o.usage = Some(AccountUsage {
        instance_profiles: BTreeMap::from([
            ("admin".to_string(), Vec::new()),
            ("deep".to_string(), Vec::new()),
        ]),
        ..AccountUsage::default()
    });
    for options in [PlanOptions::default(), PRUNE] {
        let p = plan(&d, &o, options).unwrap();
        assert!(p.is_empty(), "{:?}", kinds(&p));
        for (name, path) in [("admin", "/"), ("deep", "/epi/team-a-x/")] {
            assert!(
                p.notes.iter().any(|n| n.starts_with(&format!(
                    "role {name} is kept: its tags say stack team-a made it, but its path {path} is not under /epi/team-a/"
                ))),
                "{:?}",
                p.notes
            );
        }
    }
}

#[test]
fn a_stacks_role_defaults_to_the_stacks_path_and_an_existing_role_keeps_its_own() {
    let text = "roles: [{name: r}, {name: elsewhere, path: /teams/}]\nassociations:\n  - {namespace: a, serviceAccount: s, role: r}\n  - {namespace: a, serviceAccount: t, role: elsewhere}\n";
    let p = plan(
        &desired(&format!("{HEAD}stack: team-a\n{text}")),
        &observed(),
        PlanOptions::default(),
    )
    .unwrap();
    let created: Vec<(&str, &str)> = p
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateRole { role, path, .. } => Some((role.as_str(), path.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        created,
        vec![("r", "/epi/team-a/"), ("elsewhere", "/teams/")]
    );
    assert!(
        p.notes.iter().any(|n| n.contains(
            "role elsewhere is created with path /teams/, outside /epi/team-a/: `--prune` will never delete it"
        )),
        "{:?}",
        p.notes
    );
    let arns: Vec<&str> = p
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::CreateAssociation { fields, .. } => Some(fields.role_arn.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        arns,
        vec![
            "arn:aws:iam::111122223333:role/epi/team-a/r",
            "arn:aws:iam::111122223333:role/teams/elsewhere"
        ]
    );
    // Without a stack the default stays `/`.
    let p = plan(
        &desired(&format!("{HEAD}{text}")),
        &observed(),
        PlanOptions::default(),
    )
    .unwrap();
    assert!(
        p.changes.iter().any(
            |c| matches!(c, Change::CreateRole { role, path, .. } if role == "r" && path == "/")
        )
    );

    // A role made before this default (at `/`) keeps its path and its ARN, with no note.
    let mut o = observed();
    o.roles.insert(
        "r".into(),
        Some(owned_role(
            "r",
            &[
                (OWNER_TAG, OWNER_VALUE),
                (STACK_TAG, "team-a"),
                (CLUSTER_ARN_TAG, CLUSTER_ARN),
            ],
        )),
    );
    let p = plan(
        &desired(&format!("{HEAD}stack: team-a\nroles: [{{name: r}}]\nassociations:\n  - {{namespace: a, serviceAccount: s, role: r}}\n")),
        &o,
        PlanOptions::default(),
    )
    .unwrap();
    assert!(
        p.changes.iter().any(|c| matches!(c, Change::CreateAssociation { fields, .. } if fields.role_arn == "arn:aws:iam::111122223333:role/r")),
        "{:?}",
        kinds(&p)
    );
    assert!(!p.notes.iter().any(|n| n.contains("path")), "{:?}", p.notes);
    // `deleteOnPrune` on it cannot take effect, and the plan says so.
    let p = plan(
        &desired(&format!(
            "{HEAD}stack: team-a\nroles: [{{name: r, deleteOnPrune: true}}]\n"
        )),
        &o,
        PlanOptions::default(),
    )
    .unwrap();
    assert!(
        p.notes.iter().any(|n| n.contains(
            "`deleteOnPrune` cannot take effect on role r: its path / is not under /epi/team-a/"
        )),
        "{:?}",
        p.notes
    );
}

#[test]
fn another_stacks_association_is_refused_unless_adopted() {
    let d = desired(&format!(
        "{HEAD}stack: team-a\nassociations:\n  - {{namespace: b, serviceAccount: s, roleArn: 'arn:aws:iam::111122223333:role/r'}}\n"
    ));
    let mut o = observed();
    o.associations = vec![association(
        "b",
        "s",
        "r",
        &[(OWNER_TAG, OWNER_VALUE), (STACK_TAG, "team-b")],
    )];
    let e = plan(&d, &o, PlanOptions::default()).unwrap_err();
    assert!(e.contains("stack team-b"), "{e}");
    let p = plan(
        &d,
        &o,
        PlanOptions {
            prune: false,
            adopt: true,
        },
    )
    .unwrap();
    let Change::TagAssociation { add, .. } = &p.changes[0] else {
        panic!("{:?}", kinds(&p))
    };
    assert_eq!(add[STACK_TAG], "team-a");
    assert_eq!(add[CLUSTER_ARN_TAG], CLUSTER_ARN);
}

#[test]
fn a_deleted_association_takes_its_trust_statement_with_it() {
    let d = desired(&format!(
        "{HEAD}stack: s\nroles: [{{name: r}}]\nassociations:\n  - {{namespace: a, serviceAccount: keep, role: r}}\n"
    ));
    let ours = [
        (OWNER_TAG, OWNER_VALUE),
        (STACK_TAG, "s"),
        (CLUSTER_ARN_TAG, CLUSTER_ARN),
    ];
    let mut role = owned_role("r", &ours);
    let mut t = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Other", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]});
    for (ns, sa) in [("a", "keep"), ("a", "gone"), ("b", "gone")] {
        t = trust::with_cluster_pod_identity_statement(
            &t,
            &PodIdentityRequest {
                cluster_name: "prod",
                cluster_arn: CLUSTER_ARN,
                namespace: ns,
                service_account: sa,
                session_tags: true,
            },
        );
    }
    role.trust_policy = t;
    let mut o = observed();
    o.roles.insert("r".into(), Some(role));
    o.associations = vec![
        association("a", "keep", "r", &ours),
        association("a", "gone", "r", &ours),
    ];
    let p = plan(&d, &o, PRUNE).unwrap();
    assert!(p.needs_usage, "{:?}", kinds(&p));
    o.usage = Some(AccountUsage::default());
    let p = plan(&d, &o, PRUNE).unwrap();
    assert_eq!(
        kinds(&p),
        vec![
            ("delete", "association", "prod/a/gone".into()),
            ("update", "trust-policy", "r".into())
        ]
    );
    let Change::RemoveTrustGrants { remove, after, .. } = &p.changes[1] else {
        panic!()
    };
    assert_eq!(
        grant_pairs(remove),
        vec![("a".into(), "gone".into()), ("b".into(), "gone".into())]
    );
    assert_eq!(trust::epi_pairs(after), vec![("a".into(), "keep".into())]);
    assert!(
        after.to_string().contains("ec2.amazonaws.com"),
        "kept: {after}"
    );
}

/// #32 item 6: the statements epi writes for files name the cluster; one written before
/// (admitting the service account of every cluster in the account) is trust drift, narrowed once
/// no association of another cluster is proved to rely on it.
#[test]
fn trust_for_files_is_scoped_to_the_cluster_and_old_statements_are_narrowed() {
    const OTHER: &str = "arn:aws:eks:eu-west-1:111122223333:cluster/other";
    let request = |cluster_arn: &'static str| PodIdentityRequest {
        cluster_name: cluster_arn.rsplit('/').next().unwrap(),
        cluster_arn,
        namespace: "a",
        service_account: "app",
        session_tags: true,
    };
    let admits = |doc: &Value, cluster_arn: &'static str| {
        trust::admits(doc, &request(cluster_arn)) == trust::Verdict::Admits
    };
    let d = desired(&format!(
        "{HEAD}stack: s\nroles: [{{name: r}}]\nassociations:\n  - {{namespace: a, serviceAccount: app, role: r}}\n"
    ));
    // A new role: its statement names the cluster.
    let p = plan(&d, &observed(), PlanOptions::default()).unwrap();
    let Some(Change::CreateRole { trust_policy, .. }) = p.changes.first() else {
        panic!("{:?}", kinds(&p))
    };
    assert!(admits(trust_policy, CLUSTER_ARN), "{trust_policy}");
    assert!(!admits(trust_policy, OTHER), "{trust_policy}");

    // A role with the old statement: the account-wide read decides.
    let ours = [
        (OWNER_TAG, OWNER_VALUE),
        (STACK_TAG, "s"),
        (CLUSTER_ARN_TAG, CLUSTER_ARN),
    ];
    let mut role = stack_role("r", &ours);
    role.trust_policy = trust::with_pod_identity_statement(&json!({}), &request(CLUSTER_ARN));
    let mut o = observed();
    o.roles.insert("r".into(), Some(role.clone()));
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert!(p.needs_usage);
    o.usage = Some(AccountUsage::default());
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    let updates: Vec<(&Vec<TrustGrant>, &Value)> = p
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::UpdateTrustPolicy { add, after, .. } => Some((add, after)),
            _ => None,
        })
        .collect();
    assert_eq!(updates.len(), 1, "{:?} {:?}", kinds(&p), p.notes);
    let (add, after) = updates[0];
    assert!(add[0].narrows && add[0].per_cluster, "{add:?}");
    assert!(trust::cluster_less_pairs(after).is_empty(), "{after}");
    assert!(
        admits(after, CLUSTER_ARN) && !admits(after, OTHER),
        "{after}"
    );

    // An association of another cluster relies on the old statement: kept, with a note.
    let user = |cluster: &str| RoleUser {
        association_arn: format!(
            "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/{cluster}/a-1"
        ),
        namespace: "a".into(),
        service_account: "app".into(),
        target: false,
    };
    o.usage = Some(AccountUsage {
        users: BTreeMap::from([(role.arn.clone(), vec![user("other")])]),
        ..AccountUsage::default()
    });
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    let Some(Change::UpdateTrustPolicy { add, after, .. }) = p
        .changes
        .iter()
        .find(|c| matches!(c, Change::UpdateTrustPolicy { .. }))
    else {
        panic!("{:?}", kinds(&p))
    };
    assert!(!add[0].narrows, "{add:?}");
    assert!(admits(after, OTHER), "{after}");
    assert!(
        p.notes.iter().any(|n| n.contains("relies on that")
            && n.contains("podidentityassociation/other/a-1")),
        "{:?}",
        p.notes
    );
    // ... unless a statement for its own cluster admits it.
    role.trust_policy =
        trust::with_cluster_pod_identity_statement(&role.trust_policy, &request(OTHER));
    o.roles.insert("r".into(), Some(role));
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    let Some(Change::UpdateTrustPolicy { add, after, .. }) = p.changes.first() else {
        panic!("{:?}", kinds(&p))
    };
    assert!(add[0].narrows, "{add:?}");
    assert!(
        admits(after, OTHER) && admits(after, CLUSTER_ARN),
        "{after}"
    );
    assert!(trust::cluster_less_pairs(after).is_empty(), "{after}");
    // Applied, the role's trust has nothing left to change (the association is still to make).
    let done = after.clone();
    if let Some(Some(r)) = o.roles.get_mut("r") {
        r.trust_policy = done;
    }
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert_eq!(
        kinds(&p),
        vec![("create", "association", "prod/a/app".into())]
    );
}

/// #32 item 5: a Pod Identity statement with no condition that no file asks for (left by
/// `--fix-trust --allow-unscoped-trust` while session tags were off) is trust drift on the
/// stack's roles: removed after the association turns session tags back on, unless an
/// association outside the files may rely on it.
#[test]
fn an_unscoped_statement_no_file_needs_is_drift() {
    let d = desired(&format!(
        "{HEAD}stack: s\nroles: [{{name: r}}]\nassociations:\n  - {{namespace: a, serviceAccount: app, role: r}}\n"
    ));
    let ours = [
        (OWNER_TAG, OWNER_VALUE),
        (STACK_TAG, "s"),
        (CLUSTER_ARN_TAG, CLUSTER_ARN),
    ];
    let mut role = stack_role("r", &ours);
    let scoped = TrustGrant {
        per_cluster: true,
        ..TrustGrant::for_association("a", "app", true)
    }
    .added_to(&json!({}), "prod", CLUSTER_ARN);
    role.trust_policy =
        TrustGrant::for_association("a", "app", false).added_to(&scoped, "prod", CLUSTER_ARN);
    assert!(
        trust::statements_unscoped(&role.trust_policy),
        "{}",
        role.trust_policy
    );
    let mut o = observed();
    o.roles.insert("r".into(), Some(role.clone()));
    let mut a = association("a", "app", "epi/s/r", &ours);
    a.fields.disable_session_tags = true;
    o.associations = vec![a.clone()];
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert!(p.needs_usage);
    let mine = RoleUser {
        association_arn: a.association_arn.clone(),
        namespace: "a".into(),
        service_account: "app".into(),
        target: false,
    };
    o.usage = Some(AccountUsage {
        users: BTreeMap::from([(role.arn.clone(), vec![mine.clone()])]),
        ..AccountUsage::default()
    });
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert_eq!(
        kinds(&p),
        vec![
            ("update", "association", "prod/a/app".into()),
            ("update", "trust-policy", "r".into())
        ]
    );
    let Some(Change::RemoveTrustGrants { remove, after, .. }) = p.changes.last() else {
        panic!()
    };
    assert_eq!(remove, &vec![TrustGrant::unscoped()]);
    assert!(!trust::statements_unscoped(after), "{after}");
    assert_eq!(trust::epi_pairs(after), vec![("a".into(), "app".into())]);

    // Another cluster's association of the role may rely on it: kept, with a note.
    let elsewhere = RoleUser {
        association_arn: "arn:aws:eks:eu-west-1:111122223333:podidentityassociation/other/a-9"
            .into(),
        ..mine.clone()
    };
    o.usage = Some(AccountUsage {
        users: BTreeMap::from([(role.arn.clone(), vec![mine, elsewhere])]),
        ..AccountUsage::default()
    });
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert_eq!(
        kinds(&p),
        vec![("update", "association", "prod/a/app".into())]
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("lets any association of the account use it")
                && n.contains("other/a-9")),
        "{:?}",
        p.notes
    );
}

#[test]
fn selectors_expand_against_the_namespaces() {
    let d = desired(&format!(
        "{HEAD}associations:\n  - namespaceSelector: {{matchLabels: {{tenant: 'true'}}}}\n    serviceAccount: app\n    roleArn: arn:aws:iam::111122223333:role/t\n"
    ));
    let mut o = observed();
    o.namespaces = Some(vec![
        ObservedNamespace {
            name: "t1".into(),
            labels: BTreeMap::from([("tenant".into(), "true".into())]),
        },
        ObservedNamespace {
            name: "t2".into(),
            labels: BTreeMap::from([("tenant".into(), "true".into())]),
        },
        ObservedNamespace {
            name: "other".into(),
            labels: BTreeMap::new(),
        },
    ]);
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert_eq!(
        kinds(&p),
        vec![
            ("create", "association", "prod/t1/app".into()),
            ("create", "association", "prod/t2/app".into())
        ]
    );
}

#[test]
fn the_json_shape_has_action_resource_id_before_after() {
    let d = desired(&format!(
        "{HEAD}associations:\n  - {{namespace: a, serviceAccount: s, roleArn: 'arn:aws:iam::111122223333:role/new'}}\n"
    ));
    let mut o = observed();
    o.associations = vec![association("a", "s", "old", &[(OWNER_TAG, OWNER_VALUE)])];
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    let v = to_json(&[("prod".into(), p)]);
    assert_eq!(v["changes"][0]["action"], "update");
    assert_eq!(v["changes"][0]["resource"], "association");
    assert_eq!(v["changes"][0]["id"], "prod/a/s");
    assert_eq!(
        v["changes"][0]["before"]["roleArn"],
        "arn:aws:iam::111122223333:role/old"
    );
    assert_eq!(
        v["changes"][0]["after"]["roleArn"],
        "arn:aws:iam::111122223333:role/new"
    );
}

/// A plan with every kind of rendering: a created role, a trust diff, an association update and a
/// tag change.
fn sample_plan() -> Plan {
    let d = desired(&format!(
        "{HEAD}roles: [{{name: app, managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess']}}, {{name: old}}]\nassociations:\n  - {{namespace: a, serviceAccount: s1, role: app, tags: {{team: a}}}}\n  - {{namespace: b, serviceAccount: s2, role: old}}\n"
    ));
    let mut o = observed();
    o.roles.insert(
        "old".into(),
        Some(ObservedRole {
            name: "old".into(),
            arn: "arn:aws:iam::111122223333:role/old".into(),
            path: "/".into(),
            permissions_boundary: None,
            trust_policy: json!({"Version": "2012-10-17", "Statement": [{"Sid": "Ec2", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
            managed_policies: Default::default(),
            inline_policies: BTreeMap::new(),
            tags: BTreeMap::from([(OWNER_TAG.into(), OWNER_VALUE.into()), (CLUSTER_TAG.into(), "prod".into())]),
            last_used: None,
        }),
    );
    o.associations = vec![association(
        "b",
        "s2",
        "elsewhere",
        &[(OWNER_TAG, OWNER_VALUE), ("stale", "x")],
    )];
    plan(&d, &o, PlanOptions::default()).unwrap()
}

#[test]
fn plan_renderings_snapshot() {
    let p = sample_plan();
    insta::assert_snapshot!(
        "plan_table",
        crate::output::plan::to_table(&[("prod".into(), p.clone())])
    );
    insta::assert_snapshot!(
        "plan_json",
        crate::output::to_json(&to_json(&[("prod".into(), p)]))
    );
}

#[test]
fn phases_add_a_credential_path_before_taking_one_away() {
    let undo = TrustUndo {
        saved: json!({}),
        provider: "p".into(),
        pairs: Vec::new(),
        keep: Vec::new(),
        addon_accounts: Vec::new(),
    };
    let ordered = [
        Change::RestoreIrsaTrust {
            role: "r".into(),
            undo: undo.clone(),
            before: json!({}),
            after: json!({}),
        },
        Change::RestoreAnnotations {
            namespace: "n".into(),
            service_account: "s".into(),
            annotations: BTreeMap::new(),
        },
        Change::CreateAssociation {
            cluster: "c".into(),
            namespace: "n".into(),
            service_account: "s".into(),
            fields: AssociationFields {
                role_arn: "arn:aws:iam::111122223333:role/r".into(),
                target_role_arn: None,
                disable_session_tags: false,
                session_policy: None,
            },
            tags: BTreeMap::new(),
        },
        Change::RestartWorkloads {
            namespace: "n".into(),
            service_account: "s".into(),
            workloads: Vec::new(),
        },
        Change::RemoveIrsa {
            role: "r".into(),
            provider: "p".into(),
            namespace: "n".into(),
            service_account: "s".into(),
            before: json!({}),
            after: json!({}),
        },
        Change::DeleteAssociation {
            cluster: "c".into(),
            association_id: "a-1".into(),
            namespace: "n".into(),
            service_account: "s".into(),
            role_arn: "arn:aws:iam::111122223333:role/r".into(),
        },
        Change::RemovePodIdentityTrust {
            role: "r".into(),
            undo,
            before: json!({}),
            after: json!({}),
        },
    ];
    for pair in ordered.windows(2) {
        assert!(
            pair[0].phase() < pair[1].phase(),
            "{:?} before {:?}",
            pair[0].view().action,
            pair[1].view().action
        );
    }
}

#[test]
fn trust_additions_hold_once_applied_and_keep_other_statements() {
    let cluster = "prod";
    let arn = "arn:aws:eks:us-east-1:111122223333:cluster/prod";
    let other = json!({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"});
    let doc = json!({"Version": "2012-10-17", "Statement": [other.clone()]});
    for addition in [
        TrustAddition::ServiceAccount(TrustGrant::for_association("team-a", "app", true)),
        TrustAddition::ServiceAccount(TrustGrant::for_association("team-a", "app", false)),
        TrustAddition::Addon {
            service_accounts: vec!["ebs-csi-controller-sa".into()],
        },
    ] {
        assert!(!addition.holds(&doc, cluster, arn), "{addition:?}");
        let after = addition.apply(&doc, cluster, arn);
        assert!(
            addition.holds(&after, cluster, arn),
            "{addition:?}: {after}"
        );
        assert!(
            after["Statement"].as_array().unwrap().contains(&other),
            "{addition:?} keeps the other statement"
        );
    }
}

#[test]
fn identical_unowned_associations_make_one_note_with_their_count() {
    let d = desired(&format!(
        "{HEAD}associations:\n  - {{namespace: a, serviceAccount: s1, roleArn: 'arn:aws:iam::111122223333:role/r'}}\n  - {{namespace: a, serviceAccount: s2, roleArn: 'arn:aws:iam::111122223333:role/r'}}\n"
    ));
    let mut o = observed();
    o.associations = vec![
        association("a", "s1", "r", &[]),
        association("a", "s2", "r", &[]),
    ];
    let p = plan(&d, &o, PlanOptions::default()).unwrap();
    assert!(p.is_empty());
    let adoptable: Vec<&String> = p.notes.iter().filter(|n| n.contains("--adopt")).collect();
    assert_eq!(adoptable.len(), 1, "{:?}", p.notes);
    assert!(
        adoptable[0].starts_with("2 association(s)") && adoptable[0].contains("a/s1, a/s2"),
        "{adoptable:?}"
    );
}

/// One vocabulary (#23): a grant with session tags off adds sts:AssumeRole alone, unscoped (no
/// request tag could scope it), and never sts:TagSession, which nobody asked for; the same grant
/// with session tags on is scoped and grants both.
#[test]
fn a_grant_without_session_tags_adds_assume_role_alone() {
    let doc = json!({"Version": "2012-10-17", "Statement": []});
    let off = TrustGrant::for_association("team-a", "app", false);
    let after = off.added_to(&doc, "prod", CLUSTER_ARN);
    let st = &after["Statement"][0];
    assert_eq!(st["Action"], json!(["sts:AssumeRole"]), "{after}");
    assert!(st.get("Condition").is_none(), "{after}");
    assert!(off.admitted_by(&after, "prod", CLUSTER_ARN));
    let on = TrustGrant::for_association("team-a", "app", true);
    assert!(!on.admitted_by(&after, "prod", CLUSTER_ARN));
    let after = on.added_to(&doc, "prod", CLUSTER_ARN);
    assert!(after.to_string().contains("sts:TagSession"), "{after}");
    assert!(
        after.to_string().contains("kubernetes-namespace"),
        "{after}"
    );
    // Serialized as before for the grants of the files (session tags on): saved plans' digests
    // do not move.
    assert_eq!(
        serde_json::to_value(&on).unwrap(),
        json!({"namespace": "team-a", "serviceAccount": "app", "scoped": true})
    );
}

#[test]
fn the_trust_lease_tag_is_one_name_in_both_layers() {
    assert_eq!(
        crate::manifest::config::TRUST_LEASE_TAG,
        crate::aws::iam::TRUST_LEASE_TAG
    );
    assert!(crate::manifest::config::is_ownership_tag(
        crate::aws::iam::TRUST_LEASE_TAG
    ));
}
