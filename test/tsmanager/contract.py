"""The request contract of the TS Manager stand-in: the field sets the SDK's
request models send (mainsequence-sdk, mainsequence/client/metatables/core.py
and mainsequence/meta_tables/migrations/__init__.py; doc/tsmanager.md,
"Wire calls").  A body with an extra or a missing field, or a value the
SDK's validators refuse, is a 400, so msm's tests fail when msm drifts from
what the SDK would send.  Each check returns a dict of field errors.
"""

import re

from wire import is_uuid

CADENCE_RE = re.compile(r"^[1-9][0-9]*(mo|s|m|h|d|w|q|y)$", re.IGNORECASE)
DTYPE_TOKENS = {"string", "uuid", "json", "jsonb", "bool", "int16", "int32", "int64", "float32",
                "float64", "numeric", "date", "timestamp with time zone"}

# ManagedMetaTableCollectionCreateRow, as _collection_create_row_from_registration_request fills it
RESERVE_ROW = {"data_source_uid", "identifier", "namespace", "description", "labels", "management_mode",
               "provisioning_status", "is_alembic_managed", "migration_package", "migration_namespace",
               "migration_provider_key", "alembic_version_meta_table_uid", "alembic_revision",
               "physical_schema", "physical_table_name", "protect_from_deletion", "table_contract"}
RESERVE_TIME_INDEX_REQUIRED = {"time_index_name", "partition_strategy"}
RESERVE_TIME_INDEX_OPTIONAL = {"cadence"}
FINALIZE = {"meta_table_uids", "migration_package", "migration_namespace", "migration_provider_key",
            "alembic_version_meta_table_uid", "alembic_revision"}
# MetaTableRegistrationRequest and TimeIndexMetaTableRegistrationRequest (exclude_none dumps)
REGISTER_META = {"data_source_uid", "physical_schema", "table_contract", "identifier", "namespace",
                 "description", "protect_from_deletion", "labels", "schema_management",
                 "management_mode", "provisioning", "introspect"}
REGISTER_META_REQUIRED = {"data_source_uid", "table_contract", "management_mode"}
REGISTER_TIME_INDEX = {"data_source_uid", "physical_schema", "identifier", "namespace", "description",
                       "labels", "protect_from_deletion", "schema_management", "provisioning",
                       "time_index_name", "cadence", "partition_strategy", "table_contract"}
REGISTER_TIME_INDEX_REQUIRED = {"data_source_uid", "time_index_name", "table_contract"}
CONTRACT = {"version", "physical", "columns", "constraints", "authoring", "table_kind"}
COLUMN = {"name", "data_type", "backend_type", "nullable", "primary_key", "unique", "server_default",
          "description", "label", "logical_name"}
# filter bodies: the runtime's (markets registration.py) and the migration's (SDK)
FILTER_RUNTIME = {"physical_table_name__in", "management_mode", "limit", "offset", "namespace",
                  "data_source__uid"}
FILTER_MIGRATION = {"data_source__uid__in", "physical_schema__in", "physical_table_name__in", "limit"}


def _fields(doc, allowed, required, errs, prefix=""):
    for k in sorted(set(doc) - allowed):
        errs[prefix + k] = ["Extra inputs are not permitted."]
    for k in sorted(required - set(doc)):
        errs[prefix + k] = ["Field required."]


def _no_nulls(doc, errs, prefix=""):
    """exclude_none dumps never carry null."""
    for k, v in doc.items():
        if v is None:
            errs[prefix + k] = ["The SDK leaves None fields out; null is not sent."]


