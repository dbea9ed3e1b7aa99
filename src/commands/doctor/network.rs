//! `eks-auth-endpoint` (#37): the agent calls EKS Auth (`AssumeRoleForPodIdentity`) from the node.
//! Nodes in private subnets need an interface endpoint for `com.amazonaws.REGION.eks-auth` or a NAT
//! path (EKS User Guide, "Set up the Amazon EKS Pod Identity Agent": "If you are using private
//! subnets for your nodes, you must set up an AWS PrivateLink interface endpoint for the EKS Auth
//! API"). A subnet reaches the internet through a default route to a NAT gateway, or to an
//! internet gateway for instances with a public address (Amazon VPC User Guide, "Internet
//! gateways"); an interface endpoint serves the service's default name only with private DNS on.
//! Read-only: DescribeSubnets, DescribeRouteTables, DescribeVpcEndpoints.

use std::collections::BTreeSet;

use crate::aws::ec2::{DefaultRoute, SubnetPath};
use crate::aws::eks::{ClusterInfo, NodeGroup};
use crate::aws::{AwsContext, AwsError};

use super::{Area, Check, Status};

const ID: &str = "eks-auth-endpoint";

/// Where a subnet's traffic to EKS Auth's public name can go.
#[derive(Debug, PartialEq, Eq)]
enum Path {
    Out(String),
    /// A default route epi cannot follow.
    Unknown(String),
    None(String),
}

fn path(s: &SubnetPath) -> Path {
    if !s.found {
        return Path::Unknown(format!("subnet {} was not found in the VPC", s.subnet_id));
    }
    let table = s.route_table.as_deref().unwrap_or("no route table");
    let mut unknown = None;
    for r in &s.default_routes {
        match r {
            DefaultRoute::NatGateway(n) => {
                return Path::Out(format!(
                    "subnet {} routes to NAT gateway {n} ({table})",
                    s.subnet_id
                ));
            }
            DefaultRoute::InternetGateway(g) if s.public_ips => {
                return Path::Out(format!(
                    "subnet {} routes to internet gateway {g} and gives public addresses ({table})",
                    s.subnet_id
                ));
            }
            DefaultRoute::InternetGateway(g) => {
                unknown.get_or_insert(format!(
                    "subnet {} routes to internet gateway {g} but does not give public addresses: only nodes launched with one get out ({table})",
                    s.subnet_id
                ));
            }
            DefaultRoute::Other(t) => {
                unknown.get_or_insert(format!(
                    "subnet {} has a default route to {t}, which epi cannot follow ({table})",
                    s.subnet_id
                ));
            }
        }
    }
    match unknown {
        Some(u) => Path::Unknown(u),
        None => Path::None(format!(
            "subnet {} has no default route to a NAT or internet gateway ({table})",
            s.subnet_id
        )),
    }
}

