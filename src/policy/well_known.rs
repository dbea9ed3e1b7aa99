//! Well-known policies, as eksctl's `wellKnownPolicies` give them (facts §7): the managed policy
//! AWS publishes where one exists, otherwise the statements the upstream project documents, in the
//! partition (and, for Karpenter, the cluster) they are for. Pure.
//!
//! Sources, recorded here and shown by `epi policy well-known --list`:
//! - image-builder, ebs-csi-driver: AWS managed policies (`AmazonEC2ContainerRegistryPowerUser`,
//!   `service-role/AmazonEBSCSIDriverPolicy`), as eksctl attaches them.
//! - cluster-autoscaler, external-dns, cert-manager, efs-csi-driver: eksctl's well-known
//!   statements (`pkg/cfn/builder/iam_helper.go`, `statement.go`).
//! - aws-load-balancer-controller: the controller's published `docs/install/iam_policy.json`
//!   (kubernetes-sigs/aws-load-balancer-controller, commit 00a1fab5), in `well_known/`.
//! - karpenter: `KarpenterControllerPolicy` of Karpenter's getting-started CloudFormation template
//!   (aws/karpenter-provider-aws, `website/content/en/docs/getting-started/
//!   getting-started-with-karpenter/cloudformation.yaml`, commit 252b5eb5), scoped by cluster name
//!   as that template scopes it.

use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::validate::{arn::PARTITIONS, names};

/// The load balancer controller's policy, for partition `aws` (ARNs are rewritten per partition).
const LOAD_BALANCER_CONTROLLER: &str = include_str!("well_known/aws-load-balancer-controller.json");

/// What a well-known name gives a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Grant {
    /// An AWS managed policy to attach.
    Managed { arn: String },
    /// An inline policy document.
    Inline { document: Value },
}

/// A well-known policy: its name, what it is for, and where it comes from.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Info {
    pub name: &'static str,
    pub description: &'static str,
    pub source: &'static str,
    /// Whether rendering needs the cluster (name, region, account).
    pub needs_cluster: bool,
}

pub const POLICIES: &[Info] = &[
    Info {
        name: "aws-load-balancer-controller",
        description: "AWS Load Balancer Controller",
        source: "kubernetes-sigs/aws-load-balancer-controller docs/install/iam_policy.json (commit 00a1fab5)",
        needs_cluster: false,
    },
    Info {
        name: "cert-manager",
        description: "cert-manager DNS-01 challenges in Route 53",
        source: "eksctl wellKnownPolicies certManager",
        needs_cluster: false,
    },
    Info {
        name: "cluster-autoscaler",
        description: "Cluster Autoscaler",
        source: "eksctl wellKnownPolicies autoScaler",
        needs_cluster: false,
    },
    Info {
        name: "ebs-csi-driver",
        description: "Amazon EBS CSI driver",
        source: "AWS managed policy service-role/AmazonEBSCSIDriverPolicy",
        needs_cluster: false,
    },
    Info {
        name: "efs-csi-driver",
        description: "Amazon EFS CSI driver",
        source: "eksctl wellKnownPolicies efsCSIController",
        needs_cluster: false,
    },
    Info {
        name: "external-dns",
        description: "ExternalDNS records in Route 53",
        source: "eksctl wellKnownPolicies externalDNS",
        needs_cluster: false,
    },
    Info {
        name: "image-builder",
        description: "push and pull images in Amazon ECR",
        source: "AWS managed policy AmazonEC2ContainerRegistryPowerUser",
        needs_cluster: false,
    },
    Info {
        name: "karpenter",
        description: "Karpenter controller, scoped to the cluster's node role, interruption queue and cluster",
        source: "aws/karpenter-provider-aws getting-started cloudformation.yaml KarpenterControllerPolicy (commit 252b5eb5)",
        needs_cluster: true,
    },
];

/// Where the policy is used: the partition always; the cluster for the ones scoped to it.
#[derive(Clone, Debug)]
pub struct Target {
    pub partition: String,
    pub cluster: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
}

