//! Pod Identity as code shared by many teams, files and clusters (issue #20): stacks, a prune that
//! only takes the stack's own, roles kept while anything may use them, trust that follows the
//! associations, saved plans that apply exactly what was reviewed, and directories read whole.
//! Each test sets up the defect's situation on the test bed and checks the safe outcome with the
//! SDK, not with epi.

mod common;
use common::json;
use common::testbed::{ACCOUNT, TestBed};
use serde_json::Value;

struct Case {
    bed: TestBed,
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let bed = TestBed::start();
        bed.create_cluster("demo");
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

    fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "epi {args:?}: {out}{err}");
        out
    }

    fn role_exists(&self, role: &str) -> bool {
        let iam = self.bed.iam();
        self.bed
            .block_on(async { iam.get_role().role_name(role).send().await.is_ok() })
    }

    fn role_tags(&self, role: &str) -> std::collections::BTreeMap<String, String> {
        let iam = self.bed.iam();
        self.bed.block_on(async {
            iam.list_role_tags()
                .role_name(role)
                .send()
                .await
                .unwrap()
                .tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect()
        })
    }

    /// `namespace/service-account` of every association of a cluster in a region.
    fn live_in(&self, region: &str, cluster: &str) -> Vec<String> {
        let eks = self.bed.eks_in(region);
        let mut out: Vec<String> = self.bed.block_on(async {
            eks.list_pod_identity_associations()
                .cluster_name(cluster)
                .send()
                .await
                .unwrap()
                .associations()
                .iter()
                .map(|a| {
                    format!(
                        "{}/{}",
                        a.namespace().unwrap(),
                        a.service_account().unwrap()
                    )
                })
                .collect()
        });
        out.sort();
        out
    }

    fn live(&self) -> Vec<String> {
        self.live_in("us-east-1", "demo")
    }
}

fn doc(stack: Option<&str>, region: &str, body: &str) -> String {
    let stack = stack.map(|s| format!("stack: {s}\n")).unwrap_or_default();
    format!(
        "apiVersion: epi/v1alpha1\nkind: PodIdentityConfig\n{stack}cluster: demo\nregion: {region}\n{body}"
    )
}

const A_BODY: &str = "roles:\n  - name: ra\n    inlinePolicies:\n      read: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}\nassociations:\n  - {namespace: team-a, serviceAccount: app, role: ra}\n";
const B_BODY: &str = "roles:\n  - name: rb\n    inlinePolicies:\n      read: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}\nassociations:\n  - {namespace: team-b, serviceAccount: api, role: rb}\n";

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

