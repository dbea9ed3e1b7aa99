#!/usr/bin/env python3
"""Writes tests/simulate/cases/*.json: the evaluator's cases, in `epi policy simulate --input`'s
shape plus `name`, `doc` (the AWS documentation page the expectation comes from) and `expected`.

Every expectation below was written by hand from the page named with it, never by running epi.
Edit the rows here and run `python3 tests/simulate/make_cases.py`; tests/policy_simulate.rs walks
the JSON.
"""
import json
import os

UG = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
EL = UG + "reference_policies_evaluation-logic_policy-eval-denyallow.html"
XA = UG + "reference_policies_evaluation-logic-cross-account.html"
OPS = UG + "reference_policies_elements_condition_operators.html"
MV = UG + "reference_policies_condition-logic-multiple-context-keys-or-values.html"
MVEX = UG + "reference_policies_condition_examples-multi-valued-context-keys.html"
VAR = UG + "reference_policies_variables.html"
RES = UG + "reference_policies_elements_resource.html"
NRES = UG + "reference_policies_elements_notresource.html"
ACT = UG + "reference_policies_elements_action.html"
NACT = UG + "reference_policies_elements_notaction.html"
PR = UG + "reference_policies_elements_principal.html"
NP = UG + "reference_policies_elements_notprincipal.html"
BND = UG + "access_policies_boundaries.html"
SESS = UG + "access_policies.html"
COND = UG + "reference_policies_elements_condition.html"
CK = UG + "reference_policies_condition-keys.html"
SLR = UG + "using-service-linked-roles.html"
SWITCH = UG + "id_roles_use_permissions-to-switch.html"
SCP = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html"
SCPS = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html"
RCP = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html"
RCPS = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html"
KMS = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html"
GCI = "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html"
PIROLE = "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html"
PIABAC = "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html"
PITR = "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html"
VPCE = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html"

A = "111122223333"
B = "444455556666"
SESSION = f"arn:aws:sts::{A}:assumed-role/app/s1"
ROLE = f"arn:aws:iam::{A}:role/app"
USER = f"arn:aws:iam::{A}:user/alice"
ROOT = f"arn:aws:iam::{A}:root"
B_SESSION = f"arn:aws:sts::{B}:assumed-role/reader/s1"
B_ROLE = f"arn:aws:iam::{B}:role/reader"
OBJ = "arn:aws:s3:::data/x"
ALLOWED, IMPLICIT, EXPLICIT = "allowed", "implicitDeny", "explicitDeny"

FILES = {}


def stmt(effect, action="s3:GetObject", resource="*", cond=None, sid=None, principal=None,
         not_action=None, not_resource=None, not_principal=None, no_resource=False):
    s = {}
    if sid:
        s["Sid"] = sid
    s["Effect"] = effect
    if principal is not None:
        s["Principal"] = principal
    if not_principal is not None:
        s["NotPrincipal"] = not_principal
    if not_action is not None:
        s["NotAction"] = not_action
    else:
        s["Action"] = action
    if not_resource is not None:
        s["NotResource"] = not_resource
    elif not no_resource:
        s["Resource"] = resource
    if cond is not None:
        s["Condition"] = cond
    return s


def allow(**kw):
    return stmt("Allow", **kw)


def deny(**kw):
    return stmt("Deny", **kw)


def pol(*statements, version="2012-10-17"):
    p = {}
    if version:
        p["Version"] = version
    p["Statement"] = list(statements)
    return p


ALLOW_ALL = pol(allow(action="*", resource="*"))


def case(file, name, doc, expected, action="s3:GetObject", resource=OBJ, principal=SESSION,
         context=None, identity=None, boundary=None, session=None, resource_policy=None,
         scps=None, rcps=None, vpce=None, resource_account=None, denied_by=None, missing=None):
    request = {"action": action, "resource": resource}
    if principal is not None:
        request["principal"] = principal
    if resource_account:
        request["resourceAccount"] = resource_account
    if context:
        request["context"] = context
    c = {"name": name, "doc": doc, "request": request}
    if identity is not None:
        c["identityPolicies"] = identity
    if boundary is not None:
        c["permissionsBoundary"] = boundary
    if session is not None:
        c["sessionPolicy"] = session
    if resource_policy is not None:
        c["resourcePolicy"] = resource_policy
    if scps is not None:
        c["serviceControlPolicies"] = scps
    if rcps is not None:
        c["resourceControlPolicies"] = rcps
    if vpce is not None:
        c["vpcEndpointPolicy"] = vpce
    exp = {"decision": expected}
    if denied_by:
        exp["deniedBy"] = denied_by
    if missing is not None:
        exp["missingContextKeys"] = missing
    c["expected"] = exp
    FILES.setdefault(file, []).append(c)


