"""Database access of the TS Manager stand-in: psql scripts against the data
source database (the finalize-managed table check and execute-operation).
"""

import json
import os
import re
import subprocess

from sql_literals import sql_quote


class DbError(Exception):
    def __init__(self, kind, message, sqlstate=None, detail=None):
        super().__init__(message)
        self.kind = kind  # "sql", "connection", "timeout"
        self.message = message
        self.sqlstate = sqlstate
        self.detail = detail


ERROR_LINE_RE = re.compile(r"^(?:psql:[^\n]*?:\d+: )?(ERROR|FATAL):  (?:([0-9A-Z]{5}): )?(.*)$", re.M)
DETAIL_LINE_RE = re.compile(r"^DETAIL:  (.*)$", re.M)


class Database:
    def __init__(self, dsn, psql, logger):
        self.dsn = dsn
        self.psql = psql
        self.log = logger

    def run(self, script, timeout_s=60.0):
        """Run a psql script (stdin); return stdout without the final newline."""
        cmd = [self.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
               "-v", "VERBOSITY=verbose", "-f", "-"]
        if self.dsn:
            cmd += ["-d", self.dsn]
        env = dict(os.environ)
        env.update(PGCONNECT_TIMEOUT="5", PGCLIENTENCODING="UTF8",
                   PGAPPNAME="tsm-standin", PGTZ="UTC")
        env.pop("PGOPTIONS", None)
        try:
            p = subprocess.run(cmd, input=script.encode("utf-8"), capture_output=True,
                               timeout=timeout_s, env=env)
        except subprocess.TimeoutExpired:
            raise DbError("timeout", "the database did not answer within %.0f s" % timeout_s)
        except OSError as e:
            raise DbError("connection", "cannot run psql: %s" % e)
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 0:
            m = ERROR_LINE_RE.search(err)
            if p.returncode == 3 and m and m.group(1) == "ERROR":
                d = DETAIL_LINE_RE.search(err)
                raise DbError("sql", m.group(3).strip(), m.group(2), d.group(1).strip() if d else None)
            msg = err.strip().splitlines()[0] if err.strip() else "psql exit status %d" % p.returncode
            self.log("psql failed (exit %d): %s" % (p.returncode, err.strip()))
            raise DbError("connection", msg)
        if out.endswith("\n"):
            out = out[:-1]
        return out

    # -- finalize-managed: which tables exist (and their contract) -----------
    def check_tables(self, items):
        """items: [(schema, table)] -> [(exists, contract_or_None)] in order."""
        if not items:
            return []
        payload = json.dumps([{"i": i, "s": s, "t": t} for i, (s, t) in enumerate(items)])
        script = r"""
SET client_min_messages = warning;
SET lock_timeout = '2s';
SET statement_timeout = '20s';
CREATE FUNCTION pg_temp.standin_check(j json) RETURNS text LANGUAGE plpgsql AS $standin$
DECLARE
    has_tc boolean := to_regprocedure('msm.table_contract(regclass)') IS NOT NULL;
    res json[] := '{}';
    r record;
    rel regclass;
    tc jsonb;
BEGIN
    FOR r IN SELECT * FROM json_to_recordset(j) AS x(i int, s text, t text) ORDER BY i LOOP
        rel := to_regclass(format('%%I.%%I', r.s, r.t));
        tc := NULL;
        IF rel IS NOT NULL AND has_tc THEN
            BEGIN
                EXECUTE 'SELECT msm.table_contract($1)::jsonb' INTO tc USING rel;
            EXCEPTION WHEN OTHERS THEN
                tc := NULL;
            END;
        END IF;
        res := res || json_build_object('exists', rel IS NOT NULL, 'contract', tc);
    END LOOP;
    RETURN array_to_json(res)::text;
END
$standin$;
SELECT pg_temp.standin_check(%s);
""" % sql_quote(payload)
        out = self.run(script, timeout_s=30)
        res = json.loads(out)
        return [(bool(x["exists"]), x.get("contract")) for x in res]

    # -- execute-operation ----------------------------------------------------
    def execute(self, stmt, offset, limit, timeout_ms):
        """Run one statement; return (row_count, returns_rows, rows_json_text).

        row_count is the number of rows the statement produced (or touched,
        for a statement without RETURNING); rows_json_text holds rows
        offset+1 .. offset+limit as a JSON array written by PostgreSQL.
        """
        script = r"""
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET standard_conforming_strings = on;
CREATE FUNCTION pg_temp.standin_exec(q text, o bigint, l bigint) RETURNS text LANGUAGE plpgsql AS $standin$
DECLARE
    r record;
    n bigint := 0;
    acc json[] := '{}';
    kind text := 'rows';
BEGIN
    BEGIN
        -- any statement returning rows: SELECT, or INSERT/UPDATE/DELETE ... RETURNING
        FOR r IN EXECUTE q LOOP
            n := n + 1;
            IF n > o AND n <= o + l THEN
                acc := acc || to_json(r);
            END IF;
        END LOOP;
    EXCEPTION WHEN invalid_cursor_definition THEN
        IF SQLERRM LIKE 'cannot open multi-query plan%%' THEN
            RAISE EXCEPTION USING ERRCODE = 'syntax_error',
                MESSAGE = 'the operation must be one SQL statement';
        END IF;
        IF SQLERRM !~ '^cannot open (INSERT|UPDATE|DELETE|MERGE) query as cursor' THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'only SELECT, INSERT, UPDATE and DELETE statements can be executed';
        END IF;
        -- a statement without RETURNING: run it as is, count the rows it touched
        EXECUTE q;
        GET DIAGNOSTICS n = ROW_COUNT;
        acc := '{}';
        kind := 'count';
    END;
    RETURN n::text || E'\t' || kind || E'\t' || array_to_json(acc)::text;
END
$standin$;
SET statement_timeout = %d;
SELECT pg_temp.standin_exec(%s, %d, %d);
""" % (timeout_ms, sql_quote(stmt), offset, limit)
        out = self.run(script, timeout_s=timeout_ms / 1000.0 + 30)
        total, kind, rows = out.split("\t", 2)
        return int(total), kind == "rows", rows