#[test]
fn prune_needs_a_stack_and_two_stacks_prune_independently() {
    let case = Case::new();
    // Case 1 as reported: two files without a stack, then a prune from one of them.
    let a = case.file("a.yaml", &doc(None, "us-east-1", A_BODY));
    let b = case.file("b.yaml", &doc(None, "us-east-1", B_BODY));
    case.ok(&["apply", "-f", &a, "--yes"]);
    case.ok(&["apply", "-f", &b, "--yes"]);
    let (code, _, err) = case.run(&["apply", "-f", &a, "--prune", "--yes"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--prune needs a stack") && err.contains("stack: NAME"),
        "{err}"
    );
    assert_eq!(case.live(), vec!["team-a/app", "team-b/api"]);
    assert!(case.role_exists("rb"));

    // What an epi without stacks made is never pruned, even from a stack that adopts nothing.
    let a2 = case.file(
        "a2.yaml",
        &doc(Some("team-a"), "us-east-1", "associations: []\n"),
    );
    let (code, out, err) = case.run(&["plan", "-f", &a2, "--prune", "-o", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        json(&out)["notes"].to_string().contains("never pruned"),
        "{out}"
    );

    // Two stacks in one cluster: each prunes only its own.
    let case = Case::new();
    let a = case.file("a.yaml", &doc(Some("team-a"), "us-east-1", A_BODY));
    let b = case.file("b.yaml", &doc(Some("team-b"), "us-east-1", B_BODY));
    case.ok(&["apply", "-f", &a, "--yes"]);
    case.ok(&["apply", "-f", &b, "--yes"]);
    let tags = case.role_tags("ra");
    assert_eq!(tags["epi:stack"], "team-a");
    assert_eq!(tags["epi:managed-by"], "epi");
    assert_eq!(
        tags["epi:cluster-arn"],
        format!("arn:aws:eks:us-east-1:{ACCOUNT}:cluster/demo")
    );
    let (code, out, err) = case.run(&["plan", "-f", &a, "--prune", "-o", "json"]);
    assert_eq!(
        code, 0,
        "team-a's prune sees nothing of team-b's: {out}{err}"
    );
    case.ok(&["apply", "-f", &a, "--prune", "--yes"]);
    assert_eq!(case.live(), vec!["team-a/app", "team-b/api"]);
    assert!(case.role_exists("rb"));

    // team-a empties its stack: its association and role go, team-b's stay.
    let empty_a = case.file(
        "a-empty.yaml",
        &doc(Some("team-a"), "us-east-1", "associations: []\n"),
    );
    case.ok(&["apply", "-f", &empty_a, "--prune", "--yes"]);
    assert_eq!(case.live(), vec!["team-b/api"]);
    assert!(!case.role_exists("ra"));
    assert!(case.role_exists("rb"));

    // A stack that names another stack's role is refused unless it adopts it.
    let steal = case.file(
        "steal.yaml",
        &doc(Some("team-a"), "us-east-1", "roles: [{name: rb}]\n"),
    );
    let (code, _, err) = case.run(&["plan", "-f", &steal]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("belongs to stack team-b"), "{err}");
}

#[test]
fn a_role_another_cluster_or_region_uses_survives_either_prune() {
    let case = Case::new();
    case.bed.create_cluster_in("eu-west-1", "demo");
    // A stack's role lives under /epi/STACK/ (#32).
    let shared_arn = format!("arn:aws:iam::{ACCOUNT}:role/epi/m/rshared");
    let use1 = case.file(
        "use1.yaml",
        &doc(
            Some("m"),
            "us-east-1",
            "roles: [{name: rshared}]\nassociations:\n  - {namespace: m, serviceAccount: app, role: rshared}\n",
        ),
    );
    let euw1 = case.file(
        "euw1.yaml",
        &doc(
            Some("m"),
            "eu-west-1",
            &format!("associations:\n  - {{namespace: m, serviceAccount: app, roleArn: '{shared_arn}'}}\n"),
        ),
    );
    case.ok(&["apply", "-f", &use1, "--yes"]);
    case.ok(&["apply", "-f", &euw1, "--yes"]);
    assert_eq!(case.live_in("eu-west-1", "demo"), vec!["m/app"]);

    // eu-west-1 empties its file: its association goes, the role it only referenced stays.
    let euw1_empty = case.file(
        "euw1-empty.yaml",
        &doc(Some("m"), "eu-west-1", "associations: []\n"),
    );
    case.ok(&["apply", "-f", &euw1_empty, "--prune", "--yes"]);
    assert!(case.live_in("eu-west-1", "demo").is_empty());
    assert!(case.role_exists("rshared"));
    assert_eq!(case.live(), vec!["m/app"]);

    // Back in eu-west-1; now us-east-1 drops the role from its files: eu-west-1 still uses it.
    case.ok(&["apply", "-f", &euw1, "--yes"]);
    let use1_empty = case.file(
        "use1-empty.yaml",
        &doc(Some("m"), "us-east-1", "associations: []\n"),
    );
    let (code, out, err) = case.run(&["apply", "-f", &use1_empty, "--prune", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(case.live().is_empty());
    assert!(
        case.role_exists("rshared"),
        "eu-west-1 still uses it: {err}"
    );
    assert!(err.contains("rshared is kept"), "{err}");

    // Once nothing uses it, the next prune of the stack that made it deletes it.
    case.ok(&["apply", "-f", &euw1_empty, "--prune", "--yes"]);
    case.ok(&["apply", "-f", &use1_empty, "--prune", "--yes"]);
    assert!(!case.role_exists("rshared"));
}

/// Issue #31, item 2: prune's "in use anywhere" reads the account's enabled regions (Account API
/// ListRegions), so a region newer than epi's list (ap-east-2) counts; when they cannot be
/// listed, any other region is unread and no role is deleted on that proof.
#[test]
fn prune_reads_the_accounts_regions_and_keeps_roles_when_it_cannot() {
    let case = Case::new();
    case.bed.create_cluster_in("ap-east-2", "hk");
    let shared_arn = format!("arn:aws:iam::{ACCOUNT}:role/epi/m/rhk");
    let use1 = case.file(
        "use1.yaml",
        &doc(
            Some("m"),
            "us-east-1",
            "roles: [{name: rhk}]\nassociations:\n  - {namespace: m, serviceAccount: app, role: rhk}\n",
        ),
    );
    case.ok(&["apply", "-f", &use1, "--yes"]);
    case.bed
        .create_association_in("ap-east-2", "hk", "m", "app", &shared_arn);
    let use1_empty = case.file(
        "use1-empty.yaml",
        &doc(Some("m"), "us-east-1", "associations: []\n"),
    );
    // The account has ap-east-2 enabled: its association keeps the role.
    case.bed.control(
        "POST",
        "/_epi/regions",
        serde_json::json!({"regions": ["us-east-1", "ap-east-2"]}),
    );
    let (code, out, err) = case.run(&["apply", "-f", &use1_empty, "--prune", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(case.role_exists("rhk"), "ap-east-2 still uses it: {err}");
    assert!(err.contains("rhk is kept"), "{err}");
    // ListRegions refused: ap-east-2 is not among the regions epi knows, so nothing proves the
    // role unused, and it is kept.
    case.ok(&["apply", "-f", &use1, "--yes"]);
    case.bed
        .control("POST", "/_epi/regions", serde_json::json!({"fail": true}));
    let (code, out, err) = case.run(&["apply", "-f", &use1_empty, "--prune", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(case.role_exists("rhk"), "{err}");
    assert!(err.contains("account:ListRegions"), "{err}");
}

/// Issue #32, item 1: a trust grant that only an association in an unread region uses is kept,
/// with a note naming what was not read, and `--strict` fails on it.
#[test]
fn prune_keeps_trust_grants_an_unread_region_may_use() {
    let case = Case::new();
    case.bed.create_cluster_in("ap-east-2", "hk");
    let both = case.file(
        "both.yaml",
        &doc(
            Some("m"),
            "us-east-1",
            "roles: [{name: rx}]\nassociations:\n  - {namespace: m, serviceAccount: app, role: rx}\n  - {namespace: m, serviceAccount: worker, role: rx}\n",
        ),
    );
    case.ok(&["apply", "-f", &both, "--yes"]);
    let rx = format!("arn:aws:iam::{ACCOUNT}:role/epi/m/rx");
    case.bed
        .create_association_in("ap-east-2", "hk", "m", "worker", &rx);
    let app_only = case.file(
        "app.yaml",
        &doc(
            Some("m"),
            "us-east-1",
            "roles: [{name: rx}]\nassociations:\n  - {namespace: m, serviceAccount: app, role: rx}\n",
        ),
    );
    // ap-east-2 cannot be read (the account's regions cannot be listed, and it is not among the
    // regions epi knows): the worker's grant stays, --strict says so.
    case.bed
        .control("POST", "/_epi/regions", serde_json::json!({"fail": true}));
    let (code, out, err) = case.run(&["apply", "-f", &app_only, "--prune", "--strict", "--yes"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("trust grants of role rx") && err.contains("m/worker"),
        "{err}"
    );
    let trust = case.bed.trust_policy("rx").unwrap().to_string();
    assert!(trust.contains("worker"), "{trust}");
    // Readable: ap-east-2's association is seen, the grant is kept because it is used.
    case.bed.control(
        "POST",
        "/_epi/regions",
        serde_json::json!({"regions": ["us-east-1", "ap-east-2"]}),
    );
    let (code, out, err) = case.run(&["apply", "-f", &app_only, "--prune", "--strict", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    let trust = case.bed.trust_policy("rx").unwrap().to_string();
    assert!(trust.contains("worker"), "{trust}");
}

/// Issue #32, items 2 and 4: prune keeps a role something besides Pod Identity may use: one in an
/// instance profile (EC2 instances act as it), one whose trust also admits an OIDC provider
/// (IRSA pods), one whose trust admits another account's role (an association there uses it as
/// its target role, which prune cannot see from this account), and says why; nothing of the role
/// is changed.
#[test]
fn prune_keeps_roles_used_outside_pod_identity() {
    let case = Case::new();
    let made = case.file(
        "made.yaml",
        &doc(
            Some("m"),
            "us-east-1",
            "roles: [{name: rec2}, {name: rirsa}, {name: rtarget}]\nassociations:\n  - {namespace: m, serviceAccount: a, role: rec2}\n  - {namespace: m, serviceAccount: b, role: rirsa}\n  - {namespace: m, serviceAccount: c, role: rtarget}\n",
        ),
    );
    case.ok(&["apply", "-f", &made, "--yes"]);
    let iam = case.bed.iam();
    case.bed.block_on(async {
        iam.create_instance_profile()
            .instance_profile_name("web")
            .send()
            .await
            .unwrap();
        iam.add_role_to_instance_profile()
            .instance_profile_name("web")
            .role_name("rec2")
            .send()
            .await
            .unwrap();
    });
    let mut trust = case.bed.trust_policy("rirsa").unwrap();
    trust["Statement"].as_array_mut().unwrap().push(serde_json::json!({"Effect": "Allow", "Principal": {"Federated": format!("arn:aws:iam::{ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X")}, "Action": "sts:AssumeRoleWithWebIdentity"}));
    case.bed
        .block_on(
            iam.update_assume_role_policy()
                .role_name("rirsa")
                .policy_document(trust.to_string())
                .send(),
        )
        .unwrap();
    // What `association create --target-role-arn … --target-profile` in account 444455556666
    // writes on its target role: that account's role, with an external id.
    let source = "arn:aws:iam::444455556666:role/app";
    let mut trust = case.bed.trust_policy("rtarget").unwrap();
    trust["Statement"].as_array_mut().unwrap().push(serde_json::json!({"Effect": "Allow", "Principal": {"AWS": source}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {"sts:ExternalId": "x"}}}));
    case.bed
        .block_on(
            iam.update_assume_role_policy()
                .role_name("rtarget")
                .policy_document(trust.to_string())
                .send(),
        )
        .unwrap();
    let empty = case.file(
        "empty.yaml",
        &doc(Some("m"), "us-east-1", "associations: []\n"),
    );
    let (code, out, err) = case.run(&["apply", "-f", &empty, "--prune", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        case.role_exists("rec2") && case.role_exists("rirsa") && case.role_exists("rtarget"),
        "{err}"
    );
    assert!(err.contains("instance profile(s) web"), "{err}");
    assert!(err.contains("oidc-provider"), "{err}");
    assert!(
        err.contains("role rtarget is kept") && err.contains(&format!("AWS {source}")),
        "{err}"
    );
    // Only epi's own statements for the removed associations went; the IRSA statement stays.
    let trust = case.bed.trust_policy("rirsa").unwrap().to_string();
    assert!(trust.contains("oidc-provider"), "{trust}");
}

/// Issue #32, item 2: a role the stack adopted is not one it made: prune keeps it, with the
/// reason, unless its file said `deleteOnPrune: true` while it still named it (and, item 3, its
/// path is under the stack's, the one proof tags cannot forge).
#[test]
fn prune_never_deletes_an_adopted_role_unless_the_file_allows_it() {
    let case = Case::new();
    case.bed.create_role_at(
        "/epi/m/",
        "handmade",
        &common::testbed::pod_identity_trust(),
    );
    let named = |extra: &str| {
        doc(
            Some("m"),
            "us-east-1",
            &format!(
                "roles:\n  - name: handmade{extra}\nassociations:\n  - {{namespace: m, serviceAccount: app, role: handmade}}\n"
            ),
        )
    };
    let file = case.file("adopt.yaml", &named(""));
    case.ok(&["apply", "-f", &file, "--adopt", "--yes"]);
    let empty = case.file(
        "empty.yaml",
        &doc(Some("m"), "us-east-1", "associations: []\n"),
    );
    let (code, out, err) = case.run(&["apply", "-f", &empty, "--prune", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(case.role_exists("handmade"), "{err}");
    assert!(err.contains("adopted it"), "{err}");
    // The file allows it, then stops naming the role: prune deletes it.
    let allowed = case.file("allowed.yaml", &named("\n    deleteOnPrune: true"));
    case.ok(&["apply", "-f", &allowed, "--yes"]);
    case.ok(&["apply", "-f", &empty, "--prune", "--yes"]);
    assert!(!case.role_exists("handmade"));
}

/// Issue #32, item 3: anyone with iam:TagRole can copy a stack's tags onto `admin`; prune keeps
/// it, says why, and deletes only the roles whose path (set at creation, never changed) is under
/// `/epi/STACK/`. A role the files put elsewhere is never pruned, and the plan says so up front.
#[test]
fn forged_stack_tags_never_get_a_role_pruned() {
    let case = Case::new();
    let file = case.file(
        "a.yaml",
        &doc(
            Some("m"),
            "us-east-1",
            "roles:\n  - {name: ra}\n  - {name: elsewhere, path: /teams/}\nassociations:\n  - {namespace: team-a, serviceAccount: app, role: ra}\n",
        ),
    );
    let (code, out, err) = case.run(&["apply", "-f", &file, "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("role elsewhere is created with path /teams/, outside /epi/m/"),
        "{err}"
    );
    let iam = case.bed.iam();
    let path = |role: &str| {
        case.bed.block_on(async {
            let out = iam.get_role().role_name(role).send().await.unwrap();
            out.role().unwrap().path().to_string()
        })
    };
    assert_eq!(path("ra"), "/epi/m/");
    // The association names the role by its real ARN, path included.
    let eks = case.bed.eks_in("us-east-1");
    let role_arn = case.bed.block_on(async {
        let list = eks
            .list_pod_identity_associations()
            .cluster_name("demo")
            .send()
            .await
            .unwrap();
        let id = list.associations()[0].association_id().unwrap().to_string();
        let out = eks
            .describe_pod_identity_association()
            .cluster_name("demo")
            .association_id(id)
            .send()
            .await
            .unwrap();
        out.association().unwrap().role_arn().unwrap().to_string()
    });
    assert_eq!(role_arn, format!("arn:aws:iam::{ACCOUNT}:role/epi/m/ra"));

    // The attacker copies ra's tags onto a role of their choosing.
    case.bed
        .create_role("admin", &common::testbed::pod_identity_trust());
    let tags = case.role_tags("ra");
    let copied: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    case.bed.tag_role("admin", &copied);

    let empty = case.file(
        "empty.yaml",
        &doc(Some("m"), "us-east-1", "associations: []\n"),
    );
    let (code, out, err) = case.run(&["apply", "-f", &empty, "--prune", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!case.role_exists("ra"), "the stack's own role goes: {err}");
    assert!(case.role_exists("admin"), "{err}");
    assert!(case.role_exists("elsewhere"), "{err}");
    assert!(
        err.contains(
            "role admin is kept: its tags say stack m made it, but its path / is not under /epi/m/"
        ),
        "{err}"
    );
    assert!(
        err.contains("role elsewhere is kept") && err.contains("path /teams/"),
        "{err}"
    );
}

/// Issue #32, item 6: the statements epi writes for a stack's files name the cluster, so the
/// same namespace and service account in another cluster of the account cannot use the role; a
/// statement an earlier epi wrote without the cluster is narrowed by the next apply, unless an
/// association of another cluster relies on it (then it stays, with a note).
#[test]
fn trust_written_for_files_is_scoped_to_the_cluster() {
    use epi::policy::trust::{self, PodIdentityRequest, Verdict};
    let case = Case::new();
    case.bed.create_cluster("demo2");
    let cluster_arn = |name: &str| format!("arn:aws:eks:us-east-1:{ACCOUNT}:cluster/{name}");
    let admits = |role: &str, cluster: &str| {
        let doc = case.bed.trust_policy(role).unwrap();
        let arn = cluster_arn(cluster);
        trust::admits(
            &doc,
            &PodIdentityRequest {
                cluster_name: cluster,
                cluster_arn: &arn,
                namespace: "m",
                service_account: "app",
                session_tags: true,
            },
        ) == Verdict::Admits
    };
    let file = |role: &str| {
        doc(
            Some("m"),
            "us-east-1",
            &format!(
                "roles: [{{name: {role}}}]\nassociations:\n  - {{namespace: m, serviceAccount: app, role: {role}}}\n"
            ),
        )
    };
    let new = case.file("new.yaml", &file("rnew"));
    case.ok(&["apply", "-f", &new, "--yes"]);
    assert!(admits("rnew", "demo") && !admits("rnew", "demo2"));

    // A role of the stack as an earlier epi left it: its statement names no cluster.
    let old_trust = trust::with_pod_identity_statement(
        &serde_json::json!({}),
        &PodIdentityRequest {
            cluster_name: "demo",
            cluster_arn: &cluster_arn("demo"),
            namespace: "m",
            service_account: "app",
            session_tags: true,
        },
    );
    let old_arn = case.bed.create_role_at("/epi/m/", "rold", &old_trust);
    let demo = cluster_arn("demo");
    case.bed.tag_role(
        "rold",
        &[
            ("epi:managed-by", "epi"),
            ("epi:stack", "m"),
            ("epi:cluster-arn", demo.as_str()),
        ],
    );
    assert!(admits("rold", "demo2"));
    // demo2 relies on it: kept, with a note.
    let other = case.bed.create_association("demo2", "m", "app", &old_arn);
    let old = case.file("old.yaml", &file("rold"));
    let (code, out, err) = case.run(&["apply", "-f", &old, "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("relies on that"), "{err}");
    assert!(admits("rold", "demo") && admits("rold", "demo2"));
    // Once demo2 no longer uses it, the next apply narrows it.
    let eks = case.bed.eks_in("us-east-1");
    case.bed.block_on(async {
        eks.delete_pod_identity_association()
            .cluster_name("demo2")
            .association_id(&other)
            .send()
            .await
            .unwrap();
    });
    let (code, out, err) = case.run(&["plan", "-f", &old, "-o", "json"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        changes(&out).contains(&("update".into(), "trust-policy".into(), "rold".into())),
        "{out}"
    );
    case.ok(&["apply", "-f", &old, "--yes"]);
    assert!(admits("rold", "demo") && !admits("rold", "demo2"));
    let (code, out, err) = case.run(&["plan", "-f", &old]);
    assert_eq!(code, 0, "no drift left: {out}{err}");
}

/// Issue #32, item 5: `association update --disable-session-tags --fix-trust
/// --allow-unscoped-trust` on a stack's role leaves a statement with no condition; once the file
/// turns session tags back on, the plan shows its removal and apply takes it out.
#[test]
fn an_unscoped_statement_the_files_do_not_need_is_removed() {
    let case = Case::new();
    let file = case.file(
        "f.yaml",
        &doc(
            Some("m"),
            "us-east-1",
            "roles: [{name: rs}]\nassociations:\n  - {namespace: m, serviceAccount: app, role: rs}\n",
        ),
    );
    case.ok(&["apply", "-f", &file, "--yes"]);
    let id = case.bed.associations("demo")[0]
        .association_id()
        .unwrap()
        .to_string();
    case.ok(&[
        "association",
        "update",
        "--cluster",
        "demo",
        "--region",
        "us-east-1",
        "--id",
        &id,
        "--disable-session-tags",
        "--fix-trust",
        "--allow-unscoped-trust",
    ]);
    let unscoped = |t: &Value| epi::policy::trust::statements_unscoped(t);
    assert!(unscoped(&case.bed.trust_policy("rs").unwrap()));

    let (code, out, err) = case.run(&["plan", "-f", &file, "-o", "json"]);
    assert_eq!(code, 3, "{out}{err}");
    let planned = changes(&out);
    assert!(
        planned.contains(&("update".into(), "association".into(), "demo/m/app".into()))
            && planned.contains(&("update".into(), "trust-policy".into(), "rs".into())),
        "{planned:?}"
    );
    case.ok(&["apply", "-f", &file, "--yes"]);
    let trust = case.bed.trust_policy("rs").unwrap();
    assert!(!unscoped(&trust), "{trust}");
    assert!(
        trust.to_string().contains("kubernetes-service-account"),
        "{trust}"
    );
    let (code, out, err) = case.run(&["plan", "-f", &file, "--prune"]);
    assert_eq!(code, 0, "no drift left: {out}{err}");
}

/// Issue #32, item 2: a role IAM saw used within the last day (RoleLastUsed) may still be in use
/// (pods of a deleted association hold its credentials; anything else that assumes it): prune
/// keeps it and says when and where; one unused for longer goes.
#[test]
fn prune_keeps_a_role_used_within_the_last_day() {
    let case = Case::new();
    let file = case.file(
        "f.yaml",
        &doc(
            Some("m"),
            "us-east-1",
            "roles: [{name: rlu}]\nassociations:\n  - {namespace: m, serviceAccount: app, role: rlu}\n",
        ),
    );
    case.ok(&["apply", "-f", &file, "--yes"]);
    let used = |hours: u64| {
        let at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            - hours * 3600
            - 60;
        let date = aws_sdk_iam::primitives::DateTime::from_secs(at as i64)
            .fmt(aws_sdk_iam::primitives::DateTimeFormat::DateTime)
            .unwrap();
        case.bed.control(
            "POST",
            "/_epi/role-last-used",
            serde_json::json!({"role": "rlu", "date": date, "region": "eu-west-1"}),
        );
    };
    used(2);
    let empty = case.file(
        "empty.yaml",
        &doc(Some("m"), "us-east-1", "associations: []\n"),
    );
    let (code, out, err) = case.run(&["apply", "-f", &empty, "--prune", "--yes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(case.role_exists("rlu"), "{err}");
    assert!(
        err.contains("role rlu is kept: IAM saw it used 2 hour(s) ago in eu-west-1"),
        "{err}"
    );
    used(30);
    case.ok(&["apply", "-f", &empty, "--prune", "--yes"]);
    assert!(!case.role_exists("rlu"));
}

#[test]
fn a_role_left_by_a_run_is_found_and_pruned() {
    let case = Case::new();
    let file = case.file("a.yaml", &doc(Some("team-a"), "us-east-1", A_BODY));
    case.ok(&["apply", "-f", &file, "--yes"]);
    // The association goes behind epi's back (as a run killed between DeleteAssociation and
    // DeleteRole leaves it): nothing leads to the role any longer but its stack tag.
    let eks = case.bed.eks();
    let id = case.bed.associations("demo")[0]
        .association_id()
        .unwrap()
        .to_string();
    case.bed.block_on(async {
        eks.delete_pod_identity_association()
            .cluster_name("demo")
            .association_id(&id)
            .send()
            .await
            .unwrap()
    });
    let empty = case.file(
        "empty.yaml",
        &doc(Some("team-a"), "us-east-1", "associations: []\n"),
    );
    let (code, out, err) = case.run(&["plan", "-f", &empty, "--prune", "-o", "json"]);
    assert_eq!(code, 3, "{out}{err}");
    assert!(
        changes(&out).contains(&("delete".into(), "role".into(), "ra".into())),
        "{out}"
    );
    case.ok(&["apply", "-f", &empty, "--prune", "--yes"]);
    assert!(!case.role_exists("ra"));
    let (code, out, err) = case.run(&["plan", "-f", &empty, "--prune"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_removed_association_takes_its_trust_statement_with_it() {
    let case = Case::new();
    let two = "roles: [{name: reports-reader}]\nassociations:\n  - {namespace: billing, serviceAccount: reports, role: reports-reader}\n  - {namespace: finance, serviceAccount: ledger, role: reports-reader}\n";
    let one = "roles: [{name: reports-reader}]\nassociations:\n  - {namespace: finance, serviceAccount: ledger, role: reports-reader}\n";
    let file = case.file("f.yaml", &doc(Some("fin"), "us-east-1", two));
    case.ok(&["apply", "-f", &file, "--yes"]);
    let trust = case.bed.trust_policy("reports-reader").unwrap().to_string();
    assert!(trust.contains("billing"), "{trust}");
    let smaller = case.file("g.yaml", &doc(Some("fin"), "us-east-1", one));
    case.ok(&["apply", "-f", &smaller, "--prune", "--yes"]);
    assert_eq!(case.live(), vec!["finance/ledger"]);
    let trust = case.bed.trust_policy("reports-reader").unwrap().to_string();
    assert!(!trust.contains("billing"), "{trust}");
    assert!(
        trust.contains("finance") && trust.contains("ledger"),
        "{trust}"
    );
    let (code, out, err) = case.run(&["plan", "-f", &smaller, "--prune"]);
    assert_eq!(code, 0, "{out}{err}");

    // A statement left behind (drift) is shown and removed; one epi did not write is kept.
    let mut drifted = case.bed.trust_policy("reports-reader").unwrap();
    let statements = drifted["Statement"].as_array_mut().unwrap();
    let mut extra = statements[0].clone();
    extra["Sid"] = Value::String("AllowEksAuthToAssumeRoleForPodIdentity7".into());
    extra["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-namespace"] = "old".into();
    extra["Condition"]["StringEquals"]["aws:RequestTag/kubernetes-service-account"] = "gone".into();
    let mut theirs = extra.clone();
    theirs["Sid"] = Value::String("HandWritten".into());
    statements.push(extra);
    statements.push(theirs);
    let iam = case.bed.iam();
    case.bed.block_on(async {
        iam.update_assume_role_policy()
            .role_name("reports-reader")
            .policy_document(drifted.to_string())
            .send()
            .await
            .unwrap()
    });
    let (code, out, err) = case.run(&["plan", "-f", &smaller, "-o", "json"]);
    assert_eq!(code, 3, "{out}{err}");
    assert_eq!(
        changes(&out),
        vec![(
            "update".into(),
            "trust-policy".into(),
            "reports-reader".into()
        )]
    );
    case.ok(&["apply", "-f", &smaller, "--yes"]);
    let trust = case.bed.trust_policy("reports-reader").unwrap();
    let sids: Vec<&str> = trust["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["Sid"].as_str())
        .collect();
    assert!(sids.contains(&"HandWritten"), "{trust}");
    assert_eq!(
        epi::policy::trust::epi_pairs(&trust),
        vec![("finance".to_string(), "ledger".to_string())],
        "{trust}"
    );
}

#[test]
fn a_saved_plan_applies_exactly_what_was_reviewed_or_nothing() {
    let case = Case::new();
    case.bed
        .create_role("other", &common::testbed::pod_identity_trust());
    let file = case.file("a.yaml", &doc(Some("team-a"), "us-east-1", A_BODY));
    let plan = case.dir.path().join("plan.json").display().to_string();
    let (code, out, err) = case.run(&["plan", "-f", &file, "--out", &plan, "-o", "json"]);
    assert_eq!(code, 3, "{err}");
    let digest = json(&out)["digest"].as_str().unwrap().to_string();
    assert!(
        digest.starts_with("sha256:") && digest.len() == 71,
        "{digest}"
    );
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(saved["digest"], digest.as_str());

    // Tampering with the typed changes (another role, a `*` policy, another cluster) is refused.
    let mut evil = saved.clone();
    let text = evil["clusters"][0]["plan"].to_string();
    let text = text
        .replace("role/ra\"", "role/other\"")
        .replace("s3:GetObject", "*");
    evil["clusters"][0]["plan"] = serde_json::from_str(&text).unwrap();
    let evil_path = case.file("evil.json", &evil.to_string());
    let (code, _, err) = case.run(&["apply", "--plan", &evil_path, "--yes"]);
    // Exit 2, as docs/commands.md says: an edited plan file is bad input (it was 1 before #32).
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("edited"), "{err}");
    // Editing only the readable view (what a reviewer reads) is refused too (#32 item 8).
    let mut view_edited = saved.clone();
    view_edited["clusters"][0]["changes"] = serde_json::json!([]);
    let (code, _, err) = case.run(&[
        "apply",
        "--plan",
        &case.file("view.json", &view_edited.to_string()),
        "--yes",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("readable changes"), "{err}");
    assert!(case.live().is_empty() && !case.role_exists("ra"));
    // ... even with the digest recomputed by hand: the files plan again to other changes.
    evil["digest"] = Value::String(
        "sha256:0000000000000000000000000000000000000000000000000000000000000000".into(),
    );
    let (code, _, _) = case.run(&[
        "apply",
        "--plan",
        &case.file("evil2.json", &evil.to_string()),
        "--yes",
    ]);
    assert_ne!(code, 0);
    assert!(case.live().is_empty(), "nothing was changed");
    assert!(!case.role_exists("ra"));

    // A digest other than the reviewed one is refused.
    let (code, _, err) = case.run(&[
        "apply",
        "--plan",
        &plan,
        "--yes",
        "--expect-digest",
        "sha256:1111111111111111111111111111111111111111111111111111111111111111",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not the plan that was reviewed"), "{err}");
    // It says the digest does not match, not that the value is invalid (#33 item 4).
    assert!(
        err.contains("the digest does not match") && !err.contains("invalid --expect-digest"),
        "{err}"
    );

    // The live state moving on so that the plan differs is refused, nothing changed.
    let other = format!("arn:aws:iam::{ACCOUNT}:role/other");
    let id = case.bed.create_association("demo", "team-a", "app", &other);
    let (code, _, err) = case.run(&[
        "apply",
        "--plan",
        &plan,
        "--yes",
        "--expect-digest",
        &digest,
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("changed since the plan"), "{err}");
    // ... and which changes are new or gone (#33 item 4).
    assert!(err.contains("new: ") || err.contains("gone: "), "{err}");
    assert!(!case.role_exists("ra"));
    let eks = case.bed.eks();
    case.bed.block_on(async {
        eks.delete_pod_identity_association()
            .cluster_name("demo")
            .association_id(&id)
            .send()
            .await
            .unwrap()
    });

    // An unrelated change elsewhere in the cluster does not matter; the reviewed plan applies.
    case.bed.create_association("demo", "late", "comer", &other);
    let (code, out, err) = case.run(&[
        "apply",
        "--plan",
        &plan,
        "--yes",
        "--expect-digest",
        &digest,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(case.live(), vec!["late/comer", "team-a/app"]);
    assert!(case.role_exists("ra"));
}

#[test]
fn every_entry_of_a_directory_is_read_or_refused() {
    let case = Case::new();
    let dir = case.dir.path().join("d");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.YAML"), doc(Some("s"), "us-east-1", A_BODY)).unwrap();
    std::fs::write(dir.join("README.md"), "not a config").unwrap();
    let d = dir.display().to_string();
    let (code, out, err) = case.run(&["plan", "-f", &d, "-o", "json"]);
    assert_eq!(code, 3, "an upper-case extension is read: {out}{err}");
    assert!(changes(&out).contains(&("create".into(), "role".into(), "ra".into())));
    let (_, _, err) = case.run(&["plan", "-f", &d, "-v"]);
    assert!(err.contains("README.md"), "-v lists what is skipped: {err}");

    std::os::unix::fs::symlink(dir.join("missing.yaml"), dir.join("b.yaml")).unwrap();
    let (code, _, err) = case.run(&["plan", "-f", &d, "--prune"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("b.yaml"), "{err}");
    std::fs::remove_file(dir.join("b.yaml")).unwrap();

    let fifo = dir.join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (code, _, err) = case.run(&["plan", "-f", &d]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pipe"), "{err}");
}

#[test]
fn a_document_for_another_account_is_refused() {
    let case = Case::new();
    let file = case.file(
        "a.yaml",
        &format!(
            "account: '999999999999'\n{}",
            doc(Some("s"), "us-east-1", A_BODY)
        ),
    );
    let (code, _, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("999999999999") && err.contains(ACCOUNT),
        "{err}"
    );
    let file = case.file(
        "b.yaml",
        &format!(
            "account: '{ACCOUNT}'\n{}",
            doc(Some("s"), "us-east-1", A_BODY)
        ),
    );
    let (code, _, err) = case.run(&["plan", "-f", &file]);
    assert_eq!(code, 3, "{err}");
}

fn hcl2(case: &Case, text: &str) -> Value {
    common::hcl2(&case.file("main.tf", text))
}

#[test]
fn terraform_names_are_unique_and_every_value_is_valid_hcl() {
    let case = Case::new();
    case.bed.create_cluster("demo-x");
    let role = case
        .bed
        .create_role("r", &common::testbed::pod_identity_trust());
    for (cluster, ns, sa) in [
        ("demo", "a", "b-c"),
        ("demo", "a", "b-c-2"),
        ("demo", "a-b", "c"),
        ("demo", "x-web", "app"),
        ("demo-x", "web", "app"),
    ] {
        case.bed.create_association(cluster, ns, sa, &role);
    }
    // A tag value with every escape JSON has and HCL does not.
    let arn = case.bed.associations("demo")[0]
        .association_arn()
        .unwrap()
        .to_string();
    let eks = case.bed.eks();
    case.bed.block_on(async {
        eks.tag_resource()
            .resource_arn(&arn)
            .tags("note", "a\u{8}b\u{c}c\"d\\e${f}")
            .send()
            .await
            .unwrap()
    });
    let out = case.ok(&["export", "--all-clusters", "--format", "terraform"]);
    assert!(out.contains("required_providers"), "{out}");
    let hcl = hcl2(&case, &out);
    let mut names: Vec<String> = hcl["resource"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            // python-hcl2 keeps the quotes of block labels.
            r["\"aws_eks_pod_identity_association\""]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(names.len(), 5, "{out}");
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 5, "every name is unique: {names:?}\n{out}");
    // HCL has no \b or \f escape (JSON has): they are written \uNNNN, and `${` is doubled.
    assert!(out.contains(r#""a\u0008b\u000cc\"d\\e$${f}""#), "{out}");
    let providers = hcl["terraform"][0]["required_providers"].to_string();
    assert!(
        providers.contains("hashicorp/aws") && providers.contains(">= 5.29.0"),
        "{providers}"
    );
    // The same names every time.
    assert_eq!(
        out,
        case.ok(&["export", "--all-clusters", "--format", "terraform"])
    );
}

#[test]
fn an_epi_export_names_its_account_and_plans_back_as_no_change() {
    let case = Case::new();
    let role = case
        .bed
        .create_role("r", &common::testbed::pod_identity_trust());
    case.bed.create_association("demo", "a", "app", &role);
    let out = case.ok(&["export", "--cluster", "demo"]);
    assert!(
        out.contains(&format!("account: '{ACCOUNT}'"))
            || out.contains(&format!("account: \"{ACCOUNT}\"")),
        "{out}"
    );
    let file = case.file("demo.yaml", &out);
    case.ok(&["plan", "-f", &file]);
    let other = case.file("other.yaml", &out.replace(ACCOUNT, "999999999999"));
    let (code, _, err) = case.run(&["plan", "-f", &other]);
    assert_eq!(code, 2, "{err}");
}

/// Two `epi apply` runs sharing a role, one of whose trust writes lands 3 s late carrying the
/// document it read before the other run wrote (a throttled retry, or IAM's eventual
/// consistency). IAM has no conditional write, so the late write replaces the other run's
/// statement after that run read it back; the end-of-run check after the settle delay finds it
/// gone and writes it again.
#[test]
fn two_applies_sharing_a_role_both_keep_their_statement() {
    let run = |settle: &str| {
        let case = Case::new();
        case.bed.create_role(
            "shared",
            &serde_json::json!({"Version": "2012-10-17", "Statement": [{"Sid": "Ec2", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
        );
        let file = |name: &str, ns: &str, sa: &str| {
            case.file(
                name,
                &doc(
                    None,
                    "us-east-1",
                    &format!("roles: [{{name: shared}}]\nassociations:\n  - {{namespace: {ns}, serviceAccount: {sa}, role: shared}}\n"),
                ),
            )
        };
        let a = file("a.yaml", "shop", "cart");
        let b = file("b.yaml", "shop", "pay");
        let proxy = common::proxy::Proxy::start(
            case.bed.port,
            &[
                "--hold-match",
                "UpdateAssumeRolePolicy",
                "--hold-ms",
                "3000",
            ],
        );
        let spawn = |file: &str, endpoint: String| {
            case.bed
                .epi_std()
                .args(["apply", "-f", file, "--yes"])
                .env("AWS_ENDPOINT_URL", endpoint)
                .env("EPI_SETTLE_DELAY", settle)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let late = spawn(&a, proxy.url());
        std::thread::sleep(std::time::Duration::from_millis(300));
        let prompt = spawn(&b, case.bed.endpoint.clone());
        let mut codes = Vec::new();
        for child in [late, prompt] {
            let out = child.wait_with_output().unwrap();
            codes.push((
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).to_string(),
            ));
        }
        let trust = case.bed.trust_policy("shared").unwrap();
        let pairs = epi::policy::trust::epi_pairs(&trust);
        (codes, pairs, trust)
    };
    // With no wait the end-of-run check ran before the late write landed, and one statement was
    // lost with both runs exiting 0 (the defect this test was written for). Since #32 item 7 the
    // second run waits for the first's lease, held while its write is in flight: both stay even
    // with no settle wait (behaviour change of this assertion: the race is gone, not reproduced).
    let (codes, pairs, trust) = run("0");
    assert!(codes.iter().all(|(c, _)| *c == Some(0)), "{codes:?}");
    assert!(
        pairs.contains(&("shop".into(), "pay".into()))
            && pairs.contains(&("shop".into(), "cart".into())),
        "the lease keeps both: {trust}"
    );
    let (codes, pairs, trust) = run("8");
    for (code, err) in &codes {
        assert_eq!(*code, Some(0), "{err}");
    }
    assert!(
        pairs.contains(&("shop".into(), "cart".into()))
            && pairs.contains(&("shop".into(), "pay".into())),
        "both statements are there: {trust}"
    );
    assert!(trust.to_string().contains("ec2.amazonaws.com"), "{trust}");
    // The lease kept the race from happening, so neither run had anything to restore; the
    // settle check's restore is tested against a writer that takes no lease, below.
    assert!(
        codes
            .iter()
            .all(|(_, err)| !err.contains("another writer replaced")),
        "{codes:?}"
    );
}

/// A writer that is not epi (it takes no lease) puts back the trust policy it read before an
/// `apply` wrote its statement, after that run read it back: the end-of-run check after the
/// settle delay finds the statement gone and writes it again.
#[test]
fn a_foreign_late_write_is_restored_after_the_settle_delay() {
    let case = Case::new();
    case.bed.create_role(
        "shared",
        &serde_json::json!({"Version": "2012-10-17", "Statement": [{"Sid": "Ec2", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    );
    let before = case.bed.trust_policy("shared").unwrap();
    let file = case.file(
        "b.yaml",
        &doc(
            None,
            "us-east-1",
            "roles: [{name: shared}]\nassociations:\n  - {namespace: shop, serviceAccount: pay, role: shared}\n",
        ),
    );
    let run = common::Watched::start(
        case.bed
            .epi_std()
            .args(["apply", "-f", &file, "--yes"])
            .env("EPI_SETTLE_DELAY", "6"),
    );
    run.wait_for("waiting 6 s");
    // The late write of the old document, as a slow or retried writer would make it.
    case.bed
        .block_on(
            case.bed
                .iam()
                .update_assume_role_policy()
                .role_name("shared")
                .policy_document(before.to_string())
                .send(),
        )
        .unwrap();
    let (code, err) = run.finish();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("another writer replaced"), "{err}");
    let trust = case.bed.trust_policy("shared").unwrap();
    assert!(
        epi::policy::trust::epi_pairs(&trust).contains(&("shop".into(), "pay".into())),
        "{trust}"
    );
    assert!(trust.to_string().contains("ec2.amazonaws.com"), "{trust}");
}

const SWEEP_FULL: &str = "roles:\n  - name: keep\n  - name: gone-a\n    inlinePolicies:\n      read: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}\n    managedPolicies: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]\n  - name: gone-b\nassociations:\n  - {namespace: a, serviceAccount: keep, role: keep}\n  - {namespace: a, serviceAccount: x, role: gone-a}\n  - {namespace: b, serviceAccount: y, role: gone-b}\n  - {namespace: b, serviceAccount: z, role: keep}\n";
const SWEEP_SMALL: &str =
    "roles:\n  - name: keep\nassociations:\n  - {namespace: a, serviceAccount: keep, role: keep}\n";

/// Roles tagged with the stack that neither a file names nor an association uses.
fn orphans(case: &Case, stack: &str) -> Vec<String> {
    let iam = case.bed.iam();
    let names: Vec<String> = case.bed.block_on(async {
        iam.list_roles()
            .send()
            .await
            .unwrap()
            .roles()
            .iter()
            .map(|r| r.role_name().to_string())
            .collect()
    });
    let used: Vec<String> = case
        .bed
        .associations("demo")
        .iter()
        .map(|a| {
            a.role_arn()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    names
        .into_iter()
        .filter(|n| {
            case.role_tags(n).get("epi:stack").map(String::as_str) == Some(stack)
                && n != "keep"
                && !used.contains(n)
        })
        .collect()
}

/// `apply --prune` killed (SIGKILL) after each AWS call: the re-run converges, and no role of the
/// stack is left that nothing names or uses (a role whose association went first is found by
/// its stack tag; a role half deleted is finished).
#[test]
fn prune_killed_at_any_call_converges_with_no_orphan() {
    for n in 1u64.. {
        let case = Case::new();
        let full = case.file("full.yaml", &doc(Some("sweep"), "us-east-1", SWEEP_FULL));
        let small = case.file("small.yaml", &doc(Some("sweep"), "us-east-1", SWEEP_SMALL));
        case.ok(&["apply", "-f", &full, "--yes"]);
        let finished = case.bed.run_killed_after(
            n,
            &[
                "apply",
                "-f",
                &small,
                "--prune",
                "--yes",
                "--concurrency",
                "1",
            ],
        );
        match finished {
            None => {
                let (code, out, err) = case.run(&["apply", "-f", &small, "--prune", "--yes"]);
                assert_eq!(code, 0, "killed after call {n}, the re-run: {out}{err}");
            }
            Some(status) => {
                assert!(status.success());
                assert!(n > 20, "the prune needed only {} AWS calls", n - 1);
            }
        }
        assert_eq!(case.live(), vec!["a/keep"], "after call {n}");
        assert!(
            orphans(&case, "sweep").is_empty(),
            "after call {n}: {:?}",
            orphans(&case, "sweep")
        );
        assert!(!case.role_exists("gone-a") && !case.role_exists("gone-b"));
        let trust = case.bed.trust_policy("keep").unwrap();
        assert_eq!(
            epi::policy::trust::epi_pairs(&trust),
            vec![("a".to_string(), "keep".to_string())],
            "after call {n}: {trust}"
        );
        let (code, out, err) = case.run(&["plan", "-f", &small, "--prune"]);
        assert_eq!(code, 0, "after call {n}, the plan: {out}{err}");
        if finished.is_some() {
            break;
        }
    }
}

/// A cluster two stacks and a hand-made association share exports as one document per stack
/// (and one without), which plans back as no change; files of two stacks for one cluster are
/// planned apart, and may not both name one association.
#[test]
fn an_export_of_two_stacks_plans_back_as_no_change() {
    let case = Case::new();
    let a = case.file("a.yaml", &doc(Some("team-a"), "us-east-1", A_BODY));
    let b = case.file("b.yaml", &doc(Some("team-b"), "us-east-1", B_BODY));
    case.ok(&["apply", "-f", &a, "--yes"]);
    case.ok(&["apply", "-f", &b, "--yes"]);
    let role = case
        .bed
        .create_role("hand", &common::testbed::pod_identity_trust());
    case.bed.create_association("demo", "other", "svc", &role);
    let out = case.ok(&["export", "--cluster", "demo"]);
    assert!(
        out.contains("stack: team-a") && out.contains("stack: team-b"),
        "{out}"
    );
    let exported = case.file("export.yaml", &out);
    let (code, plan, err) = case.run(&["plan", "-f", &exported, "--prune"]);
    assert_eq!(
        code, 2,
        "the hand-made association's document has no stack: {plan}{err}"
    );
    let (code, plan, err) = case.run(&["plan", "-f", &exported]);
    assert_eq!(code, 0, "{plan}{err}");
    // Both stacks' files in one run are planned apart: nothing to change.
    let (code, plan, err) = case.run(&["plan", "-f", &a, "-f", &b, "--prune"]);
    assert_eq!(code, 0, "{plan}{err}");
    let both = case.file(
        "both.yaml",
        &doc(
            Some("team-b"),
            "us-east-1",
            "associations:\n  - {namespace: team-a, serviceAccount: app, roleArn: 'arn:aws:iam::000000000000:role/ra'}\n",
        ),
    );
    let (code, _, err) = case.run(&["plan", "-f", &a, "-f", &both]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("team-a/app"), "{err}");
}