# ---------------------------------------------------------------------------------------------
# Condition operators: (operator, key, request value or None for a missing key, policy value,
# whether the condition holds). Each row becomes an Allow case; rows marked for Deny also become a
# Deny case under an allow-everything policy.
# ---------------------------------------------------------------------------------------------
T = "2025-01-01T00:00:00Z"
OPERATOR_ROWS = [
    # String [OPS]: exact and case-sensitive; negated operators are true for a missing key.
    ("StringEquals", "aws:PrincipalTag/team", "a", "a", True, OPS),
    ("StringEquals", "aws:PrincipalTag/team", "A", "a", False, OPS),
    ("StringEquals", "aws:PrincipalTag/team", None, "a", False, OPS),
    ("StringNotEquals", "aws:PrincipalTag/team", "b", "a", True, OPS),
    ("StringNotEquals", "aws:PrincipalTag/team", "a", "a", False, OPS),
    ("StringNotEquals", "aws:PrincipalTag/team", None, "a", True, OPS),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", "ABC", "abc", True, OPS),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", "abd", "abc", False, OPS),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", None, "abc", False, OPS),
    ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", "ABC", "abc", False, OPS),
    ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", "x", "abc", True, OPS),
    ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", None, "abc", True, OPS),
    ("StringLike", "aws:PrincipalTag/team", "team-a", "team-*", True, OPS),
    ("StringLike", "aws:PrincipalTag/team", "Team-a", "team-*", False, OPS),
    ("StringLike", "aws:PrincipalTag/team", "ab", "a?", True, OPS),
    ("StringLike", "aws:PrincipalTag/team", "abc", "a?", False, OPS),
    ("StringLike", "aws:PrincipalTag/team", None, "*", False, OPS),
    ("StringNotLike", "aws:PrincipalTag/team", "team-a", "team-*", False, OPS),
    ("StringNotLike", "aws:PrincipalTag/team", "ops", "team-*", True, OPS),
    ("StringNotLike", "aws:PrincipalTag/team", None, "team-*", True, OPS),
    ("StringEquals", "aws:PrincipalTag/team", "b", ["a", "b"], True, MV),
    ("StringNotEquals", "aws:PrincipalTag/team", "b", ["a", "b"], False, MV),
    ("StringNotEquals", "aws:PrincipalTag/team", "c", ["a", "b"], True, MV),
    ("StringEqualsIfExists", "aws:PrincipalTag/team", None, "a", True, OPS),
    ("StringEqualsIfExists", "aws:PrincipalTag/team", "b", "a", False, OPS),
    ("StringEqualsIfExists", "aws:PrincipalTag/team", "a", "a", True, OPS),
    ("StringNotLikeIfExists", "aws:PrincipalTag/team", None, "x*", True, OPS),
    ("StringLikeIfExists", "aws:PrincipalTag/team", "y", "x*", False, OPS),
    # Numeric [OPS]
    ("NumericEquals", "s3:max-keys", "10", "10", True, OPS),
    ("NumericEquals", "s3:max-keys", "10", "11", False, OPS),
    ("NumericEquals", "s3:max-keys", None, "10", False, OPS),
    ("NumericNotEquals", "s3:max-keys", "10", "11", True, OPS),
    ("NumericNotEquals", "s3:max-keys", "10", "10", False, OPS),
    ("NumericNotEquals", "s3:max-keys", None, "10", True, OPS),
    ("NumericLessThan", "s3:max-keys", "5", "10", True, OPS),
    ("NumericLessThan", "s3:max-keys", "10", "10", False, OPS),
    ("NumericLessThanEquals", "s3:max-keys", "10", "10", True, OPS),
    ("NumericLessThanEquals", "s3:max-keys", "11", "10", False, OPS),
    ("NumericGreaterThan", "s3:max-keys", "11", "10", True, OPS),
    ("NumericGreaterThan", "s3:max-keys", "10", "10", False, OPS),
    ("NumericGreaterThanEquals", "s3:max-keys", "10", "10", True, OPS),
    ("NumericGreaterThanEquals", "s3:max-keys", "9", "10", False, OPS),
    ("NumericLessThan", "s3:max-keys", None, "10", False, OPS),
    ("NumericLessThanIfExists", "s3:max-keys", None, "10", True, OPS),
    ("NumericGreaterThan", "s3:max-keys", "many", "10", False, OPS),
    ("NumericLessThan", "s3:max-keys", "2.5", "3", True, OPS),
    # Date [OPS]: ISO 8601 or epoch seconds
    ("DateLessThan", "aws:CurrentTime", "2024-01-01T00:00:00Z", T, True, OPS),
    ("DateLessThan", "aws:CurrentTime", "2026-01-01T00:00:00Z", T, False, OPS),
    ("DateGreaterThan", "aws:CurrentTime", "2026-01-01T00:00:00Z", T, True, OPS),
    ("DateEquals", "aws:CurrentTime", T, T, True, OPS),
    ("DateNotEquals", "aws:CurrentTime", T, T, False, OPS),
    ("DateNotEquals", "aws:CurrentTime", None, T, True, OPS),
    ("DateLessThanEquals", "aws:CurrentTime", T, T, True, OPS),
    ("DateGreaterThanEquals", "aws:CurrentTime", "2024-12-31T23:59:59Z", T, False, OPS),
    ("DateLessThan", "aws:EpochTime", "1700000000", T, True, OPS),
    ("DateGreaterThan", "aws:CurrentTime", None, T, False, OPS),
    ("DateGreaterThanIfExists", "aws:CurrentTime", None, T, True, OPS),
    ("DateLessThan", "aws:CurrentTime", "2024-06-01T12:00:00+02:00", "2024-06-01T11:00:00Z", True, OPS),
    ("DateGreaterThan", "aws:TokenIssueTime", "2020-01-01", "2019-12-31T00:00:00Z", True, OPS),
    # Bool [OPS]: a missing key is false even for "false"; BoolIfExists is the way around it.
    ("Bool", "aws:SecureTransport", "true", "true", True, OPS),
    ("Bool", "aws:SecureTransport", "false", "true", False, OPS),
    ("Bool", "aws:SecureTransport", None, "true", False, OPS),
    ("Bool", "aws:SecureTransport", None, "false", False, OPS),
    ("BoolIfExists", "aws:SecureTransport", None, "false", True, OPS),
    ("Bool", "aws:MultiFactorAuthPresent", "true", True, True, OPS),
    # Binary [OPS]: base64
    ("BinaryEquals", "s3:x-amz-meta-key", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", True, OPS),
    ("BinaryEquals", "s3:x-amz-meta-key", "T3RoZXI=", "QmluYXJ5VmFsdWU=", False, OPS),
    ("BinaryEquals", "s3:x-amz-meta-key", None, "QmluYXJ5VmFsdWU=", False, OPS),
    # IP address [OPS]: CIDR, a bare address is /32, IPv6
    ("IpAddress", "aws:SourceIp", "203.0.113.5", "203.0.113.0/24", True, OPS),
    ("IpAddress", "aws:SourceIp", "198.51.100.1", "203.0.113.0/24", False, OPS),
    ("IpAddress", "aws:SourceIp", "203.0.113.5", "203.0.113.5", True, OPS),
    ("IpAddress", "aws:SourceIp", "203.0.113.6", "203.0.113.5", False, OPS),
    ("IpAddress", "aws:SourceIp", None, "203.0.113.0/24", False, OPS),
    ("NotIpAddress", "aws:SourceIp", "198.51.100.1", "203.0.113.0/24", True, OPS),
    ("NotIpAddress", "aws:SourceIp", "203.0.113.9", "203.0.113.0/24", False, OPS),
    ("NotIpAddress", "aws:SourceIp", None, "203.0.113.0/24", True, OPS),
    ("IpAddress", "aws:SourceIp", "2001:db8::1", "2001:db8::/32", True, OPS),
    ("IpAddress", "aws:SourceIp", "2001:db9::1", "2001:db8::/32", False, OPS),
    ("IpAddress", "aws:SourceIp", "10.0.0.1", ["192.0.2.0/24", "10.0.0.0/8"], True, OPS),
    # ARN [OPS]: ArnEquals and ArnLike are the same; each of the six parts matched on its own
    ("ArnEquals", "aws:SourceArn", "arn:aws:sqs:us-east-1:111122223333:q1", "arn:aws:sqs:us-east-1:111122223333:q1", True, OPS),
    ("ArnLike", "aws:SourceArn", "arn:aws:sqs:us-east-1:111122223333:q1", "arn:aws:sqs:*:111122223333:q*", True, OPS),
    ("ArnLike", "aws:SourceArn", "arn:aws:sqs:us-east-1:111122223333:q1", "arn:aws:sqs:*:444455556666:*", False, OPS),
    ("ArnNotEquals", "aws:SourceArn", "arn:aws:sqs:us-east-1:111122223333:q1", "arn:aws:sqs:us-east-1:111122223333:q1", False, OPS),
    ("ArnNotLike", "aws:SourceArn", "arn:aws:sqs:us-east-1:111122223333:q1", "arn:aws:sns:*:*:*", True, OPS),
    ("ArnLike", "aws:SourceArn", None, "arn:aws:sqs:*:*:*", False, OPS),
    ("ArnNotLike", "aws:SourceArn", None, "arn:aws:sqs:*:*:*", True, OPS),
    ("ArnLike", "aws:SourceArn", "arn:aws:s3:::bucket/a/b", "arn:aws:s3:::bucket/*", True, OPS),
    ("ArnEquals", "aws:SourceArn", "arn:aws:sqs:eu-west-1:111122223333:q1", "arn:aws:sqs:*:111122223333:q1", True, OPS),
    ("ArnLike", "aws:SourceArn", "arn:aws:sqs:us-east-1:111122223333:Q1", "arn:aws:sqs:*:*:q1", False, OPS),
    ("ArnLikeIfExists", "aws:SourceArn", None, "arn:aws:sqs:*:*:q1", True, OPS),
    # Null [OPS]: "true" means the key is absent
    ("Null", "aws:TokenIssueTime", None, "true", True, OPS),
    ("Null", "aws:TokenIssueTime", "2024-01-01T00:00:00Z", "true", False, OPS),
    ("Null", "aws:TokenIssueTime", "2024-01-01T00:00:00Z", "false", True, OPS),
    ("Null", "aws:TokenIssueTime", None, "false", False, OPS),
    # Set operators on a multi-valued key [MV][MVEX]
    ("ForAllValues:StringEquals", "aws:TagKeys", ["a", "b"], ["a", "b", "c"], True, MV),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["a", "d"], ["a", "b", "c"], False, MV),
    ("ForAllValues:StringEquals", "aws:TagKeys", None, ["a"], True, MV),
    ("ForAllValues:StringEquals", "aws:TagKeys", [], ["a"], True, MV),
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["x", "a"], ["a"], True, MV),
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["x", "y"], ["a"], False, MV),
    ("ForAnyValue:StringEquals", "aws:TagKeys", None, ["a"], False, MV),
    ("ForAnyValue:StringEquals", "aws:TagKeys", [], ["a"], False, MV),
    ("ForAllValues:StringLike", "aws:TagKeys", ["key1x", "key1y"], "key1*", True, MVEX),
    ("ForAllValues:StringNotLike", "aws:TagKeys", None, "key1*", True, MVEX),
    ("ForAllValues:StringNotLike", "aws:TagKeys", ["key1a"], "key1*", False, MVEX),
    ("ForAnyValue:StringNotEquals", "aws:TagKeys", ["a", "b"], ["a"], True, MV),
    ("ForAnyValue:StringNotEquals", "aws:TagKeys", ["a"], ["a"], False, MV),
    ("ForAllValues:StringNotEquals", "aws:TagKeys", ["x", "y"], ["a"], True, MV),
    ("ForAllValues:StringNotEquals", "aws:TagKeys", ["x", "a"], ["a"], False, MV),
    ("ForAnyValue:StringLike", "aws:TagKeys", ["dev-1", "prod-2"], "prod-*", True, MV),
    ("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", None, ["a"], True, MV),
    ("ForAllValues:StringEqualsIgnoreCase", "aws:TagKeys", ["A", "b"], ["a", "B"], True, MV),
    ("ForAnyValue:StringNotLike", "aws:TagKeys", None, "x*", False, MV),
]

# Rows (by index) that also get a Deny case: the negated operators and the missing keys matter most.
DENY_ROWS = {2, 5, 11, 19, 22, 23, 24, 33, 50, 61, 62, 63, 73, 74, 85, 86, 88, 89, 96, 97, 98, 104, 107, 108, 109, 111}


def opname(i, row):
    op, key, actual, expected, holds, _ = row
    shown = "missing" if actual is None else json.dumps(actual)
    return f"{op} {key}={shown} against {json.dumps(expected)}"


for i, row in enumerate(OPERATOR_ROWS):
    op, key, actual, expected, holds, doc = row
    ctx = {} if actual is None else {key: actual}
    cond = {op: {key: expected}}
    fam = op.split(":")[-1].replace("IfExists", "")
    fam = "string" if fam.startswith("String") else "numeric" if fam.startswith("Numeric") else \
        "date" if fam.startswith("Date") else "ip" if "Ip" in fam else "arn" if fam.startswith("Arn") else \
        "null" if fam == "Null" else "bool-binary"
    if ":" in op:
        fam = "set-operators"
    file = f"operators-{fam}"
    case(file, f"Allow if {opname(i, row)}: {'holds' if holds else 'does not hold'}", doc,
         ALLOWED if holds else IMPLICIT, context=ctx or None,
         identity=[pol(allow(cond=cond))])
    if i in DENY_ROWS:
        case(file, f"Deny if {opname(i, row)}: {'denies' if holds else 'does not deny'}", doc,
             EXPLICIT if holds else ALLOWED, context=ctx or None,
             identity=[ALLOW_ALL, pol(deny(cond=cond))])

