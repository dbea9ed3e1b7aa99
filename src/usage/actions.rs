//! A CloudTrail event as the IAM action it needed: `eventSource` and `eventName` to
//! `prefix:Action`, checked against epi's IAM catalogue. Most services log each API operation
//! under the operation's name and their endpoint under the IAM prefix, and the catalogue confirms
//! the action exists; the exceptions below are written out with their sources. What is still not
//! an action of the catalogue is reported as unmapped, never guessed.

use crate::policy::catalogue;

/// Event sources whose endpoint is not the service's IAM prefix (Service Authorization
/// Reference, each service's "service prefix"; the endpoint is the event source's first label,
/// CloudTrail User Guide, "CloudTrail record contents", `eventSource`).
const PREFIXES: &[(&str, &str)] = &[
    // CloudWatch's API endpoint is monitoring.REGION.amazonaws.com; its prefix is cloudwatch.
    ("monitoring", "cloudwatch"),
    // Amazon SES's endpoint is email.REGION.amazonaws.com; its prefix is ses.
    ("email", "ses"),
    // The Resource Groups Tagging API's endpoint is tagging.REGION.amazonaws.com; prefix tag.
    ("tagging", "tag"),
];

/// Event names that are not the action they need, each from the operation's "Permissions"
/// section in its service's API Reference (Amazon S3 API Reference for S3's).
const ACTIONS: &[(&str, &str, &str)] = &[
    // ListObjects, ListObjectsV2 and HeadBucket need s3:ListBucket.
    ("s3", "ListObjects", "ListBucket"),
    ("s3", "ListObjectsV2", "ListBucket"),
    ("s3", "HeadBucket", "ListBucket"),
    // ListObjectVersions needs s3:ListBucketVersions.
    ("s3", "ListObjectVersions", "ListBucketVersions"),
    // HeadObject needs s3:GetObject.
    ("s3", "HeadObject", "GetObject"),
    // The multipart upload operations need s3:PutObject; listing them their own actions.
    ("s3", "CreateMultipartUpload", "PutObject"),
    ("s3", "UploadPart", "PutObject"),
    ("s3", "UploadPartCopy", "PutObject"),
    ("s3", "CompleteMultipartUpload", "PutObject"),
    ("s3", "ListMultipartUploads", "ListBucketMultipartUploads"),
    ("s3", "ListParts", "ListMultipartUploadParts"),
    // CopyObject writes its target with s3:PutObject (it reads its source with s3:GetObject).
    ("s3", "CopyObject", "PutObject"),
    // DeleteObjects needs s3:DeleteObject for each key.
    ("s3", "DeleteObjects", "DeleteObject"),
    // Lambda's Invoke operation is the lambda:InvokeFunction action.
    ("lambda", "Invoke", "InvokeFunction"),
];

/// The IAM action an event needed (`s3:GetObject`, in the catalogue's spelling), or None when
/// the catalogue has no such action: the caller counts it as unmapped.
pub fn action_of(event_source: &str, event_name: &str) -> Option<String> {
    let endpoint = event_source.strip_suffix(".amazonaws.com")?;
    let endpoint = endpoint.split('.').next().unwrap_or(endpoint);
    let prefix = PREFIXES
        .iter()
        .find(|(e, _)| *e == endpoint)
        .map_or(endpoint, |(_, p)| *p);
    let name = ACTIONS
        .iter()
        .find(|(p, e, _)| *p == prefix && *e == event_name)
        .map_or_else(|| lambda_name(prefix, event_name), |(_, _, a)| *a);
    let service = catalogue::service(prefix)?;
    let action = service.action(name)?;
    Some(format!("{prefix}:{}", action.name))
}

/// Lambda logs its management operations with the API version they were called under
/// (`GetFunction20150331v2`, `UpdateFunctionConfiguration20150331v2`; CloudTrail User Guide's
/// Lambda examples): the action is the name without it.
fn lambda_name<'a>(prefix: &str, name: &'a str) -> &'a str {
    if prefix != "lambda" {
        return name;
    }
    let trimmed = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == 'v');
    // A date of eight digits ends the operation's name.
    match name.len() - trimmed.len() {
        n if n >= 8 && name[trimmed.len()..].starts_with("20") => trimmed,
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::action_of;

    #[test]
    fn events_map_to_catalogue_actions() {
        assert_eq!(
            action_of("s3.amazonaws.com", "GetObject").as_deref(),
            Some("s3:GetObject")
        );
        assert_eq!(
            action_of("s3.amazonaws.com", "ListObjectsV2").as_deref(),
            Some("s3:ListBucket")
        );
        assert_eq!(
            action_of("s3.amazonaws.com", "HeadObject").as_deref(),
            Some("s3:GetObject")
        );
        assert_eq!(
            action_of("monitoring.amazonaws.com", "PutMetricData").as_deref(),
            Some("cloudwatch:PutMetricData")
        );
        assert_eq!(
            action_of("lambda.amazonaws.com", "GetFunction20150331v2").as_deref(),
            Some("lambda:GetFunction")
        );
        assert_eq!(
            action_of("lambda.amazonaws.com", "Invoke").as_deref(),
            Some("lambda:InvokeFunction")
        );
        assert_eq!(
            action_of("sts.amazonaws.com", "AssumeRole").as_deref(),
            Some("sts:AssumeRole")
        );
    }

    #[test]
    fn what_the_catalogue_lacks_is_not_guessed() {
        assert_eq!(action_of("s3.amazonaws.com", "NoSuchOperation"), None);
        assert_eq!(action_of("nosuchservice.amazonaws.com", "GetThing"), None);
        assert_eq!(action_of("signin.example.com", "ConsoleLogin"), None);
    }
}
