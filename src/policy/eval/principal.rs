//! Who makes the request, and what a resource policy's Principal or NotPrincipal says of them
//! [PR23][NP][NP23].

use serde_json::Value;

/// The caller of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// An unsigned request.
    Anonymous,
    /// A service principal such as `pods.eks.amazonaws.com`.
    Service(String),
    /// The account's root user: `arn:aws:iam::A:root`.
    Root { partition: String, account: String },
    /// `arn:aws:iam::A:user/PATH/NAME`
    User {
        partition: String,
        account: String,
        arn: String,
    },
    /// A role given by its ARN: stands for a session of that role (`arn:aws:iam::A:role/PATH/NAME`).
    Role {
        partition: String,
        account: String,
        arn: String,
        name: String,
    },
    /// `arn:aws:sts::A:assumed-role/ROLE/SESSION`
    AssumedRole {
        partition: String,
        account: String,
        arn: String,
        role: String,
    },
    /// `arn:aws:sts::A:federated-user/NAME`
    FederatedUser {
        partition: String,
        account: String,
        arn: String,
    },
    /// No principal was given: an IAM principal of this account, nothing more known.
    Unspecified { account: Option<String> },
}

/// How a resource policy's Allow reached the caller, which decides what else must allow the
/// request in the same account [EL][BND23]:
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grant {
    /// The account (`123456789012`, `…:root`): it delegates to the account's own policies, so the
    /// identity policies must still allow [PR23][KMSKP].
    Account,
    /// The role's ARN: the caller is a session of it, so its permissions boundary and session
    /// policy still limit; no identity Allow is needed.
    Role,
    /// The exact user, session or federated user, `*`, or a service: nothing else needed.
    Direct,
}