# Several keys and operators AND together [MV]; key names compare without case [COND].
ctx2 = {"aws:PrincipalTag/team": "a", "aws:SourceIp": "203.0.113.5"}
case("operators-logic", "two keys in one operator: both hold", MV, ALLOWED,
     context={"aws:PrincipalTag/team": "a", "aws:PrincipalTag/env": "prod"},
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/team": "a", "aws:PrincipalTag/env": "prod"}}))])
case("operators-logic", "two keys in one operator: one fails, so the condition fails", MV, IMPLICIT,
     context={"aws:PrincipalTag/team": "a", "aws:PrincipalTag/env": "dev"},
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/team": "a", "aws:PrincipalTag/env": "prod"}}))])
case("operators-logic", "two operators: both hold", MV, ALLOWED, context=ctx2,
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/team": "a"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))])
case("operators-logic", "two operators: one fails", MV, IMPLICIT, context=ctx2,
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/team": "a"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))])
case("operators-logic", "condition key names compare without case", COND, ALLOWED,
     context={"aws:principaltag/TEAM": "a"},
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/team": "a"}}))])
case("operators-logic", "condition values keep their case for StringEquals", COND, IMPLICIT,
     context={"aws:PrincipalTag/team": "A"},
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/team": "a"}}))])
case("operators-logic", "a negated operator with several values is a NOR: the value is one of them",
     MV, EXPLICIT, context={"aws:RequestedRegion": "eu-west-1"},
     identity=[ALLOW_ALL, pol(deny(cond={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}))])
case("operators-logic", "a negated operator with several values is a NOR: the value is listed", MV, ALLOWED,
     context={"aws:RequestedRegion": "us-west-2"},
     identity=[ALLOW_ALL, pol(deny(cond={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}))])
case("operators-logic", "the missing key is reported", OPS, IMPLICIT,
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/team": "a"}}))],
     missing=["aws:PrincipalTag/team"])
case("operators-logic", "Deny with StringNotEqualsIfExists denies when the key is missing",
     OPS, EXPLICIT, identity=[ALLOW_ALL, pol(deny(cond={"StringNotEqualsIfExists": {"aws:PrincipalTag/team": "a"}}))])

# ---------------------------------------------------------------------------------------------
# Policy variables [VAR]
# ---------------------------------------------------------------------------------------------
abac = pol(allow(resource="arn:aws:s3:::data/${aws:PrincipalTag/team}/*"))
case("variables", "a principal tag in Resource: own prefix", VAR, ALLOWED,
     resource="arn:aws:s3:::data/a/x", context={"aws:PrincipalTag/team": "a"}, identity=[abac])
case("variables", "a principal tag in Resource: another prefix", VAR, IMPLICIT,
     resource="arn:aws:s3:::data/b/x", context={"aws:PrincipalTag/team": "a"}, identity=[abac])
case("variables", "a variable with no value makes the Resource entry match nothing", VAR, IMPLICIT,
     resource="arn:aws:s3:::data//x", identity=[abac], missing=["aws:PrincipalTag/team"])
case("variables", "the default value when the tag is missing", VAR, ALLOWED,
     resource="arn:aws:s3:::data/shared/x",
     identity=[pol(allow(resource="arn:aws:s3:::data/${aws:PrincipalTag/team, 'shared'}/*"))])
case("variables", "the default is not used when the tag is present", VAR, IMPLICIT,
     resource="arn:aws:s3:::data/shared/x", context={"aws:PrincipalTag/team": "a"},
     identity=[pol(allow(resource="arn:aws:s3:::data/${aws:PrincipalTag/team, 'shared'}/*"))])
home = pol(allow(resource="arn:aws:s3:::home/${aws:username}/*"))
case("variables", "aws:username of an IAM user", VAR, ALLOWED, principal=USER,
     resource="arn:aws:s3:::home/alice/notes", identity=[home])
case("variables", "aws:username of an IAM user: someone else's folder", VAR, IMPLICIT, principal=USER,
     resource="arn:aws:s3:::home/bob/notes", identity=[home])
case("variables", "aws:username is not present for a role session", CK, IMPLICIT,
     resource="arn:aws:s3:::home/app/notes", identity=[home])
case("variables", "without Version 2012-10-17 a variable is literal text", VAR, ALLOWED, principal=USER,
     resource="arn:aws:s3:::home/${aws:username}/notes",
     identity=[pol(allow(resource="arn:aws:s3:::home/${aws:username}/*"), version=None)])
case("variables", "without Version 2012-10-17 a variable is not substituted", VAR, IMPLICIT, principal=USER,
     resource="arn:aws:s3:::home/alice/notes",
     identity=[pol(allow(resource="arn:aws:s3:::home/${aws:username}/*"), version=None)])
case("variables", "Version 2008-10-17: literal", VAR, IMPLICIT, principal=USER,
     resource="arn:aws:s3:::home/alice/notes",
     identity=[pol(allow(resource="arn:aws:s3:::home/${aws:username}/*"), version="2008-10-17")])
case("variables", "a variable in a StringLike condition value", VAR, ALLOWED, principal=USER,
     action="s3:ListBucket", resource="arn:aws:s3:::home", context={"s3:prefix": "alice/docs"},
     identity=[pol(allow(action="s3:ListBucket", resource="arn:aws:s3:::home",
                         cond={"StringLike": {"s3:prefix": "${aws:username}/*"}}))])
case("variables", "a variable in a StringLike condition value: another prefix", VAR, IMPLICIT, principal=USER,
     action="s3:ListBucket", resource="arn:aws:s3:::home", context={"s3:prefix": "bob/docs"},
     identity=[pol(allow(action="s3:ListBucket", resource="arn:aws:s3:::home",
                         cond={"StringLike": {"s3:prefix": "${aws:username}/*"}}))])
case("variables", "an unresolved variable in StringEquals does not match", VAR, IMPLICIT,
     context={"s3:prefix": "x"},
     identity=[pol(allow(cond={"StringEquals": {"s3:prefix": "${aws:PrincipalTag/team}"}}))])
case("variables", "an unresolved variable in StringNotEquals matches (Deny applies)", VAR, EXPLICIT,
     context={"s3:prefix": "x"},
     identity=[ALLOW_ALL, pol(deny(cond={"StringNotEquals": {"s3:prefix": "${aws:PrincipalTag/team}"}}))])
case("variables", "${*} is a literal asterisk", VAR, ALLOWED, resource="arn:aws:s3:::data/*",
     identity=[pol(allow(resource="arn:aws:s3:::data/${*}"))])
case("variables", "${*} is not a wildcard", VAR, IMPLICIT, resource="arn:aws:s3:::data/x",
     identity=[pol(allow(resource="arn:aws:s3:::data/${*}"))])
case("variables", "${?} is a literal question mark", VAR, IMPLICIT, resource="arn:aws:s3:::data/a",
     identity=[pol(allow(resource="arn:aws:s3:::data/${?}"))])
case("variables", "${?} matches a question mark", VAR, ALLOWED, resource="arn:aws:s3:::data/?",
     identity=[pol(allow(resource="arn:aws:s3:::data/${?}"))])
case("variables", "${$} is a literal dollar", VAR, ALLOWED, resource="arn:aws:s3:::data/$x",
     identity=[pol(allow(resource="arn:aws:s3:::data/${$}x"))])
case("variables", "variable key names compare without case", VAR, ALLOWED,
     resource="arn:aws:s3:::data/a/x", context={"aws:PrincipalTag/team": "a"},
     identity=[pol(allow(resource="arn:aws:s3:::data/${AWS:PRINCIPALTAG/TEAM}/*"))])
case("variables", "variables are not substituted in Numeric operators", VAR, IMPLICIT,
     context={"s3:max-keys": "5", "aws:PrincipalTag/limit": "10"},
     identity=[pol(allow(cond={"NumericLessThan": {"s3:max-keys": "${aws:PrincipalTag/limit}"}}))])
case("variables", "a multi-valued key is not a variable", VAR, IMPLICIT,
     resource="arn:aws:s3:::data/a/x", context={"aws:TagKeys": ["a", "b"]},
     identity=[pol(allow(resource="arn:aws:s3:::data/${aws:TagKeys}/*"))])
case("variables", "a variable in an ARN condition", VAR, ALLOWED,
     context={"aws:SourceArn": "arn:aws:sqs:us-east-1:111122223333:a-queue", "aws:PrincipalTag/team": "a"},
     identity=[pol(allow(cond={"ArnLike": {"aws:SourceArn": "arn:aws:sqs:*:*:${aws:PrincipalTag/team}-*"}}))])
case("variables", "aws:PrincipalAccount comes from the principal", CK, ALLOWED,
     resource="arn:aws:s3:::data/111122223333/x",
     identity=[pol(allow(resource="arn:aws:s3:::data/${aws:PrincipalAccount}/*"))])

# ---------------------------------------------------------------------------------------------
# Action, NotAction [ACT][NACT]
# ---------------------------------------------------------------------------------------------
for pattern, action, expected in [
    ("s3:GetObject", "s3:GetObject", ALLOWED),
    ("S3:getobject", "s3:GetObject", ALLOWED),
    ("s3:GetObject", "S3:GETOBJECT", ALLOWED),
    ("s3:Get*", "s3:GetObject", ALLOWED),
    ("s3:*", "s3:PutObject", ALLOWED),
    ("*", "s3:DeleteObject", ALLOWED),
    ("s3:Get?bject", "s3:GetObject", ALLOWED),
    ("s3:Put*", "s3:GetObject", IMPLICIT),
    ("s3:GetObject", "s3:GetObjectAcl", IMPLICIT),
    ("sqs:*", "s3:GetObject", IMPLICIT),
    ("s3:*Object", "s3:GetObjectAcl", IMPLICIT),
    ("s3:*Object*", "s3:GetObjectAcl", ALLOWED),
    (["sqs:SendMessage", "s3:GetObject"], "s3:GetObject", ALLOWED),
]:
    case("actions", f"Action {json.dumps(pattern)} against {action}", ACT, expected, action=action,
         identity=[pol(allow(action=pattern))])
case("actions", "NotAction with Allow: an action not listed is allowed", NACT, ALLOWED, action="s3:GetObject",
     identity=[pol(allow(not_action="iam:*"))])
case("actions", "NotAction with Allow: a listed action is not", NACT, IMPLICIT, action="iam:ListUsers",
     resource="*", identity=[pol(allow(not_action="iam:*"))])
case("actions", "NotAction with Deny: an unlisted action is denied", NACT, EXPLICIT, action="iam:ListUsers",
     resource="*", identity=[ALLOW_ALL, pol(deny(not_action="s3:*"))])
case("actions", "NotAction with Deny: a listed action is not denied", NACT, ALLOWED,
     identity=[ALLOW_ALL, pol(deny(not_action="s3:*"))])
case("actions", "NotAction with Allow is still scoped by Resource", NACT, IMPLICIT, resource="arn:aws:s3:::other/x",
     identity=[pol(allow(not_action="iam:*", resource="arn:aws:s3:::data/*"))])
case("actions", "NotAction without case", NACT, IMPLICIT, action="iam:ListUsers", resource="*",
     identity=[pol(allow(not_action="IAM:LIST*"))])

# ---------------------------------------------------------------------------------------------
# Resource, NotResource [RES][NRES]
# ---------------------------------------------------------------------------------------------
for pattern, resource, expected, why in [
    ("arn:aws:s3:::data/x", "arn:aws:s3:::data/x", ALLOWED, "exact"),
    ("arn:aws:s3:::data/*", "arn:aws:s3:::data/a/b/c", ALLOWED, "* spans /"),
    ("arn:aws:s3:::data", "arn:aws:s3:::data/x", IMPLICIT, "a bucket ARN does not cover its objects"),
    ("arn:aws:s3:::data/*", "arn:aws:s3:::data", IMPLICIT, "an object ARN does not cover the bucket"),
    ("arn:aws:s3:::Data/*", "arn:aws:s3:::data/x", IMPLICIT, "case-sensitive"),
    ("arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b//test/o.jpg", ALLOWED, "the guide's example: matches an empty folder"),
    ("arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b/test/o.jpg", IMPLICIT, "the guide's example: needs the extra slash"),
    ("arn:aws:s3:::data/?", "arn:aws:s3:::data/a", ALLOWED, "? is one character"),
    ("arn:aws:s3:::data/?", "arn:aws:s3:::data/ab", IMPLICIT, "? is exactly one character"),
    ("*", "arn:aws:s3:::data/x", ALLOWED, "* alone covers every resource"),
    ("arn:aws:iam::*:role/app", f"arn:aws:iam::{A}:role/app", ALLOWED, "a wildcard account"),
    ("arn:aws:iam::444455556666:role/app", f"arn:aws:iam::{A}:role/app", IMPLICIT, "another account"),
    ("arn:aws:sqs:*:111122223333:q1", "arn:aws:sqs:eu-west-1:111122223333:q1", ALLOWED, "a wildcard region"),
    ("arn:aws:logs:*:*:log-group:g:*", "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s", ALLOWED, "colons in the resource part"),
    ("arn:aws:s3:::*", "arn:aws:s3:::data/x", ALLOWED, "a * in the resource part covers bucket and key"),
    ("arn:aws:sqs:us-*:111122223333:q1", "arn:aws:sqs:us-east-1:111122223333:q1", ALLOWED, "a partial wildcard in a part"),
    ("arn:aws:sqs:us-east-1:111122223333:q1", "arn:aws:sqs:us-east-1:111122223333:q10", IMPLICIT, "no prefix match"),
    (["arn:aws:s3:::a/*", "arn:aws:s3:::data/*"], "arn:aws:s3:::data/x", ALLOWED, "a list is an OR"),
]:
    action = "sqs:SendMessage" if ":sqs:" in resource else "iam:GetRole" if ":iam:" in resource else \
        "logs:PutLogEvents" if ":logs:" in resource else "s3:GetObject"
    case("resources", f"Resource {json.dumps(pattern)} against {resource}: {why}", RES, expected,
         action=action, resource=resource, identity=[pol(allow(action=action, resource=pattern))])
case("resources", "an action without resource-level permissions is asked on *", RES, ALLOWED,
     action="s3:ListAllMyBuckets", resource="*", identity=[pol(allow(action="s3:ListAllMyBuckets"))])
case("resources", "a request on * is not covered by a specific ARN", RES, IMPLICIT,
     action="s3:ListAllMyBuckets", resource="*",
     identity=[pol(allow(action="s3:ListAllMyBuckets", resource="arn:aws:s3:::data"))])
case("resources", "NotResource with Allow: another resource is allowed", NRES, ALLOWED,
     resource="arn:aws:s3:::other/x", identity=[pol(allow(not_resource="arn:aws:s3:::data/*"))])
case("resources", "NotResource with Allow: the listed resource is not", NRES, IMPLICIT,
     identity=[pol(allow(not_resource="arn:aws:s3:::data/*"))])
case("resources", "NotResource with Deny: everything but the listed resource is denied", NRES, EXPLICIT,
     resource="arn:aws:s3:::other/x", identity=[ALLOW_ALL, pol(deny(not_resource="arn:aws:s3:::data/*"))])
case("resources", "NotResource with Deny: the listed resource is not denied", NRES, ALLOWED,
     identity=[ALLOW_ALL, pol(deny(not_resource="arn:aws:s3:::data/*"))])

# ---------------------------------------------------------------------------------------------
# Layers [EL]: identity, boundary, session policy, and how they combine
# ---------------------------------------------------------------------------------------------
GET = pol(allow(sid="Get"))
PUT_ONLY = pol(allow(action="s3:PutObject"))
DENY_GET = pol(deny(sid="NoGet"))
case("layers", "no policy at all: implicit deny", EL, IMPLICIT, denied_by="identityPolicies")
case("layers", "an identity Allow", EL, ALLOWED, identity=[GET])
case("layers", "an identity Deny beats an Allow in another policy", EL, EXPLICIT, identity=[GET, DENY_GET],
     denied_by="identityPolicies")
case("layers", "an identity Deny beats an Allow in the same policy", EL, EXPLICIT,
     identity=[pol(allow(), deny())])
case("layers", "an identity policy that allows another action", EL, IMPLICIT, identity=[PUT_ONLY])
case("layers", "boundary and identity both allow", BND, ALLOWED, identity=[GET], boundary=GET)
case("layers", "the boundary does not allow", BND, IMPLICIT, identity=[GET], boundary=PUT_ONLY,
     denied_by="permissionsBoundary")
case("layers", "the boundary allows but no identity policy does", BND, IMPLICIT, identity=[PUT_ONLY],
     boundary=pol(allow(action="s3:*")), denied_by="identityPolicies")
case("layers", "a Deny in the boundary", BND, EXPLICIT, identity=[GET], boundary=pol(allow(action="*"), deny()),
     denied_by="permissionsBoundary")
case("layers", "an empty boundary allows nothing", BND, IMPLICIT, identity=[GET], boundary=pol(),
     denied_by="permissionsBoundary")
case("layers", "session policy and identity both allow", SESS, ALLOWED, identity=[GET], session=GET)
case("layers", "the session policy does not allow", SESS, IMPLICIT, identity=[GET], session=PUT_ONLY,
     denied_by="sessionPolicy")
case("layers", "the session policy allows but no identity policy does", SESS, IMPLICIT, identity=[PUT_ONLY],
     session=GET, denied_by="identityPolicies")
case("layers", "a Deny in the session policy", SESS, EXPLICIT, identity=[GET], session=pol(deny()),
     denied_by="sessionPolicy")
case("layers", "identity, boundary and session policy all allow", EL, ALLOWED, identity=[GET], boundary=GET,
     session=GET)
case("layers", "identity and session allow, the boundary does not", EL, IMPLICIT, identity=[GET],
     boundary=PUT_ONLY, session=GET, denied_by="permissionsBoundary")
case("layers", "a wildcard boundary and a narrow identity policy", BND, ALLOWED, identity=[GET],
     boundary=ALLOW_ALL)
case("layers", "a narrow boundary and a wildcard identity policy", BND, IMPLICIT,
     action="s3:DeleteObject", identity=[ALLOW_ALL], boundary=GET, denied_by="permissionsBoundary")
case("layers", "a boundary condition on a tag the request has", BND, ALLOWED, identity=[GET],
     context={"aws:PrincipalTag/team": "a"},
     boundary=pol(allow(cond={"StringEquals": {"aws:PrincipalTag/team": "a"}})))
case("layers", "an IAM user has no session policy, but boundary still applies", BND, IMPLICIT, principal=USER,
     identity=[GET], boundary=PUT_ONLY, denied_by="permissionsBoundary")

# SCPs [SCP]
FULL = pol(allow(action="*", resource="*", sid="FullAWSAccess"))
S3_ONLY = pol(allow(action="s3:*", resource="*"))
case("scp", "FullAWSAccess at the one level and an identity Allow", SCP, ALLOWED, identity=[GET], scps=[[FULL]])
case("scp", "an SCP level without an Allow for the action", SCP, IMPLICIT, identity=[GET],
     scps=[[pol(allow(action="ec2:*"))]], denied_by="serviceControlPolicies")
case("scp", "every level must allow: the root does, the OU does not", SCPS, IMPLICIT, identity=[GET],
     scps=[[FULL], [pol(allow(action="ec2:*"))]], denied_by="serviceControlPolicies")
case("scp", "every level allows", SCPS, ALLOWED, identity=[GET], scps=[[FULL], [S3_ONLY], [FULL]])
case("scp", "one level allows through any of its policies", SCPS, ALLOWED, identity=[GET],
     scps=[[pol(allow(action="ec2:*")), S3_ONLY]])
case("scp", "a Deny in an SCP", SCP, EXPLICIT, identity=[GET], scps=[[FULL, pol(deny(action="s3:*"))]],
     denied_by="serviceControlPolicies")
case("scp", "a Deny at a lower level", SCPS, EXPLICIT, identity=[GET], scps=[[FULL], [FULL, pol(deny())]])
case("scp", "an SCP grants nothing by itself", SCP, IMPLICIT, scps=[[FULL]], denied_by="identityPolicies")
case("scp", "a level with no policy allows nothing", SCP, IMPLICIT, identity=[GET], scps=[[FULL], []],
     denied_by="serviceControlPolicies")
case("scp", "SCPs do not apply to service-linked roles", SCPS, ALLOWED,
     principal=f"arn:aws:sts::{A}:assumed-role/AWSServiceRoleForAmazonEKS/s", identity=[GET],
     scps=[[pol(deny(action="*"))]])
case("scp", "SCPs apply to the root user of a member account", SCPS, EXPLICIT, principal=ROOT,
     scps=[[FULL, pol(deny())]])
case("scp", "the root user needs no identity policy", EL, ALLOWED, principal=ROOT, scps=[[FULL]])
case("scp", "SCPs limit a same-account resource-policy grant too", SCP, IMPLICIT,
     resource_policy=pol(allow(principal={"AWS": SESSION}, resource="arn:aws:s3:::data/*")),
     scps=[[pol(allow(action="ec2:*"))]], denied_by="serviceControlPolicies")
case("scp", "SCPs do not apply to service principals", SCPS, ALLOWED, principal="cloudtrail.amazonaws.com",
     action="s3:PutObject", resource_policy=pol(allow(action="s3:PutObject", principal={"Service": "cloudtrail.amazonaws.com"},
                                                      resource="arn:aws:s3:::data/*")),
     scps=[[pol(deny(action="*"))]], resource_account=A)
case("scp", "an SCP condition on the principal's tag", SCP, EXPLICIT, identity=[GET],
     context={"aws:PrincipalTag/team": "b"},
     scps=[[FULL, pol(deny(cond={"StringNotEquals": {"aws:PrincipalTag/team": "a"}}))]])
case("scp", "an SCP denying outside approved regions", SCP, EXPLICIT, identity=[GET],
     context={"aws:RequestedRegion": "ap-south-1"},
     scps=[[FULL, pol(deny(not_action=["iam:*", "sts:*"], cond={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}}))]])
case("scp", "an SCP denying outside approved regions: an approved one", SCP, ALLOWED, identity=[GET],
     context={"aws:RequestedRegion": "us-east-1"},
     scps=[[FULL, pol(deny(not_action=["iam:*", "sts:*"], cond={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}}))]])
case("scp", "SCPs of the caller's account apply to a cross-account request", XA, IMPLICIT,
     principal=B_SESSION, resource_account=A, identity=[GET],
     resource_policy=pol(allow(principal={"AWS": B_ROLE}, resource="arn:aws:s3:::data/*")),
     scps=[[pol(allow(action="ec2:*"))]], denied_by="serviceControlPolicies")

# RCPs [RCP]
PERIMETER = pol(deny(action="s3:*", principal="*", resource="*",
                     cond={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"},
                           "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}))
case("rcp", "RCPFullAWSAccess is implied: an RCP without a matching Deny changes nothing", RCP, ALLOWED,
     identity=[GET], rcps=[[pol(deny(action="sqs:*", principal="*"))]])
case("rcp", "a Deny in an RCP beats an identity Allow", RCP, EXPLICIT, identity=[GET],
     rcps=[[pol(deny(action="s3:GetObject", principal="*", resource="*"))]], denied_by="resourceControlPolicies")
case("rcp", "a Deny at a lower level", RCP, EXPLICIT, identity=[GET],
     rcps=[[], [pol(deny(action="s3:*", principal="*", resource="*"))]])
case("rcp", "an RCP grants nothing by itself", RCP, IMPLICIT, rcps=[[]], denied_by="identityPolicies")
case("rcp", "a data perimeter RCP: a principal of the organisation", RCP, ALLOWED, identity=[GET],
     context={"aws:PrincipalOrgID": "o-abc"}, rcps=[[PERIMETER]])
case("rcp", "a data perimeter RCP: an external principal", RCP, EXPLICIT, principal=B_SESSION,
     resource_account=A, identity=[GET],
     resource_policy=pol(allow(principal={"AWS": B_ROLE}, resource="arn:aws:s3:::data/*")),
     context={"aws:PrincipalOrgID": "o-other"}, rcps=[[PERIMETER]])
case("rcp", "a data perimeter RCP: a service principal is exempt by its condition", RCP, ALLOWED,
     principal="cloudtrail.amazonaws.com", action="s3:PutObject", resource_account=A,
     resource_policy=pol(allow(action="s3:PutObject", principal={"Service": "cloudtrail.amazonaws.com"}, resource="*")),
     rcps=[[pol(deny(action="s3:*", principal="*", resource="*",
                     cond={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"},
                           "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}))]])
case("rcp", "RCPs apply only to the services that support them", RCPS, ALLOWED, action="ec2:DescribeInstances",
     resource="*", identity=[pol(allow(action="ec2:DescribeInstances"))],
     rcps=[[pol(deny(action="*", principal="*", resource="*"))]])
case("rcp", "RCPs do not apply to service-linked roles", RCPS, ALLOWED,
     principal=f"arn:aws:sts::{A}:assumed-role/AWSServiceRoleForAmazonEKS/s", identity=[GET],
     rcps=[[pol(deny(action="s3:*", principal="*", resource="*"))]])
case("rcp", "RCPs apply to STS", RCPS, EXPLICIT, action="sts:AssumeRole", resource=f"arn:aws:iam::{A}:role/x",
     identity=[pol(allow(action="sts:AssumeRole"))],
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"AWS": ROLE}, no_resource=True)),
     rcps=[[pol(deny(action="sts:AssumeRole", principal="*", resource="*"))]])
case("rcp", "RCPs do not apply to kms:RetireGrant", RCPS, ALLOWED, action="kms:RetireGrant",
     resource=f"arn:aws:kms:us-east-1:{A}:key/k1",
     resource_policy=pol(allow(action="kms:*", principal={"AWS": ROLE}, resource="*")),
     rcps=[[pol(deny(action="kms:*", principal="*", resource="*"))]])
case("rcp", "an RCP Deny applies to the root user", RCP, EXPLICIT, principal=ROOT,
     rcps=[[pol(deny(action="s3:*", principal="*", resource="*"))]])

# VPC endpoint policies
case("vpc-endpoint", "the endpoint policy allows", VPCE, ALLOWED, identity=[GET],
     vpce=pol(allow(principal="*", resource="*")))
case("vpc-endpoint", "the endpoint policy does not allow the action", VPCE, IMPLICIT, identity=[GET],
     vpce=pol(allow(action="s3:PutObject", principal="*", resource="*")), denied_by="vpcEndpointPolicy")
case("vpc-endpoint", "a Deny in the endpoint policy", VPCE, EXPLICIT, identity=[GET],
     vpce=pol(allow(action="*", principal="*", resource="*"), deny(principal="*", resource="arn:aws:s3:::data/*")))
case("vpc-endpoint", "the endpoint policy only for other buckets", VPCE, IMPLICIT, identity=[GET],
     vpce=pol(allow(action="s3:*", principal="*", resource="arn:aws:s3:::other/*")))

# ---------------------------------------------------------------------------------------------
# Resource-based policies in one account [EL]
# ---------------------------------------------------------------------------------------------
def rbp(principal, **kw):
    return pol(allow(principal=principal, resource="arn:aws:s3:::data/*", **kw))


case("resource-policy", "names the IAM user: no identity policy needed", EL, ALLOWED, principal=USER,
     resource_account=A, resource_policy=rbp({"AWS": USER}))
case("resource-policy", "names the role: its session needs no identity policy", EL, ALLOWED, resource_account=A,
     resource_policy=rbp({"AWS": ROLE}))
case("resource-policy", "names the role: the boundary still limits", EL, IMPLICIT, resource_account=A,
     resource_policy=rbp({"AWS": ROLE}), boundary=PUT_ONLY, denied_by="permissionsBoundary")
case("resource-policy", "names the role: the session policy still limits", EL, IMPLICIT, resource_account=A,
     resource_policy=rbp({"AWS": ROLE}), session=PUT_ONLY, denied_by="sessionPolicy")
case("resource-policy", "names the session: the boundary does not limit", EL, ALLOWED, resource_account=A,
     resource_policy=rbp({"AWS": SESSION}), boundary=PUT_ONLY)
case("resource-policy", "names the session: the session policy does not limit", EL, ALLOWED, resource_account=A,
     resource_policy=rbp({"AWS": SESSION}), session=PUT_ONLY)
case("resource-policy", "names the IAM user: the boundary does not limit", EL, ALLOWED, principal=USER,
     resource_account=A, resource_policy=rbp({"AWS": USER}), boundary=PUT_ONLY)
case("resource-policy", "names the account: identity must allow", PR, IMPLICIT, resource_account=A,
     resource_policy=rbp({"AWS": A}), denied_by="identityPolicies")
case("resource-policy", "names the account: with an identity Allow", PR, ALLOWED, resource_account=A,
     resource_policy=rbp({"AWS": ROOT}), identity=[GET])
case("resource-policy", "Principal * allows any caller of the account", PR, ALLOWED, resource_account=A,
     resource_policy=rbp("*"))
case("resource-policy", "Principal * with aws:PrincipalArn: the boundary does not limit", EL, ALLOWED,
     resource_account=A, boundary=PUT_ONLY,
     resource_policy=rbp("*", cond={"ArnEquals": {"aws:PrincipalArn": ROLE}}))
case("resource-policy", "Principal * with aws:PrincipalArn for another role", EL, IMPLICIT, resource_account=A,
     resource_policy=rbp("*", cond={"ArnEquals": {"aws:PrincipalArn": f"arn:aws:iam::{A}:role/other"}}))
case("resource-policy", "Principal * allows anonymous callers", PR, ALLOWED, principal="anonymous",
     resource_account=A, resource_policy=rbp("*"))
case("resource-policy", "{AWS: *} allows anonymous callers", PR, ALLOWED, principal="anonymous",
     resource_account=A, resource_policy=rbp({"AWS": "*"}))
case("resource-policy", "an anonymous caller is not the account", PR, IMPLICIT, principal="anonymous",
     resource_account=A, resource_policy=rbp({"AWS": A}), denied_by="resourcePolicy")
case("resource-policy", "a Deny in the resource policy beats an identity Allow", EL, EXPLICIT, resource_account=A,
     identity=[GET], resource_policy=pol(deny(principal="*", resource="arn:aws:s3:::data/*")),
     denied_by="resourcePolicy")
case("resource-policy", "an identity Deny beats a resource-policy Allow", EL, EXPLICIT, resource_account=A,
     identity=[DENY_GET], resource_policy=rbp({"AWS": SESSION}))
case("resource-policy", "names another role: identity must allow", EL, IMPLICIT, resource_account=A,
     resource_policy=rbp({"AWS": f"arn:aws:iam::{A}:role/other"}))
case("resource-policy", "names another role, identity allows", EL, ALLOWED, resource_account=A,
     identity=[GET], resource_policy=rbp({"AWS": f"arn:aws:iam::{A}:role/other"}))
case("resource-policy", "identity alone suffices in one account", EL, ALLOWED, resource_account=A, identity=[GET],
     resource_policy=pol(allow(action="s3:PutObject", principal="*", resource="*")))
case("resource-policy", "a resource policy for another action", EL, IMPLICIT, resource_account=A,
     resource_policy=pol(allow(action="s3:PutObject", principal={"AWS": SESSION}, resource="*")))
case("resource-policy", "a resource policy for another resource", EL, IMPLICIT, resource_account=A,
     resource_policy=pol(allow(principal={"AWS": SESSION}, resource="arn:aws:s3:::other/*")))
case("resource-policy", "a resource-policy condition that fails", EL, IMPLICIT, resource_account=A,
     resource_policy=rbp({"AWS": SESSION}, cond={"Bool": {"aws:SecureTransport": "true"}}),
     missing=["aws:SecureTransport"])
case("resource-policy", "a resource-policy condition that holds", EL, ALLOWED, resource_account=A,
     context={"aws:SecureTransport": "true"},
     resource_policy=rbp({"AWS": SESSION}, cond={"Bool": {"aws:SecureTransport": "true"}}))

# Principal element [PR]
case("principals", "a role ARN with a path matches the role's sessions", PR, ALLOWED, resource_account=A,
     resource_policy=rbp({"AWS": f"arn:aws:iam::{A}:role/team/app"}))
case("principals", "another session of the same role does not match a session ARN", PR, IMPLICIT,
     resource_account=A, resource_policy=rbp({"AWS": f"arn:aws:sts::{A}:assumed-role/app/s2"}))
case("principals", "no partial wildcards in Principal", PR, IMPLICIT, resource_account=A,
     resource_policy=rbp({"AWS": f"arn:aws:iam::{A}:role/*"}))
case("principals", "the user name in a principal ARN is case-sensitive", PR, IMPLICIT, principal=USER,
     resource_account=A, resource_policy=rbp({"AWS": f"arn:aws:iam::{A}:user/Alice"}))
case("principals", "a list of principals is an OR", PR, ALLOWED, resource_account=A,
     resource_policy=rbp({"AWS": [f"arn:aws:iam::{A}:role/other", ROLE]}))
case("principals", "a service principal", PR, ALLOWED, principal="cloudtrail.amazonaws.com", action="s3:PutObject",
     resource_account=A, resource_policy=pol(allow(action="s3:PutObject", principal={"Service": "cloudtrail.amazonaws.com"}, resource="*")))
case("principals", "another service principal", PR, IMPLICIT, principal="config.amazonaws.com",
     action="s3:PutObject", resource_account=A,
     resource_policy=pol(allow(action="s3:PutObject", principal={"Service": "cloudtrail.amazonaws.com"}, resource="*")))
case("principals", "a service principal has no identity policies", PR, IMPLICIT, principal="cloudtrail.amazonaws.com",
     action="s3:PutObject", resource_account=A, identity=[ALLOW_ALL], denied_by="resourcePolicy")
case("principals", "a Federated principal does not match a role session", PR, IMPLICIT, resource_account=A,
     resource_policy=rbp({"Federated": "cognito-identity.amazonaws.com"}))
case("principals", "a service principal in a list", PR, ALLOWED, principal="pods.eks.amazonaws.com",
     action="sts:AssumeRole", resource=ROLE,
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"Service": ["ec2.amazonaws.com", "pods.eks.amazonaws.com"]}, no_resource=True)))
case("principals", "the account ID and its root ARN are the same principal", PR, ALLOWED, resource_account=A,
     identity=[GET], resource_policy=rbp({"AWS": A}))
case("principals", "a federated user named exactly", PR, ALLOWED, principal=f"arn:aws:sts::{A}:federated-user/bob",
     resource_account=A, resource_policy=rbp({"AWS": f"arn:aws:sts::{A}:federated-user/bob"}))

# NotPrincipal [NP]
NP_ALL = {"AWS": [SESSION, ROLE, ROOT]}
case("not-principal", "Deny with NotPrincipal: the account, role and session are listed", NP, ALLOWED,
     resource_account=A, identity=[GET],
     resource_policy=pol(deny(not_principal=NP_ALL, resource="arn:aws:s3:::data/*")))
case("not-principal", "Deny with NotPrincipal: only the session is listed, so the caller is denied", NP, EXPLICIT,
     resource_account=A, identity=[GET],
     resource_policy=pol(deny(not_principal={"AWS": [SESSION]}, resource="arn:aws:s3:::data/*")))
case("not-principal", "Deny with NotPrincipal: another principal is denied", NP, EXPLICIT, resource_account=A,
     identity=[GET], resource_policy=pol(deny(not_principal={"AWS": [f"arn:aws:iam::{A}:user/bob", ROOT]},
                                             resource="arn:aws:s3:::data/*")))
case("not-principal", "Deny with NotPrincipal: a listed user and account", NP, ALLOWED, principal=USER,
     resource_account=A, identity=[GET],
     resource_policy=pol(deny(not_principal={"AWS": [USER, ROOT]}, resource="arn:aws:s3:::data/*")))
case("not-principal", "Deny with NotPrincipal always denies a principal with a boundary", NP, EXPLICIT,
     resource_account=A, identity=[GET], boundary=GET,
     resource_policy=pol(deny(not_principal=NP_ALL, resource="arn:aws:s3:::data/*")))
# NotPrincipal with Allow is not supported [NP]: since issue #31 such a policy is refused as input
# (lint's invalid-principal, exit 2 in simulate; tests/policy_simulate.rs), so it is no case here.
case("not-principal", "Deny with NotPrincipal for anonymous callers", NP, EXPLICIT, principal="anonymous",
     resource_account=A,
     resource_policy=pol(allow(principal="*", resource="arn:aws:s3:::data/*"),
                         deny(not_principal={"AWS": ROOT}, resource="arn:aws:s3:::data/*")))

# ---------------------------------------------------------------------------------------------
# Cross-account [XA]: both accounts must allow
# ---------------------------------------------------------------------------------------------
BUCKET_FOR_B = rbp({"AWS": B})
case("cross-account", "identity Allow alone is not enough across accounts", XA, IMPLICIT, principal=B_SESSION,
     resource_account=A, identity=[GET], denied_by="resourcePolicy")
case("cross-account", "resource policy alone is not enough across accounts", XA, IMPLICIT, principal=B_SESSION,
     resource_account=A, resource_policy=BUCKET_FOR_B, denied_by="identityPolicies")
case("cross-account", "both allow", XA, ALLOWED, principal=B_SESSION, resource_account=A, identity=[GET],
     resource_policy=BUCKET_FOR_B)
case("cross-account", "the resource policy names the role, identity must still allow", XA, IMPLICIT,
     principal=B_SESSION, resource_account=A, resource_policy=rbp({"AWS": B_ROLE}))
case("cross-account", "the resource policy names the session, identity must still allow", XA, IMPLICIT,
     principal=B_SESSION, resource_account=A, resource_policy=rbp({"AWS": B_SESSION}))
case("cross-account", "the caller's boundary limits across accounts", XA, IMPLICIT, principal=B_SESSION,
     resource_account=A, identity=[GET], boundary=PUT_ONLY, resource_policy=rbp({"AWS": B_SESSION}),
     denied_by="permissionsBoundary")
case("cross-account", "the resource policy names a third account", XA, IMPLICIT, principal=B_SESSION,
     resource_account=A, identity=[GET], resource_policy=rbp({"AWS": "999988887777"}))
case("cross-account", "Principal * across accounts with an identity Allow", XA, ALLOWED, principal=B_SESSION,
     resource_account=A, identity=[GET], resource_policy=rbp("*"))
case("cross-account", "the resource account from the ARN", XA, IMPLICIT, principal=B_SESSION,
     action="sqs:SendMessage", resource=f"arn:aws:sqs:us-east-1:{A}:q1",
     identity=[pol(allow(action="sqs:SendMessage"))], denied_by="resourcePolicy")
case("cross-account", "the resource account from the ARN, the queue policy allows", XA, ALLOWED, principal=B_SESSION,
     action="sqs:SendMessage", resource=f"arn:aws:sqs:us-east-1:{A}:q1",
     identity=[pol(allow(action="sqs:SendMessage"))],
     resource_policy=pol(allow(action="sqs:SendMessage", principal={"AWS": B}, resource=f"arn:aws:sqs:us-east-1:{A}:q1")))
case("cross-account", "an S3 ARN has no account: without resourceAccount it is the caller's", XA, ALLOWED,
     principal=B_SESSION, identity=[GET])
case("cross-account", "a Deny in the resource account beats both Allows", XA, EXPLICIT, principal=B_SESSION,
     resource_account=A, identity=[GET],
     resource_policy=pol(allow(principal={"AWS": B}, resource="arn:aws:s3:::data/*"),
                         deny(principal={"AWS": B_ROLE}, resource="arn:aws:s3:::data/*")))

# ---------------------------------------------------------------------------------------------
# Role trust and KMS key policies: the resource's own policy is needed even in one account [EL]
# ---------------------------------------------------------------------------------------------
TARGET = f"arn:aws:iam::{A}:role/target"
ASSUME = pol(allow(action="sts:AssumeRole", resource=TARGET))


def trust(principal, **kw):
    return pol(allow(action="sts:AssumeRole", principal=principal, no_resource=True, **kw))


case("trust-and-kms", "assuming a role needs its trust policy even in one account", EL, IMPLICIT,
     action="sts:AssumeRole", resource=TARGET, identity=[ASSUME], denied_by="resourcePolicy")
case("trust-and-kms", "a trust naming the account and an identity Allow", SWITCH, ALLOWED, action="sts:AssumeRole",
     resource=TARGET, identity=[ASSUME], resource_policy=trust({"AWS": ROOT}))
case("trust-and-kms", "a trust naming the account, no identity Allow", SWITCH, IMPLICIT, action="sts:AssumeRole",
     resource=TARGET, resource_policy=trust({"AWS": ROOT}), denied_by="identityPolicies")
case("trust-and-kms", "a trust naming the caller's role", EL, ALLOWED, action="sts:AssumeRole", resource=TARGET,
     resource_policy=trust({"AWS": ROLE}))
case("trust-and-kms", "a trust naming another role", EL, IMPLICIT, action="sts:AssumeRole", resource=TARGET,
     identity=[ASSUME], resource_policy=trust({"AWS": f"arn:aws:iam::{A}:role/other"}))
case("trust-and-kms", "a Deny in the trust policy", EL, EXPLICIT, action="sts:AssumeRole", resource=TARGET,
     identity=[ASSUME], resource_policy=pol(allow(action="sts:AssumeRole", principal={"AWS": ROOT}, no_resource=True),
                                          deny(action="sts:AssumeRole", principal={"AWS": ROLE}, no_resource=True)))
case("trust-and-kms", "a trust in another account naming the caller's account", XA, ALLOWED, principal=B_SESSION,
     action="sts:AssumeRole", resource=TARGET,
     identity=[ASSUME], resource_policy=trust({"AWS": B}))
case("trust-and-kms", "a trust in another account, no identity Allow", XA, IMPLICIT, principal=B_SESSION,
     action="sts:AssumeRole", resource=TARGET, resource_policy=trust({"AWS": B_ROLE}), denied_by="identityPolicies")
case("trust-and-kms", "sts:ExternalId in the trust: the right one", SWITCH, ALLOWED, principal=B_SESSION,
     action="sts:AssumeRole", resource=TARGET, identity=[ASSUME], context={"sts:ExternalId": "ext-1"},
     resource_policy=trust({"AWS": B}, cond={"StringEquals": {"sts:ExternalId": "ext-1"}}))
case("trust-and-kms", "sts:ExternalId in the trust: a wrong one", SWITCH, IMPLICIT, principal=B_SESSION,
     action="sts:AssumeRole", resource=TARGET, identity=[ASSUME], context={"sts:ExternalId": "ext-2"},
     resource_policy=trust({"AWS": B}, cond={"StringEquals": {"sts:ExternalId": "ext-1"}}))
case("trust-and-kms", "sts:ExternalId in the trust: none given", SWITCH, IMPLICIT, principal=B_SESSION,
     action="sts:AssumeRole", resource=TARGET, identity=[ASSUME],
     resource_policy=trust({"AWS": B}, cond={"StringEquals": {"sts:ExternalId": "ext-1"}}),
     missing=["sts:ExternalId"])
KEY = f"arn:aws:kms:us-east-1:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DECRYPT = pol(allow(action="kms:Decrypt", resource=KEY))
case("trust-and-kms", "a KMS key needs its key policy: an IAM Allow alone is not enough", KMS, IMPLICIT,
     action="kms:Decrypt", resource=KEY, identity=[DECRYPT], denied_by="resourcePolicy")
case("trust-and-kms", "a key policy that enables IAM policies, and an IAM Allow", KMS, ALLOWED, action="kms:Decrypt",
     resource=KEY, identity=[DECRYPT], resource_policy=pol(allow(action="kms:*", principal={"AWS": ROOT}, resource="*")))
case("trust-and-kms", "a key policy that enables IAM policies, no IAM Allow", KMS, IMPLICIT, action="kms:Decrypt",
     resource=KEY, resource_policy=pol(allow(action="kms:*", principal={"AWS": ROOT}, resource="*")),
     denied_by="identityPolicies")
case("trust-and-kms", "a key policy naming the role", KMS, ALLOWED, action="kms:Decrypt", resource=KEY,
     resource_policy=pol(allow(action="kms:Decrypt", principal={"AWS": ROLE}, resource="*")))
case("trust-and-kms", "an IAM Deny works whatever the key policy says", KMS, EXPLICIT, action="kms:Decrypt",
     resource=KEY, identity=[pol(deny(action="kms:*", resource="*"))],
     resource_policy=pol(allow(action="kms:*", principal={"AWS": ROLE}, resource="*")))

# ---------------------------------------------------------------------------------------------
# Special rules
# ---------------------------------------------------------------------------------------------
case("special", "sts:GetCallerIdentity needs no permission", GCI, ALLOWED, action="sts:GetCallerIdentity",
     resource="*")
case("special", "sts:GetCallerIdentity is allowed even with an explicit Deny", GCI, ALLOWED,
     action="sts:GetCallerIdentity", resource="*", identity=[pol(deny(action="sts:*", resource="*"))])
case("special", "a service-linked role cannot be edited, whatever the policies say", SLR, EXPLICIT,
     action="iam:UpdateAssumeRolePolicy", resource=f"arn:aws:iam::{A}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
     identity=[ALLOW_ALL])
case("special", "a service-linked role's policies cannot be attached", SLR, EXPLICIT,
     action="iam:AttachRolePolicy", resource=f"arn:aws:iam::{A}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
     identity=[ALLOW_ALL])
case("special", "a service-linked role can be read", SLR, ALLOWED, action="iam:GetRole",
     resource=f"arn:aws:iam::{A}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
     identity=[ALLOW_ALL])
case("special", "an ordinary role can be edited with an Allow", EL, ALLOWED, action="iam:UpdateAssumeRolePolicy",
     resource=f"arn:aws:iam::{A}:role/app", identity=[ALLOW_ALL])
case("special", "derived keys: aws:PrincipalArn of a session is its role", CK, ALLOWED,
     identity=[pol(allow(cond={"ArnEquals": {"aws:PrincipalArn": ROLE}}))])
case("special", "derived keys: aws:PrincipalAccount", CK, ALLOWED,
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalAccount": A}}))])
case("special", "derived keys: aws:PrincipalType of a session", CK, ALLOWED,
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalType": "AssumedRole"}}))])
case("special", "derived keys: aws:username of a user", CK, ALLOWED, principal=USER,
     identity=[pol(allow(cond={"StringEquals": {"aws:username": "alice"}}))])
case("special", "derived keys: aws:ResourceAccount", CK, ALLOWED, resource_account=A,
     identity=[pol(allow(cond={"StringEquals": {"aws:ResourceAccount": A}}))])
case("special", "derived keys: aws:PrincipalIsAWSService of a role session", CK, EXPLICIT,
     identity=[ALLOW_ALL, pol(deny(cond={"Bool": {"aws:PrincipalIsAWSService": "false"}}))])

# ---------------------------------------------------------------------------------------------
# EKS Pod Identity [PIROLE][PIABAC][PITR]
# ---------------------------------------------------------------------------------------------
PODS = "pods.eks.amazonaws.com"
POD_TRUST = pol(allow(action=["sts:AssumeRole", "sts:TagSession"], principal={"Service": PODS}, no_resource=True,
                      sid="AllowEksAuthToAssumeRoleForPodIdentity"))
TAGS = ["eks-cluster-arn", "eks-cluster-name", "kubernetes-namespace", "kubernetes-service-account",
        "kubernetes-pod-name", "kubernetes-pod-uid"]
CLUSTER = f"arn:aws:eks:us-east-1:{A}:cluster/prod"


def request_tags(ns="team-a", sa="app"):
    ctx = {f"aws:RequestTag/{t}": v for t, v in zip(TAGS, [CLUSTER, "prod", ns, sa, "app-7d9f", "uid-1"])}
    ctx["aws:TagKeys"] = TAGS
    return ctx


def principal_tags(ns="team-a", sa="app"):
    return {f"aws:PrincipalTag/{t}": v for t, v in zip(TAGS, [CLUSTER, "prod", ns, sa, "app-7d9f", "uid-1"])}


POD_ROLE = f"arn:aws:iam::{A}:role/pods-app"
POD_SESSION = f"arn:aws:sts::{A}:assumed-role/pods-app/eks-prod-app-7d9f-1234"
for act in ["sts:AssumeRole", "sts:TagSession"]:
    case("pod-identity", f"the Pod Identity trust allows {act}", PIROLE, ALLOWED, principal=PODS, action=act,
         resource=POD_ROLE, context=request_tags(), resource_policy=POD_TRUST)
case("pod-identity", "a trust without sts:TagSession refuses the session tags", PIROLE, IMPLICIT, principal=PODS,
     action="sts:TagSession", resource=POD_ROLE, context=request_tags(),
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"Service": PODS}, no_resource=True)))
case("pod-identity", "a trust for ec2.amazonaws.com does not admit pods", PIROLE, IMPLICIT, principal=PODS,
     action="sts:AssumeRole", resource=POD_ROLE,
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"Service": "ec2.amazonaws.com"}, no_resource=True)))
SCOPED_TRUST = pol(allow(action=["sts:AssumeRole", "sts:TagSession"], principal={"Service": PODS}, no_resource=True,
                         cond={"StringEquals": {"aws:RequestTag/kubernetes-namespace": "team-a",
                                                "aws:RequestTag/kubernetes-service-account": "app"}}))
case("pod-identity", "a trust scoped by request tags: its service account", PIABAC, ALLOWED, principal=PODS,
     action="sts:TagSession", resource=POD_ROLE, context=request_tags(), resource_policy=SCOPED_TRUST)
case("pod-identity", "a trust scoped by request tags: another namespace", PIABAC, IMPLICIT, principal=PODS,
     action="sts:TagSession", resource=POD_ROLE, context=request_tags("team-b"), resource_policy=SCOPED_TRUST)
case("pod-identity", "a trust scoped by request tags: session tags disabled, no request tags", PIABAC, IMPLICIT,
     principal=PODS, action="sts:AssumeRole", resource=POD_ROLE, resource_policy=SCOPED_TRUST,
     missing=["aws:RequestTag/kubernetes-namespace", "aws:RequestTag/kubernetes-service-account"])
case("pod-identity", "a trust allowing only the six session tag keys", PIABAC, ALLOWED, principal=PODS,
     action="sts:TagSession", resource=POD_ROLE, context=request_tags(),
     resource_policy=pol(allow(action="sts:TagSession", principal={"Service": PODS}, no_resource=True,
                               cond={"ForAllValues:StringEquals": {"aws:TagKeys": TAGS}})))
case("pod-identity", "a trust allowing fewer tag keys than EKS sends", PIABAC, IMPLICIT, principal=PODS,
     action="sts:TagSession", resource=POD_ROLE, context=request_tags(),
     resource_policy=pol(allow(action="sts:TagSession", principal={"Service": PODS}, no_resource=True,
                               cond={"ForAllValues:StringEquals": {"aws:TagKeys": TAGS[:4]}})))
case("pod-identity", "a trust condition on aws:SourceAccount that holds", PIROLE, ALLOWED, principal=PODS,
     action="sts:AssumeRole", resource=POD_ROLE, context={"aws:SourceAccount": A},
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"Service": PODS}, no_resource=True,
                               cond={"StringEquals": {"aws:SourceAccount": A}})))
