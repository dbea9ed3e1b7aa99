//! `epi access diff`'s evaluation alone, in process (issue #35): 500 service accounts over 200
//! roles of 10 statements each, every role's policy changed (one statement widened, one added),
//! both states evaluated for every request the statements name (target: under 2 s), and the
//! same at 10x the statements per role (linear in the input: the ratio is printed). The AWS
//! reads are the plan's, measured by scripts/bench. A benchmark that prints figures, not a test:
//! `cargo bench --bench access_diff`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use epi::policy::access::{AssociationFacts, RoleFacts};
use epi::policy::diff::{Side, diff};
use serde_json::{Value, json};

const ACCOUNTS: usize = 500;
const ROLES: usize = 200;
const TARGET: Duration = Duration::from_secs(2);

/// A role of `statements` statements on S3, SQS and DynamoDB, each on its own prefix; `after`
/// widens one to the whole bucket and adds a write.
fn role(i: usize, statements: usize, after: bool) -> RoleFacts {
    let actions = [
        "s3:GetObject",
        "s3:PutObject",
        "sqs:SendMessage",
        "sqs:ReceiveMessage",
        "dynamodb:GetItem",
        "dynamodb:Query",
        "s3:List*",
        "kms:Decrypt",
    ];
    let mut list: Vec<Value> = (0..statements)
        .map(|s| {
            let action = actions[s % actions.len()];
            let resource = match action.split(':').next().unwrap() {
                "s3" => format!(
                    "arn:aws:s3:::data-{i}/${{aws:PrincipalTag/kubernetes-namespace}}/{s}/*"
                ),
                "sqs" => format!("arn:aws:sqs:us-east-1:111122223333:queue-{i}-{s}"),
                "dynamodb" => format!("arn:aws:dynamodb:us-east-1:111122223333:table/t-{i}-{s}"),
                _ => format!("arn:aws:kms:us-east-1:111122223333:key/k-{i}-{s}"),
            };
            json!({"Sid": format!("S{s}"), "Effect": "Allow", "Action": action, "Resource": resource})
        })
        .collect();
    if after {
        list[0]["Resource"] = json!(format!("arn:aws:s3:::data-{i}/*"));
        list.push(
            json!({"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject",
            "Resource": format!("arn:aws:s3:::data-{i}/*")}),
        );
    }
    RoleFacts {
        arn: format!("arn:aws:iam::111122223333:role/r-{i}"),
        trust_policy: json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Principal": {"Service": "pods.eks.amazonaws.com"},
            "Action": ["sts:AssumeRole", "sts:TagSession"]}]}),
        tags: BTreeMap::new(),
        policies: vec![(
            "inline:data".into(),
            Some(json!({"Version": "2012-10-17", "Statement": list})),
        )],
        boundary: None,
    }
}

fn facts(n: usize) -> AssociationFacts {
    AssociationFacts {
        association_id: Some(format!("a-{n}")),
        cluster_name: "prod".into(),
        cluster_arn: "arn:aws:eks:us-east-1:111122223333:cluster/prod".into(),
        region: "us-east-1".into(),
        account: "111122223333".into(),
        namespace: format!("ns-{}", n / 5),
        service_account: format!("sa-{n}"),
        role_arn: format!("arn:aws:iam::111122223333:role/r-{}", n % ROLES),
        target_role_arn: None,
        disable_session_tags: false,
        external_id: Some("x".into()),
        external_id_pending: false,
        session_policy: None,
    }
}

/// Seconds to diff every service account, and the gains found.
fn run(statements: usize) -> (f64, usize) {
    let before: Vec<RoleFacts> = (0..ROLES).map(|i| role(i, statements, false)).collect();
    let after: Vec<RoleFacts> = (0..ROLES).map(|i| role(i, statements, true)).collect();
    let all: Vec<AssociationFacts> = (0..ACCOUNTS).map(facts).collect();
    let start = Instant::now();
    let mut gains = 0;
    for f in &all {
        let i = f
            .role_arn
            .rsplit('-')
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap();
        let d = diff(
            Some(Side {
                facts: f,
                role: Some(&before[i]),
                target: None,
            }),
            Some(Side {
                facts: f,
                role: Some(&after[i]),
                target: None,
            }),
            &|_| None,
        );
        gains += d.gains.len();
    }
    (start.elapsed().as_secs_f64(), gains)
}

fn main() {
    println!("{ACCOUNTS} service accounts over {ROLES} roles, every role changed");
    let (small, gains) = run(10);
    println!(
        "10 statements a role:  {small:.3} s ({gains} gains)  target < {} s: {}",
        TARGET.as_secs(),
        if small < TARGET.as_secs_f64() {
            "met"
        } else {
            "MISSED"
        }
    );
    let (large, gains) = run(100);
    println!(
        "100 statements a role: {large:.3} s ({gains} gains)  10x the statements took {:.1}x the time (linear: under 12x)",
        large / small
    );
}