/// Looks a name up, with a did-you-mean when it is not one.
pub fn info(name: &str) -> Result<Info> {
    POLICIES
        .iter()
        .copied()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = POLICIES.iter().map(|p| p.name).collect();
            let near = names
                .iter()
                .min_by_key(|n| strsim::damerau_levenshtein(n, name))
                .filter(|n| strsim::damerau_levenshtein(n, name) <= 4);
            Error::invalid("well-known policy", name, "it is not a well-known policy").with_hint(
                match near {
                    Some(n) => format!("did you mean {n:?}? (`epi policy well-known --list`)"),
                    None => format!("one of: {}", names.join(", ")),
                },
            )
        })
}

fn statement(actions: &[&str], resource: Value) -> Value {
    json!({"Effect": "Allow", "Action": actions, "Resource": resource})
}

/// What the named policy gives, for the target.
pub fn render(name: &str, target: &Target) -> Result<Grant> {
    let info = info(name)?;
    let p = target.partition.as_str();
    if !PARTITIONS.contains(&p) {
        return Err(Error::invalid("partition", p, "it is not an AWS partition")
            .with_hint(format!("give one of: {}", PARTITIONS.join(", "))));
    }
    let managed = |path: &str| Grant::Managed {
        arn: format!("arn:{p}:iam::aws:policy/{path}"),
    };
    let inline = |statements: Vec<Value>| Grant::Inline {
        document: json!({"Version": "2012-10-17", "Statement": statements}),
    };
    let change_records = statement(
        &["route53:ChangeResourceRecordSets"],
        json!(format!("arn:{p}:route53:::hostedzone/*")),
    );
    Ok(match info.name {
        "image-builder" => managed("AmazonEC2ContainerRegistryPowerUser"),
        "ebs-csi-driver" => managed("service-role/AmazonEBSCSIDriverPolicy"),
        "cluster-autoscaler" => inline(vec![statement(
            &[
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "autoscaling:DescribeTags",
                "autoscaling:SetDesiredCapacity",
                "autoscaling:TerminateInstanceInAutoScalingGroup",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeImages",
                "ec2:GetInstanceTypesFromInstanceRequirements",
                "eks:DescribeNodegroup",
            ],
            json!("*"),
        )]),
        "external-dns" => inline(vec![
            change_records,
            statement(
                &[
                    "route53:ListHostedZones",
                    "route53:ListResourceRecordSets",
                    "route53:ListTagsForResource",
                ],
                json!("*"),
            ),
        ]),
        "cert-manager" => inline(vec![
            change_records,
            statement(
                &["route53:GetChange"],
                json!(format!("arn:{p}:route53:::change/*")),
            ),
            statement(
                &[
                    "route53:ListResourceRecordSets",
                    "route53:ListHostedZonesByName",
                ],
                json!("*"),
            ),
        ]),
        "efs-csi-driver" => inline(vec![
            statement(
                &[
                    "elasticfilesystem:DescribeAccessPoints",
                    "elasticfilesystem:DescribeFileSystems",
                ],
                json!("*"),
            ),
            json!({"Effect": "Allow", "Action": ["elasticfilesystem:CreateAccessPoint", "elasticfilesystem:TagResource"], "Resource": "*",
                   "Condition": {"StringEquals": {"aws:RequestTag/efs.csi.aws.com/cluster": "true"}}}),
            json!({"Effect": "Allow", "Action": "elasticfilesystem:DeleteAccessPoint", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:ResourceTag/efs.csi.aws.com/cluster": "true"}}}),
        ]),
        "aws-load-balancer-controller" => {
            let text = LOAD_BALANCER_CONTROLLER.replace("\"arn:aws:", &format!("\"arn:{p}:"));
            Grant::Inline {
                document: serde_json::from_str(&text).expect("the embedded policy is JSON"),
            }
        }
        "karpenter" => {
            let missing = |what: &str| {
                Error::usage(
                    format!("the karpenter policy is scoped to one cluster: it needs {what}"),
                    "give --cluster-name, --region and --account (with --create-role they come from the cluster)",
                )
            };
            let cluster = target
                .cluster
                .as_deref()
                .ok_or_else(|| missing("--cluster-name"))?;
            let region = target
                .region
                .as_deref()
                .ok_or_else(|| missing("--region"))?;
            let account = target
                .account
                .as_deref()
                .ok_or_else(|| missing("--account"))?;
            names::cluster_name(cluster)?;
            names::region(region)?;
            names::account_id(account)?;
            inline(vec![
                statement(
                    &[
                        "ec2:CreateFleet",
                        "ec2:CreateLaunchTemplate",
                        "ec2:CreateTags",
                        "ec2:DeleteLaunchTemplate",
                        "ec2:RunInstances",
                        "ec2:TerminateInstances",
                        "ec2:DescribeAvailabilityZones",
                        "ec2:DescribeImages",
                        "ec2:DescribeInstances",
                        "ec2:DescribeInstanceTypeOfferings",
                        "ec2:DescribeInstanceTypes",
                        "ec2:DescribeLaunchTemplates",
                        "ec2:DescribeSecurityGroups",
                        "ec2:DescribeSpotPriceHistory",
                        "ec2:DescribeSubnets",
                        "pricing:GetProducts",
                        "ssm:GetParameter",
                    ],
                    json!("*"),
                ),
                statement(
                    &[
                        "sqs:DeleteMessage",
                        "sqs:GetQueueAttributes",
                        "sqs:GetQueueUrl",
                        "sqs:ReceiveMessage",
                    ],
                    json!(format!("arn:{p}:sqs:{region}:{account}:{cluster}")),
                ),
                statement(
                    &["iam:PassRole"],
                    json!(format!(
                        "arn:{p}:iam::{account}:role/KarpenterNodeRole-{cluster}"
                    )),
                ),
                statement(
                    &["eks:DescribeCluster"],
                    json!(format!("arn:{p}:eks:{region}:{account}:cluster/{cluster}")),
                ),
            ])
        }
        _ => unreachable!("every name in POLICIES has a rendering"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::lint::{self, Severity};

    fn target(partition: &str) -> Target {
        Target {
            partition: partition.into(),
            cluster: Some("prod".into()),
            region: Some(
                if partition == "aws-cn" {
                    "cn-north-1"
                } else {
                    "us-east-1"
                }
                .into(),
            ),
            account: Some("111122223333".into()),
        }
    }

    #[test]
    fn every_policy_renders_lint_clean_in_every_partition() {
        for partition in ["aws", "aws-cn", "aws-us-gov"] {
            for p in POLICIES {
                match render(p.name, &target(partition)).unwrap() {
                    Grant::Managed { arn } => assert!(
                        arn.starts_with(&format!("arn:{partition}:iam::aws:policy/")),
                        "{arn}"
                    ),
                    Grant::Inline { document } => {
                        let errors: Vec<_> = lint::lint(&document)
                            .into_iter()
                            .filter(|f| f.severity == Severity::Error)
                            .collect();
                        assert!(errors.is_empty(), "{} {partition}: {errors:?}", p.name);
                        assert!(
                            !document.to_string().contains("arn:aws:") || partition == "aws",
                            "{} keeps partition aws",
                            p.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn names_and_scoping() {
        assert!(
            info("karpentr")
                .unwrap_err()
                .hint()
                .unwrap()
                .contains("karpenter")
        );
        assert!(
            render(
                "karpenter",
                &Target {
                    partition: "aws".into(),
                    cluster: None,
                    region: None,
                    account: None
                }
            )
            .is_err()
        );
        let Grant::Inline { document } = render("karpenter", &target("aws")).unwrap() else {
            panic!()
        };
        assert!(document.to_string().contains("role/KarpenterNodeRole-prod"));
        assert_eq!(
            render("ebs-csi-driver", &target("aws")).unwrap(),
            Grant::Managed {
                arn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy".into()
            }
        );
    }
}