case("pod-identity", "a trust condition on aws:SourceAccount, the key not given", PIROLE, IMPLICIT, principal=PODS,
     action="sts:AssumeRole", resource=POD_ROLE,
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"Service": PODS}, no_resource=True,
                               cond={"StringEquals": {"aws:SourceAccount": A}})), missing=["aws:SourceAccount"])
case("pod-identity", "a Deny for the pods principal in the trust", PIROLE, EXPLICIT, principal=PODS,
     action="sts:AssumeRole", resource=POD_ROLE,
     resource_policy=pol(allow(action=["sts:AssumeRole", "sts:TagSession"], principal={"Service": PODS}, no_resource=True),
                         deny(action="sts:AssumeRole", principal={"Service": PODS}, no_resource=True)))
case("pod-identity", "a pods trust needs no identity policy (a service principal has none)", PIROLE, ALLOWED,
     principal=PODS, action="sts:AssumeRole", resource=POD_ROLE, resource_policy=POD_TRUST)
ABAC_POD = pol(allow(action=["s3:GetObject", "s3:PutObject"],
                     resource="arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"))
case("pod-identity", "ABAC by namespace: the pod's own prefix", PIABAC, ALLOWED, principal=POD_SESSION,
     resource="arn:aws:s3:::data/team-a/report.csv", context=principal_tags(), identity=[ABAC_POD])
