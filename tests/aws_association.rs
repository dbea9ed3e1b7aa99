//! `epi association …` against the local AWS test bed; state is checked with the SDK, not epi.

mod common;
use common::json;
use common::testbed::{ACCOUNT, TestBed, assume_only_trust, pod_identity_trust};
use serde_json::json;

fn bed_with_cluster() -> TestBed {
    let bed = TestBed::start();
    bed.create_cluster("prod");
    bed
}

fn role_arn(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

#[test]
fn create_checks_the_trust_and_creates() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("app", &pod_identity_trust());
    let (code, out, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--role-arn",
        &arn,
        "--tag",
        "team=a",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let created = json(&out);
    assert_eq!(created["roleArn"], arn);
    assert_eq!(created["region"], "us-east-1");
    assert!(
        err.contains("eks-pod-identity-agent add-on is not installed"),
        "{err}"
    );
    let all = bed.associations("prod");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].namespace(), Some("team-a"));
    assert_eq!(all[0].service_account(), Some("app"));
    assert_eq!(all[0].role_arn(), Some(arn.as_str()));
    assert_eq!(all[0].tags().unwrap()["team"], "a");
    assert_eq!(created["associationId"], all[0].association_id().unwrap());
}

#[test]
fn a_role_without_tag_session_is_refused_and_fix_trust_keeps_other_statements() {
    let bed = bed_with_cluster();
    let other = json!({"Sid": "Irsa", "Effect": "Allow", "Principal": {"Federated": format!("arn:aws:iam::{ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC")}, "Action": "sts:AssumeRoleWithWebIdentity"});
    let mut trust = assume_only_trust();
    trust["Statement"]
        .as_array_mut()
        .unwrap()
        .insert(0, other.clone());
    let arn = bed.create_role("app", &trust);
    let args = [
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--role-arn",
        arn.as_str(),
    ];
    let (code, out, err) = bed.run(&args);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("sts:TagSession") && err.contains("--fix-trust"),
        "{err}"
    );
    assert!(
        bed.associations("prod").is_empty(),
        "nothing may be created"
    );
    assert_eq!(
        bed.trust_policy("app").unwrap(),
        trust,
        "the trust policy may not change without --fix-trust"
    );

    let (code, _, err) = bed.run(&[&args[..], &["--fix-trust"]].concat());
    assert_eq!(code, 0, "{err}");
    let fixed = bed.trust_policy("app").unwrap();
    let statements = fixed["Statement"].as_array().unwrap();
    assert_eq!(
        statements[0], other,
        "other statements are kept as they were"
    );
    assert_eq!(statements[1], trust["Statement"][1]);
    assert_eq!(
        statements[2]["Principal"],
        json!({"Service": "pods.eks.amazonaws.com"})
    );
    assert_eq!(
        statements[2]["Action"],
        json!(["sts:AssumeRole", "sts:TagSession"])
    );
    assert_eq!(
        statements[2]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"],
        json!(["app"])
    );
    assert_eq!(bed.associations("prod").len(), 1);
}

