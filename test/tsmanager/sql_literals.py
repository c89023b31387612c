"""SQL text from JSON values: exact-number JSON text, SQL string literals and
the pyformat translation of a compiled-sql.v1 statement (its %(name)s
placeholders become literals), for the stand-in's psql scripts.
"""

import decimal
import json
import re

from wire import detail_error


def json_text(v):
    """Serialize a value parsed with parse_float=Decimal, keeping number digits."""
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, dict):
        return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + json_text(x)
                               for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(json_text(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def sql_quote(s):
    """A standard-conforming SQL string literal."""
    if "\x00" in s:
        raise detail_error(400, "Parameter values cannot contain NUL characters.")
    return "'" + s.replace("'", "''") + "'"


def array_element(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, decimal.Decimal)):
        return str(v)
    s = v if isinstance(v, str) else json_text(v)
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scalar_literal_text(v):
    """Text of a non-null scalar / JSON value as an untyped literal body."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, decimal.Decimal)):
        return str(v)
    if isinstance(v, str):
        return v
    return json_text(v)  # objects (and arrays not used as SQL arrays) as JSON text


TYPE_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*(\([0-9, ]*\))?( ?\[\])?$")
PARAM_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ARRAY_CAST_AFTER_RE = re.compile(
    r"""^\s*(?:::\s*[\w ."]+?(?:\([\d\s,]*\))?\s*\[\s*\]|\s+AS\s+[\w ."]+?(?:\([\d\s,]*\))?\s*\[\s*\]\s*\))""",
    re.I)
CAST_AFTER_RE = re.compile(r"^\s*::")


def translate_pyformat(sql, params, param_types):
    """Replace %(name)s with SQL literals; %% with %.

    Values become untyped literals ('...'), so PostgreSQL infers their type
    from the context as it does for psycopg's client-side binding; JSON null
    becomes NULL; a JSON array placeholder followed by a cast to an array
    type (%(a)s::int[]) becomes an array literal ('{...}'), any other array
    or object becomes its JSON text.  parameter_types add CAST(... AS type)
    unless the placeholder already carries a cast.
    """
    out = []
    i = 0
    n = len(sql)
    used = set()
    while i < n:
        c = sql[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        if sql.startswith("%%", i):
            out.append("%")
            i += 2
            continue
        if not sql.startswith("%(", i):
            raise detail_error(400, "Invalid pyformat statement: a lone '%%' at offset %d "
                                    "(write %%%% for a literal percent sign)." % i)
        end = sql.find(")s", i + 2)
        if end < 0:
            raise detail_error(400, "Invalid pyformat statement: unterminated placeholder "
                                    "at offset %d." % i)
        name = sql[i + 2:end]
        if name not in params:
            raise detail_error(400, "Missing statement parameter %r." % name)
        used.add(name)
        v = params[name]
        rest = sql[end + 2:]
        typ = param_types.get(name)
        if v is None:
            lit = "NULL"
        elif isinstance(v, list) and (ARRAY_CAST_AFTER_RE.match(rest) or
                                      (typ and not CAST_AFTER_RE.match(rest))):
            lit = sql_quote("{" + ",".join(array_element(x) for x in v) + "}")
            if typ and not CAST_AFTER_RE.match(rest):
                lit = "CAST(%s AS %s[])" % (lit, typ.rstrip("[] "))
                typ = None
        else:
            lit = sql_quote(scalar_literal_text(v))
        if typ and not CAST_AFTER_RE.match(rest):
            lit = "CAST(%s AS %s)" % (lit, typ)
        out.append(lit)
        i = end + 2
    return "".join(out)