case("pod-identity", "ABAC by namespace: another namespace's prefix", PIABAC, IMPLICIT, principal=POD_SESSION,
     resource="arn:aws:s3:::data/team-b/report.csv", context=principal_tags(), identity=[ABAC_POD])
case("pod-identity", "ABAC by namespace: session tags disabled", PIABAC, IMPLICIT, principal=POD_SESSION,
     resource="arn:aws:s3:::data/team-a/report.csv", identity=[ABAC_POD],
     missing=["aws:PrincipalTag/kubernetes-namespace"])
case("pod-identity", "ABAC by cluster name", PIABAC, ALLOWED, principal=POD_SESSION, context=principal_tags(),
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/eks-cluster-name": "prod"}}))])
case("pod-identity", "ABAC by cluster name: another cluster", PIABAC, IMPLICIT, principal=POD_SESSION,
     context={**principal_tags(), "aws:PrincipalTag/eks-cluster-name": "staging"},
     identity=[pol(allow(cond={"StringEquals": {"aws:PrincipalTag/eks-cluster-name": "prod"}}))])
case("pod-identity", "ABAC on the resource's tag matching the namespace", PIABAC, ALLOWED, principal=POD_SESSION,
     action="secretsmanager:GetSecretValue", resource=f"arn:aws:secretsmanager:us-east-1:{A}:secret:db-AbCdEf",
     context={**principal_tags(), "aws:ResourceTag/kubernetes-namespace": "team-a"},
     identity=[pol(allow(action="secretsmanager:GetSecretValue",
                         cond={"StringEquals": {"aws:ResourceTag/kubernetes-namespace": "${aws:PrincipalTag/kubernetes-namespace}"}}))])
case("pod-identity", "ABAC on the resource's tag: another namespace's secret", PIABAC, IMPLICIT, principal=POD_SESSION,
     action="secretsmanager:GetSecretValue", resource=f"arn:aws:secretsmanager:us-east-1:{A}:secret:db-AbCdEf",
     context={**principal_tags(), "aws:ResourceTag/kubernetes-namespace": "team-b"},
     identity=[pol(allow(action="secretsmanager:GetSecretValue",
                         cond={"StringEquals": {"aws:ResourceTag/kubernetes-namespace": "${aws:PrincipalTag/kubernetes-namespace}"}}))])
case("pod-identity", "DynamoDB leading keys by namespace", PIABAC, ALLOWED, principal=POD_SESSION,
     action="dynamodb:GetItem", resource=f"arn:aws:dynamodb:us-east-1:{A}:table/t",
     context={**principal_tags(), "dynamodb:LeadingKeys": ["team-a"]},
     identity=[pol(allow(action="dynamodb:GetItem",
                         cond={"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/kubernetes-namespace}"]}}))])