#[test]
fn session_tags_disabled_needs_only_assume_role_and_takes_a_session_policy() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("app", &assume_only_trust());
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("session.json");
    std::fs::write(&policy, r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::data/*"}]}"#).unwrap();
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--role-arn",
        &arn,
        "--disable-session-tags",
        "--session-policy",
        policy.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let a = &bed.associations("prod")[0];
    assert_eq!(a.disable_session_tags(), Some(true));
    let sent: serde_json::Value = serde_json::from_str(a.policy().unwrap()).unwrap();
    assert_eq!(sent["Statement"][0]["Action"], "s3:GetObject");
}

#[test]
fn duplicate_shows_the_existing_association() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("app", &pod_identity_trust());
    let id = bed.create_association("prod", "team-a", "app", &arn);
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--role-arn",
        &arn,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&id) && err.contains(&arn) && err.contains("epi association update"),
        "{err}"
    );
}

#[test]
fn cluster_not_found_names_the_region() {
    let bed = TestBed::start();
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "nope",
        "--namespace",
        "a",
        "--service-account",
        "b",
        "--role-arn",
        &role_arn("app"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("\"nope\"") && err.contains("us-east-1"),
        "{err}"
    );
}

#[test]
fn bad_input_is_refused_before_any_call() {
    let bed = bed_with_cluster();
    let before = bed.calls().len();
    let dir = tempfile::tempdir().unwrap();
    let not_policy = dir.path().join("p.json");
    std::fs::write(&not_policy, "[]").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--namespace", "Team"], "Team"),
        (vec!["--service-account", "app_1"], "app_1"),
        (
            vec!["--role-arn", "arn:aws:iam::000000000000:user/bob"],
            "user/bob",
        ),
        (vec!["--target-role-arn", "role/x"], "role/x"),
        (vec!["--tag", "noequals"], "noequals"),
        (vec!["--tag", "aws:reserved=x"], "aws:reserved"),
        (
            vec![
                "--session-policy",
                "/nonexistent.json",
                "--disable-session-tags",
            ],
            "/nonexistent.json",
        ),
        (
            vec![
                "--session-policy",
                not_policy.to_str().unwrap(),
                "--disable-session-tags",
            ],
            "p.json",
        ),
        (
            vec!["--session-policy", not_policy.to_str().unwrap()],
            "--disable-session-tags",
        ),
        (vec!["--region", "mars-1"], "mars-1"),
        (vec!["--endpoint-url", "ftp://x"], "ftp://x"),
        (vec!["--max-attempts", "0"], "0"),
    ];
    for (extra, needle) in cases {
        // The base arguments, with any option the case gives replaced by the case's value.
        let mut base = vec![
            ("--cluster", "prod"),
            ("--namespace", "team-a"),
            ("--service-account", "app"),
            ("--role-arn", "arn:aws:iam::000000000000:role/app"),
        ];
        base.retain(|(flag, _)| !extra.contains(flag));
        let mut args = vec!["association", "create"];
        for (flag, value) in &base {
            args.extend([*flag, *value]);
        }
        args.extend(extra.iter());
        let (code, out, err) = bed.run(&args);
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(err.contains(needle), "{extra:?} not named: {err}");
        assert!(out.is_empty());
    }
    assert_eq!(bed.calls().len(), before, "bad input must not reach AWS");
}

#[test]
fn create_role_with_policies_and_abac() {
    let bed = bed_with_cluster();
    let (code, out, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--create-role",
        "--role-name",
        "team-a-app",
        "--role-path",
        "/eks/",
        "--attach-policy-arn",
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "--abac-template",
        "s3-prefix",
        "--abac-bucket",
        "data",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let created = json(&out);
    let arn = created["roleArn"].as_str().unwrap().to_string();
    assert!(arn.ends_with(":role/eks/team-a-app"), "{arn}");
    let trust = bed.trust_policy("team-a-app").unwrap();
    assert_eq!(
        trust["Statement"][0]["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-namespace"],
        json!(["team-a"])
    );
    let iam = bed.iam();
    let attached = bed
        .block_on(
            iam.list_attached_role_policies()
                .role_name("team-a-app")
                .send(),
        )
        .unwrap();
    assert_eq!(
        attached.attached_policies()[0].policy_arn(),
        Some("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    );
    let inline = bed
        .block_on(
            iam.get_role_policy()
                .role_name("team-a-app")
                .policy_name("epi-abac-s3-prefix")
                .send(),
        )
        .unwrap();
    let doc = epi::aws::iam::decode_policy(inline.policy_document()).unwrap();
    assert_eq!(
        doc["Statement"][1]["Resource"],
        json!(["arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"])
    );
    assert_eq!(bed.associations("prod")[0].role_arn(), Some(arn.as_str()));
}

#[test]
fn create_role_is_deleted_again_when_the_association_fails() {
    let bed = bed_with_cluster();
    bed.control("POST", "/_epi/faults", json!({"rate": 1.0, "status": 500, "code": "ServerException", "message": "injected", "operations": ["POST /clusters/*/pod-identity-associations"]}));
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--create-role",
        "--role-name",
        "team-a-app",
        "--attach-policy-arn",
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "--max-attempts",
        "2",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("deleted role team-a-app again"), "{err}");
    assert!(
        bed.trust_policy("team-a-app").is_none(),
        "the role must not be left behind"
    );
}

#[test]
fn dry_run_changes_nothing() {
    let bed = bed_with_cluster();
    let (code, out, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--create-role",
        "--role-name",
        "team-a-app",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("dry run"), "{err}");
    assert_eq!(json(&out)["namespace"], "team-a");
    assert!(bed.trust_policy("team-a-app").is_none());
    assert!(bed.associations("prod").is_empty());

    let arn = bed.create_role("app", &assume_only_trust());
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--role-arn",
        &arn,
        "--fix-trust",
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("would add the Pod Identity statement"),
        "{err}"
    );
    assert_eq!(bed.trust_policy("app").unwrap(), assume_only_trust());
    assert!(bed.associations("prod").is_empty());
}

#[test]
fn role_in_another_account_is_refused() {
    let bed = bed_with_cluster();
    let (code, _, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "a",
        "--service-account",
        "b",
        "--role-arn",
        "arn:aws:iam::111122223333:role/app",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("111122223333") && err.contains("--target-role-arn"),
        "{err}"
    );
    assert!(bed.associations("prod").is_empty());
}

