//! Amazon Athena: the one query `epi usage --source athena:…` and `epi trace` push down to a trail's
//! table (StartQueryExecution, GetQueryExecution until the query ends, GetQueryResults page by
//! page; Amazon Athena API Reference), and the table's partition keys (GetTableMetadata).

use std::time::Duration;

use super::{AwsContext, AwsError};

/// Where a query runs and where Athena writes its result.
#[derive(Clone, Debug, Default)]
pub struct QueryPlace {
    pub database: String,
    /// The workgroup (`primary` when None, as Athena's API does).
    pub workgroup: Option<String>,
    /// `s3://…/` for the result; None uses the workgroup's.
    pub output: Option<String>,
}

/// A finished query's rows, every value as Athena's `VarCharValue` (None for SQL NULL).
#[derive(Clone, Debug, Default)]
pub struct QueryRows {
    pub id: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
    /// What Athena says it scanned (what a query costs), when it says.
    pub scanned_bytes: Option<i64>,
}

impl AwsContext {
    /// Runs one query and reads all of its rows. `waiting` is told the query id once it is
    /// queued. A query that fails or is cancelled is an error carrying Athena's reason.
    pub async fn athena_query(
        &self,
        sql: &str,
        place: &QueryPlace,
        waiting: impl Fn(&str),
    ) -> Result<QueryRows, AwsError> {
        let mut start = self
            .athena()
            .start_query_execution()
            .query_string(sql)
            .query_execution_context(
                aws_sdk_athena::types::QueryExecutionContext::builder()
                    .database(&place.database)
                    .build(),
            )
            .set_work_group(place.workgroup.clone());
        if let Some(output) = &place.output {
            start = start.result_configuration(
                aws_sdk_athena::types::ResultConfiguration::builder()
                    .output_location(output)
                    .build(),
            );
        }
        let started = start
            .send()
            .await
            .map_err(|e| self.mapper().map("athena:StartQueryExecution", e))?;
        let id = started.query_execution_id().unwrap_or_default().to_string();
        waiting(&id);

        // Poll with a growing pause: most CloudTrail queries take seconds, some minutes.
        let mut pause = Duration::from_millis(100);
        let scanned_bytes = loop {
            let out = self
                .athena()
                .get_query_execution()
                .query_execution_id(&id)
                .send()
                .await
                .map_err(|e| self.mapper().map("athena:GetQueryExecution", e))?;
            let execution = out.query_execution();
            let status = execution.and_then(|e| e.status());
            use aws_sdk_athena::types::QueryExecutionState as State;
            match status.and_then(|s| s.state()) {
                Some(State::Succeeded) => {
                    break execution
                        .and_then(|e| e.statistics())
                        .and_then(|s| s.data_scanned_in_bytes());
                }
                Some(state @ (State::Failed | State::Cancelled)) => {
                    let reason = status
                        .and_then(|s| s.state_change_reason())
                        .unwrap_or("no reason given");
                    return Err(AwsError::Service {
                        action: "athena:StartQueryExecution",
                        code: format!("query {id} {}", state.as_str()),
                        message: reason.to_string(),
                    });
                }
                _ => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 3 / 2).min(Duration::from_secs(2));
                }
            }
        };

        let mut pages = self
            .athena()
            .get_query_results()
            .query_execution_id(&id)
            .max_results(1000)
            .into_paginator()
            .send();
        let mut result = QueryRows {
            id: id.clone(),
            scanned_bytes,
            ..QueryRows::default()
        };
        let mut first = true;
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.mapper().map("athena:GetQueryResults", e))?;
            let Some(set) = page.result_set() else {
                continue;
            };
            if result.columns.is_empty() {
                result.columns = set
                    .result_set_metadata()
                    .map(|m| {
                        m.column_info()
                            .iter()
                            .map(|c| c.name().to_string())
                            .collect()
                    })
                    .unwrap_or_default();
            }
            for (i, row) in set.rows().iter().enumerate() {
                let values: Vec<Option<String>> = row
                    .data()
                    .iter()
                    .map(|d| d.var_char_value().map(str::to_string))
                    .collect();
                // A SELECT's first row is its column names (Athena User Guide, "Working with
                // query results": the header row of GetQueryResults).
                let header = first
                    && i == 0
                    && values
                        .iter()
                        .map(|v| v.as_deref())
                        .eq(result.columns.iter().map(|c| Some(c.as_str())));
                if !header {
                    result.rows.push(values);
                }
            }
            first = false;
        }
        Ok(result)
    }

    /// The partition keys of a table of the AWS Glue Data Catalog (GetTableMetadata).
    pub async fn athena_partition_keys(
        &self,
        database: &str,
        table: &str,
    ) -> Result<Vec<String>, AwsError> {
        let out = self
            .athena()
            .get_table_metadata()
            .catalog_name("AwsDataCatalog")
            .database_name(database)
            .table_name(table)
            .send()
            .await
            .map_err(|e| self.mapper().map("athena:GetTableMetadata", e))?;
        Ok(out
            .table_metadata()
            .map(|t| {
                t.partition_keys()
                    .iter()
                    .map(|c| c.name().to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default())
    }
}
