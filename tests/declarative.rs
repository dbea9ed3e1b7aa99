//! `epi plan`, `epi apply`, `epi export`, `epi schema` against the local AWS test bed. State is
//! checked with the SDK, not with epi.

mod common;
use common::json;
use common::kube::KubeStandIn;
use common::testbed::{ACCOUNT, TestBed, pod_identity_trust};
use serde_json::{Value, json};

fn role_arn(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:role/{name}")
}

struct Case {
    bed: TestBed,
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let bed = TestBed::start();
        bed.create_cluster("prod");
        Case {
            bed,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        self.bed.run(args)
    }

    fn attached(&self, role: &str) -> Vec<String> {
        let iam = self.bed.iam();
        self.bed.block_on(async {
            iam.list_attached_role_policies()
                .role_name(role)
                .send()
                .await
                .unwrap()
                .attached_policies()
                .iter()
                .map(|p| p.policy_arn().unwrap().to_string())
                .collect()
        })
    }

    fn inline(&self, role: &str) -> Vec<String> {
        let iam = self.bed.iam();
        self.bed.block_on(async {
            iam.list_role_policies()
                .role_name(role)
                .send()
                .await
                .unwrap()
                .policy_names()
                .to_vec()
        })
    }

    fn role_exists(&self, role: &str) -> bool {
        let iam = self.bed.iam();
        self.bed
            .block_on(async { iam.get_role().role_name(role).send().await.is_ok() })
    }

    /// (namespace/service account, role ARN, tags) of every association of prod.
    fn associations(&self) -> Vec<(String, String, std::collections::HashMap<String, String>)> {
        let eks = self.bed.eks();
        let mut out: Vec<_> = self
            .bed
            .associations("prod")
            .into_iter()
            .map(|a| {
                let id = a.association_id().unwrap().to_string();
                let full = self.bed.block_on(async {
                    eks.describe_pod_identity_association()
                        .cluster_name("prod")
                        .association_id(&id)
                        .send()
                        .await
                        .unwrap()
                });
                let full = full.association().unwrap();
                (
                    format!(
                        "{}/{}",
                        full.namespace().unwrap(),
                        full.service_account().unwrap()
                    ),
                    full.role_arn().unwrap().to_string(),
                    full.tags().cloned().unwrap_or_default(),
                )
            })
            .collect();
        out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        out
    }
}

const FILE: &str = r#"apiVersion: epi/v1alpha1
kind: PodIdentityConfig
cluster: prod
region: us-east-1
roles:
  - name: team-a-app
    path: /eks/
    managedPolicies: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
    abac: [{template: s3-prefix, bucket: my-data, scope: namespace}]
    wellKnownPolicies: [external-dns]
associations:
  - namespace: team-a
    serviceAccount: app
    role: team-a-app
    tags: {team: a}
  - namespace: team-a
    serviceAccount: worker
    role: team-a-app
  - namespace: shared
    serviceAccount: reader
    roleArn: arn:aws:iam::000000000000:role/shared-reader
"#;

