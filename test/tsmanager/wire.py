"""The wire shapes of the TS Manager stand-in: registry row fields, the
small value checks, error answers (ApiError) and responses (Response).
Imported by every other module of the stand-in (test/tsmanager/README.md,
"Layout").
"""

import datetime
import decimal
import json
import uuid

# Columns of a registry row, in msm.meta_table order (the wire row shape).
ROW_FIELDS = [
    "uid", "resource_type", "data_source_uid", "identifier", "namespace",
    "description", "labels", "management_mode", "provisioning_status",
    "is_alembic_managed", "migration_package", "migration_namespace",
    "migration_provider_key", "alembic_version_meta_table_uid",
    "alembic_revision", "physical_schema", "physical_table_name",
    "table_contract", "time_index_name", "cadence", "partition_strategy",
    "schema_management", "created_at", "updated_at",
]
MANAGEMENT_MODES = ("platform_managed", "external_registered")
PROVISIONING_STATUSES = ("reserved", "active", "failed")
OPERATIONS = ("select", "insert", "update", "delete", "upsert")
WRITE_OPERATIONS = ("insert", "update", "delete", "upsert")
NAME_MAX = 63  # PostgreSQL NAMEDATALEN - 1


def loads_exact(text):
    """JSON text -> Python values with exact numbers: integers as int and
    decimals as decimal.Decimal, never float."""
    return json.loads(text, parse_float=decimal.Decimal)


def dumps_exact(v, indent=None):
    """JSON text of a value from loads_exact, every number with its exact digits."""
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, dict):
        return "{" + ", ".join(json.dumps(str(k), ensure_ascii=False) + ": " + dumps_exact(x)
                               for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(dumps_exact(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False, default=str)


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def is_uuid(v):
    if not isinstance(v, str):
        return False
    try:
        uuid.UUID(v)
        return True
    except ValueError:
        return False


def norm_uuid(v):
    return str(uuid.UUID(v))


class ApiError(Exception):
    """An HTTP error answer: status and a JSON body."""

    def __init__(self, status, body, headers=None):
        super().__init__(body)
        self.status = status
        self.body = body
        self.headers = headers or []


def detail_error(status, detail, **extra):
    body = {"detail": detail}
    body.update(extra)
    return ApiError(status, body)


def field_errors(detail, errors):
    """400 with a readable summary in detail and the field errors in errors."""
    return ApiError(400, {"detail": detail, "errors": errors})


class Response:
    def __init__(self, status, body=b"", content_type="application/json",
                 headers=None):
        self.status = status
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.body = body
        self.content_type = content_type
        self.headers = list(headers or [])
        self.close = False
        self.obj = None  # the JSON value, when built from one

    @classmethod
    def json(cls, status, obj, headers=None):
        r = cls(status, dumps_exact(obj), headers=headers)
        r.obj = obj
        return r
