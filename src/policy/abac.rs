//! ABAC permission-policy templates: one policy serves every workload, because the resources it
//! grants are named by the session tags EKS Pod Identity attaches (`${aws:PrincipalTag/...}`).
//!
//! Separators are chosen so that one workload's resources can never match another's: '/' and '_'
//! cannot occur in Kubernetes namespace or service-account names, so `team/` can never be a prefix
//! of `team-b/`'s keys the way `team-` would be of `team-b-`.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::validate::{arn::PARTITIONS, names};

use super::document::{PolicyDocument, Statement};
use super::limits;
use super::tags::{self, principal_tag_var};

/// Whose resources a policy grants: the session tags the resource name is built from. Every
/// template gives a scope the same meaning: `namespace` and `service-account` are shared by the
/// namespaces (service accounts) of the same name in every cluster that uses the role;
/// `cluster-namespace` and `cluster-service-account` keep each cluster's apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// One share per cluster (`eks-cluster-name`).
    Cluster,
    /// One share per namespace name, across clusters (`kubernetes-namespace`).
    #[default]
    Namespace,
    /// One share per service account, across clusters (`kubernetes-namespace` +
    /// `kubernetes-service-account`).
    ServiceAccount,
    /// One share per namespace of each cluster (`eks-cluster-name` + `kubernetes-namespace`).
    ClusterNamespace,
    /// One share per service account of each cluster (all three tags).
    ClusterServiceAccount,
}

impl Scope {
    /// Every scope, in the order the command line and docs list them.
    pub const ALL: [Scope; 5] = [
        Scope::Cluster,
        Scope::Namespace,
        Scope::ServiceAccount,
        Scope::ClusterNamespace,
        Scope::ClusterServiceAccount,
    ];

    /// The scope's name, as the files and `--scope` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Cluster => "cluster",
            Scope::Namespace => "namespace",
            Scope::ServiceAccount => "service-account",
            Scope::ClusterNamespace => "cluster-namespace",
            Scope::ClusterServiceAccount => "cluster-service-account",
        }
    }

    /// The scope of a name, if it is one.
    pub fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The session tags that name a share, outermost first.
    pub fn tags(self) -> &'static [&'static str] {
        match self {
            Scope::Cluster => &[tags::CLUSTER_NAME],
            Scope::Namespace => &[tags::NAMESPACE],
            Scope::ServiceAccount => &[tags::NAMESPACE, tags::SERVICE_ACCOUNT],
            Scope::ClusterNamespace => &[tags::CLUSTER_NAME, tags::NAMESPACE],
            Scope::ClusterServiceAccount => {
                &[tags::CLUSTER_NAME, tags::NAMESPACE, tags::SERVICE_ACCOUNT]
            }
        }
    }

    /// Whether the share is named with the cluster's name (which may contain '_').
    fn has_cluster(self) -> bool {
        self.tags().contains(&tags::CLUSTER_NAME)
    }
}

/// A template name and what it grants, for `epi policy abac --list`.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct TemplateInfo {
    pub name: &'static str,
    pub description: &'static str,
}

pub const TEMPLATES: &[TemplateInfo] = &[
    TemplateInfo {
        name: "s3-prefix",
        description: "S3 objects under a key prefix named by the scope (NAMESPACE/, CLUSTER/NAMESPACE/, …), listing limited to that prefix",
    },
    TemplateInfo {
        name: "dynamodb",
        description: "DynamoDB items whose partition key equals the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT (dynamodb:LeadingKeys)",
    },
    TemplateInfo {
        name: "secrets-manager",
        description: "Secrets Manager secrets whose resource tags match the caller's session tags",
    },
    TemplateInfo {
        name: "ssm-parameters",
        description: "SSM parameters under a path named by the scope: /NAMESPACE, /CLUSTER/NAMESPACE, /NAMESPACE/SERVICE_ACCOUNT, …",
    },
    TemplateInfo {
        name: "sqs",
        description: "SQS queues whose name starts with NAMESPACE_ (or NAMESPACE_SERVICE_ACCOUNT_)",
    },
];

