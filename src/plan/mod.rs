//! The engine for change, the one path of every mutating command (docs/architecture.md): reads
//! happen first ([`observe`]), a pure planner decides (one per command: [`declarative`] for
//! `plan`/`apply`, [`association`], [`addon_install`], [`addon_roles`], [`migrate_irsa`],
//! [`rollback`]) and returns typed [`Change`]s, and one executor ([`execute`]), driven by the
//! command layer's runner, carries them out in the order each kind needs.

pub mod addon_install;
pub mod addon_roles;
pub mod after;
pub mod association;
pub mod change;
pub mod declarative;
pub mod execute;
pub mod migrate_irsa;
pub mod observe;
pub mod rollback;
pub mod snapshot;
pub mod trust;

pub use association::check_trust_size;
pub use change::{
    AddonAssociation, AssociationFields, Change, ChangeView, Resolve, Summary, Verb,
    session_policy_value,
};
pub use declarative::{
    AccountUsage, Observed, ObservedAssociation, ObservedNamespace, ObservedRole, Plan,
    PlanOptions, RECENT_USE_HOURS, RecentUse, RoleUser, plan, role_name_of, to_json,
};
pub use trust::{TrustAddition, TrustGrant, TrustUndo, grant_pairs};
