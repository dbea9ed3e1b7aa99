# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_epi_global_optspecs
    string join \n q/quiet color= v/verbose debug h/help V/version
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
complete -c epi -n "__fish_epi_needs_command" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_needs_command" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_needs_command" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_needs_command" -f -a "policy" -d 'Generate and lint IAM policies for Pod Identity (offline)'
complete -c epi -n "__fish_epi_needs_command" -f -a "s3-csi" -d 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)'
complete -c epi -n "__fish_epi_needs_command" -f -a "addon" -d 'Install, upgrade and check the eks-pod-identity-agent add-on'
complete -c epi -n "__fish_epi_needs_command" -f -a "association" -d 'Create, list, describe, update and delete Pod Identity associations'
complete -c epi -n "__fish_epi_needs_command" -f -a "access" -d 'What Pod Identity lets service accounts reach, who can reach a resource, and access tests (read-only)'
complete -c epi -n "__fish_epi_needs_command" -f -a "migrate-irsa" -d 'Move IRSA service accounts of a cluster to Pod Identity associations, safely and resumably'
complete -c epi -n "__fish_epi_needs_command" -f -a "doctor" -d 'Check a cluster\'s Pod Identity set-up and say what is wrong and how to fix it (read-only)'
complete -c epi -n "__fish_epi_needs_command" -f -a "plan" -d 'Compare declarative files with the live state and print what apply would change (read-only)'
complete -c epi -n "__fish_epi_needs_command" -f -a "apply" -d 'Make the live state match declarative files (or carry out a saved plan)'
complete -c epi -n "__fish_epi_needs_command" -f -a "export" -d 'Write a cluster\'s live associations as a file: epi\'s format, Terraform or eksctl'
complete -c epi -n "__fish_epi_needs_command" -f -a "schema" -d 'Print the JSON Schema of the declarative file (for editors; offline)'
complete -c epi -n "__fish_epi_needs_command" -f -a "snapshot" -d 'Write one file with a fleet\'s Pod Identity state (clusters, associations, roles and their policies, the organisation\'s SCPs and RCPs), for answers offline with --snapshot (read-only)'
complete -c epi -n "__fish_epi_needs_command" -f -a "usage" -d 'What each service account really did, from CloudTrail: its calls, denied calls and resources (read-only)'
complete -c epi -n "__fish_epi_needs_command" -f -a "trace" -d 'From a CloudTrail call to the pod that made it: session, assume event, pod, association, role and the statement that decided (read-only)'
complete -c epi -n "__fish_epi_needs_command" -f -a "rightsize" -d 'Least privilege per service account, from what CloudTrail shows it used: a proposal replayed against every call seen before it is made; --write turns it into files for `epi plan` (changes nothing itself)'
complete -c epi -n "__fish_epi_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c epi -n "__fish_epi_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -f -a "trust" -d 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -f -a "abac" -d 'Print an ABAC permission policy from a template that uses the session tags'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -f -a "lint" -d 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -f -a "simulate" -d 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -f -a "well-known" -d 'Print a well-known policy (eksctl\'s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents'
complete -c epi -n "__fish_epi_using_subcommand policy; and not __fish_seen_subcommand_from trust abac lint simulate well-known help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l namespace -l namespaces -d 'Only pods in this namespace (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l service-account -d 'Only pods using this service account (repeatable). With several namespaces, name pairs as NAMESPACE/SERVICE_ACCOUNT instead (no --namespace): one statement per pair' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l cluster-name -d 'Only pods of this EKS cluster, by name (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l cluster-arn -d 'Only pods of this EKS cluster, by ARN (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l source-role-arn -d 'The association\'s role, in the cluster\'s account, that assumes the target role' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l external-id -d 'The externalId EKS returned for the association (`epi association describe` shows it): the target role then requires it' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s o -l output -d 'Document format' -r -f -a "json\t''
yaml\t''"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s f -l file -d 'Write the document to FILE (atomically) instead of stdout' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l target-role -d 'Print the trust policy of a cross-account target role instead (needs --source-role-arn)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l no-session-tags -d 'For associations with session tags disabled: trust by external id instead of tags'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from trust" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s o -l output -d 'Format of --list' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -l list -d 'List the templates with what each grants'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "s3-prefix" -d 'S3 objects under a key prefix named by the cluster, namespace or service account'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "dynamodb" -d 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "secrets-manager" -d 'Secrets Manager secrets whose resource tags match the caller\'s session tags'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "ssm-parameters" -d 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "sqs" -d 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from abac" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -l stdin-name -d 'The name standard input\'s findings are reported under (SARIF uri, annotation file)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -l kind -d 'What the policy is [default: detected: no Principal is identity, a Principal with a Resource is resource, a Principal alone is trust]' -r -f -a "identity\t''
trust\t''
resource\t''"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s o -l output -d 'Format of the findings: sarif is SARIF 2.1.0 for code scanning, github one workflow-command annotation per finding' -r -f -a "table\t''
json\t''
yaml\t''
sarif\t'SARIF 2.1.0, for code scanning'
github\t'GitHub Actions annotations (::error file=…,line=…::…)'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l action -d 'The action asked for (SERVICE:NAME, no wildcards)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l resource -d 'The resource\'s ARN, or * for actions without resource-level permissions' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l policy -d 'An identity policy of the caller (repeat for several)' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l permissions-boundary -d 'The caller\'s permissions boundary' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l session-policy -d 'The session policy passed when the session was made' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l resource-policy -d 'The resource\'s own policy (bucket policy, key policy, a role\'s trust policy)' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l scp -d 'Service control policies of one level of the organisation; repeat per level, root first' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l rcp -d 'Resource control policies of one level; repeat per level, root first (RCPFullAWSAccess is implied at every level)' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l vpc-endpoint-policy -d 'The policy of the VPC endpoint the request goes through' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l principal -d 'Who asks: an IAM or STS ARN, a service principal, or anonymous [default: an IAM principal of the resource\'s account]' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l resource-account -d 'The account that owns the resource, for ARNs without one (S3) [default: the caller\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l context -d 'A condition key\'s value; repeat a key for several values' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l expect -d 'Exit 1 unless the decision is this one' -r -f -a "allowed\t'The request is allowed'
denied\t'Either kind of deny'
implicitDeny\t'No policy allows it (and none denies it)'
explicitDeny\t'A Deny statement (or a rule of AWS\'s own) stops it'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l input -d 'The whole request as one JSON document (see docs/json-output.md), or - for standard input' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from simulate" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -l partition -d 'AWS partition of the policy\'s ARNs' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -l cluster-name -d 'The cluster (karpenter is scoped to it)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -l region -d 'The cluster\'s region (karpenter)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -l account -d 'The cluster\'s account (karpenter)' -r
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -l list-output -d 'Format of --list' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -s o -l output -d 'Document format' -r -f -a "json\t''
yaml\t''"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -s f -l file -d 'Write the document to FILE (atomically) instead of stdout' -r -F
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -l list -d 'List the well-known policies, what each gives and where it comes from'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from well-known" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "trust" -d 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "abac" -d 'Print an ABAC permission policy from a template that uses the session tags'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "well-known" -d 'Print a well-known policy (eksctl\'s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents'
complete -c epi -n "__fish_epi_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and not __fish_seen_subcommand_from scaffold help" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
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
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from scaffold" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from help" -f -a "scaffold" -d 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
complete -c epi -n "__fish_epi_using_subcommand s3-csi; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -f -a "install" -d 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -f -a "status" -d 'Show whether the agent add-on is installed, its version, status and health'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -f -a "roles" -d 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons'
complete -c epi -n "__fish_epi_using_subcommand addon; and not __fish_seen_subcommand_from install status roles help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l version -d 'Add-on version, or "latest" [default: EKS\'s default version for the cluster\'s Kubernetes version]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l resolve-conflicts -d 'What to do with fields of the add-on\'s objects changed by hand' -r -f -a "overwrite\t'Overwrite fields of the add-on\'s Kubernetes objects that were changed by hand'
none\t'Fail when fields were changed by hand'
preserve\t'Keep fields changed by hand (upgrades only)'"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l timeout -d 'Most seconds to wait' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l poll-interval -d 'Seconds between status checks while waiting' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l ipv4-only -d 'Serve credentials on IPv4 only (for nodes without IPv6)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l hybrid -d 'Also run the agent on EKS hybrid nodes (add-on v1.3.3-eksbuild.1 or later)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l wait -d 'Wait until the add-on is ACTIVE [default: on a terminal]'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l no-wait -d 'Do not wait'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l dry-run -d 'Show what would be done; change nothing'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l addon -d 'Only this add-on, installed or not (repeatable) [default: every installed add-on]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l role-name-template -d 'The name of a created role: {cluster}, {addon} and {serviceAccount} are replaced; names over IAM\'s 64 characters are cut and end with a hash of the full name' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l create -d 'Create the missing roles and give them to the add-ons'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l dry-run -d 'With --create: print what would be done; change nothing'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from roles" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show whether the agent add-on is installed, its version, status and health'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from help" -f -a "roles" -d 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons'
complete -c epi -n "__fish_epi_using_subcommand addon; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -f -a "create" -d 'Create an association (namespace/service account -> role), checking the role\'s trust first'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -f -a "list" -d 'List associations with their roles, across clusters and regions'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -f -a "describe" -d 'Show one association'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -f -a "update" -d 'Change an association\'s role, target role, session tags or session policy'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -f -a "delete" -d 'Delete an association'
complete -c epi -n "__fish_epi_using_subcommand association; and not __fish_seen_subcommand_from create list describe update delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l namespace -d 'Namespace of the service account (need not exist yet)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l service-account -d 'The service account (need not exist yet)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l role-arn -d 'The role pods get, in the cluster\'s account' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l target-role-arn -d 'A role in another account that EKS assumes with the association\'s role (role chaining)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l session-policy -d 'A session policy (JSON file) further limiting the credentials; needs --disable-session-tags' -r -F
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l tag -d 'A tag on the association, KEY=VALUE (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l role-name -d 'Name of the role to create' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l role-path -d 'Path of the role to create, e.g. /eks/' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l permissions-boundary -d 'Permissions boundary of the role to create (a policy ARN)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l attach-policy-arn -d 'A managed policy to attach to the role to create (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l well-known-policy -d 'With --create-role: a well-known policy for the role (repeatable; `epi policy well-known --list`)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l abac-template -d 'Give the created role an inline ABAC policy from this template (see `epi policy abac --list`)' -r -f -a "s3-prefix\t'S3 objects under a key prefix named by the scope'
dynamodb\t'DynamoDB items whose partition key is named by the scope'
secrets-manager\t'Secrets Manager secrets whose resource tags match the session tags'
ssm-parameters\t'SSM parameters under a path named by the scope'
sqs\t'SQS queues whose name starts with the scope'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l abac-scope -d 'ABAC template: whose resources (cluster, namespace, service-account)' -r -f -a "cluster\t'One share per cluster (`eks-cluster-name`)'
namespace\t'One share per namespace name, across clusters (`kubernetes-namespace`)'
service-account\t'One share per service account, across clusters (`kubernetes-namespace` + `kubernetes-service-account`)'
cluster-namespace\t'One share per namespace of each cluster (`eks-cluster-name` + `kubernetes-namespace`)'
cluster-service-account\t'One share per service account of each cluster (all three tags)'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l abac-bucket -d 'ABAC template s3-prefix: the bucket' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l abac-prefix -d 'ABAC template s3-prefix: a fixed key prefix ending in \'/\'' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l abac-table -d 'ABAC template dynamodb: the table' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l abac-path -d 'ABAC template ssm-parameters: a fixed path prefix' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l settle-delay -d 'Seconds to wait after a trust-policy edit (--fix-trust, or the target role\'s with --target-profile/--target-assume-role-arn) before reading the role again and writing the statement back if another writer\'s late write replaced it (IAM has no conditional write); 0 skips the wait, not the check' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l target-profile -d 'A profile of the target role\'s account: doctor and access read the target role there; association create|update also add the association\'s statement to its trust policy there (other statements kept)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l target-assume-role-arn -d 'A role in the target role\'s account that epi assumes to do the same (read the target role; for association create|update, add the statement)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l disable-session-tags -d 'Do not tag the sessions (needed for a session policy, or when tags overflow)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l fix-trust -d 'Add the Pod Identity statement to the role\'s trust policy when it lacks it (other statements are kept)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l allow-unscoped-trust -d 'With --fix-trust and --disable-session-tags: accept a trust statement that cannot be scoped to the service account (EKS then sends no request tags), so any association of the account may use the role'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l create-role -d 'Create the role first, trusting pods.eks.amazonaws.com scoped to this namespace and service account'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l no-scope -d 'Do not scope the created role\'s trust to this namespace and service account'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l abac-read-only -d 'ABAC template: grant reading only'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l dry-run -d 'Show what would be done; change nothing'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l cluster -d 'The EKS cluster (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l region -l regions -d 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l namespace -l namespaces -d 'Only the associations of this namespace (repeatable, or comma-separated)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l role-arn -d 'Only the associations whose role or target role is this ARN (repeatable): who uses a role' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l role-name -d 'Only the associations whose role or target role has this name (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l service-account -d 'Only this service account' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l concurrency -d 'Most AWS calls in flight at once in each account (a fleet run reads every account at once, at most 256 calls in all)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l checkpoint -d 'Record each finished account and region in FILE, and skip those an earlier run with the same FILE finished, merging their results (resumes an interrupted run)' -r -F
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l accounts -d 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller\'s account]. Suspended accounts are skipped with a note' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l exclude-accounts -l exclude-account -d 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l assume-role-name -d 'The role assumed in each other account' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l assume-role-arn-template -d 'The role assumed in each other account, as an ARN template with {account}, e.g. \'arn:aws:iam::{account}:role/epi-reader\'' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l external-id -d 'The external id the assumed roles require' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l role-session-name -d 'The session name of the assumed roles (seen in CloudTrail)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l all-clusters -d 'Every cluster of each region'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l all-regions -d 'Every region where EKS is offered (the list in docs/commands.md)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l allow-partial -d 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l id -d 'The association id (a-…)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l namespace -d 'The namespace (with --service-account)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l service-account -d 'The service account (with --namespace)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l id -d 'The association id (a-…)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l namespace -d 'The namespace (with --service-account)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l service-account -d 'The service account (with --namespace)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l role-arn -d 'The new role' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l target-role-arn -d 'The new target role (role chaining)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l session-policy -d 'A session policy (JSON file); the association must have session tags disabled' -r -F
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l settle-delay -d 'Seconds to wait after a trust-policy edit (--fix-trust, or the target role\'s with --target-profile/--target-assume-role-arn) before reading the role again and writing the statement back if another writer\'s late write replaced it (IAM has no conditional write); 0 skips the wait, not the check' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l target-profile -d 'A profile of the target role\'s account: doctor and access read the target role there; association create|update also add the association\'s statement to its trust policy there (other statements kept)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l target-assume-role-arn -d 'A role in the target role\'s account that epi assumes to do the same (read the target role; for association create|update, add the statement)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l disable-session-tags -d 'Stop tagging the sessions'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l enable-session-tags -d 'Tag the sessions again'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l fix-trust -d 'Add the Pod Identity statement to the role\'s trust policy when it lacks it (for a new role, or when session tags are switched)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l allow-unscoped-trust -d 'With --fix-trust and session tags disabled: accept a trust statement that cannot be scoped to the service account (EKS then sends no request tags), so any association of the account may use the role'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l dry-run -d 'Show what would change; change nothing'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l id -d 'The association id (a-…)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l namespace -d 'The namespace (with --service-account)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l service-account -d 'The service account (with --namespace)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l dry-run -d 'Show what would be deleted; delete nothing'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create an association (namespace/service account -> role), checking the role\'s trust first'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from help" -f -a "list" -d 'List associations with their roles, across clusters and regions'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Show one association'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change an association\'s role, target role, session tags or session policy'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete an association'
complete -c epi -n "__fish_epi_using_subcommand association; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -f -a "check" -d 'The decision for a service account\'s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -f -a "who-can" -d 'Every association whose pods may do an action on a resource'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -f -a "test" -d 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -f -a "diff" -d 'What a change of PodIdentityConfig files grants and takes away, per service account, evaluated: actions gained and lost, new roles, wildcard grants (read-only)'
complete -c epi -n "__fish_epi_using_subcommand access; and not __fish_seen_subcommand_from check who-can test diff help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l namespace -d 'The service account\'s namespace' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l service-account -d 'The service account' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l accounts -d 'As fleet commands take it: `org` or organisational units `ou-…` here mean --org-policies (the association\'s accounts are read, whatever the units)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l snapshot -d 'Answer offline from a file `epi snapshot` wrote, as a live run on that state would (no AWS call; its organisation\'s policies apply unless --scp is given)' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l action -d 'The action, e.g. s3:GetObject' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l resource -d 'The resource\'s ARN (or * for actions without resource-level permissions)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l resource-account -d 'The resource\'s account, for ARNs without one (S3) [default: the role\'s account, stated in the output]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l context -d 'A context key epi cannot know, e.g. aws:SourceVpc=vpc-1 or aws:PrincipalTag/kubernetes-pod-name=web-0 (repeatable; a key given twice is multi-valued)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l resource-policy -d 'The resource\'s own policy (bucket policy, key policy), JSON' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l scp -d 'A service control policy of the role\'s account (repeatable: one file per level of the organisation, root first; a file may hold a JSON list of that level\'s policies)' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l target-profile -d 'A profile of the target role\'s account: doctor and access read the target role there; association create|update also add the association\'s statement to its trust policy there (other statements kept)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l target-assume-role-arn -d 'A role in the target role\'s account that epi assumes to do the same (read the target role; for association create|update, add the statement)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l org-policies -d 'Read the organisation\'s SCPs and RCPs along the accounts\' paths and evaluate them (needs the management account or a delegated administrator; without --scp files)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l action -d 'The action, e.g. s3:GetObject' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l resource -d 'The resource\'s ARN (or * for actions without resource-level permissions)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l resource-account -d 'The resource\'s account, for ARNs without one (S3) [default: the role\'s account, stated in the output]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l context -d 'A context key epi cannot know, e.g. aws:SourceVpc=vpc-1 or aws:PrincipalTag/kubernetes-pod-name=web-0 (repeatable; a key given twice is multi-valued)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l resource-policy -d 'The resource\'s own policy (bucket policy, key policy), JSON' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l scp -d 'A service control policy of the role\'s account (repeatable: one file per level of the organisation, root first; a file may hold a JSON list of that level\'s policies)' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l cluster -d 'The EKS cluster (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l region -l regions -d 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l snapshot -d 'Answer offline from a file `epi snapshot` wrote, as a live run on that state would (no AWS call): its clusters, narrowed by --accounts, --exclude-accounts, --region and --cluster; its organisation\'s policies apply unless --scp is given' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l concurrency -d 'Most AWS calls in flight at once in each account (a fleet run reads every account at once, at most 256 calls in all)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l target-profile -d 'A profile of the target role\'s account: doctor and access read the target role there; association create|update also add the association\'s statement to its trust policy there (other statements kept)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l target-assume-role-arn -d 'A role in the target role\'s account that epi assumes to do the same (read the target role; for association create|update, add the statement)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l checkpoint -d 'Record each finished account and region in FILE, and skip those an earlier run with the same FILE finished, merging their results (resumes an interrupted run)' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l accounts -d 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller\'s account]. Suspended accounts are skipped with a note' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l exclude-accounts -l exclude-account -d 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l assume-role-name -d 'The role assumed in each other account' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l assume-role-arn-template -d 'The role assumed in each other account, as an ARN template with {account}, e.g. \'arn:aws:iam::{account}:role/epi-reader\'' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l external-id -d 'The external id the assumed roles require' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l role-session-name -d 'The session name of the assumed roles (seen in CloudTrail)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l all-clusters -d 'Every cluster of each region'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l all-regions -d 'Every region where EKS is offered (the list in docs/commands.md)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l all -d 'Also the associations whose pods are denied, with why'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l allow-partial -d 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from who-can" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -s f -l file -d 'AccessTests and PodIdentityConfig files, YAML or JSON, or directories of them (repeatable; - for standard input)' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l snapshot -d 'Evaluate against the state a file `epi snapshot` wrote, offline (as --live does against the live cluster; no AWS call)' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l region -d 'The region, overriding the files\' `region` [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -s o -l output -d 'Format of the result' -r -f -a "table\t''
wide\t'the table with each test\'s deciding statements'
json\t''
yaml\t''
junit\t'JUnit XML, for CI test reports'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l target-profile -d 'A profile of the target role\'s account: doctor and access read the target role there; association create|update also add the association\'s statement to its trust policy there (other statements kept)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l target-assume-role-arn -d 'A role in the target role\'s account that epi assumes to do the same (read the target role; for association create|update, add the statement)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l kubeconfig -d 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l context -d 'The kubeconfig context of the cluster [default: the current context]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l kube-timeout -d 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l live -d 'Evaluate against the live cluster instead of the files\' desired state'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -s f -l file -d 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l cluster -d 'The cluster, overriding the files\' `cluster`' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l region -d 'The region, overriding the files\' `region` [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l against -d 'What the files are compared with: `live`, the clusters as they are' -r -f -a "live\t''"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l against-files -d 'Compare with the state these files would make instead (repeatable; files or directories)' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l fail-on -d 'Exit 1 when the change would do this (repeatable, or comma-separated)' -r -f -a "gain\t'Any access gained'
wildcard\t'A gain through a statement whose action or resource is a bare wildcard'
new-role\t'A role a service account could not use before'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -s o -l output -d 'Format of the result' -r -f -a "table\t''
json\t''
yaml\t''
markdown\t'A pull-request comment'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l kubeconfig -d 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]' -r -F
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l context -d 'The kubeconfig context of the cluster [default: the current context]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l kube-timeout -d 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l prune -d 'Delete what epi created for the files\' stack that no file names any longer: the stack\'s associations of these clusters, and roles the stack created that nothing in the account uses (needs `stack` in the files; without --prune they are listed as notes)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l adopt -d 'Take existing associations and roles the files name into the files\' stack (tag them): those made outside epi, by an epi without stacks, or by another stack'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l strict -d 'Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a region it could not read)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from diff" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "check" -d 'The decision for a service account\'s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "who-can" -d 'Every association whose pods may do an action on a resource'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "test" -d 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "diff" -d 'What a change of PodIdentityConfig files grants and takes away, per service account, evaluated: actions gained and lost, new roles, wildcard grants (read-only)'
complete -c epi -n "__fish_epi_using_subcommand access; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l region -d 'The cluster\'s region [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l namespace -l namespaces -d 'Only this namespace (repeatable) [default: every namespace]' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l backup -d 'Where to write the backup of what is changed [default: epi-migrate-irsa-CLUSTER.json]' -r -F
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l concurrency -d 'Most service accounts worked on at once' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l settle-delay -d 'Seconds to wait after the run\'s last trust-policy edit before reading the edited roles again and restoring any statement another writer\'s late write replaced (IAM has no conditional write); 0 skips the wait, not the check' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -s o -l output -d 'Format of the plan and the report' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l kubeconfig -d 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]' -r -F
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l context -d 'The kubeconfig context of the cluster [default: the current context]' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l kube-timeout -d 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l dry-run -d 'Show the plan and change nothing'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -s y -l yes -d 'Carry out the plan without asking (required when not on a terminal)'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l restart-workloads -d 'Restart the workloads of each migrated service account so pods get Pod Identity credentials'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l remove-irsa -d 'Remove the IRSA annotation and this cluster\'s IRSA trust once the pods use Pod Identity'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l force -d 'Replace an association that points at another role'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l no-install-agent -d 'Stop (instead of installing it) when the agent add-on is missing'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -f -a "rollback" -d 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and not __fish_seen_subcommand_from rollback help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l backup -d 'The backup file a migration wrote' -r -F
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -s o -l output -d 'Format of the report' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l kubeconfig -d 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]' -r -F
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l context -d 'The kubeconfig context of the cluster [default: the current context]' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l kube-timeout -d 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l dry-run -d 'Print what the rollback would change (the engine\'s plan); change nothing'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from help" -f -a "rollback" -d 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created'
complete -c epi -n "__fish_epi_using_subcommand migrate-irsa; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand doctor" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l region -l regions -d 'The cluster\'s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l namespace -l namespaces -d 'Only the associations of this namespace (repeatable) [default: every namespace]' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l checks -d 'Only these groups of checks (repeatable, or comma-separated): node is the credential path between pods and the agent [default: all]' -r -f -a "cluster\t'The cluster\'s status, version, Fargate and Windows nodes'
agent\t'The agent add-on, its DaemonSet and the node roles'
associations\t'Each association: role, trust, target role, permissions, service account, pods'
node\t'The path between pods and the agent: start order, proxies, IP family, EKS Auth\'s endpoint, hybrid nodes, throttling'"
complete -c epi -n "__fish_epi_using_subcommand doctor" -l checkpoint -d 'With --all-clusters: record each finished account and region in FILE, and skip those an earlier run with the same FILE finished, taking their reports from it (resumes an interrupted run)' -r -F
complete -c epi -n "__fish_epi_using_subcommand doctor" -l snapshot -d 'Check offline from a file `epi snapshot` wrote (no AWS or Kubernetes call): the cluster\'s status and version and every association check; the agent, node and Kubernetes checks are skipped (a snapshot does not hold them)' -r -F
complete -c epi -n "__fish_epi_using_subcommand doctor" -l concurrency -d 'Most associations checked at once (with --all-clusters: per cluster; four clusters at once per account, every account at once)' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -s o -l output -d 'Format of the report: junit (one test case per check), sarif (code scanning, logical locations) and github (workflow annotations) are for CI' -r -f -a "table\t''
json\t''
yaml\t''
junit\t'JUnit XML: a test suite per cluster, a test case per check'
sarif\t'SARIF 2.1.0, each finding at its cluster/subject'
github\t'GitHub Actions annotations'"
complete -c epi -n "__fish_epi_using_subcommand doctor" -l kubeconfig -d 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]' -r -F
complete -c epi -n "__fish_epi_using_subcommand doctor" -l context -d 'The kubeconfig context of the cluster [default: the current context]' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l kube-timeout -d 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l target-profile -d 'A profile of the target role\'s account: doctor and access read the target role there; association create|update also add the association\'s statement to its trust policy there (other statements kept)' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l target-assume-role-arn -d 'A role in the target role\'s account that epi assumes to do the same (read the target role; for association create|update, add the statement)' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l accounts -d 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller\'s account]. Suspended accounts are skipped with a note' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l exclude-accounts -l exclude-account -d 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l assume-role-name -d 'The role assumed in each other account' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l assume-role-arn-template -d 'The role assumed in each other account, as an ARN template with {account}, e.g. \'arn:aws:iam::{account}:role/epi-reader\'' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l external-id -d 'The external id the assumed roles require' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l role-session-name -d 'The session name of the assumed roles (seen in CloudTrail)' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand doctor" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand doctor" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand doctor" -l all-clusters -d 'Every cluster of the regions and accounts asked for: one summary row per cluster'
complete -c epi -n "__fish_epi_using_subcommand doctor" -l detail -d 'With --all-clusters: each cluster\'s full report after the summary'
complete -c epi -n "__fish_epi_using_subcommand doctor" -l all-regions -d 'With --all-clusters: every region where EKS is offered'
complete -c epi -n "__fish_epi_using_subcommand doctor" -l strict -d 'Fail on warnings and skipped checks too (for CI gates)'
complete -c epi -n "__fish_epi_using_subcommand doctor" -l no-kube -d 'Skip the checks that need the Kubernetes API'
complete -c epi -n "__fish_epi_using_subcommand doctor" -l org-policies -d 'Read the organisation\'s SCPs and RCPs (of the accounts read, and of --target-profile\'s) and judge the hop to each target role with them (implied by --accounts org or organisational units; needs the management account or a delegated administrator)'
complete -c epi -n "__fish_epi_using_subcommand doctor" -l allow-partial -d 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
complete -c epi -n "__fish_epi_using_subcommand doctor" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand doctor" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand doctor" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand plan" -s f -l file -d 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)' -r -F
complete -c epi -n "__fish_epi_using_subcommand plan" -l cluster -d 'The cluster, overriding the files\' `cluster`' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l region -d 'The region, overriding the files\' `region` [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l out -d 'Save the plan for `epi apply --plan`' -r -F
complete -c epi -n "__fish_epi_using_subcommand plan" -s o -l output -d 'Format of the plan: markdown is a pull-request comment, github annotates the files\' lines' -r -f -a "table\t''
json\t''
yaml\t''
markdown\t'A pull-request comment (GitHub-flavoured Markdown)'
github\t'GitHub Actions annotations on the files\' lines'"
complete -c epi -n "__fish_epi_using_subcommand plan" -l kubeconfig -d 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]' -r -F
complete -c epi -n "__fish_epi_using_subcommand plan" -l context -d 'The kubeconfig context of the cluster [default: the current context]' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l kube-timeout -d 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand plan" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand plan" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand plan" -l prune -d 'Delete what epi created for the files\' stack that no file names any longer: the stack\'s associations of these clusters, and roles the stack created that nothing in the account uses (needs `stack` in the files; without --prune they are listed as notes)'
complete -c epi -n "__fish_epi_using_subcommand plan" -l adopt -d 'Take existing associations and roles the files name into the files\' stack (tag them): those made outside epi, by an epi without stacks, or by another stack'
complete -c epi -n "__fish_epi_using_subcommand plan" -l strict -d 'Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a region it could not read)'
complete -c epi -n "__fish_epi_using_subcommand plan" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand plan" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand plan" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand plan" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand apply" -s f -l file -d 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)' -r -F
complete -c epi -n "__fish_epi_using_subcommand apply" -l cluster -d 'The cluster, overriding the files\' `cluster`' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l region -d 'The region, overriding the files\' `region` [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l plan -d 'A plan saved by `epi plan --out`: its files are planned again against the live state, and the changes are carried out only if they are exactly the saved ones' -r -F
complete -c epi -n "__fish_epi_using_subcommand apply" -l expect-digest -d 'With --plan: refuse the plan unless its digest (printed by `epi plan`) is this one' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l concurrency -d 'Most changes made at once' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l settle-delay -d 'Seconds to wait after the run\'s last trust-policy edit before reading the edited roles again and restoring any statement another writer\'s late write replaced (IAM has no conditional write); 0 skips the wait, not the check' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -s o -l output -d 'Format of the plan and result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand apply" -l kubeconfig -d 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]' -r -F
complete -c epi -n "__fish_epi_using_subcommand apply" -l context -d 'The kubeconfig context of the cluster [default: the current context]' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l kube-timeout -d 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand apply" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand apply" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand apply" -l prune -d 'Delete what epi created for the files\' stack that no file names any longer: the stack\'s associations of these clusters, and roles the stack created that nothing in the account uses (needs `stack` in the files; without --prune they are listed as notes)'
complete -c epi -n "__fish_epi_using_subcommand apply" -l adopt -d 'Take existing associations and roles the files name into the files\' stack (tag them): those made outside epi, by an epi without stacks, or by another stack'
complete -c epi -n "__fish_epi_using_subcommand apply" -l strict -d 'Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a region it could not read)'
complete -c epi -n "__fish_epi_using_subcommand apply" -s y -l yes -d 'Do not ask for confirmation (required when not on a terminal)'
complete -c epi -n "__fish_epi_using_subcommand apply" -l dry-run -d 'Print the plan; change nothing'
complete -c epi -n "__fish_epi_using_subcommand apply" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand apply" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand apply" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand apply" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand export" -l cluster -d 'The EKS cluster' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l region -l regions -d 'The cluster\'s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l namespace -l namespaces -d 'Only the associations of this namespace (repeatable) [default: every namespace]' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l format -d 'The file format' -r -f -a "epi\t'epi\'s own PodIdentityConfig (what `epi plan -f` reads)'
terraform\t'aws_eks_pod_identity_association resources with import blocks'
eksctl\t'an eksctl ClusterConfig with iam.podIdentityAssociations'"
complete -c epi -n "__fish_epi_using_subcommand export" -s f -l file -d 'Write to this file instead of standard output' -r -F
complete -c epi -n "__fish_epi_using_subcommand export" -l accounts -d 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller\'s account]. Suspended accounts are skipped with a note' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l exclude-accounts -l exclude-account -d 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l assume-role-name -d 'The role assumed in each other account' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l assume-role-arn-template -d 'The role assumed in each other account, as an ARN template with {account}, e.g. \'arn:aws:iam::{account}:role/epi-reader\'' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l external-id -d 'The external id the assumed roles require' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l role-session-name -d 'The session name of the assumed roles (seen in CloudTrail)' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand export" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand export" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand export" -l all-clusters -d 'Every cluster of the regions and accounts asked for: one document per cluster'
complete -c epi -n "__fish_epi_using_subcommand export" -l all-regions -d 'With --all-clusters: every region where EKS is offered'
complete -c epi -n "__fish_epi_using_subcommand export" -l allow-partial -d 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
complete -c epi -n "__fish_epi_using_subcommand export" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand export" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand export" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand export" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand schema" -l kind -d 'The document kind whose schema to print' -r -f -a "all\t'Every kind, told apart by `kind` (one schema for a directory holding both)'
PodIdentityConfig\t''
AccessTests\t''
PodIdentitySnapshot\t'The file `epi snapshot` writes'"
complete -c epi -n "__fish_epi_using_subcommand schema" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand schema" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand schema" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand schema" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand schema" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l cluster -d 'The EKS cluster (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l region -l regions -d 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l out -d 'The file to write (replaced whole, or not at all)' -r -F
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l concurrency -d 'Most AWS calls in flight at once in each account (a fleet run reads every account at once, at most 256 calls in all)' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l accounts -d 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller\'s account]. Suspended accounts are skipped with a note' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l exclude-accounts -l exclude-account -d 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l assume-role-name -d 'The role assumed in each other account' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l assume-role-arn-template -d 'The role assumed in each other account, as an ARN template with {account}, e.g. \'arn:aws:iam::{account}:role/epi-reader\'' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l external-id -d 'The external id the assumed roles require' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l role-session-name -d 'The session name of the assumed roles (seen in CloudTrail)' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l all-clusters -d 'Every cluster of each region'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l all-regions -d 'Every region where EKS is offered (the list in docs/commands.md)'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l org-policies -d 'Read the organisation\'s SCPs and RCPs along each account\'s path (implied by --accounts org or organisational units; needs the management account or a delegated administrator)'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l allow-partial -d 'Exit 0 even when some accounts or regions could not be read (they are still listed)'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand snapshot" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand usage" -l source -d 'CloudTrail events: a file, a directory of them (read recursively), - for standard input, a trail\'s bucket s3://BUCKET[/PREFIX], or a trail\'s Athena table athena:DATABASE.TABLE (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l athena-workgroup -d 'The Athena workgroup an athena: source\'s query runs in [default: primary]' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l athena-output -d 'Where Athena writes an athena: source\'s query result, s3://BUCKET/PREFIX/ [default: the workgroup\'s result location]' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l since -d 'Only calls at or after this time: RFC 3339 (2026-12-01T00:00:00Z) or an age (90m, 24h, 7d)' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l until -d 'Only calls before this time (RFC 3339 or an age)' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l region -l regions -d 'Regions (repeatable, or comma-separated with --regions): the trail\'s keys of these regions in an s3:// source (its events\' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l accounts -d 'Accounts whose keys an s3:// source reads (whose events an athena: source reads: recipientAccountId) (repeatable, or comma-separated) [default: every account]' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l snapshot -d 'Take the associations and roles from a file `epi snapshot` wrote instead of reading them live (its clusters in --region, or all of them)' -r -F
complete -c epi -n "__fish_epi_using_subcommand usage" -l cluster -d 'Only this cluster\'s service accounts (repeatable); its live associations are read for the association ids and the attribution by session name' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l namespace -l namespaces -d 'Only this namespace (repeatable, or comma-separated)' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l service-account -d 'Only this service account' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand usage" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand usage" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand usage" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand usage" -l show-query -d 'Print the SQL an athena: source runs (to standard error) before running it'
complete -c epi -n "__fish_epi_using_subcommand usage" -l offline -d 'Read no live association: attribute calls from the events alone (no association ids, no attribution by session name, no explanations). Only s3:// and athena: sources call AWS then'
complete -c epi -n "__fish_epi_using_subcommand usage" -l strict -d 'Exit 1 when a source holds a malformed record or a damaged file, or (epi usage) a pod session made a call no IAM action is known for'
complete -c epi -n "__fish_epi_using_subcommand usage" -l all-clusters -d 'Every cluster the events name (the default)'
complete -c epi -n "__fish_epi_using_subcommand usage" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand usage" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand usage" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand usage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand usage" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand trace" -l source -d 'CloudTrail events: a file, a directory of them (read recursively), - for standard input, a trail\'s bucket s3://BUCKET[/PREFIX], or a trail\'s Athena table athena:DATABASE.TABLE (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l athena-workgroup -d 'The Athena workgroup an athena: source\'s query runs in [default: primary]' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l athena-output -d 'Where Athena writes an athena: source\'s query result, s3://BUCKET/PREFIX/ [default: the workgroup\'s result location]' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l since -d 'Only calls at or after this time: RFC 3339 (2026-12-01T00:00:00Z) or an age (90m, 24h, 7d)' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l until -d 'Only calls before this time (RFC 3339 or an age)' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l region -l regions -d 'Regions (repeatable, or comma-separated with --regions): the trail\'s keys of these regions in an s3:// source (its events\' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l accounts -d 'Accounts whose keys an s3:// source reads (whose events an athena: source reads: recipientAccountId) (repeatable, or comma-separated) [default: every account]' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l snapshot -d 'Take the associations and roles from a file `epi snapshot` wrote instead of reading them live (its clusters in --region, or all of them)' -r -F
complete -c epi -n "__fish_epi_using_subcommand trace" -l cluster -d 'With --namespace and --service-account: only calls in this cluster' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l namespace -d 'The service account\'s namespace (with --service-account, instead of ID)' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l service-account -d 'The service account (with --namespace, instead of ID)' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand trace" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand trace" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand trace" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand trace" -l show-query -d 'Print the SQL an athena: source runs (to standard error) before running it'
complete -c epi -n "__fish_epi_using_subcommand trace" -l offline -d 'Read no live association: attribute calls from the events alone (no association ids, no attribution by session name, no explanations). Only s3:// and athena: sources call AWS then'
complete -c epi -n "__fish_epi_using_subcommand trace" -l strict -d 'Exit 1 when a source holds a malformed record or a damaged file, or (epi usage) a pod session made a call no IAM action is known for'
complete -c epi -n "__fish_epi_using_subcommand trace" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand trace" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand trace" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand trace" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand trace" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l source -d 'CloudTrail events: a file, a directory of them (read recursively), - for standard input, a trail\'s bucket s3://BUCKET[/PREFIX], or a trail\'s Athena table athena:DATABASE.TABLE (repeatable)' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l athena-workgroup -d 'The Athena workgroup an athena: source\'s query runs in [default: primary]' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l athena-output -d 'Where Athena writes an athena: source\'s query result, s3://BUCKET/PREFIX/ [default: the workgroup\'s result location]' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l since -d 'Only calls at or after this time: RFC 3339 (2026-12-01T00:00:00Z) or an age (90m, 24h, 7d)' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l until -d 'Only calls before this time (RFC 3339 or an age)' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l region -l regions -d 'Regions (repeatable, or comma-separated with --regions): the trail\'s keys of these regions in an s3:// source (its events\' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l accounts -d 'Accounts whose keys an s3:// source reads (whose events an athena: source reads: recipientAccountId) (repeatable, or comma-separated) [default: every account]' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l snapshot -d 'Take the associations and roles from a file `epi snapshot` wrote instead of reading them live (its clusters in --region, or all of them)' -r -F
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l cluster -d 'Only this cluster\'s service accounts (repeatable); its live associations are read for the association ids and the attribution by session name' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l namespace -l namespaces -d 'Only this namespace (repeatable, or comma-separated)' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l service-account -d 'Only this service account' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l min-days -d 'No proposal for a service account seen on fewer days than this (first to last call)' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l write -d 'Write the proposals as PodIdentityConfig files (one per cluster) into this directory, for `epi plan -f DIR`' -r -F
complete -c epi -n "__fish_epi_using_subcommand rightsize" -s o -l output -d 'Format of the result' -r -f -a "table\t'A table of the columns people scan, fitting 80 columns where it can'
wide\t'The table with every column: full ARNs, owners (where a command has more)'
json\t'JSON, with the stable fields of docs/json-output.md'
yaml\t'The same as YAML'"
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l profile -d 'Named profile of the AWS config files [default: "default"]' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l endpoint-url -d 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS\'s]' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l max-attempts -d 'Most attempts per AWS call (adaptive retry on throttling and server faults)' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l retry-mode -d 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)' -r -f -a "adaptive\t''
standard\t''"
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l connect-timeout -d 'Seconds to wait for a connection to AWS' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l read-timeout -d 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l operation-timeout -d 'Seconds one AWS call may take, retries included' -r
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l show-query -d 'Print the SQL an athena: source runs (to standard error) before running it'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l offline -d 'Read no live association: attribute calls from the events alone (no association ids, no attribution by session name, no explanations). Only s3:// and athena: sources call AWS then'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l strict -d 'Exit 1 when a source holds a malformed record or a damaged file, or (epi usage) a pod session made a call no IAM action is known for'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l all-clusters -d 'Every cluster the events name (the default)'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand rightsize" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand completions" -l color -d 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t'Colour when the stream is a terminal and NO_COLOR is unset'
always\t'Always colour, even into a pipe or file'
never\t'Never colour'"
complete -c epi -n "__fish_epi_using_subcommand completions" -s q -l quiet -d 'Print no warnings or notes on stderr (errors are still printed)'
complete -c epi -n "__fish_epi_using_subcommand completions" -s v -l verbose -d 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead'
complete -c epi -n "__fish_epi_using_subcommand completions" -l debug -d 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)'
complete -c epi -n "__fish_epi_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c epi -n "__fish_epi_using_subcommand completions" -s V -l version -d 'Print version'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "policy" -d 'Generate and lint IAM policies for Pod Identity (offline)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "s3-csi" -d 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "addon" -d 'Install, upgrade and check the eks-pod-identity-agent add-on'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "association" -d 'Create, list, describe, update and delete Pod Identity associations'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "access" -d 'What Pod Identity lets service accounts reach, who can reach a resource, and access tests (read-only)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "migrate-irsa" -d 'Move IRSA service accounts of a cluster to Pod Identity associations, safely and resumably'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "doctor" -d 'Check a cluster\'s Pod Identity set-up and say what is wrong and how to fix it (read-only)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "plan" -d 'Compare declarative files with the live state and print what apply would change (read-only)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "apply" -d 'Make the live state match declarative files (or carry out a saved plan)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "export" -d 'Write a cluster\'s live associations as a file: epi\'s format, Terraform or eksctl'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "schema" -d 'Print the JSON Schema of the declarative file (for editors; offline)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "snapshot" -d 'Write one file with a fleet\'s Pod Identity state (clusters, associations, roles and their policies, the organisation\'s SCPs and RCPs), for answers offline with --snapshot (read-only)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "usage" -d 'What each service account really did, from CloudTrail: its calls, denied calls and resources (read-only)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "trace" -d 'From a CloudTrail call to the pod that made it: session, assume event, pod, association, role and the statement that decided (read-only)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "rightsize" -d 'Least privilege per service account, from what CloudTrail shows it used: a proposal replayed against every call seen before it is made; --write turns it into files for `epi plan` (changes nothing itself)'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c epi -n "__fish_epi_using_subcommand help; and not __fish_seen_subcommand_from policy s3-csi addon association access migrate-irsa doctor plan apply export schema snapshot usage trace rightsize completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "trust" -d 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "abac" -d 'Print an ABAC permission policy from a template that uses the session tags'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "lint" -d 'Check an IAM policy for mistakes that break Pod Identity or grant too much'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "simulate" -d 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "well-known" -d 'Print a well-known policy (eksctl\'s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from s3-csi" -f -a "scaffold" -d 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from addon" -f -a "install" -d 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from addon" -f -a "status" -d 'Show whether the agent add-on is installed, its version, status and health'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from addon" -f -a "roles" -d 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from association" -f -a "create" -d 'Create an association (namespace/service account -> role), checking the role\'s trust first'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from association" -f -a "list" -d 'List associations with their roles, across clusters and regions'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from association" -f -a "describe" -d 'Show one association'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from association" -f -a "update" -d 'Change an association\'s role, target role, session tags or session policy'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from association" -f -a "delete" -d 'Delete an association'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "check" -d 'The decision for a service account\'s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "who-can" -d 'Every association whose pods may do an action on a resource'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "test" -d 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from access" -f -a "diff" -d 'What a change of PodIdentityConfig files grants and takes away, per service account, evaluated: actions gained and lost, new roles, wildcard grants (read-only)'
complete -c epi -n "__fish_epi_using_subcommand help; and __fish_seen_subcommand_from migrate-irsa" -f -a "rollback" -d 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created'