/// Where the generated ARNs live. Region and account may be `*` when the user asks for it.
#[derive(Clone, Debug)]
pub struct Location {
    pub partition: String,
    pub region: Option<String>,
    pub account: Option<String>,
}

impl Default for Location {
    fn default() -> Self {
        Location {
            partition: "aws".into(),
            region: None,
            account: None,
        }
    }
}

impl Location {
    fn validate(&self) -> Result<()> {
        if !PARTITIONS.contains(&self.partition.as_str()) {
            return Err(Error::invalid(
                "partition",
                self.partition.as_str(),
                "it is not an AWS partition",
            )
            .with_hint(format!("give one of: {}", PARTITIONS.join(", "))));
        }
        if let Some(region) = &self.region {
            names::region_or_wildcard(region)?;
            let of_region = names::partition_of_region(region);
            if region != "*" && of_region != self.partition {
                return Err(Error::invalid(
                    "region",
                    region.as_str(),
                    format!("it is in partition {of_region:?}, but --partition is {:?}: the ARNs could never match", self.partition),
                )
                .with_hint(format!("give --partition {of_region}, or a region of partition {}", self.partition)));
            }
        }
        if let Some(account) = &self.account {
            names::account_or_wildcard(account)?;
        }
        Ok(())
    }

    fn region(&self, template: &str) -> Result<&str> {
        self.region.as_deref().ok_or_else(|| {
            Error::usage(
                format!("the {template} template needs --region"),
                "give the region of the resources, e.g. --region us-east-1, or --region '*' for every region",
            )
        })
    }

    fn account(&self, template: &str) -> Result<&str> {
        self.account.as_deref().ok_or_else(|| {
            Error::usage(
                format!("the {template} template needs --account"),
                "give the 12-digit account id of the resources, or --account '*' for any account",
            )
        })
    }
}

/// A template with its parameters.
#[derive(Clone, Debug)]
pub enum Template {
    S3Prefix {
        bucket: String,
        scope: Scope,
        read_only: bool,
        prefix: Option<String>,
    },
    DynamoDb {
        table: String,
        scope: Scope,
        read_only: bool,
    },
    SecretsManager {
        scope: Scope,
    },
    SsmParameters {
        path: Option<String>,
        scope: Scope,
        read_only: bool,
    },
    Sqs {
        scope: Scope,
    },
}

/// A template's options as the command line and the declarative file give them.
#[derive(Clone, Debug, Default)]
pub struct TemplateOptions {
    pub bucket: Option<String>,
    pub prefix: Option<String>,
    pub table: Option<String>,
    pub path: Option<String>,
    pub scope: Scope,
    pub read_only: bool,
}

impl Template {
    /// The template `name` with its options. For the message when a needed option is missing,
    /// `subject` names the template and `key` an option as the caller spells them
    /// (`--abac-template s3-prefix` and `--abac-bucket`, or a file's `bucket:`).
    pub fn from_options(
        name: &str,
        o: &TemplateOptions,
        subject: &str,
        key: impl Fn(&str) -> String,
    ) -> Result<Template> {
        let need = |value: &Option<String>, option: &str| {
            value.clone().ok_or_else(|| {
                Error::usage(
                    format!("{subject} needs {}", key(option)),
                    format!("add {}", key(option)),
                )
            })
        };
        Ok(match name {
            "s3-prefix" => Template::S3Prefix {
                bucket: need(&o.bucket, "bucket")?,
                scope: o.scope,
                read_only: o.read_only,
                prefix: o.prefix.clone(),
            },
            "dynamodb" => Template::DynamoDb {
                table: need(&o.table, "table")?,
                scope: o.scope,
                read_only: o.read_only,
            },
            "secrets-manager" => Template::SecretsManager { scope: o.scope },
            "ssm-parameters" => Template::SsmParameters {
                path: o.path.clone(),
                scope: o.scope,
                read_only: o.read_only,
            },
            "sqs" => Template::Sqs { scope: o.scope },
            other => {
                let names: Vec<&str> = TEMPLATES.iter().map(|t| t.name).collect();
                let hint = match crate::suggest::nearest(other, &names) {
                    Some(n) => format!("did you mean {n:?}? (the templates: {})", names.join(", ")),
                    None => format!("give one of: {}", names.join(", ")),
                };
                return Err(
                    Error::invalid("ABAC template", other, "there is no such template")
                        .with_hint(hint),
                );
            }
        })
    }
}

