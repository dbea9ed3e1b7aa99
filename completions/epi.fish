# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_epi_global_optspecs
    string join \n q/quiet color= h/help V/version
end

function __fish_epi_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_epi_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_epi_using_subcommand
    set -l cmd (__fish_epi_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c epi -n "__fish_epi_needs_command" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_needs_command" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_needs_command" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_needs_command" -f -a "policy" -d 'Generate and lint IAM policies for Pod Identity (offline)'
complete -c epi -n "__fish_epi_needs_command" -f -a "s3-csi" -d 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)'
complete -c epi -n "__fish_epi_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c epi -n "__fish_epi_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint help" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint help" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint help" -f -a "trust" -d 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint help" -f -a "abac" -d 'Print an ABAC permission policy from a template that uses the session tags'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint help" -f -a "lint" -d 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l namespace -d 'Only pods in this namespace (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l service-account -d 'Only pods using this service account (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l cluster-name -d 'Only pods of this EKS cluster, by name (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l cluster-arn -d 'Only pods of this EKS cluster, by ARN (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l source-role-arn -d 'The association\'s role, in the cluster\'s account, that assumes the target role' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s o -l output -d 'Document format' -r -f -a "json\t''
yaml\t''"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s f -l file -d 'Write the document to FILE (atomically) instead of stdout' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l target-role -d 'Print the trust policy of a cross-account target role instead (needs --source-role-arn)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l no-session-tags -d 'For associations with session tags disabled: trust by external id instead of tags'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s o -l output -d 'Format of --list' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -l list -d 'List the templates with what each grants'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "s3-prefix" -d 'S3 objects under a key prefix named by the cluster, namespace or service account'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "dynamodb" -d 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "secrets-manager" -d 'Secrets Manager secrets whose resource tags match the caller\'s session tags'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "ssm-parameters" -d 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "sqs" -d 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s o -l output -d 'Format of the findings' -r -f -a "table\t''
json\t''
yaml\t''"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "trust" -d 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "abac" -d 'Print an ABAC permission policy from a template that uses the session tags'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -f -a "scaffold" -d 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l bucket -d 'The S3 bucket (general purpose, or S3 Express One Zone NAME--AZID--x-s3)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l name -d 'Name of the PersistentVolumeClaim' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l namespace -d 'Namespace of the claim (and of the service account and pod)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l pv-name -d 'Name of the PersistentVolume [default: NAMESPACE-NAME]' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l capacity -d 'Capacity to declare (required by Kubernetes, ignored by the driver)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l prefix -d 'Mount only keys under this prefix (must end with \'/\')' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l region -d 'The bucket\'s region (the region mount option)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l sts-region -d 'Region for STS calls (the stsRegion volume attribute)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l mount-option -d 'A Mountpoint option (repeatable), e.g. allow-delete, uid=1000, metadata-ttl=300' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l authentication-source -d 'Whose credentials Mountpoint uses: the driver\'s (kube-system/s3-csi-driver-sa) or the pod\'s' -r -f -a "driver\t'The driver\'s service account (kube-system/s3-csi-driver-sa) supplies the credentials'
pod\t'The workload pod\'s own service account supplies them: Pod Identity per workload'"
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l service-account -d 'With --authentication-source pod: the workload\'s service account (also emitted)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l driver-version -d 'Installed driver major version (v1 is IRSA-only)' -r -f -a "v1\t'v1.x: credentials from IRSA only'
v2\t'v2.x: Pod Identity supported, Mountpoint runs in its own pods'"
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l cache -d 'Local cache of Mountpoint (driver v2)' -r -f -a "emptyDir\t'A pod-local emptyDir volume'
ephemeral\t'A generic ephemeral volume from a storage class'"
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l cache-size-limit -d 'emptyDir cache: size limit (cacheEmptyDirSizeLimit)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l cache-medium -d 'emptyDir cache: medium, Memory for tmpfs (cacheEmptyDirMedium)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l cache-storage-class -d 'ephemeral cache: storage class (cacheEphemeralStorageClassName)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l cache-storage-request -d 'ephemeral cache: size requested (cacheEphemeralStorageResourceRequest)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l zone -d 'S3 Express One Zone: the availability zone of the bucket, to pin the volume to' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l pod-image -d 'Image of the example pod' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l mount-path -d 'Where the example pod mounts the volume' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l policy-file -d 'Write the IAM policy to FILE (atomically); implies --with-policy' -r -F
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l account -d 'S3 Express One Zone policy: account id of the bucket (\'*\' for any)' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l partition -d 'AWS partition of the policy\'s ARNs' -r
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -s o -l output -d 'Manifest format' -r -f -a "json\t''
yaml\t''"
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -s f -l file -d 'Write the manifests to FILE (atomically) instead of stdout' -r -F
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l read-only -d 'Mount read-only (ReadOnlyMany, read-only mount option, read-only IAM policy)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l with-pod -d 'Also emit an example Pod that mounts the claim'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l with-policy -d 'Also produce the IAM policy the mount needs (to stdout when -f is given, else to --policy-file)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from help" -f -a "scaffold" -d 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand completions" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand completions" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand completions" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi completions help" -f -a "policy" -d 'Generate and lint IAM policies for Pod Identity (offline)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi completions help" -f -a "s3-csi" -d 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "trust" -d 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "abac" -d 'Print an ABAC permission policy from a template that uses the session tags'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "lint" -d 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from s3-csi" -f -a "scaffold" -d 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
