//! `epi s3-csi scaffold`: PV + PVC (and optionally ServiceAccount, Pod, IAM policy) for a bucket.

use crate::cli::ScaffoldArgs;
use crate::error::{Error, Result, exit};
use crate::manifest::{self, mount_options, s3_csi};
use crate::output::{self, Printer};
use crate::policy::s3_mount;
use crate::validate::{Arn, arn::PARTITIONS, names};

pub fn run(args: &ScaffoldArgs, printer: Printer) -> Result<u8> {
    let with_policy = args.with_policy || args.policy_file.is_some();
    if with_policy && args.file.is_none() && args.policy_file.is_none() {
        return Err(Error::usage(
            "--with-policy needs somewhere to put the second document: stdout carries only one",
            "give -f FILE for the manifests (the policy then goes to stdout), or --policy-file FILE",
        ));
    }
    if let (Some(m), Some(p)) = (&args.file, &args.policy_file)
        && m == p
    {
        return Err(Error::invalid(
            "output file",
            p.display().to_string(),
            "the manifests and the policy would go to the same file",
        )
        .with_hint("give -f and --policy-file different paths"));
    }
    if args.account.is_some() && !with_policy {
        return Err(Error::usage(
            "--account is only used for the IAM policy",
            "add --with-policy, or leave out --account",
        ));
    }
    for path in [&args.file, &args.policy_file].into_iter().flatten() {
        output::check_output_path(path)?;
    }

    let spec = s3_csi::Spec {
        bucket: args.bucket.clone(),
        name: args.name.clone(),
        namespace: args.namespace.clone(),
        pv_name: args.pv_name.clone(),
        capacity: args.capacity.clone(),
        read_only: args.read_only,
        prefix: args.prefix.clone(),
        region: args.region.clone(),
        sts_region: args.sts_region.clone(),
        mount_options: args.mount_options.clone(),
        authentication_source: args.authentication_source.into(),
        service_account: args.service_account.clone(),
        driver_version: args.driver_version.into(),
        cache: args.cache.map(Into::into),
        cache_size_limit: args.cache_size_limit.clone(),
        cache_medium: args.cache_medium.clone(),
        cache_storage_class: args.cache_storage_class.clone(),
        cache_storage_request: args.cache_storage_request.clone(),
        zone: args.zone.clone(),
        with_pod: args.with_pod,
        pod_image: args.pod_image.clone(),
        mount_path: args.mount_path.clone(),
    };
    let scaffold = s3_csi::build(&spec)?;
    check_express_region(args, &scaffold)?;
    let manifests = manifest::render_objects(&scaffold.objects(), args.output.into());
    let policy = if with_policy {
        Some(policy_for(args, &scaffold)?)
    } else {
        None
    };

    // Everything is computed and valid: now write, files first (all or nothing), then stdout.
    let mut files: Vec<(&std::path::Path, &str)> = Vec::new();
    let mut stdout = None;
    match &args.file {
        Some(path) => files.push((path, &manifests)),
        None => stdout = Some(manifests.as_str()),
    }
    if let Some(policy) = &policy {
        match &args.policy_file {
            Some(path) => files.push((path, policy)),
            None => stdout = Some(policy.as_str()),
        }
    }
    output::write_files_atomically(&files)?;
    for (path, _) in &files {
        printer.note(&format!("wrote {}", path.display()));
    }
    if let Some(text) = stdout {
        printer.stdout(text)?;
    }
    credentials_note(args, printer);
    Ok(exit::SUCCESS)
}

/// A directory bucket's name carries its zone id, which names its region: a different region
/// could never reach the bucket.
fn check_express_region(args: &ScaffoldArgs, scaffold: &s3_csi::Scaffold) -> Result<()> {
    let region = mount_options::value(&scaffold.mount_options, "region");
    if scaffold.bucket_kind == names::BucketKind::Express
        && let (Some(r), Some(zone)) = (
            region,
            args.bucket
                .strip_suffix("--x-s3")
                .and_then(|b| b.rsplit_once("--"))
                .map(|(_, zone)| zone),
        )
        && let Some(zone_region) = names::region_of_zone_id(zone)
        && zone_region != r
    {
        return Err(Error::invalid(
            "region",
            r,
            format!(
                "bucket {} lives in zone {zone}, which is in {zone_region}",
                args.bucket
            ),
        )
        .with_hint(format!(
            "give --region {zone_region}, the directory bucket's own region"
        )));
    }
    Ok(())
}