def check_contract(tc, errs, schema=None, table=None, time_index=None, root=False):
    if not isinstance(tc, dict):
        errs["table_contract"] = ["Expected a JSON object."]
        return
    _fields(tc, CONTRACT, {"version", "physical", "columns"}, errs, "table_contract.")
    if tc.get("version") != "relational-table.v1":
        errs["table_contract.version"] = ["Must be relational-table.v1."]
    phys = tc.get("physical")
    if not isinstance(phys, dict) or set(phys) - {"schema", "table_name"}:
        errs["table_contract.physical"] = ["Expected {schema, table_name}."]
    else:
        if schema is not None and phys.get("schema") != schema:
            errs["table_contract.physical.schema"] = ["physical_schema must match table_contract.physical.schema."]
        if table is not None and phys.get("table_name") != table:
            errs["table_contract.physical.table_name"] = ["physical_table_name must match table_contract.physical.table_name."]
    if "constraints" in tc and not isinstance(tc["constraints"], list):
        errs["table_contract.constraints"] = ["Expected a list."]
    cols = tc.get("columns")
    if not isinstance(cols, list):
        errs["table_contract.columns"] = ["Expected a list."]
        cols = []
    for i, c in enumerate(cols):
        p = "table_contract.columns.%d." % i
        if not isinstance(c, dict):
            errs[p[:-1]] = ["Expected a JSON object."]
            continue
        _fields(c, COLUMN, {"name", "data_type"}, errs, p)
        _no_nulls(c, errs, p)
        dt, bt = c.get("data_type"), c.get("backend_type")
        if isinstance(dt, str) and dt not in DTYPE_TOKENS and dt != bt:
            errs[p + "data_type"] = ["Unknown dtype token %r." % dt]
        if isinstance(bt, str) and bt != bt.upper():
            errs[p + "backend_type"] = ["Not SQLAlchemy's spelling %r." % bt.upper()]
        if dt == "int32" and bt == "INTEGER":
            errs[p + "data_type"] = ["SQLAlchemy's Integer is int64."]
        for k in ("nullable", "primary_key", "unique"):
            if k in c and not isinstance(c[k], bool):
                errs[p + k] = ["Must be a valid boolean."]
    auth = tc.get("authoring")
    if time_index is not None:
        ti = auth.get("time_indexed") if isinstance(auth, dict) else None
        if tc.get("table_kind") != "time_indexed":
            errs["table_contract.table_kind"] = ["A time-indexed contract has table_kind time_indexed."]
        if not isinstance(ti, dict) or ti.get("time_index_name") != time_index \
                or not isinstance(ti.get("index_names"), list) or ti["index_names"][:1] != [time_index]:
            errs["table_contract.authoring"] = ["authoring.time_indexed names the time index and index_names."]
    elif "table_kind" in tc:
        errs["table_contract.table_kind"] = ["Only time-indexed contracts have a table_kind."]
    if root:
        if auth != {"owner": "alembic", "schema": schema, "version_table": table}:
            errs["table_contract.authoring"] = ["The Alembic registry names owner, schema and version_table."]
        if [c.get("name") for c in cols if isinstance(c, dict)] != ["version_num"]:
            errs["table_contract.columns"] = ["The Alembic registry has the one column version_num."]


def check_reserve_row(row, resource_type):
    errs = {}
    ti = resource_type == "time_index"
    allowed = RESERVE_ROW | (RESERVE_TIME_INDEX_REQUIRED | RESERVE_TIME_INDEX_OPTIONAL if ti else set())
    _fields(row, allowed, RESERVE_ROW | (RESERVE_TIME_INDEX_REQUIRED if ti else set()), errs)
    for k, want in (("management_mode", "platform_managed"), ("provisioning_status", "reserved"),
                    ("is_alembic_managed", True)):
        if k in row and row[k] != want:
            errs[k] = ["Must be %r." % want]
    if not isinstance(row.get("protect_from_deletion", False), bool):
        errs["protect_from_deletion"] = ["Must be a valid boolean."]
    if not isinstance(row.get("labels", []), list):
        errs["labels"] = ["Expected a list of items."]
    pkg, mns, key = row.get("migration_package"), row.get("migration_namespace"), row.get("migration_provider_key")
    if key is not None and isinstance(pkg, str) and isinstance(mns, str) and key != "%s:%s" % (pkg, mns):
        errs["migration_provider_key"] = ["The provider key is <package>:<migration namespace>."]
    if ti:
        if "cadence" in row and (not isinstance(row["cadence"], str) or not CADENCE_RE.match(row["cadence"])):
            errs["cadence"] = ["cadence must be an interval token such as 1m, 5m, 1h, 1d, 1w, 1mo, 1q, or 1y."]
        if not isinstance(row.get("partition_strategy"), str) or not row.get("partition_strategy"):
            errs["partition_strategy"] = ["This field may not be blank."]
    root = "alembic_version_meta_table_uid" in row and row["alembic_version_meta_table_uid"] is None
    check_contract(row.get("table_contract"), errs, row.get("physical_schema"), row.get("physical_table_name"),
                   row.get("time_index_name") if ti else None, root and not ti)
    return errs


