
use builtin;
use str;

set edit:completion:arg-completer[epi] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'epi'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'epi'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand policy 'Generate and lint IAM policies for Pod Identity (offline)'
            cand s3-csi 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)'
            cand addon 'Install, upgrade and check the eks-pod-identity-agent add-on'
            cand association 'Create, list, describe, update and delete Pod Identity associations'
            cand access 'What Pod Identity lets service accounts reach, who can reach a resource, and access tests (read-only)'
            cand migrate-irsa 'Move IRSA service accounts of a cluster to Pod Identity associations, safely and resumably'
            cand doctor 'Check a cluster''s Pod Identity set-up and say what is wrong and how to fix it (read-only)'
            cand plan 'Compare declarative files with the live state and print what apply would change (read-only)'
            cand apply 'Make the live state match declarative files (or carry out a saved plan)'
            cand export 'Write a cluster''s live associations as a file: epi''s format, Terraform or eksctl'
            cand schema 'Print the JSON Schema of the declarative file (for editors; offline)'
            cand usage 'What each service account really did, from CloudTrail: its calls, denied calls and resources (read-only)'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;policy'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand trust 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
            cand abac 'Print an ABAC permission policy from a template that uses the session tags'
            cand lint 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
            cand simulate 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)'
            cand well-known 'Print a well-known policy (eksctl''s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;policy;trust'= {
            cand --namespace 'Only pods in this namespace (repeatable)'
            cand --namespaces 'Only pods in this namespace (repeatable)'
            cand --service-account 'Only pods using this service account (repeatable). With several namespaces, name pairs as NAMESPACE/SERVICE_ACCOUNT instead (no --namespace): one statement per pair'
            cand --cluster-name 'Only pods of this EKS cluster, by name (repeatable)'
            cand --cluster-arn 'Only pods of this EKS cluster, by ARN (repeatable)'
            cand --source-role-arn 'The association''s role, in the cluster''s account, that assumes the target role'
            cand --external-id 'The externalId EKS returned for the association (`epi association describe` shows it): the target role then requires it'
            cand -o 'Document format'
            cand --output 'Document format'
            cand -f 'Write the document to FILE (atomically) instead of stdout'
            cand --file 'Write the document to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --target-role 'Print the trust policy of a cross-account target role instead (needs --source-role-arn)'
            cand --no-session-tags 'For associations with session tags disabled: trust by external id instead of tags'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;abac'= {
            cand -o 'Format of --list'
            cand --output 'Format of --list'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --list 'List the templates with what each grants'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand s3-prefix 'S3 objects under a key prefix named by the cluster, namespace or service account'
            cand dynamodb 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT'
            cand secrets-manager 'Secrets Manager secrets whose resource tags match the caller''s session tags'
            cand ssm-parameters 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]'
            cand sqs 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;policy;abac;s3-prefix'= {
            cand --bucket 'The bucket'
            cand --scope 'Whose prefix: cluster (CLUSTER/), namespace (NAMESPACE/), service-account (NAMESPACE/SA/)'
            cand --prefix 'A fixed prefix in front of the tag-named one, ending in ''/'''
            cand --partition 'AWS partition of the ARNs'
            cand -o 'Document format'
            cand --output 'Document format'
            cand -f 'Write the document to FILE (atomically) instead of stdout'
            cand --file 'Write the document to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --read-only 'Grant reading only'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;abac;dynamodb'= {
            cand --table 'The table'
            cand --scope 'Whose items: partition key equal to the cluster, the namespace, or NAMESPACE/SA'
            cand --region 'Region of the resources (''*'' for any region)'
            cand --account 'Account id of the resources (''*'' for any account)'
            cand --partition 'AWS partition of the ARNs'
            cand -o 'Document format'
            cand --output 'Document format'
            cand -f 'Write the document to FILE (atomically) instead of stdout'
            cand --file 'Write the document to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --read-only 'Grant reading only'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;abac;secrets-manager'= {
            cand --scope 'Which tags must match: cluster (eks-cluster-name), namespace (kubernetes-namespace), service-account (kubernetes-namespace and kubernetes-service-account)'
            cand --region 'Region of the resources (''*'' for any region)'
            cand --account 'Account id of the resources (''*'' for any account)'
            cand --partition 'AWS partition of the ARNs'
            cand -o 'Document format'
            cand --output 'Document format'
            cand -f 'Write the document to FILE (atomically) instead of stdout'
            cand --file 'Write the document to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;abac;ssm-parameters'= {
            cand --path 'A fixed path in front of the tag-named one, e.g. /apps'
            cand --scope 'Depth of the path: /CLUSTER, /CLUSTER/NAMESPACE, /CLUSTER/NAMESPACE/SA'
            cand --region 'Region of the resources (''*'' for any region)'
            cand --account 'Account id of the resources (''*'' for any account)'
            cand --partition 'AWS partition of the ARNs'
            cand -o 'Document format'
            cand --output 'Document format'
            cand -f 'Write the document to FILE (atomically) instead of stdout'
            cand --file 'Write the document to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --read-only 'Grant reading only'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;abac;sqs'= {
            cand --scope 'Queue name prefix: namespace (NAMESPACE_) or service-account (NAMESPACE_SA_)'
            cand --region 'Region of the resources (''*'' for any region)'
            cand --account 'Account id of the resources (''*'' for any account)'
            cand --partition 'AWS partition of the ARNs'
            cand -o 'Document format'
            cand --output 'Document format'
            cand -f 'Write the document to FILE (atomically) instead of stdout'
            cand --file 'Write the document to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;abac;help'= {
            cand s3-prefix 'S3 objects under a key prefix named by the cluster, namespace or service account'
            cand dynamodb 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT'
            cand secrets-manager 'Secrets Manager secrets whose resource tags match the caller''s session tags'
            cand ssm-parameters 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]'
            cand sqs 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;policy;abac;help;s3-prefix'= {
        }
        &'epi;policy;abac;help;dynamodb'= {
        }
        &'epi;policy;abac;help;secrets-manager'= {
        }
        &'epi;policy;abac;help;ssm-parameters'= {
        }
        &'epi;policy;abac;help;sqs'= {
        }
        &'epi;policy;abac;help;help'= {
        }
        &'epi;policy;lint'= {
            cand --stdin-name 'The name standard input''s findings are reported under (SARIF uri, annotation file)'
            cand --kind 'What the policy is [default: detected: no Principal is identity, a Principal with a Resource is resource, a Principal alone is trust]'
            cand -o 'Format of the findings: sarif is SARIF 2.1.0 for code scanning, github one workflow-command annotation per finding'
            cand --output 'Format of the findings: sarif is SARIF 2.1.0 for code scanning, github one workflow-command annotation per finding'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;simulate'= {
            cand --action 'The action asked for (SERVICE:NAME, no wildcards)'
            cand --resource 'The resource''s ARN, or * for actions without resource-level permissions'
            cand --policy 'An identity policy of the caller (repeat for several)'
            cand --permissions-boundary 'The caller''s permissions boundary'
            cand --session-policy 'The session policy passed when the session was made'
            cand --resource-policy 'The resource''s own policy (bucket policy, key policy, a role''s trust policy)'
            cand --scp 'Service control policies of one level of the organisation; repeat per level, root first'
            cand --rcp 'Resource control policies of one level; repeat per level, root first (RCPFullAWSAccess is implied at every level)'
            cand --vpc-endpoint-policy 'The policy of the VPC endpoint the request goes through'
            cand --principal 'Who asks: an IAM or STS ARN, a service principal, or anonymous [default: an IAM principal of the resource''s account]'
            cand --resource-account 'The account that owns the resource, for ARNs without one (S3) [default: the caller''s]'
            cand --context 'A condition key''s value; repeat a key for several values'
            cand --expect 'Exit 1 unless the decision is this one'
            cand --input 'The whole request as one JSON document (see docs/json-output.md), or - for standard input'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;well-known'= {
            cand --partition 'AWS partition of the policy''s ARNs'
            cand --cluster-name 'The cluster (karpenter is scoped to it)'
            cand --region 'The cluster''s region (karpenter)'
            cand --account 'The cluster''s account (karpenter)'
            cand --list-output 'Format of --list'
            cand -o 'Document format'
            cand --output 'Document format'
            cand -f 'Write the document to FILE (atomically) instead of stdout'
            cand --file 'Write the document to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --list 'List the well-known policies, what each gives and where it comes from'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;help'= {
            cand trust 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
            cand abac 'Print an ABAC permission policy from a template that uses the session tags'
            cand lint 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
            cand simulate 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)'
            cand well-known 'Print a well-known policy (eksctl''s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;policy;help;trust'= {
        }
        &'epi;policy;help;abac'= {
            cand s3-prefix 'S3 objects under a key prefix named by the cluster, namespace or service account'
            cand dynamodb 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT'
            cand secrets-manager 'Secrets Manager secrets whose resource tags match the caller''s session tags'
            cand ssm-parameters 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]'
            cand sqs 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)'
        }
        &'epi;policy;help;abac;s3-prefix'= {
        }
        &'epi;policy;help;abac;dynamodb'= {
        }
        &'epi;policy;help;abac;secrets-manager'= {
        }
        &'epi;policy;help;abac;ssm-parameters'= {
        }
        &'epi;policy;help;abac;sqs'= {
        }
        &'epi;policy;help;lint'= {
        }
        &'epi;policy;help;simulate'= {
        }
        &'epi;policy;help;well-known'= {
        }
        &'epi;policy;help;help'= {
        }
        &'epi;s3-csi'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scaffold 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;s3-csi;scaffold'= {
            cand --bucket 'The S3 bucket (general purpose, or S3 Express One Zone NAME--AZID--x-s3)'
            cand --name 'Name of the PersistentVolumeClaim'
            cand --namespace 'Namespace of the claim (and of the service account and pod)'
            cand --pv-name 'Name of the PersistentVolume [default: NAMESPACE-NAME]'
            cand --capacity 'Capacity to declare (required by Kubernetes, ignored by the driver)'
            cand --prefix 'Mount only keys under this prefix (must end with ''/'')'
            cand --region 'The bucket''s region (the region mount option)'
            cand --sts-region 'Region for STS calls (the stsRegion volume attribute)'
            cand --mount-option 'A Mountpoint option (repeatable), e.g. allow-delete, uid=1000, metadata-ttl=300'
            cand --authentication-source 'Whose credentials Mountpoint uses: the driver''s (kube-system/s3-csi-driver-sa) or the pod''s'
            cand --service-account 'With --authentication-source pod: the workload''s service account (also emitted)'
            cand --driver-version 'Installed driver major version (v1 is IRSA-only)'
            cand --cache 'Local cache of Mountpoint (driver v2)'
            cand --cache-size-limit 'emptyDir cache: size limit (cacheEmptyDirSizeLimit)'
            cand --cache-medium 'emptyDir cache: medium, Memory for tmpfs (cacheEmptyDirMedium)'
            cand --cache-storage-class 'ephemeral cache: storage class (cacheEphemeralStorageClassName)'
            cand --cache-storage-request 'ephemeral cache: size requested (cacheEphemeralStorageResourceRequest)'
            cand --zone 'S3 Express One Zone: the availability zone of the bucket, to pin the volume to'
            cand --pod-image 'Image of the example pod'
            cand --mount-path 'Where the example pod mounts the volume'
            cand --policy-file 'Write the IAM policy to FILE (atomically); implies --with-policy'
            cand --account 'S3 Express One Zone policy: account id of the bucket (''*'' for any)'
            cand --partition 'AWS partition of the policy''s ARNs'
            cand -o 'Manifest format'
            cand --output 'Manifest format'
            cand -f 'Write the manifests to FILE (atomically) instead of stdout'
            cand --file 'Write the manifests to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --read-only 'Mount read-only (ReadOnlyMany, read-only mount option, read-only IAM policy)'
            cand --with-pod 'Also emit an example Pod that mounts the claim'
            cand --with-policy 'Also produce the IAM policy the mount needs (to stdout when -f is given, else to --policy-file)'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;s3-csi;help'= {
            cand scaffold 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;s3-csi;help;scaffold'= {
        }
        &'epi;s3-csi;help;help'= {
        }
        &'epi;addon'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand install 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy'
            cand status 'Show whether the agent add-on is installed, its version, status and health'
            cand roles 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;addon;install'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand --version 'Add-on version, or "latest" [default: EKS''s default version for the cluster''s Kubernetes version]'
            cand --resolve-conflicts 'What to do with fields of the add-on''s objects changed by hand'
            cand --timeout 'Most seconds to wait'
            cand --poll-interval 'Seconds between status checks while waiting'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --ipv4-only 'Serve credentials on IPv4 only (for nodes without IPv6)'
            cand --hybrid 'Also run the agent on EKS hybrid nodes (add-on v1.3.3-eksbuild.1 or later)'
            cand --wait 'Wait until the add-on is ACTIVE [default: on a terminal]'
            cand --no-wait 'Do not wait'
            cand --dry-run 'Show what would be done; change nothing'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'epi;addon;status'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;addon;roles'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand --addon 'Only this add-on, installed or not (repeatable) [default: every installed add-on]'
            cand --role-name-template 'The name of a created role: {cluster}, {addon} and {serviceAccount} are replaced; names over IAM''s 64 characters are cut and end with a hash of the full name'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --create 'Create the missing roles and give them to the add-ons'
            cand --dry-run 'With --create: print what would be done; change nothing'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;addon;help'= {
            cand install 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy'
            cand status 'Show whether the agent add-on is installed, its version, status and health'
            cand roles 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;addon;help;install'= {
        }
        &'epi;addon;help;status'= {
        }
        &'epi;addon;help;roles'= {
        }
        &'epi;addon;help;help'= {
        }
        &'epi;association'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create an association (namespace/service account -> role), checking the role''s trust first'
            cand list 'List associations with their roles, across clusters and regions'
            cand describe 'Show one association'
            cand update 'Change an association''s role, target role, session tags or session policy'
            cand delete 'Delete an association'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;association;create'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand --namespace 'Namespace of the service account (need not exist yet)'
            cand --service-account 'The service account (need not exist yet)'
            cand --role-arn 'The role pods get, in the cluster''s account'
            cand --target-role-arn 'A role in another account that EKS assumes with the association''s role (role chaining)'
            cand --session-policy 'A session policy (JSON file) further limiting the credentials; needs --disable-session-tags'
            cand --tag 'A tag on the association, KEY=VALUE (repeatable)'
            cand --role-name 'Name of the role to create'
            cand --role-path 'Path of the role to create, e.g. /eks/'
            cand --permissions-boundary 'Permissions boundary of the role to create (a policy ARN)'
            cand --attach-policy-arn 'A managed policy to attach to the role to create (repeatable)'
            cand --well-known-policy 'With --create-role: a well-known policy for the role (repeatable; `epi policy well-known --list`)'
            cand --abac-template 'Give the created role an inline ABAC policy from this template (see `epi policy abac --list`)'
            cand --abac-scope 'ABAC template: whose resources (cluster, namespace, service-account)'
            cand --abac-bucket 'ABAC template s3-prefix: the bucket'
            cand --abac-prefix 'ABAC template s3-prefix: a fixed key prefix ending in ''/'''
            cand --abac-table 'ABAC template dynamodb: the table'
            cand --abac-path 'ABAC template ssm-parameters: a fixed path prefix'
            cand --settle-delay 'Seconds to wait after a trust-policy edit (--fix-trust, or the target role''s with --target-profile/--target-assume-role-arn) before reading the role again and writing the statement back if another writer''s late write replaced it (IAM has no conditional write); 0 skips the wait, not the check'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --target-profile 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)'
            cand --target-assume-role-arn 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --disable-session-tags 'Do not tag the sessions (needed for a session policy, or when tags overflow)'
            cand --fix-trust 'Add the Pod Identity statement to the role''s trust policy when it lacks it (other statements are kept)'
            cand --allow-unscoped-trust 'With --fix-trust and --disable-session-tags: accept a trust statement that cannot be scoped to the service account (EKS then sends no request tags), so any association of the account may use the role'
            cand --create-role 'Create the role first, trusting pods.eks.amazonaws.com scoped to this namespace and service account'
            cand --no-scope 'Do not scope the created role''s trust to this namespace and service account'
            cand --abac-read-only 'ABAC template: grant reading only'
            cand --dry-run 'Show what would be done; change nothing'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;association;list'= {
            cand --cluster 'The EKS cluster (repeatable)'
            cand --region 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]'
            cand --regions 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]'
            cand --namespace 'Only the associations of this namespace (repeatable, or comma-separated)'
            cand --namespaces 'Only the associations of this namespace (repeatable, or comma-separated)'
            cand --role-arn 'Only the associations whose role or target role is this ARN (repeatable): who uses a role'
            cand --role-name 'Only the associations whose role or target role has this name (repeatable)'
            cand --service-account 'Only this service account'
            cand --concurrency 'Most AWS calls in flight at once'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --accounts 'Accounts to cover: IDs (comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]'
            cand --exclude-account 'An account to leave out (repeatable)'
            cand --assume-role-name 'The role assumed in each other account'
            cand --assume-role-arn-template 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader'''
            cand --external-id 'The external id the assumed roles require'
            cand --role-session-name 'The session name of the assumed roles (seen in CloudTrail)'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --all-clusters 'Every cluster of each region'
            cand --all-regions 'Every region where EKS is offered (the list in docs/commands.md)'
            cand --allow-partial 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;association;describe'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand --id 'The association id (a-…)'
            cand --namespace 'The namespace (with --service-account)'
            cand --service-account 'The service account (with --namespace)'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;association;update'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand --id 'The association id (a-…)'
            cand --namespace 'The namespace (with --service-account)'
            cand --service-account 'The service account (with --namespace)'
            cand --role-arn 'The new role'
            cand --target-role-arn 'The new target role (role chaining)'
            cand --session-policy 'A session policy (JSON file); the association must have session tags disabled'
            cand --settle-delay 'Seconds to wait after a trust-policy edit (--fix-trust, or the target role''s with --target-profile/--target-assume-role-arn) before reading the role again and writing the statement back if another writer''s late write replaced it (IAM has no conditional write); 0 skips the wait, not the check'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --target-profile 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)'
            cand --target-assume-role-arn 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --disable-session-tags 'Stop tagging the sessions'
            cand --enable-session-tags 'Tag the sessions again'
            cand --fix-trust 'Add the Pod Identity statement to the role''s trust policy when it lacks it (for a new role, or when session tags are switched)'
            cand --allow-unscoped-trust 'With --fix-trust and session tags disabled: accept a trust statement that cannot be scoped to the service account (EKS then sends no request tags), so any association of the account may use the role'
            cand --dry-run 'Show what would change; change nothing'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;association;delete'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand --id 'The association id (a-…)'
            cand --namespace 'The namespace (with --service-account)'
            cand --service-account 'The service account (with --namespace)'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand --dry-run 'Show what would be deleted; delete nothing'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;association;help'= {
            cand create 'Create an association (namespace/service account -> role), checking the role''s trust first'
            cand list 'List associations with their roles, across clusters and regions'
            cand describe 'Show one association'
            cand update 'Change an association''s role, target role, session tags or session policy'
            cand delete 'Delete an association'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;association;help;create'= {
        }
        &'epi;association;help;list'= {
        }
        &'epi;association;help;describe'= {
        }
        &'epi;association;help;update'= {
        }
        &'epi;association;help;delete'= {
        }
        &'epi;association;help;help'= {
        }
        &'epi;access'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'The decision for a service account''s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)'
            cand who-can 'Every association whose pods may do an action on a resource'
            cand test 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;access;check'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand --namespace 'The service account''s namespace'
            cand --service-account 'The service account'
            cand --action 'The action, e.g. s3:GetObject'
            cand --resource 'The resource''s ARN (or * for actions without resource-level permissions)'
            cand --resource-account 'The resource''s account, for ARNs without one (S3) [default: the role''s account, stated in the output]'
            cand --context 'A context key epi cannot know, e.g. aws:SourceVpc=vpc-1 or aws:PrincipalTag/kubernetes-pod-name=web-0 (repeatable; a key given twice is multi-valued)'
            cand --resource-policy 'The resource''s own policy (bucket policy, key policy), JSON'
            cand --scp 'A service control policy of the role''s account (repeatable: one file per level of the organisation, root first; a file may hold a JSON list of that level''s policies)'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --target-profile 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)'
            cand --target-assume-role-arn 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;access;who-can'= {
            cand --action 'The action, e.g. s3:GetObject'
            cand --resource 'The resource''s ARN (or * for actions without resource-level permissions)'
            cand --resource-account 'The resource''s account, for ARNs without one (S3) [default: the role''s account, stated in the output]'
            cand --context 'A context key epi cannot know, e.g. aws:SourceVpc=vpc-1 or aws:PrincipalTag/kubernetes-pod-name=web-0 (repeatable; a key given twice is multi-valued)'
            cand --resource-policy 'The resource''s own policy (bucket policy, key policy), JSON'
            cand --scp 'A service control policy of the role''s account (repeatable: one file per level of the organisation, root first; a file may hold a JSON list of that level''s policies)'
            cand --cluster 'The EKS cluster (repeatable)'
            cand --region 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]'
            cand --regions 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]'
            cand --concurrency 'Most AWS calls in flight at once'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --target-profile 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)'
            cand --target-assume-role-arn 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)'
            cand --accounts 'Accounts to cover: IDs (comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]'
            cand --exclude-account 'An account to leave out (repeatable)'
            cand --assume-role-name 'The role assumed in each other account'
            cand --assume-role-arn-template 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader'''
            cand --external-id 'The external id the assumed roles require'
            cand --role-session-name 'The session name of the assumed roles (seen in CloudTrail)'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --all-clusters 'Every cluster of each region'
            cand --all-regions 'Every region where EKS is offered (the list in docs/commands.md)'
            cand --all 'Also the associations whose pods are denied, with why'
            cand --allow-partial 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;access;test'= {
            cand -f 'AccessTests and PodIdentityConfig files, YAML or JSON, or directories of them (repeatable; - for standard input)'
            cand --file 'AccessTests and PodIdentityConfig files, YAML or JSON, or directories of them (repeatable; - for standard input)'
            cand --region 'The region, overriding the files'' `region` [default: AWS_REGION, then the profile''s]'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --target-profile 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)'
            cand --target-assume-role-arn 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)'
            cand --kubeconfig 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]'
            cand --context 'The kubeconfig context of the cluster [default: the current context]'
            cand --kube-timeout 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --live 'Evaluate against the live cluster instead of the files'' desired state'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;access;help'= {
            cand check 'The decision for a service account''s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)'
            cand who-can 'Every association whose pods may do an action on a resource'
            cand test 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;access;help;check'= {
        }
        &'epi;access;help;who-can'= {
        }
        &'epi;access;help;test'= {
        }
        &'epi;access;help;help'= {
        }
        &'epi;migrate-irsa'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region [default: AWS_REGION, then the profile''s]'
            cand --namespace 'Only this namespace (repeatable) [default: every namespace]'
            cand --namespaces 'Only this namespace (repeatable) [default: every namespace]'
            cand --backup 'Where to write the backup of what is changed [default: epi-migrate-irsa-CLUSTER.json]'
            cand --concurrency 'Most service accounts worked on at once'
            cand --settle-delay 'Seconds to wait after the run''s last trust-policy edit before reading the edited roles again and restoring any statement another writer''s late write replaced (IAM has no conditional write); 0 skips the wait, not the check'
            cand -o 'Format of the plan and the report'
            cand --output 'Format of the plan and the report'
            cand --kubeconfig 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]'
            cand --context 'The kubeconfig context of the cluster [default: the current context]'
            cand --kube-timeout 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --dry-run 'Show the plan and change nothing'
            cand -y 'Carry out the plan without asking (required when not on a terminal)'
            cand --yes 'Carry out the plan without asking (required when not on a terminal)'
            cand --restart-workloads 'Restart the workloads of each migrated service account so pods get Pod Identity credentials'
            cand --remove-irsa 'Remove the IRSA annotation and this cluster''s IRSA trust once the pods use Pod Identity'
            cand --force 'Replace an association that points at another role'
            cand --no-install-agent 'Stop (instead of installing it) when the agent add-on is missing'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand rollback 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;migrate-irsa;rollback'= {
            cand --backup 'The backup file a migration wrote'
            cand -o 'Format of the report'
            cand --output 'Format of the report'
            cand --kubeconfig 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]'
            cand --context 'The kubeconfig context of the cluster [default: the current context]'
            cand --kube-timeout 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand --dry-run 'Print what the rollback would change (the engine''s plan); change nothing'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;migrate-irsa;help'= {
            cand rollback 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;migrate-irsa;help;rollback'= {
        }
        &'epi;migrate-irsa;help;help'= {
        }
        &'epi;doctor'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile''s]'
            cand --regions 'The cluster''s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile''s]'
            cand --namespace 'Only the associations of this namespace (repeatable) [default: every namespace]'
            cand --namespaces 'Only the associations of this namespace (repeatable) [default: every namespace]'
            cand --concurrency 'Most associations checked at once'
            cand -o 'Format of the report: junit (one test case per check), sarif (code scanning, logical locations) and github (workflow annotations) are for CI'
            cand --output 'Format of the report: junit (one test case per check), sarif (code scanning, logical locations) and github (workflow annotations) are for CI'
            cand --kubeconfig 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]'
            cand --context 'The kubeconfig context of the cluster [default: the current context]'
            cand --kube-timeout 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers'
            cand --target-profile 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)'
            cand --target-assume-role-arn 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)'
            cand --accounts 'Accounts to cover: IDs (comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]'
            cand --exclude-account 'An account to leave out (repeatable)'
            cand --assume-role-name 'The role assumed in each other account'
            cand --assume-role-arn-template 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader'''
            cand --external-id 'The external id the assumed roles require'
            cand --role-session-name 'The session name of the assumed roles (seen in CloudTrail)'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --all-clusters 'Every cluster of the regions and accounts asked for: one summary row per cluster'
            cand --detail 'With --all-clusters: each cluster''s full report after the summary'
            cand --all-regions 'With --all-clusters: every region where EKS is offered'
            cand --strict 'Fail on warnings and skipped checks too (for CI gates)'
            cand --no-kube 'Skip the checks that need the Kubernetes API'
            cand --allow-partial 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;plan'= {
            cand -f 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)'
            cand --file 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)'
            cand --cluster 'The cluster, overriding the files'' `cluster`'
            cand --region 'The region, overriding the files'' `region` [default: AWS_REGION, then the profile''s]'
            cand --out 'Save the plan for `epi apply --plan`'
            cand -o 'Format of the plan: markdown is a pull-request comment, github annotates the files'' lines'
            cand --output 'Format of the plan: markdown is a pull-request comment, github annotates the files'' lines'
            cand --kubeconfig 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]'
            cand --context 'The kubeconfig context of the cluster [default: the current context]'
            cand --kube-timeout 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --prune 'Delete what epi created for the files'' stack that no file names any longer: the stack''s associations of these clusters, and roles the stack created that nothing in the account uses (needs `stack` in the files; without --prune they are listed as notes)'
            cand --adopt 'Take existing associations and roles the files name into the files'' stack (tag them): those made outside epi, by an epi without stacks, or by another stack'
            cand --strict 'Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a region it could not read)'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;apply'= {
            cand -f 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)'
            cand --file 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)'
            cand --cluster 'The cluster, overriding the files'' `cluster`'
            cand --region 'The region, overriding the files'' `region` [default: AWS_REGION, then the profile''s]'
            cand --plan 'A plan saved by `epi plan --out`: its files are planned again against the live state, and the changes are carried out only if they are exactly the saved ones'
            cand --expect-digest 'With --plan: refuse the plan unless its digest (printed by `epi plan`) is this one'
            cand --concurrency 'Most changes made at once'
            cand --settle-delay 'Seconds to wait after the run''s last trust-policy edit before reading the edited roles again and restoring any statement another writer''s late write replaced (IAM has no conditional write); 0 skips the wait, not the check'
            cand -o 'Format of the plan and result'
            cand --output 'Format of the plan and result'
            cand --kubeconfig 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]'
            cand --context 'The kubeconfig context of the cluster [default: the current context]'
            cand --kube-timeout 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --prune 'Delete what epi created for the files'' stack that no file names any longer: the stack''s associations of these clusters, and roles the stack created that nothing in the account uses (needs `stack` in the files; without --prune they are listed as notes)'
            cand --adopt 'Take existing associations and roles the files name into the files'' stack (tag them): those made outside epi, by an epi without stacks, or by another stack'
            cand --strict 'Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a region it could not read)'
            cand -y 'Do not ask for confirmation (required when not on a terminal)'
            cand --yes 'Do not ask for confirmation (required when not on a terminal)'
            cand --dry-run 'Print the plan; change nothing'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;export'= {
            cand --cluster 'The EKS cluster'
            cand --region 'The cluster''s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile''s]'
            cand --regions 'The cluster''s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile''s]'
            cand --namespace 'Only the associations of this namespace (repeatable) [default: every namespace]'
            cand --namespaces 'Only the associations of this namespace (repeatable) [default: every namespace]'
            cand --format 'The file format'
            cand -f 'Write to this file instead of standard output'
            cand --file 'Write to this file instead of standard output'
            cand --accounts 'Accounts to cover: IDs (comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]'
            cand --exclude-account 'An account to leave out (repeatable)'
            cand --assume-role-name 'The role assumed in each other account'
            cand --assume-role-arn-template 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader'''
            cand --external-id 'The external id the assumed roles require'
            cand --role-session-name 'The session name of the assumed roles (seen in CloudTrail)'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --all-clusters 'Every cluster of the regions and accounts asked for: one document per cluster'
            cand --all-regions 'With --all-clusters: every region where EKS is offered'
            cand --allow-partial 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;schema'= {
            cand --kind 'The document kind whose schema to print'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;usage'= {
            cand --source 'CloudTrail events: a file, a directory of them (read recursively) or - for standard input (repeatable)'
            cand --since 'Only calls at or after this time: RFC 3339 (2026-12-01T00:00:00Z) or an age (90m, 24h, 7d)'
            cand --until 'Only calls before this time (RFC 3339 or an age)'
            cand --cluster 'Only this cluster''s service accounts (repeatable); its live associations are read for the association ids and the attribution by session name'
            cand --namespace 'Only this namespace (repeatable, or comma-separated)'
            cand --namespaces 'Only this namespace (repeatable, or comma-separated)'
            cand --service-account 'Only this service account'
            cand --region 'The region whose clusters'' live associations are read [default: AWS_REGION, then the profile''s]'
            cand -o 'Format of the result'
            cand --output 'Format of the result'
            cand --profile 'Named profile of the AWS config files [default: "default"]'
            cand --endpoint-url 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]'
            cand --max-attempts 'Most attempts per AWS call (adaptive retry on throttling and server faults)'
            cand --retry-mode 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)'
            cand --connect-timeout 'Seconds to wait for a connection to AWS'
            cand --read-timeout 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)'
            cand --operation-timeout 'Seconds one AWS call may take, retries included'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --all-clusters 'Every cluster the events name (the default)'
            cand --offline 'Read nothing from AWS: attribute calls from the events alone (no association ids, and no attribution by session name)'
            cand --strict 'Exit 1 when a source holds a malformed record or a damaged file'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;completions'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -v 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --verbose 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
            cand --debug 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;help'= {
            cand policy 'Generate and lint IAM policies for Pod Identity (offline)'
            cand s3-csi 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)'
            cand addon 'Install, upgrade and check the eks-pod-identity-agent add-on'
            cand association 'Create, list, describe, update and delete Pod Identity associations'
            cand access 'What Pod Identity lets service accounts reach, who can reach a resource, and access tests (read-only)'
            cand migrate-irsa 'Move IRSA service accounts of a cluster to Pod Identity associations, safely and resumably'
            cand doctor 'Check a cluster''s Pod Identity set-up and say what is wrong and how to fix it (read-only)'
            cand plan 'Compare declarative files with the live state and print what apply would change (read-only)'
            cand apply 'Make the live state match declarative files (or carry out a saved plan)'
            cand export 'Write a cluster''s live associations as a file: epi''s format, Terraform or eksctl'
            cand schema 'Print the JSON Schema of the declarative file (for editors; offline)'
            cand usage 'What each service account really did, from CloudTrail: its calls, denied calls and resources (read-only)'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;help;policy'= {
            cand trust 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
            cand abac 'Print an ABAC permission policy from a template that uses the session tags'
            cand lint 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
            cand simulate 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)'
            cand well-known 'Print a well-known policy (eksctl''s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents'
        }
        &'epi;help;policy;trust'= {
        }
        &'epi;help;policy;abac'= {
            cand s3-prefix 'S3 objects under a key prefix named by the cluster, namespace or service account'
            cand dynamodb 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT'
            cand secrets-manager 'Secrets Manager secrets whose resource tags match the caller''s session tags'
            cand ssm-parameters 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]'
            cand sqs 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)'
        }
        &'epi;help;policy;abac;s3-prefix'= {
        }
        &'epi;help;policy;abac;dynamodb'= {
        }
        &'epi;help;policy;abac;secrets-manager'= {
        }
        &'epi;help;policy;abac;ssm-parameters'= {
        }
        &'epi;help;policy;abac;sqs'= {
        }
        &'epi;help;policy;lint'= {
        }
        &'epi;help;policy;simulate'= {
        }
        &'epi;help;policy;well-known'= {
        }
        &'epi;help;s3-csi'= {
            cand scaffold 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
        }
        &'epi;help;s3-csi;scaffold'= {
        }
        &'epi;help;addon'= {
            cand install 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy'
            cand status 'Show whether the agent add-on is installed, its version, status and health'
            cand roles 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons'
        }
        &'epi;help;addon;install'= {
        }
        &'epi;help;addon;status'= {
        }
        &'epi;help;addon;roles'= {
        }
        &'epi;help;association'= {
            cand create 'Create an association (namespace/service account -> role), checking the role''s trust first'
            cand list 'List associations with their roles, across clusters and regions'
            cand describe 'Show one association'
            cand update 'Change an association''s role, target role, session tags or session policy'
            cand delete 'Delete an association'
        }
        &'epi;help;association;create'= {
        }
        &'epi;help;association;list'= {
        }
        &'epi;help;association;describe'= {
        }
        &'epi;help;association;update'= {
        }
        &'epi;help;association;delete'= {
        }
        &'epi;help;access'= {
            cand check 'The decision for a service account''s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)'
            cand who-can 'Every association whose pods may do an action on a resource'
            cand test 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live'
        }
        &'epi;help;access;check'= {
        }
        &'epi;help;access;who-can'= {
        }
        &'epi;help;access;test'= {
        }
        &'epi;help;migrate-irsa'= {
            cand rollback 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created'
        }
        &'epi;help;migrate-irsa;rollback'= {
        }
        &'epi;help;doctor'= {
        }
        &'epi;help;plan'= {
        }
        &'epi;help;apply'= {
        }
        &'epi;help;export'= {
        }
        &'epi;help;schema'= {
        }
        &'epi;help;usage'= {
        }
        &'epi;help;completions'= {
        }
        &'epi;help;help'= {
        }
    ]
    $completions[$command]
}