fn changes(out: &str) -> Vec<(String, String, String)> {
    json(out)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap().to_string(),
                c["resource"].as_str().unwrap().to_string(),
                c["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn applied(case: &Case, file: &str) {
    let (code, _, err) = case.run(&["apply", "-f", file, "--yes"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn create_from_an_empty_cluster_then_the_plan_is_empty() {
    let case = Case::new();
    case.bed.create_role("shared-reader", &pod_identity_trust());
    let file = case.file("prod.yaml", FILE);

    let (code, out, err) = case.run(&["plan", "-f", &file, "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    let planned = changes(&out);
    assert!(
        planned.contains(&("create".into(), "role".into(), "team-a-app".into())),
        "{planned:?}"
    );
    assert!(
        planned.contains(&(
            "create".into(),
            "association".into(),
            "prod/team-a/app".into()
        )),
        "{planned:?}"
    );
    assert!(
        planned.contains(&(
            "create".into(),
            "association".into(),
            "prod/shared/reader".into()
        )),
        "{planned:?}"
    );
    assert!(
        planned.contains(&(
            "attach".into(),
            "managed-policy".into(),
            "team-a-app/arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".into()
        )),
        "{planned:?}"
    );
    // The role comes before the associations that use it.
    let role_at = planned.iter().position(|c| c.1 == "role").unwrap();
    let assoc_at = planned.iter().position(|c| c.1 == "association").unwrap();
    assert!(role_at < assoc_at);
    assert!(
        case.bed.associations("prod").is_empty(),
        "plan changed nothing"
    );

    let (code, out, err) = case.run(&["apply", "-f", &file, "--dry-run", "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(changes(&out), planned, "apply --dry-run is the plan");
    let (code, out, err) = case.run(&["apply", "-f", &file, "--yes", "-o", "json"]);
    assert_eq!(code, 0, "{err}");
    // One decision per change (#23): apply carries out the changes its dry run showed.
    assert_eq!(changes(&out), planned, "apply made what was planned");
    assert!(
        json(&out)["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["outcome"] == "done"),
        "{out}"
    );

    let live = case.associations();
    assert_eq!(live.len(), 3, "{live:?}");
    assert_eq!(live[0].0, "shared/reader");
    assert_eq!(live[0].1, role_arn("shared-reader"));
    assert_eq!(live[1].0, "team-a/app");
    assert_eq!(
        live[1].1,
        format!("arn:aws:iam::{ACCOUNT}:role/eks/team-a-app")
    );
    assert_eq!(live[1].2["team"], "a");
    assert_eq!(live[1].2["epi:managed-by"], "epi");
    assert_eq!(
        case.attached("team-a-app"),
        vec!["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".to_string()]
    );
    let mut inline = case.inline("team-a-app");
    inline.sort();
    assert_eq!(
        inline,
        vec!["epi-abac-s3-prefix", "epi-well-known-external-dns"]
    );
    let trust = case.bed.trust_policy("team-a-app").unwrap().to_string();
    assert!(trust.contains("pods.eks.amazonaws.com"), "{trust}");
    assert!(
        trust.contains("\"app\"") && trust.contains("\"worker\""),
        "{trust}"
    );

    let (code, out, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("No changes"), "{out}");
}

#[test]
fn out_of_band_drift_is_shown_and_repaired_and_other_trust_is_kept() {
    let case = Case::new();
    case.bed.create_role("shared-reader", &pod_identity_trust());
    case.bed.create_role("other", &pod_identity_trust());
    let file = case.file("prod.yaml", FILE);
    applied(&case, &file);

    // Out of band: another role on an association, a policy detached, a statement added.
    let id = case
        .bed
        .associations("prod")
        .into_iter()
        .find(|a| a.namespace() == Some("team-a") && a.service_account() == Some("app"))
        .unwrap()
        .association_id()
        .unwrap()
        .to_string();
    let eks = case.bed.eks();
    let iam = case.bed.iam();
    let mut trust = case.bed.trust_policy("team-a-app").unwrap();
    trust["Statement"].as_array_mut().unwrap().push(json!({"Sid": "Other", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}));
    case.bed.block_on(async {
        eks.update_pod_identity_association()
            .cluster_name("prod")
            .association_id(&id)
            .role_arn(role_arn("other"))
            .send()
            .await
            .unwrap();
        iam.detach_role_policy()
            .role_name("team-a-app")
            .policy_arn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
            .send()
            .await
            .unwrap();
        iam.update_assume_role_policy()
            .role_name("team-a-app")
            .policy_document(trust.to_string())
            .send()
            .await
            .unwrap();
    });

    let (code, out, err) = case.run(&["plan", "-f", &file, "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    let planned = json(&out);
    let update = planned["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == "update" && c["resource"] == "association")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(update["id"], "prod/team-a/app");
    assert_eq!(update["before"]["roleArn"], role_arn("other"));
    assert_eq!(
        update["after"]["roleArn"],
        format!("arn:aws:iam::{ACCOUNT}:role/eks/team-a-app")
    );
    assert!(
        planned["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["action"] == "attach"),
        "{out}"
    );

    applied(&case, &file);
    let live = case.associations();
    assert_eq!(
        live[1].1,
        format!("arn:aws:iam::{ACCOUNT}:role/eks/team-a-app")
    );
    assert_eq!(case.attached("team-a-app").len(), 1);
    let trust = case.bed.trust_policy("team-a-app").unwrap().to_string();
    assert!(
        trust.contains("ec2.amazonaws.com"),
        "the other statement is kept: {trust}"
    );
    let (code, _, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn prune_removes_only_what_epi_made_for_the_files() {
    let case = Case::new();
    case.bed.create_role("shared-reader", &pod_identity_trust());
    let outside = case.bed.create_role("outside", &pod_identity_trust());
    case.bed
        .create_association("prod", "other", "svc", &outside);
    // Prune takes only what carries the files' stack (behaviour change: it needs one).
    let file = case.file(
        "prod.yaml",
        &FILE
            .replace("cluster: prod", "stack: team\ncluster: prod")
            // Prune deletes only roles whose path proves the stack made them (#32).
            .replace("path: /eks/", "path: /epi/team/eks/"),
    );
    applied(&case, &file);

    // team-a-app's associations and the role leave the file.
    let smaller = case.file(
        "smaller.yaml",
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\nstack: team\ncluster: prod\nassociations:\n  - namespace: shared\n    serviceAccount: reader\n    roleArn: arn:aws:iam::000000000000:role/shared-reader\n",
    );
    let unstacked = case.file(
        "unstacked.yaml",
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations: []\n",
    );
    let (code, _, err) = case.run(&["plan", "-f", &unstacked, "--prune"]);
    assert_eq!(code, 2, "{err}");
    let (code, out, err) = case.run(&["plan", "-f", &smaller]);
    assert_eq!(code, 0, "without --prune leftovers are notes: {out}{err}");
    assert!(err.contains("--prune"), "{err}");

    let (code, out, err) = case.run(&["plan", "-f", &smaller, "--prune", "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    let planned = changes(&out);
    assert!(
        planned.contains(&(
            "delete".into(),
            "association".into(),
            "prod/team-a/app".into()
        )),
        "{planned:?}"
    );
    assert!(
        planned.contains(&("delete".into(), "role".into(), "team-a-app".into())),
        "{planned:?}"
    );
    assert!(
        !planned
            .iter()
            .any(|c| c.2.contains("other/svc") || c.2.contains("shared")),
        "{planned:?}"
    );

    let (code, _, err) = case.run(&["apply", "-f", &smaller, "--prune", "--yes"]);
    assert_eq!(code, 0, "{err}");
    let live: Vec<String> = case.associations().into_iter().map(|a| a.0).collect();
    assert_eq!(live, vec!["other/svc", "shared/reader"]);
    assert!(!case.role_exists("team-a-app"));
    assert!(case.role_exists("outside"));
    assert!(case.role_exists("shared-reader"));
}

#[test]
fn an_unowned_association_is_a_note_until_adopted() {
    let case = Case::new();
    let arn = case.bed.create_role("shared-reader", &pod_identity_trust());
    case.bed
        .create_association("prod", "shared", "reader", &arn);
    let file = case.file(
        "f.yaml",
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - namespace: shared\n    serviceAccount: reader\n    roleArn: arn:aws:iam::000000000000:role/shared-reader\n",
    );
    let (code, _, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--adopt"), "{err}");
    let (code, out, err) = case.run(&["plan", "-f", &file, "--adopt", "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(
        changes(&out),
        vec![(
            "tag".into(),
            "association".into(),
            "prod/shared/reader".into()
        )]
    );
    let (code, out, err) = case.run(&["apply", "-f", &file, "--adopt", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(case.associations()[0].2["epi:managed-by"], "epi");
}

#[test]
fn a_saved_plan_is_refused_when_the_state_moved_on() {
    let case = Case::new();
    case.bed.create_role("shared-reader", &pod_identity_trust());
    let file = case.file("prod.yaml", FILE);
    let plan = case.dir.path().join("plan.json").display().to_string();
    let (code, _, err) = case.run(&["plan", "-f", &file, "--out", &plan]);
    assert_eq!(code, 3, "{err}");
    // A change the plan depends on (behaviour change: an unrelated one no longer refuses it; the
    // files are planned again and must give the same changes).
    let other = case.bed.create_role("other", &pod_identity_trust());
    let id = case.bed.create_association("prod", "team-a", "app", &other);
    let (code, _, err) = case.run(&["apply", "--plan", &plan, "--yes"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("changed since the plan"), "{err}");
    assert_eq!(case.associations().len(), 1, "nothing was changed");
    assert!(!case.role_exists("team-a-app"));
    let eks = case.bed.eks();
    case.bed.block_on(async {
        eks.delete_pod_identity_association()
            .cluster_name("prod")
            .association_id(&id)
            .send()
            .await
            .unwrap()
    });
    case.bed.create_association("prod", "late", "comer", &other);

    let (code, _, err) = case.run(&["plan", "-f", &file, "--out", &plan]);
    assert_eq!(code, 3, "{err}");
    let (code, _, err) = case.run(&["apply", "--plan", &plan, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(case.associations().len(), 4);
    let (code, _, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn apply_without_yes_off_a_terminal_changes_nothing() {
    let case = Case::new();
    case.bed.create_role("shared-reader", &pod_identity_trust());
    let file = case.file("prod.yaml", FILE);
    let (code, _, err) = case.run(&["apply", "-f", &file]);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("--yes"), "{err}");
    let (code, _, err) = case.run(&["apply", "-f", &file, "--dry-run"]);
    assert_eq!(code, 3, "{err}");
    assert!(case.bed.associations("prod").is_empty());
    assert!(!case.role_exists("team-a-app"));
}

#[test]
fn the_export_round_trip_is_empty() {
    let case = Case::new();
    let shared = case.bed.create_role("shared-reader", &pod_identity_trust());
    case.bed.create_association("prod", "other", "svc", &shared);
    let file = case.file("prod.yaml", FILE);
    applied(&case, &file);

    let exported = case.dir.path().join("exported.yaml").display().to_string();
    let (code, _, err) = case.run(&["export", "--cluster", "prod", "-f", &exported]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("kind: PodIdentityConfig"), "{text}");
    assert!(text.contains("serviceAccount: svc"), "{text}");
    let (code, out, err) = case.run(&["plan", "-f", &exported]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn terraform_export_is_hcl_with_import_blocks() {
    let case = Case::new();
    let shared = case.bed.create_role("shared-reader", &pod_identity_trust());
    case.bed.create_association("prod", "other", "svc", &shared);
    let (code, out, err) = case.run(&["export", "--cluster", "prod", "--format", "terraform"]);
    assert_eq!(code, 0, "{err}");
    let id = case.bed.associations("prod")[0]
        .association_id()
        .unwrap()
        .to_string();
    let path = case.file("main.tf", &out);
    let hcl = common::hcl2(&path);
    let text = hcl.to_string();
    assert!(text.contains("aws_eks_pod_identity_association"), "{text}");
    assert!(text.contains(&format!("prod,{id}")), "{text}");
    assert!(text.contains(&shared), "{text}");
    assert!(out.contains("  cluster_name    = \"prod\"\n"), "{out}");
}

#[test]
fn eksctl_export_has_the_cluster_config_fields() {
    let case = Case::new();
    let shared = case.bed.create_role("shared-reader", &pod_identity_trust());
    case.bed.create_association("prod", "other", "svc", &shared);
    let (code, out, err) = case.run(&["export", "--cluster", "prod", "--format", "eksctl"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_saphyr::from_str(&out).unwrap();
    assert_eq!(doc["apiVersion"], "eksctl.io/v1alpha5");
    assert_eq!(doc["kind"], "ClusterConfig");
    assert_eq!(doc["metadata"]["name"], "prod");
    assert_eq!(doc["metadata"]["region"], "us-east-1");
    let entry = &doc["iam"]["podIdentityAssociations"][0];
    assert_eq!(entry["namespace"], "other");
    assert_eq!(entry["serviceAccountName"], "svc");
    assert_eq!(entry["roleARN"], shared);
}

#[test]
fn bad_files_are_exit_2_with_a_location_before_any_aws_call() {
    let case = Case::new();
    let before = case.bed.calls().len();
    for (text, wanted, hint) in [
        (
            "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociation: []\n",
            ":4:",
            "associations",
        ),
        (
            "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - namespace: Team_A\n    serviceAccount: app\n    roleArn: arn:aws:iam::000000000000:role/r\n",
            ":5:",
            "namespace",
        ),
        (
            "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles:\n  - name: r\n    managedPolicies: [not-an-arn]\n",
            ":6:",
            "policy",
        ),
        (
            "apiVersion: epi/v2\nkind: PodIdentityConfig\ncluster: prod\n",
            ":1:",
            "epi/v1alpha1",
        ),
        (
            "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - namespace: a\n    serviceAccount: app\n    role: missing\n",
            ":6:",
            "roles",
        ),
        // A misspelt kind: one message naming the kinds epi reads, with a did-you-mean (#33
        // item 10), not an error about the fields of the kind the reader expected.
        (
            "apiVersion: epi/v1alpha1\nkind: AccessTest\ncluster: prod\ntests: []\n",
            ":2:7",
            "epi reads PodIdentityConfig and AccessTests documents",
        ),
        (
            "apiVersion: epi/v1alpha1\nkind: PodIdentityConfigs\ncluster: prod\n",
            ":2:7",
            "did you mean `kind: PodIdentityConfig`?",
        ),
        // An inline policy's error points at its own line and names the policy (#33 item 11).
        (
            "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles:\n  - name: r\n    inlinePolicies:\n      read:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: '*'\n          - Effect: Allow\n            Action: s3:ListBucket\n            Resource: '*'\n            Condition: {StringEqual: {aws:SourceVpc: vpc-1}}\n",
            ":16:25",
            "invalid inline policy \"read\": Statement[1] Condition.StringEqual",
        ),
    ] {
        let file = case.file("bad.yaml", text);
        let (code, out, err) = case.run(&["plan", "-f", &file]);
        assert_eq!(code, 2, "{text}\n{err}");
        assert!(out.is_empty());
        assert!(err.contains(&format!("bad.yaml{wanted}")), "{text}\n{err}");
        assert!(err.contains(hint), "{text}\n{err}");
        let (code, _, _) = case.run(&["apply", "-f", &file, "--yes"]);
        assert_eq!(code, 2);
    }
    assert_eq!(case.bed.calls().len(), before, "no AWS call was made");
}

#[test]
fn the_schema_describes_the_file() {
    let out = common::epi().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = &schema["properties"];
    for key in [
        "apiVersion",
        "kind",
        "cluster",
        "region",
        "agent",
        "roles",
        "associations",
    ] {
        assert!(props.get(key).is_some(), "{key}");
    }
    let text = schema.to_string();
    for key in [
        "namespaceSelector",
        "serviceAccount",
        "roleArn",
        "targetRoleArn",
        "disableSessionTags",
        "sessionPolicy",
        "permissionsBoundary",
        "managedPolicies",
        "inlinePolicies",
        "wellKnownPolicies",
    ] {
        assert!(text.contains(key), "{key}");
    }
}

#[test]
fn a_directory_stands_for_its_files_and_documents_of_one_cluster_merge() {
    let case = Case::new();
    case.bed.create_role("shared-reader", &pod_identity_trust());
    std::fs::create_dir(case.dir.path().join("pi")).unwrap();
    case.file(
        "pi/a.yaml",
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - {namespace: a, serviceAccount: one, roleArn: 'arn:aws:iam::000000000000:role/shared-reader'}\n",
    );
    case.file(
        "pi/b.json",
        r#"{"apiVersion": "epi/v1alpha1", "kind": "PodIdentityConfig", "cluster": "prod", "associations": [{"namespace": "b", "serviceAccount": "two", "roleArn": "arn:aws:iam::000000000000:role/shared-reader", "tags": {"x": "y"}}]}"#,
    );
    case.file("pi/notes.txt", "not read");
    // The README's editor setup puts the schema next to the files; another tool's documents may
    // share them: not epi's, skipped with one note (#33 item 9).
    let schema = common::epi().arg("schema").output().unwrap().stdout;
    std::fs::write(case.dir.path().join("pi/epi.schema.json"), schema).unwrap();
    case.file(
        "pi/c.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    let dir = case.dir.path().join("pi").display().to_string();
    let (code, _, err) = case.run(&["apply", "-f", &dir, "--yes"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("2 document(s) that are not epi's ignored") && err.contains("epi.schema.json"),
        "{err}"
    );
    let live: Vec<String> = case.associations().into_iter().map(|a| a.0).collect();
    assert_eq!(live, vec!["a/one", "b/two"]);

    // A tag removed from the file is removed from the association.
    case.file(
        "pi/b.json",
        r#"{"apiVersion": "epi/v1alpha1", "kind": "PodIdentityConfig", "cluster": "prod", "associations": [{"namespace": "b", "serviceAccount": "two", "roleArn": "arn:aws:iam::000000000000:role/shared-reader"}]}"#,
    );
    let (code, out, err) = case.run(&["plan", "-f", &dir, "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(
        json(&out)["changes"][0]["before"]["remove"],
        json!(["x"]),
        "{out}"
    );
    let (code, _, err) = case.run(&["apply", "-f", &dir, "--yes"]);
    assert_eq!(code, 0, "{err}");
    let tags = &case.associations()[1].2;
    assert!(
        !tags.contains_key("x") && tags["epi:managed-by"] == "epi",
        "{tags:?}"
    );
}

#[test]
fn a_namespace_selector_expands_against_the_live_namespaces() {
    let case = Case::new();
    let kube = KubeStandIn::start();
    case.bed.control(
        "POST",
        "/_epi/clusters/prod",
        json!({"endpoint": format!("https://127.0.0.1:{}", kube.port)}),
    );
    for (name, labels) in [
        ("t1", json!({"tenant": "true"})),
        ("t2", json!({"tenant": "true"})),
        ("team-x", json!({})),
        ("other", json!({})),
    ] {
        kube.create(
            "/api/v1/namespaces",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}),
        );
    }
    case.bed.create_role("tenant-app", &pod_identity_trust());
    let file = case.file(
        "sel.yaml",
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - namespaceSelector: {matchLabels: {tenant: 'true'}}\n    serviceAccount: app\n    roleArn: arn:aws:iam::000000000000:role/tenant-app\n  - namespaceSelector: {names: ['team-*']}\n    serviceAccount: app\n    roleArn: arn:aws:iam::000000000000:role/tenant-app\n",
    );
    let kubeconfig = kube.kubeconfig.to_str().unwrap();
    let (code, _, err) = case.run(&["apply", "-f", &file, "--yes", "--kubeconfig", kubeconfig]);
    assert_eq!(code, 0, "{err}");
    let live: Vec<String> = case.associations().into_iter().map(|a| a.0).collect();
    assert_eq!(live, vec!["t1/app", "t2/app", "team-x/app"]);
    let (code, _, err) = case.run(&["plan", "-f", &file, "--kubeconfig", kubeconfig]);
    assert_eq!(code, 0, "{err}");

    // A file without selectors never reads Kubernetes.
    let before = kube.requests().len();
    let plain = case.file(
        "plain.yaml",
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nassociations:\n  - {namespace: t1, serviceAccount: app, roleArn: 'arn:aws:iam::000000000000:role/tenant-app'}\n",
    );
    let (code, _, err) = case.run(&["plan", "-f", &plain, "--kubeconfig", kubeconfig]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(kube.requests().len(), before);
}

const SWEEP_FILE: &str = r#"apiVersion: epi/v1alpha1
kind: PodIdentityConfig
cluster: prod
roles:
  - name: app
    managedPolicies: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
    abac: [{template: s3-prefix, bucket: data}]
  - name: worker
associations:
  - {namespace: a, serviceAccount: app, role: app}
  - {namespace: b, serviceAccount: app, role: app}
  - {namespace: a, serviceAccount: worker, role: worker, tags: {tier: batch}}
"#;

/// The state SWEEP_FILE describes, checked with the SDK.
fn assert_sweep_state(case: &Case) {
    let live: Vec<(String, String)> = case
        .associations()
        .into_iter()
        .map(|a| (a.0, a.1))
        .collect();
    assert_eq!(
        live,
        vec![
            ("a/app".to_string(), role_arn("app")),
            ("a/worker".to_string(), role_arn("worker")),
            ("b/app".to_string(), role_arn("app")),
        ]
    );
    assert_eq!(
        case.attached("app"),
        vec!["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".to_string()]
    );
    assert_eq!(case.inline("app"), vec!["epi-abac-s3-prefix".to_string()]);
    let trust = case.bed.trust_policy("app").unwrap().to_string();
    assert!(
        trust.contains("\"a\"") && trust.contains("\"b\""),
        "{trust}"
    );
}

#[test]
fn apply_killed_at_any_call_converges_on_the_next_run() {
    for n in 1u64.. {
        let case = Case::new();
        let file = case.file("f.yaml", SWEEP_FILE);
        let finished = case
            .bed
            .run_killed_after(n, &["apply", "-f", &file, "--yes", "--concurrency", "1"]);
        if let Some(status) = finished {
            assert!(status.success());
            assert!(n > 10, "the run needed only {} AWS calls", n - 1);
            assert_sweep_state(&case);
            break;
        }
        let (code, out, err) = case.run(&["apply", "-f", &file, "--yes"]);
        assert_eq!(code, 0, "killed after call {n}, the re-run: {out}{err}");
        assert_sweep_state(&case);
        let (code, out, err) = case.run(&["plan", "-f", &file]);
        assert_eq!(
            code, 0,
            "killed after call {n}, the plan after the re-run: {out}{err}"
        );
    }
}

#[test]
fn apply_converges_under_thirty_percent_throttling() {
    let case = Case::new();
    let file = case.file("f.yaml", SWEEP_FILE);
    case.bed.control(
        "POST",
        "/_epi/faults",
        json!({"rate": 0.3, "status": 429, "code": "ThrottlingException", "operations": ["*"]}),
    );
    let mut runs = 0;
    loop {
        runs += 1;
        // Standard retries: adaptive mode's client-side rate limiting would slow the test to
        // minutes against faults that, unlike real throttling, do not depend on the request rate.
        let (code, out, err) =
            case.run(&["apply", "-f", &file, "--yes", "--retry-mode", "standard"]);
        if code == 0 {
            break;
        }
        assert_eq!(code, 1, "{out}{err}");
        assert!(runs < 5, "no convergence after {runs} runs: {out}{err}");
    }
    case.bed.control("POST", "/_epi/faults", json!({}));
    assert_sweep_state(&case);
    let (code, out, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 0, "{out}{err}");
}

/// Every well-known policy given to a role of a file: the AWS managed policy attached where one
/// exists, else the inline statements, checked through the SDK.
#[test]
fn each_well_known_policy_is_attached_or_inlined() {
    let case = Case::new();
    let names = [
        ("aws-load-balancer-controller", None),
        ("external-dns", None),
        ("cert-manager", None),
        ("cluster-autoscaler", None),
        (
            "ebs-csi-driver",
            Some("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"),
        ),
        ("efs-csi-driver", None),
        (
            "image-builder",
            Some("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"),
        ),
        ("karpenter", None),
    ];
    let mut text =
        String::from("apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles:\n");
    for (name, _) in names {
        text.push_str(&format!(
            "  - {{name: wk-{name}, wellKnownPolicies: [{name}]}}\n"
        ));
    }
    text.push_str("associations:\n");
    for (name, _) in names {
        text.push_str(&format!(
            "  - {{namespace: kube-system, serviceAccount: {name}, role: wk-{name}}}\n"
        ));
    }
    let file = case.file("wk.yaml", &text);
    let (code, out, err) = case.run(&["apply", "-f", &file, "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    for (name, managed) in names {
        let role = format!("wk-{name}");
        match managed {
            Some(arn) => {
                assert_eq!(case.attached(&role), vec![arn.to_string()], "{name}");
                assert!(case.inline(&role).is_empty(), "{name}");
            }
            None => {
                assert!(case.attached(&role).is_empty(), "{name}");
                assert_eq!(
                    case.inline(&role),
                    vec![format!("epi-well-known-{name}")],
                    "{name}"
                );
            }
        }
    }
    let (code, _, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 0, "{err}");
}

/// The plan for CI (#24): a pull-request comment in Markdown (summary line, deletions and trust
/// changes first, a section per resource kind, diffs in <details>) and annotations on the lines
/// of the file each change comes from.
#[test]
fn the_plan_as_a_pull_request_comment_and_as_annotations() {
    let case = Case::new();
    case.bed.create_role("shared-reader", &pod_identity_trust());
    let file = case.file("prod.yaml", FILE);
    let (code, md, err) = case.run(&["plan", "-f", &file, "-o", "markdown"]);
    assert_eq!(code, 3, "exit codes as for the table: {err}");
    let stable = md.replace(&file, "prod.yaml");
    insta::assert_snapshot!("plan_markdown_create", stable);

    let (code, annotations, _) = case.run(&["plan", "-f", &file, "-o", "github"]);
    assert_eq!(code, 3);
    let lines: Vec<&str> = annotations.lines().collect();
    let role_line = format!(
        "::notice file={},line=6,",
        file.replace(':', "%3A").replace(',', "%2C")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&role_line) && l.contains("title=epi plan%3A create role::")),
        "{annotations}"
    );
    assert!(
        lines.iter().any(|l| l.contains(",line=13,")
            && l.contains("create association::create association prod/team-a/app")),
        "{annotations}"
    );

    // Drift on a trust policy: the comment warns and shows the diff first.
    applied(&case, &file);
    let mut trust = case.bed.trust_policy("team-a-app").unwrap();
    trust["Statement"] = json!([]);
    case.bed
        .block_on(
            case.bed
                .iam()
                .update_assume_role_policy()
                .role_name("team-a-app")
                .policy_document(trust.to_string())
                .send(),
        )
        .unwrap();
    let (code, md, _) = case.run(&["plan", "-f", &file, "-o", "markdown"]);
    assert_eq!(code, 3);
    assert!(
        md.starts_with("### epi plan: 0 to create, 1 to update, 0 to delete\n"),
        "{md}"
    );
    assert!(
        md.contains("> [!WARNING]") && md.contains("#### Deletions and trust changes"),
        "{md}"
    );
    assert!(
        md.contains("<details><summary>update trust-policy team-a-app</summary>")
            && md.contains("```diff\n"),
        "{md}"
    );
    assert!(
        md.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("Digest: `sha256:"),
        "{md}"
    );
    let (code, md, _) = {
        applied(&case, &file);
        case.run(&["plan", "-f", &file, "-o", "markdown"])
    };
    assert_eq!(code, 0);
    assert!(md.starts_with("### epi plan: no changes\n"), "{md}");
}

/// `epi schema` covers both kinds a directory may hold (#22), told apart by `kind`; each kind's
/// mistakes are still caught (checked with jsonschema, tests/requirements.txt).
#[test]
fn the_default_schema_covers_configs_and_access_tests() {
    let out = common::epi().arg("schema").output().unwrap();
    assert!(out.status.success());
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, &out.stdout).unwrap();
    let python = std::env::var("EPI_TEST_PYTHON")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv-test/bin/python").into());
    let check = r#"
import json, sys, jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
config = {"apiVersion": "epi/v1alpha1", "kind": "PodIdentityConfig", "cluster": "prod", "roles": [{"name": "r"}], "associations": [{"namespace": "a", "serviceAccount": "b", "role": "r"}]}
tests = {"apiVersion": "epi/v1alpha1", "kind": "AccessTests", "cluster": "prod", "tests": [{"serviceAccount": "a/b", "action": "s3:GetObject", "resource": "*", "expect": "allowed"}]}
cases = [(config, True), (tests, True), (dict(config, rols=[]), False), (dict(tests, tests=[dict(tests["tests"][0], expect="maybe")]), False), (dict(tests, bogus=1), False),
         (dict(config, kind="PodIdentityConfigs"), False), (dict(tests, kind="AccessTest"), False), (dict(config, apiVersion="epi/v1"), False)]
for doc, ok in cases:
    valid = not list(v.iter_errors(doc))
    assert valid == ok, (doc, valid)
print("ok")
"#;
    let out = std::process::Command::new(&python)
        .args(["-c", check, schema.to_str().unwrap()])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} ({e}): run the tests with scripts/test"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// #33 items 2 and 3: a plan says what changes field by field, Terraform's way, in the table, the
/// pull-request comment and the annotations, and the same summary in each.
#[test]
fn plans_show_each_changed_field_and_one_summary_in_every_format() {
    let case = Case::new();
    case.bed.create_role("shared-reader", &pod_identity_trust());
    let before = "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nregion: us-east-1\nassociations:\n  - namespace: team-d\n    serviceAccount: worker\n    roleArn: arn:aws:iam::000000000000:role/shared-reader\n    disableSessionTags: true\n";
    let file = case.file("p.yaml", before);
    applied(&case, &file);
    let file = case.file(
        "p.yaml",
        &before.replace(
            "disableSessionTags: true",
            "disableSessionTags: false\n    tags: {tier: gold}",
        ),
    );
    let (code, table, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 3, "{err}");
    assert!(
        table.contains(
            "update association prod/team-d/worker:\n  ~ disableSessionTags: true -> false\n"
        ),
        "{table}"
    );
    assert!(
        table.contains("tag association prod/team-d/worker:\n  + tag tier = gold\n"),
        "{table}"
    );
    assert!(
        table.contains("Plan: 0 to create, 2 to update, 0 to delete."),
        "{table}"
    );
    assert!(
        table.lines().all(|l| l == l.trim_end()),
        "no trailing blanks: {table:?}"
    );
    let (_, comment, _) = case.run(&["plan", "-f", &file, "-o", "markdown"]);
    assert!(
        comment.starts_with("### epi plan: 0 to create, 2 to update, 0 to delete"),
        "{comment}"
    );
    assert!(
        comment.contains("~ disableSessionTags: true -&gt; false")
            && comment.contains("+ tag tier = gold"),
        "{comment}"
    );
    let (_, annotations, _) = case.run(&["plan", "-f", &file, "-o", "github"]);
    assert!(
        annotations.contains("~ disableSessionTags: true -> false")
            || annotations.contains("~ disableSessionTags: true -%3E false"),
        "{annotations}"
    );
}

/// #33 item 11: the lint warnings of the files' inline policies are said, once each, at their line
/// (they were dropped).
#[test]
fn inline_policy_warnings_are_said_once_at_their_line() {
    let case = Case::new();
    let file = case.file(
        "w.yaml",
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\ncluster: prod\nroles:\n  - name: writer\n    inlinePolicies:\n      write:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Action: s3:PutObject\n            Resource: '*'\nassociations:\n  - {namespace: a, serviceAccount: b, role: writer}\n",
    );
    let (code, _, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 3, "{err}");
    let said: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("inline policy \"write\""))
        .collect();
    assert_eq!(said.len(), 1, "{err}");
    assert!(
        said[0].starts_with("warning: ")
            && said[0].contains("w.yaml:12:13")
            && said[0].contains("write-on-any-resource"),
        "{err}"
    );
}

/// #33 item 1: plan and apply at 80, 200 and 0 columns: a create (the role's trust and policies
/// in full), then an update of fields (`~ disableSessionTags: false -> true`, `+ tag …`); apply's
/// result table after it.
#[test]
fn plan_and_apply_tables_fit_80_columns() {
    let edited = FILE
        .replace("    tags: {team: a}\n", "    tags: {team: a, tier: gold}\n")
        .replace(
            "    roleArn: arn:aws:iam::000000000000:role/shared-reader\n",
            "    roleArn: arn:aws:iam::000000000000:role/shared-reader\n    disableSessionTags: true\n",
        );
    let mut applied_once = false;
    for width in ["80", "200", "0"] {
        let case = Case::new();
        case.bed.create_role("shared-reader", &pod_identity_trust());
        case.file("prod.yaml", FILE);
        let run = |w: &str, args: &[&str]| {
            let out = case
                .bed
                .epi()
                .current_dir(case.dir.path())
                .env("COLUMNS", w)
                .args(args)
                .output()
                .unwrap();
            // The digest covers the live state, association ids included.
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| match l.strip_prefix("Digest: ") {
                    Some(_) => "Digest: sha256:DIGEST\n".to_string(),
                    None => format!("{l}\n"),
                })
                .collect::<String>()
        };
        if !applied_once {
            common::at_widths("plan_create", true, |w| {
                run(w, &["plan", "-f", "prod.yaml"])
            });
        }
        let apply = run(width, &["apply", "-f", "prod.yaml", "--yes"]);
        if !applied_once {
            case.file("prod.yaml", &edited);
            common::at_widths("plan_update", true, |w| {
                run(w, &["plan", "-f", "prod.yaml"])
            });
            applied_once = true;
        }
        assert!(apply.lines().all(|l| l == l.trim_end()), "{apply:?}");
        if width == "80" {
            assert!(apply.lines().all(|l| l.chars().count() <= 80), "{apply}");
        }
        insta::assert_snapshot!(format!("apply_create_{width}"), apply);
    }
}
