//! `proxy-without-no-proxy` (#37): a container of an associated service account that has a proxy
//! variable must exempt the agent's addresses in `NO_PROXY`/`no_proxy`, or its SDK sends the
//! credential request (`http://169.254.170.23/v1/credentials`) to the proxy (EKS User Guide issues
//! awsdocs/amazon-eks-user-guide#872 and #878).
//!
//! There is no standard for `NO_PROXY`; every SDK reads it with its HTTP library. What an entry
//! covers, for the agent's two addresses:
//! - `*` covers every host, in all of them;
//! - the address itself (`169.254.170.23`, `fd00:ec2::23` or `[fd00:ec2::23]`, optionally with the
//!   URI's port `:80`) covers it: Go's `golang.org/x/net/http/httpproxy` (an IP entry matches that IP,
//!   a port must equal the URI's), Python's `urllib` and `requests`, curl;
//! - a CIDR block (`169.254.0.0/16`) covers it only for the libraries that read CIDRs: Go's
//!   httpproxy (golang/go#16704), curl since 7.86 (lib/noproxy.c) and Python `requests` (IPv4 only);
//!   Python's `urllib` (`proxy_bypass_environment`, which compares names) does not. So a CIDR-only
//!   exemption is a warning;
//! - a name suffix (`.170.23`) is a name rule, not an address one: no.
//!
//! The exact behaviour of each AWS SDK's HTTP client is UNVERIFIED beyond those libraries
//! (docs/commands.md).

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::kube::{CONTAINER_CREDENTIALS_ENV, PodInfo};

use super::node::{AGENT_IPV4, AGENT_IPV6, Inputs};
use super::{Area, Check, Status};

const ID: &str = "proxy-without-no-proxy";
const HTTP_PROXY: &[&str] = &["HTTP_PROXY", "http_proxy"];
const HTTPS_PROXY: &[&str] = &["HTTPS_PROXY", "https_proxy"];
const NO_PROXY: &[&str] = &["NO_PROXY", "no_proxy"];

/// How a `NO_PROXY` list covers one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cover {
    /// No entry covers it.
    No,
    /// Only a CIDR block covers it (some libraries do not read those).
    Cidr,
    /// `*` or the address itself.
    Yes,
}

/// How the list `no_proxy` covers `address` (requests go to port 80).
pub fn covers(no_proxy: &str, address: IpAddr) -> Cover {
    let mut best = Cover::No;
    for entry in no_proxy.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        if entry == "*" {
            return Cover::Yes;
        }
        if let Ok(net) = entry.parse::<ipnet::IpNet>() {
            if net.contains(&address) {
                best = best.max(Cover::Cidr);
            }
            continue;
        }
        if entry_address(entry) == Some(address) {
            return Cover::Yes;
        }
    }
    best
}

/// The address of an entry that names one: `A`, `[A]`, `A:80`, `[A]:80` (an IPv6 address with a
/// port must be in brackets; a port other than the URI's 80 does not match).
fn entry_address(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip);
    }
    let (host, port) = match entry.strip_prefix('[') {
        Some(rest) => {
            let (host, after) = rest.split_once(']')?;
            (host, after.strip_prefix(':'))
        }
        None => match entry.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, Some(p)),
            _ => (entry, None),
        },
    };
    if port.is_some_and(|p| p != "80") {
        return None;
    }
    host.parse().ok()
}

