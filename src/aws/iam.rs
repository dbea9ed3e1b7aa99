//! The IAM calls epi makes. Trust policies come back URL-encoded from IAM and are decoded here.

use serde::Serialize;

use super::context::AwsContext;
use super::error::AwsError;
use aws_sdk_iam::error::ProvideErrorMetadata;

/// A role as the declarative plan compares it.
#[derive(Clone, Debug)]
pub struct RoleDetails {
    pub name: String,
    pub arn: String,
    pub path: String,
    pub permissions_boundary: Option<String>,
    pub trust_policy: serde_json::Value,
    pub tags: std::collections::BTreeMap<String, String>,
    /// GetRole's RoleLastUsed, when IAM saw a use in its tracking period (400 days, IAM API
    /// reference, RoleLastUsed).
    pub last_used: Option<LastUse>,
}

fn iam_tags(tags: &std::collections::BTreeMap<String, String>) -> Vec<aws_sdk_iam::types::Tag> {
    tags.iter()
        .map(|(k, v)| {
            aws_sdk_iam::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .expect("key and value are set")
        })
        .collect()
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleInfo {
    pub name: String,
    pub arn: String,
    pub trust_policy: serde_json::Value,
}

/// When IAM last saw a role used: seconds since the Unix epoch, and the region.
pub type LastUse = (i64, Option<String>);

/// What [`AwsContext::edit_trust_policy`] does with the document it just read.
pub enum TrustEdit {
    /// It already holds the change.
    Unchanged,
    /// Write this document.
    Write(serde_json::Value),
    /// Stop: the change must not be made to this document (the reason says why).
    Refuse(String),
}

/// The tag an epi run puts on a role while it edits the role's trust policy:
/// `EXPIRY_UNIX_SECONDS RUN_ID` (see [`AwsContext::edit_trust_policy`]).
pub const TRUST_LEASE_TAG: &str = "epi:trust-lease";

/// How long a lease lasts unless renewed: a run killed while holding one makes the next writer
/// wait at most this long.
const LEASE_TTL: std::time::Duration = std::time::Duration::from_secs(8);
/// How often a holder renews its lease while its write is in flight.
const LEASE_RENEW: std::time::Duration = std::time::Duration::from_secs(2);

fn lease_value() -> String {
    format!("{} {}", unix_now() + LEASE_TTL.as_secs() as i64, run_id())
}

fn parse_lease(value: &str) -> Option<(i64, &str)> {
    let (expiry, run) = value.split_once(' ')?;
    Some((expiry.parse().ok()?, run))
}

/// This process's id in trust leases: `HOST/PID/RANDOM` (tag-value characters only), so that a
/// run on the same host can tell a lease whose holder is gone (killed) from a live one.
fn run_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        format!("{}/{}/{:016x}", host(), std::process::id(), h.finish())
    })
}

/// The host's name as a tag value may carry it (Linux; empty elsewhere).
fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .unwrap_or_default()
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(100)
        .collect()
}

/// Whether a lease's holder is a process of this host that no longer runs (killed before it
/// could drop the lease): its lease need not be waited for.
fn holder_is_gone(run: &str) -> bool {
    let mut parts = run.split('/');
    let (Some(h), Some(pid)) = (parts.next(), parts.next()) else {
        return false;
    };
    let here = host();
    !here.is_empty()
        && h == here
        && pid.parse::<u32>().is_ok()
        && std::path::Path::new("/proc/self").exists()
        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn gone(role: &str) -> AwsError {
    AwsError::NotFound {
        what: format!("role {role}"),
        message: "it was deleted while epi was changing its trust policy".into(),
        hint: "check who deletes it; run the command again".into(),
    }
}

/// A random pause that grows with the attempt (100 ms to about 1.6 s), so two writers that
/// collided do not collide again.
fn jitter(attempt: u32) -> std::time::Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default()
        ^ std::process::id().wrapping_mul(2_654_435_761);
    let base = 100u64 << attempt.min(4);
    std::time::Duration::from_millis(base + u64::from(nanos) % base)
}

