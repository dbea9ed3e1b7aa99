//! The backup a migrate-irsa run writes (its journal) and its rollback reads: a file format,
//! pure data. Reading and writing the file are `commands::migrate_irsa`'s.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a migration changed, written before each change so that an interrupted run can be
/// resumed or rolled back. The first snapshot of a role's trust policy or of a service account's
/// annotations is kept across re-runs: it is the state before epi touched anything.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Backup {
    pub version: u32,
    pub cluster: String,
    pub region: String,
    /// Role name → its ARN and trust policy before the migration.
    pub roles: BTreeMap<String, RoleBackup>,
    /// `namespace/name` → what was done for that service account.
    pub service_accounts: BTreeMap<String, ServiceAccountBackup>,
    /// Add-on name → the IRSA role it used; rollback empties its podIdentityAssociations.
    #[serde(default)]
    pub addons: BTreeMap<String, AddonBackup>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddonBackup {
    pub service_account_role_arn: String,
    pub service_accounts: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleBackup {
    pub arn: String,
    pub trust_policy: serde_json::Value,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccountBackup {
    pub namespace: String,
    pub name: String,
    pub role_arn: String,
    /// The annotations before the migration.
    pub annotations: BTreeMap<String, String>,
    /// The association the migration created (rollback deletes it).
    pub created_association_id: Option<String>,
    /// An association that pointed at another role and was repointed (`--force`): its id and old role.
    pub replaced_association: Option<(String, String)>,
    /// Written before the association is created, so that a run killed between the create and
    /// the record of its id leaves a trace: rollback then finds the association by its service
    /// account.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub association_intent: bool,
}
