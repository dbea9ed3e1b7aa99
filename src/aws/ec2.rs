//! Amazon EC2, read-only: where a cluster's node subnets route their traffic (DescribeSubnets,
//! DescribeRouteTables) and the VPC's interface endpoints (DescribeVpcEndpoints), for doctor's
//! `eks-auth-endpoint` check (#37). Amazon EC2 API Reference; a subnet without an explicit route
//! table association uses the VPC's main route table (Amazon VPC User Guide, "Route tables").

use aws_sdk_ec2::types::Filter;

use super::{AwsContext, AwsError};

/// A default route (`0.0.0.0/0` or `::/0`) and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefaultRoute {
    /// An internet gateway (`igw-…`) or an egress-only one (`eigw-…`, IPv6).
    InternetGateway(String),
    /// A NAT gateway (`nat-…`).
    NatGateway(String),
    /// Anything else (transit gateway, peering, an instance or interface, …): epi cannot follow it.
    Other(String),
}

/// A subnet and the default routes of its route table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetPath {
    pub subnet_id: String,
    /// The route table that applies (its explicit one, else the VPC's main table); None when the
    /// VPC has neither.
    pub route_table: Option<String>,
    pub default_routes: Vec<DefaultRoute>,
    /// Whether DescribeSubnets found it in the VPC.
    pub found: bool,
    /// `MapPublicIpOnLaunch`: whether instances launched there get a public IPv4 address (an
    /// internet gateway route serves only instances that have one).
    pub public_ips: bool,
}

/// An interface endpoint of a VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VpcEndpoint {
    pub id: String,
    pub service_name: String,
    pub endpoint_type: String,
    pub state: String,
    /// `PrivateDnsEnabled`, when EC2 says.
    pub private_dns: Option<bool>,
}

fn filter(name: &str, values: &[&str]) -> Filter {
    values
        .iter()
        .fold(Filter::builder().name(name), |f, v| f.values(*v))
        .build()
}

impl AwsContext {
    /// The route out of each subnet: its route table's default routes.
    pub async fn subnet_paths(
        &self,
        vpc_id: &str,
        subnet_ids: &[String],
    ) -> Result<Vec<SubnetPath>, AwsError> {
        // A filter, not SubnetIds: a subnet that no longer exists is reported, not an error.
        let mut found = std::collections::BTreeMap::new();
        if !subnet_ids.is_empty() {
            let ids: Vec<&str> = subnet_ids.iter().map(String::as_str).collect();
            let mut pages = self
                .ec2()
                .describe_subnets()
                .filters(filter("subnet-id", &ids))
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| self.mapper().map("ec2:DescribeSubnets", e))?;
                for s in page.subnets() {
                    if let (Some(id), Some(vpc)) = (s.subnet_id(), s.vpc_id()) {
                        found.insert(
                            id.to_string(),
                            (vpc == vpc_id, s.map_public_ip_on_launch().unwrap_or(false)),
                        );
                    }
                }
            }
        }
        let mut subnets = subnet_ids.to_vec();
        let mut tables = Vec::new();
        let mut pages = self
            .ec2()
            .describe_route_tables()
            .filters(filter("vpc-id", &[vpc_id]))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("ec2:DescribeRouteTables", e))?;
            // The filter is applied again here: a VPC's tables only.
            tables.extend(
                page.route_tables()
                    .iter()
                    .filter(|t| t.vpc_id() == Some(vpc_id))
                    .cloned(),
            );
        }
        let main = tables
            .iter()
            .find(|t| t.associations().iter().any(|a| a.main() == Some(true)));
        subnets.sort();
        subnets.dedup();
        Ok(subnets
            .into_iter()
            .map(|subnet_id| {
                let table = tables
                    .iter()
                    .find(|t| {
                        t.associations()
                            .iter()
                            .any(|a| a.subnet_id() == Some(subnet_id.as_str()))
                    })
                    .or(main);
                let (found, public_ips) = found.get(&subnet_id).copied().unwrap_or((false, false));
                SubnetPath {
                    route_table: table.and_then(|t| t.route_table_id().map(str::to_string)),
                    default_routes: table.map(default_routes).unwrap_or_default(),
                    found,
                    public_ips,
                    subnet_id,
                }
            })
            .collect())
    }

    /// The VPC's endpoints for one service (e.g. `com.amazonaws.REGION.eks-auth`).
    pub async fn vpc_endpoints(
        &self,
        vpc_id: &str,
        service_name: &str,
    ) -> Result<Vec<VpcEndpoint>, AwsError> {
        let mut out = Vec::new();
        let mut pages = self
            .ec2()
            .describe_vpc_endpoints()
            .filters(filter("vpc-id", &[vpc_id]))
            .filters(filter("service-name", &[service_name]))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("ec2:DescribeVpcEndpoints", e))?;
            out.extend(
                page.vpc_endpoints()
                    .iter()
                    .filter(|e| {
                        e.vpc_id() == Some(vpc_id) && e.service_name() == Some(service_name)
                    })
                    .map(|e| VpcEndpoint {
                        id: e.vpc_endpoint_id().unwrap_or_default().to_string(),
                        service_name: service_name.to_string(),
                        endpoint_type: e
                            .vpc_endpoint_type()
                            .map(|t| t.as_str().to_string())
                            .unwrap_or_default(),
                        state: e
                            .state()
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                        private_dns: e.private_dns_enabled(),
                    }),
            );
        }
        Ok(out)
    }
}

fn default_routes(table: &aws_sdk_ec2::types::RouteTable) -> Vec<DefaultRoute> {
    table
        .routes()
        .iter()
        .filter(|r| {
            r.destination_cidr_block() == Some("0.0.0.0/0")
                || r.destination_ipv6_cidr_block() == Some("::/0")
        })
        .filter(|r| r.state().is_none_or(|s| s.as_str() == "active"))
        .map(|r| {
            if let Some(nat) = r.nat_gateway_id() {
                DefaultRoute::NatGateway(nat.to_string())
            } else if let Some(g) = r.gateway_id().filter(|g| g.starts_with("igw-")) {
                DefaultRoute::InternetGateway(g.to_string())
            } else if let Some(g) = r.egress_only_internet_gateway_id() {
                DefaultRoute::InternetGateway(g.to_string())
            } else {
                let target = [
                    r.transit_gateway_id(),
                    r.gateway_id(),
                    r.vpc_peering_connection_id(),
                    r.network_interface_id(),
                    r.instance_id(),
                    r.core_network_arn(),
                ]
                .into_iter()
                .flatten()
                .next()
                .unwrap_or("an unknown target");
                DefaultRoute::Other(target.to_string())
            }
        })
        .collect()
}