def check_finalize(body):
    errs = {}
    _fields(body, FINALIZE, {"meta_table_uids"}, errs)
    _no_nulls(body, errs)
    uids = body.get("meta_table_uids")
    if isinstance(uids, list) and not uids:
        errs["meta_table_uids"] = ["List should have at least 1 item."]
    root = body.get("alembic_version_meta_table_uid")
    if root is not None and isinstance(uids, list) and uids and uids[0] != root:
        errs["meta_table_uids"] = ["The Alembic registry root comes first."]
    pkg, mns, key = body.get("migration_package"), body.get("migration_namespace"), body.get("migration_provider_key")
    if key is not None and pkg is not None and mns is not None and key != "%s:%s" % (pkg, mns):
        errs["migration_provider_key"] = ["The provider key is <package>:<migration namespace>."]
    return errs


def check_register(body, resource_type):
    errs = {}
    _no_nulls(body, errs)
    sm = body.get("schema_management")
    if sm is not None and (not isinstance(sm, dict) or not isinstance(sm.get("mode"), str)
                           or set(sm) - {"mode", "alembic"}):
        errs["schema_management"] = ["Expected an object such as {\"mode\": \"external_registered\"}."]
        sm = None
    if resource_type == "time_index":
        _fields(body, REGISTER_TIME_INDEX, REGISTER_TIME_INDEX_REQUIRED, errs)
        if "cadence" in body and (not isinstance(body["cadence"], str) or not CADENCE_RE.match(body["cadence"])):
            errs["cadence"] = ["cadence must be an interval token such as 1m, 5m, 1h, 1d, 1w, 1mo, 1q, or 1y."]
        if sm is not None and sm["mode"] == "external_registered":
            errs["schema_management"] = ["platform_managed catalog ownership cannot use external_registered."]
        check_contract(body.get("table_contract"), errs, body.get("physical_schema"), None,
                       body.get("time_index_name"))
        return errs
    _fields(body, REGISTER_META, REGISTER_META_REQUIRED, errs)
    mm = body.get("management_mode")
    if mm not in ("platform_managed", "external_registered"):
        errs["management_mode"] = ['"%s" is not a valid choice.' % mm]
    if mm == "external_registered":
        if sm is not None and sm["mode"] != "external_registered":
            errs["schema_management"] = ["external_registered requires schema_management.mode external_registered."]
        if "provisioning" in body:
            errs["provisioning"] = ["external_registered tables already exist and cannot include provisioning."]
    for k in ("introspect", "protect_from_deletion"):
        if k in body and not isinstance(body[k], bool):
            errs[k] = ["Must be a valid boolean."]
    check_contract(body.get("table_contract"), errs, body.get("physical_schema"))
    return errs


def check_filter(body, resource_type):
    errs = {}
    if "data_source__uid__in" in body or "physical_schema__in" in body:
        _fields(body, FILTER_MIGRATION, FILTER_MIGRATION, errs)
        for k, is_ok in (("data_source__uid__in", is_uuid), ("physical_schema__in", lambda x: isinstance(x, str))):
            v = body.get(k)
            if k in body and (not isinstance(v, list) or not v or not all(is_ok(x) for x in v)):
                errs[k] = ["Expected a non-empty list of %s." % ("uuids" if k == "data_source__uid__in" else "strings")]
    else:
        _fields(body, FILTER_RUNTIME, {"physical_table_name__in", "limit", "offset"}, errs)
        if resource_type == "time_index" and "management_mode" in body:
            errs["management_mode"] = ["TimeIndexMetaTable lookups take no management_mode."]
    return errs