fn policy_for(args: &ScaffoldArgs, scaffold: &s3_csi::Scaffold) -> Result<String> {
    if !PARTITIONS.contains(&args.partition.as_str()) {
        return Err(Error::invalid(
            "partition",
            args.partition.as_str(),
            "it is not an AWS partition",
        )
        .with_hint(format!("give one of: {}", PARTITIONS.join(", "))));
    }
    let opts = &scaffold.mount_options;
    let region = mount_options::value(opts, "region").map(str::to_string);
    let kms_key_arn = mount_options::value(opts, "sse-kms-key-id")
        .map(|k| Arn::kms_key("KMS key", k).map(|a| a.to_string()))
        .transpose()?;
    // Values that could never match each other are refused: the policy would grant nothing.
    if let Some(r) = &region
        && names::partition_of_region(r) != args.partition
    {
        return Err(Error::invalid(
            "region",
            r.as_str(),
            format!(
                "it is in partition {:?}, but --partition is {:?}",
                names::partition_of_region(r),
                args.partition
            ),
        )
        .with_hint(format!(
            "give --partition {} for region {r}, or a region of partition {}",
            names::partition_of_region(r),
            args.partition
        )));
    }
    if let Some(key) = &kms_key_arn
        && let Ok(arn) = Arn::parse("KMS key", key)
        && arn.partition != args.partition
    {
        return Err(Error::invalid(
            "KMS key",
            key.as_str(),
            format!(
                "its partition is {:?}, but --partition is {:?}",
                arn.partition, args.partition
            ),
        )
        .with_hint("give the key of the bucket's partition, or the matching --partition"));
    }
    let express = scaffold.bucket_kind == names::BucketKind::Express;
    if express {
        match &args.account {
            Some(a) => names::account_or_wildcard(a)?,
            None => {
                return Err(Error::usage(
                    "the IAM policy of an S3 Express One Zone bucket names the bucket's account: give --account",
                    "add --account 111122223333 (or --account '*' for any account)",
                ));
            }
        }
        if region.is_none() {
            return Err(Error::usage(
                "the IAM policy of an S3 Express One Zone bucket names the bucket's region: give --region",
                "add --region, e.g. --region us-east-1",
            ));
        }
    }
    let mount = s3_mount::Mount {
        partition: args.partition.clone(),
        bucket: args.bucket.clone(),
        kind: scaffold.bucket_kind,
        read_only: args.read_only,
        allow_delete: opts.iter().any(|o| o.key == "allow-delete"),
        prefix: mount_options::value(opts, "prefix").map(str::to_string),
        region,
        account: args.account.clone(),
        kms_key_arn,
    };
    Ok(output::to_json(&s3_mount::render(&mount)?))
}

/// Tells the user which service account needs the Pod Identity association.
fn credentials_note(args: &ScaffoldArgs, printer: Printer) {
    let (ns, sa) = match (args.authentication_source.into(), &args.service_account) {
        (s3_csi::AuthenticationSource::Pod, Some(sa)) => (args.namespace.as_str(), sa.as_str()),
        (s3_csi::AuthenticationSource::Pod, None) => {
            printer.note(&format!(
                "with --authentication-source pod, each pod mounting the claim uses its own service account in {}: \
                 give it a Pod Identity association with a role allowed the policy",
                args.namespace
            ));
            return;
        }
        (s3_csi::AuthenticationSource::Driver, _) => s3_csi::DRIVER_SERVICE_ACCOUNT,
    };
    printer.note(&format!(
        "credentials come from {ns}/{sa}: associate it with a role that has the mount's policy, e.g. \
         `epi association create --cluster CLUSTER --namespace {ns} --service-account {sa} --role-arn ROLE_ARN`"
    ));
}