/// One container's finding: None when it has no proxy variable or exempts the agent.
fn container_finding(
    pod: &PodInfo,
    container: &crate::kube::ContainerInfo,
) -> Option<(Status, String)> {
    let env = &container.env;
    let set = |names: &[&str]| {
        names
            .iter()
            .filter(|n| env.get(**n).is_some_and(|v| v.as_deref() != Some("")))
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
    };
    let http = set(HTTP_PROXY);
    let https = set(HTTPS_PROXY);
    if http.is_empty() && https.is_empty() {
        return None;
    }
    let proxies = [http.clone(), https].concat().join(", ");
    let at = format!(
        "pod {}/{} container {}",
        pod.namespace, pod.name, container.name
    );
    // The address the SDK calls: the injected URI's host (facts §4), else the IPv4 one.
    let called: IpAddr = env
        .get(CONTAINER_CREDENTIALS_ENV)
        .and_then(|v| v.as_deref())
        .and_then(|uri| {
            let rest = uri.strip_prefix("http://")?;
            let host = rest.split('/').next()?;
            let host = host
                .strip_prefix('[')
                .and_then(|h| h.split(']').next())
                .unwrap_or_else(|| host.split(':').next().unwrap_or(host));
            host.parse().ok()
        })
        .unwrap_or_else(|| AGENT_IPV4.parse().expect("an address"));
    let lists: Vec<(&str, Option<&str>)> = NO_PROXY
        .iter()
        .filter_map(|n| env.get(*n).map(|v| (*n, v.as_deref())))
        .collect();
    if lists.iter().any(|(_, v)| v.is_none()) {
        return Some((
            Status::Warn,
            format!(
                "{at} sets {proxies}, and NO_PROXY from a ConfigMap, Secret or field that doctor cannot read"
            ),
        ));
    }
    let agents: [IpAddr; 2] = [
        AGENT_IPV4.parse().expect("an address"),
        AGENT_IPV6.parse().expect("an address"),
    ];
    let mut missing = Vec::new();
    let mut cidr_only = Vec::new();
    for ip in agents {
        // Each SDK reads one of the two names: both must cover the address.
        let worst = if lists.is_empty() {
            Cover::No
        } else {
            lists
                .iter()
                .map(|(_, v)| covers(v.unwrap_or_default(), ip))
                .min()
                .unwrap_or(Cover::No)
        };
        match worst {
            Cover::No => missing.push(ip),
            Cover::Cidr => cidr_only.push(ip),
            Cover::Yes => {}
        }
    }
    let shown = |ips: &[IpAddr]| {
        ips.iter()
            .map(|ip| ip.to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let named = if lists.is_empty() {
        "has no NO_PROXY".to_string()
    } else {
        format!(
            "has {}",
            lists
                .iter()
                .map(|(n, v)| format!("{n}={}", v.unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    if !missing.is_empty() {
        // The credential URI is http://: an HTTP proxy takes it; an HTTPS proxy alone would not
        // by the usual rules, yet AWS's guidance asks for the exemption either way.
        let status = if missing.contains(&called) && !http.is_empty() {
            Status::Fail
        } else {
            Status::Warn
        };
        return Some((
            status,
            format!(
                "{at} sets {proxies} and {named}: not exempt: {}",
                shown(&missing)
            ),
        ));
    }
    if !cidr_only.is_empty() {
        return Some((
            Status::Warn,
            format!(
                "{at} sets {proxies} and {named}: {} exempt only by a CIDR block, which some HTTP libraries (Python's urllib) do not read",
                shown(&cidr_only)
            ),
        ));
    }
    None
}

/// The findings per service account; one pass when none.
pub fn checks(cluster: &str, inputs: &Inputs<'_>) -> Vec<Check> {
    let mut by_account: BTreeMap<(String, String), Vec<(Status, String)>> = BTreeMap::new();
    let mut checked = 0;
    for pod in inputs.workload_pods() {
        for c in &pod.containers {
            checked += 1;
            if let Some(f) = container_finding(pod, c) {
                by_account
                    .entry((pod.namespace.clone(), pod.service_account.clone()))
                    .or_default()
                    .push(f);
            }
        }
    }
    if by_account.is_empty() {
        if let Some(e) = inputs.unreadable() {
            return vec![Check::skipped(Area::Node, ID, cluster, e)];
        }
        return vec![Check::new(
            Area::Node,
            ID,
            cluster,
            Status::Pass,
            format!(
                "{checked} container(s) of associated service accounts: none sends credential requests to a proxy"
            ),
        )];
    }
    let fix = format!(
        "add {AGENT_IPV4},{AGENT_IPV6} to NO_PROXY and no_proxy (both spellings), then restart the pods"
    );
    by_account
        .into_iter()
        .map(|((ns, sa), findings)| {
            let status = findings
                .iter()
                .map(|(s, _)| *s)
                .max()
                .unwrap_or(Status::Warn);
            Check::new(
                Area::Node,
                ID,
                format!("{ns}/{sa}"),
                status,
                format!(
                    "{} container(s) may send their credential requests to the proxy",
                    findings.len()
                ),
            )
            .evidence(findings.into_iter().map(|(_, m)| m))
            .hint(fix.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4() -> IpAddr {
        AGENT_IPV4.parse().unwrap()
    }
    fn v6() -> IpAddr {
        AGENT_IPV6.parse().unwrap()
    }

    #[test]
    fn exact_addresses_and_star_cover() {
        assert_eq!(covers("localhost,169.254.170.23", v4()), Cover::Yes);
        assert_eq!(covers(" 169.254.170.23:80 ", v4()), Cover::Yes);
        assert_eq!(covers("*", v6()), Cover::Yes);
        assert_eq!(covers("[fd00:ec2::23]", v6()), Cover::Yes);
        assert_eq!(covers("FD00:EC2:0::23", v6()), Cover::Yes);
        assert_eq!(covers("[fd00:ec2::23]:80", v6()), Cover::Yes);
    }

    #[test]
    fn cidrs_cover_weakly_and_names_or_other_ports_do_not() {
        assert_eq!(covers("169.254.0.0/16", v4()), Cover::Cidr);
        assert_eq!(covers("fd00:ec2::/64", v6()), Cover::Cidr);
        assert_eq!(covers("10.0.0.0/8", v4()), Cover::No);
        assert_eq!(covers(".170.23,amazonaws.com", v4()), Cover::No);
        assert_eq!(covers("169.254.170.23:8080", v4()), Cover::No);
        assert_eq!(covers("", v4()), Cover::No);
        assert_eq!(covers("169.254.170.23", v6()), Cover::No);
    }
}