case("pod-identity", "DynamoDB leading keys of another namespace", PIABAC, IMPLICIT, principal=POD_SESSION,
     action="dynamodb:GetItem", resource=f"arn:aws:dynamodb:us-east-1:{A}:table/t",
     context={**principal_tags(), "dynamodb:LeadingKeys": ["team-a", "team-b"]},
     identity=[pol(allow(action="dynamodb:GetItem",
                         cond={"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:PrincipalTag/kubernetes-namespace}"]}}))])
case("pod-identity", "a Deny outside the pod's namespace", PIABAC, EXPLICIT, principal=POD_SESSION,
     resource="arn:aws:s3:::data/team-b/x", context=principal_tags(),
     identity=[ALLOW_ALL, pol(deny(action="s3:*", not_resource="arn:aws:s3:::data/${aws:PrincipalTag/kubernetes-namespace}/*"))])
case("pod-identity", "the association's session policy narrows the role", PIABAC, IMPLICIT, principal=POD_SESSION,
     action="s3:PutObject", resource="arn:aws:s3:::data/team-a/x", identity=[pol(allow(action="s3:*"))],
     session=pol(allow(action="s3:GetObject")), denied_by="sessionPolicy")
case("pod-identity", "the association's session policy allows the action", PIABAC, ALLOWED, principal=POD_SESSION,
     resource="arn:aws:s3:::data/team-a/x", identity=[pol(allow(action="s3:*"))],
     session=pol(allow(action="s3:GetObject")))