/// Decodes a policy document as IAM returns it (URL-encoded JSON).
pub fn decode_policy(encoded: &str) -> Result<serde_json::Value, String> {
    let text = percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .map_err(|e| format!("not UTF-8 after URL-decoding: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))
}

/// One permission policy of a role.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolePolicy {
    /// The managed policy's ARN, or `inline:NAME`.
    pub source: String,
    /// None when IAM did not give the document (a managed policy it does not know).
    pub document: Option<serde_json::Value>,
}

/// The managed policy documents read in a run, so that a policy attached to many roles is read
/// once (GetPolicy and GetPolicyVersion), however many roles ask for it at once.
#[derive(Default)]
pub struct PolicyCache(
    std::sync::Mutex<
        std::collections::HashMap<
            String,
            std::sync::Arc<tokio::sync::OnceCell<Option<serde_json::Value>>>,
        >,
    >,
);

impl PolicyCache {
    fn cell(&self, arn: &str) -> std::sync::Arc<tokio::sync::OnceCell<Option<serde_json::Value>>> {
        self.0
            .lock()
            .expect("the lock is never held across a panic")
            .entry(arn.to_string())
            .or_default()
            .clone()
    }
}

impl AwsContext {
    /// Every permission policy of a role: the attached managed policies (their default version,
    /// through the cache) and the inline ones, all pages. AWS-managed policies are read like the
    /// others.
    pub async fn role_policies(
        &self,
        role: &str,
        cache: &PolicyCache,
    ) -> Result<Vec<RolePolicy>, AwsError> {
        let (attached, inline) =
            tokio::try_join!(self.attached_policy_arns(role), self.inline_policies(role))?;
        let mut policies: Vec<RolePolicy> =
            futures_util::future::try_join_all(attached.into_iter().map(|arn| async move {
                let document = self.managed_policy(&arn, cache).await?;
                Ok::<_, AwsError>(RolePolicy {
                    source: arn,
                    document,
                })
            }))
            .await?;
        for (name, document) in inline {
            policies.push(RolePolicy {
                source: format!("inline:{name}"),
                document: Some(document),
            });
        }
        Ok(policies)
    }

    /// The default version of a managed policy (AWS-managed ones too), read once per run through
    /// the cache however many roles ask at once; None when IAM does not know the policy.
    pub async fn managed_policy(
        &self,
        arn: &str,
        cache: &PolicyCache,
    ) -> Result<Option<serde_json::Value>, AwsError> {
        Ok(cache
            .cell(arn)
            .get_or_try_init(|| self.managed_policy_document(arn))
            .await?
            .clone())
    }

    /// The default version of a managed policy, or None when IAM does not know the policy.
    async fn managed_policy_document(
        &self,
        arn: &str,
    ) -> Result<Option<serde_json::Value>, AwsError> {
        let policy = match self.iam().get_policy().policy_arn(arn).send().await {
            Ok(out) => out,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(self.mapper().map("iam:GetPolicy", e)),
        };
        let Some(version) = policy.policy().and_then(|p| p.default_version_id()) else {
            return Ok(None);
        };
        let out = match self
            .iam()
            .get_policy_version()
            .policy_arn(arn)
            .version_id(version)
            .send()
            .await
        {
            Ok(out) => out,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(self.mapper().map("iam:GetPolicyVersion", e)),
        };
        let Some(encoded) = out.policy_version().and_then(|v| v.document()) else {
            return Ok(None);
        };
        decode_policy(encoded)
            .map(Some)
            .map_err(|reason| AwsError::Service {
                action: "iam:GetPolicyVersion",
                code: "UnreadablePolicy".into(),
                message: format!("policy {arn} is {reason}"),
            })
    }

    /// The ARNs of the managed policies attached to a role (all pages).
    pub async fn attached_policy_arns(&self, role: &str) -> Result<Vec<String>, AwsError> {
        let mut attached = Vec::new();
        let mut pages = self
            .iam()
            .list_attached_role_policies()
            .role_name(role)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("iam:ListAttachedRolePolicies", e))?;
            attached.extend(
                page.attached_policies()
                    .iter()
                    .filter_map(|p| p.policy_arn().map(str::to_string)),
            );
        }
        Ok(attached)
    }

    /// The instance profiles a role is in (all pages): EC2 instances launched with one act as
    /// the role, so a role in any is in use outside Pod Identity.
    pub async fn instance_profiles_for_role(&self, role: &str) -> Result<Vec<String>, AwsError> {
        let mut out = Vec::new();
        let mut pages = self
            .iam()
            .list_instance_profiles_for_role()
            .role_name(role)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("iam:ListInstanceProfilesForRole", e))?;
            out.extend(
                page.instance_profiles()
                    .iter()
                    .map(|p| p.instance_profile_name().to_string()),
            );
        }
        Ok(out)
    }

    /// A role's inline policies by name, decoded (all pages).
    pub async fn inline_policies(
        &self,
        role: &str,
    ) -> Result<std::collections::BTreeMap<String, serde_json::Value>, AwsError> {
        let mut names = Vec::new();
        let mut pages = self
            .iam()
            .list_role_policies()
            .role_name(role)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("iam:ListRolePolicies", e))?;
            names.extend(page.policy_names().iter().cloned());
        }
        // Each inline policy is one GetRolePolicy; they are read at once.
        let read = names.into_iter().map(|name| async move {
            let got = self
                .iam()
                .get_role_policy()
                .role_name(role)
                .policy_name(&name)
                .send()
                .await
                .map_err(|e| self.mapper().map("iam:GetRolePolicy", e))?;
            let document =
                decode_policy(got.policy_document()).map_err(|reason| AwsError::Service {
                    action: "iam:GetRolePolicy",
                    code: "UnreadablePolicy".into(),
                    message: format!("inline policy {name} of role {role} is {reason}"),
                })?;
            Ok::<_, AwsError>((name, document))
        });
        Ok(futures_util::future::try_join_all(read)
            .await?
            .into_iter()
            .collect())
    }

    /// The role with its path, permissions boundary and tags, or None when it does not exist.
    pub async fn role_details(&self, name: &str) -> Result<Option<RoleDetails>, AwsError> {
        let out = match self.iam().get_role().role_name(name).send().await {
            Ok(out) => out,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(self.mapper().map("iam:GetRole", e)),
        };
        let Some(role) = out.role() else {
            return Ok(None);
        };
        let trust_policy = match role.assume_role_policy_document() {
            Some(doc) => decode_policy(doc).map_err(|reason| AwsError::Service {
                action: "iam:GetRole",
                code: "UnreadableTrustPolicy".into(),
                message: format!("the trust policy of role {name} is {reason}"),
            })?,
            None => serde_json::json!({"Version": "2012-10-17", "Statement": []}),
        };
        Ok(Some(RoleDetails {
            name: role.role_name().to_string(),
            arn: role.arn().to_string(),
            path: role.path().to_string(),
            permissions_boundary: role
                .permissions_boundary()
                .and_then(|b| b.permissions_boundary_arn())
                .map(str::to_string),
            trust_policy,
            tags: role
                .tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect(),
            last_used: role.role_last_used().and_then(|u| {
                u.last_used_date()
                    .map(|d| (d.secs(), u.region().map(str::to_string)))
            }),
        }))
    }

    pub(crate) async fn tag_role(
        &self,
        role: &str,
        tags: &std::collections::BTreeMap<String, String>,
    ) -> Result<(), AwsError> {
        self.iam()
            .tag_role()
            .role_name(role)
            .set_tags(Some(iam_tags(tags)))
            .send()
            .await
            .map_err(|e| self.mapper().map("iam:TagRole", e))?;
        Ok(())
    }

    /// Sets (Some) or removes (None) a role's permissions boundary.
    pub(crate) async fn set_permissions_boundary(
        &self,
        role: &str,
        boundary: Option<&str>,
    ) -> Result<(), AwsError> {
        match boundary {
            Some(arn) => self
                .iam()
                .put_role_permissions_boundary()
                .role_name(role)
                .permissions_boundary(arn)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| self.mapper().map("iam:PutRolePermissionsBoundary", e)),
            None => self
                .iam()
                .delete_role_permissions_boundary()
                .role_name(role)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| self.mapper().map("iam:DeleteRolePermissionsBoundary", e)),
        }
    }

    pub(crate) async fn detach_role_policy(
        &self,
        role: &str,
        policy_arn: &str,
    ) -> Result<(), AwsError> {
        match self
            .iam()
            .detach_role_policy()
            .role_name(role)
            .policy_arn(policy_arn)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            // Already detached: what was asked for holds.
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(self.mapper().map("iam:DetachRolePolicy", e)),
        }
    }

    pub(crate) async fn delete_role_policy(&self, role: &str, name: &str) -> Result<(), AwsError> {
        match self
            .iam()
            .delete_role_policy()
            .role_name(role)
            .policy_name(name)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(self.mapper().map("iam:DeleteRolePolicy", e)),
        }
    }

    /// The names of the account's roles that carry the tag `key=value`. IAM's ListRoles does not
    /// return tags, so this reads GetAccountAuthorizationDetails (Filter `Role`), which returns
    /// every role with its tags, up to 1000 a page: one paginated read instead of a ListRoleTags
    /// per role.
    pub async fn roles_tagged(&self, key: &str, value: &str) -> Result<Vec<String>, AwsError> {
        let mut pages = self
            .iam()
            .get_account_authorization_details()
            .filter(aws_sdk_iam::types::EntityType::Role)
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.mapper().map("iam:GetAccountAuthorizationDetails", e))?;
            for role in page.role_detail_list() {
                if role
                    .tags()
                    .iter()
                    .any(|t| t.key() == key && t.value() == value)
                    && let Some(name) = role.role_name()
                {
                    out.push(name.to_string());
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Deletes a role with every policy it has now (read fresh); a role already gone is done.
    pub(crate) async fn delete_role_and_policies(&self, role: &str) -> Result<(), AwsError> {
        if self.role_details(role).await?.is_none() {
            return Ok(());
        }
        // Proved deletable before anything is changed: IAM refuses DeleteRole (DeleteConflict)
        // for a role still in an instance profile, and stripping its policies first would leave
        // the instances that act as it without permissions (#32).
        let profiles = self.instance_profiles_for_role(role).await?;
        if !profiles.is_empty() {
            return Err(AwsError::Service {
                action: "iam:DeleteRole",
                code: "DeleteConflict".into(),
                message: format!(
                    "role {role} is in instance profile(s) {}: it was not deleted and none of its policies were touched",
                    profiles.join(", ")
                ),
            });
        }
        for arn in self.attached_policy_arns(role).await? {
            self.detach_role_policy(role, &arn).await?;
        }
        for name in self.inline_policies(role).await?.into_keys() {
            self.delete_role_policy(role, &name).await?;
        }
        match self.iam().delete_role().role_name(role).send().await {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                Ok(())
            }
            Err(e) => Err(self.mapper().map("iam:DeleteRole", e)),
        }
    }

    /// The account of these credentials (STS GetCallerIdentity).
    pub async fn caller_account(&self) -> Result<String, AwsError> {
        let out = self
            .sts()
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| self.mapper().map("sts:GetCallerIdentity", e))?;
        Ok(out.account().unwrap_or_default().to_string())
    }

    /// The role, or None when it does not exist.
    pub async fn get_role(&self, name: &str) -> Result<Option<RoleInfo>, AwsError> {
        Ok(self.role_details(name).await?.map(|d| RoleInfo {
            name: d.name,
            arn: d.arn,
            trust_policy: d.trust_policy,
        }))
    }

    /// Changes a role's trust policy safely against other writers. IAM has no conditional
    /// write, so: read the role fresh right before writing, apply only this change to that
    /// document (never to an older snapshot), write, read it back, and try again after a random
    /// pause until the read-back holds the change (another writer may have written over it).
    /// `edit` says what to do with the current document; `holds` whether a document has the
    /// change. Returns the document as last read back.
    ///
    /// Every epi writer also holds a lease on the role while it edits (#32 item 7): the tag
    /// [`TRUST_LEASE_TAG`] with an expiry ([`LEASE_TTL`] ahead) and its run's id, taken before the
    /// read, renewed while the write is in flight however long it takes, and dropped once the
    /// write is read back. Another epi writer waits for the lease to go or expire before it
    /// reads, so a slow write of one can never land after, and over, the write of the other. A
    /// run killed while holding one makes the next writer wait at most [`LEASE_TTL`].
    pub(crate) async fn edit_trust_policy(
        &self,
        role: &str,
        mut edit: impl FnMut(&serde_json::Value) -> TrustEdit,
        holds: impl Fn(&serde_json::Value) -> bool,
    ) -> Result<serde_json::Value, AwsError> {
        const TRIES: u32 = 6;
        for attempt in 0..TRIES {
            let (current, lease) = self.take_trust_lease(role).await?;
            let new = match edit(&current) {
                TrustEdit::Unchanged => {
                    self.drop_trust_lease(role, lease).await;
                    return Ok(current);
                }
                TrustEdit::Refuse(reason) => {
                    self.drop_trust_lease(role, lease).await;
                    return Err(AwsError::TrustRefused {
                        role: role.to_string(),
                        reason,
                    });
                }
                TrustEdit::Write(new) => new,
            };
            // The lease is renewed while the write is in flight, however long that takes: a
            // waiting writer reads only after it has landed (or failed).
            let document = new.to_string();
            if lease.is_some() {
                let write = self.update_trust_policy(role, &document);
                tokio::pin!(write);
                loop {
                    tokio::select! {
                        done = &mut write => {
                            done?;
                            break;
                        }
                        () = tokio::time::sleep(LEASE_RENEW) => {
                            let tags = std::collections::BTreeMap::from([(
                                TRUST_LEASE_TAG.to_string(),
                                lease_value(),
                            )]);
                            // Best effort: a renewal that fails lets the lease expire.
                            let _ = self.tag_role(role, &tags).await;
                        }
                    }
                }
            } else {
                self.update_trust_policy(role, &document).await?;
            }
            let back = self.trust_of(role).await;
            self.drop_trust_lease(role, lease).await;
            let back = back?;
            if holds(&back) {
                return Ok(back);
            }
            // Someone else wrote in between and our change is gone: back off and redo it.
            tokio::time::sleep(jitter(attempt)).await;
        }
        Err(AwsError::TrustRefused {
            role: role.to_string(),
            reason: format!(
                "other writers kept replacing the trust policy: epi's change was not kept after {TRIES} tries"
            ),
        })
    }

    /// Takes the trust lease of a role (see [`Self::edit_trust_policy`]): waits while another
    /// run holds an unexpired one, tags the role, and reads it back to see the tag is ours (two
    /// writers may tag at once: the one whose tag stays wins, the other waits). Returns the trust
    /// policy as read with the lease held, and whether a lease was taken: without
    /// `iam:TagRole` the edit goes on unleased, as before.
    async fn take_trust_lease(
        &self,
        role: &str,
    ) -> Result<(serde_json::Value, Option<String>), AwsError> {
        let mut attempt = 0;
        loop {
            let details = self.role_details(role).await?.ok_or_else(|| gone(role))?;
            let now = unix_now();
            if let Some(held) = details.tags.get(TRUST_LEASE_TAG)
                && let Some((expiry, run)) = parse_lease(held)
                && run != run_id()
                && expiry > now
                && !holder_is_gone(run)
            {
                if crate::interrupt::requested().is_some() {
                    return Err(AwsError::TrustRefused {
                        role: role.to_string(),
                        reason: "interrupted while waiting for another epi run's trust edit".into(),
                    });
                }
                tokio::time::sleep(
                    jitter(attempt.min(3))
                        .min(std::time::Duration::from_secs((expiry - now).max(1) as u64)),
                )
                .await;
                attempt += 1;
                continue;
            }
            let value = lease_value();
            let tags =
                std::collections::BTreeMap::from([(TRUST_LEASE_TAG.to_string(), value.clone())]);
            match self.tag_role(role, &tags).await {
                Ok(()) => {}
                // Not allowed to tag, or the role has its 50 tags: edit unleased, as before.
                Err(AwsError::AccessDenied { .. }) => return Ok((details.trust_policy, None)),
                Err(AwsError::Service { code, .. }) if code == "LimitExceeded" => {
                    return Ok((details.trust_policy, None));
                }
                Err(e) => return Err(e),
            }
            let details = self.role_details(role).await?.ok_or_else(|| gone(role))?;
            if details.tags.get(TRUST_LEASE_TAG) == Some(&value) {
                return Ok((details.trust_policy, Some(value)));
            }
            attempt += 1;
        }
    }

    /// Drops a lease this run holds (left to expire if another run's tag replaced it).
    async fn drop_trust_lease(&self, role: &str, lease: Option<String>) {
        if lease.is_none() {
            return;
        }
        // Best effort: a lease left behind only makes the next writer wait for its expiry.
        let _ = self
            .iam()
            .untag_role()
            .role_name(role)
            .tag_keys(TRUST_LEASE_TAG)
            .send()
            .await;
    }

    async fn trust_of(&self, role: &str) -> Result<serde_json::Value, AwsError> {
        match self.get_role(role).await? {
            Some(info) => Ok(info.trust_policy),
            None => Err(gone(role)),
        }
    }

    pub(crate) async fn update_trust_policy(
        &self,
        role: &str,
        document: &str,
    ) -> Result<(), AwsError> {
        match self
            .iam()
            .update_assume_role_policy()
            .role_name(role)
            .policy_document(document)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_limit_exceeded_exception()) =>
            {
                let size = document.chars().filter(|c| !c.is_whitespace()).count();
                Err(AwsError::TrustRefused {
                    role: role.to_string(),
                    reason: format!(
                        "IAM refused it as too large: it would be {size} characters (whitespace not counted), over the account's quota ({}); raise the 'Role trust policy length' quota in Service Quotas (IAM, up to {}), or remove statements the role no longer needs",
                        e.message().unwrap_or("LimitExceeded"),
                        crate::policy::limits::TRUST_MAX
                    ),
                })
            }
            Err(e) => Err(self.mapper().map("iam:UpdateAssumeRolePolicy", e)),
        }
    }

    pub(crate) async fn create_role(
        &self,
        name: &str,
        path: Option<&str>,
        trust: &str,
        boundary: Option<&str>,
        description: &str,
        extra_tags: &std::collections::BTreeMap<String, String>,
    ) -> Result<RoleInfo, AwsError> {
        let attempts = super::attempts::Attempts::default();
        let out = self
            .iam()
            .create_role()
            .role_name(name)
            .set_path(path.map(str::to_string))
            .assume_role_policy_document(trust)
            .set_permissions_boundary(boundary.map(str::to_string))
            .description(description)
            .set_tags(Some({
                let mut all = vec![
                    aws_sdk_iam::types::Tag::builder()
                        .key("managed-by")
                        .value("epi")
                        .build()
                        .expect("key and value are set"),
                ];
                all.extend(iam_tags(extra_tags));
                all
            }))
            .customize()
            .interceptor(attempts.clone())
            .send()
            .await;
        let out = match out {
            Ok(out) => out,
            Err(e)
                if attempts.retried()
                    && e.as_service_error()
                        .is_some_and(|s| s.is_entity_already_exists_exception()) =>
            {
                return match self.adoptable_role(name, path, trust).await? {
                    Some(info) => Ok(info),
                    None => Err(self.mapper().map("iam:CreateRole", e)),
                };
            }
            Err(e) => return Err(self.mapper().map("iam:CreateRole", e)),
        };
        let role = out.role().ok_or_else(|| AwsError::Service {
            action: "iam:CreateRole",
            code: "EmptyResponse".into(),
            message: "the answer had no role".into(),
        })?;
        Ok(RoleInfo {
            name: role.role_name().to_string(),
            arn: role.arn().to_string(),
            trust_policy: serde_json::from_str(trust).unwrap_or_default(),
        })
    }

    /// After a retried CreateRole met "already exists": the role, when it is exactly what was
    /// asked for (tagged `managed-by: epi`, same path, same trust policy), so the earlier attempt
    /// made it and its answer was lost. IAM has no idempotency token; anything else is a real
    /// conflict.
    pub async fn adoptable_role(
        &self,
        name: &str,
        path: Option<&str>,
        trust: &str,
    ) -> Result<Option<RoleInfo>, AwsError> {
        let out = match self.iam().get_role().role_name(name).send().await {
            Ok(out) => out,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_no_such_entity_exception()) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(self.mapper().map("iam:GetRole", e)),
        };
        let Some(role) = out.role() else {
            return Ok(None);
        };
        let epi_made = role
            .tags()
            .iter()
            .any(|t| t.key() == "managed-by" && t.value() == "epi");
        let same_path = role.path() == path.unwrap_or("/");
        let wanted: serde_json::Value = serde_json::from_str(trust).unwrap_or_default();
        let same_trust = role
            .assume_role_policy_document()
            .and_then(|d| decode_policy(d).ok())
            .is_some_and(|t| t == wanted);
        Ok((epi_made && same_path && same_trust).then(|| RoleInfo {
            name: role.role_name().to_string(),
            arn: role.arn().to_string(),
            trust_policy: wanted,
        }))
    }

    pub(crate) async fn attach_role_policy(
        &self,
        role: &str,
        policy_arn: &str,
    ) -> Result<(), AwsError> {
        self.iam()
            .attach_role_policy()
            .role_name(role)
            .policy_arn(policy_arn)
            .send()
            .await
            .map_err(|e| self.mapper().map("iam:AttachRolePolicy", e))?;
        Ok(())
    }

    pub(crate) async fn put_role_policy(
        &self,
        role: &str,
        policy_name: &str,
        document: &str,
    ) -> Result<(), AwsError> {
        self.iam()
            .put_role_policy()
            .role_name(role)
            .policy_name(policy_name)
            .policy_document(document)
            .send()
            .await
            .map_err(|e| self.mapper().map("iam:PutRolePolicy", e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_url_encoded_trust_policies() {
        let v = super::decode_policy(
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D",
        )
        .unwrap();
        assert_eq!(v["Version"], "2012-10-17");
        assert!(super::decode_policy("%7B").is_err());
    }
}
