"""The test bed's Athena reads a CloudTrail table as Athena does (docs/testing.md).

ministack runs Athena's SQL on DuckDB over the table's S3 objects. Two things of Athena's are
missing there, and this module adds them for the tests of `epi usage --source athena:…`:

1. CloudTrail's input format. A table made as the Athena User Guide shows for a trail
   ("Create a table for CloudTrail logs in Athena using manual partitioning": ROW FORMAT SERDE
   'org.apache.hive.hcatalog.data.JsonSerDe' STORED AS INPUTFORMAT
   'com.amazon.emr.cloudtrail.CloudTrailInputFormat', or the older CloudTrailSerde) has one row per
   event of each delivered file's {"Records": [...]}, gzip or plain. Columns match the event's
   keys whatever their case (the JSON SerDe's rule), a STRING column whose value is an object holds
   that object's JSON text (requestparameters, responseelements), and struct fields match the same
   way. ministack reads JSON tables with DuckDB's read_json_auto, which yields one row per file
   here; this module gives DuckDB the rows the SerDe would.
2. `CREATE DATABASE name` (Athena's DDL for a Glue database), which ministack's DDL parser
   does not take.
3. Two of Athena's (Trino's) functions DuckDB names otherwise: json_extract_scalar (DuckDB's
   json_extract_string) and regexp_like (DuckDB's regexp_matches). They are added as macros to
   every DuckDB connection; the query epi sends stays Athena's.
"""

import gzip
import json
import os
import re

import duckdb

from ministack.services import athena

_CLOUDTRAIL_FORMATS = ("cloudtrailinputformat", "cloudtrailserde")


def _macros(conn):
    conn.execute("CREATE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)")
    conn.execute("CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)")
    return conn


_connect = duckdb.connect


def _connect_with_macros(*args, **kwargs):
    return _macros(_connect(*args, **kwargs))


# --- Hive types -------------------------------------------------------------------------------


def _parse_type(text):
    """A Hive type as a tree: ("string",) / ("struct", [(name, type)]) / ("array", t) / ("map", k, v)."""
    pos = 0

    def ws():
        nonlocal pos
        while pos < len(text) and text[pos].isspace():
            pos += 1

    def word():
        nonlocal pos
        ws()
        start = pos
        while pos < len(text) and (text[pos].isalnum() or text[pos] in "_$"):
            pos += 1
        return text[start:pos]

    def expect(ch):
        nonlocal pos
        ws()
        if text[pos] != ch:
            raise ValueError(f"expected {ch!r} at {pos} in {text!r}")
        pos += 1

    def one():
        nonlocal pos
        name = word().lower()
        ws()
        if name == "struct":
            expect("<")
            fields = []
            while True:
                field = word().lower()
                expect(":")
                fields.append((field, one()))
                ws()
                if text[pos] == ",":
                    pos += 1
                    continue
                expect(">")
                return ("struct", fields)
        if name == "array":
            expect("<")
            inner = one()
            expect(">")
            return ("array", inner)
        if name == "map":
            expect("<")
            key = one()
            expect(",")
            value = one()
            expect(">")
            return ("map", key, value)
        if pos < len(text) and text[pos] == "(":  # decimal(10,2), varchar(10)
            while text[pos] != ")":
                pos += 1
            pos += 1
        return (name,)

    return one()


_SCALARS = {"string": "VARCHAR", "varchar": "VARCHAR", "char": "VARCHAR", "bigint": "BIGINT",
            "int": "INTEGER", "integer": "INTEGER", "smallint": "SMALLINT", "tinyint": "TINYINT",
            "boolean": "BOOLEAN", "double": "DOUBLE", "float": "FLOAT", "timestamp": "TIMESTAMP",
            "date": "DATE", "decimal": "DECIMAL(38,9)"}


def _duck(t):
    kind = t[0]
    if kind == "struct":
        return "STRUCT(" + ", ".join(f'"{n}" {_duck(ft)}' for n, ft in t[1]) + ")"
    if kind == "array":
        return _duck(t[1]) + "[]"
    if kind == "map":
        return f"MAP({_duck(t[1])}, {_duck(t[2])})"
    return _SCALARS.get(kind, "VARCHAR")


def _value(t, v):
    """A JSON value as the JSON SerDe gives it for a column of type t."""
    if v is None:
        return None
    kind = t[0]
    if kind == "struct":
        if not isinstance(v, dict):
            return None
        lower = {k.lower(): x for k, x in v.items()}
        return {n: _value(ft, lower.get(n)) for n, ft in t[1]}
    if kind == "array":
        return [_value(t[1], x) for x in v] if isinstance(v, list) else None
    if kind == "map":
        return {str(k): _value(t[2], x) for k, x in v.items()} if isinstance(v, dict) else None
    if kind in ("string", "varchar", "char"):
        if isinstance(v, (dict, list)):
            return json.dumps(v, separators=(",", ":"))
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)
    return v


def _is_cloudtrail(table_data):
    storage = table_data.get("StorageDescriptor") or {}
    names = " ".join([storage.get("InputFormat") or "",
                      (storage.get("SerdeInfo") or {}).get("SerializationLibrary") or ""]).lower()
    return any(f in names for f in _CLOUDTRAIL_FORMATS)


_table_relation = athena._table_relation


def _cloudtrail_relation(table_data, files):
    if not _is_cloudtrail(table_data):
        return _table_relation(table_data, files)
    columns = [(str(c["Name"]).lower(), _parse_type(str(c.get("Type", "string"))))
               for c in (table_data.get("StorageDescriptor") or {}).get("Columns") or []]
    rows_path = os.path.join(os.path.dirname(files[0]), ".cloudtrail-rows.jsonl")
    with open(rows_path, "w") as out:
        for path in files:
            with open(path, "rb") as fh:
                raw = fh.read()
            try:
                if raw[:2] == b"\x1f\x8b":
                    raw = gzip.decompress(raw)
                records = json.loads(raw).get("Records")
            except Exception:
                continue  # Athena's reader fails or skips such a file; epi's tests have none.
            for record in records if isinstance(records, list) else []:
                if not isinstance(record, dict):
                    continue
                lower = {k.lower(): v for k, v in record.items()}
                out.write(json.dumps({n: _value(t, lower.get(n)) for n, t in columns}) + "\n")
    spec = ", ".join(f"'{n}': '{_duck(t)}'" for n, t in columns)
    return (f"read_json('{rows_path}', format = 'newline_delimited', "
            f"columns = {{{spec}}})")


_run_duckdb = athena._run_duckdb
_CREATE_DATABASE = re.compile(r"\s*create\s+(?:database|schema)\s+(if\s+not\s+exists\s+)?`?([A-Za-z0-9_-]+)`?\s*;?\s*$",
                              re.IGNORECASE)


async def _run_with_create_database(query, database, catalog=None):
    match = _CREATE_DATABASE.match(query)
    if not match:
        return await _run_duckdb(query, database, catalog)
    from ministack.services import glue

    if match.group(2) in glue._databases and not match.group(1):
        raise ValueError(f"Database {match.group(2)} already exists")
    glue._create_database({"DatabaseInput": {"Name": match.group(2)}})
    return {"columns": [], "rows": [], "column_types": []}


def install():
    duckdb.connect = _connect_with_macros
    athena._table_relation = _cloudtrail_relation
    athena._run_duckdb = _run_with_create_database