case("pod-identity", "a permissions boundary on the pod role", PIABAC, IMPLICIT, principal=POD_SESSION,
     action="s3:DeleteObject", resource="arn:aws:s3:::data/team-a/x", context=principal_tags(),
     identity=[ABAC_POD, pol(allow(action="s3:DeleteObject"))], boundary=pol(allow(action=["s3:GetObject", "s3:PutObject"])),
     denied_by="permissionsBoundary")
T_ROLE = f"arn:aws:iam::{B}:role/target"
case("pod-identity", "the association role may assume its target role", PITR, ALLOWED, principal=POD_SESSION,
     action="sts:AssumeRole", resource=T_ROLE, context=principal_tags(),
     identity=[pol(allow(action=["sts:AssumeRole", "sts:TagSession"], resource=T_ROLE))],
     resource_policy=pol(allow(action=["sts:AssumeRole", "sts:TagSession"], principal={"AWS": POD_ROLE}, no_resource=True)))
case("pod-identity", "the target role's trust requires the external id: the right one", PITR, ALLOWED,
     principal=POD_SESSION, action="sts:AssumeRole", resource=T_ROLE,
     context={"sts:ExternalId": "us-east-1/111122223333/prod/team-a/app"},
     identity=[pol(allow(action="sts:AssumeRole", resource=T_ROLE))],
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"AWS": POD_ROLE}, no_resource=True,
                               cond={"StringEquals": {"sts:ExternalId": "us-east-1/111122223333/prod/team-a/app"}})))