pub async fn eks_auth_endpoint(
    ctx: &AwsContext,
    cluster: &ClusterInfo,
    node_groups: &Result<Vec<NodeGroup>, AwsError>,
) -> Check {
    let name = cluster.name.as_str();
    let Some(vpc) = &cluster.vpc else {
        return Check::new(
            AREA,
            ID,
            name,
            Status::Skip,
            "EKS did not give the cluster's VPC (resourcesVpcConfig)",
        )
        .hint(format!(
            "aws eks describe-cluster --name {name} --query cluster.resourcesVpcConfig"
        ));
    };
    // The managed node groups' subnets; without any (Auto Mode, Karpenter, self-managed nodes),
    // the cluster's own, where such nodes are usually launched.
    let group_subnets: BTreeSet<String> = node_groups
        .iter()
        .flatten()
        .flat_map(|g| g.subnets.iter().cloned())
        .collect();
    let (subnets, source) = if group_subnets.is_empty() {
        (
            vpc.subnet_ids.iter().cloned().collect::<BTreeSet<_>>(),
            "the cluster's subnets",
        )
    } else {
        (group_subnets, "the managed node groups' subnets")
    };
    if subnets.is_empty() {
        return Check::new(
            AREA,
            ID,
            name,
            Status::Skip,
            "epi knows no subnet of the cluster's nodes",
        )
        .hint("make sure the nodes' subnets route to a NAT gateway or have an eks-auth interface endpoint");
    }
    let subnets: Vec<String> = subnets.into_iter().collect();
    let paths = match ctx.subnet_paths(&vpc.vpc_id, &subnets).await {
        Ok(p) => p,
        Err(e) => return Check::skipped(AREA, ID, name, &e),
    };
    let service = format!("com.amazonaws.{}.eks-auth", cluster.region);
    let judged: Vec<Path> = paths.iter().map(path).collect();
    let evidence = judged.iter().map(|p| match p {
        Path::Out(e) | Path::Unknown(e) | Path::None(e) => e.clone(),
    });
    let mut evidence: Vec<String> = std::iter::once(format!("{source} in {}", vpc.vpc_id))
        .chain(evidence)
        .collect();
    let closed: Vec<&str> = paths
        .iter()
        .zip(&judged)
        .filter(|(_, p)| !matches!(p, Path::Out(_)))
        .map(|(s, _)| s.subnet_id.as_str())
        .collect();
    if closed.is_empty() {
        return Check::new(
            AREA,
            ID,
            name,
            Status::Pass,
            format!("every node subnet ({}) has a path to EKS Auth", paths.len()),
        )
        .evidence(evidence);
    }
    let endpoints = match ctx.vpc_endpoints(&vpc.vpc_id, &service).await {
        Ok(e) => e,
        Err(e) => return Check::skipped(AREA, ID, name, &e),
    };
    let usable: Vec<_> = endpoints
        .iter()
        .filter(|e| e.state.eq_ignore_ascii_case("available"))
        .filter(|e| e.endpoint_type.eq_ignore_ascii_case("interface"))
        .collect();
    if let Some(e) = usable.iter().find(|e| e.private_dns != Some(false)) {
        evidence.push(format!("interface endpoint {} for {service}", e.id));
        return Check::new(
            AREA,
            ID,
            name,
            Status::Pass,
            format!(
                "{} subnet(s) have no internet path, and the VPC has an {service} endpoint",
                closed.len()
            ),
        )
        .evidence(evidence);
    }
    let create = format!(
        "aws ec2 create-vpc-endpoint --region {} --vpc-id {} --vpc-endpoint-type Interface --service-name {service} --subnet-ids {} --security-group-ids {} --private-dns-enabled",
        cluster.region,
        vpc.vpc_id,
        closed.join(" "),
        vpc.cluster_security_group_id
            .as_deref()
            .unwrap_or("SECURITY_GROUP_ID")
    );
    if let Some(e) = usable.first() {
        evidence.push(format!("interface endpoint {} has private DNS off", e.id));
        return Check::new(
            AREA,
            ID,
            name,
            Status::Fail,
            format!("the VPC's {service} endpoint has private DNS off: the agent calls EKS Auth's public name, which it does not answer"),
        )
        .evidence(evidence)
        .hint(format!(
            "aws ec2 modify-vpc-endpoint --region {} --vpc-endpoint-id {} --private-dns-enabled",
            cluster.region, e.id
        ));
    }
    let none = judged.iter().any(|p| matches!(p, Path::None(_)));
    Check::new(
        AREA,
        ID,
        name,
        if none { Status::Fail } else { Status::Warn },
        if none {
            format!("{} node subnet(s) have no path to EKS Auth and the VPC has no {service} endpoint: the agent cannot get credentials there", closed.len())
        } else {
            format!("{} node subnet(s) may have no path to EKS Auth (see the routes) and the VPC has no {service} endpoint", closed.len())
        },
    )
    .evidence(evidence)
    .hint(create)
}

const AREA: Area = Area::Node;

#[cfg(test)]
mod tests {
    use super::*;

    fn subnet(routes: Vec<DefaultRoute>, public_ips: bool) -> SubnetPath {
        SubnetPath {
            subnet_id: "subnet-1".into(),
            route_table: Some("rtb-1".into()),
            default_routes: routes,
            found: true,
            public_ips,
        }
    }

    #[test]
    fn a_nat_route_or_a_public_subnet_is_a_way_out() {
        assert!(matches!(
            path(&subnet(
                vec![DefaultRoute::NatGateway("nat-1".into())],
                false
            )),
            Path::Out(_)
        ));
        assert!(matches!(
            path(&subnet(
                vec![DefaultRoute::InternetGateway("igw-1".into())],
                true
            )),
            Path::Out(_)
        ));
    }

    #[test]
    fn private_and_unfollowable_routes_are_not() {
        assert!(matches!(path(&subnet(vec![], false)), Path::None(_)));
        assert!(matches!(
            path(&subnet(
                vec![DefaultRoute::InternetGateway("igw-1".into())],
                false
            )),
            Path::Unknown(_)
        ));
        assert!(matches!(
            path(&subnet(vec![DefaultRoute::Other("tgw-1".into())], false)),
            Path::Unknown(_)
        ));
        let mut gone = subnet(vec![], false);
        gone.found = false;
        assert!(matches!(path(&gone), Path::Unknown(_)));
    }
}