/// The scope's session-tag variables joined by SEP: `${cluster}`, `${ns}`, `${ns}SEP${sa}`,
/// `${cluster}SEP${ns}`, …
fn tag_path(scope: Scope, sep: &str) -> String {
    scope
        .tags()
        .iter()
        .map(|t| principal_tag_var(t))
        .collect::<Vec<_>>()
        .join(sep)
}

/// Renders a template into a policy document, checked against IAM's managed-policy size limit.
pub fn render(template: &Template, location: &Location) -> Result<PolicyDocument> {
    location.validate()?;
    let p = &location.partition;
    let statements = match template {
        Template::S3Prefix {
            bucket,
            scope,
            read_only,
            prefix,
        } => s3_prefix(p, bucket, *scope, *read_only, prefix.as_deref())?,
        Template::DynamoDb {
            table,
            scope,
            read_only,
        } => {
            table_name(table)?;
            let (region, account) = (location.region("dynamodb")?, location.account("dynamodb")?);
            let table_arn = format!("arn:{p}:dynamodb:{region}:{account}:table/{table}");
            let mut actions = vec![
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:ConditionCheckItem",
            ];
            if !read_only {
                actions.extend([
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:BatchWriteItem",
                ]);
            }
            vec![
                Statement::allow(
                    "OwnItems",
                    &actions,
                    vec![table_arn.clone(), format!("{table_arn}/index/*")],
                )
                .with_condition(
                    "ForAllValues:StringEquals",
                    "dynamodb:LeadingKeys",
                    vec![tag_path(*scope, "/")],
                ),
            ]
        }
        Template::SecretsManager { scope } => {
            let (region, account) = (
                location.region("secrets-manager")?,
                location.account("secrets-manager")?,
            );
            let keys = scope.tags();
            let mut st = Statement::allow(
                "SecretsTaggedForCaller",
                &[
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret",
                ],
                vec![format!(
                    "arn:{p}:secretsmanager:{region}:{account}:secret:*"
                )],
            );
            for key in keys {
                st = st.with_condition(
                    "StringEquals",
                    &format!("aws:ResourceTag/{key}"),
                    vec![principal_tag_var(key)],
                );
            }
            vec![st]
        }
        Template::SsmParameters {
            path,
            scope,
            read_only,
        } => ssm_parameters(location, path.as_deref(), *scope, *read_only)?,
        Template::Sqs { scope } => {
            if scope.has_cluster() {
                let name = serde_json::to_value(scope)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                return Err(Error::invalid("scope", name, "EKS cluster names may contain '_', so a cluster's queue prefix could match another cluster's queues")
                    .with_hint("use --scope namespace or --scope service-account"));
            }
            let (region, account) = (location.region("sqs")?, location.account("sqs")?);
            vec![Statement::allow(
                "OwnQueues",
                &[
                    "sqs:SendMessage",
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility",
                    "sqs:GetQueueAttributes",
                    "sqs:GetQueueUrl",
                ],
                vec![format!(
                    "arn:{p}:sqs:{region}:{account}:{}_*",
                    tag_path(*scope, "_")
                )],
            )]
        }
    };
    let doc = PolicyDocument::new(statements);
    check_managed_size(&doc)?;
    Ok(doc)
}

