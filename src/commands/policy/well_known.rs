//! `epi policy well-known NAME|--list`: eksctl's well-known policies, offline.

use crate::cli::WellKnownArgs;
use crate::error::{Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::policy::well_known::{self, Grant, POLICIES, Target};

pub fn run(args: &WellKnownArgs, printer: Printer) -> Result<u8> {
    if args.list {
        let text = match args.list_output {
            DataFormat::Json => output::to_json(POLICIES),
            DataFormat::Yaml => output::to_yaml(&POLICIES),
            // The source (a URL) only with `-o wide`: 80 columns hold name and description
            // (#33 item 1).
            DataFormat::Table => {
                let mut table = output::table(&["NAME", "WHAT"]);
                for p in POLICIES {
                    table.add_row(output::row([p.name, p.description]));
                }
                output::render_table(&table)
            }
            DataFormat::Wide => {
                let mut table = output::table(&["NAME", "WHAT", "SOURCE"]);
                for p in POLICIES {
                    table.add_row(output::row([p.name, p.description, p.source]));
                }
                output::render_table(&table)
            }
        };
        printer.stdout(&text)?;
        return Ok(exit::SUCCESS);
    }
    super::precheck(&args.output)?;
    let name = args
        .name
        .as_deref()
        .expect("clap requires NAME without --list");
    let grant = well_known::render(
        name,
        &Target {
            partition: args.partition.clone(),
            cluster: args.cluster_name.clone(),
            region: args.region.clone(),
            account: args.account.clone(),
        },
    )?;
    match grant {
        Grant::Managed { arn } => {
            let text = match args.output.output {
                output::DocumentFormat::Json => {
                    output::to_json(&serde_json::json!({"managedPolicyArn": arn}))
                }
                output::DocumentFormat::Yaml => {
                    output::to_yaml(&serde_json::json!({"managedPolicyArn": arn}))
                }
            };
            printer.document(&text, args.output.file.as_deref())?;
            printer.note(&format!(
                "{name} is the AWS managed policy {arn}: attach it (`epi association create … --create-role --well-known-policy {name}`, or `aws iam attach-role-policy --policy-arn {arn}`)"
            ));
        }
        Grant::Inline { document } => {
            printer.document(
                &output::render_document(&document, args.output.output),
                args.output.file.as_deref(),
            )?;
        }
    }
    if let Some(path) = &args.output.file {
        printer.note(&format!("wrote {}", path.display()));
    }
    Ok(exit::SUCCESS)
}