impl Principal {
    /// Parses `--principal`: an IAM or STS ARN, a service principal, or `anonymous`.
    pub fn parse(s: &str) -> Result<Principal, String> {
        if s.eq_ignore_ascii_case("anonymous") || s == "*" {
            return Ok(Principal::Anonymous);
        }
        if !s.starts_with("arn:") {
            if s.contains('.') && !s.contains(':') && !s.contains('/') {
                return Ok(Principal::Service(s.to_string()));
            }
            return Err(format!(
                "{s:?} is not a principal: give an IAM or STS ARN (arn:aws:iam::111122223333:role/app, arn:aws:sts::111122223333:assumed-role/app/session), a service principal (pods.eks.amazonaws.com) or anonymous"
            ));
        }
        let parts: Vec<&str> = s.splitn(6, ':').collect();
        let bad = || {
            format!(
                "{s:?} is not an IAM or STS principal ARN: expected arn:PARTITION:iam::ACCOUNT:root|user/NAME|role/NAME or arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION|federated-user/NAME"
            )
        };
        if parts.len() != 6 || !parts[3].is_empty() || parts[2].is_empty() {
            return Err(bad());
        }
        let (partition, service, account, resource) = (
            parts[1].to_string(),
            parts[2],
            parts[4].to_string(),
            parts[5],
        );
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{s:?}: the account {account:?} is not 12 digits"));
        }
        let arn = s.to_string();
        match (service, resource.split_once('/')) {
            ("iam", None) if resource == "root" => Ok(Principal::Root { partition, account }),
            ("iam", Some(("user", rest))) if !rest.is_empty() => Ok(Principal::User {
                partition,
                account,
                arn,
            }),
            ("iam", Some(("role", rest))) if !rest.is_empty() => {
                let name = rest.rsplit('/').next().unwrap_or(rest).to_string();
                Ok(Principal::Role {
                    partition,
                    account,
                    arn,
                    name,
                })
            }
            ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
                Some((role, session)) if !role.is_empty() && !session.is_empty() => {
                    Ok(Principal::AssumedRole {
                        partition,
                        account,
                        arn,
                        role: role.to_string(),
                    })
                }
                _ => Err(bad()),
            },
            ("sts", Some(("federated-user", rest))) if !rest.is_empty() => {
                Ok(Principal::FederatedUser {
                    partition,
                    account,
                    arn,
                })
            }
            _ => Err(bad()),
        }
    }

    /// The caller's account, where it has one.
    pub fn account(&self) -> Option<&str> {
        match self {
            Principal::Anonymous | Principal::Service(_) => None,
            Principal::Unspecified { account } => account.as_deref(),
            Principal::Root { account, .. }
            | Principal::User { account, .. }
            | Principal::Role { account, .. }
            | Principal::AssumedRole { account, .. }
            | Principal::FederatedUser { account, .. } => Some(account),
        }
    }

    fn partition(&self) -> &str {
        match self {
            Principal::Root { partition, .. }
            | Principal::User { partition, .. }
            | Principal::Role { partition, .. }
            | Principal::AssumedRole { partition, .. }
            | Principal::FederatedUser { partition, .. } => partition,
            _ => "aws",
        }
    }

    /// An IAM principal (one that can have identity policies and is subject to SCPs).
    pub fn is_iam(&self) -> bool {
        !matches!(self, Principal::Anonymous | Principal::Service(_))
    }

    /// A session (the caller of a role, or a federated user): session policies apply [EL].
    pub fn is_session(&self) -> bool {
        matches!(
            self,
            Principal::Role { .. }
                | Principal::AssumedRole { .. }
                | Principal::FederatedUser { .. }
        )
    }

    /// The role's ARN as `aws:PrincipalArn` gives it for a session [CK23] (an assumed-role ARN
    /// carries no path, so the ARN is rebuilt without one).
    pub fn role_arn(&self) -> Option<String> {
        match self {
            Principal::Role { arn, .. } => Some(arn.clone()),
            Principal::AssumedRole {
                partition,
                account,
                role,
                ..
            } => Some(format!("arn:{partition}:iam::{account}:role/{role}")),
            _ => None,
        }
    }

    /// `aws:PrincipalArn` [CK23]: the role's ARN for a session, the user's, the root's.
    pub fn principal_arn(&self) -> Option<String> {
        match self {
            Principal::Root { partition, account } => {
                Some(format!("arn:{partition}:iam::{account}:root"))
            }
            Principal::User { arn, .. } | Principal::FederatedUser { arn, .. } => Some(arn.clone()),
            Principal::Role { .. } | Principal::AssumedRole { .. } => self.role_arn(),
            _ => None,
        }
    }

    /// `aws:PrincipalType` [CK23].
    pub fn principal_type(&self) -> Option<&'static str> {
        Some(match self {
            Principal::Anonymous => "Anonymous",
            Principal::Root { .. } => "Account",
            Principal::User { .. } => "User",
            Principal::Role { .. } | Principal::AssumedRole { .. } => "AssumedRole",
            Principal::FederatedUser { .. } => "FederatedUser",
            Principal::Service(_) | Principal::Unspecified { .. } => return None,
        })
    }

    fn role_name(&self) -> Option<&str> {
        match self {
            Principal::Role { name, .. } => Some(name),
            Principal::AssumedRole { role, .. } => Some(role),
            _ => None,
        }
    }

    /// A service-linked role: under the path `/aws-service-role/` [SLR23], or (as an assumed-role
    /// session, whose ARN has no path) named `AWSServiceRoleFor…` as every service-linked role is.
    pub fn is_service_linked(&self) -> bool {
        match self {
            Principal::Role { arn, .. } => arn.contains(":role/aws-service-role/"),
            Principal::AssumedRole { role, .. } => role.starts_with("AWSServiceRoleFor"),
            _ => false,
        }
    }

    /// Whether one `AWS` entry of a Principal names this caller, and how.
    fn aws_entry(&self, entry: &str) -> Option<Grant> {
        if entry == "*" {
            return Some(Grant::Direct);
        }
        let account = self.account()?;
        if !self.is_iam() {
            return None;
        }
        let root = format!("arn:{}:iam::{account}:root", self.partition());
        if entry == account || entry == root {
            return Some(Grant::Account);
        }
        match self {
            Principal::User { arn, .. } | Principal::FederatedUser { arn, .. } if entry == arn => {
                Some(Grant::Direct)
            }
            Principal::AssumedRole { arn, .. } if entry == arn => Some(Grant::Direct),
            Principal::Role { arn, .. } if entry == arn => Some(Grant::Role),
            Principal::AssumedRole { .. } => {
                // A role ARN (with any path) matches the role's sessions.
                let prefix = format!("arn:{}:iam::{account}:role/", self.partition());
                let name = entry.strip_prefix(&prefix)?.rsplit('/').next()?;
                (Some(name) == self.role_name()).then_some(Grant::Role)
            }
            _ => None,
        }
    }

    /// Whether a Principal element names the caller; the most generous way it does.
    pub fn matched_by(&self, principal: &Value) -> Option<Grant> {
        match principal {
            Value::String(s) if s == "*" => Some(Grant::Direct),
            Value::Object(map) => {
                let mut best = None;
                for (kind, values) in map {
                    for v in crate::policy::string_values(values) {
                        let grant = match kind.as_str() {
                            "AWS" => self.aws_entry(v),
                            "Service" => match self {
                                Principal::Service(s) if s.eq_ignore_ascii_case(v) => {
                                    Some(Grant::Direct)
                                }
                                _ => None,
                            },
                            // Federated and CanonicalUser callers are not modelled: they match nothing.
                            _ => None,
                        };
                        best = best.max(grant);
                    }
                }
                best
            }
            _ => None,
        }
    }

    /// For a federated user (`arn:aws:sts::A:federated-user/NAME`): the IAM user of its account
    /// that a Principal's `AWS` entries name, if any. A resource policy that names "the ARN of
    /// the IAM user who federated" grants to the federated user session, limited by its session
    /// policy and that user's boundary (IAM UG
    /// reference_policies_evaluation-logic_policy-eval-denyallow.html, the table of principals
    /// in a resource-based policy). The session's name is chosen by the caller of
    /// GetFederationToken and need not be the user's, so whether the named user is that caller
    /// cannot be told from the session's ARN.
    pub fn federating_user_named(&self, principal: &Value) -> Option<String> {
        let Principal::FederatedUser {
            partition, account, ..
        } = self
        else {
            return None;
        };
        let prefix = format!("arn:{partition}:iam::{account}:user/");
        let Value::Object(map) = principal else {
            return None;
        };
        map.get("AWS").and_then(|values| {
            crate::policy::string_values(values)
                .into_iter()
                .find(|v| v.starts_with(&prefix) && v.len() > prefix.len())
                .map(str::to_string)
        })
    }

    /// Whether a Deny's NotPrincipal leaves the caller out. The caller is out only when every
    /// identity it acts as is listed: the account, and the role and its session, or the user
    /// [NP23]. A caller with a permissions boundary is never out [NP].
    pub fn excluded_by(&self, not_principal: &Value, has_boundary: bool) -> bool {
        if has_boundary && self.is_iam() {
            return false;
        }
        let listed = |want: &dyn Fn(&str, &str) -> bool| match not_principal {
            Value::String(s) => s == "*",
            Value::Object(map) => map.iter().any(|(kind, values)| {
                crate::policy::string_values(values)
                    .iter()
                    .any(|v| *v == "*" || want(kind, v))
            }),
            _ => false,
        };
        let aws = |target: String| move |kind: &str, v: &str| kind == "AWS" && v == target;
        match self {
            Principal::Anonymous => listed(&|_, _| false),
            Principal::Service(s) => {
                listed(&|kind, v| kind == "Service" && v.eq_ignore_ascii_case(s))
            }
            Principal::Unspecified { .. } => listed(&|_, _| false),
            _ => {
                let account = self.account().unwrap_or_default().to_string();
                let root = format!("arn:{}:iam::{account}:root", self.partition());
                let account_listed =
                    listed(&|kind, v| kind == "AWS" && (v == account || v == root));
                let own = match self {
                    Principal::Root { .. } => true,
                    Principal::User { arn, .. } | Principal::FederatedUser { arn, .. } => {
                        listed(&aws(arn.clone()))
                    }
                    Principal::Role { arn, .. } => listed(&aws(arn.clone())),
                    Principal::AssumedRole { arn, .. } => {
                        listed(&aws(arn.clone()))
                            && listed(&|kind, v| {
                                kind == "AWS" && self.aws_entry(v) == Some(Grant::Role)
                            })
                    }
                    _ => false,
                };
                account_listed && own
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_matches() {
        let s = Principal::parse("arn:aws:sts::111122223333:assumed-role/app/s1").unwrap();
        assert_eq!(
            s.principal_arn().unwrap(),
            "arn:aws:iam::111122223333:role/app"
        );
        assert_eq!(
            s.matched_by(&json!({"AWS": "arn:aws:iam::111122223333:role/path/app"})),
            Some(Grant::Role)
        );
        assert_eq!(
            s.matched_by(&json!({"AWS": "111122223333"})),
            Some(Grant::Account)
        );
        assert_eq!(
            s.matched_by(&json!({"AWS": "arn:aws:sts::111122223333:assumed-role/app/s1"})),
            Some(Grant::Direct)
        );
        assert_eq!(
            s.matched_by(&json!({"AWS": "arn:aws:iam::444455556666:root"})),
            None
        );
        assert!(Principal::parse("arn:aws:iam::1:role/x").is_err());
        assert!(Principal::parse("nonsense").is_err());
        assert_eq!(
            Principal::parse("pods.eks.amazonaws.com").unwrap(),
            Principal::Service("pods.eks.amazonaws.com".into())
        );
    }

    #[test]
    fn not_principal_needs_every_identity() {
        let s = Principal::parse("arn:aws:sts::111122223333:assumed-role/app/s1").unwrap();
        let only_session = json!({"AWS": ["arn:aws:sts::111122223333:assumed-role/app/s1"]});
        assert!(!s.excluded_by(&only_session, false));
        let all = json!({"AWS": ["arn:aws:sts::111122223333:assumed-role/app/s1", "arn:aws:iam::111122223333:role/app", "arn:aws:iam::111122223333:root"]});
        assert!(s.excluded_by(&all, false));
        assert!(!s.excluded_by(&all, true));
    }
}
