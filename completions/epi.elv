
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
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand policy 'Generate and lint IAM policies for Pod Identity (offline)'
            cand s3-csi 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;policy'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand trust 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
            cand abac 'Print an ABAC permission policy from a template that uses the session tags'
            cand lint 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;policy;trust'= {
            cand --namespace 'Only pods in this namespace (repeatable)'
            cand --service-account 'Only pods using this service account (repeatable)'
            cand --cluster-name 'Only pods of this EKS cluster, by name (repeatable)'
            cand --cluster-arn 'Only pods of this EKS cluster, by ARN (repeatable)'
            cand --source-role-arn 'The association''s role, in the cluster''s account, that assumes the target role'
            cand -o 'Document format'
            cand --output 'Document format'
            cand -f 'Write the document to FILE (atomically) instead of stdout'
            cand --file 'Write the document to FILE (atomically) instead of stdout'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand --target-role 'Print the trust policy of a cross-account target role instead (needs --source-role-arn)'
            cand --no-session-tags 'For associations with session tags disabled: trust by external id instead of tags'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
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
            cand -o 'Format of the findings'
            cand --output 'Format of the findings'
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;policy;help'= {
            cand trust 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
            cand abac 'Print an ABAC permission policy from a template that uses the session tags'
            cand lint 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
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
        &'epi;policy;help;help'= {
        }
        &'epi;s3-csi'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
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
        &'epi;completions'= {
            cand --color 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings or notes on stderr (errors are still printed)'
            cand --quiet 'Print no warnings or notes on stderr (errors are still printed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'epi;help'= {
            cand policy 'Generate and lint IAM policies for Pod Identity (offline)'
            cand s3-csi 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)'
            cand completions 'Print a shell completion script to stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'epi;help;policy'= {
            cand trust 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
            cand abac 'Print an ABAC permission policy from a template that uses the session tags'
            cand lint 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
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
        &'epi;help;s3-csi'= {
            cand scaffold 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
        }
        &'epi;help;s3-csi;scaffold'= {
        }
        &'epi;help;completions'= {
        }
        &'epi;help;help'= {
        }
    ]
    $completions[$command]
}