#[test]
fn list_reads_every_page_and_every_role() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("app", &pod_identity_trust());
    for i in 0..150 {
        bed.create_association("prod", &format!("ns-{i:03}"), "app", &arn);
    }
    let (code, out, err) = bed.run(&["association", "list", "--cluster", "prod", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    let rows = json(&out);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 150);
    assert!(rows.iter().all(|r| r["roleArn"] == arn));
    assert_eq!(rows[0]["namespace"], "ns-000");
    let list_calls: Vec<_> = bed
        .calls()
        .into_iter()
        .filter(|c| c["method"] == "GET" && c["path"] == "/clusters/prod/pod-identity-associations")
        .collect();
    assert!(
        list_calls.len() >= 2,
        "one call cannot have returned 150: {list_calls:?}"
    );
    assert!(
        list_calls
            .iter()
            .any(|c| c["query"].get("nextToken").is_some_and(|t| t.is_string()))
    );

    let (code, out, _) = bed.run(&[
        "association",
        "list",
        "--cluster",
        "prod",
        "--namespace",
        "ns-007",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.contains("ns-007"));
}

#[test]
fn list_several_clusters_regions_and_all_clusters() {
    let bed = TestBed::start();
    bed.create_cluster("a");
    bed.create_cluster("b");
    bed.create_cluster_in("eu-west-1", "c");
    let arn = bed.create_role("app", &pod_identity_trust());
    bed.create_association("a", "ns", "one", &arn);
    bed.create_association("b", "ns", "two", &arn);
    bed.create_association_in("eu-west-1", "c", "ns", "three", &arn);

    let (code, out, err) = bed.run(&[
        "association",
        "list",
        "--cluster",
        "a",
        "--cluster",
        "b",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let sas: Vec<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["serviceAccount"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sas, ["one", "two"]);

    let (code, out, err) = bed.run(&[
        "association",
        "list",
        "--all-clusters",
        "--region",
        "us-east-1",
        "--region",
        "eu-west-1",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("REGION"), "{out}");
    for needle in ["one", "two", "three", "eu-west-1"] {
        assert!(out.contains(needle), "{needle} missing:\n{out}");
    }
}

#[test]
fn describe_by_id_and_by_service_account() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("app", &pod_identity_trust());
    let id = bed.create_association("prod", "team-a", "app", &arn);
    let (code, out, _) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--id",
        &id,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["serviceAccount"], "app");
    let (code, out, _) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains(&id) && out.contains(&arn), "{out}");
    let (code, _, err) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "other",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("team-a/other"), "{err}");
    let (code, _, err) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--id",
        "a-0000000000000000",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("a-0000000000000000"), "{err}");
    let (code, _, err) = bed.run(&[
        "association",
        "describe",
        "--cluster",
        "prod",
        "--id",
        "bogus",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bogus"), "{err}");
}

#[test]
fn update_role_and_session_tags() {
    let bed = bed_with_cluster();
    let first = bed.create_role("first", &pod_identity_trust());
    let second = bed.create_role("second", &assume_only_trust());
    let id = bed.create_association("prod", "team-a", "app", &first);

    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--role-arn",
        &second,
    ]);
    assert_eq!(code, 1, "the new role lacks sts:TagSession: {err}");
    assert_eq!(bed.associations("prod")[0].role_arn(), Some(first.as_str()));

    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--role-arn",
        &second,
        "--disable-session-tags",
    ]);
    assert_eq!(code, 0, "{err}");
    let a = &bed.associations("prod")[0];
    assert_eq!(a.role_arn(), Some(second.as_str()));
    assert_eq!(a.disable_session_tags(), Some(true));

    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--enable-session-tags",
    ]);
    assert_eq!(
        code, 1,
        "session tags need sts:TagSession on the role: {err}"
    );
    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--enable-session-tags",
        "--role-arn",
        &first,
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        bed.associations("prod")[0].disable_session_tags(),
        Some(false)
    );

    let (code, _, err) = bed.run(&["association", "update", "--cluster", "prod", "--id", &id]);
    assert_eq!(code, 2);
    assert!(err.contains("nothing to change"), "{err}");
}

