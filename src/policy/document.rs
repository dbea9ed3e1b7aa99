//! The shape of the IAM policy documents epi generates. Serialises with IAM's key names, in the
//! order people expect to read them (Sid, Effect, Principal, Action, Resource, Condition).

use std::collections::BTreeMap;

use serde::Serialize;

/// The policy language version under which `${...}` variables are substituted.
pub const VERSION: &str = "2012-10-17";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyDocument {
    #[serde(rename = "Version")]
    pub version: &'static str,
    #[serde(rename = "Statement")]
    pub statement: Vec<Statement>,
}

impl PolicyDocument {
    pub fn new(statement: Vec<Statement>) -> Self {
        PolicyDocument {
            version: VERSION,
            statement,
        }
    }
}

/// Condition operator → condition key → values.
pub type Condition = BTreeMap<String, BTreeMap<String, Vec<String>>>;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    #[serde(rename = "Sid", skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(rename = "Effect")]
    pub effect: &'static str,
    #[serde(rename = "Principal", skip_serializing_if = "Option::is_none")]
    pub principal: Option<BTreeMap<&'static str, String>>,
    #[serde(rename = "Action")]
    pub action: Vec<String>,
    #[serde(rename = "Resource", skip_serializing_if = "Option::is_none")]
    pub resource: Option<Vec<String>>,
    #[serde(rename = "Condition", skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

impl Statement {
    /// An Allow statement for identity policies.
    pub fn allow(sid: &str, actions: &[&str], resources: Vec<String>) -> Self {
        Statement {
            sid: Some(sid.to_string()),
            effect: "Allow",
            principal: None,
            action: actions.iter().map(|a| a.to_string()).collect(),
            resource: Some(resources),
            condition: None,
        }
    }

    /// Adds `operator: { key: values }` to the statement's condition.
    pub fn with_condition(mut self, operator: &str, key: &str, values: Vec<String>) -> Self {
        if values.is_empty() {
            return self;
        }
        self.condition
            .get_or_insert_with(BTreeMap::new)
            .entry(operator.to_string())
            .or_default()
            .insert(key.to_string(), values);
        self
    }
}