case("pod-identity", "the target role's trust requires the external id: another service account's", PITR, IMPLICIT,
     principal=POD_SESSION, action="sts:AssumeRole", resource=T_ROLE,
     context={"sts:ExternalId": "us-east-1/111122223333/prod/team-a/other"},
     identity=[pol(allow(action="sts:AssumeRole", resource=T_ROLE))],
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"AWS": POD_ROLE}, no_resource=True,
                               cond={"StringEquals": {"sts:ExternalId": "us-east-1/111122223333/prod/team-a/app"}})))
case("pod-identity", "the association role lacks sts:AssumeRole on the target", PITR, IMPLICIT, principal=POD_SESSION,
     action="sts:AssumeRole", resource=T_ROLE,
     resource_policy=pol(allow(action="sts:AssumeRole", principal={"AWS": POD_ROLE}, no_resource=True)),
     denied_by="identityPolicies")
case("pod-identity", "the target's trust sees the session tags as request tags", PITR, ALLOWED, principal=POD_SESSION,
     action="sts:TagSession", resource=T_ROLE, context=request_tags(),
     identity=[pol(allow(action=["sts:AssumeRole", "sts:TagSession"], resource=T_ROLE))],
     resource_policy=pol(allow(action="sts:TagSession", principal={"AWS": POD_ROLE}, no_resource=True,
                               cond={"StringEquals": {"aws:RequestTag/kubernetes-namespace": "team-a"}})))


# ---------------------------------------------------------------------------------------------
# Issue #31: AWS managed policies, KMS operations without a key and the reserved alias prefix,
# the IAM user who federated, a service-linked role's description.
# ---------------------------------------------------------------------------------------------
MANAGED = UG + "access_policies_managed-vs-inline.html"
KMS_ALIAS = "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html"
KMS_PERMS = "https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
case("aws-managed-and-kms", "reading an AWS managed policy needs only the identity Allow", MANAGED, ALLOWED,
     action="iam:GetPolicy", resource=READ_ONLY,
     identity=[pol(allow(action="iam:GetPolicy", resource="*"))])
case("aws-managed-and-kms", "reading an AWS managed policy's version needs only the identity Allow", MANAGED,
     ALLOWED, action="iam:GetPolicyVersion", resource=READ_ONLY,
     identity=[pol(allow(action="iam:GetPolicyVersion", resource=READ_ONLY))])
case("aws-managed-and-kms", "no one can change an AWS managed policy", MANAGED, EXPLICIT,
     action="iam:CreatePolicyVersion", resource=READ_ONLY,
     identity=[pol(allow(action="iam:*", resource="*"))], denied_by="protected")
case("aws-managed-and-kms", "kms:ListKeys takes no key: no key policy is needed", KMS_PERMS, ALLOWED,
     action="kms:ListKeys", resource="*", identity=[pol(allow(action="kms:ListKeys", resource="*"))])
case("aws-managed-and-kms", "kms:CreateKey takes no key: no key policy is needed", KMS_PERMS, ALLOWED,
     action="kms:CreateKey", resource="*", identity=[pol(allow(action="kms:CreateKey", resource="*"))])
case("aws-managed-and-kms", "an alias operation on the alias needs only the identity Allow", KMS_ALIAS, ALLOWED,
     action="kms:CreateAlias", resource=f"arn:aws:kms:us-east-1:{A}:alias/my-app",
     identity=[pol(allow(action="kms:CreateAlias", resource="*"))])
case("aws-managed-and-kms", "aliases under alias/aws/ are reserved for AWS managed keys", KMS_ALIAS, EXPLICIT,
     action="kms:CreateAlias", resource=f"arn:aws:kms:us-east-1:{A}:alias/aws/my-app",
     identity=[pol(allow(action="kms:*", resource="*"))], denied_by="protected")
case("aws-managed-and-kms", "kms:Decrypt on * still needs a key policy", KMS, IMPLICIT,
     action="kms:Decrypt", resource="*", identity=[pol(allow(action="kms:Decrypt", resource="*"))],
     denied_by="resourcePolicy")
FED = f"arn:aws:sts::{A}:federated-user/bob"
case("principals", "a resource policy naming an IAM user: whether it federated this session is unknown", EL,
     "conditional", principal=FED,
     resource_policy=pol(allow(principal={"AWS": USER}, resource=OBJ)))
case("principals", "a resource policy naming the federated user session itself", EL, ALLOWED, principal=FED,
     resource_policy=pol(allow(principal={"AWS": FED}, resource=OBJ)))
case("principals", "a resource policy naming another account's user does not name a federated user", EL,
     IMPLICIT, principal=FED,
     resource_policy=pol(allow(principal={"AWS": f"arn:aws:iam::{B}:user/alice"}, resource=OBJ)))
case("special", "a service-linked role's description may be edited", SLR, ALLOWED,
     action="iam:UpdateRoleDescription",
     resource=f"arn:aws:iam::{A}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
     identity=[pol(allow(action="iam:UpdateRoleDescription", resource="*"))])


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        if f.endswith(".json"):
            os.remove(os.path.join(out, f))
    total = 0
    for name, cases in sorted(FILES.items()):
        names = [c["name"] for c in cases]
        assert len(names) == len(set(names)), f"duplicate case names in {name}"
        with open(os.path.join(out, name + ".json"), "w") as fh:
            json.dump(cases, fh, indent=1)
            fh.write("\n")
        total += len(cases)
    print(f"{total} cases in {len(FILES)} files")


if __name__ == "__main__":
    main()
