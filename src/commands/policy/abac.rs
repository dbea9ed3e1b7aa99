//! `epi policy abac`: list the templates, or render one.

use crate::cli::{AbacArgs, AbacTemplate, LocationArgs};
use crate::error::{Error, Result, exit};
use crate::output::{self, DataFormat, Printer};
use crate::policy::abac::{self, Location, TEMPLATES, Template};

pub fn run(args: &AbacArgs, printer: Printer) -> Result<u8> {
    let Some(template) = &args.template else {
        if args.list {
            return list(args.output, printer);
        }
        return Err(Error::usage(
            "name a template, or give --list",
            "run `epi policy abac --list` to see the templates",
        ));
    };
    let (template, location, out) = match template {
        AbacTemplate::S3Prefix(a) => (
            Template::S3Prefix {
                bucket: a.bucket.clone(),
                scope: a.scope.into(),
                read_only: a.read_only,
                prefix: a.prefix.clone(),
            },
            Location {
                partition: a.partition.clone(),
                region: None,
                account: None,
            },
            &a.output,
        ),
        AbacTemplate::Dynamodb(a) => (
            Template::DynamoDb {
                table: a.table.clone(),
                scope: a.scope.into(),
                read_only: a.read_only,
            },
            location(&a.location),
            &a.output,
        ),
        AbacTemplate::SecretsManager(a) => (
            Template::SecretsManager {
                scope: a.scope.into(),
            },
            location(&a.location),
            &a.output,
        ),
        AbacTemplate::SsmParameters(a) => (
            Template::SsmParameters {
                path: a.path.clone(),
                scope: a.scope.into(),
                read_only: a.read_only,
            },
            location(&a.location),
            &a.output,
        ),
        AbacTemplate::Sqs(a) => (
            Template::Sqs {
                scope: a.scope.into(),
            },
            location(&a.location),
            &a.output,
        ),
    };
    super::precheck(out)?;
    let doc = abac::render(&template, &location)?;
    super::emit(&doc, out, printer)?;
    Ok(exit::SUCCESS)
}

fn location(args: &LocationArgs) -> Location {
    Location {
        partition: args.partition.clone(),
        region: args.region.clone(),
        account: args.account.clone(),
    }
}

fn list(format: DataFormat, printer: Printer) -> Result<u8> {
    let text = match format {
        DataFormat::Json => output::to_json(TEMPLATES),
        DataFormat::Yaml => output::to_yaml(&TEMPLATES),
        DataFormat::Table | DataFormat::Wide => {
            let mut table = output::table(&["TEMPLATE", "GRANTS"]);
            for t in TEMPLATES {
                table.add_row(vec![t.name, t.description]);
            }
            output::render_table(&table)
        }
    };
    printer.stdout(&text)?;
    Ok(exit::SUCCESS)
}