/// The S3 prefix template's statements: list the caller's own prefix, and use its objects.
fn s3_prefix(
    p: &str,
    bucket: &str,
    scope: Scope,
    read_only: bool,
    prefix: Option<&str>,
) -> Result<Vec<Statement>> {
    names::bucket_name(bucket)?;
    let base = match prefix {
        Some(prefix) => {
            validate_static_prefix("key prefix", prefix, "teams/")?;
            prefix
        }
        None => "",
    };
    let key_prefix = format!("{base}{}/", tag_path(scope, "/"));
    let mut object_actions = vec!["s3:GetObject"];
    if !read_only {
        object_actions.extend(["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]);
    }
    Ok(vec![
        Statement::allow(
            "ListOwnPrefix",
            &["s3:ListBucket"],
            vec![format!("arn:{p}:s3:::{bucket}")],
        )
        .with_condition(
            "StringLike",
            "s3:prefix",
            vec![key_prefix.clone(), format!("{key_prefix}*")],
        ),
        Statement::allow(
            "OwnObjects",
            &object_actions,
            vec![format!("arn:{p}:s3:::{bucket}/{key_prefix}*")],
        ),
    ])
}

/// The SSM parameters template's statement: the caller's own parameter path.
fn ssm_parameters(
    location: &Location,
    path: Option<&str>,
    scope: Scope,
    read_only: bool,
) -> Result<Vec<Statement>> {
    let p = &location.partition;
    let (region, account) = (
        location.region("ssm-parameters")?,
        location.account("ssm-parameters")?,
    );
    let base = match path {
        Some(path) => {
            let trimmed = path.trim_matches('/');
            if trimmed.is_empty()
                || !trimmed
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c))
                || trimmed.contains("//")
            {
                return Err(Error::invalid(
                    "parameter path",
                    path,
                    "SSM paths are '/'-separated letters, digits, '_', '.' and '-'",
                )
                .with_hint("give a path such as /apps"));
            }
            format!("{trimmed}/")
        }
        None => String::new(),
    };
    let own = tag_path(scope, "/");
    let param = format!("arn:{p}:ssm:{region}:{account}:parameter/{base}{own}");
    let mut actions = vec![
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:GetParametersByPath",
        "ssm:GetParameterHistory",
    ];
    if !read_only {
        actions.extend([
            "ssm:PutParameter",
            "ssm:DeleteParameter",
            "ssm:DeleteParameters",
            "ssm:LabelParameterVersion",
        ]);
    }
    Ok(vec![Statement::allow(
        "OwnParameterPath",
        &actions,
        vec![param.clone(), format!("{param}/*")],
    )])
}

/// A static key prefix: must end with '/', no leading '/', no '*' or '$' (which IAM would read as a
/// wildcard or variable).
pub fn validate_static_prefix(what: &'static str, prefix: &str, example: &str) -> Result<()> {
    let hint = format!("give a prefix that ends with '/', e.g. {example}");
    if !prefix.ends_with('/') {
        return Err(Error::invalid(what, prefix, "it must end with '/'").with_hint(hint));
    }
    if prefix.starts_with('/') {
        return Err(Error::invalid(what, prefix, "S3 keys do not start with '/'").with_hint(hint));
    }
    if let Some(c) = prefix
        .chars()
        .find(|c| matches!(c, '*' | '?' | '$' | '{' | '}') || c.is_control())
    {
        return Err(Error::invalid(
            what,
            prefix,
            format!("'{c}' would be read by IAM as a wildcard or variable"),
        )
        .with_hint(hint));
    }
    Ok(())
}

fn table_name(table: &str) -> Result<()> {
    let ok = (3..=255).contains(&table.len())
        && table
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "table name",
            table,
            "DynamoDB table names are 3-255 letters, digits, '_', '-' and '.'",
        )
        .with_hint("give the table's name as DynamoDB shows it, e.g. orders"))
    }
}

