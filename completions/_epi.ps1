
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'epi' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'epi'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'epi' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Generate and lint IAM policies for Pod Identity (offline)')
            [CompletionResult]::new('s3-csi', 's3-csi', [CompletionResultType]::ParameterValue, 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)')
            [CompletionResult]::new('addon', 'addon', [CompletionResultType]::ParameterValue, 'Install, upgrade and check the eks-pod-identity-agent add-on')
            [CompletionResult]::new('association', 'association', [CompletionResultType]::ParameterValue, 'Create, list, describe, update and delete Pod Identity associations')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'What Pod Identity lets service accounts reach, who can reach a resource, and access tests (read-only)')
            [CompletionResult]::new('migrate-irsa', 'migrate-irsa', [CompletionResultType]::ParameterValue, 'Move IRSA service accounts of a cluster to Pod Identity associations, safely and resumably')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check a cluster''s Pod Identity set-up and say what is wrong and how to fix it (read-only)')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Compare declarative files with the live state and print what apply would change (read-only)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the live state match declarative files (or carry out a saved plan)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a cluster''s live associations as a file: epi''s format, Terraform or eksctl')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the declarative file (for editors; offline)')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Write one file with a fleet''s Pod Identity state (clusters, associations, roles and their policies, the organisation''s SCPs and RCPs), for answers offline with --snapshot (read-only)')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'What each service account really did, from CloudTrail: its calls, denied calls and resources (read-only)')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'From a CloudTrail call to the pod that made it: session, assume event, pod, association, role and the statement that decided (read-only)')
            [CompletionResult]::new('rightsize', 'rightsize', [CompletionResultType]::ParameterValue, 'Least privilege per service account, from what CloudTrail shows it used: a proposal replayed against every call seen before it is made; --write turns it into files for `epi plan` (changes nothing itself)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;policy' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)')
            [CompletionResult]::new('abac', 'abac', [CompletionResultType]::ParameterValue, 'Print an ABAC permission policy from a template that uses the session tags')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check an IAM policy for mistakes that break Pod Identity or grant too much')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)')
            [CompletionResult]::new('well-known', 'well-known', [CompletionResultType]::ParameterValue, 'Print a well-known policy (eksctl''s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;policy;trust' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only pods in this namespace (repeatable)')
            [CompletionResult]::new('--namespaces', '--namespaces', [CompletionResultType]::ParameterName, 'Only pods in this namespace (repeatable)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'Only pods using this service account (repeatable). With several namespaces, name pairs as NAMESPACE/SERVICE_ACCOUNT instead (no --namespace): one statement per pair')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'Only pods of this EKS cluster, by name (repeatable)')
            [CompletionResult]::new('--cluster-arn', '--cluster-arn', [CompletionResultType]::ParameterName, 'Only pods of this EKS cluster, by ARN (repeatable)')
            [CompletionResult]::new('--source-role-arn', '--source-role-arn', [CompletionResultType]::ParameterName, 'The association''s role, in the cluster''s account, that assumes the target role')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The externalId EKS returned for the association (`epi association describe` shows it): the target role then requires it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--target-role', '--target-role', [CompletionResultType]::ParameterName, 'Print the trust policy of a cross-account target role instead (needs --source-role-arn)')
            [CompletionResult]::new('--no-session-tags', '--no-session-tags', [CompletionResultType]::ParameterName, 'For associations with session tags disabled: trust by external id instead of tags')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;abac' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of --list')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of --list')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the templates with what each grants')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('s3-prefix', 's3-prefix', [CompletionResultType]::ParameterValue, 'S3 objects under a key prefix named by the cluster, namespace or service account')
            [CompletionResult]::new('dynamodb', 'dynamodb', [CompletionResultType]::ParameterValue, 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT')
            [CompletionResult]::new('secrets-manager', 'secrets-manager', [CompletionResultType]::ParameterValue, 'Secrets Manager secrets whose resource tags match the caller''s session tags')
            [CompletionResult]::new('ssm-parameters', 'ssm-parameters', [CompletionResultType]::ParameterValue, 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]')
            [CompletionResult]::new('sqs', 'sqs', [CompletionResultType]::ParameterValue, 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;policy;abac;s3-prefix' {
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'The bucket')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Whose prefix: cluster (CLUSTER/), namespace (NAMESPACE/), service-account (NAMESPACE/SA/)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'A fixed prefix in front of the tag-named one, ending in ''/''')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'AWS partition of the ARNs')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Grant reading only')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;abac;dynamodb' {
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The table')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Whose items: partition key equal to the cluster, the namespace, or NAMESPACE/SA')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the resources (''*'' for any region)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account id of the resources (''*'' for any account)')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'AWS partition of the ARNs')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Grant reading only')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;abac;secrets-manager' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Which tags must match: cluster (eks-cluster-name), namespace (kubernetes-namespace), service-account (kubernetes-namespace and kubernetes-service-account)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the resources (''*'' for any region)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account id of the resources (''*'' for any account)')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'AWS partition of the ARNs')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;abac;ssm-parameters' {
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'A fixed path in front of the tag-named one, e.g. /apps')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Depth of the path: /CLUSTER, /CLUSTER/NAMESPACE, /CLUSTER/NAMESPACE/SA')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the resources (''*'' for any region)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account id of the resources (''*'' for any account)')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'AWS partition of the ARNs')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Grant reading only')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;abac;sqs' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Queue name prefix: namespace (NAMESPACE_) or service-account (NAMESPACE_SA_)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region of the resources (''*'' for any region)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Account id of the resources (''*'' for any account)')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'AWS partition of the ARNs')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;abac;help' {
            [CompletionResult]::new('s3-prefix', 's3-prefix', [CompletionResultType]::ParameterValue, 'S3 objects under a key prefix named by the cluster, namespace or service account')
            [CompletionResult]::new('dynamodb', 'dynamodb', [CompletionResultType]::ParameterValue, 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT')
            [CompletionResult]::new('secrets-manager', 'secrets-manager', [CompletionResultType]::ParameterValue, 'Secrets Manager secrets whose resource tags match the caller''s session tags')
            [CompletionResult]::new('ssm-parameters', 'ssm-parameters', [CompletionResultType]::ParameterValue, 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]')
            [CompletionResult]::new('sqs', 'sqs', [CompletionResultType]::ParameterValue, 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;policy;abac;help;s3-prefix' {
            break
        }
        'epi;policy;abac;help;dynamodb' {
            break
        }
        'epi;policy;abac;help;secrets-manager' {
            break
        }
        'epi;policy;abac;help;ssm-parameters' {
            break
        }
        'epi;policy;abac;help;sqs' {
            break
        }
        'epi;policy;abac;help;help' {
            break
        }
        'epi;policy;lint' {
            [CompletionResult]::new('--stdin-name', '--stdin-name', [CompletionResultType]::ParameterName, 'The name standard input''s findings are reported under (SARIF uri, annotation file)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'What the policy is [default: detected: no Principal is identity, a Principal with a Resource is resource, a Principal alone is trust]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the findings: sarif is SARIF 2.1.0 for code scanning, github one workflow-command annotation per finding')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the findings: sarif is SARIF 2.1.0 for code scanning, github one workflow-command annotation per finding')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;simulate' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'The action asked for (SERVICE:NAME, no wildcards)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The resource''s ARN, or * for actions without resource-level permissions')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'An identity policy of the caller (repeat for several)')
            [CompletionResult]::new('--permissions-boundary', '--permissions-boundary', [CompletionResultType]::ParameterName, 'The caller''s permissions boundary')
            [CompletionResult]::new('--session-policy', '--session-policy', [CompletionResultType]::ParameterName, 'The session policy passed when the session was made')
            [CompletionResult]::new('--resource-policy', '--resource-policy', [CompletionResultType]::ParameterName, 'The resource''s own policy (bucket policy, key policy, a role''s trust policy)')
            [CompletionResult]::new('--scp', '--scp', [CompletionResultType]::ParameterName, 'Service control policies of one level of the organisation; repeat per level, root first')
            [CompletionResult]::new('--rcp', '--rcp', [CompletionResultType]::ParameterName, 'Resource control policies of one level; repeat per level, root first (RCPFullAWSAccess is implied at every level)')
            [CompletionResult]::new('--vpc-endpoint-policy', '--vpc-endpoint-policy', [CompletionResultType]::ParameterName, 'The policy of the VPC endpoint the request goes through')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'Who asks: an IAM or STS ARN, a service principal, or anonymous [default: an IAM principal of the resource''s account]')
            [CompletionResult]::new('--resource-account', '--resource-account', [CompletionResultType]::ParameterName, 'The account that owns the resource, for ARNs without one (S3) [default: the caller''s]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A condition key''s value; repeat a key for several values')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Exit 1 unless the decision is this one')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'The whole request as one JSON document (see docs/json-output.md), or - for standard input')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;well-known' {
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'AWS partition of the policy''s ARNs')
            [CompletionResult]::new('--cluster-name', '--cluster-name', [CompletionResultType]::ParameterName, 'The cluster (karpenter is scoped to it)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region (karpenter)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'The cluster''s account (karpenter)')
            [CompletionResult]::new('--list-output', '--list-output', [CompletionResultType]::ParameterName, 'Format of --list')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Document format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write the document to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the well-known policies, what each gives and where it comes from')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;policy;help' {
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)')
            [CompletionResult]::new('abac', 'abac', [CompletionResultType]::ParameterValue, 'Print an ABAC permission policy from a template that uses the session tags')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check an IAM policy for mistakes that break Pod Identity or grant too much')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)')
            [CompletionResult]::new('well-known', 'well-known', [CompletionResultType]::ParameterValue, 'Print a well-known policy (eksctl''s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;policy;help;trust' {
            break
        }
        'epi;policy;help;abac' {
            [CompletionResult]::new('s3-prefix', 's3-prefix', [CompletionResultType]::ParameterValue, 'S3 objects under a key prefix named by the cluster, namespace or service account')
            [CompletionResult]::new('dynamodb', 'dynamodb', [CompletionResultType]::ParameterValue, 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT')
            [CompletionResult]::new('secrets-manager', 'secrets-manager', [CompletionResultType]::ParameterValue, 'Secrets Manager secrets whose resource tags match the caller''s session tags')
            [CompletionResult]::new('ssm-parameters', 'ssm-parameters', [CompletionResultType]::ParameterValue, 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]')
            [CompletionResult]::new('sqs', 'sqs', [CompletionResultType]::ParameterValue, 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)')
            break
        }
        'epi;policy;help;abac;s3-prefix' {
            break
        }
        'epi;policy;help;abac;dynamodb' {
            break
        }
        'epi;policy;help;abac;secrets-manager' {
            break
        }
        'epi;policy;help;abac;ssm-parameters' {
            break
        }
        'epi;policy;help;abac;sqs' {
            break
        }
        'epi;policy;help;lint' {
            break
        }
        'epi;policy;help;simulate' {
            break
        }
        'epi;policy;help;well-known' {
            break
        }
        'epi;policy;help;help' {
            break
        }
        'epi;s3-csi' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scaffold', 'scaffold', [CompletionResultType]::ParameterValue, 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;s3-csi;scaffold' {
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'The S3 bucket (general purpose, or S3 Express One Zone NAME--AZID--x-s3)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the PersistentVolumeClaim')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the claim (and of the service account and pod)')
            [CompletionResult]::new('--pv-name', '--pv-name', [CompletionResultType]::ParameterName, 'Name of the PersistentVolume [default: NAMESPACE-NAME]')
            [CompletionResult]::new('--capacity', '--capacity', [CompletionResultType]::ParameterName, 'Capacity to declare (required by Kubernetes, ignored by the driver)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Mount only keys under this prefix (must end with ''/'')')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The bucket''s region (the region mount option)')
            [CompletionResult]::new('--sts-region', '--sts-region', [CompletionResultType]::ParameterName, 'Region for STS calls (the stsRegion volume attribute)')
            [CompletionResult]::new('--mount-option', '--mount-option', [CompletionResultType]::ParameterName, 'A Mountpoint option (repeatable), e.g. allow-delete, uid=1000, metadata-ttl=300')
            [CompletionResult]::new('--authentication-source', '--authentication-source', [CompletionResultType]::ParameterName, 'Whose credentials Mountpoint uses: the driver''s (kube-system/s3-csi-driver-sa) or the pod''s')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'With --authentication-source pod: the workload''s service account (also emitted)')
            [CompletionResult]::new('--driver-version', '--driver-version', [CompletionResultType]::ParameterName, 'Installed driver major version (v1 is IRSA-only)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Local cache of Mountpoint (driver v2)')
            [CompletionResult]::new('--cache-size-limit', '--cache-size-limit', [CompletionResultType]::ParameterName, 'emptyDir cache: size limit (cacheEmptyDirSizeLimit)')
            [CompletionResult]::new('--cache-medium', '--cache-medium', [CompletionResultType]::ParameterName, 'emptyDir cache: medium, Memory for tmpfs (cacheEmptyDirMedium)')
            [CompletionResult]::new('--cache-storage-class', '--cache-storage-class', [CompletionResultType]::ParameterName, 'ephemeral cache: storage class (cacheEphemeralStorageClassName)')
            [CompletionResult]::new('--cache-storage-request', '--cache-storage-request', [CompletionResultType]::ParameterName, 'ephemeral cache: size requested (cacheEphemeralStorageResourceRequest)')
            [CompletionResult]::new('--zone', '--zone', [CompletionResultType]::ParameterName, 'S3 Express One Zone: the availability zone of the bucket, to pin the volume to')
            [CompletionResult]::new('--pod-image', '--pod-image', [CompletionResultType]::ParameterName, 'Image of the example pod')
            [CompletionResult]::new('--mount-path', '--mount-path', [CompletionResultType]::ParameterName, 'Where the example pod mounts the volume')
            [CompletionResult]::new('--policy-file', '--policy-file', [CompletionResultType]::ParameterName, 'Write the IAM policy to FILE (atomically); implies --with-policy')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'S3 Express One Zone policy: account id of the bucket (''*'' for any)')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'AWS partition of the policy''s ARNs')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Manifest format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Manifest format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write the manifests to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write the manifests to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Mount read-only (ReadOnlyMany, read-only mount option, read-only IAM policy)')
            [CompletionResult]::new('--with-pod', '--with-pod', [CompletionResultType]::ParameterName, 'Also emit an example Pod that mounts the claim')
            [CompletionResult]::new('--with-policy', '--with-policy', [CompletionResultType]::ParameterName, 'Also produce the IAM policy the mount needs (to stdout when -f is given, else to --policy-file)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;s3-csi;help' {
            [CompletionResult]::new('scaffold', 'scaffold', [CompletionResultType]::ParameterValue, 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;s3-csi;help;scaffold' {
            break
        }
        'epi;s3-csi;help;help' {
            break
        }
        'epi;addon' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether the agent add-on is installed, its version, status and health')
            [CompletionResult]::new('roles', 'roles', [CompletionResultType]::ParameterValue, 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;addon;install' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Add-on version, or "latest" [default: EKS''s default version for the cluster''s Kubernetes version]')
            [CompletionResult]::new('--resolve-conflicts', '--resolve-conflicts', [CompletionResultType]::ParameterName, 'What to do with fields of the add-on''s objects changed by hand')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Most seconds to wait')
            [CompletionResult]::new('--poll-interval', '--poll-interval', [CompletionResultType]::ParameterName, 'Seconds between status checks while waiting')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--ipv4-only', '--ipv4-only', [CompletionResultType]::ParameterName, 'Serve credentials on IPv4 only (for nodes without IPv6)')
            [CompletionResult]::new('--hybrid', '--hybrid', [CompletionResultType]::ParameterName, 'Also run the agent on EKS hybrid nodes (add-on v1.3.3-eksbuild.1 or later)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the add-on is ACTIVE [default: on a terminal]')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be done; change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'epi;addon;status' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;addon;roles' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--addon', '--addon', [CompletionResultType]::ParameterName, 'Only this add-on, installed or not (repeatable) [default: every installed add-on]')
            [CompletionResult]::new('--role-name-template', '--role-name-template', [CompletionResultType]::ParameterName, 'The name of a created role: {cluster}, {addon} and {serviceAccount} are replaced; names over IAM''s 64 characters are cut and end with a hash of the full name')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--create', '--create', [CompletionResultType]::ParameterName, 'Create the missing roles and give them to the add-ons')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --create: print what would be done; change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;addon;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether the agent add-on is installed, its version, status and health')
            [CompletionResult]::new('roles', 'roles', [CompletionResultType]::ParameterValue, 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;addon;help;install' {
            break
        }
        'epi;addon;help;status' {
            break
        }
        'epi;addon;help;roles' {
            break
        }
        'epi;addon;help;help' {
            break
        }
        'epi;association' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an association (namespace/service account -> role), checking the role''s trust first')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List associations with their roles, across clusters and regions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show one association')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change an association''s role, target role, session tags or session policy')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an association')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;association;create' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the service account (need not exist yet)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account (need not exist yet)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'The role pods get, in the cluster''s account')
            [CompletionResult]::new('--target-role-arn', '--target-role-arn', [CompletionResultType]::ParameterName, 'A role in another account that EKS assumes with the association''s role (role chaining)')
            [CompletionResult]::new('--session-policy', '--session-policy', [CompletionResultType]::ParameterName, 'A session policy (JSON file) further limiting the credentials; needs --disable-session-tags')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag on the association, KEY=VALUE (repeatable)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'Name of the role to create')
            [CompletionResult]::new('--role-path', '--role-path', [CompletionResultType]::ParameterName, 'Path of the role to create, e.g. /eks/')
            [CompletionResult]::new('--permissions-boundary', '--permissions-boundary', [CompletionResultType]::ParameterName, 'Permissions boundary of the role to create (a policy ARN)')
            [CompletionResult]::new('--attach-policy-arn', '--attach-policy-arn', [CompletionResultType]::ParameterName, 'A managed policy to attach to the role to create (repeatable)')
            [CompletionResult]::new('--well-known-policy', '--well-known-policy', [CompletionResultType]::ParameterName, 'With --create-role: a well-known policy for the role (repeatable; `epi policy well-known --list`)')
            [CompletionResult]::new('--abac-template', '--abac-template', [CompletionResultType]::ParameterName, 'Give the created role an inline ABAC policy from this template (see `epi policy abac --list`)')
            [CompletionResult]::new('--abac-scope', '--abac-scope', [CompletionResultType]::ParameterName, 'ABAC template: whose resources (cluster, namespace, service-account)')
            [CompletionResult]::new('--abac-bucket', '--abac-bucket', [CompletionResultType]::ParameterName, 'ABAC template s3-prefix: the bucket')
            [CompletionResult]::new('--abac-prefix', '--abac-prefix', [CompletionResultType]::ParameterName, 'ABAC template s3-prefix: a fixed key prefix ending in ''/''')
            [CompletionResult]::new('--abac-table', '--abac-table', [CompletionResultType]::ParameterName, 'ABAC template dynamodb: the table')
            [CompletionResult]::new('--abac-path', '--abac-path', [CompletionResultType]::ParameterName, 'ABAC template ssm-parameters: a fixed path prefix')
            [CompletionResult]::new('--settle-delay', '--settle-delay', [CompletionResultType]::ParameterName, 'Seconds to wait after a trust-policy edit (--fix-trust, or the target role''s with --target-profile/--target-assume-role-arn) before reading the role again and writing the statement back if another writer''s late write replaced it (IAM has no conditional write); 0 skips the wait, not the check')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--target-profile', '--target-profile', [CompletionResultType]::ParameterName, 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)')
            [CompletionResult]::new('--target-assume-role-arn', '--target-assume-role-arn', [CompletionResultType]::ParameterName, 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--disable-session-tags', '--disable-session-tags', [CompletionResultType]::ParameterName, 'Do not tag the sessions (needed for a session policy, or when tags overflow)')
            [CompletionResult]::new('--fix-trust', '--fix-trust', [CompletionResultType]::ParameterName, 'Add the Pod Identity statement to the role''s trust policy when it lacks it (other statements are kept)')
            [CompletionResult]::new('--allow-unscoped-trust', '--allow-unscoped-trust', [CompletionResultType]::ParameterName, 'With --fix-trust and --disable-session-tags: accept a trust statement that cannot be scoped to the service account (EKS then sends no request tags), so any association of the account may use the role')
            [CompletionResult]::new('--create-role', '--create-role', [CompletionResultType]::ParameterName, 'Create the role first, trusting pods.eks.amazonaws.com scoped to this namespace and service account')
            [CompletionResult]::new('--no-scope', '--no-scope', [CompletionResultType]::ParameterName, 'Do not scope the created role''s trust to this namespace and service account')
            [CompletionResult]::new('--abac-read-only', '--abac-read-only', [CompletionResultType]::ParameterName, 'ABAC template: grant reading only')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be done; change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;association;list' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only the associations of this namespace (repeatable, or comma-separated)')
            [CompletionResult]::new('--namespaces', '--namespaces', [CompletionResultType]::ParameterName, 'Only the associations of this namespace (repeatable, or comma-separated)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Only the associations whose role or target role is this ARN (repeatable): who uses a role')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'Only the associations whose role or target role has this name (repeatable)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'Only this service account')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most AWS calls in flight at once in each account (a fleet run reads every account at once, at most 256 calls in all)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--checkpoint', '--checkpoint', [CompletionResultType]::ParameterName, 'Record each finished account and region in FILE, and skip those an earlier run with the same FILE finished, merging their results (resumes an interrupted run)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]. Suspended accounts are skipped with a note')
            [CompletionResult]::new('--exclude-accounts', '--exclude-accounts', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--exclude-account', '--exclude-account', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--assume-role-name', '--assume-role-name', [CompletionResultType]::ParameterName, 'The role assumed in each other account')
            [CompletionResult]::new('--assume-role-arn-template', '--assume-role-arn-template', [CompletionResultType]::ParameterName, 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader''')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the assumed roles require')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'The session name of the assumed roles (seen in CloudTrail)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'Every cluster of each region')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region where EKS is offered (the list in docs/commands.md)')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'Exit 0 even when some accounts or regions could not be read (they are still listed)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;association;describe' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The association id (a-…)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace (with --service-account)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account (with --namespace)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;association;update' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The association id (a-…)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace (with --service-account)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account (with --namespace)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'The new role')
            [CompletionResult]::new('--target-role-arn', '--target-role-arn', [CompletionResultType]::ParameterName, 'The new target role (role chaining)')
            [CompletionResult]::new('--session-policy', '--session-policy', [CompletionResultType]::ParameterName, 'A session policy (JSON file); the association must have session tags disabled')
            [CompletionResult]::new('--settle-delay', '--settle-delay', [CompletionResultType]::ParameterName, 'Seconds to wait after a trust-policy edit (--fix-trust, or the target role''s with --target-profile/--target-assume-role-arn) before reading the role again and writing the statement back if another writer''s late write replaced it (IAM has no conditional write); 0 skips the wait, not the check')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--target-profile', '--target-profile', [CompletionResultType]::ParameterName, 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)')
            [CompletionResult]::new('--target-assume-role-arn', '--target-assume-role-arn', [CompletionResultType]::ParameterName, 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--disable-session-tags', '--disable-session-tags', [CompletionResultType]::ParameterName, 'Stop tagging the sessions')
            [CompletionResult]::new('--enable-session-tags', '--enable-session-tags', [CompletionResultType]::ParameterName, 'Tag the sessions again')
            [CompletionResult]::new('--fix-trust', '--fix-trust', [CompletionResultType]::ParameterName, 'Add the Pod Identity statement to the role''s trust policy when it lacks it (for a new role, or when session tags are switched)')
            [CompletionResult]::new('--allow-unscoped-trust', '--allow-unscoped-trust', [CompletionResultType]::ParameterName, 'With --fix-trust and session tags disabled: accept a trust statement that cannot be scoped to the service account (EKS then sends no request tags), so any association of the account may use the role')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change; change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;association;delete' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The association id (a-…)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace (with --service-account)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account (with --namespace)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be deleted; delete nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;association;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an association (namespace/service account -> role), checking the role''s trust first')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List associations with their roles, across clusters and regions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show one association')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change an association''s role, target role, session tags or session policy')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an association')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;association;help;create' {
            break
        }
        'epi;association;help;list' {
            break
        }
        'epi;association;help;describe' {
            break
        }
        'epi;association;help;update' {
            break
        }
        'epi;association;help;delete' {
            break
        }
        'epi;association;help;help' {
            break
        }
        'epi;access' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'The decision for a service account''s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)')
            [CompletionResult]::new('who-can', 'who-can', [CompletionResultType]::ParameterValue, 'Every association whose pods may do an action on a resource')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'What a change of PodIdentityConfig files grants and takes away, per service account, evaluated: actions gained and lost, new roles, wildcard grants (read-only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;access;check' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The service account''s namespace')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'As fleet commands take it: `org` or organisational units `ou-…` here mean --org-policies (the association''s accounts are read, whatever the units)')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Answer offline from a file `epi snapshot` wrote, as a live run on that state would (no AWS call; its organisation''s policies apply unless --scp is given)')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'The action, e.g. s3:GetObject')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The resource''s ARN (or * for actions without resource-level permissions)')
            [CompletionResult]::new('--resource-account', '--resource-account', [CompletionResultType]::ParameterName, 'The resource''s account, for ARNs without one (S3) [default: the role''s account, stated in the output]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context key epi cannot know, e.g. aws:SourceVpc=vpc-1 or aws:PrincipalTag/kubernetes-pod-name=web-0 (repeatable; a key given twice is multi-valued)')
            [CompletionResult]::new('--resource-policy', '--resource-policy', [CompletionResultType]::ParameterName, 'The resource''s own policy (bucket policy, key policy), JSON')
            [CompletionResult]::new('--scp', '--scp', [CompletionResultType]::ParameterName, 'A service control policy of the role''s account (repeatable: one file per level of the organisation, root first; a file may hold a JSON list of that level''s policies)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--target-profile', '--target-profile', [CompletionResultType]::ParameterName, 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)')
            [CompletionResult]::new('--target-assume-role-arn', '--target-assume-role-arn', [CompletionResultType]::ParameterName, 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--org-policies', '--org-policies', [CompletionResultType]::ParameterName, 'Read the organisation''s SCPs and RCPs along the accounts'' paths and evaluate them (needs the management account or a delegated administrator; without --scp files)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;access;who-can' {
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'The action, e.g. s3:GetObject')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The resource''s ARN (or * for actions without resource-level permissions)')
            [CompletionResult]::new('--resource-account', '--resource-account', [CompletionResultType]::ParameterName, 'The resource''s account, for ARNs without one (S3) [default: the role''s account, stated in the output]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A context key epi cannot know, e.g. aws:SourceVpc=vpc-1 or aws:PrincipalTag/kubernetes-pod-name=web-0 (repeatable; a key given twice is multi-valued)')
            [CompletionResult]::new('--resource-policy', '--resource-policy', [CompletionResultType]::ParameterName, 'The resource''s own policy (bucket policy, key policy), JSON')
            [CompletionResult]::new('--scp', '--scp', [CompletionResultType]::ParameterName, 'A service control policy of the role''s account (repeatable: one file per level of the organisation, root first; a file may hold a JSON list of that level''s policies)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Answer offline from a file `epi snapshot` wrote, as a live run on that state would (no AWS call): its clusters, narrowed by --accounts, --exclude-accounts, --region and --cluster; its organisation''s policies apply unless --scp is given')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most AWS calls in flight at once in each account (a fleet run reads every account at once, at most 256 calls in all)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--target-profile', '--target-profile', [CompletionResultType]::ParameterName, 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)')
            [CompletionResult]::new('--target-assume-role-arn', '--target-assume-role-arn', [CompletionResultType]::ParameterName, 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)')
            [CompletionResult]::new('--checkpoint', '--checkpoint', [CompletionResultType]::ParameterName, 'Record each finished account and region in FILE, and skip those an earlier run with the same FILE finished, merging their results (resumes an interrupted run)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]. Suspended accounts are skipped with a note')
            [CompletionResult]::new('--exclude-accounts', '--exclude-accounts', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--exclude-account', '--exclude-account', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--assume-role-name', '--assume-role-name', [CompletionResultType]::ParameterName, 'The role assumed in each other account')
            [CompletionResult]::new('--assume-role-arn-template', '--assume-role-arn-template', [CompletionResultType]::ParameterName, 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader''')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the assumed roles require')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'The session name of the assumed roles (seen in CloudTrail)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'Every cluster of each region')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region where EKS is offered (the list in docs/commands.md)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also the associations whose pods are denied, with why')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'Exit 0 even when some accounts or regions could not be read (they are still listed)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;access;test' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'AccessTests and PodIdentityConfig files, YAML or JSON, or directories of them (repeatable; - for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'AccessTests and PodIdentityConfig files, YAML or JSON, or directories of them (repeatable; - for standard input)')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Evaluate against the state a file `epi snapshot` wrote, offline (as --live does against the live cluster; no AWS call)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region, overriding the files'' `region` [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--target-profile', '--target-profile', [CompletionResultType]::ParameterName, 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)')
            [CompletionResult]::new('--target-assume-role-arn', '--target-assume-role-arn', [CompletionResultType]::ParameterName, 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context of the cluster [default: the current context]')
            [CompletionResult]::new('--kube-timeout', '--kube-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--live', '--live', [CompletionResultType]::ParameterName, 'Evaluate against the live cluster instead of the files'' desired state')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;access;diff' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The cluster, overriding the files'' `cluster`')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region, overriding the files'' `region` [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--against', '--against', [CompletionResultType]::ParameterName, 'What the files are compared with: `live`, the clusters as they are')
            [CompletionResult]::new('--against-files', '--against-files', [CompletionResultType]::ParameterName, 'Compare with the state these files would make instead (repeatable; files or directories)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when the change would do this (repeatable, or comma-separated)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context of the cluster [default: the current context]')
            [CompletionResult]::new('--kube-timeout', '--kube-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete what epi created for the files'' stack that no file names any longer: the stack''s associations of these clusters, and roles the stack created that nothing in the account uses (needs `stack` in the files; without --prune they are listed as notes)')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Take existing associations and roles the files name into the files'' stack (tag them): those made outside epi, by an epi without stacks, or by another stack')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a region it could not read)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;access;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'The decision for a service account''s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)')
            [CompletionResult]::new('who-can', 'who-can', [CompletionResultType]::ParameterValue, 'Every association whose pods may do an action on a resource')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'What a change of PodIdentityConfig files grants and takes away, per service account, evaluated: actions gained and lost, new roles, wildcard grants (read-only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;access;help;check' {
            break
        }
        'epi;access;help;who-can' {
            break
        }
        'epi;access;help;test' {
            break
        }
        'epi;access;help;diff' {
            break
        }
        'epi;access;help;help' {
            break
        }
        'epi;migrate-irsa' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only this namespace (repeatable) [default: every namespace]')
            [CompletionResult]::new('--namespaces', '--namespaces', [CompletionResultType]::ParameterName, 'Only this namespace (repeatable) [default: every namespace]')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Where to write the backup of what is changed [default: epi-migrate-irsa-CLUSTER.json]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most service accounts worked on at once')
            [CompletionResult]::new('--settle-delay', '--settle-delay', [CompletionResultType]::ParameterName, 'Seconds to wait after the run''s last trust-policy edit before reading the edited roles again and restoring any statement another writer''s late write replaced (IAM has no conditional write); 0 skips the wait, not the check')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the plan and the report')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the plan and the report')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context of the cluster [default: the current context]')
            [CompletionResult]::new('--kube-timeout', '--kube-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Carry out the plan without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Carry out the plan without asking (required when not on a terminal)')
            [CompletionResult]::new('--restart-workloads', '--restart-workloads', [CompletionResultType]::ParameterName, 'Restart the workloads of each migrated service account so pods get Pod Identity credentials')
            [CompletionResult]::new('--remove-irsa', '--remove-irsa', [CompletionResultType]::ParameterName, 'Remove the IRSA annotation and this cluster''s IRSA trust once the pods use Pod Identity')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an association that points at another role')
            [CompletionResult]::new('--no-install-agent', '--no-install-agent', [CompletionResultType]::ParameterName, 'Stop (instead of installing it) when the agent add-on is missing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;migrate-irsa;rollback' {
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'The backup file a migration wrote')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the report')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the report')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context of the cluster [default: the current context]')
            [CompletionResult]::new('--kube-timeout', '--kube-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what the rollback would change (the engine''s plan); change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;migrate-irsa;help' {
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;migrate-irsa;help;rollback' {
            break
        }
        'epi;migrate-irsa;help;help' {
            break
        }
        'epi;doctor' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'The cluster''s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only the associations of this namespace (repeatable) [default: every namespace]')
            [CompletionResult]::new('--namespaces', '--namespaces', [CompletionResultType]::ParameterName, 'Only the associations of this namespace (repeatable) [default: every namespace]')
            [CompletionResult]::new('--checks', '--checks', [CompletionResultType]::ParameterName, 'Only these groups of checks (repeatable, or comma-separated): node is the credential path between pods and the agent [default: all]')
            [CompletionResult]::new('--checkpoint', '--checkpoint', [CompletionResultType]::ParameterName, 'With --all-clusters: record each finished account and region in FILE, and skip those an earlier run with the same FILE finished, taking their reports from it (resumes an interrupted run)')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Check offline from a file `epi snapshot` wrote (no AWS or Kubernetes call): the cluster''s status and version and every association check; the agent, node and Kubernetes checks are skipped (a snapshot does not hold them)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most associations checked at once (with --all-clusters: per cluster; four clusters at once per account, every account at once)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the report: junit (one test case per check), sarif (code scanning, logical locations) and github (workflow annotations) are for CI')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the report: junit (one test case per check), sarif (code scanning, logical locations) and github (workflow annotations) are for CI')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context of the cluster [default: the current context]')
            [CompletionResult]::new('--kube-timeout', '--kube-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers')
            [CompletionResult]::new('--target-profile', '--target-profile', [CompletionResultType]::ParameterName, 'A profile of the target role''s account: doctor and access read the target role there; association create|update also add the association''s statement to its trust policy there (other statements kept)')
            [CompletionResult]::new('--target-assume-role-arn', '--target-assume-role-arn', [CompletionResultType]::ParameterName, 'A role in the target role''s account that epi assumes to do the same (read the target role; for association create|update, add the statement)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]. Suspended accounts are skipped with a note')
            [CompletionResult]::new('--exclude-accounts', '--exclude-accounts', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--exclude-account', '--exclude-account', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--assume-role-name', '--assume-role-name', [CompletionResultType]::ParameterName, 'The role assumed in each other account')
            [CompletionResult]::new('--assume-role-arn-template', '--assume-role-arn-template', [CompletionResultType]::ParameterName, 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader''')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the assumed roles require')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'The session name of the assumed roles (seen in CloudTrail)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'Every cluster of the regions and accounts asked for: one summary row per cluster')
            [CompletionResult]::new('--detail', '--detail', [CompletionResultType]::ParameterName, 'With --all-clusters: each cluster''s full report after the summary')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'With --all-clusters: every region where EKS is offered')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail on warnings and skipped checks too (for CI gates)')
            [CompletionResult]::new('--no-kube', '--no-kube', [CompletionResultType]::ParameterName, 'Skip the checks that need the Kubernetes API')
            [CompletionResult]::new('--org-policies', '--org-policies', [CompletionResultType]::ParameterName, 'Read the organisation''s SCPs and RCPs (of the accounts read, and of --target-profile''s) and judge the hop to each target role with them (implied by --accounts org or organisational units; needs the management account or a delegated administrator)')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'Exit 0 even when some accounts or regions could not be read (they are still listed)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;plan' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The cluster, overriding the files'' `cluster`')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region, overriding the files'' `region` [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Save the plan for `epi apply --plan`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the plan: markdown is a pull-request comment, github annotates the files'' lines')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the plan: markdown is a pull-request comment, github annotates the files'' lines')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context of the cluster [default: the current context]')
            [CompletionResult]::new('--kube-timeout', '--kube-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete what epi created for the files'' stack that no file names any longer: the stack''s associations of these clusters, and roles the stack created that nothing in the account uses (needs `stack` in the files; without --prune they are listed as notes)')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Take existing associations and roles the files name into the files'' stack (tag them): those made outside epi, by an epi without stacks, or by another stack')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a region it could not read)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A PodIdentityConfig file, YAML or JSON, several documents allowed, or a directory of them (repeatable; - for standard input)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The cluster, overriding the files'' `cluster`')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region, overriding the files'' `region` [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'A plan saved by `epi plan --out`: its files are planned again against the live state, and the changes are carried out only if they are exactly the saved ones')
            [CompletionResult]::new('--expect-digest', '--expect-digest', [CompletionResultType]::ParameterName, 'With --plan: refuse the plan unless its digest (printed by `epi plan`) is this one')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most changes made at once')
            [CompletionResult]::new('--settle-delay', '--settle-delay', [CompletionResultType]::ParameterName, 'Seconds to wait after the run''s last trust-policy edit before reading the edited roles again and restoring any statement another writer''s late write replaced (IAM has no conditional write); 0 skips the wait, not the check')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the plan and result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the plan and result')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'The kubeconfig file [default: KUBECONFIG, then ~/.kube/config]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context of the cluster [default: the current context]')
            [CompletionResult]::new('--kube-timeout', '--kube-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to the Kubernetes API, and for each of its answers')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete what epi created for the files'' stack that no file names any longer: the stack''s associations of these clusters, and roles the stack created that nothing in the account uses (needs `stack` in the files; without --prune they are listed as notes)')
            [CompletionResult]::new('--adopt', '--adopt', [CompletionResultType]::ParameterName, 'Take existing associations and roles the files name into the files'' stack (tag them): those made outside epi, by an epi without stacks, or by another stack')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Fail (exit 1) when prune keeps a role because epi could not prove nothing uses it (a region it could not read)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan; change nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;export' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The cluster''s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'The cluster''s region; with --all-clusters, the regions to look in (repeatable, or comma-separated; --regions is the same) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only the associations of this namespace (repeatable) [default: every namespace]')
            [CompletionResult]::new('--namespaces', '--namespaces', [CompletionResultType]::ParameterName, 'Only the associations of this namespace (repeatable) [default: every namespace]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The file format')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]. Suspended accounts are skipped with a note')
            [CompletionResult]::new('--exclude-accounts', '--exclude-accounts', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--exclude-account', '--exclude-account', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--assume-role-name', '--assume-role-name', [CompletionResultType]::ParameterName, 'The role assumed in each other account')
            [CompletionResult]::new('--assume-role-arn-template', '--assume-role-arn-template', [CompletionResultType]::ParameterName, 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader''')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the assumed roles require')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'The session name of the assumed roles (seen in CloudTrail)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'Every cluster of the regions and accounts asked for: one document per cluster')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'With --all-clusters: every region where EKS is offered')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'Exit 0 even when some accounts or regions could not be read (they are still listed)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;schema' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'The document kind whose schema to print')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;snapshot' {
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The EKS cluster (repeatable)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Region to look in (repeatable, or comma-separated with --regions) [default: AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The file to write (replaced whole, or not at all)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most AWS calls in flight at once in each account (a fleet run reads every account at once, at most 256 calls in all)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts to cover: IDs and organisational units `ou-…` (every account under them, however deep; comma-separated or repeated), or `org` for every ACTIVE account of the organisation [default: the caller''s account]. Suspended accounts are skipped with a note')
            [CompletionResult]::new('--exclude-accounts', '--exclude-accounts', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--exclude-account', '--exclude-account', [CompletionResultType]::ParameterName, 'Accounts to leave out (comma-separated or repeated; --exclude-account is the same)')
            [CompletionResult]::new('--assume-role-name', '--assume-role-name', [CompletionResultType]::ParameterName, 'The role assumed in each other account')
            [CompletionResult]::new('--assume-role-arn-template', '--assume-role-arn-template', [CompletionResultType]::ParameterName, 'The role assumed in each other account, as an ARN template with {account}, e.g. ''arn:aws:iam::{account}:role/epi-reader''')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the assumed roles require')
            [CompletionResult]::new('--role-session-name', '--role-session-name', [CompletionResultType]::ParameterName, 'The session name of the assumed roles (seen in CloudTrail)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'Every cluster of each region')
            [CompletionResult]::new('--all-regions', '--all-regions', [CompletionResultType]::ParameterName, 'Every region where EKS is offered (the list in docs/commands.md)')
            [CompletionResult]::new('--org-policies', '--org-policies', [CompletionResultType]::ParameterName, 'Read the organisation''s SCPs and RCPs along each account''s path (implied by --accounts org or organisational units; needs the management account or a delegated administrator)')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'Exit 0 even when some accounts or regions could not be read (they are still listed)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;usage' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'CloudTrail events: a file, a directory of them (read recursively), - for standard input, a trail''s bucket s3://BUCKET[/PREFIX], or a trail''s Athena table athena:DATABASE.TABLE (repeatable)')
            [CompletionResult]::new('--athena-workgroup', '--athena-workgroup', [CompletionResultType]::ParameterName, 'The Athena workgroup an athena: source''s query runs in [default: primary]')
            [CompletionResult]::new('--athena-output', '--athena-output', [CompletionResultType]::ParameterName, 'Where Athena writes an athena: source''s query result, s3://BUCKET/PREFIX/ [default: the workgroup''s result location]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only calls at or after this time: RFC 3339 (2026-12-01T00:00:00Z) or an age (90m, 24h, 7d)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only calls before this time (RFC 3339 or an age)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Regions (repeatable, or comma-separated with --regions): the trail''s keys of these regions in an s3:// source (its events'' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions (repeatable, or comma-separated with --regions): the trail''s keys of these regions in an s3:// source (its events'' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts whose keys an s3:// source reads (whose events an athena: source reads: recipientAccountId) (repeatable, or comma-separated) [default: every account]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Take the associations and roles from a file `epi snapshot` wrote instead of reading them live (its clusters in --region, or all of them)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Only this cluster''s service accounts (repeatable); its live associations are read for the association ids and the attribution by session name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only this namespace (repeatable, or comma-separated)')
            [CompletionResult]::new('--namespaces', '--namespaces', [CompletionResultType]::ParameterName, 'Only this namespace (repeatable, or comma-separated)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'Only this service account')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--show-query', '--show-query', [CompletionResultType]::ParameterName, 'Print the SQL an athena: source runs (to standard error) before running it')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Read no live association: attribute calls from the events alone (no association ids, no attribution by session name, no explanations). Only s3:// and athena: sources call AWS then')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 1 when a source holds a malformed record or a damaged file, or (epi usage) a pod session made a call no IAM action is known for')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'Every cluster the events name (the default)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;trace' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'CloudTrail events: a file, a directory of them (read recursively), - for standard input, a trail''s bucket s3://BUCKET[/PREFIX], or a trail''s Athena table athena:DATABASE.TABLE (repeatable)')
            [CompletionResult]::new('--athena-workgroup', '--athena-workgroup', [CompletionResultType]::ParameterName, 'The Athena workgroup an athena: source''s query runs in [default: primary]')
            [CompletionResult]::new('--athena-output', '--athena-output', [CompletionResultType]::ParameterName, 'Where Athena writes an athena: source''s query result, s3://BUCKET/PREFIX/ [default: the workgroup''s result location]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only calls at or after this time: RFC 3339 (2026-12-01T00:00:00Z) or an age (90m, 24h, 7d)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only calls before this time (RFC 3339 or an age)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Regions (repeatable, or comma-separated with --regions): the trail''s keys of these regions in an s3:// source (its events'' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions (repeatable, or comma-separated with --regions): the trail''s keys of these regions in an s3:// source (its events'' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts whose keys an s3:// source reads (whose events an athena: source reads: recipientAccountId) (repeatable, or comma-separated) [default: every account]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Take the associations and roles from a file `epi snapshot` wrote instead of reading them live (its clusters in --region, or all of them)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'With --namespace and --service-account: only calls in this cluster')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The service account''s namespace (with --service-account, instead of ID)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account (with --namespace, instead of ID)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--show-query', '--show-query', [CompletionResultType]::ParameterName, 'Print the SQL an athena: source runs (to standard error) before running it')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Read no live association: attribute calls from the events alone (no association ids, no attribution by session name, no explanations). Only s3:// and athena: sources call AWS then')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 1 when a source holds a malformed record or a damaged file, or (epi usage) a pod session made a call no IAM action is known for')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;rightsize' {
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'CloudTrail events: a file, a directory of them (read recursively), - for standard input, a trail''s bucket s3://BUCKET[/PREFIX], or a trail''s Athena table athena:DATABASE.TABLE (repeatable)')
            [CompletionResult]::new('--athena-workgroup', '--athena-workgroup', [CompletionResultType]::ParameterName, 'The Athena workgroup an athena: source''s query runs in [default: primary]')
            [CompletionResult]::new('--athena-output', '--athena-output', [CompletionResultType]::ParameterName, 'Where Athena writes an athena: source''s query result, s3://BUCKET/PREFIX/ [default: the workgroup''s result location]')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only calls at or after this time: RFC 3339 (2026-12-01T00:00:00Z) or an age (90m, 24h, 7d)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only calls before this time (RFC 3339 or an age)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Regions (repeatable, or comma-separated with --regions): the trail''s keys of these regions in an s3:// source (its events'' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions (repeatable, or comma-separated with --regions): the trail''s keys of these regions in an s3:// source (its events'' awsRegion in an athena: source), and the live associations of their clusters [default: every region in the bucket; associations in AWS_REGION, then the profile''s]')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts whose keys an s3:// source reads (whose events an athena: source reads: recipientAccountId) (repeatable, or comma-separated) [default: every account]')
            [CompletionResult]::new('--snapshot', '--snapshot', [CompletionResultType]::ParameterName, 'Take the associations and roles from a file `epi snapshot` wrote instead of reading them live (its clusters in --region, or all of them)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Only this cluster''s service accounts (repeatable); its live associations are read for the association ids and the attribution by session name')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only this namespace (repeatable, or comma-separated)')
            [CompletionResult]::new('--namespaces', '--namespaces', [CompletionResultType]::ParameterName, 'Only this namespace (repeatable, or comma-separated)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'Only this service account')
            [CompletionResult]::new('--min-days', '--min-days', [CompletionResultType]::ParameterName, 'No proposal for a service account seen on fewer days than this (first to last call)')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the proposals as PodIdentityConfig files (one per cluster) into this directory, for `epi plan -f DIR`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Format of the result')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile of the AWS config files [default: "default"]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service [default: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, then AWS''s]')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Most attempts per AWS call (adaptive retry on throttling and server faults)')
            [CompletionResult]::new('--retry-mode', '--retry-mode', [CompletionResultType]::ParameterName, 'How to retry: adaptive (backoff plus client-side rate limiting after throttling) or standard (backoff only)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to AWS')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds one attempt of an AWS call may wait for the answer once the request is sent (a silent endpoint then fails after one more try)')
            [CompletionResult]::new('--operation-timeout', '--operation-timeout', [CompletionResultType]::ParameterName, 'Seconds one AWS call may take, retries included')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--show-query', '--show-query', [CompletionResultType]::ParameterName, 'Print the SQL an athena: source runs (to standard error) before running it')
            [CompletionResult]::new('--offline', '--offline', [CompletionResultType]::ParameterName, 'Read no live association: attribute calls from the events alone (no association ids, no attribution by session name, no explanations). Only s3:// and athena: sources call AWS then')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Exit 1 when a source holds a malformed record or a damaged file, or (epi usage) a pod session made a call no IAM action is known for')
            [CompletionResult]::new('--all-clusters', '--all-clusters', [CompletionResultType]::ParameterName, 'Every cluster the events name (the default)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings or notes on stderr (errors are still printed)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each AWS and Kubernetes call on stderr (-vv for more); EPI_LOG takes a filter in RUST_LOG syntax instead')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'Show everything epi, the AWS SDK and kube-rs log at debug level (credentials, tokens and signatures are masked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'epi;help' {
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Generate and lint IAM policies for Pod Identity (offline)')
            [CompletionResult]::new('s3-csi', 's3-csi', [CompletionResultType]::ParameterValue, 'Manifests for the Mountpoint for Amazon S3 CSI driver (offline)')
            [CompletionResult]::new('addon', 'addon', [CompletionResultType]::ParameterValue, 'Install, upgrade and check the eks-pod-identity-agent add-on')
            [CompletionResult]::new('association', 'association', [CompletionResultType]::ParameterValue, 'Create, list, describe, update and delete Pod Identity associations')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'What Pod Identity lets service accounts reach, who can reach a resource, and access tests (read-only)')
            [CompletionResult]::new('migrate-irsa', 'migrate-irsa', [CompletionResultType]::ParameterValue, 'Move IRSA service accounts of a cluster to Pod Identity associations, safely and resumably')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check a cluster''s Pod Identity set-up and say what is wrong and how to fix it (read-only)')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Compare declarative files with the live state and print what apply would change (read-only)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the live state match declarative files (or carry out a saved plan)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a cluster''s live associations as a file: epi''s format, Terraform or eksctl')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the declarative file (for editors; offline)')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Write one file with a fleet''s Pod Identity state (clusters, associations, roles and their policies, the organisation''s SCPs and RCPs), for answers offline with --snapshot (read-only)')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'What each service account really did, from CloudTrail: its calls, denied calls and resources (read-only)')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'From a CloudTrail call to the pod that made it: session, assume event, pod, association, role and the statement that decided (read-only)')
            [CompletionResult]::new('rightsize', 'rightsize', [CompletionResultType]::ParameterValue, 'Least privilege per service account, from what CloudTrail shows it used: a proposal replayed against every call seen before it is made; --write turns it into files for `epi plan` (changes nothing itself)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'epi;help;policy' {
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Print the trust policy of a role for Pod Identity (or of a cross-account target role)')
            [CompletionResult]::new('abac', 'abac', [CompletionResultType]::ParameterValue, 'Print an ABAC permission policy from a template that uses the session tags')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check an IAM policy for mistakes that break Pod Identity or grant too much')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Evaluate one request against IAM policies offline, as AWS does, and say which policy allows or stops it (SCPs, RCPs, resource policy, identity, boundary, session policy)')
            [CompletionResult]::new('well-known', 'well-known', [CompletionResultType]::ParameterValue, 'Print a well-known policy (eksctl''s wellKnownPolicies): the AWS managed policy where one exists, else the statements the upstream project documents')
            break
        }
        'epi;help;policy;trust' {
            break
        }
        'epi;help;policy;abac' {
            [CompletionResult]::new('s3-prefix', 's3-prefix', [CompletionResultType]::ParameterValue, 'S3 objects under a key prefix named by the cluster, namespace or service account')
            [CompletionResult]::new('dynamodb', 'dynamodb', [CompletionResultType]::ParameterValue, 'DynamoDB items whose partition key is the cluster, namespace or NAMESPACE/SERVICE_ACCOUNT')
            [CompletionResult]::new('secrets-manager', 'secrets-manager', [CompletionResultType]::ParameterValue, 'Secrets Manager secrets whose resource tags match the caller''s session tags')
            [CompletionResult]::new('ssm-parameters', 'ssm-parameters', [CompletionResultType]::ParameterValue, 'SSM parameters under /CLUSTER[/NAMESPACE[/SERVICE_ACCOUNT]]')
            [CompletionResult]::new('sqs', 'sqs', [CompletionResultType]::ParameterValue, 'SQS queues named NAMESPACE_* (or NAMESPACE_SERVICE_ACCOUNT_*)')
            break
        }
        'epi;help;policy;abac;s3-prefix' {
            break
        }
        'epi;help;policy;abac;dynamodb' {
            break
        }
        'epi;help;policy;abac;secrets-manager' {
            break
        }
        'epi;help;policy;abac;ssm-parameters' {
            break
        }
        'epi;help;policy;abac;sqs' {
            break
        }
        'epi;help;policy;lint' {
            break
        }
        'epi;help;policy;simulate' {
            break
        }
        'epi;help;policy;well-known' {
            break
        }
        'epi;help;s3-csi' {
            [CompletionResult]::new('scaffold', 'scaffold', [CompletionResultType]::ParameterValue, 'PersistentVolume and PersistentVolumeClaim for an S3 bucket, optionally with ServiceAccount, example Pod and the IAM policy the mount needs')
            break
        }
        'epi;help;s3-csi;scaffold' {
            break
        }
        'epi;help;addon' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install or upgrade the agent add-on at the right version for the cluster, and wait until it is healthy')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show whether the agent add-on is installed, its version, status and health')
            [CompletionResult]::new('roles', 'roles', [CompletionResultType]::ParameterValue, 'The Pod Identity roles add-ons want (DescribeAddonConfiguration), and with --create, make them and give them to the add-ons')
            break
        }
        'epi;help;addon;install' {
            break
        }
        'epi;help;addon;status' {
            break
        }
        'epi;help;addon;roles' {
            break
        }
        'epi;help;association' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an association (namespace/service account -> role), checking the role''s trust first')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List associations with their roles, across clusters and regions')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Show one association')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change an association''s role, target role, session tags or session policy')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete an association')
            break
        }
        'epi;help;association;create' {
            break
        }
        'epi;help;association;list' {
            break
        }
        'epi;help;association;describe' {
            break
        }
        'epi;help;association;update' {
            break
        }
        'epi;help;association;delete' {
            break
        }
        'epi;help;access' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'The decision for a service account''s pods on one action and resource, and the chain that produced it (association, trust, target role, each policy layer)')
            [CompletionResult]::new('who-can', 'who-can', [CompletionResultType]::ParameterValue, 'Every association whose pods may do an action on a resource')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run AccessTests documents against the desired state of PodIdentityConfig files (what will be true after apply), or against the live cluster with --live')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'What a change of PodIdentityConfig files grants and takes away, per service account, evaluated: actions gained and lost, new roles, wildcard grants (read-only)')
            break
        }
        'epi;help;access;check' {
            break
        }
        'epi;help;access;who-can' {
            break
        }
        'epi;help;access;test' {
            break
        }
        'epi;help;access;diff' {
            break
        }
        'epi;help;migrate-irsa' {
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo a migration from its backup: restore trust policies and annotations, delete the associations it created')
            break
        }
        'epi;help;migrate-irsa;rollback' {
            break
        }
        'epi;help;doctor' {
            break
        }
        'epi;help;plan' {
            break
        }
        'epi;help;apply' {
            break
        }
        'epi;help;export' {
            break
        }
        'epi;help;schema' {
            break
        }
        'epi;help;snapshot' {
            break
        }
        'epi;help;usage' {
            break
        }
        'epi;help;trace' {
            break
        }
        'epi;help;rightsize' {
            break
        }
        'epi;help;completions' {
            break
        }
        'epi;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