#[test]
fn add_on_owned_associations_are_refused() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("app", &pod_identity_trust());
    let id = bed.create_association("prod", "kube-system", "ebs-csi-controller-sa", &arn);
    bed.control("POST", &format!("/_epi/associations/prod/{id}"), json!({"ownerArn": format!("arn:aws:eks:us-east-1:{ACCOUNT}:addon/prod/aws-ebs-csi-driver/x")}));
    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--disable-session-tags",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("addon aws-ebs-csi-driver") && err.contains("update-addon"),
        "{err}"
    );
    let (code, _, err) = bed.run(&[
        "association",
        "delete",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--yes",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(bed.associations("prod").len(), 1);
    let (code, out, _) = bed.run(&["association", "list", "--cluster", "prod"]);
    assert_eq!(code, 0);
    assert!(out.contains("addon aws-ebs-csi-driver"), "{out}");
}

#[test]
fn delete_needs_yes_without_a_terminal() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("app", &pod_identity_trust());
    let id = bed.create_association("prod", "team-a", "app", &arn);
    // Behaviour change (#23): nothing done for want of a yes is exit 3 everywhere (it was 2 here).
    let (code, _, err) = bed.run(&["association", "delete", "--cluster", "prod", "--id", &id]);
    assert_eq!(code, 3);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(bed.associations("prod").len(), 1);
    let (code, _, err) = bed.run(&[
        "association",
        "delete",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(bed.associations("prod").len(), 1);
    let (code, _, err) = bed.run(&[
        "association",
        "delete",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--yes",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(bed.associations("prod").is_empty());
}

#[test]
fn create_role_for_a_target_role_with_boundary_and_no_scope() {
    let bed = bed_with_cluster();
    let target = "arn:aws:iam::111122223333:role/data-reader";
    let boundary = format!("arn:aws:iam::{ACCOUNT}:policy/eks-boundary");
    let (code, out, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--create-role",
        "--role-name",
        "team-a-app",
        "--no-scope",
        "--permissions-boundary",
        &boundary,
        "--target-role-arn",
        target,
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["targetRoleArn"], target);
    let trust = bed.trust_policy("team-a-app").unwrap();
    assert_eq!(
        trust,
        pod_identity_trust(),
        "--no-scope gives the fixed trust policy"
    );
    let iam = bed.iam();
    let role = bed
        .block_on(iam.get_role().role_name("team-a-app").send())
        .unwrap();
    assert_eq!(
        role.role()
            .unwrap()
            .permissions_boundary()
            .and_then(|b| b.permissions_boundary_arn()),
        Some(boundary.as_str())
    );
    let inline = bed
        .block_on(
            iam.get_role_policy()
                .role_name("team-a-app")
                .policy_name("epi-assume-target-role")
                .send(),
        )
        .unwrap();
    let doc = epi::aws::iam::decode_policy(inline.policy_document()).unwrap();
    assert_eq!(
        doc["Statement"][0]["Action"],
        json!(["sts:AssumeRole", "sts:TagSession"])
    );
    assert_eq!(doc["Statement"][0]["Resource"], json!([target]));
    let a = &bed.associations("prod")[0];
    assert_eq!(a.target_role_arn(), Some(target));
}

#[test]
fn every_dry_run_prints_the_engines_changes() {
    let bed = bed_with_cluster();
    let (code, out, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--create-role",
        "--role-name",
        "team-a-app",
        "--abac-template",
        "s3-prefix",
        "--abac-bucket",
        "data",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let changes: Vec<(String, String, String)> = json(&out)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap().into(),
                c["resource"].as_str().unwrap().into(),
                c["id"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        vec![
            (
                "create".to_string(),
                "role".to_string(),
                "team-a-app".to_string()
            ),
            (
                "create".into(),
                "inline-policy".into(),
                "team-a-app/epi-abac-s3-prefix".into()
            ),
            (
                "create".into(),
                "association".into(),
                "prod/team-a/app".into()
            ),
        ]
    );
    assert!(bed.associations("prod").is_empty());

    let arn = bed.create_role("app", &assume_only_trust());
    let (code, out, err) = bed.run(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--role-arn",
        &arn,
        "--fix-trust",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let c = &json(&out)["changes"];
    assert_eq!(c[0]["resource"], "trust-policy");
    assert_eq!(c[0]["before"], assume_only_trust());
    assert!(
        c[0]["after"].to_string().contains("sts:TagSession"),
        "{out}"
    );
    assert_eq!(c[1]["resource"], "association");

    let other = bed.create_role("other", &pod_identity_trust());
    let id = bed.create_association("prod", "team-b", "app", &arn);
    let (code, out, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--role-arn",
        &other,
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let c = &json(&out)["changes"][0];
    assert_eq!(c["action"], "update");
    assert_eq!(c["id"], "prod/team-b/app");
    assert_eq!(c["before"]["roleArn"], arn);
    assert_eq!(c["after"]["roleArn"], other);

    let (code, out, err) = bed.run(&[
        "association",
        "delete",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let c = &json(&out)["changes"][0];
    assert_eq!(
        (c["action"].as_str(), c["resource"].as_str()),
        (Some("delete"), Some("association"))
    );
    assert_eq!(bed.associations("prod").len(), 1);
}

/// `association update --dry-run --fix-trust` lists the trust change it would make first, the
/// same change the update makes without --dry-run, and changes nothing.
#[test]
fn update_dry_run_lists_the_trust_fix() {
    let bed = bed_with_cluster();
    let current = bed.create_role("current", &pod_identity_trust());
    let next = bed.create_role("next", &assume_only_trust());
    let id = bed.create_association("prod", "team-a", "app", &current);
    let (code, out, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--role-arn",
        &next,
        "--fix-trust",
        "--dry-run",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let c = &json(&out)["changes"];
    assert_eq!(c[0]["resource"], "trust-policy");
    assert_eq!(c[0]["id"], "next");
    assert_eq!(c[0]["before"], assume_only_trust());
    assert_eq!(c[1]["resource"], "association");
    assert_eq!(c[1]["after"]["roleArn"], json!(next));
    assert_eq!(bed.trust_policy("next").unwrap(), assume_only_trust());

    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--role-arn",
        &next,
        "--fix-trust",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(bed.trust_policy("next").unwrap(), c[0]["after"]);
}

/// The association table as a person reads it (ids replaced by their order of creation).
#[test]
fn association_table_snapshot() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("app", &pod_identity_trust());
    let reader = bed.create_role("reader", &pod_identity_trust());
    let a = bed.create_association("prod", "team-a", "app", &arn);
    let b = bed.create_association("prod", "team-b", "reader", &reader);
    let (code, out, err) = bed.run(&["association", "list", "--cluster", "prod"]);
    assert_eq!(code, 0, "{err}");
    let out = out.replace(&a, "a-ID1").replace(&b, "a-ID2");
    insta::assert_snapshot!("association_list_table", out);
    // #33 item 1: at 80, 200 and 0 (never wrap) columns, the default table fits 80 columns;
    // `-o wide` adds the full ARNs, the target role and the owner.
    for width in ["80", "200", "0"] {
        for format in ["table", "wide"] {
            let out = bed
                .epi()
                .env("COLUMNS", width)
                .args(["association", "list", "--cluster", "prod", "-o", format])
                .output()
                .unwrap();
            assert!(out.status.success());
            let text = String::from_utf8_lossy(&out.stdout)
                .replace(&a, "a-ID1")
                .replace(&b, "a-ID2");
            assert!(text.lines().all(|l| l == l.trim_end()), "{text:?}");
            if format == "table" {
                assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
            } else {
                assert!(text.contains(&arn) && text.contains("OWNER"), "{text}");
            }
            insta::assert_snapshot!(format!("association_list_{format}_{width}"), text);
        }
    }
    let (code, out, err) = bed.run(&["association", "describe", "--cluster", "prod", "--id", &a]);
    assert_eq!(code, 0, "{err}");
    let out = out.replace(&a, "a-ID1");
    // Timestamps change with every run.
    let out: String = out
        .lines()
        .map(|l| {
            if l.contains("20")
                && (l.to_lowercase().contains("created") || l.to_lowercase().contains("modified"))
            {
                format!("{}<TIME>", &l[..l.find("20").unwrap()])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("association_describe_table", out);
}

const TARGET_ACCOUNT: &str = "444455556666";

/// A credentials file with profile `target` for the target account, for `--target-profile`.
fn target_profile(dir: &std::path::Path) -> std::path::PathBuf {
    common::testbed::credentials_file(dir, "target", TARGET_ACCOUNT)
}

/// A trust policy of the target account's own: its operators' account may assume the role.
fn ops_trust() -> serde_json::Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "Ops", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::777788889999:root"}, "Action": "sts:AssumeRole"}]})
}

/// A role in the target account trusting only its operators ([`ops_trust`]); its ARN.
fn target_role(bed: &TestBed, name: &str) -> String {
    let iam = bed.iam_of(TARGET_ACCOUNT);
    bed.block_on(
        iam.create_role()
            .role_name(name)
            .assume_role_policy_document(ops_trust().to_string())
            .send(),
    )
    .unwrap()
    .role()
    .unwrap()
    .arn()
    .to_string()
}

fn target_trust(bed: &TestBed, role: &str) -> serde_json::Value {
    let iam = bed.iam_of(TARGET_ACCOUNT);
    let out = bed.block_on(iam.get_role().role_name(role).send()).unwrap();
    epi::aws::iam::decode_policy(out.role().unwrap().assume_role_policy_document().unwrap())
        .unwrap()
}

/// The external id round trip across two accounts: create with a target role and session tags
/// off, the printed trust carries the external id, --target-profile applies it in the other
/// account (keeping its other statements), and doctor (reading that account) passes.
#[test]
fn target_role_trust_round_trip_across_two_accounts() {
    let bed = bed_with_cluster();
    let dir = tempfile::tempdir().unwrap();
    let credentials = target_profile(dir.path());
    let source = bed.create_role("app", &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}));
    let iam = bed.iam_of(TARGET_ACCOUNT);
    let target = target_role(&bed, "reader");
    assert!(target.contains(TARGET_ACCOUNT));
    let with_profile = |args: &[&str]| {
        let out = bed
            .epi()
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, out, err) = with_profile(&[
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--role-arn",
        &source,
        "--target-role-arn",
        &target,
        "--disable-session-tags",
        "--target-profile",
        "target",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let created = json(&out);
    let external_id = created["externalId"]
        .as_str()
        .expect("EKS returns an external id")
        .to_string();
    assert!(
        created["targetRoleTrust"]
            .to_string()
            .contains(&external_id),
        "{out}"
    );

    let trust = target_trust(&bed, "reader");
    let text = trust.to_string();
    assert!(
        text.contains("777788889999"),
        "the other statement is kept: {text}"
    );
    assert!(
        text.contains(&external_id) && text.contains(&source),
        "{text}"
    );

    // Run again: nothing is added twice.
    let (code, _, err) = with_profile(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--target-role-arn",
        &target,
        "--target-profile",
        "target",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already admits"), "{err}");
    assert_eq!(
        target_trust(&bed, "reader")["Statement"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let (code, out, err) = with_profile(&[
        "doctor",
        "--cluster",
        "prod",
        "--no-kube",
        "--target-profile",
        "target",
        "-o",
        "json",
    ]);
    let report = json(&out);
    let status = |check: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == check)
            .map(|c| c["status"].as_str().unwrap().to_string())
    };
    assert_eq!(status("target-role").as_deref(), Some("pass"), "{out}{err}");
    assert_eq!(
        status("target-external-id").as_deref(),
        Some("pass"),
        "{out}{err}"
    );
    let _ = code;

    // A trust that admits any external id is flagged.
    bed.block_on(
        iam.update_assume_role_policy()
            .role_name("reader")
            .policy_document(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": source}, "Action": "sts:AssumeRole"}]}).to_string())
            .send(),
    )
    .unwrap();
    let (_, out, _) = with_profile(&[
        "doctor",
        "--cluster",
        "prod",
        "--no-kube",
        "--target-profile",
        "target",
        "-o",
        "json",
    ]);
    let report = json(&out);
    let flagged = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "target-external-id")
        .unwrap();
    assert_eq!(flagged["status"], "warn", "{out}");

    // The target account reached by assuming a role there instead of a profile.
    let access = bed
        .block_on(
            iam.create_role()
                .role_name("epi-access")
                .assume_role_policy_document(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "sts:AssumeRole"}]}).to_string())
                .send(),
        )
        .unwrap()
        .role()
        .unwrap()
        .arn()
        .to_string();
    let (code, _, err) = bed.run(&[
        "association",
        "update",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--target-role-arn",
        &target,
        "--target-assume-role-arn",
        &access,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("already admits"), "{err}");
}

#[test]
fn a_target_profile_of_the_wrong_account_changes_nothing() {
    let bed = bed_with_cluster();
    let dir = tempfile::tempdir().unwrap();
    let credentials = target_profile(dir.path());
    let source = bed.create_role("app", &pod_identity_trust());
    let out = bed
        .epi()
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .args([
            "association",
            "create",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            "app",
            "--role-arn",
            &source,
            "--target-role-arn",
            "arn:aws:iam::999999999999:role/reader",
            "--target-profile",
            "target",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("444455556666") && err.contains("999999999999"),
        "{err}"
    );
    assert!(bed.associations("prod").is_empty());
}

/// Killed after any AWS call, `association create --create-role --abac-template` leaves no orphan:
/// running it again converges on the role with its policy and the association.
#[test]
fn create_role_killed_at_any_call_converges_on_the_next_run() {
    let args = [
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--create-role",
        "--role-name",
        "team-a-app",
        "--attach-policy-arn",
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "--abac-template",
        "s3-prefix",
        "--abac-bucket",
        "data",
    ];
    for n in 1u64.. {
        let bed = bed_with_cluster();
        let finished = bed.run_killed_after(n, &args);
        if finished.is_none() {
            let (code, out, err) = bed.run(&args);
            assert_eq!(code, 0, "killed after call {n}, the re-run: {out}{err}");
        } else {
            assert!(n > 6, "the run needed only {} AWS calls", n - 1);
        }
        let all = bed.associations("prod");
        assert_eq!(all.len(), 1, "after a kill at {n}");
        assert_eq!(
            all[0].role_arn(),
            Some(format!("arn:aws:iam::{ACCOUNT}:role/team-a-app").as_str())
        );
        let iam = bed.iam();
        let inline = bed
            .block_on(iam.list_role_policies().role_name("team-a-app").send())
            .unwrap();
        assert_eq!(
            inline.policy_names(),
            ["epi-abac-s3-prefix"],
            "after a kill at {n}"
        );
        let attached = bed
            .block_on(
                iam.list_attached_role_policies()
                    .role_name("team-a-app")
                    .send(),
            )
            .unwrap();
        assert_eq!(attached.attached_policies().len(), 1, "after a kill at {n}");
        if finished.is_some() {
            break;
        }
    }
}

/// Killed after any AWS call, `association update --role-arn --fix-trust` converges on the next run.
#[test]
fn update_killed_at_any_call_converges_on_the_next_run() {
    for n in 1u64.. {
        let bed = bed_with_cluster();
        let old = bed.create_role("old", &pod_identity_trust());
        let new = bed.create_role("new", &assume_only_trust());
        let id = bed.create_association("prod", "team-a", "app", &old);
        let args = [
            "association",
            "update",
            "--cluster",
            "prod",
            "--id",
            &id,
            "--role-arn",
            &new,
            "--fix-trust",
        ];
        let finished = bed.run_killed_after(n, &args);
        if finished.is_none() {
            let (code, out, err) = bed.run(&args);
            assert_eq!(code, 0, "killed after call {n}, the re-run: {out}{err}");
        }
        let all = bed.associations("prod");
        assert_eq!(all[0].role_arn(), Some(new.as_str()), "after a kill at {n}");
        let trust = bed.trust_policy("new").unwrap().to_string();
        assert!(
            trust.contains("sts:TagSession") && trust.contains("team-a"),
            "{trust}"
        );
        if finished.is_some() {
            assert!(n > 3, "the run needed only {} AWS calls", n - 1);
            break;
        }
    }
}

/// A real `association create` reports the changes it made, the same as its dry run showed (#23:
/// only dry runs used to carry `changes`).
#[test]
fn a_real_create_reports_the_changes_its_dry_run_showed() {
    let bed = bed_with_cluster();
    let views = |out: &str| -> Vec<(String, String, String)> {
        json(out)["changes"]
            .as_array()
            .unwrap_or_else(|| panic!("no changes: {out}"))
            .iter()
            .map(|c| {
                (
                    c["action"].as_str().unwrap().into(),
                    c["resource"].as_str().unwrap().into(),
                    c["id"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let create = [
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "app",
        "--create-role",
        "--role-name",
        "team-a-app",
        "--abac-template",
        "s3-prefix",
        "--abac-bucket",
        "data",
        "-o",
        "json",
    ];
    let (code, planned, err) = bed.run(&[&create[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, made, err) = bed.run(&create);
    assert_eq!(code, 0, "{err}");
    assert_eq!(views(&made), views(&planned));
    assert_eq!(bed.associations("prod").len(), 1);

    // With --role-arn and --fix-trust: the trust change and the association.
    let arn = bed.create_role("app", &assume_only_trust());
    let create = [
        "association",
        "create",
        "--cluster",
        "prod",
        "--namespace",
        "team-a",
        "--service-account",
        "other",
        "--role-arn",
        &arn,
        "--fix-trust",
        "-o",
        "json",
    ];
    let (code, planned, err) = bed.run(&[&create[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, made, err) = bed.run(&create);
    assert_eq!(code, 0, "{err}");
    assert_eq!(views(&made), views(&planned));
    assert_eq!(views(&made).len(), 2, "{made}");
}

/// One decision per change (#23): a real update and a real delete report the changes their dry
/// runs planned, on the same state, and make exactly those.
#[test]
fn update_and_delete_carry_out_what_their_dry_runs_planned() {
    let bed = bed_with_cluster();
    let current = bed.create_role("current", &pod_identity_trust());
    let next = bed.create_role("next", &assume_only_trust());
    let id = bed.create_association("prod", "team-a", "app", &current);
    let update = [
        "association",
        "update",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--role-arn",
        &next,
        "--fix-trust",
        "-o",
        "json",
    ];
    let (code, planned, err) = bed.run(&[&update[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{err}");
    let planned = json(&planned)["changes"].clone();
    assert_eq!(planned.as_array().map(Vec::len), Some(2), "{planned}");
    let (code, made, err) = bed.run(&update);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json(&made)["changes"],
        planned,
        "the run made what was planned"
    );
    assert_eq!(bed.trust_policy("next").unwrap(), planned[0]["after"]);
    assert_eq!(bed.associations("prod")[0].role_arn(), Some(next.as_str()));

    let delete = [
        "association",
        "delete",
        "--cluster",
        "prod",
        "--id",
        &id,
        "--yes",
        "-o",
        "json",
    ];
    let (code, planned, err) = bed.run(&[&delete[..], &["--dry-run"]].concat());
    assert_eq!(code, 0, "{err}");
    let planned = json(&planned)["changes"].clone();
    assert_eq!(planned[0]["action"], "delete", "{planned}");
    assert_eq!(
        bed.associations("prod").len(),
        1,
        "a dry run deletes nothing"
    );
    let (code, made, err) = bed.run(&delete);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&made)["changes"], planned);
    assert!(bed.associations("prod").is_empty());
}

/// Issue #32, item 7: two trust writers on one role, the first one's write landing late (held by
/// the test bed). Without a lease the second wrote its statement, read it back and exited 0, and
/// the first one's late write then replaced it. Each epi writer holds a lease on the role while it
/// edits (renewed while its write is in flight), so the second waits and both statements stay.
#[test]
fn a_late_trust_write_never_replaces_another_writers_statement() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("shared", &assume_only_trust());
    bed.control(
        "POST",
        "/_epi/slow-trust-write",
        json!({"role": "shared", "seconds": 7}),
    );
    let args = |sa: &'static str| {
        vec![
            "association",
            "create",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            sa,
            "--role-arn",
            arn.as_str(),
            "--fix-trust",
        ]
    };
    let slow = bed
        .epi_std()
        .args(args("first"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Let the first writer take its lease and send its (held) write.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let (code, _, err) = bed.run(&args("second"));
    assert_eq!(code, 0, "{err}");
    let first = slow.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let trust = bed.trust_policy("shared").unwrap();
    let pairs = epi::policy::trust::epi_pairs(&trust);
    for sa in ["first", "second"] {
        assert!(
            pairs.contains(&("team-a".to_string(), sa.to_string())),
            "{sa} lost: {trust}"
        );
    }
    let tags = bed
        .block_on(bed.iam().list_role_tags().role_name("shared").send())
        .unwrap();
    assert!(
        tags.tags().iter().all(|t| t.key() != "epi:trust-lease"),
        "the lease is dropped: {:?}",
        tags.tags()
    );
}

/// Issue #32, item 7: `association create --fix-trust` checks its statement after the settle
/// delay, as `apply` does: a writer that takes no lease puts back the trust policy it read before
/// epi wrote, after epi's read-back; epi finds its statement gone and writes it again.
#[test]
fn fix_trust_restores_a_statement_a_foreign_late_write_replaced() {
    let bed = bed_with_cluster();
    let arn = bed.create_role("solo", &assume_only_trust());
    let before = bed.trust_policy("solo").unwrap();
    let run = common::Watched::start(
        bed.epi_std()
            .args([
                "association",
                "create",
                "--cluster",
                "prod",
                "--namespace",
                "team-a",
                "--service-account",
                "app",
                "--role-arn",
                arn.as_str(),
                "--fix-trust",
            ])
            .env("EPI_SETTLE_DELAY", "5"),
    );
    run.wait_for("waiting 5 s");
    bed.block_on(
        bed.iam()
            .update_assume_role_policy()
            .role_name("solo")
            .policy_document(before.to_string())
            .send(),
    )
    .unwrap();
    let (code, err) = run.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("another writer replaced the trust policy of role solo"),
        "{err}"
    );
    let trust = bed.trust_policy("solo").unwrap();
    assert!(
        epi::policy::trust::epi_pairs(&trust).contains(&("team-a".into(), "app".into())),
        "{trust}"
    );
}

/// Issue #32, item 7: the target role's trust edit (in its own account) gets the same settle
/// check: a writer that takes no lease puts back the target's trust as it was before epi added
/// the association's statement; epi finds it gone after the delay and writes it again there.
#[test]
fn a_target_role_statement_a_foreign_late_write_replaced_is_restored() {
    let bed = bed_with_cluster();
    let dir = tempfile::tempdir().unwrap();
    let credentials = target_profile(dir.path());
    let source = bed.create_role("app", &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}));
    let iam = bed.iam_of(TARGET_ACCOUNT);
    let before = ops_trust();
    let target = target_role(&bed, "reader");
    let run = common::Watched::start(
        bed.epi_std()
            .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
            .args([
                "association",
                "create",
                "--cluster",
                "prod",
                "--namespace",
                "team-a",
                "--service-account",
                "app",
                "--role-arn",
                &source,
                "--target-role-arn",
                &target,
                "--target-profile",
                "target",
            ])
            .env("EPI_SETTLE_DELAY", "5"),
    );
    run.wait_for("waiting 5 s");
    assert!(
        target_trust(&bed, "reader").to_string().contains(&source),
        "epi added the statement before the wait"
    );
    bed.block_on(
        iam.update_assume_role_policy()
            .role_name("reader")
            .policy_document(before.to_string())
            .send(),
    )
    .unwrap();
    let (code, err) = run.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("another writer replaced the trust policy of role reader"),
        "{err}"
    );
    let trust = target_trust(&bed, "reader").to_string();
    assert!(
        trust.contains(&source) && trust.contains("777788889999"),
        "{trust}"
    );
}

/// #33 item 16: `association create --target-role-arn` says what the target role must trust only
/// when its trust does not already admit the association (a target in the cluster's account is
/// read); an admitting target gets no such note.
#[test]
fn target_role_notes_only_when_its_trust_needs_them() {
    let bed = bed_with_cluster();
    let source = bed.create_role("app", &pod_identity_trust());
    let source2 = bed.create_role("app2", &pod_identity_trust());
    let target = bed.create_role(
        "reader",
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": source}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]}),
    );
    let create = |sa: &str, role: &str| {
        bed.run(&[
            "association",
            "create",
            "--cluster",
            "prod",
            "--namespace",
            "team-a",
            "--service-account",
            sa,
            "--role-arn",
            role,
            "--target-role-arn",
            &target,
        ])
    };
    let (code, _, err) = create("app", &source);
    assert_eq!(code, 0, "{err}");
    assert!(
        !err.contains("must trust"),
        "the target already trusts app: {err}"
    );
    let (code, _, err) = create("other", &source2);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("target role {target} must trust it"))
            && err.contains("sts:ExternalId"),
        "{err}"
    );
}