pub(crate) fn check_managed_size(doc: &PolicyDocument) -> Result<()> {
    let size = limits::iam_size(doc);
    if size > limits::MANAGED {
        return Err(Error::TooLarge {
            what: "permission policy",
            size,
            limit: limits::MANAGED,
            limit_name: "managed policies",
            hint: Some("shorten the names, or split the permissions over several policies".into()),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::policy::lint;
    use serde_json::json;

    fn located() -> Location {
        Location {
            partition: "aws".into(),
            region: Some("us-east-1".into()),
            account: Some("111122223333".into()),
        }
    }

    fn all_templates() -> Vec<Template> {
        let mut out = Vec::new();
        for scope in Scope::ALL {
            for read_only in [false, true] {
                out.push(Template::S3Prefix {
                    bucket: "data".into(),
                    scope,
                    read_only,
                    prefix: None,
                });
                out.push(Template::S3Prefix {
                    bucket: "data".into(),
                    scope,
                    read_only,
                    prefix: Some("teams/".into()),
                });
                out.push(Template::DynamoDb {
                    table: "orders".into(),
                    scope,
                    read_only,
                });
                out.push(Template::SsmParameters {
                    path: Some("/apps".into()),
                    scope,
                    read_only,
                });
            }
            out.push(Template::SecretsManager { scope });
            if !scope.has_cluster() {
                out.push(Template::Sqs { scope });
            }
        }
        out
    }

    #[test]
    fn every_template_is_lint_clean_small_and_uses_only_session_tags() {
        for t in all_templates() {
            let doc = render(&t, &located()).unwrap();
            let value = serde_json::to_value(&doc).unwrap();
            let findings = lint::lint(&value);
            assert!(findings.is_empty(), "{t:?}: {findings:?}");
            assert!(limits::iam_size(&doc) <= limits::MANAGED);
            let text = value.to_string();
            for var in text.split("${aws:PrincipalTag/").skip(1) {
                let key = var.split('}').next().unwrap();
                assert!(tags::SESSION_TAGS.contains(&key), "{t:?} uses {key}");
            }
            assert!(text.contains("${aws:PrincipalTag/"), "{t:?} is not ABAC");
        }
    }

    #[test]
    fn s3_prefix_namespace() {
        let doc = render(
            &Template::S3Prefix {
                bucket: "data".into(),
                scope: Scope::Namespace,
                read_only: false,
                prefix: None,
            },
            &Location::default(),
        )
        .unwrap();
        let v = serde_json::to_value(doc).unwrap();
        assert_eq!(v["Statement"][0]["Resource"], json!(["arn:aws:s3:::data"]));
        assert_eq!(
            v["Statement"][0]["Condition"]["StringLike"]["s3:prefix"],
            json!([
                "${aws:PrincipalTag/kubernetes-namespace}/",
                "${aws:PrincipalTag/kubernetes-namespace}/*"
            ])
        );
        assert_eq!(
            v["Statement"][1]["Resource"],
            json!(["arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"])
        );
        assert!(
            v["Statement"][1]["Action"]
                .as_array()
                .unwrap()
                .contains(&json!("s3:PutObject"))
        );
    }

    #[test]
    fn s3_prefix_read_only_has_no_writes() {
        let doc = render(
            &Template::S3Prefix {
                bucket: "data".into(),
                scope: Scope::ServiceAccount,
                read_only: true,
                prefix: None,
            },
            &Location::default(),
        )
        .unwrap();
        let v = serde_json::to_value(doc).unwrap();
        assert_eq!(v["Statement"][1]["Action"], json!(["s3:GetObject"]));
        assert_eq!(
            v["Statement"][1]["Resource"],
            json!([
                "arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/${aws:PrincipalTag/kubernetes-service-account}/*"
            ])
        );
    }

    #[test]
    fn dynamodb_leading_keys() {
        let doc = render(
            &Template::DynamoDb {
                table: "orders".into(),
                scope: Scope::Namespace,
                read_only: false,
            },
            &located(),
        )
        .unwrap();
        let v = serde_json::to_value(doc).unwrap();
        assert_eq!(
            v["Statement"][0]["Condition"]["ForAllValues:StringEquals"]["dynamodb:LeadingKeys"],
            json!(["${aws:PrincipalTag/kubernetes-namespace}"])
        );
        assert_eq!(
            v["Statement"][0]["Resource"][0],
            json!("arn:aws:dynamodb:us-east-1:111122223333:table/orders")
        );
    }

    #[test]
    fn secrets_match_resource_tags() {
        let doc = render(
            &Template::SecretsManager {
                scope: Scope::ServiceAccount,
            },
            &located(),
        )
        .unwrap();
        let v = serde_json::to_value(doc).unwrap();
        let cond = &v["Statement"][0]["Condition"]["StringEquals"];
        assert_eq!(
            cond["aws:ResourceTag/kubernetes-namespace"],
            json!(["${aws:PrincipalTag/kubernetes-namespace}"])
        );
        assert_eq!(
            cond["aws:ResourceTag/kubernetes-service-account"],
            json!(["${aws:PrincipalTag/kubernetes-service-account}"])
        );
    }

    #[test]
    fn ssm_path_per_cluster_and_namespace() {
        // Was --scope namespace before every template gave the scopes one meaning.
        let doc = render(
            &Template::SsmParameters {
                path: None,
                scope: Scope::ClusterNamespace,
                read_only: true,
            },
            &located(),
        )
        .unwrap();
        let v = serde_json::to_value(doc).unwrap();
        assert_eq!(
            v["Statement"][0]["Resource"][0],
            json!(
                "arn:aws:ssm:us-east-1:111122223333:parameter/${aws:PrincipalTag/eks-cluster-name}/${aws:PrincipalTag/kubernetes-namespace}"
            )
        );
    }

    #[test]
    fn scopes_mean_the_same_in_every_template() {
        let cluster_ns =
            "${aws:PrincipalTag/eks-cluster-name}/${aws:PrincipalTag/kubernetes-namespace}";
        let s3 = serde_json::to_value(
            render(
                &Template::S3Prefix {
                    bucket: "data".into(),
                    scope: Scope::ClusterNamespace,
                    read_only: true,
                    prefix: None,
                },
                &located(),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            s3["Statement"][1]["Resource"][0],
            json!(format!("arn:aws:s3:::data/{cluster_ns}/*"))
        );
        let ssm = serde_json::to_value(
            render(
                &Template::SsmParameters {
                    path: None,
                    scope: Scope::Namespace,
                    read_only: true,
                },
                &located(),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            ssm["Statement"][0]["Resource"][0],
            json!(
                "arn:aws:ssm:us-east-1:111122223333:parameter/${aws:PrincipalTag/kubernetes-namespace}"
            )
        );
        assert!(
            render(
                &Template::Sqs {
                    scope: Scope::ClusterNamespace
                },
                &located()
            )
            .is_err()
        );
    }

    #[test]
    fn sqs_queue_prefix() {
        let doc = render(
            &Template::Sqs {
                scope: Scope::Namespace,
            },
            &located(),
        )
        .unwrap();
        let v = serde_json::to_value(doc).unwrap();
        assert_eq!(
            v["Statement"][0]["Resource"][0],
            json!("arn:aws:sqs:us-east-1:111122223333:${aws:PrincipalTag/kubernetes-namespace}_*")
        );
        assert!(
            render(
                &Template::Sqs {
                    scope: Scope::Cluster
                },
                &located()
            )
            .is_err()
        );
    }

    #[test]
    fn wildcards_only_when_asked_and_location_required() {
        let t = Template::Sqs {
            scope: Scope::Namespace,
        };
        let err = render(&t, &Location::default()).unwrap_err().to_string();
        assert!(err.contains("--region"), "{err}");
        let wild = Location {
            partition: "aws".into(),
            region: Some("*".into()),
            account: Some("*".into()),
        };
        assert!(render(&t, &wild).is_ok());
        let bad = Location {
            partition: "aws".into(),
            region: Some("us-east".into()),
            account: Some("*".into()),
        };
        assert!(render(&t, &bad).is_err());
    }

    #[test]
    fn bad_values() {
        assert!(
            render(
                &Template::S3Prefix {
                    bucket: "Bad_Bucket".into(),
                    scope: Scope::Namespace,
                    read_only: false,
                    prefix: None
                },
                &Location::default()
            )
            .is_err()
        );
        assert!(
            render(
                &Template::S3Prefix {
                    bucket: "data".into(),
                    scope: Scope::Namespace,
                    read_only: false,
                    prefix: Some("teams".into())
                },
                &Location::default()
            )
            .is_err()
        );
        assert!(
            render(
                &Template::DynamoDb {
                    table: "a".into(),
                    scope: Scope::Namespace,
                    read_only: false
                },
                &located()
            )
            .is_err()
        );
        let bad_partition = Location {
            partition: "aws-mars".into(),
            ..located()
        };
        assert!(
            render(
                &Template::SecretsManager {
                    scope: Scope::Namespace
                },
                &bad_partition
            )
            .is_err()
        );
    }
}
