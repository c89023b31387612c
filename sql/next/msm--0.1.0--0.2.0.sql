-- msm upgrade script 0.1.0 -> 0.2.0 (work in progress: 0.2.0 is not released).
--
-- sql/released/msm--0.1.0.sql is frozen.  A fresh CREATE EXTENSION msm runs
-- it and then this script (PostgreSQL follows the update chain when there is
-- no msm--0.2.0.sql), so a fresh install and an upgraded 0.1.0 database get
-- the same objects by construction.  Everything that changes in 0.2.0 is
-- written here, once; doc/operations.md ("Versions and upgrades") describes
-- the policy.

\echo Use "ALTER EXTENSION msm UPDATE TO '0.2.0'" to load this file. \quit

COMMENT ON FUNCTION msm.physical_table_name(text, text, text) IS
    'Physical table name (doc/naming.md, "Physical table names"): slugs of storage_app, identifier and the optional deployment namespace joined with "__", shortened with an MD5 marker to at most 63 characters.';
COMMENT ON FUNCTION msm.bounded_identifier(text[]) IS
    'Constraint/index name (doc/naming.md, "Constraint and index names"): parts slugged piece by piece (pieces split on "__") and joined with "__"; over 63 characters, the first 52 are kept and an MD5 marker is appended.';
COMMENT ON FUNCTION msm.metatable_identifier(text, text) IS
    'Logical MetaTable identifier (doc/naming.md, "Logical identifiers"): the bare base in the default namespace mainsequence.markets (also used when namespace is NULL or empty), otherwise namespace.base unless base is already qualified with it.';

-- ---------------------------------------------------------------------------
-- Logic written once.  Each rule below has one home that both the C code and
-- the SQL functions use.
-- ---------------------------------------------------------------------------

-- The description rule (doc/models.md, "Descriptions"): a table or a live
-- column whose description is NULL or blank.  One row per table without a
-- description (attnum 0, column_name NULL) and per column without one.
-- start_engine's check (src/engine_checks.c) and msm.diagnose() use it.
CREATE FUNCTION msm._missing_descriptions(rels oid[])
RETURNS TABLE (rel oid, attnum smallint, column_name name)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT c.oid, 0::smallint, NULL::name
      FROM pg_catalog.pg_class c
     WHERE c.oid = ANY (rels)
       AND coalesce(pg_catalog.btrim(pg_catalog.obj_description(c.oid, 'pg_class')), '') = ''
    UNION ALL
    SELECT a.attrelid, a.attnum, a.attname
      FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = ANY (rels) AND a.attnum > 0 AND NOT a.attisdropped
       AND coalesce(pg_catalog.btrim(pg_catalog.col_description(a.attrelid, a.attnum)), '') = ''
$$;

-- The foreign keys of tables, from the PostgreSQL catalog (doc/runtime.md,
-- "Dependency expansion and order").  The FK graph of start_engine
-- (src/depgraph.c) and the msm.model_edges view read edges only here.
CREATE FUNCTION msm._fk_edges(rels oid[])
RETURNS TABLE (conrelid oid, confrelid oid, constraint_name name, target_table text,
               columns text[], target_columns text[], on_delete text)
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT con.conrelid, con.confrelid, con.conname,
           pg_catalog.format('%I.%I', tn.nspname, tc.relname),
           (SELECT pg_catalog.array_agg(a.attname::text ORDER BY k.ord)
              FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
           (SELECT pg_catalog.array_agg(a.attname::text ORDER BY k.ord)
              FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
           CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' WHEN 'n' THEN 'SET NULL'
                                WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END
      FROM pg_catalog.pg_constraint con
      JOIN pg_catalog.pg_class tc ON tc.oid = con.confrelid
      JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
     WHERE con.contype = 'f' AND con.conrelid = ANY (rels)
$$;

-- The FK order (doc/runtime.md, "Dependency expansion and order"): the Kahn
-- sort of src/depgraph.c that start_engine uses, for a given set of tables
-- without expansion.  Returns the 1-based positions of rels, targets first,
-- ties by position; tables in or behind a cycle come last.
CREATE FUNCTION msm._fk_order(rels oid[])
RETURNS SETOF integer
LANGUAGE C STABLE STRICT
AS 'MODULE_PATHNAME', 'msm_fk_order_sql';

-- issue 8: input and settings validation
-- One namespace rule (names.c, msm_check_namespace) for deployment namespaces,
-- msm.auto_register_namespace and metatable namespaces: trimmed, 1 to 255
-- characters, only letters, digits, '.', '_' and '-', at least one letter or
-- digit.  declare_model checks its metatable namespace with it before it
-- changes anything.
CREATE FUNCTION msm._check_namespace(ns text, what text DEFAULT 'namespace',
                                     example text DEFAULT 'mainsequence.examples')
RETURNS void LANGUAGE C IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_check_namespace_sql';
COMMENT ON FUNCTION msm._check_namespace(text, text, text) IS
    'Internal: error unless ns follows the namespace rule (doc/naming.md, "Deployment namespaces").';

CREATE OR REPLACE FUNCTION msm.declare_model(
    tbl                 regclass,
    base_identifier     text,
    metatable_namespace text DEFAULT NULL,
    storage_app         text DEFAULT NULL,
    kind                text DEFAULT 'meta_table',
    upsert_keys         text[] DEFAULT NULL,
    namespace           text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns          text;
    base        text := btrim(base_identifier);
    mt_ns       text := nullif(btrim(metatable_namespace), '');
    app         text := btrim(storage_app);
    rel_schema  name;
    rel_name    name;
    expected    text;
    ident       text;
    mname       text;
    keys        text[];
    grain       record;
    taken       record;
    bad         text;
BEGIN
    IF tbl IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'table is required',
            HINT = 'Pass the project table as a regclass, e.g. ''my_project_markets__myassetdetails''::regclass.';
    END IF;
    IF base IS NULL OR base = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'base_identifier is required',
            HINT = 'Pass the model''s base identifier, e.g. base_identifier => ''MyAssetDetails''.';
    END IF;
    IF length(base) > 255 THEN
        RAISE EXCEPTION USING ERRCODE = 'name_too_long',
            MESSAGE = 'base_identifier is too long',
            DETAIL = format('It has %s characters; at most 255 are allowed.', length(base)),
            HINT = 'Use a shorter base identifier.';
    END IF;
    IF app IS NULL OR app = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'storage_app is required',
            HINT = 'Pass the project''s storage app, e.g. storage_app => ''my_project_markets''.';
    END IF;
    IF kind IS NULL OR kind NOT IN ('meta_table', 'time_index') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('invalid model kind %s', coalesce(quote_literal(kind), 'NULL')),
            HINT = 'Use kind => ''meta_table'' or kind => ''time_index''.';
    END IF;
    IF mt_ns IS NULL AND position('.' IN base) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'metatable_namespace is required',
            DETAIL = format('Base identifier %s is not qualified.', quote_literal(base)),
            HINT = 'Pass the logical namespace of the model, e.g. metatable_namespace => ''com.my_company.markets''.';
    END IF;
    -- the namespace rule of deployment namespaces (doc/naming.md): length and characters
    IF mt_ns IS NOT NULL THEN
        PERFORM msm._check_namespace(mt_ns, 'metatable_namespace', 'com.my_company.markets');
    ELSIF position('.' IN base) > 0 THEN
        PERFORM msm._check_namespace(regexp_replace(base, '\.[^.]*$', ''), 'namespace of base_identifier',
                                     'com.my_company.markets');
    END IF;

    ns := msm.resolve_namespace(namespace);
    SELECT n.nspname, c.relname INTO rel_schema, rel_name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = tbl AND c.relkind IN ('r', 'p');
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'wrong_object_type',
            MESSAGE = format('%s is not a table', tbl),
            HINT = 'Declare an ordinary or partitioned table.';
    END IF;

    -- the naming rule
    expected := msm.physical_table_name(app, base, nullif(ns, ''));
    IF rel_name <> expected THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_name',
            MESSAGE = format('table %I does not follow the msm naming rule', rel_name),
            DETAIL = format('storage_app %s, base identifier %s and deployment namespace %s give the physical name %s.',
                            quote_literal(app), quote_literal(base),
                            coalesce(quote_literal(nullif(ns, '')), 'none'), quote_ident(expected)),
            HINT = format('Rename the table: ALTER TABLE %s RENAME TO %I;', tbl, expected);
    END IF;

    -- the logical identifier; a qualified base is kept as is
    IF position('.' IN base) > 0 THEN
        ident := base;
        mt_ns := coalesce(mt_ns, regexp_replace(base, '\.[^.]*$', ''));
    ELSIF ns <> '' THEN
        ident := msm.metatable_identifier(base, ns);
    ELSE
        ident := msm.metatable_identifier(base, mt_ns);
    END IF;
    mname := regexp_replace(base, '^.*\.', '');

    -- looked up directly (the built-ins, and the declared model by its
    -- primary key), not through msm.models_of(), which lists every model:
    -- a declaration costs the same with 10 or 10,000 models declared
    -- (doc/benchmarks.md, "Growth with the number of models")
    SELECT x.model_name, x.table_name, x.is_builtin INTO taken
      FROM (SELECT b.model_name, msm.physical_table_name(b.storage_app, b.base_identifier, nullif(ns, ''))::name AS table_name,
                   true AS is_builtin, b.position
              FROM msm.builtin_model b
             WHERE msm.metatable_identifier(CASE WHEN b.position = 0 THEN 'msm.alembic_version' ELSE b.base_identifier END,
                                            coalesce(nullif(ns, ''), 'mainsequence.markets')) = ident
            UNION ALL
            SELECT d.model_name, d.table_name, false, 1000
              FROM msm.declared_model d
             WHERE d.namespace = ns AND d.identifier = ident) x
     WHERE x.table_name <> rel_name
     ORDER BY x.position
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
            MESSAGE = format('identifier %s is already taken in deployment namespace %s', quote_literal(ident),
                             coalesce(quote_literal(nullif(ns, '')), 'none')),
            DETAIL = format('Model %s (table %I) uses it.', taken.model_name, taken.table_name),
            HINT = 'Choose another base identifier or metatable namespace.';
    END IF;
    SELECT b.model_name, rel_name AS table_name INTO taken
      FROM msm.builtin_model b
     WHERE msm.physical_table_name(b.storage_app, b.base_identifier, nullif(ns, '')) = rel_name;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
            MESSAGE = format('table %I is the built-in model %s', rel_name, taken.model_name),
            HINT = 'Project models need their own storage app.';
    END IF;

    -- upsert keys must be exactly the columns of a unique index
    IF upsert_keys IS NOT NULL THEN
        IF cardinality(upsert_keys) = 0 OR array_position(upsert_keys, NULL) IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = 'upsert_keys must be a non-empty array of column names',
                HINT = 'Pass the columns of a unique index, e.g. upsert_keys => ARRAY[''asset_uid''].';
        END IF;
        SELECT string_agg(quote_ident(k), ', ') INTO bad
          FROM unnest(upsert_keys) k
         WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = tbl AND a.attname = k
                             AND a.attnum > 0 AND NOT a.attisdropped);
        IF bad IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'undefined_column',
                MESSAGE = format('upsert key column(s) %s do not exist in table %s', bad, tbl),
                HINT = 'Use column names of the declared table.';
        END IF;
        keys := upsert_keys;
    END IF;

    IF kind = 'time_index' THEN
        -- the grain: a plain unique index whose first column is temporal
        SELECT i.indexrelid::regclass AS index_name, cols.names, cols.types, cols.notnull
          INTO grain
          FROM pg_index i
          CROSS JOIN LATERAL (
              SELECT array_agg(a.attname::text ORDER BY k.ord) AS names,
                     array_agg(a.atttypid ORDER BY k.ord) AS types,
                     bool_and(a.attnotnull) AS notnull
                FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) cols
         WHERE i.indrelid = tbl AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
           AND (keys IS NULL OR (cols.names @> keys AND cols.names <@ keys AND cardinality(cols.names) = cardinality(keys)))
         ORDER BY (cols.types[1] IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)) DESC, i.indexrelid
         LIMIT 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
                MESSAGE = format('time-index table %s has no unique grain index', tbl),
                DETAIL = CASE WHEN keys IS NULL THEN 'No non-partial unique index exists on the table.'
                              ELSE format('No unique index has exactly the columns %s.', array_to_string(keys, ', ')) END,
                HINT = 'Create a unique index whose first column is the not-null time index, e.g. (time_index, asset_uid).';
        END IF;
        IF grain.types[1] NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
                MESSAGE = format('first column of the grain index of %s is not temporal', tbl),
                DETAIL = format('Grain index %s starts with %I of type %s.', grain.index_name, grain.names[1],
                                format_type(grain.types[1], NULL)),
                HINT = 'The time index column (timestamptz, timestamp or date) must come first in the grain index.';
        END IF;
        IF NOT grain.notnull THEN
            SELECT string_agg(quote_ident(a.attname), ', ') INTO bad
              FROM pg_attribute a WHERE a.attrelid = tbl AND a.attname = ANY (grain.names) AND NOT a.attnotnull;
            RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
                MESSAGE = format('grain columns of time-index table %s must be not null', tbl),
                DETAIL = format('Nullable grain column(s): %s.', bad),
                HINT = format('ALTER TABLE %s ALTER COLUMN ... SET NOT NULL for each of them.', tbl);
        END IF;
        keys := grain.names;
    ELSE
        IF keys IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = 'upsert_keys is required for a meta_table model',
                HINT = 'Pass the columns of a unique index, e.g. upsert_keys => ARRAY[''asset_uid''].';
        END IF;
        PERFORM 1
          FROM pg_index i
         WHERE i.indrelid = tbl AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
           AND (SELECT array_agg(a.attname::text ORDER BY a.attname)
                  FROM unnest(i.indkey::int2[]) k(attnum)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
               = (SELECT array_agg(k ORDER BY k) FROM unnest(keys) k)
           AND cardinality(i.indkey::int2[]) = cardinality(keys);
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
                MESSAGE = format('upsert keys (%s) of %s do not match a unique index', array_to_string(keys, ', '), tbl),
                DETAIL = 'Upsert keys must be exactly the columns of a non-partial unique index or the primary key.',
                HINT = format('CREATE UNIQUE INDEX ON %s (%s);', tbl, array_to_string(keys, ', '));
        END IF;
    END IF;

    INSERT INTO msm.declared_model AS d (namespace, model_name, class_name, base_identifier,
            metatable_namespace, identifier, storage_app, kind, physical_schema, table_name,
            upsert_keys, time_index_column)
    VALUES (ns, mname, mname || 'Table', base,
            CASE WHEN ns <> '' AND position('.' IN base) = 0 THEN ns ELSE mt_ns END, ident, app, kind,
            rel_schema, rel_name, keys, CASE WHEN kind = 'time_index' THEN keys[1] END)
    ON CONFLICT ON CONSTRAINT declared_model_namespace_table_name_key DO UPDATE
       SET model_name = EXCLUDED.model_name, class_name = EXCLUDED.class_name,
           base_identifier = EXCLUDED.base_identifier, metatable_namespace = EXCLUDED.metatable_namespace,
           identifier = EXCLUDED.identifier, storage_app = EXCLUDED.storage_app, kind = EXCLUDED.kind,
           physical_schema = EXCLUDED.physical_schema, upsert_keys = EXCLUDED.upsert_keys,
           time_index_column = EXCLUDED.time_index_column;

    RETURN jsonb_build_object(
        'model', mname, 'identifier', ident, 'table_name', rel_name, 'physical_schema', rel_schema,
        'kind', kind, 'upsert_keys', to_jsonb(keys), 'namespace', nullif(ns, ''),
        'time_index', CASE WHEN kind = 'time_index' THEN keys[1] END);
END
$$;

-- ---------------------------------------------------------------------------
-- issue 8: pg_dump / pg_restore keep the data source identity
-- (doc/operations.md, "Dump and restore").
--
-- msm.installation is a configuration table (pg_extension_config_dump), so a
-- dump carries its one row after CREATE EXTENSION msm, which has already
-- generated a row of its own.  The trigger below lets the dumped row take
-- the place of the generated one: COPY and INSERT fire it (pg_restore with or
-- without --single-transaction, --clean, --data-only, a plain-SQL dump fed to
-- psql).  It never takes over an identity that this database's registry
-- already uses.
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm._installation_restore()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cur   msm.installation;
    used  bigint;
BEGIN
    SELECT i.* INTO cur FROM msm.installation i WHERE i.singleton FOR UPDATE;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    IF NEW.data_source_uid IS NOT DISTINCT FROM cur.data_source_uid THEN
        RETURN NULL;                        -- the same row again: nothing to do
    END IF;
    SELECT count(*) INTO used FROM msm.meta_table r WHERE r.data_source_uid = cur.data_source_uid;
    IF used > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = 'cannot replace the data source identity of this database',
            DETAIL = format('This database is data source %s, and %s of its MetaTable registrations %s it; the inserted row carries data source %s.',
                            cur.data_source_uid, used, CASE WHEN used = 1 THEN 'uses' ELSE 'use' END,
                            NEW.data_source_uid),
            HINT = 'Restore a dump into a fresh database (CREATE DATABASE, then pg_restore or psql); msm.reset_data_source_identity() gives a database a new identity.';
    END IF;
    UPDATE msm.installation i
       SET data_source_uid = NEW.data_source_uid, installed_at = NEW.installed_at
     WHERE i.singleton;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION msm._installation_restore() FROM PUBLIC;
CREATE TRIGGER installation_restore
    BEFORE INSERT ON msm.installation
    FOR EACH ROW EXECUTE FUNCTION msm._installation_restore();

-- Registry rows of the models of a namespace whose data source is not this
-- database's (e.g. a copy whose installation row was not restored, or a clone
-- that got a new identity and was not migrated again): one finding per
-- foreign data source.  msm.diagnose() reports them (and runs with the
-- caller's rights, so this stays executable by PUBLIC like diagnose).
CREATE FUNCTION msm._identity_mismatches(ns text, ds uuid)
RETURNS TABLE (data_source_uid uuid, registrations bigint, detail text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.data_source_uid, count(*),
           format('%s of this namespace %s registered under data source %s, but this database is data source %s '
                  '(msm.data_source_uid()), so start_engine and migrate_upgrade do not see %s. '
                  'Hint: if this database is a copy of that data source, it lost its msm.installation row: '
                  'restore the dump into a fresh database (doc/operations.md, "Dump and restore"); '
                  'if it is a clone that must be a data source of its own, the extension owner runs '
                  'SELECT msm.reset_data_source_identity();',
                  CASE WHEN count(*) = 1 THEN '1 MetaTable' ELSE count(*) || ' MetaTables' END,
                  CASE WHEN count(*) = 1 THEN 'is' ELSE 'are' END,
                  r.data_source_uid, ds,
                  CASE WHEN count(*) = 1 THEN 'it' ELSE 'them' END)
      FROM msm.models_of(ns) m
      JOIN msm.meta_table r ON r.physical_schema = m.physical_schema AND r.physical_table_name = m.table_name
     WHERE r.data_source_uid IS DISTINCT FROM ds
     GROUP BY r.data_source_uid
     ORDER BY r.data_source_uid
$$;

-- msm.reset_data_source_identity(data_source_uid): an admin gives a cloned
-- database a data source identity of its own (doc/operations.md, "Dump and
-- restore").  The embedded registrations of the old identity belong to the
-- database it was copied from: they are removed, and every deployment
-- namespace is migrated again, so its tables (built-in and declared) are
-- registered under the new identity with new MetaTable uids.  One
-- transaction: an error changes nothing.
CREATE FUNCTION msm.reset_data_source_identity(data_source_uid uuid DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
SET msm.auto_register_namespace = ''
AS $$
DECLARE
    old_uid   uuid;
    new_uid   uuid := coalesce(reset_data_source_identity.data_source_uid, gen_random_uuid());
    removed   bigint;
    external  jsonb;
    migrated  jsonb := '[]';
    d         record;
BEGIN
    IF coalesce(current_setting('msm.data_source_uid', true), '') <> '' THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = 'the data source identity comes from the msm.data_source_uid setting',
            DETAIL = format('msm.data_source_uid is %s; msm.installation is not used while it is set.',
                            current_setting('msm.data_source_uid')),
            HINT = 'Change msm.data_source_uid (ALTER DATABASE ... SET msm.data_source_uid), or reset it to use the identity of msm.installation.';
    END IF;
    SELECT i.data_source_uid INTO old_uid FROM msm.installation i WHERE i.singleton FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = 'msm installation row is missing',
            DETAIL = 'msm.installation holds no row.',
            HINT = 'Reinstall the extension with DROP EXTENSION msm; CREATE EXTENSION msm.';
    END IF;
    IF new_uid = old_uid THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('this database already is data source %s', old_uid),
            DETAIL = 'The new identity must differ from the current one.',
            HINT = 'Call msm.reset_data_source_identity() without an argument to get a new random uid.';
    END IF;
    IF EXISTS (SELECT 1 FROM msm.meta_table r WHERE r.data_source_uid = new_uid) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('data source %s already has registrations in this database', new_uid),
            DETAIL = 'msm.meta_table holds MetaTables of that data source.',
            HINT = 'Use a new uid, or call msm.reset_data_source_identity() without an argument.';
    END IF;

    SELECT coalesce(jsonb_agg(r.physical_table_name ORDER BY r.physical_table_name)
                    FILTER (WHERE r.management_mode = 'external_registered'), '[]'),
           count(*)
      INTO external, removed
      FROM msm.meta_table r WHERE r.data_source_uid = old_uid;
    DELETE FROM msm.meta_table r WHERE r.data_source_uid = old_uid;
    UPDATE msm.installation i SET data_source_uid = new_uid WHERE i.singleton;

    FOR d IN SELECT dep.namespace FROM msm.deployment dep ORDER BY dep.namespace LOOP
        PERFORM msm.migrate_upgrade(namespace => d.namespace);
        migrated := migrated || jsonb_build_array(nullif(d.namespace, ''));
    END LOOP;

    RETURN jsonb_build_object(
        'ok', true,
        'previous_data_source_uid', old_uid,
        'data_source_uid', new_uid,
        'removed_registrations', removed,
        'migrated_namespaces', migrated,
        'external_tables_to_register', external);
END
$$;
REVOKE EXECUTE ON FUNCTION msm.reset_data_source_identity(uuid) FROM PUBLIC;
COMMENT ON FUNCTION msm.reset_data_source_identity(uuid) IS
    'Admin: give this database (a clone) a new data source identity; removes the registrations of the old one and migrates every deployment namespace again.';

-- ---------------------------------------------------------------------------
-- issue 10, finding 8: statistics of TS Manager mode (doc/tsmanager.md,
-- "Statistics").  Shared-memory counters of the HTTP requests per endpoint,
-- the msm http worker and the lookup cache (src/http_stats.c), read through
-- C functions and the views of the same names.  Like pg_stat_statements'
-- reset, the admin functions are for superusers (REVOKEd from PUBLIC); the
-- readers are for superusers and pg_read_all_stats (the counters hold no
-- secret, but tell who calls TS Manager how often).
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.http_stats(
    OUT endpoint text,
    OUT requests bigint,
    OUT retries bigint,
    OUT status_2xx bigint,
    OUT status_3xx bigint,
    OUT status_4xx bigint,
    OUT status_5xx bigint,
    OUT status_codes jsonb,
    OUT transport_errors bigint,
    OUT timeouts bigint,
    OUT cancelled bigint,
    OUT errors bigint,
    OUT bytes_sent bigint,
    OUT bytes_received bigint,
    OUT total_time_ms double precision,
    OUT mean_time_ms double precision,
    OUT max_time_ms double precision,
    OUT latency_buckets jsonb,
    OUT last_error text,
    OUT last_error_at timestamptz,
    OUT stats_reset timestamptz)
RETURNS SETOF record
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'msm_http_stats_sql';
COMMENT ON FUNCTION msm.http_stats() IS
    'TS Manager HTTP requests per endpoint since the last reset: attempts, retries, statuses, failures, bytes, latency, the last error (msm''s classification, never an answer or a secret).';

CREATE FUNCTION msm.http_worker_stats(
    OUT worker_pid integer,
    OUT worker_starts bigint,
    OUT worker_restarts bigint,
    OUT slots_in_use integer,
    OUT slots_pending integer,
    OUT slots_running integer,
    OUT slots_max integer,
    OUT stats_reset timestamptz)
RETURNS SETOF record
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'msm_http_worker_stats_sql';
COMMENT ON FUNCTION msm.http_worker_stats() IS
    'The msm http worker: its pid, starts and restarts since the last reset, request slots in use now.';

CREATE FUNCTION msm.lookup_cache_stats(
    OUT hits bigint,
    OUT misses bigint,
    OUT single_flight_joins bigint,
    OUT bypassed bigint,
    OUT fetch_failures bigint,
    OUT invalidations bigint,
    OUT entries integer,
    OUT entries_fetching integer,
    OUT entries_max integer,
    OUT ttl_s integer,
    OUT stats_reset timestamptz)
RETURNS SETOF record
LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'msm_lookup_cache_stats_sql';
COMMENT ON FUNCTION msm.lookup_cache_stats() IS
    'The shared registry lookup cache: hits, misses, single-flight joins since the last reset; entries now.';

CREATE VIEW msm.http_stats AS SELECT * FROM msm.http_stats();
CREATE VIEW msm.http_worker_stats AS SELECT * FROM msm.http_worker_stats();
CREATE VIEW msm.lookup_cache_stats AS SELECT * FROM msm.lookup_cache_stats();
COMMENT ON VIEW msm.http_stats IS 'TS Manager HTTP requests per endpoint (doc/tsmanager.md, "Statistics").';
COMMENT ON VIEW msm.http_worker_stats IS 'The msm http worker and its request slots (doc/tsmanager.md, "Statistics").';
COMMENT ON VIEW msm.lookup_cache_stats IS 'The shared registry lookup cache (doc/tsmanager.md, "Statistics").';

CREATE FUNCTION msm.http_stats_reset()
RETURNS timestamptz
LANGUAGE C VOLATILE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'msm_http_stats_reset_sql';
COMMENT ON FUNCTION msm.http_stats_reset() IS
    'Admin: zero the counters of msm.http_stats, msm.http_worker_stats and msm.lookup_cache_stats; returns the reset time.';

CREATE FUNCTION msm.lookup_cache_flush()
RETURNS integer
LANGUAGE C VOLATILE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'msm_lookup_cache_flush_sql';
COMMENT ON FUNCTION msm.lookup_cache_flush() IS
    'Admin: drop every answer of the shared lookup cache (the next lookups ask TS Manager); returns how many were dropped.';

REVOKE ALL ON FUNCTION msm.http_stats() FROM PUBLIC;
REVOKE ALL ON FUNCTION msm.http_worker_stats() FROM PUBLIC;
REVOKE ALL ON FUNCTION msm.lookup_cache_stats() FROM PUBLIC;
REVOKE ALL ON msm.http_stats, msm.http_worker_stats, msm.lookup_cache_stats FROM PUBLIC;
GRANT EXECUTE ON FUNCTION msm.http_stats() TO pg_read_all_stats;
GRANT EXECUTE ON FUNCTION msm.http_worker_stats() TO pg_read_all_stats;
GRANT EXECUTE ON FUNCTION msm.lookup_cache_stats() TO pg_read_all_stats;
GRANT SELECT ON msm.http_stats, msm.http_worker_stats, msm.lookup_cache_stats TO pg_read_all_stats;
REVOKE ALL ON FUNCTION msm.http_stats_reset() FROM PUBLIC;
REVOKE ALL ON FUNCTION msm.lookup_cache_flush() FROM PUBLIC;
-- end of issue 10, finding 8

-- ---------------------------------------------------------------------------
-- BEGIN naming parity with the SDK (issue 10, finding 9; doc/naming.md).
-- The functions themselves are C (src/names.c, src/names_unicode.c); only
-- their descriptions change here.
-- ---------------------------------------------------------------------------
COMMENT ON FUNCTION msm.physical_table_name(text, text, text) IS
    'Physical table name (doc/naming.md, "Physical table names"): storage_app, identifier and the optional namespace suffix (NULL = none; a given blank one is an error) trimmed as Python''s str.strip(), each with a letter or digit as Python''s str.isalnum() counts them, slugged and joined with "__", shortened with an MD5 marker to at most 63 characters; the same names as the SDK''s schema_table_name.';
COMMENT ON FUNCTION msm.bounded_identifier(text[]) IS
    'Constraint/index name (doc/naming.md, "Constraint and index names"): each part trimmed and split on "__", each piece trimmed, checked (empty or no letter or digit is an error) and slugged, joined with "__"; over 63 characters, the first 52 are kept and an MD5 marker is appended; the same names as the SDK''s bounded_identifier.';
-- END naming parity with the SDK
-- ===========================================================================
-- issue 10, findings 1, 3 and 5: the SDK's wire contract for migrations and
-- external registration (doc/tsmanager.md, "Wire calls" and "Table
-- contract"), one tenant per data source (doc/tsmanager.md, "Tenancy").
-- ===========================================================================

-- The migration namespace and provider key of a deployment namespace: the
-- SDK's <package>:<migration namespace>, e.g. msm:mainsequence.markets.
CREATE FUNCTION msm._migration_namespace(p_namespace text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(nullif(p_namespace, ''), 'mainsequence.markets') $$;

CREATE FUNCTION msm._migration_provider_key(p_namespace text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT 'msm:' || msm._migration_namespace(p_namespace) $$;

-- The registry root's logical identifier is msm.alembic_version (in a
-- deployment namespace <namespace>.msm.alembic_version), as the markets
-- library names it; its physical table keeps its name.
CREATE OR REPLACE FUNCTION msm.models_of(namespace text DEFAULT NULL)
RETURNS SETOF msm.model
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns      text := msm.resolve_namespace(namespace);
    mt_ns   text := coalesce(nullif(ns, ''), 'mainsequence.markets');
    sch     name := msm._deployment_schema(ns);
BEGIN
    RETURN QUERY
    SELECT ns, b.position, b.model_name, b.class_name,
           msm.metatable_identifier(CASE WHEN b.position = 0 THEN 'msm.alembic_version' ELSE b.base_identifier END, mt_ns),
           b.base_identifier, mt_ns, b.storage_app, b.kind, sch,
           msm.physical_table_name(b.storage_app, b.base_identifier, nullif(ns, ''))::name,
           b.upsert_keys, b.time_index_column, true, b.position = 0, b.revision, b.description
      FROM msm.builtin_model b
    UNION ALL
    SELECT d.namespace,
           (1000 + row_number() OVER (ORDER BY d.declared_at, d.table_name))::integer,
           d.model_name, d.class_name, d.identifier, d.base_identifier,
           d.metatable_namespace, d.storage_app, d.kind, d.physical_schema, d.table_name,
           d.upsert_keys, d.time_index_column, false, false, NULL::text,
           pg_catalog.obj_description(pg_catalog.to_regclass(pg_catalog.format('%I.%I', d.physical_schema, d.table_name)), 'pg_class')
      FROM msm.declared_model d
     WHERE d.namespace = ns
     ORDER BY 2;
END
$$;

-- Embedded rows written by 0.1.0 get the root identifier and provider key
-- the SDK uses, so a re-run of msm.migrate_upgrade() validates them.  The
-- root is found by physical identity: 0.1.0 named every row, the root too,
-- by its physical table name (ms_markets__alembic_version[__<suffix>]).
-- Run here for the rows present at ALTER EXTENSION UPDATE, and again by the
-- 0.1.0 conversion of msm.migrate_upgrade (doc/migrations.md, "Upgrading a
-- msm 0.1.0 database").
CREATE FUNCTION msm._convert_010_registrations()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE msm.meta_table SET alembic_version_meta_table_uid = NULL WHERE alembic_version_meta_table_uid = uid;
    UPDATE msm.meta_table r
       SET identifier = msm.metatable_identifier('msm.alembic_version', msm._migration_namespace(d.namespace)),
           alembic_version_meta_table_uid = NULL
      FROM msm.deployment d
     WHERE r.migration_package = 'msm' AND r.is_alembic_managed
       AND r.migration_namespace = msm._migration_namespace(d.namespace)
       AND r.physical_schema = d.physical_schema
       AND r.physical_table_name = msm.physical_table_name('ms_markets', 'alembic_version', nullif(d.namespace, ''))
       AND r.identifier IS DISTINCT FROM msm.metatable_identifier('msm.alembic_version', msm._migration_namespace(d.namespace));
    UPDATE msm.meta_table
       SET migration_provider_key = 'msm:' || coalesce(migration_namespace, 'mainsequence.markets')
     WHERE migration_package = 'msm' AND (migration_provider_key = 'migrations:migration' OR migration_provider_key IS NULL);
    UPDATE msm.meta_table
       SET partition_strategy = 'backend_default', cadence = NULL
     WHERE resource_type = 'time_index' AND migration_package = 'msm'
       AND partition_strategy = 'none' AND cadence = 'irregular';
END
$$;
SELECT msm._convert_010_registrations();

-- A column type as the SDK describes it from SQLAlchemy metadata
-- (doc/tsmanager.md, "Table contract"): the dtype token (data_type) and
-- SQLAlchemy's spelling (backend_type).  p_type is format_type() output or
-- a built-in column's declared type (varchar(32), timestamptz, ...).
CREATE FUNCTION msm._contract_type(p_type text, OUT data_type text, OUT backend_type text)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text := lower(regexp_replace(btrim(p_type), '\s+', ' ', 'g'));
    m text[];
BEGIN
    IF s ~ '^(character varying|varchar)(\(\d+\))?$' THEN
        data_type := 'string';
        backend_type := 'VARCHAR' || coalesce(substring(s FROM '\(\d+\)$'), '');
    ELSIF s ~ '^(character|char|bpchar)(\(\d+\))?$' THEN
        data_type := 'string';
        backend_type := 'CHAR' || coalesce(substring(s FROM '\(\d+\)$'), '');
    ELSIF s = 'text' THEN
        data_type := 'string'; backend_type := 'TEXT';
    ELSIF s = 'uuid' THEN
        data_type := 'uuid'; backend_type := 'UUID';
    ELSIF s IN ('json', 'jsonb') THEN
        data_type := s; backend_type := upper(s);
    ELSIF s IN ('boolean', 'bool') THEN
        data_type := 'bool'; backend_type := 'BOOLEAN';
    ELSIF s IN ('smallint', 'int2') THEN
        data_type := 'int16'; backend_type := 'SMALLINT';
    ELSIF s IN ('integer', 'int', 'int4') THEN
        -- SQLAlchemy's Integer is int64 in the SDK's dtype codec
        data_type := 'int64'; backend_type := 'INTEGER';
    ELSIF s IN ('bigint', 'int8') THEN
        data_type := 'int64'; backend_type := 'BIGINT';
    ELSIF s IN ('real', 'float4') THEN
        data_type := 'float32'; backend_type := 'REAL';
    ELSIF s IN ('double precision', 'float8') THEN
        data_type := 'float64'; backend_type := 'DOUBLE PRECISION';
    ELSIF s ~ '^(numeric|decimal)(\(\d+(, ?\d+)?\))?$' THEN
        m := regexp_match(s, '\((\d+)(?:, ?(\d+))?\)');
        data_type := 'numeric';
        backend_type := 'NUMERIC' || CASE WHEN m IS NULL THEN ''
                                          WHEN m[2] IS NULL THEN format('(%s)', m[1])
                                          ELSE format('(%s, %s)', m[1], m[2]) END;
    ELSIF s = 'date' THEN
        data_type := 'date'; backend_type := 'DATE';
    ELSIF s IN ('timestamp with time zone', 'timestamptz') THEN
        data_type := 'timestamp with time zone'; backend_type := 'TIMESTAMP WITH TIME ZONE';
    ELSIF s IN ('timestamp', 'timestamp without time zone') THEN
        data_type := 'datetime64[ns]'; backend_type := 'TIMESTAMP WITHOUT TIME ZONE';
    ELSE
        data_type := upper(btrim(p_type)); backend_type := data_type;
    END IF;
END
$$;

-- One column of a contract, as the SDK's MetaTableColumnContract dumps it
-- (None fields left out; server_default only for a uuid primary key).
CREATE FUNCTION msm._contract_column(p_name text, p_type text, p_nullable boolean, p_primary_key boolean,
                                     p_unique boolean, p_description text)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object('name', p_name, 'data_type', t.data_type, 'backend_type', t.backend_type,
                              'nullable', p_nullable, 'primary_key', p_primary_key, 'unique', p_unique)
           || CASE WHEN p_primary_key AND t.data_type = 'uuid'
                   THEN jsonb_build_object('server_default', 'gen_random_uuid()') ELSE '{}'::jsonb END
           || CASE WHEN p_description IS NOT NULL
                   THEN jsonb_build_object('description', p_description) ELSE '{}'::jsonb END
      FROM msm._contract_type(p_type) t
$$;

-- relational-table.v1 of a table, from the catalog, shaped as the SDK's
-- table_contract_from_sqlalchemy_model: no table description, constraints
-- empty (foreign keys and indexes travel in the migrations, not here).
CREATE OR REPLACE FUNCTION msm.table_contract(rel regclass)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object(
        'version', 'relational-table.v1',
        'physical', jsonb_build_object('schema', n.nspname, 'table_name', c.relname),
        'columns', (
            SELECT coalesce(jsonb_agg(msm._contract_column(
                       a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
                       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary
                                  AND a.attnum = ANY (i.indkey::int2[])),
                       EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisunique
                                  AND NOT i.indisprimary AND i.indnatts = 1 AND i.indkey[0] = a.attnum
                                  AND i.indpred IS NULL AND i.indexprs IS NULL),
                       col_description(c.oid, a.attnum)) ORDER BY a.attnum), '[]'::jsonb)
              FROM pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
        'constraints', '[]'::jsonb)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = rel
$$;
COMMENT ON FUNCTION msm.table_contract(regclass) IS
    'The relational-table.v1 contract of a table as the SDK derives it (doc/tsmanager.md, "Table contract"): physical identity and columns with dtype tokens and SQLAlchemy type spellings.';

-- The same contract of a built-in model from its definition, for
-- reservations made before the table exists.
CREATE OR REPLACE FUNCTION msm._builtin_contract(m msm.model)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object(
        'version', 'relational-table.v1',
        'physical', jsonb_build_object('schema', m.physical_schema, 'table_name', m.table_name),
        'columns', (
            SELECT coalesce(jsonb_agg(msm._contract_column(
                       c.column_name, c.data_type, NOT c.not_null,
                       EXISTS (SELECT 1 FROM msm.builtin_index i WHERE i.model_name = c.model_name
                                  AND i.index_kind = 'pk' AND c.column_name = ANY (i.columns)),
                       EXISTS (SELECT 1 FROM msm.builtin_index i WHERE i.model_name = c.model_name
                                  AND i.index_kind = 'unique' AND i.predicate IS NULL
                                  AND i.columns = ARRAY[c.column_name]),
                       c.description) ORDER BY c.position), '[]'::jsonb)
              FROM msm.builtin_column c WHERE c.model_name = m.model_name),
        'constraints', '[]'::jsonb)
$$;

-- The contract of a model as its registration carries it: the live table's
-- (else a built-in's definition); a time-index model's is the SDK's
-- time-indexed contract (table_kind, authoring.time_indexed, no
-- constraints).
CREATE FUNCTION msm._model_contract(m msm.model)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN m.kind = 'time_index'
                THEN (c - 'constraints') || jsonb_build_object(
                         'table_kind', 'time_indexed',
                         'authoring', jsonb_build_object('time_indexed', jsonb_build_object(
                             'time_index_name', m.time_index_column,
                             'index_names', to_jsonb(coalesce(m.upsert_keys, ARRAY[m.time_index_column])))))
                ELSE c END
      FROM (SELECT coalesce(msm.table_contract(to_regclass(format('%I.%I', m.physical_schema, m.table_name))),
                            CASE WHEN m.is_builtin THEN msm._builtin_contract(m) END) AS c) x
$$;

-- The registry root's contract: Alembic's one-column version table with an
-- authoring block naming Alembic as its owner (the SDK's
-- AlembicVersionMetaTable).
CREATE FUNCTION msm._root_contract(m msm.model)
RETURNS jsonb LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object(
        'version', 'relational-table.v1',
        'physical', jsonb_build_object('schema', m.physical_schema, 'table_name', m.table_name),
        'columns', jsonb_build_array(jsonb_build_object(
            'name', 'version_num', 'data_type', 'string', 'backend_type', 'VARCHAR',
            'nullable', false, 'primary_key', true, 'unique', false)),
        'constraints', '[]'::jsonb,
        'authoring', jsonb_build_object('owner', 'alembic', 'schema', m.physical_schema,
                                        'version_table', m.table_name))
$$;

-- Reservation row of one model: exactly the SDK's collection-create row
-- (doc/tsmanager.md, "Wire calls"); None values are sent as null.
CREATE OR REPLACE FUNCTION msm._reservation_row(m msm.model, p_data_source uuid, p_root_uid uuid, p_namespace text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object(
        'data_source_uid', p_data_source::text,
        'identifier', CASE WHEN m.is_root THEN m.identifier ELSE m.table_name::text END,
        'namespace', m.metatable_namespace,
        'description', CASE WHEN m.is_root THEN 'Alembic revision state table.' ELSE m.description END,
        'labels', '[]'::jsonb,
        'management_mode', 'platform_managed',
        'provisioning_status', 'reserved',
        'is_alembic_managed', true,
        'migration_package', 'msm',
        'migration_namespace', msm._migration_namespace(p_namespace),
        'migration_provider_key', msm._migration_provider_key(p_namespace),
        'alembic_version_meta_table_uid', CASE WHEN m.is_root THEN NULL ELSE p_root_uid::text END,
        'alembic_revision', NULL,
        'physical_schema', m.physical_schema,
        'physical_table_name', m.table_name,
        'protect_from_deletion', false,
        'table_contract', CASE WHEN m.is_root THEN msm._root_contract(m) ELSE msm._model_contract(m) END)
        || CASE WHEN m.kind = 'time_index'
                THEN jsonb_build_object('time_index_name', m.time_index_column,
                                        'partition_strategy', 'backend_default')
                ELSE '{}'::jsonb END
$$;

-- Migration lookup by physical identity (C, registry.c): this database's
-- data source, one physical schema, the given table names; rows of another
-- data source or schema never come back.
CREATE FUNCTION msm._registry_find(kind text, names text[], physical_schema text)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_find_sql';
REVOKE EXECUTE ON FUNCTION msm._registry_find(text, text[], text) FROM PUBLIC;

-- External registration of one table (C, registry.c): kind selects
-- /meta-tables/register/ or /time-index-meta-tables/register/.
CREATE FUNCTION msm._registry_register(kind text, request jsonb)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_register_sql';
REVOKE EXECUTE ON FUNCTION msm._registry_register(text, jsonb) FROM PUBLIC;

-- The registry root found for a migration is reused only when it is a
-- platform-managed, Alembic-managed root of this provider and identity (the
-- SDK's _validate_alembic_registry_catalog_state); otherwise an error.
CREATE FUNCTION msm._check_root_row(r jsonb, expected jsonb)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    errs text[] := ARRAY[]::text[];
    k    text;
BEGIN
    IF r->>'management_mode' IS DISTINCT FROM 'platform_managed' THEN
        errs := errs || format('management_mode=%s, expected platform_managed', coalesce(r->>'management_mode', 'null'));
    END IF;
    IF coalesce(r->>'schema_management_mode',
                CASE WHEN (r->>'is_alembic_managed')::boolean THEN 'alembic_managed' END) IS DISTINCT FROM 'alembic_managed' THEN
        errs := errs || 'the row is not Alembic-managed'::text;
    END IF;
    IF coalesce(r->>'provisioning_status', '') NOT IN ('reserved', 'active') THEN
        errs := errs || format('provisioning_status=%s, expected reserved or active', coalesce(r->>'provisioning_status', 'null'));
    END IF;
    IF coalesce(r->>'alembic_version_meta_table_uid', '') <> '' THEN
        errs := errs || 'alembic_version_meta_table_uid must be empty: the registry is the migration root'::text;
    END IF;
    FOREACH k IN ARRAY ARRAY['migration_package', 'migration_namespace', 'migration_provider_key',
                             'identifier', 'namespace', 'physical_schema', 'physical_table_name'] LOOP
        IF r->>k IS DISTINCT FROM expected->>k THEN
            errs := errs || format('%s=%s, expected %s', k, coalesce(r->>k, 'null'), expected->>k);
        END IF;
    END LOOP;
    IF lower(r->>'data_source_uid') IS DISTINCT FROM lower(expected->>'data_source_uid') THEN
        errs := errs || format('data_source_uid=%s, expected %s', coalesce(r->>'data_source_uid', 'null'), expected->>'data_source_uid');
    END IF;
    IF cardinality(errs) > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = format('the registry root MetaTable %s is incompatible', coalesce(r->>'uid', '?')),
            DETAIL = array_to_string(errs, '; ') || '.',
            HINT = 'The root must be a platform-managed, Alembic-managed MetaTable of this provider; an admin repairs or removes the row in TS Manager, then runs msm.migrate_upgrade() again.';
    END IF;
END
$$;

-- The rows of a migration lookup keyed by physical table name, keeping
-- only this data source and schema (as the SDK matches full physical
-- identities); duplicates are an error.
CREATE FUNCTION msm._rows_by_identity(p_rows jsonb, p_data_source uuid, p_schema name, p_names text[])
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    result   jsonb;
    dup_name text;
    uid_a    text;
    uid_b    text;
BEGIN
    -- one set-based pass (a hash join on the names, one aggregate), so the
    -- cost is linear in rows and names; building the object with jsonb ||
    -- row by row and testing name = ANY (names) per row was quadratic
    -- (doc/benchmarks.md, "Growth with the number of models")
    SELECT pg_catalog.jsonb_object_agg(g.name, g.r), pg_catalog.min(g.name) FILTER (WHERE g.n > 1)
      INTO result, dup_name
      FROM (SELECT x->>'physical_table_name' AS name, pg_catalog.count(*) AS n,
                   (pg_catalog.array_agg(x))[1] AS r
              FROM pg_catalog.jsonb_array_elements(coalesce(p_rows, '[]')) x
              JOIN (SELECT DISTINCT w FROM pg_catalog.unnest(p_names) w) wanted
                ON wanted.w = x->>'physical_table_name'
             WHERE pg_catalog.lower(x->>'data_source_uid') IS NOT DISTINCT FROM p_data_source::text
               AND x->>'physical_schema' IS NOT DISTINCT FROM p_schema::text
             GROUP BY x->>'physical_table_name') g;
    IF dup_name IS NOT NULL THEN
        SELECT pg_catalog.min(x->>'uid'), pg_catalog.max(x->>'uid') INTO uid_a, uid_b
          FROM pg_catalog.jsonb_array_elements(p_rows) x
         WHERE x->>'physical_table_name' = dup_name
           AND pg_catalog.lower(x->>'data_source_uid') IS NOT DISTINCT FROM p_data_source::text
           AND x->>'physical_schema' IS NOT DISTINCT FROM p_schema::text;
        RAISE EXCEPTION USING ERRCODE = 'cardinality_violation',
            MESSAGE = format('multiple registered rows for physical table %s', quote_literal(dup_name)),
            DETAIL = format('MetaTable uids %s and %s.', uid_a, uid_b),
            HINT = 'An admin must remove the duplicate MetaTable registration.';
    END IF;
    RETURN coalesce(result, '{}');
END
$$;

COMMENT ON FUNCTION msm.migrate_upgrade(text, text) IS
    'Admin migration flow: registry root, reservations, pending revisions, finalization and catalog, in one transaction.';

-- The SDK's registration request of an existing table (doc/tsmanager.md,
-- "Wire calls"): MetaTableRegistrationRequest for a plain table (management
-- mode and schema management external_registered, introspect), and
-- TimeIndexMetaTableRegistrationRequest for a time-index table (its own
-- field set: time index, partition strategy, provisioning that accepts an
-- existing table).  Fields the SDK leaves out when None are left out.
CREATE FUNCTION msm._registration_request(m msm.model, p_data_source uuid)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object(
        'data_source_uid', p_data_source::text,
        'physical_schema', m.physical_schema,
        'identifier', m.table_name::text,
        'namespace', m.metatable_namespace,
        'labels', '[]'::jsonb,
        'protect_from_deletion', false,
        'table_contract', msm._model_contract(m))
        || CASE WHEN m.description IS NOT NULL THEN jsonb_build_object('description', m.description)
                ELSE '{}'::jsonb END
        || CASE WHEN m.kind = 'time_index'
                THEN jsonb_build_object(
                         'schema_management', jsonb_build_object('mode', 'backend_managed'),
                         'provisioning', jsonb_build_object('create_table', true, 'if_not_exists', true),
                         'time_index_name', m.time_index_column,
                         'partition_strategy', 'backend_default')
                ELSE jsonb_build_object(
                         'management_mode', 'external_registered',
                         'schema_management', jsonb_build_object('mode', 'external_registered'),
                         'introspect', true) END
$$;

-- msm.register_external with the SDK's registration requests, foreign keys
-- read from the catalog (doc/models.md, "External registration").
CREATE OR REPLACE FUNCTION msm.register_external(models text[] DEFAULT NULL, namespace text DEFAULT NULL,
                                      target_meta_tables jsonb DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns         text := msm.resolve_namespace(namespace);
    ds_uid     uuid := msm.data_source_uid();
    sel        text;
    targets    jsonb := coalesce(target_meta_tables, '{}');
    key        text;
    val        jsonb;
    pending    jsonb := '[]';          -- models still to register
    done       jsonb := '{}';          -- model_name -> uid
    selected   msm.model[];
    is_blocked boolean;
    m          record;
    rel        regclass;
    fk         record;
    mrow       msm.model;
    tmodel     record;
    tuid       text;
    blocked    text;
    row        jsonb;
    result     jsonb := '[]';
BEGIN
    IF jsonb_typeof(targets) <> 'object' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'target_meta_tables must be a JSON object keyed by model',
            HINT = 'Pass e.g. ''{"Asset": "<meta_table_uid>"}''.';
    END IF;
    FOR key, val IN SELECT * FROM jsonb_each(targets) LOOP
        IF NOT EXISTS (SELECT 1 FROM msm.models_of(ns) mo WHERE mo.model_name = key) THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('target_meta_tables key %s is not a model', quote_literal(key)),
                DETAIL = CASE WHEN EXISTS (SELECT 1 FROM msm.models_of(ns) mo WHERE mo.table_name = key)
                              THEN 'Targets are keyed by model name, never by table name.' END,
                HINT = 'Key target MetaTable uids by model name, e.g. {"Asset": "<uid>"}.';
        END IF;
        IF jsonb_typeof(val) <> 'string' OR (val->>0) !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('target_meta_tables value for %s is not a uuid', quote_literal(key)),
                HINT = 'Values are MetaTable uids as strings.';
        END IF;
    END LOOP;

    IF models IS NULL THEN
        SELECT coalesce(jsonb_agg(mo.model_name ORDER BY mo.position), '[]') INTO pending
          FROM msm.models_of(ns) mo WHERE NOT mo.is_builtin;
    ELSE
        FOREACH sel IN ARRAY models LOOP
            IF sel IS NULL OR btrim(sel) = '' THEN
                RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value', MESSAGE = 'model selector must not be empty';
            END IF;
            SELECT * INTO m FROM msm._match_model(ns, sel) LIMIT 1;
            IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'undefined_object',
                    MESSAGE = format('unknown markets MetaTable model "%s"', left(sel, 200)),
                    HINT = 'SELECT model_name FROM msm.models_of() lists the models of this namespace.';
            END IF;
            IF NOT pending ? m.model_name THEN
                pending := pending || to_jsonb(m.model_name);
            END IF;
        END LOOP;
    END IF;

    -- register in dependency order (msm._fk_order): a model goes when every
    -- FK target is known; what is left blocked forms or follows a cycle
    SELECT array_agg(mo ORDER BY mo.position) INTO selected
      FROM msm.models_of(ns) mo WHERE pending ? mo.model_name;
    FOR m IN SELECT (selected[o.i]).*
               FROM msm._fk_order(ARRAY(SELECT to_regclass(format('%I.%I', s.physical_schema, s.table_name))::oid
                                          FROM unnest(selected) WITH ORDINALITY AS s ORDER BY s.ordinality))
                    WITH ORDINALITY AS o(i, n)
              ORDER BY o.n
    LOOP
        rel := to_regclass(format('%I.%I', m.physical_schema, m.table_name));
        IF rel IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'undefined_table',
                MESSAGE = format('table %I.%I of model %s does not exist', m.physical_schema, m.table_name, m.model_name),
                HINT = 'register_external registers tables that already exist; create the table first.';
        END IF;
        is_blocked := false;
        FOR fk IN SELECT e.constraint_name, e.confrelid FROM msm._fk_edges(ARRAY[rel::oid]) e
                   ORDER BY e.constraint_name LOOP
            SELECT * INTO tmodel FROM msm.models_of(ns) mo
             WHERE to_regclass(format('%I.%I', mo.physical_schema, mo.table_name)) = fk.confrelid;
            IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
                    MESSAGE = format('foreign key %s of %I targets %s, which is no model of this namespace',
                                     fk.constraint_name, m.table_name, fk.confrelid::regclass),
                    HINT = 'Foreign keys of markets tables must point at markets models.';
            END IF;
            tuid := coalesce(targets->>tmodel.model_name, done->>tmodel.model_name);
            IF tuid IS NULL AND NOT pending ? tmodel.model_name THEN
                row := msm._rows_by_identity(msm._registry_find(tmodel.kind, ARRAY[tmodel.table_name::text],
                                                                tmodel.physical_schema),
                                             ds_uid, tmodel.physical_schema, ARRAY[tmodel.table_name::text]);
                tuid := row->tmodel.table_name->>'uid';
                IF tuid IS NULL THEN
                    RAISE EXCEPTION USING ERRCODE = 'undefined_object',
                        MESSAGE = format('foreign key target model %s of %s is not registered', tmodel.model_name, m.model_name),
                        HINT = format('Pass its uid keyed by model: target_meta_tables => ''{"%s": "<uid>"}''', tmodel.model_name);
                END IF;
            END IF;
            IF tuid IS NULL THEN
                blocked := concat_ws(', ', blocked, format('%s -> %s', m.model_name, tmodel.model_name));
                is_blocked := true;
                EXIT;
            END IF;
        END LOOP;
        CONTINUE WHEN is_blocked;
        SELECT mo.* INTO mrow FROM msm.models_of(ns) mo WHERE mo.model_name = m.model_name;
        row := msm._registry_register(m.kind, msm._registration_request(mrow, ds_uid));
        done := done || jsonb_build_object(m.model_name, row->>'uid');
        pending := pending - m.model_name::text;
        result := result || jsonb_build_object('model', m.model_name, 'table_name', m.table_name,
                                               'meta_table_uid', row->>'uid');
    END LOOP;
    IF blocked IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_object_definition',
            MESSAGE = 'foreign keys between the selected models form a cycle',
            DETAIL = blocked,
            HINT = 'Register one side first or pass its uid in target_meta_tables.';
    END IF;

    RETURN jsonb_build_object('ok', true, 'namespace', nullif(ns, ''), 'management_mode', 'external_registered',
                              'registered', result);
END
$$;

-- ===========================================================================
-- issue 11: schema evolution and upstream parity (doc/migrations.md,
-- doc/upstream_parity.md, doc/models.md).  Section start.
--
-- Revisions are ordered deltas with an upgrade and a downgrade
-- (msm.revision_step), mirroring the markets library's Alembic chain
-- 0001..0015 with the same ids; the schema each revision leaves is recorded
-- object by object (msm.revision_object) for diagnostics, repair, adoption
-- and the conversion of a msm 0.1.0 database.  Generated parts:
-- test/tools/gen_revisions.py and test/tools/gen_catalogue.py.
-- ===========================================================================

ALTER TABLE msm.revision DROP CONSTRAINT revision_revision_check;
ALTER TABLE msm.revision ADD CONSTRAINT revision_revision_check
    CHECK (revision ~ '^[0-9]{4}(_[a-z0-9_]+)?$' AND length(revision) <= 32);
ALTER TABLE msm.revision ADD COLUMN superseded boolean NOT NULL DEFAULT false;
ALTER TABLE msm.revision ADD COLUMN has_downgrade boolean NOT NULL DEFAULT true;
COMMENT ON COLUMN msm.revision.superseded IS
    'True for the single revision of msm 0.1.0 (0001_markets_base): not part of the chain; a database at it is converted to 0015 by msm.migrate_upgrade().';
COMMENT ON COLUMN msm.revision.has_downgrade IS
    'False when the revision cannot be undone (msm.migrate_downgrade refuses it).';
UPDATE msm.revision SET position = 1000, superseded = true WHERE revision = '0001_markets_base';
INSERT INTO msm.revision (revision, position, down_revision, extension_version, description, has_downgrade) VALUES
('0001', 1, NULL, '0.2.0', 'The first model set: 48 markets, portfolio and pricing tables with keys, indexes, foreign keys and checks', true),
('0002', 2, '0001', '0.2.0', 'Foreign keys from orders, trades and weights to their assets, accounts and order managers; drop orders/trades fund_identifier', true),
('0003', 3, '0002', '0.2.0', 'Portfolio calendar by uid: backfill calendar_uid from calendar_name, make it required, restrict deletes, drop calendar_name', true),
('0004', 4, '0003', '0.2.0', 'Portfolio signal_uid with its index and a foreign key to the signal metadata', true),
('0005', 5, '0004', '0.2.0', 'Rename the portfolio signal foreign key to its stable name', true),
('0006', 6, '0005', '0.2.0', 'Portfolio groups and their memberships', true),
('0007', 7, '0006', '0.2.0', 'Curve building details and market data set curve bindings; curve currency, quote side and status replace index_uid', true),
('0008', 8, '0007', '0.2.0', 'Discount curve key nodes and metadata', true),
('0009', 9, '0008', '0.2.0', 'Discount curve payload required', true),
('0010', 10, '0009', '0.2.0', 'Discount curve key nodes stored compressed as text', true),
('0011', 11, '0010', '0.2.0', 'Derived index framework: calculation definitions, legs, resolved legs and index values', true),
('0012', 12, '0011', '0.2.0', 'Index values generalized: observation status, optional definition', true),
('0013', 13, '0012', '0.2.0', 'Index catalog hardening: dataset availability, one active definition per index, index values by identifier and time', true),
('0014', 14, '0013', '0.2.0', 'Remove the index provider column', true),
('0015', 15, '0014', '0.2.0', 'Index formula definitions and inputs replace calculation definitions; index calculation method and value format', false);

CREATE TABLE msm.revision_step (
    revision    text NOT NULL REFERENCES msm.revision (revision),
    direction   text NOT NULL CHECK (direction IN ('upgrade', 'downgrade')),
    step        integer NOT NULL CHECK (step > 0),
    kind        text NOT NULL CHECK (kind IN ('create_table', 'drop_table', 'add_column', 'drop_column',
                                              'alter_column', 'rename_column', 'create_index', 'drop_index',
                                              'add_constraint', 'drop_constraint', 'rename_constraint',
                                              'rename_index', 'comment', 'data')),
    statement   text NOT NULL,
    data_probe  text,
    PRIMARY KEY (revision, direction, step)
);
COMMENT ON TABLE msm.revision_step IS
    'Ordered steps of each revision, per direction, as templates rendered per deployment namespace by msm._render_template (doc/migrations.md, "Revision steps").';
COMMENT ON COLUMN msm.revision_step.data_probe IS
    'Query that is true when the step would destroy stored data; a downgrade refuses such a step unless allow_data_loss is set.';

CREATE TABLE msm.revision_object (
    table_slug     text NOT NULL,
    object_kind    text NOT NULL CHECK (object_kind IN ('table', 'column', 'pk', 'index', 'fk', 'check')),
    name           text NOT NULL,
    ordinal        integer NOT NULL,
    definition     text NOT NULL,
    from_position  integer NOT NULL,
    to_position    integer NOT NULL,
    CHECK (from_position <= to_position)
);
CREATE INDEX ON msm.revision_object (from_position, to_position);
COMMENT ON TABLE msm.revision_object IS
    'Every table, column, key, index, foreign key and check that the chain leaves, with the revision range (positions) in which it exists; names and definitions are templates (doc/migrations.md, "Expected schema").';

GRANT SELECT ON msm.revision_step, msm.revision_object TO PUBLIC;

-- Revision steps and expected objects (generated: test/tools/gen_revisions.py test/data/upstream_revisions)
INSERT INTO msm.revision_step (revision, direction, step, kind, statement, data_probe) VALUES
('0001', 'upgrade', 1, 'create_table', 'CREATE TABLE {T:accountallocationmodel} (uid uuid NOT NULL, allocation_model_name character varying(100) NOT NULL, allocation_model_description text, metadata_json json, CONSTRAINT {N:pk|{t:accountallocationmodel}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 2, 'create_table', 'CREATE TABLE {T:accountgroup} (uid uuid NOT NULL, group_name character varying(100), group_description text, metadata_json json, CONSTRAINT {N:pk|{t:accountgroup}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 3, 'create_table', 'CREATE TABLE {T:asset} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, asset_type character varying(64), CONSTRAINT {N:pk|{t:asset}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 4, 'create_table', 'CREATE TABLE {T:assetcategory} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, display_name character varying(255) NOT NULL, description text, metadata_json json, CONSTRAINT {N:pk|{t:assetcategory}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 5, 'create_table', 'CREATE TABLE {T:assettype} (uid uuid NOT NULL, asset_type character varying(64) NOT NULL, display_name character varying(255), description text, metadata_json json, CONSTRAINT {N:pk|{t:assettype}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 6, 'create_table', 'CREATE TABLE {T:calendar} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, display_name character varying(255) NOT NULL, calendar_type character varying(64) NOT NULL, timezone character varying(64) NOT NULL, source character varying(128), source_identifier character varying(255), valid_from date NOT NULL, valid_to date NOT NULL, metadata_json json, CONSTRAINT {N:pk|{t:calendar}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 7, 'create_table', 'CREATE TABLE {T:index} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, index_type character varying(64) NOT NULL, display_name character varying(255) NOT NULL, description text, provider character varying(255), metadata_json json, CONSTRAINT {N:pk|{t:index}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 8, 'create_table', 'CREATE TABLE {T:indextype} (uid uuid NOT NULL, index_type character varying(64) NOT NULL, display_name character varying(255), description text, metadata_json json, CONSTRAINT {N:pk|{t:indextype}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 9, 'create_table', 'CREATE TABLE {T:issuer} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, display_name character varying(255) NOT NULL, metadata_json json, CONSTRAINT {N:pk|{t:issuer}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 10, 'create_table', 'CREATE TABLE {T:ordereventsts} (event_time timestamp with time zone NOT NULL, order_identifier character varying NOT NULL, order_status character varying, event_metadata jsonb)', NULL),
('0001', 'upgrade', 11, 'create_table', 'CREATE TABLE {T:ordersts} (order_time timestamp with time zone NOT NULL, order_identifier character varying NOT NULL, account_identifier character varying NOT NULL, fund_identifier character varying, order_manager_identifier character varying, asset_identifier character varying NOT NULL, order_remote_id character varying, client_order_id character varying, order_type character varying, order_side bigint, quantity double precision, status character varying, filled_quantity double precision, filled_price double precision, expires_time timestamp with time zone, limit_price double precision, time_in_force character varying, comments character varying, venue_metadata jsonb)', NULL),
('0001', 'upgrade', 12, 'create_table', 'CREATE TABLE {T:portfoliometadata} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, description text, CONSTRAINT {N:pk|{t:portfoliometadata}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 13, 'create_table', 'CREATE TABLE {T:portfolioweightsts} (time_index timestamp with time zone NOT NULL, portfolio_identifier character varying NOT NULL, asset_identifier character varying NOT NULL, weight double precision, weight_before double precision, price_current double precision, price_before double precision, volume_current double precision, volume_before double precision)', NULL),
('0001', 'upgrade', 14, 'create_table', 'CREATE TABLE {T:pricingmarketdataset} (uid uuid NOT NULL, set_key character varying(64) NOT NULL, display_name character varying(255) NOT NULL, description text, status character varying(32) NOT NULL, metadata json, CONSTRAINT {N:pk|{t:pricingmarketdataset}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 15, 'create_table', 'CREATE TABLE {T:rebalancestrategymetadata} (uid uuid NOT NULL, rebalance_strategy_uid character varying(255) NOT NULL, rebalance_strategy_description text, configuration_json json, CONSTRAINT {N:pk|{t:rebalancestrategymetadata}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 16, 'create_table', 'CREATE TABLE {T:signalmetadata} (uid uuid NOT NULL, signal_uid character varying(255) NOT NULL, signal_description text, CONSTRAINT {N:pk|{t:signalmetadata}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 17, 'create_table', 'CREATE TABLE {T:tradests} (trade_time timestamp with time zone NOT NULL, trade_identifier character varying NOT NULL, account_identifier character varying NOT NULL, fund_identifier character varying, order_identifier character varying, asset_identifier character varying NOT NULL, trade_side bigint, quantity double precision, price double precision, commission double precision, commission_asset_identifier character varying, settlement_cost double precision, settlement_asset_identifier character varying, comments character varying, venue_metadata jsonb)', NULL),
('0001', 'upgrade', 18, 'create_table', 'CREATE TABLE {T:account} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, account_name character varying(255) NOT NULL, is_paper boolean NOT NULL, account_is_active boolean NOT NULL, account_group_uid uuid, holdings_data_node_uid uuid, metadata_json json, CONSTRAINT {N:pk|{t:account}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 19, 'create_table', 'CREATE TABLE {T:assetcategorymembership} (uid uuid NOT NULL, category_uid uuid NOT NULL, asset_uid uuid NOT NULL, CONSTRAINT {N:pk|{t:assetcategorymembership}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 20, 'create_table', 'CREATE TABLE {T:assetcurrentpricingdetails} (asset_uid uuid NOT NULL, instrument_type character varying(128) NOT NULL, instrument_dump json NOT NULL, pricing_details_date timestamp with time zone NOT NULL, serialization_format character varying(128) NOT NULL, pricing_package_version character varying(64), source character varying(255), metadata json, CONSTRAINT {N:pk|{t:assetcurrentpricingdetails}} PRIMARY KEY (asset_uid))', NULL),
('0001', 'upgrade', 21, 'create_table', 'CREATE TABLE {T:assetpricingdetailsts} (time_index timestamp with time zone NOT NULL, asset_identifier character varying(255) NOT NULL, instrument_dump jsonb NOT NULL, instrument_type character varying(128) NOT NULL, serialization_format character varying(128) NOT NULL, pricing_package_version character varying(64), source character varying(255), metadata jsonb)', NULL),
('0001', 'upgrade', 22, 'create_table', 'CREATE TABLE {T:assetsnapshotsts} (time_index timestamp with time zone NOT NULL, asset_identifier character varying(255) NOT NULL, name character varying, ticker character varying, exchange_code character varying, asset_ticker_group_id character varying)', NULL),
('0001', 'upgrade', 23, 'create_table', 'CREATE TABLE {T:bondassetdetails} (asset_uid uuid NOT NULL, issuer_uid uuid NOT NULL, currency_asset_uid uuid NOT NULL, issue_date date NOT NULL, maturity_date date, status character varying(32) NOT NULL, CONSTRAINT {N:pk|{t:bondassetdetails}} PRIMARY KEY (asset_uid))', NULL),
('0001', 'upgrade', 24, 'create_table', 'CREATE TABLE {T:calendardate} (uid uuid NOT NULL, calendar_uid uuid NOT NULL, local_date date NOT NULL, is_business_day boolean NOT NULL, is_holiday boolean NOT NULL, is_weekend boolean NOT NULL, is_early_close boolean NOT NULL, holiday_name character varying(255), metadata_json json, CONSTRAINT {N:pk|{t:calendardate}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 25, 'create_table', 'CREATE TABLE {T:calendarevent} (uid uuid NOT NULL, calendar_uid uuid NOT NULL, event_date date, event_time timestamp with time zone, event_type character varying(64) NOT NULL, event_label character varying(255) NOT NULL, target_type character varying(64) NOT NULL, target_uid uuid, target_identifier character varying(255) NOT NULL, metadata_json json, CONSTRAINT {N:pk|{t:calendarevent}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 26, 'create_table', 'CREATE TABLE {T:calendarsession} (uid uuid NOT NULL, calendar_uid uuid NOT NULL, local_date date NOT NULL, session_label character varying(64) NOT NULL, opens_at timestamp with time zone, closes_at timestamp with time zone, timezone character varying(64) NOT NULL, is_primary boolean NOT NULL, metadata_json json, CONSTRAINT {N:pk|{t:calendarsession}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 27, 'create_table', 'CREATE TABLE {T:currencyspotassetdetails} (asset_uid uuid NOT NULL, base_currency_uid uuid NOT NULL, quote_currency_uid uuid NOT NULL, CONSTRAINT {N:pk|{t:currencyspotassetdetails}} PRIMARY KEY (asset_uid))', NULL),
('0001', 'upgrade', 28, 'create_table', 'CREATE TABLE {T:externalpricests} (time_index timestamp with time zone NOT NULL, asset_identifier character varying(255) NOT NULL, open_time timestamp with time zone, open double precision, high double precision, low double precision, close double precision, volume double precision, trade_count double precision, vwap double precision, interpolated boolean)', NULL),
('0001', 'upgrade', 29, 'create_table', 'CREATE TABLE {T:futureassetdetails} (asset_uid uuid NOT NULL, kind character varying(32) NOT NULL, underlying_index_uid uuid NOT NULL, quote_unit character varying(64) NOT NULL, settlement_asset uuid NOT NULL, margin_asset uuid NOT NULL, settlement_model character varying(32) NOT NULL, settlement_method character varying(32) NOT NULL, contract_size numeric(38,18) NOT NULL, contract_unit character varying(64) NOT NULL, expires_at timestamp with time zone, settles_at timestamp with time zone, metadata json, CONSTRAINT {N:pk|{t:futureassetdetails}} PRIMARY KEY (asset_uid))', NULL),
('0001', 'upgrade', 30, 'create_table', 'CREATE TABLE {T:indexconventiondetails} (index_uid uuid NOT NULL, index_family character varying(64) NOT NULL, convention_dump json NOT NULL, serialization_format character varying(128) NOT NULL, source character varying(255), metadata json, CONSTRAINT {N:pk|{t:indexconventiondetails}} PRIMARY KEY (index_uid))', NULL),
('0001', 'upgrade', 31, 'create_table', 'CREATE TABLE {T:indexfixingsts} (time_index timestamp with time zone NOT NULL, index_identifier character varying(255) NOT NULL, rate double precision)', NULL),
('0001', 'upgrade', 32, 'create_table', 'CREATE TABLE {T:interpolatedpricests} (time_index timestamp with time zone NOT NULL, asset_identifier character varying(255) NOT NULL, open_time timestamp with time zone, open double precision, high double precision, low double precision, close double precision, volume double precision, trade_count double precision, vwap double precision, interpolated boolean)', NULL),
('0001', 'upgrade', 33, 'create_table', 'CREATE TABLE {T:openfigiassetdetails} (asset_uid uuid NOT NULL, figi character varying(12), composite character varying(12), share_class character varying(12), isin character varying(12), ticker character varying(50), name character varying(255), exchange_code character varying(50), security_type character varying(50), security_type_2 character varying(50), security_market_sector character varying(50), security_description character varying(255), unique_id character varying(255), unique_id_fut_opt character varying(255), metadata text, raw_payload json, CONSTRAINT {N:pk|{t:openfigiassetdetails}} PRIMARY KEY (asset_uid))', NULL),
('0001', 'upgrade', 34, 'create_table', 'CREATE TABLE {T:portfolio} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, calendar_name character varying(255), calendar_uid uuid, published_index_uid uuid, portfolio_weights_data_node_uid uuid, signal_weights_data_node_uid uuid, portfolio_data_node_uid uuid, backtest_table_price_column_name character varying(20) NOT NULL, CONSTRAINT {N:pk|{t:portfolio}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 35, 'create_table', 'CREATE TABLE {T:pricingmarketdatasetbinding} (uid uuid NOT NULL, market_data_set_uid uuid NOT NULL, concept_key character varying(128) NOT NULL, data_node_uid uuid NOT NULL, storage_table_identifier character varying(255), source character varying(255), metadata json, CONSTRAINT {N:pk|{t:pricingmarketdatasetbinding}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 36, 'create_table', 'CREATE TABLE {T:signalweightsts} (time_index timestamp with time zone NOT NULL, signal_uid character varying(255) NOT NULL, asset_identifier character varying NOT NULL, signal_weight double precision)', NULL),
('0001', 'upgrade', 37, 'create_table', 'CREATE TABLE {T:accountholdingsset} (uid uuid NOT NULL, account_uid uuid NOT NULL, time_index timestamp with time zone NOT NULL, source_data_node_uid uuid, CONSTRAINT {N:pk|{t:accountholdingsset}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 38, 'create_table', 'CREATE TABLE {T:accounttargetallocation} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, account_uid uuid NOT NULL, account_allocation_model_uid uuid NOT NULL, display_name character varying(255), is_active boolean NOT NULL, source character varying(255), metadata_json json, CONSTRAINT {N:pk|{t:accounttargetallocation}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 39, 'create_table', 'CREATE TABLE {T:curve} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, display_name character varying(255) NOT NULL, curve_type character varying(64) NOT NULL, index_uid uuid NOT NULL, interpolation_method character varying(64), compounding character varying(64), source character varying(255), metadata json, CONSTRAINT {N:pk|{t:curve}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 40, 'create_table', 'CREATE TABLE {T:ordermanager} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, target_account_uid uuid NOT NULL, target_time timestamp with time zone NOT NULL, order_received_time timestamp with time zone, execution_end timestamp with time zone, status character varying(64), metadata_json json, CONSTRAINT {N:pk|{t:ordermanager}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 41, 'create_table', 'CREATE TABLE {T:portfoliosts} (time_index timestamp with time zone NOT NULL, portfolio_identifier character varying(255) NOT NULL, close double precision, return double precision, calculated_close double precision, close_time timestamp with time zone)', NULL),
('0001', 'upgrade', 42, 'create_table', 'CREATE TABLE {T:virtualfund} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, account_uid uuid NOT NULL, target_portfolio_uid uuid NOT NULL, CONSTRAINT {N:pk|{t:virtualfund}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 43, 'create_table', 'CREATE TABLE {T:accountholdingsts} (time_index timestamp with time zone NOT NULL, account_uid uuid NOT NULL, asset_identifier character varying(255) NOT NULL, holdings_set_uid uuid NOT NULL, is_trade_snapshot boolean, quantity double precision, direction smallint NOT NULL, target_trade_time timestamp with time zone, extra_details jsonb, CONSTRAINT {N:ck|{t:accountholdingsts}|ck_account_holdings_direction} CHECK ((direction = ANY (ARRAY[1, ''-1''::integer]))))', NULL),
('0001', 'upgrade', 44, 'create_table', 'CREATE TABLE {T:discountcurvests} (time_index timestamp with time zone NOT NULL, curve_identifier character varying(255) NOT NULL, curve character varying)', NULL),
('0001', 'upgrade', 45, 'create_table', 'CREATE TABLE {T:positionset} (uid uuid NOT NULL, account_target_allocation_uid uuid NOT NULL, position_set_time timestamp with time zone NOT NULL, source character varying(255), metadata_json json, CONSTRAINT {N:pk|{t:positionset}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 46, 'create_table', 'CREATE TABLE {T:virtualfundholdingsset} (uid uuid NOT NULL, virtual_fund_uid uuid NOT NULL, source_account_holdings_set_uid uuid NOT NULL, time_index timestamp with time zone NOT NULL, CONSTRAINT {N:pk|{t:virtualfundholdingsset}} PRIMARY KEY (uid))', NULL),
('0001', 'upgrade', 47, 'create_table', 'CREATE TABLE {T:targetpositionsts} (time_index timestamp with time zone NOT NULL, position_set_uid uuid NOT NULL, target_type character varying(32) NOT NULL, target_uid uuid NOT NULL, asset_uid uuid, portfolio_uid uuid, weight_notional_exposure double precision, constant_notional_exposure double precision, single_asset_quantity double precision, metadata_json jsonb, CONSTRAINT {N:ck|{t:targetpositionsts}|ck_target_positions_target_type} CHECK ((target_type IN (''asset'', ''portfolio''))), CONSTRAINT {N:ck|{t:targetpositionsts}|ck_target_positions_single_exposure} CHECK (((( CASE WHEN (weight_notional_exposure IS NOT NULL) THEN 1 ELSE 0 END + CASE WHEN (constant_notional_exposure IS NOT NULL) THEN 1 ELSE 0 END) + CASE WHEN (single_asset_quantity IS NOT NULL) THEN 1 ELSE 0 END) = 1)), CONSTRAINT {N:ck|{t:targetpositionsts}|ck_target_positions_target_reference} CHECK (((((target_type)::text = ''asset''::text) AND (asset_uid IS NOT NULL) AND (portfolio_uid IS NULL) AND (target_uid = asset_uid)) OR (((target_type)::text = ''portfolio''::text) AND (portfolio_uid IS NOT NULL) AND (asset_uid IS NULL) AND (target_uid = portfolio_uid)))))', NULL),
('0001', 'upgrade', 48, 'create_table', 'CREATE TABLE {T:virtualfundholdingsts} (time_index timestamp with time zone NOT NULL, virtual_fund_uid uuid NOT NULL, asset_identifier character varying(255) NOT NULL, virtual_fund_holdings_set_uid uuid NOT NULL, source_account_holdings_set_uid uuid NOT NULL, allocated_quantity double precision NOT NULL, allocation_strategy character varying(64) NOT NULL, direction smallint NOT NULL, target_trade_time timestamp with time zone, extra_details jsonb, CONSTRAINT {N:ck|{t:virtualfundholdingsts}|ck_virtual_fund_holdings_direction} CHECK ((direction = ANY (ARRAY[1, ''-1''::integer]))))', NULL),
('0001', 'upgrade', 49, 'create_index', 'CREATE INDEX {N:ix|{t:account}|account_group_uid} ON {T:account} USING btree (account_group_uid)', NULL),
('0001', 'upgrade', 50, 'create_index', 'CREATE INDEX {N:ix|{t:account}|account_is_active} ON {T:account} USING btree (account_is_active)', NULL),
('0001', 'upgrade', 51, 'create_index', 'CREATE INDEX {N:ix|{t:account}|account_name} ON {T:account} USING btree (account_name)', NULL),
('0001', 'upgrade', 52, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:account}|unique_identifier} ON {T:account} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 53, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:accountallocationmodel}|allocation_model_name} ON {T:accountallocationmodel} USING btree (allocation_model_name)', NULL),
('0001', 'upgrade', 54, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:accountgroup}|group_name} ON {T:accountgroup} USING btree (group_name)', NULL),
('0001', 'upgrade', 55, 'create_index', 'CREATE INDEX {N:ix|{t:accountholdingsset}|account_uid} ON {T:accountholdingsset} USING btree (account_uid)', NULL),
('0001', 'upgrade', 56, 'create_index', 'CREATE INDEX {N:ix|{t:accountholdingsset}|time_index} ON {T:accountholdingsset} USING btree (time_index)', NULL),
('0001', 'upgrade', 57, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:accountholdingsset}|account_uid|time_index} ON {T:accountholdingsset} USING btree (account_uid, time_index)', NULL),
('0001', 'upgrade', 58, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:accountholdingsts}|time_index|account_uid|asset_identifier} ON {T:accountholdingsts} USING btree (time_index, account_uid, asset_identifier)', NULL),
('0001', 'upgrade', 59, 'create_index', 'CREATE INDEX {N:ix|{t:accounttargetallocation}|account_allocation_model_uid} ON {T:accounttargetallocation} USING btree (account_allocation_model_uid)', NULL),
('0001', 'upgrade', 60, 'create_index', 'CREATE INDEX {N:ix|{t:accounttargetallocation}|account_uid} ON {T:accounttargetallocation} USING btree (account_uid)', NULL),
('0001', 'upgrade', 61, 'create_index', 'CREATE INDEX {N:ix|{t:accounttargetallocation}|is_active} ON {T:accounttargetallocation} USING btree (is_active)', NULL),
('0001', 'upgrade', 62, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:accounttargetallocation}|unique_identifier} ON {T:accounttargetallocation} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 63, 'create_index', 'CREATE INDEX {N:ix|{t:asset}|asset_type} ON {T:asset} USING btree (asset_type)', NULL),
('0001', 'upgrade', 64, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:asset}|unique_identifier} ON {T:asset} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 65, 'create_index', 'CREATE INDEX {N:ix|{t:assetcategory}|display_name} ON {T:assetcategory} USING btree (display_name)', NULL),
('0001', 'upgrade', 66, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:assetcategory}|unique_identifier} ON {T:assetcategory} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 67, 'create_index', 'CREATE INDEX {N:ix|{t:assetcategorymembership}|asset_uid} ON {T:assetcategorymembership} USING btree (asset_uid)', NULL),
('0001', 'upgrade', 68, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:assetcategorymembership}|category_uid|asset_uid} ON {T:assetcategorymembership} USING btree (category_uid, asset_uid)', NULL),
('0001', 'upgrade', 69, 'create_index', 'CREATE INDEX {N:ix|{t:assetcurrentpricingdetails}|instrument_type} ON {T:assetcurrentpricingdetails} USING btree (instrument_type)', NULL),
('0001', 'upgrade', 70, 'create_index', 'CREATE INDEX {N:ix|{t:assetcurrentpricingdetails}|pricing_details_date} ON {T:assetcurrentpricingdetails} USING btree (pricing_details_date)', NULL),
('0001', 'upgrade', 71, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:assetpricingdetailsts}|time_index|asset_identifier} ON {T:assetpricingdetailsts} USING btree (time_index, asset_identifier)', NULL),
('0001', 'upgrade', 72, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:assetsnapshotsts}|time_index|asset_identifier} ON {T:assetsnapshotsts} USING btree (time_index, asset_identifier)', NULL),
('0001', 'upgrade', 73, 'create_index', 'CREATE INDEX {N:ix|{t:assettype}|display_name} ON {T:assettype} USING btree (display_name)', NULL),
('0001', 'upgrade', 74, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:assettype}|asset_type} ON {T:assettype} USING btree (asset_type)', NULL),
('0001', 'upgrade', 75, 'create_index', 'CREATE INDEX {N:ix|{t:bondassetdetails}|currency_asset_uid} ON {T:bondassetdetails} USING btree (currency_asset_uid)', NULL),
('0001', 'upgrade', 76, 'create_index', 'CREATE INDEX {N:ix|{t:bondassetdetails}|issuer_uid} ON {T:bondassetdetails} USING btree (issuer_uid)', NULL),
('0001', 'upgrade', 77, 'create_index', 'CREATE INDEX {N:ix|{t:bondassetdetails}|maturity_date} ON {T:bondassetdetails} USING btree (maturity_date)', NULL),
('0001', 'upgrade', 78, 'create_index', 'CREATE INDEX {N:ix|{t:bondassetdetails}|status} ON {T:bondassetdetails} USING btree (status)', NULL),
('0001', 'upgrade', 79, 'create_index', 'CREATE INDEX {N:ix|{t:calendar}|calendar_type} ON {T:calendar} USING btree (calendar_type)', NULL),
('0001', 'upgrade', 80, 'create_index', 'CREATE INDEX {N:ix|{t:calendar}|source|source_identifier} ON {T:calendar} USING btree (source, source_identifier)', NULL),
('0001', 'upgrade', 81, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:calendar}|unique_identifier} ON {T:calendar} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 82, 'create_index', 'CREATE INDEX {N:ix|{t:calendardate}|calendar_uid|is_business_day} ON {T:calendardate} USING btree (calendar_uid, is_business_day)', NULL),
('0001', 'upgrade', 83, 'create_index', 'CREATE INDEX {N:ix|{t:calendardate}|local_date} ON {T:calendardate} USING btree (local_date)', NULL),
('0001', 'upgrade', 84, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:calendardate}|calendar_uid|local_date} ON {T:calendardate} USING btree (calendar_uid, local_date)', NULL),
('0001', 'upgrade', 85, 'create_index', 'CREATE INDEX {N:ix|{t:calendarevent}|calendar_uid|event_date} ON {T:calendarevent} USING btree (calendar_uid, event_date)', NULL),
('0001', 'upgrade', 86, 'create_index', 'CREATE INDEX {N:ix|{t:calendarevent}|event_type} ON {T:calendarevent} USING btree (event_type)', NULL),
('0001', 'upgrade', 87, 'create_index', 'CREATE INDEX {N:ix|{t:calendarevent}|target_type|target_uid} ON {T:calendarevent} USING btree (target_type, target_uid)', NULL),
('0001', 'upgrade', 88, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:calendarevent}|calendar_uid|event_date|event_type|event_label|target_type|target_identifier} ON {T:calendarevent} USING btree (calendar_uid, event_date, event_type, event_label, target_type, target_identifier)', NULL),
('0001', 'upgrade', 89, 'create_index', 'CREATE INDEX {N:ix|{t:calendarsession}|calendar_uid|is_primary} ON {T:calendarsession} USING btree (calendar_uid, is_primary)', NULL),
('0001', 'upgrade', 90, 'create_index', 'CREATE INDEX {N:ix|{t:calendarsession}|local_date} ON {T:calendarsession} USING btree (local_date)', NULL),
('0001', 'upgrade', 91, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:calendarsession}|calendar_uid|local_date|session_label} ON {T:calendarsession} USING btree (calendar_uid, local_date, session_label)', NULL),
('0001', 'upgrade', 92, 'create_index', 'CREATE INDEX {N:ix|{t:currencyspotassetdetails}|base_currency_uid} ON {T:currencyspotassetdetails} USING btree (base_currency_uid)', NULL),
('0001', 'upgrade', 93, 'create_index', 'CREATE INDEX {N:ix|{t:currencyspotassetdetails}|quote_currency_uid} ON {T:currencyspotassetdetails} USING btree (quote_currency_uid)', NULL),
('0001', 'upgrade', 94, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:currencyspotassetdetails}|base_currency_uid|quote_currency_uid} ON {T:currencyspotassetdetails} USING btree (base_currency_uid, quote_currency_uid)', NULL),
('0001', 'upgrade', 95, 'create_index', 'CREATE INDEX {N:ix|{t:curve}|curve_type} ON {T:curve} USING btree (curve_type)', NULL),
('0001', 'upgrade', 96, 'create_index', 'CREATE INDEX {N:ix|{t:curve}|index_uid} ON {T:curve} USING btree (index_uid)', NULL),
('0001', 'upgrade', 97, 'create_index', 'CREATE INDEX {N:ix|{t:curve}|source} ON {T:curve} USING btree (source)', NULL),
('0001', 'upgrade', 98, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:curve}|unique_identifier} ON {T:curve} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 99, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:discountcurvests}|time_index|curve_identifier} ON {T:discountcurvests} USING btree (time_index, curve_identifier)', NULL),
('0001', 'upgrade', 100, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:externalpricests}|time_index|asset_identifier} ON {T:externalpricests} USING btree (time_index, asset_identifier)', NULL),
('0001', 'upgrade', 101, 'create_index', 'CREATE INDEX {N:ix|{t:futureassetdetails}|expires_at} ON {T:futureassetdetails} USING btree (expires_at)', NULL),
('0001', 'upgrade', 102, 'create_index', 'CREATE INDEX {N:ix|{t:futureassetdetails}|margin_asset} ON {T:futureassetdetails} USING btree (margin_asset)', NULL),
('0001', 'upgrade', 103, 'create_index', 'CREATE INDEX {N:ix|{t:futureassetdetails}|settlement_asset} ON {T:futureassetdetails} USING btree (settlement_asset)', NULL),
('0001', 'upgrade', 104, 'create_index', 'CREATE INDEX {N:ix|{t:futureassetdetails}|underlying_index_uid} ON {T:futureassetdetails} USING btree (underlying_index_uid)', NULL),
('0001', 'upgrade', 105, 'create_index', 'CREATE INDEX {N:ix|{t:index}|display_name} ON {T:index} USING btree (display_name)', NULL),
('0001', 'upgrade', 106, 'create_index', 'CREATE INDEX {N:ix|{t:index}|index_type} ON {T:index} USING btree (index_type)', NULL),
('0001', 'upgrade', 107, 'create_index', 'CREATE INDEX {N:ix|{t:index}|provider} ON {T:index} USING btree (provider)', NULL),
('0001', 'upgrade', 108, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:index}|unique_identifier} ON {T:index} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 109, 'create_index', 'CREATE INDEX {N:ix|{t:indexconventiondetails}|index_family} ON {T:indexconventiondetails} USING btree (index_family)', NULL),
('0001', 'upgrade', 110, 'create_index', 'CREATE INDEX {N:ix|{t:indexconventiondetails}|source} ON {T:indexconventiondetails} USING btree (source)', NULL),
('0001', 'upgrade', 111, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexfixingsts}|time_index|index_identifier} ON {T:indexfixingsts} USING btree (time_index, index_identifier)', NULL),
('0001', 'upgrade', 112, 'create_index', 'CREATE INDEX {N:ix|{t:indextype}|display_name} ON {T:indextype} USING btree (display_name)', NULL),
('0001', 'upgrade', 113, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indextype}|index_type} ON {T:indextype} USING btree (index_type)', NULL),
('0001', 'upgrade', 114, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:interpolatedpricests}|time_index|asset_identifier} ON {T:interpolatedpricests} USING btree (time_index, asset_identifier)', NULL),
('0001', 'upgrade', 115, 'create_index', 'CREATE INDEX {N:ix|{t:issuer}|display_name} ON {T:issuer} USING btree (display_name)', NULL),
('0001', 'upgrade', 116, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:issuer}|unique_identifier} ON {T:issuer} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 117, 'create_index', 'CREATE INDEX {N:ix|{t:openfigiassetdetails}|figi} ON {T:openfigiassetdetails} USING btree (figi)', NULL),
('0001', 'upgrade', 118, 'create_index', 'CREATE INDEX {N:ix|{t:openfigiassetdetails}|isin} ON {T:openfigiassetdetails} USING btree (isin)', NULL),
('0001', 'upgrade', 119, 'create_index', 'CREATE INDEX {N:ix|{t:openfigiassetdetails}|ticker} ON {T:openfigiassetdetails} USING btree (ticker)', NULL),
('0001', 'upgrade', 120, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:ordereventsts}|event_time|order_identifier} ON {T:ordereventsts} USING btree (event_time, order_identifier)', NULL),
('0001', 'upgrade', 121, 'create_index', 'CREATE INDEX {N:ix|{t:ordermanager}|status} ON {T:ordermanager} USING btree (status)', NULL),
('0001', 'upgrade', 122, 'create_index', 'CREATE INDEX {N:ix|{t:ordermanager}|target_account_uid} ON {T:ordermanager} USING btree (target_account_uid)', NULL),
('0001', 'upgrade', 123, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:ordermanager}|unique_identifier} ON {T:ordermanager} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 124, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:ordersts}|order_time|order_identifier|account_identifier|asset_identifier} ON {T:ordersts} USING btree (order_time, order_identifier, account_identifier, asset_identifier)', NULL),
('0001', 'upgrade', 125, 'create_index', 'CREATE INDEX {N:ix|{t:portfolio}|calendar_name} ON {T:portfolio} USING btree (calendar_name)', NULL),
('0001', 'upgrade', 126, 'create_index', 'CREATE INDEX {N:ix|{t:portfolio}|calendar_uid} ON {T:portfolio} USING btree (calendar_uid)', NULL),
('0001', 'upgrade', 127, 'create_index', 'CREATE INDEX {N:ix|{t:portfolio}|published_index_uid} ON {T:portfolio} USING btree (published_index_uid)', NULL),
('0001', 'upgrade', 128, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:portfolio}|unique_identifier} ON {T:portfolio} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 129, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:portfoliometadata}|unique_identifier} ON {T:portfoliometadata} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 130, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:portfoliosts}|time_index|portfolio_identifier} ON {T:portfoliosts} USING btree (time_index, portfolio_identifier)', NULL),
('0001', 'upgrade', 131, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:portfolioweightsts}|time_index|portfolio_identifier|asset_identifier} ON {T:portfolioweightsts} USING btree (time_index, portfolio_identifier, asset_identifier)', NULL),
('0001', 'upgrade', 132, 'create_index', 'CREATE INDEX {N:ix|{t:positionset}|account_target_allocation_uid} ON {T:positionset} USING btree (account_target_allocation_uid)', NULL),
('0001', 'upgrade', 133, 'create_index', 'CREATE INDEX {N:ix|{t:positionset}|position_set_time} ON {T:positionset} USING btree (position_set_time)', NULL),
('0001', 'upgrade', 134, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:positionset}|account_target_allocation_uid|position_set_time} ON {T:positionset} USING btree (account_target_allocation_uid, position_set_time)', NULL),
('0001', 'upgrade', 135, 'create_index', 'CREATE INDEX {N:ix|{t:pricingmarketdataset}|status} ON {T:pricingmarketdataset} USING btree (status)', NULL),
('0001', 'upgrade', 136, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:pricingmarketdataset}|set_key} ON {T:pricingmarketdataset} USING btree (set_key)', NULL),
('0001', 'upgrade', 137, 'create_index', 'CREATE INDEX {N:ix|{t:pricingmarketdatasetbinding}|concept_key} ON {T:pricingmarketdatasetbinding} USING btree (concept_key)', NULL),
('0001', 'upgrade', 138, 'create_index', 'CREATE INDEX {N:ix|{t:pricingmarketdatasetbinding}|data_node_uid} ON {T:pricingmarketdatasetbinding} USING btree (data_node_uid)', NULL),
('0001', 'upgrade', 139, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:pricingmarketdatasetbinding}|market_data_set_uid|concept_key} ON {T:pricingmarketdatasetbinding} USING btree (market_data_set_uid, concept_key)', NULL),
('0001', 'upgrade', 140, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:rebalancestrategymetadata}|rebalance_strategy_uid} ON {T:rebalancestrategymetadata} USING btree (rebalance_strategy_uid)', NULL),
('0001', 'upgrade', 141, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:signalmetadata}|signal_uid} ON {T:signalmetadata} USING btree (signal_uid)', NULL),
('0001', 'upgrade', 142, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:signalweightsts}|time_index|signal_uid|asset_identifier} ON {T:signalweightsts} USING btree (time_index, signal_uid, asset_identifier)', NULL),
('0001', 'upgrade', 143, 'create_index', 'CREATE INDEX {N:ix|{t:targetpositionsts}|asset_uid} ON {T:targetpositionsts} USING btree (asset_uid)', NULL),
('0001', 'upgrade', 144, 'create_index', 'CREATE INDEX {N:ix|{t:targetpositionsts}|portfolio_uid} ON {T:targetpositionsts} USING btree (portfolio_uid)', NULL),
('0001', 'upgrade', 145, 'create_index', 'CREATE INDEX {N:ix|{t:targetpositionsts}|position_set_uid|target_type|target_uid} ON {T:targetpositionsts} USING btree (position_set_uid, target_type, target_uid)', NULL),
('0001', 'upgrade', 146, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:targetpositionsts}|time_index|position_set_uid|target_type|target_uid} ON {T:targetpositionsts} USING btree (time_index, position_set_uid, target_type, target_uid)', NULL),
('0001', 'upgrade', 147, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:tradests}|trade_time|trade_identifier|account_identifier|asset_identifier} ON {T:tradests} USING btree (trade_time, trade_identifier, account_identifier, asset_identifier)', NULL),
('0001', 'upgrade', 148, 'create_index', 'CREATE INDEX {N:ix|{t:virtualfund}|account_uid} ON {T:virtualfund} USING btree (account_uid)', NULL),
('0001', 'upgrade', 149, 'create_index', 'CREATE INDEX {N:ix|{t:virtualfund}|target_portfolio_uid} ON {T:virtualfund} USING btree (target_portfolio_uid)', NULL),
('0001', 'upgrade', 150, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:virtualfund}|unique_identifier} ON {T:virtualfund} USING btree (unique_identifier)', NULL),
('0001', 'upgrade', 151, 'create_index', 'CREATE INDEX {N:ix|{t:virtualfundholdingsset}|source_account_holdings_set_uid} ON {T:virtualfundholdingsset} USING btree (source_account_holdings_set_uid)', NULL),
('0001', 'upgrade', 152, 'create_index', 'CREATE INDEX {N:ix|{t:virtualfundholdingsset}|virtual_fund_uid} ON {T:virtualfundholdingsset} USING btree (virtual_fund_uid)', NULL),
('0001', 'upgrade', 153, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:virtualfundholdingsset}|virtual_fund_uid|source_account_holdings_set_uid} ON {T:virtualfundholdingsset} USING btree (virtual_fund_uid, source_account_holdings_set_uid)', NULL),
('0001', 'upgrade', 154, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:virtualfundholdingsts}|time_index|virtual_fund_uid|asset_identifier} ON {T:virtualfundholdingsts} USING btree (time_index, virtual_fund_uid, asset_identifier)', NULL),
('0001', 'upgrade', 155, 'add_constraint', 'ALTER TABLE {T:account} ADD CONSTRAINT {N:fk|{t:account}|account_group_uid|{t:accountgroup}|uid} FOREIGN KEY (account_group_uid) REFERENCES {T:accountgroup}(uid) ON DELETE SET NULL', NULL),
('0001', 'upgrade', 156, 'add_constraint', 'ALTER TABLE {T:accountholdingsset} ADD CONSTRAINT {N:fk|{t:accountholdingsset}|account_uid|{t:account}|uid} FOREIGN KEY (account_uid) REFERENCES {T:account}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 157, 'add_constraint', 'ALTER TABLE {T:accountholdingsts} ADD CONSTRAINT {N:fk|{t:accountholdingsts}|account_uid|{t:account}|uid} FOREIGN KEY (account_uid) REFERENCES {T:account}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 158, 'add_constraint', 'ALTER TABLE {T:accountholdingsts} ADD CONSTRAINT {N:fk|{t:accountholdingsts}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 159, 'add_constraint', 'ALTER TABLE {T:accountholdingsts} ADD CONSTRAINT {N:fk|{t:accountholdingsts}|holdings_set_uid|{t:accountholdingsset}|uid} FOREIGN KEY (holdings_set_uid) REFERENCES {T:accountholdingsset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 160, 'add_constraint', 'ALTER TABLE {T:accounttargetallocation} ADD CONSTRAINT {N:fk|{t:accounttargetallocation}|account_allocation_model_uid|{t:accountallocationmodel}|uid} FOREIGN KEY (account_allocation_model_uid) REFERENCES {T:accountallocationmodel}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 161, 'add_constraint', 'ALTER TABLE {T:accounttargetallocation} ADD CONSTRAINT {N:fk|{t:accounttargetallocation}|account_uid|{t:account}|uid} FOREIGN KEY (account_uid) REFERENCES {T:account}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 162, 'add_constraint', 'ALTER TABLE {T:assetcategorymembership} ADD CONSTRAINT {N:fk|{t:assetcategorymembership}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 163, 'add_constraint', 'ALTER TABLE {T:assetcategorymembership} ADD CONSTRAINT {N:fk|{t:assetcategorymembership}|category_uid|{t:assetcategory}|uid} FOREIGN KEY (category_uid) REFERENCES {T:assetcategory}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 164, 'add_constraint', 'ALTER TABLE {T:assetcurrentpricingdetails} ADD CONSTRAINT {N:fk|{t:assetcurrentpricingdetails}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 165, 'add_constraint', 'ALTER TABLE {T:assetpricingdetailsts} ADD CONSTRAINT {N:fk|{t:assetpricingdetailsts}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 166, 'add_constraint', 'ALTER TABLE {T:assetsnapshotsts} ADD CONSTRAINT {N:fk|{t:assetsnapshotsts}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 167, 'add_constraint', 'ALTER TABLE {T:bondassetdetails} ADD CONSTRAINT {N:fk|{t:bondassetdetails}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 168, 'add_constraint', 'ALTER TABLE {T:bondassetdetails} ADD CONSTRAINT {N:fk|{t:bondassetdetails}|currency_asset_uid|{t:asset}|uid} FOREIGN KEY (currency_asset_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 169, 'add_constraint', 'ALTER TABLE {T:bondassetdetails} ADD CONSTRAINT {N:fk|{t:bondassetdetails}|issuer_uid|{t:issuer}|uid} FOREIGN KEY (issuer_uid) REFERENCES {T:issuer}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 170, 'add_constraint', 'ALTER TABLE {T:calendardate} ADD CONSTRAINT {N:fk|{t:calendardate}|calendar_uid|{t:calendar}|uid} FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 171, 'add_constraint', 'ALTER TABLE {T:calendarevent} ADD CONSTRAINT {N:fk|{t:calendarevent}|calendar_uid|{t:calendar}|uid} FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 172, 'add_constraint', 'ALTER TABLE {T:calendarsession} ADD CONSTRAINT {N:fk|{t:calendarsession}|calendar_uid|{t:calendar}|uid} FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 173, 'add_constraint', 'ALTER TABLE {T:currencyspotassetdetails} ADD CONSTRAINT {N:fk|{t:currencyspotassetdetails}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 174, 'add_constraint', 'ALTER TABLE {T:currencyspotassetdetails} ADD CONSTRAINT {N:fk|{t:currencyspotassetdetails}|base_currency_uid|{t:asset}|uid} FOREIGN KEY (base_currency_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 175, 'add_constraint', 'ALTER TABLE {T:currencyspotassetdetails} ADD CONSTRAINT {N:fk|{t:currencyspotassetdetails}|quote_currency_uid|{t:asset}|uid} FOREIGN KEY (quote_currency_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 176, 'add_constraint', 'ALTER TABLE {T:curve} ADD CONSTRAINT {N:fk|{t:curve}|index_uid|{t:indexconventiondetails}|index_uid} FOREIGN KEY (index_uid) REFERENCES {T:indexconventiondetails}(index_uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 177, 'add_constraint', 'ALTER TABLE {T:discountcurvests} ADD CONSTRAINT {N:fk|{t:discountcurvests}|curve_identifier|{t:curve}|unique_identifier} FOREIGN KEY (curve_identifier) REFERENCES {T:curve}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 178, 'add_constraint', 'ALTER TABLE {T:externalpricests} ADD CONSTRAINT {N:fk|{t:externalpricests}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 179, 'add_constraint', 'ALTER TABLE {T:futureassetdetails} ADD CONSTRAINT {N:fk|{t:futureassetdetails}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 180, 'add_constraint', 'ALTER TABLE {T:futureassetdetails} ADD CONSTRAINT {N:fk|{t:futureassetdetails}|margin_asset|{t:asset}|uid} FOREIGN KEY (margin_asset) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 181, 'add_constraint', 'ALTER TABLE {T:futureassetdetails} ADD CONSTRAINT {N:fk|{t:futureassetdetails}|settlement_asset|{t:asset}|uid} FOREIGN KEY (settlement_asset) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 182, 'add_constraint', 'ALTER TABLE {T:futureassetdetails} ADD CONSTRAINT {N:fk|{t:futureassetdetails}|underlying_index_uid|{t:index}|uid} FOREIGN KEY (underlying_index_uid) REFERENCES {T:index}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 183, 'add_constraint', 'ALTER TABLE {T:indexconventiondetails} ADD CONSTRAINT {N:fk|{t:indexconventiondetails}|index_uid|{t:index}|uid} FOREIGN KEY (index_uid) REFERENCES {T:index}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 184, 'add_constraint', 'ALTER TABLE {T:indexfixingsts} ADD CONSTRAINT {N:fk|{t:indexfixingsts}|index_identifier|{t:index}|unique_identifier} FOREIGN KEY (index_identifier) REFERENCES {T:index}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 185, 'add_constraint', 'ALTER TABLE {T:interpolatedpricests} ADD CONSTRAINT {N:fk|{t:interpolatedpricests}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 186, 'add_constraint', 'ALTER TABLE {T:openfigiassetdetails} ADD CONSTRAINT {N:fk|{t:openfigiassetdetails}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 187, 'add_constraint', 'ALTER TABLE {T:ordermanager} ADD CONSTRAINT {N:fk|{t:ordermanager}|target_account_uid|{t:account}|uid} FOREIGN KEY (target_account_uid) REFERENCES {T:account}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 188, 'add_constraint', 'ALTER TABLE {T:portfolio} ADD CONSTRAINT {N:fk|{t:portfolio}|calendar_uid|{t:calendar}|uid} FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE SET NULL', NULL),
('0001', 'upgrade', 189, 'add_constraint', 'ALTER TABLE {T:portfolio} ADD CONSTRAINT {N:fk|{t:portfolio}|published_index_uid|{t:index}|uid} FOREIGN KEY (published_index_uid) REFERENCES {T:index}(uid) ON DELETE SET NULL', NULL),
('0001', 'upgrade', 190, 'add_constraint', 'ALTER TABLE {T:portfoliosts} ADD CONSTRAINT {N:fk|{t:portfoliosts}|portfolio_identifier|{t:portfolio}|unique_identifier} FOREIGN KEY (portfolio_identifier) REFERENCES {T:portfolio}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 191, 'add_constraint', 'ALTER TABLE {T:positionset} ADD CONSTRAINT {N:fk|{t:positionset}|account_target_allocation_uid|{t:accounttargetallocation}|uid} FOREIGN KEY (account_target_allocation_uid) REFERENCES {T:accounttargetallocation}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 192, 'add_constraint', 'ALTER TABLE {T:pricingmarketdatasetbinding} ADD CONSTRAINT {N:fk|{t:pricingmarketdatasetbinding}|market_data_set_uid|{t:pricingmarketdataset}|uid} FOREIGN KEY (market_data_set_uid) REFERENCES {T:pricingmarketdataset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 193, 'add_constraint', 'ALTER TABLE {T:signalweightsts} ADD CONSTRAINT {N:fk|{t:signalweightsts}|signal_uid|{t:signalmetadata}|signal_uid} FOREIGN KEY (signal_uid) REFERENCES {T:signalmetadata}(signal_uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 194, 'add_constraint', 'ALTER TABLE {T:targetpositionsts} ADD CONSTRAINT {N:fk|{t:targetpositionsts}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 195, 'add_constraint', 'ALTER TABLE {T:targetpositionsts} ADD CONSTRAINT {N:fk|{t:targetpositionsts}|portfolio_uid|{t:portfolio}|uid} FOREIGN KEY (portfolio_uid) REFERENCES {T:portfolio}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 196, 'add_constraint', 'ALTER TABLE {T:targetpositionsts} ADD CONSTRAINT {N:fk|{t:targetpositionsts}|position_set_uid|{t:positionset}|uid} FOREIGN KEY (position_set_uid) REFERENCES {T:positionset}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 197, 'add_constraint', 'ALTER TABLE {T:virtualfund} ADD CONSTRAINT {N:fk|{t:virtualfund}|account_uid|{t:account}|uid} FOREIGN KEY (account_uid) REFERENCES {T:account}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 198, 'add_constraint', 'ALTER TABLE {T:virtualfund} ADD CONSTRAINT {N:fk|{t:virtualfund}|target_portfolio_uid|{t:portfolio}|uid} FOREIGN KEY (target_portfolio_uid) REFERENCES {T:portfolio}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 199, 'add_constraint', 'ALTER TABLE {T:virtualfundholdingsset} ADD CONSTRAINT {N:fk|{t:virtualfundholdingsset}|source_account_holdings_set_uid|{t:accountholdingsset}|uid} FOREIGN KEY (source_account_holdings_set_uid) REFERENCES {T:accountholdingsset}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 200, 'add_constraint', 'ALTER TABLE {T:virtualfundholdingsset} ADD CONSTRAINT {N:fk|{t:virtualfundholdingsset}|virtual_fund_uid|{t:virtualfund}|uid} FOREIGN KEY (virtual_fund_uid) REFERENCES {T:virtualfund}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 201, 'add_constraint', 'ALTER TABLE {T:virtualfundholdingsts} ADD CONSTRAINT {N:fk|{t:virtualfundholdingsts}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 202, 'add_constraint', 'ALTER TABLE {T:virtualfundholdingsts} ADD CONSTRAINT {N:fk|{t:virtualfundholdingsts}|source_account_holdings_set_uid|{t:accountholdingsset}|uid} FOREIGN KEY (source_account_holdings_set_uid) REFERENCES {T:accountholdingsset}(uid) ON DELETE RESTRICT', NULL),
('0001', 'upgrade', 203, 'add_constraint', 'ALTER TABLE {T:virtualfundholdingsts} ADD CONSTRAINT {N:fk|{t:virtualfundholdingsts}|virtual_fund_uid|{t:virtualfund}|uid} FOREIGN KEY (virtual_fund_uid) REFERENCES {T:virtualfund}(uid) ON DELETE CASCADE', NULL),
('0001', 'upgrade', 204, 'add_constraint', 'ALTER TABLE {T:virtualfundholdingsts} ADD CONSTRAINT {N:fk|{t:virtualfundholdingsts}|virtual_fund_holdings_set_uid|{t:virtualfundholdingsset}|uid} FOREIGN KEY (virtual_fund_holdings_set_uid) REFERENCES {T:virtualfundholdingsset}(uid) ON DELETE CASCADE', NULL),
('0001', 'downgrade', 1, 'drop_table', 'DROP TABLE {T:virtualfundholdingsts}', 'SELECT EXISTS (SELECT 1 FROM {T:virtualfundholdingsts})'),
('0001', 'downgrade', 2, 'drop_table', 'DROP TABLE {T:targetpositionsts}', 'SELECT EXISTS (SELECT 1 FROM {T:targetpositionsts})'),
('0001', 'downgrade', 3, 'drop_table', 'DROP TABLE {T:virtualfundholdingsset}', 'SELECT EXISTS (SELECT 1 FROM {T:virtualfundholdingsset})'),
('0001', 'downgrade', 4, 'drop_table', 'DROP TABLE {T:positionset}', 'SELECT EXISTS (SELECT 1 FROM {T:positionset})'),
('0001', 'downgrade', 5, 'drop_table', 'DROP TABLE {T:discountcurvests}', 'SELECT EXISTS (SELECT 1 FROM {T:discountcurvests})'),
('0001', 'downgrade', 6, 'drop_table', 'DROP TABLE {T:accountholdingsts}', 'SELECT EXISTS (SELECT 1 FROM {T:accountholdingsts})'),
('0001', 'downgrade', 7, 'drop_table', 'DROP TABLE {T:virtualfund}', 'SELECT EXISTS (SELECT 1 FROM {T:virtualfund})'),
('0001', 'downgrade', 8, 'drop_table', 'DROP TABLE {T:portfoliosts}', 'SELECT EXISTS (SELECT 1 FROM {T:portfoliosts})'),
('0001', 'downgrade', 9, 'drop_table', 'DROP TABLE {T:ordermanager}', 'SELECT EXISTS (SELECT 1 FROM {T:ordermanager})'),
('0001', 'downgrade', 10, 'drop_table', 'DROP TABLE {T:curve}', 'SELECT EXISTS (SELECT 1 FROM {T:curve})'),
('0001', 'downgrade', 11, 'drop_table', 'DROP TABLE {T:accounttargetallocation}', 'SELECT EXISTS (SELECT 1 FROM {T:accounttargetallocation})'),
('0001', 'downgrade', 12, 'drop_table', 'DROP TABLE {T:accountholdingsset}', 'SELECT EXISTS (SELECT 1 FROM {T:accountholdingsset})'),
('0001', 'downgrade', 13, 'drop_table', 'DROP TABLE {T:signalweightsts}', 'SELECT EXISTS (SELECT 1 FROM {T:signalweightsts})'),
('0001', 'downgrade', 14, 'drop_table', 'DROP TABLE {T:pricingmarketdatasetbinding}', 'SELECT EXISTS (SELECT 1 FROM {T:pricingmarketdatasetbinding})'),
('0001', 'downgrade', 15, 'drop_table', 'DROP TABLE {T:portfolio}', 'SELECT EXISTS (SELECT 1 FROM {T:portfolio})'),
('0001', 'downgrade', 16, 'drop_table', 'DROP TABLE {T:openfigiassetdetails}', 'SELECT EXISTS (SELECT 1 FROM {T:openfigiassetdetails})'),
('0001', 'downgrade', 17, 'drop_table', 'DROP TABLE {T:interpolatedpricests}', 'SELECT EXISTS (SELECT 1 FROM {T:interpolatedpricests})'),
('0001', 'downgrade', 18, 'drop_table', 'DROP TABLE {T:indexfixingsts}', 'SELECT EXISTS (SELECT 1 FROM {T:indexfixingsts})'),
('0001', 'downgrade', 19, 'drop_table', 'DROP TABLE {T:indexconventiondetails}', 'SELECT EXISTS (SELECT 1 FROM {T:indexconventiondetails})'),
('0001', 'downgrade', 20, 'drop_table', 'DROP TABLE {T:futureassetdetails}', 'SELECT EXISTS (SELECT 1 FROM {T:futureassetdetails})'),
('0001', 'downgrade', 21, 'drop_table', 'DROP TABLE {T:externalpricests}', 'SELECT EXISTS (SELECT 1 FROM {T:externalpricests})'),
('0001', 'downgrade', 22, 'drop_table', 'DROP TABLE {T:currencyspotassetdetails}', 'SELECT EXISTS (SELECT 1 FROM {T:currencyspotassetdetails})'),
('0001', 'downgrade', 23, 'drop_table', 'DROP TABLE {T:calendarsession}', 'SELECT EXISTS (SELECT 1 FROM {T:calendarsession})'),
('0001', 'downgrade', 24, 'drop_table', 'DROP TABLE {T:calendarevent}', 'SELECT EXISTS (SELECT 1 FROM {T:calendarevent})'),
('0001', 'downgrade', 25, 'drop_table', 'DROP TABLE {T:calendardate}', 'SELECT EXISTS (SELECT 1 FROM {T:calendardate})'),
('0001', 'downgrade', 26, 'drop_table', 'DROP TABLE {T:bondassetdetails}', 'SELECT EXISTS (SELECT 1 FROM {T:bondassetdetails})'),
('0001', 'downgrade', 27, 'drop_table', 'DROP TABLE {T:assetsnapshotsts}', 'SELECT EXISTS (SELECT 1 FROM {T:assetsnapshotsts})'),
('0001', 'downgrade', 28, 'drop_table', 'DROP TABLE {T:assetpricingdetailsts}', 'SELECT EXISTS (SELECT 1 FROM {T:assetpricingdetailsts})'),
('0001', 'downgrade', 29, 'drop_table', 'DROP TABLE {T:assetcurrentpricingdetails}', 'SELECT EXISTS (SELECT 1 FROM {T:assetcurrentpricingdetails})'),
('0001', 'downgrade', 30, 'drop_table', 'DROP TABLE {T:assetcategorymembership}', 'SELECT EXISTS (SELECT 1 FROM {T:assetcategorymembership})'),
('0001', 'downgrade', 31, 'drop_table', 'DROP TABLE {T:account}', 'SELECT EXISTS (SELECT 1 FROM {T:account})'),
('0001', 'downgrade', 32, 'drop_table', 'DROP TABLE {T:tradests}', 'SELECT EXISTS (SELECT 1 FROM {T:tradests})'),
('0001', 'downgrade', 33, 'drop_table', 'DROP TABLE {T:signalmetadata}', 'SELECT EXISTS (SELECT 1 FROM {T:signalmetadata})'),
('0001', 'downgrade', 34, 'drop_table', 'DROP TABLE {T:rebalancestrategymetadata}', 'SELECT EXISTS (SELECT 1 FROM {T:rebalancestrategymetadata})'),
('0001', 'downgrade', 35, 'drop_table', 'DROP TABLE {T:pricingmarketdataset}', 'SELECT EXISTS (SELECT 1 FROM {T:pricingmarketdataset})'),
('0001', 'downgrade', 36, 'drop_table', 'DROP TABLE {T:portfolioweightsts}', 'SELECT EXISTS (SELECT 1 FROM {T:portfolioweightsts})'),
('0001', 'downgrade', 37, 'drop_table', 'DROP TABLE {T:portfoliometadata}', 'SELECT EXISTS (SELECT 1 FROM {T:portfoliometadata})'),
('0001', 'downgrade', 38, 'drop_table', 'DROP TABLE {T:ordersts}', 'SELECT EXISTS (SELECT 1 FROM {T:ordersts})'),
('0001', 'downgrade', 39, 'drop_table', 'DROP TABLE {T:ordereventsts}', 'SELECT EXISTS (SELECT 1 FROM {T:ordereventsts})'),
('0001', 'downgrade', 40, 'drop_table', 'DROP TABLE {T:issuer}', 'SELECT EXISTS (SELECT 1 FROM {T:issuer})'),
('0001', 'downgrade', 41, 'drop_table', 'DROP TABLE {T:indextype}', 'SELECT EXISTS (SELECT 1 FROM {T:indextype})'),
('0001', 'downgrade', 42, 'drop_table', 'DROP TABLE {T:index}', 'SELECT EXISTS (SELECT 1 FROM {T:index})'),
('0001', 'downgrade', 43, 'drop_table', 'DROP TABLE {T:calendar}', 'SELECT EXISTS (SELECT 1 FROM {T:calendar})'),
('0001', 'downgrade', 44, 'drop_table', 'DROP TABLE {T:assettype}', 'SELECT EXISTS (SELECT 1 FROM {T:assettype})'),
('0001', 'downgrade', 45, 'drop_table', 'DROP TABLE {T:assetcategory}', 'SELECT EXISTS (SELECT 1 FROM {T:assetcategory})'),
('0001', 'downgrade', 46, 'drop_table', 'DROP TABLE {T:asset}', 'SELECT EXISTS (SELECT 1 FROM {T:asset})'),
('0001', 'downgrade', 47, 'drop_table', 'DROP TABLE {T:accountgroup}', 'SELECT EXISTS (SELECT 1 FROM {T:accountgroup})'),
('0001', 'downgrade', 48, 'drop_table', 'DROP TABLE {T:accountallocationmodel}', 'SELECT EXISTS (SELECT 1 FROM {T:accountallocationmodel})'),
('0002', 'upgrade', 1, 'drop_column', 'ALTER TABLE {T:ordersts} DROP COLUMN fund_identifier', 'SELECT EXISTS (SELECT 1 FROM {T:ordersts} WHERE fund_identifier IS NOT NULL)'),
('0002', 'upgrade', 2, 'drop_column', 'ALTER TABLE {T:tradests} DROP COLUMN fund_identifier', 'SELECT EXISTS (SELECT 1 FROM {T:tradests} WHERE fund_identifier IS NOT NULL)'),
('0002', 'upgrade', 3, 'add_constraint', 'ALTER TABLE {T:ordersts} ADD CONSTRAINT {N:fk|{t:ordersts}|account_identifier|{t:account}|unique_identifier} FOREIGN KEY (account_identifier) REFERENCES {T:account}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 4, 'add_constraint', 'ALTER TABLE {T:ordersts} ADD CONSTRAINT {N:fk|{t:ordersts}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 5, 'add_constraint', 'ALTER TABLE {T:ordersts} ADD CONSTRAINT {N:fk|{t:ordersts}|order_manager_identifier|{t:ordermanager}|unique_identifier} FOREIGN KEY (order_manager_identifier) REFERENCES {T:ordermanager}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 6, 'add_constraint', 'ALTER TABLE {T:portfolioweightsts} ADD CONSTRAINT {N:fk|{t:portfolioweightsts}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 7, 'add_constraint', 'ALTER TABLE {T:portfolioweightsts} ADD CONSTRAINT {N:fk|{t:portfolioweightsts}|portfolio_identifier|{t:portfolio}|unique_identifier} FOREIGN KEY (portfolio_identifier) REFERENCES {T:portfolio}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 8, 'add_constraint', 'ALTER TABLE {T:signalweightsts} ADD CONSTRAINT {N:fk|{t:signalweightsts}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 9, 'add_constraint', 'ALTER TABLE {T:tradests} ADD CONSTRAINT {N:fk|{t:tradests}|account_identifier|{t:account}|unique_identifier} FOREIGN KEY (account_identifier) REFERENCES {T:account}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 10, 'add_constraint', 'ALTER TABLE {T:tradests} ADD CONSTRAINT {N:fk|{t:tradests}|asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 11, 'add_constraint', 'ALTER TABLE {T:tradests} ADD CONSTRAINT {N:fk|{t:tradests}|commission_asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (commission_asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'upgrade', 12, 'add_constraint', 'ALTER TABLE {T:tradests} ADD CONSTRAINT {N:fk|{t:tradests}|settlement_asset_identifier|{t:asset}|unique_identifier} FOREIGN KEY (settlement_asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', NULL),
('0002', 'downgrade', 1, 'drop_constraint', 'ALTER TABLE {T:ordersts} DROP CONSTRAINT {N:fk|{t:ordersts}|account_identifier|{t:account}|unique_identifier}', NULL),
('0002', 'downgrade', 2, 'drop_constraint', 'ALTER TABLE {T:ordersts} DROP CONSTRAINT {N:fk|{t:ordersts}|asset_identifier|{t:asset}|unique_identifier}', NULL),
('0002', 'downgrade', 3, 'drop_constraint', 'ALTER TABLE {T:ordersts} DROP CONSTRAINT {N:fk|{t:ordersts}|order_manager_identifier|{t:ordermanager}|unique_identifier}', NULL),
('0002', 'downgrade', 4, 'drop_constraint', 'ALTER TABLE {T:portfolioweightsts} DROP CONSTRAINT {N:fk|{t:portfolioweightsts}|asset_identifier|{t:asset}|unique_identifier}', NULL),
('0002', 'downgrade', 5, 'drop_constraint', 'ALTER TABLE {T:portfolioweightsts} DROP CONSTRAINT {N:fk|{t:portfolioweightsts}|portfolio_identifier|{t:portfolio}|unique_identifier}', NULL),
('0002', 'downgrade', 6, 'drop_constraint', 'ALTER TABLE {T:signalweightsts} DROP CONSTRAINT {N:fk|{t:signalweightsts}|asset_identifier|{t:asset}|unique_identifier}', NULL),
('0002', 'downgrade', 7, 'drop_constraint', 'ALTER TABLE {T:tradests} DROP CONSTRAINT {N:fk|{t:tradests}|account_identifier|{t:account}|unique_identifier}', NULL),
('0002', 'downgrade', 8, 'drop_constraint', 'ALTER TABLE {T:tradests} DROP CONSTRAINT {N:fk|{t:tradests}|asset_identifier|{t:asset}|unique_identifier}', NULL),
('0002', 'downgrade', 9, 'drop_constraint', 'ALTER TABLE {T:tradests} DROP CONSTRAINT {N:fk|{t:tradests}|commission_asset_identifier|{t:asset}|unique_identifier}', NULL),
('0002', 'downgrade', 10, 'drop_constraint', 'ALTER TABLE {T:tradests} DROP CONSTRAINT {N:fk|{t:tradests}|settlement_asset_identifier|{t:asset}|unique_identifier}', NULL),
('0002', 'downgrade', 11, 'add_column', 'ALTER TABLE {T:ordersts} ADD COLUMN fund_identifier character varying', NULL),
('0002', 'downgrade', 12, 'add_column', 'ALTER TABLE {T:tradests} ADD COLUMN fund_identifier character varying', NULL),
('0003', 'upgrade', 1, 'drop_constraint', 'ALTER TABLE {T:portfolio} DROP CONSTRAINT {N:fk|{t:portfolio}|calendar_uid|{t:calendar}|uid}', NULL),
('0003', 'upgrade', 2, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:portfolio}|calendar_name}', NULL),
('0003', 'upgrade', 3, 'data', 'SELECT msm._backfill_portfolio_calendar(''{T:portfolio}'', ''{T:calendar}'')', NULL),
('0003', 'upgrade', 4, 'alter_column', 'ALTER TABLE {T:portfolio} ALTER COLUMN calendar_uid SET NOT NULL', NULL),
('0003', 'upgrade', 5, 'drop_column', 'ALTER TABLE {T:portfolio} DROP COLUMN calendar_name', 'SELECT EXISTS (SELECT 1 FROM {T:portfolio} WHERE calendar_name IS NOT NULL)'),
('0003', 'upgrade', 6, 'add_constraint', 'ALTER TABLE {T:portfolio} ADD CONSTRAINT {N:fk|{t:portfolio}|calendar_uid|{t:calendar}|uid} FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE RESTRICT', NULL),
('0003', 'downgrade', 1, 'drop_constraint', 'ALTER TABLE {T:portfolio} DROP CONSTRAINT {N:fk|{t:portfolio}|calendar_uid|{t:calendar}|uid}', NULL),
('0003', 'downgrade', 2, 'add_column', 'ALTER TABLE {T:portfolio} ADD COLUMN calendar_name character varying(255)', NULL),
('0003', 'downgrade', 3, 'data', 'UPDATE {T:portfolio} p SET calendar_name = c.unique_identifier FROM {T:calendar} c WHERE c.uid = p.calendar_uid AND p.calendar_uid IS NOT NULL', NULL),
('0003', 'downgrade', 4, 'alter_column', 'ALTER TABLE {T:portfolio} ALTER COLUMN calendar_uid DROP NOT NULL', NULL),
('0003', 'downgrade', 5, 'create_index', 'CREATE INDEX {N:ix|{t:portfolio}|calendar_name} ON {T:portfolio} USING btree (calendar_name)', NULL),
('0003', 'downgrade', 6, 'add_constraint', 'ALTER TABLE {T:portfolio} ADD CONSTRAINT {N:fk|{t:portfolio}|calendar_uid|{t:calendar}|uid} FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE SET NULL', NULL),
('0004', 'upgrade', 1, 'add_column', 'ALTER TABLE {T:portfolio} ADD COLUMN signal_uid character varying(255)', NULL),
('0004', 'upgrade', 2, 'create_index', 'CREATE INDEX {N:ix|{t:portfolio}|signal_uid} ON {T:portfolio} USING btree (signal_uid)', NULL),
('0004', 'upgrade', 3, 'add_constraint', 'ALTER TABLE {T:portfolio} ADD CONSTRAINT {S:fk__{t:portfolio}__signal_uid__{t:signalmetadata}} FOREIGN KEY (signal_uid) REFERENCES {T:signalmetadata}(signal_uid) ON DELETE RESTRICT', NULL),
('0004', 'downgrade', 1, 'drop_constraint', 'ALTER TABLE {T:portfolio} DROP CONSTRAINT {S:fk__{t:portfolio}__signal_uid__{t:signalmetadata}}', NULL),
('0004', 'downgrade', 2, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:portfolio}|signal_uid}', NULL),
('0004', 'downgrade', 3, 'drop_column', 'ALTER TABLE {T:portfolio} DROP COLUMN signal_uid', 'SELECT EXISTS (SELECT 1 FROM {T:portfolio} WHERE signal_uid IS NOT NULL)'),
('0005', 'upgrade', 1, 'drop_constraint', 'ALTER TABLE {T:portfolio} DROP CONSTRAINT {S:fk__{t:portfolio}__signal_uid__{t:signalmetadata}}', NULL),
('0005', 'upgrade', 2, 'add_constraint', 'ALTER TABLE {T:portfolio} ADD CONSTRAINT {N:fk|{t:portfolio}|signal_uid|signalmetadata} FOREIGN KEY (signal_uid) REFERENCES {T:signalmetadata}(signal_uid) ON DELETE RESTRICT', NULL),
('0005', 'downgrade', 1, 'drop_constraint', 'ALTER TABLE {T:portfolio} DROP CONSTRAINT {N:fk|{t:portfolio}|signal_uid|signalmetadata}', NULL),
('0005', 'downgrade', 2, 'add_constraint', 'ALTER TABLE {T:portfolio} ADD CONSTRAINT {S:fk__{t:portfolio}__signal_uid__{t:signalmetadata}} FOREIGN KEY (signal_uid) REFERENCES {T:signalmetadata}(signal_uid) ON DELETE RESTRICT', NULL),
('0006', 'upgrade', 1, 'create_table', 'CREATE TABLE {T:portfoliogroup} (uid uuid NOT NULL, unique_identifier character varying(255) NOT NULL, display_name character varying(255) NOT NULL, description text, metadata_json json, CONSTRAINT {N:pk|{t:portfoliogroup}} PRIMARY KEY (uid))', NULL),
('0006', 'upgrade', 2, 'create_table', 'CREATE TABLE {T:portfoliogroupmembership} (uid uuid NOT NULL, portfolio_group_uid uuid NOT NULL, portfolio_uid uuid NOT NULL, CONSTRAINT {N:pk|{t:portfoliogroupmembership}} PRIMARY KEY (uid))', NULL),
('0006', 'upgrade', 3, 'create_index', 'CREATE INDEX {N:ix|{t:portfoliogroup}|display_name} ON {T:portfoliogroup} USING btree (display_name)', NULL),
('0006', 'upgrade', 4, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:portfoliogroup}|unique_identifier} ON {T:portfoliogroup} USING btree (unique_identifier)', NULL),
('0006', 'upgrade', 5, 'create_index', 'CREATE INDEX {N:ix|{t:portfoliogroupmembership}|portfolio_group_uid} ON {T:portfoliogroupmembership} USING btree (portfolio_group_uid)', NULL),
('0006', 'upgrade', 6, 'create_index', 'CREATE INDEX {N:ix|{t:portfoliogroupmembership}|portfolio_uid} ON {T:portfoliogroupmembership} USING btree (portfolio_uid)', NULL),
('0006', 'upgrade', 7, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:portfoliogroupmembership}|portfolio_group_uid|portfolio_uid} ON {T:portfoliogroupmembership} USING btree (portfolio_group_uid, portfolio_uid)', NULL),
('0006', 'upgrade', 8, 'add_constraint', 'ALTER TABLE {T:portfoliogroupmembership} ADD CONSTRAINT {N:fk|{t:portfoliogroupmembership}|portfolio_group_uid|{t:portfoliogroup}|uid} FOREIGN KEY (portfolio_group_uid) REFERENCES {T:portfoliogroup}(uid) ON DELETE CASCADE', NULL),
('0006', 'upgrade', 9, 'add_constraint', 'ALTER TABLE {T:portfoliogroupmembership} ADD CONSTRAINT {N:fk|{t:portfoliogroupmembership}|portfolio_uid|{t:portfolio}|uid} FOREIGN KEY (portfolio_uid) REFERENCES {T:portfolio}(uid) ON DELETE CASCADE', NULL),
('0006', 'downgrade', 1, 'drop_table', 'DROP TABLE {T:portfoliogroupmembership}', 'SELECT EXISTS (SELECT 1 FROM {T:portfoliogroupmembership})'),
('0006', 'downgrade', 2, 'drop_table', 'DROP TABLE {T:portfoliogroup}', 'SELECT EXISTS (SELECT 1 FROM {T:portfoliogroup})'),
('0007', 'upgrade', 1, 'drop_constraint', 'ALTER TABLE {T:curve} DROP CONSTRAINT {N:fk|{t:curve}|index_uid|{t:indexconventiondetails}|index_uid}', NULL),
('0007', 'upgrade', 2, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:curve}|index_uid}', NULL),
('0007', 'upgrade', 3, 'create_table', 'CREATE TABLE {T:curvebuildingdetails} (curve_uid uuid NOT NULL, builder_type character varying(64) NOT NULL, quote_convention character varying(64) NOT NULL, rate_unit character varying(32) NOT NULL, day_counter_code character varying(64) NOT NULL, calendar_code character varying(64) NOT NULL, interpolation_method character varying(64) NOT NULL, compounding character varying(64) NOT NULL, compounding_frequency character varying(64), extrapolation_policy character varying(64) NOT NULL, bootstrap_method character varying(64), builder_payload json, source character varying(255), metadata json, CONSTRAINT {N:pk|{t:curvebuildingdetails}} PRIMARY KEY (curve_uid))', NULL),
('0007', 'upgrade', 4, 'create_table', 'CREATE TABLE {T:pricingmarketdatasetcurvebinding} (uid uuid NOT NULL, market_data_set_uid uuid NOT NULL, binding_key character varying(255) NOT NULL, role_key character varying(64) NOT NULL, selector_type character varying(64) NOT NULL, selector_key character varying(255) NOT NULL, quote_side character varying(32), curve_uid uuid NOT NULL, source character varying(255), priority integer NOT NULL, status character varying(32) NOT NULL, metadata json, CONSTRAINT {N:pk|{t:pricingmarketdatasetcurvebinding}} PRIMARY KEY (uid))', NULL),
('0007', 'upgrade', 5, 'add_column', 'ALTER TABLE {T:curve} ADD COLUMN currency_code character varying(16)', NULL),
('0007', 'upgrade', 6, 'add_column', 'ALTER TABLE {T:curve} ADD COLUMN quote_side character varying(32)', NULL),
('0007', 'upgrade', 7, 'add_column', 'ALTER TABLE {T:curve} ADD COLUMN status character varying(32) DEFAULT ''ACTIVE'' NOT NULL', NULL),
('0007', 'upgrade', 8, 'alter_column', 'ALTER TABLE {T:curve} ALTER COLUMN status DROP DEFAULT', NULL),
('0007', 'upgrade', 9, 'drop_column', 'ALTER TABLE {T:curve} DROP COLUMN index_uid', 'SELECT EXISTS (SELECT 1 FROM {T:curve} WHERE index_uid IS NOT NULL)'),
('0007', 'upgrade', 10, 'create_index', 'CREATE INDEX {N:ix|{t:curve}|currency_code} ON {T:curve} USING btree (currency_code)', NULL),
('0007', 'upgrade', 11, 'create_index', 'CREATE INDEX {N:ix|{t:curve}|quote_side} ON {T:curve} USING btree (quote_side)', NULL),
('0007', 'upgrade', 12, 'create_index', 'CREATE INDEX {N:ix|{t:curve}|status} ON {T:curve} USING btree (status)', NULL),
('0007', 'upgrade', 13, 'create_index', 'CREATE INDEX {N:ix|{t:curvebuildingdetails}|builder_type} ON {T:curvebuildingdetails} USING btree (builder_type)', NULL),
('0007', 'upgrade', 14, 'create_index', 'CREATE INDEX {N:ix|{t:curvebuildingdetails}|quote_convention} ON {T:curvebuildingdetails} USING btree (quote_convention)', NULL),
('0007', 'upgrade', 15, 'create_index', 'CREATE INDEX {N:ix|{t:curvebuildingdetails}|source} ON {T:curvebuildingdetails} USING btree (source)', NULL),
('0007', 'upgrade', 16, 'create_index', 'CREATE INDEX {N:ix|{t:pricingmarketdatasetcurvebinding}|curve_uid} ON {T:pricingmarketdatasetcurvebinding} USING btree (curve_uid)', NULL),
('0007', 'upgrade', 17, 'create_index', 'CREATE INDEX {N:ix|{t:pricingmarketdatasetcurvebinding}|quote_side} ON {T:pricingmarketdatasetcurvebinding} USING btree (quote_side)', NULL),
('0007', 'upgrade', 18, 'create_index', 'CREATE INDEX {N:ix|{t:pricingmarketdatasetcurvebinding}|role_key} ON {T:pricingmarketdatasetcurvebinding} USING btree (role_key)', NULL),
('0007', 'upgrade', 19, 'create_index', 'CREATE INDEX {N:ix|{t:pricingmarketdatasetcurvebinding}|selector_type|selector_key} ON {T:pricingmarketdatasetcurvebinding} USING btree (selector_type, selector_key)', NULL),
('0007', 'upgrade', 20, 'create_index', 'CREATE INDEX {N:ix|{t:pricingmarketdatasetcurvebinding}|status} ON {T:pricingmarketdatasetcurvebinding} USING btree (status)', NULL),
('0007', 'upgrade', 21, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:pricingmarketdatasetcurvebinding}|market_data_set_uid|binding_key} ON {T:pricingmarketdatasetcurvebinding} USING btree (market_data_set_uid, binding_key)', NULL),
('0007', 'upgrade', 22, 'add_constraint', 'ALTER TABLE {T:curvebuildingdetails} ADD CONSTRAINT {N:fk|{t:curvebuildingdetails}|curve_uid|{t:curve}|uid} FOREIGN KEY (curve_uid) REFERENCES {T:curve}(uid) ON DELETE CASCADE', NULL),
('0007', 'upgrade', 23, 'add_constraint', 'ALTER TABLE {T:pricingmarketdatasetcurvebinding} ADD CONSTRAINT {N:fk|{t:pricingmarketdatasetcurvebinding}|curve_uid|{t:curve}|uid} FOREIGN KEY (curve_uid) REFERENCES {T:curve}(uid) ON DELETE RESTRICT', NULL),
('0007', 'upgrade', 24, 'add_constraint', 'ALTER TABLE {T:pricingmarketdatasetcurvebinding} ADD CONSTRAINT {N:fk|{t:pricingmarketdatasetcurvebinding}|market_data_set_uid|{t:pricingmarketdataset}|uid} FOREIGN KEY (market_data_set_uid) REFERENCES {T:pricingmarketdataset}(uid) ON DELETE CASCADE', NULL),
('0007', 'downgrade', 1, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:curve}|currency_code}', NULL),
('0007', 'downgrade', 2, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:curve}|quote_side}', NULL),
('0007', 'downgrade', 3, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:curve}|status}', NULL),
('0007', 'downgrade', 4, 'drop_table', 'DROP TABLE {T:pricingmarketdatasetcurvebinding}', 'SELECT EXISTS (SELECT 1 FROM {T:pricingmarketdatasetcurvebinding})'),
('0007', 'downgrade', 5, 'drop_table', 'DROP TABLE {T:curvebuildingdetails}', 'SELECT EXISTS (SELECT 1 FROM {T:curvebuildingdetails})'),
('0007', 'downgrade', 6, 'add_column', 'ALTER TABLE {T:curve} ADD COLUMN index_uid uuid', NULL),
('0007', 'downgrade', 7, 'drop_column', 'ALTER TABLE {T:curve} DROP COLUMN currency_code', 'SELECT EXISTS (SELECT 1 FROM {T:curve} WHERE currency_code IS NOT NULL)'),
('0007', 'downgrade', 8, 'drop_column', 'ALTER TABLE {T:curve} DROP COLUMN quote_side', 'SELECT EXISTS (SELECT 1 FROM {T:curve} WHERE quote_side IS NOT NULL)'),
('0007', 'downgrade', 9, 'drop_column', 'ALTER TABLE {T:curve} DROP COLUMN status', 'SELECT EXISTS (SELECT 1 FROM {T:curve} WHERE status IS NOT NULL)'),
('0007', 'downgrade', 10, 'create_index', 'CREATE INDEX {N:ix|{t:curve}|index_uid} ON {T:curve} USING btree (index_uid)', NULL),
('0007', 'downgrade', 11, 'add_constraint', 'ALTER TABLE {T:curve} ADD CONSTRAINT {N:fk|{t:curve}|index_uid|{t:indexconventiondetails}|index_uid} FOREIGN KEY (index_uid) REFERENCES {T:indexconventiondetails}(index_uid) ON DELETE RESTRICT', NULL),
('0008', 'upgrade', 1, 'add_column', 'ALTER TABLE {T:discountcurvests} ADD COLUMN key_nodes jsonb', NULL),
('0008', 'upgrade', 2, 'add_column', 'ALTER TABLE {T:discountcurvests} ADD COLUMN metadata_json jsonb', NULL),
('0008', 'downgrade', 1, 'drop_column', 'ALTER TABLE {T:discountcurvests} DROP COLUMN key_nodes', 'SELECT EXISTS (SELECT 1 FROM {T:discountcurvests} WHERE key_nodes IS NOT NULL)'),
('0008', 'downgrade', 2, 'drop_column', 'ALTER TABLE {T:discountcurvests} DROP COLUMN metadata_json', 'SELECT EXISTS (SELECT 1 FROM {T:discountcurvests} WHERE metadata_json IS NOT NULL)'),
('0009', 'upgrade', 1, 'data', 'DO $msm$ BEGIN IF EXISTS (SELECT 1 FROM {T:discountcurvests} WHERE curve IS NULL) THEN RAISE EXCEPTION USING ERRCODE = ''object_not_in_prerequisite_state'', MESSAGE = ''discount curve rows without a curve payload exist'', HINT = ''Fill or delete the rows of the discount curves table whose curve is NULL, then migrate again.''; END IF; END $msm$', NULL),
('0009', 'upgrade', 2, 'alter_column', 'ALTER TABLE {T:discountcurvests} ALTER COLUMN curve SET NOT NULL', NULL),
('0009', 'downgrade', 1, 'alter_column', 'ALTER TABLE {T:discountcurvests} ALTER COLUMN curve DROP NOT NULL', NULL),
('0010', 'upgrade', 1, 'data', 'UPDATE {T:discountcurvests} SET key_nodes = to_jsonb(msm._key_nodes_encode(key_nodes)) WHERE key_nodes IS NOT NULL', NULL),
('0010', 'upgrade', 2, 'alter_column', 'ALTER TABLE {T:discountcurvests} ALTER COLUMN key_nodes TYPE text USING CASE WHEN key_nodes IS NULL THEN NULL WHEN jsonb_typeof(key_nodes) = ''string'' THEN key_nodes #>> ''{}'' ELSE key_nodes::text END', NULL),
('0010', 'downgrade', 1, 'data', 'UPDATE {T:discountcurvests} SET key_nodes = msm._key_nodes_decode(key_nodes)::text WHERE key_nodes LIKE ''msm\_pricing.key\_nodes.zlib+base64.v1:%''', NULL),
('0010', 'downgrade', 2, 'alter_column', 'ALTER TABLE {T:discountcurvests} ALTER COLUMN key_nodes TYPE jsonb USING key_nodes::jsonb', NULL),
('0011', 'upgrade', 1, 'create_table', 'CREATE TABLE {T:indexcalculationdefinition} (uid uuid NOT NULL, index_uid uuid NOT NULL, definition_version integer NOT NULL, status character varying(32) NOT NULL, effective_from timestamp with time zone NOT NULL, effective_to timestamp with time zone, calculation_kind character varying(64) NOT NULL, calculation_family character varying(64) NOT NULL, calculation_parameters_json json, output_unit character varying(64) NOT NULL, alignment_policy character varying(64) NOT NULL, alignment_parameters_json json, missing_data_policy character varying(64) NOT NULL, missing_data_parameters_json json, composition_mode character varying(32) NOT NULL, rebalance_policy character varying(64), rebalance_parameters_json json, definition_hash character varying(64) NOT NULL, source character varying(255), metadata_json json, CONSTRAINT {N:pk|{t:indexcalculationdefinition}} PRIMARY KEY (uid), CONSTRAINT {N:ck|{t:indexcalculationdefinition}|composition_mode_valid} CHECK ((composition_mode IN (''fixed'', ''rule_selected'', ''rebalanced''))), CONSTRAINT {N:ck|{t:indexcalculationdefinition}|definition_version_positive} CHECK ((definition_version > 0)), CONSTRAINT {N:ck|{t:indexcalculationdefinition}|definition_status_valid} CHECK ((status IN (''draft'', ''active'', ''retired''))), CONSTRAINT {N:ck|{t:indexcalculationdefinition}|effective_interval_valid} CHECK (((effective_to IS NULL) OR (effective_to > effective_from))))', NULL),
('0011', 'upgrade', 2, 'create_table', 'CREATE TABLE {T:indexcalculationleg} (uid uuid NOT NULL, definition_uid uuid NOT NULL, leg_key character varying(64) NOT NULL, leg_order integer NOT NULL, leg_role character varying(64), component_kind character varying(32) NOT NULL, asset_uid uuid, component_index_uid uuid, selector_code character varying(64), selector_parameters_json json, observable_code character varying(64) NOT NULL, input_unit character varying(64) NOT NULL, transform_code character varying(64) NOT NULL, transform_parameters_json json, coefficient_method character varying(64) NOT NULL, coefficient double precision, coefficient_parameters_json json, metadata_json json, CONSTRAINT {N:pk|{t:indexcalculationleg}} PRIMARY KEY (uid), CONSTRAINT {N:ck|{t:indexcalculationleg}|coefficient_contract_valid} CHECK (((((coefficient_method)::text = ''fixed''::text) AND (coefficient IS NOT NULL)) OR (((coefficient_method)::text <> ''fixed''::text) AND (coefficient IS NULL)))), CONSTRAINT {N:ck|{t:indexcalculationleg}|component_source_exclusive} CHECK (((( CASE WHEN (asset_uid IS NOT NULL) THEN 1 ELSE 0 END + CASE WHEN (component_index_uid IS NOT NULL) THEN 1 ELSE 0 END) + CASE WHEN (selector_code IS NOT NULL) THEN 1 ELSE 0 END) = 1)), CONSTRAINT {N:ck|{t:indexcalculationleg}|leg_order_nonnegative} CHECK ((leg_order >= 0)))', NULL),
('0011', 'upgrade', 3, 'create_table', 'CREATE TABLE {T:indexresolvedlegsts} (time_index timestamp with time zone NOT NULL, index_identifier character varying(255) NOT NULL, definition_uid uuid NOT NULL, leg_key character varying(64) NOT NULL, resolved_component_key character varying(255) NOT NULL, component_kind character varying(32) NOT NULL, resolved_coefficient double precision NOT NULL, coefficient_method character varying(64) NOT NULL, observable_code character varying(64) NOT NULL, source_observation_time timestamp with time zone, resolution_status character varying(32) NOT NULL, metadata_json json, CONSTRAINT {N:ck|{t:indexresolvedlegsts}|resolved_component_kind_valid} CHECK ((component_kind IN (''asset'', ''index''))))', NULL),
('0011', 'upgrade', 4, 'create_table', 'CREATE TABLE {T:indexvaluests} (time_index timestamp with time zone NOT NULL, index_identifier character varying(255) NOT NULL, value double precision NOT NULL, unit character varying(64) NOT NULL, definition_uid uuid NOT NULL, calculation_status character varying(32) NOT NULL, source_as_of timestamp with time zone, metadata_json json)', NULL),
('0011', 'upgrade', 5, 'create_index', 'CREATE INDEX {N:ix|{t:indexcalculationdefinition}|calculation_family} ON {T:indexcalculationdefinition} USING btree (calculation_family)', NULL),
('0011', 'upgrade', 6, 'create_index', 'CREATE INDEX {N:ix|{t:indexcalculationdefinition}|effective_from} ON {T:indexcalculationdefinition} USING btree (effective_from)', NULL),
('0011', 'upgrade', 7, 'create_index', 'CREATE INDEX {N:ix|{t:indexcalculationdefinition}|index_uid} ON {T:indexcalculationdefinition} USING btree (index_uid)', NULL),
('0011', 'upgrade', 8, 'create_index', 'CREATE INDEX {N:ix|{t:indexcalculationdefinition}|status} ON {T:indexcalculationdefinition} USING btree (status)', NULL),
('0011', 'upgrade', 9, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexcalculationdefinition}|index_uid|definition_hash} ON {T:indexcalculationdefinition} USING btree (index_uid, definition_hash)', NULL),
('0011', 'upgrade', 10, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexcalculationdefinition}|index_uid|definition_version} ON {T:indexcalculationdefinition} USING btree (index_uid, definition_version)', NULL),
('0011', 'upgrade', 11, 'create_index', 'CREATE INDEX {N:ix|{t:indexcalculationleg}|asset_uid} ON {T:indexcalculationleg} USING btree (asset_uid)', NULL),
('0011', 'upgrade', 12, 'create_index', 'CREATE INDEX {N:ix|{t:indexcalculationleg}|component_index_uid} ON {T:indexcalculationleg} USING btree (component_index_uid)', NULL),
('0011', 'upgrade', 13, 'create_index', 'CREATE INDEX {N:ix|{t:indexcalculationleg}|selector_code} ON {T:indexcalculationleg} USING btree (selector_code)', NULL),
('0011', 'upgrade', 14, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexcalculationleg}|definition_uid|leg_key} ON {T:indexcalculationleg} USING btree (definition_uid, leg_key)', NULL),
('0011', 'upgrade', 15, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexcalculationleg}|definition_uid|leg_order} ON {T:indexcalculationleg} USING btree (definition_uid, leg_order)', NULL),
('0011', 'upgrade', 16, 'create_index', 'CREATE INDEX {N:ix|{t:indexresolvedlegsts}|definition_uid} ON {T:indexresolvedlegsts} USING btree (definition_uid)', NULL),
('0011', 'upgrade', 17, 'create_index', 'CREATE INDEX {N:ix|{t:indexresolvedlegsts}|resolution_status} ON {T:indexresolvedlegsts} USING btree (resolution_status)', NULL),
('0011', 'upgrade', 18, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexresolvedlegsts}|time_index|index_identifier|leg_key|resolved_component_key} ON {T:indexresolvedlegsts} USING btree (time_index, index_identifier, leg_key, resolved_component_key)', NULL),
('0011', 'upgrade', 19, 'create_index', 'CREATE INDEX {N:ix|{t:indexvaluests}|calculation_status} ON {T:indexvaluests} USING btree (calculation_status)', NULL),
('0011', 'upgrade', 20, 'create_index', 'CREATE INDEX {N:ix|{t:indexvaluests}|definition_uid} ON {T:indexvaluests} USING btree (definition_uid)', NULL),
('0011', 'upgrade', 21, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexvaluests}|time_index|index_identifier} ON {T:indexvaluests} USING btree (time_index, index_identifier)', NULL),
('0011', 'upgrade', 22, 'add_constraint', 'ALTER TABLE {T:indexcalculationdefinition} ADD CONSTRAINT {N:fk|{t:indexcalculationdefinition}|index_uid|{t:index}|uid} FOREIGN KEY (index_uid) REFERENCES {T:index}(uid) ON DELETE CASCADE', NULL),
('0011', 'upgrade', 23, 'add_constraint', 'ALTER TABLE {T:indexcalculationleg} ADD CONSTRAINT {N:fk|{t:indexcalculationleg}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', NULL),
('0011', 'upgrade', 24, 'add_constraint', 'ALTER TABLE {T:indexcalculationleg} ADD CONSTRAINT {N:fk|{t:indexcalculationleg}|component_index_uid|{t:index}|uid} FOREIGN KEY (component_index_uid) REFERENCES {T:index}(uid) ON DELETE RESTRICT', NULL),
('0011', 'upgrade', 25, 'add_constraint', 'ALTER TABLE {T:indexcalculationleg} ADD CONSTRAINT {N:fk|{t:indexcalculationleg}|definition_uid|{t:indexcalculationdefinition}|uid} FOREIGN KEY (definition_uid) REFERENCES {T:indexcalculationdefinition}(uid) ON DELETE CASCADE', NULL),
('0011', 'upgrade', 26, 'add_constraint', 'ALTER TABLE {T:indexresolvedlegsts} ADD CONSTRAINT {N:fk|{t:indexresolvedlegsts}|definition_uid|{t:indexcalculationdefinition}|uid} FOREIGN KEY (definition_uid) REFERENCES {T:indexcalculationdefinition}(uid) ON DELETE RESTRICT', NULL),
('0011', 'upgrade', 27, 'add_constraint', 'ALTER TABLE {T:indexresolvedlegsts} ADD CONSTRAINT {N:fk|{t:indexresolvedlegsts}|index_identifier|{t:index}|unique_identifier} FOREIGN KEY (index_identifier) REFERENCES {T:index}(unique_identifier) ON DELETE RESTRICT', NULL),
('0011', 'upgrade', 28, 'add_constraint', 'ALTER TABLE {T:indexvaluests} ADD CONSTRAINT {N:fk|{t:indexvaluests}|definition_uid|{t:indexcalculationdefinition}|uid} FOREIGN KEY (definition_uid) REFERENCES {T:indexcalculationdefinition}(uid) ON DELETE RESTRICT', NULL),
('0011', 'upgrade', 29, 'add_constraint', 'ALTER TABLE {T:indexvaluests} ADD CONSTRAINT {N:fk|{t:indexvaluests}|index_identifier|{t:index}|unique_identifier} FOREIGN KEY (index_identifier) REFERENCES {T:index}(unique_identifier) ON DELETE RESTRICT', NULL),
('0011', 'downgrade', 1, 'drop_table', 'DROP TABLE {T:indexvaluests}', 'SELECT EXISTS (SELECT 1 FROM {T:indexvaluests})'),
('0011', 'downgrade', 2, 'drop_table', 'DROP TABLE {T:indexresolvedlegsts}', 'SELECT EXISTS (SELECT 1 FROM {T:indexresolvedlegsts})'),
('0011', 'downgrade', 3, 'drop_table', 'DROP TABLE {T:indexcalculationleg}', 'SELECT EXISTS (SELECT 1 FROM {T:indexcalculationleg})'),
('0011', 'downgrade', 4, 'drop_table', 'DROP TABLE {T:indexcalculationdefinition}', 'SELECT EXISTS (SELECT 1 FROM {T:indexcalculationdefinition})'),
('0012', 'upgrade', 1, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:indexvaluests}|calculation_status}', NULL),
('0012', 'upgrade', 2, 'rename_column', 'ALTER TABLE {T:indexvaluests} RENAME COLUMN calculation_status TO observation_status', NULL),
('0012', 'upgrade', 3, 'alter_column', 'ALTER TABLE {T:indexvaluests} ALTER COLUMN definition_uid DROP NOT NULL', NULL),
('0012', 'upgrade', 4, 'alter_column', 'ALTER TABLE {T:indexvaluests} ALTER COLUMN observation_status DROP NOT NULL', NULL),
('0012', 'upgrade', 5, 'create_index', 'CREATE INDEX {N:ix|{t:indexvaluests}|observation_status} ON {T:indexvaluests} USING btree (observation_status)', NULL),
('0012', 'downgrade', 1, 'data', 'DO $msm$ BEGIN IF EXISTS (SELECT 1 FROM {T:indexvaluests} WHERE definition_uid IS NULL OR observation_status IS NULL) THEN RAISE EXCEPTION USING ERRCODE = ''object_not_in_prerequisite_state'', MESSAGE = ''index values without a definition or an observation status exist'', HINT = ''Revision 0011 requires both on every index value row: fill or delete those rows, then downgrade again.''; END IF; END $msm$', NULL),
('0012', 'downgrade', 2, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:indexvaluests}|observation_status}', NULL),
('0012', 'downgrade', 3, 'rename_column', 'ALTER TABLE {T:indexvaluests} RENAME COLUMN observation_status TO calculation_status', NULL),
('0012', 'downgrade', 4, 'alter_column', 'ALTER TABLE {T:indexvaluests} ALTER COLUMN definition_uid SET NOT NULL', NULL),
('0012', 'downgrade', 5, 'alter_column', 'ALTER TABLE {T:indexvaluests} ALTER COLUMN calculation_status SET NOT NULL', NULL),
('0012', 'downgrade', 6, 'create_index', 'CREATE INDEX {N:ix|{t:indexvaluests}|calculation_status} ON {T:indexvaluests} USING btree (calculation_status)', NULL),
('0013', 'upgrade', 1, 'data', 'DO $msm$ BEGIN IF EXISTS (SELECT 1 FROM {T:indexcalculationdefinition} WHERE status = ''active'' GROUP BY index_uid HAVING count(*) > 1) THEN RAISE EXCEPTION USING ERRCODE = ''object_not_in_prerequisite_state'', MESSAGE = ''an index has more than one active calculation definition'', HINT = ''Retire all but one active definition per index, then migrate again.''; END IF; END $msm$', NULL),
('0013', 'upgrade', 2, 'create_table', 'CREATE TABLE {T:indexdatasetavailability} (uid uuid NOT NULL, index_uid uuid NOT NULL, meta_table_uid character varying(255) NOT NULL, cadence character varying(32) NOT NULL, population_state character varying(32) NOT NULL, row_count integer, earliest_time_index timestamp with time zone, latest_time_index timestamp with time zone, reconciled_at timestamp with time zone NOT NULL, error_code character varying(128), error_message character varying(1024), CONSTRAINT {N:pk|{t:indexdatasetavailability}} PRIMARY KEY (uid), CONSTRAINT {N:ck|{t:indexdatasetavailability}|dataset_population_state_coherent} CHECK (((((population_state)::text = ''populated''::text) AND (row_count > 0) AND (error_code IS NULL) AND (error_message IS NULL)) OR (((population_state)::text = ''compatible_empty''::text) AND (row_count = 0) AND (earliest_time_index IS NULL) AND (latest_time_index IS NULL) AND (error_code IS NULL) AND (error_message IS NULL)) OR (((population_state)::text = ''unavailable''::text) AND (row_count IS NULL) AND (earliest_time_index IS NULL) AND (latest_time_index IS NULL)))))', NULL),
('0013', 'upgrade', 3, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexcalculationdefinition}|index_uid} ON {T:indexcalculationdefinition} USING btree (index_uid) WHERE ((status)::text = ''active''::text)', NULL),
('0013', 'upgrade', 4, 'create_index', 'CREATE INDEX {N:ix|{t:indexdatasetavailability}|index_uid|population_state|cadence} ON {T:indexdatasetavailability} USING btree (index_uid, population_state, cadence)', NULL),
('0013', 'upgrade', 5, 'create_index', 'CREATE INDEX {N:ix|{t:indexdatasetavailability}|population_state|cadence|index_uid} ON {T:indexdatasetavailability} USING btree (population_state, cadence, index_uid)', NULL),
('0013', 'upgrade', 6, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexdatasetavailability}|index_uid|meta_table_uid} ON {T:indexdatasetavailability} USING btree (index_uid, meta_table_uid)', NULL),
('0013', 'upgrade', 7, 'create_index', 'CREATE INDEX {N:ix|{t:indexvaluests}|index_identifier|time_index} ON {T:indexvaluests} USING btree (index_identifier, time_index)', NULL),
('0013', 'upgrade', 8, 'add_constraint', 'ALTER TABLE {T:indexdatasetavailability} ADD CONSTRAINT {N:fk|{t:indexdatasetavailability}|index_uid|{t:index}|uid} FOREIGN KEY (index_uid) REFERENCES {T:index}(uid) ON DELETE CASCADE', NULL),
('0013', 'downgrade', 1, 'drop_index', 'DROP INDEX {SCHEMA}.{N:uix|{t:indexcalculationdefinition}|index_uid}', NULL),
('0013', 'downgrade', 2, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:indexvaluests}|index_identifier|time_index}', NULL),
('0013', 'downgrade', 3, 'drop_table', 'DROP TABLE {T:indexdatasetavailability}', 'SELECT EXISTS (SELECT 1 FROM {T:indexdatasetavailability})'),
('0014', 'upgrade', 1, 'drop_index', 'DROP INDEX {SCHEMA}.{N:ix|{t:index}|provider}', NULL),
('0014', 'upgrade', 2, 'drop_column', 'ALTER TABLE {T:index} DROP COLUMN provider', 'SELECT EXISTS (SELECT 1 FROM {T:index} WHERE provider IS NOT NULL)'),
('0014', 'downgrade', 1, 'add_column', 'ALTER TABLE {T:index} ADD COLUMN provider character varying(255)', NULL),
('0014', 'downgrade', 2, 'create_index', 'CREATE INDEX {N:ix|{t:index}|provider} ON {T:index} USING btree (provider)', NULL),
('0015', 'upgrade', 1, 'data', 'DO $msm$ BEGIN IF EXISTS (SELECT 1 FROM {T:indexcalculationdefinition}) THEN RAISE EXCEPTION USING ERRCODE = ''object_not_in_prerequisite_state'', MESSAGE = ''legacy index calculation definitions exist'', HINT = ''Revision 0015 replaces them by index formula definitions and cannot convert them: delete the rows of the index calculation definition table, then migrate again.''; END IF; END $msm$', NULL),
('0015', 'upgrade', 2, 'data', 'SELECT msm._index_value_cadence_tables(''{SCHEMA}'', ''{t:index_values}'', ''{t:indexformuladefinition}'', ''detach'')', NULL),
('0015', 'upgrade', 3, 'drop_constraint', 'ALTER TABLE {T:indexvaluests} DROP CONSTRAINT {N:fk|{t:indexvaluests}|definition_uid|{t:indexcalculationdefinition}|uid}', NULL),
('0015', 'upgrade', 4, 'drop_table', 'DROP TABLE {T:indexresolvedlegsts}', 'SELECT EXISTS (SELECT 1 FROM {T:indexresolvedlegsts})'),
('0015', 'upgrade', 5, 'drop_table', 'DROP TABLE {T:indexcalculationleg}', 'SELECT EXISTS (SELECT 1 FROM {T:indexcalculationleg})'),
('0015', 'upgrade', 6, 'drop_table', 'DROP TABLE {T:indexcalculationdefinition}', 'SELECT EXISTS (SELECT 1 FROM {T:indexcalculationdefinition})'),
('0015', 'upgrade', 7, 'create_table', 'CREATE TABLE {T:indexformuladefinition} (uid uuid NOT NULL, index_uid uuid NOT NULL, version integer NOT NULL, status character varying(32) NOT NULL, valid_from timestamp with time zone NOT NULL, valid_to timestamp with time zone, formula text NOT NULL, alignment_policy character varying(16) NOT NULL, alignment_parameters_json json, missing_data_policy character varying(16) NOT NULL, definition_hash character varying(64) NOT NULL, metadata_json json, CONSTRAINT {N:pk|{t:indexformuladefinition}} PRIMARY KEY (uid), CONSTRAINT {N:ck|{t:indexformuladefinition}|formula_alignment_policy_valid} CHECK ((alignment_policy IN (''exact'', ''asof''))), CONSTRAINT {N:ck|{t:indexformuladefinition}|formula_missing_data_policy_valid} CHECK ((missing_data_policy IN (''drop'', ''fail''))), CONSTRAINT {N:ck|{t:indexformuladefinition}|formula_status_valid} CHECK ((status IN (''draft'', ''active'', ''retired''))), CONSTRAINT {N:ck|{t:indexformuladefinition}|formula_validity_interval_valid} CHECK (((valid_to IS NULL) OR (valid_to > valid_from))), CONSTRAINT {N:ck|{t:indexformuladefinition}|formula_version_positive} CHECK ((version > 0)))', NULL),
('0015', 'upgrade', 8, 'create_table', 'CREATE TABLE {T:indexformulainput} (uid uuid NOT NULL, definition_uid uuid NOT NULL, asset_uid uuid, component_index_uid uuid, meta_table_uid uuid NOT NULL, observable character varying(255) NOT NULL, CONSTRAINT {N:pk|{t:indexformulainput}} PRIMARY KEY (uid), CONSTRAINT {N:ck|{t:indexformulainput}|formula_input_source_exclusive} CHECK ((( CASE WHEN (asset_uid IS NOT NULL) THEN 1 ELSE 0 END + CASE WHEN (component_index_uid IS NOT NULL) THEN 1 ELSE 0 END) = 1)))', NULL),
('0015', 'upgrade', 9, 'add_column', 'ALTER TABLE {T:index} ADD COLUMN calculation_method character varying(16)', NULL),
('0015', 'upgrade', 10, 'add_column', 'ALTER TABLE {T:index} ADD COLUMN value_format character varying(16)', NULL),
('0015', 'upgrade', 11, 'add_column', 'ALTER TABLE {T:index} ADD COLUMN value_suffix character varying(32)', NULL),
('0015', 'upgrade', 12, 'data', 'UPDATE {T:index} SET calculation_method = ''custom'', value_format = ''decimal''', NULL),
('0015', 'upgrade', 13, 'alter_column', 'ALTER TABLE {T:index} ALTER COLUMN calculation_method SET NOT NULL', NULL),
('0015', 'upgrade', 14, 'alter_column', 'ALTER TABLE {T:index} ALTER COLUMN value_format SET NOT NULL', NULL),
('0015', 'upgrade', 15, 'drop_column', 'ALTER TABLE {T:indexvaluests} DROP COLUMN unit', 'SELECT EXISTS (SELECT 1 FROM {T:indexvaluests} WHERE unit IS NOT NULL)'),
('0015', 'upgrade', 16, 'create_index', 'CREATE INDEX {N:ix|{t:indexformuladefinition}|index_uid} ON {T:indexformuladefinition} USING btree (index_uid)', NULL),
('0015', 'upgrade', 17, 'create_index', 'CREATE INDEX {N:ix|{t:indexformuladefinition}|status} ON {T:indexformuladefinition} USING btree (status)', NULL),
('0015', 'upgrade', 18, 'create_index', 'CREATE INDEX {N:ix|{t:indexformuladefinition}|valid_from} ON {T:indexformuladefinition} USING btree (valid_from)', NULL),
('0015', 'upgrade', 19, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexformuladefinition}|index_uid} ON {T:indexformuladefinition} USING btree (index_uid) WHERE ((status)::text = ''active''::text)', NULL),
('0015', 'upgrade', 20, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexformuladefinition}|index_uid|definition_hash} ON {T:indexformuladefinition} USING btree (index_uid, definition_hash)', NULL),
('0015', 'upgrade', 21, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexformuladefinition}|index_uid|version} ON {T:indexformuladefinition} USING btree (index_uid, version)', NULL),
('0015', 'upgrade', 22, 'create_index', 'CREATE INDEX {N:ix|{t:indexformulainput}|asset_uid} ON {T:indexformulainput} USING btree (asset_uid)', NULL),
('0015', 'upgrade', 23, 'create_index', 'CREATE INDEX {N:ix|{t:indexformulainput}|component_index_uid} ON {T:indexformulainput} USING btree (component_index_uid)', NULL),
('0015', 'upgrade', 24, 'create_index', 'CREATE INDEX {N:ix|{t:indexformulainput}|definition_uid} ON {T:indexformulainput} USING btree (definition_uid)', NULL),
('0015', 'upgrade', 25, 'create_index', 'CREATE INDEX {N:ix|{t:indexformulainput}|meta_table_uid} ON {T:indexformulainput} USING btree (meta_table_uid)', NULL),
('0015', 'upgrade', 26, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexformulainput}|definition_uid|component_index_uid|observable} ON {T:indexformulainput} USING btree (definition_uid, component_index_uid, observable) WHERE (component_index_uid IS NOT NULL)', NULL),
('0015', 'upgrade', 27, 'create_index', 'CREATE UNIQUE INDEX {N:uix|{t:indexformulainput}|definition_uid|asset_uid|observable} ON {T:indexformulainput} USING btree (definition_uid, asset_uid, observable) WHERE (asset_uid IS NOT NULL)', NULL),
('0015', 'upgrade', 28, 'add_constraint', 'ALTER TABLE {T:index} ADD CONSTRAINT {N:ck|{t:index}|index_calculation_method_valid} CHECK ((calculation_method IN (''formula'', ''custom'')))', NULL),
('0015', 'upgrade', 29, 'add_constraint', 'ALTER TABLE {T:index} ADD CONSTRAINT {N:ck|{t:index}|index_value_format_valid} CHECK ((value_format IN (''decimal'', ''percent'')))', NULL),
('0015', 'upgrade', 30, 'add_constraint', 'ALTER TABLE {T:indexformuladefinition} ADD CONSTRAINT {N:fk|{t:indexformuladefinition}|index_uid|{t:index}|uid} FOREIGN KEY (index_uid) REFERENCES {T:index}(uid) ON DELETE CASCADE', NULL),
('0015', 'upgrade', 31, 'add_constraint', 'ALTER TABLE {T:indexformulainput} ADD CONSTRAINT {N:fk|{t:indexformulainput}|asset_uid|{t:asset}|uid} FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', NULL),
('0015', 'upgrade', 32, 'add_constraint', 'ALTER TABLE {T:indexformulainput} ADD CONSTRAINT {N:fk|{t:indexformulainput}|component_index_uid|{t:index}|uid} FOREIGN KEY (component_index_uid) REFERENCES {T:index}(uid) ON DELETE RESTRICT', NULL),
('0015', 'upgrade', 33, 'add_constraint', 'ALTER TABLE {T:indexformulainput} ADD CONSTRAINT {N:fk|{t:indexformulainput}|definition_uid|{t:indexformuladefinition}|uid} FOREIGN KEY (definition_uid) REFERENCES {T:indexformuladefinition}(uid) ON DELETE CASCADE', NULL),
('0015', 'upgrade', 34, 'add_constraint', 'ALTER TABLE {T:indexvaluests} ADD CONSTRAINT {N:fk|{t:indexvaluests}|definition_uid|{t:indexformuladefinition}|uid} FOREIGN KEY (definition_uid) REFERENCES {T:indexformuladefinition}(uid) ON DELETE RESTRICT', NULL),
('0015', 'upgrade', 35, 'data', 'SELECT msm._index_value_cadence_tables(''{SCHEMA}'', ''{t:index_values}'', ''{t:indexformuladefinition}'', ''attach'')', NULL);
INSERT INTO msm.revision_object (table_slug, object_kind, name, ordinal, definition, from_position, to_position) VALUES
('account', 'column', 'account_group_uid', 6, 'uuid|NULL|', 1, 15),
('account', 'column', 'account_is_active', 5, 'boolean|NOT NULL|', 1, 15),
('account', 'column', 'account_name', 3, 'character varying(255)|NOT NULL|', 1, 15),
('account', 'column', 'holdings_data_node_uid', 7, 'uuid|NULL|', 1, 15),
('account', 'column', 'is_paper', 4, 'boolean|NOT NULL|', 1, 15),
('account', 'column', 'metadata_json', 8, 'json|NULL|', 1, 15),
('account', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('account', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('account', 'fk', '{N:fk|{t:account}|account_group_uid|{t:accountgroup}|uid}', 0, 'FOREIGN KEY (account_group_uid) REFERENCES {T:accountgroup}(uid) ON DELETE SET NULL', 1, 15),
('account', 'index', '{N:ix|{t:account}|account_group_uid}', 0, 'CREATE INDEX {I} ON {T:account} USING btree (account_group_uid)', 1, 15),
('account', 'index', '{N:ix|{t:account}|account_is_active}', 0, 'CREATE INDEX {I} ON {T:account} USING btree (account_is_active)', 1, 15),
('account', 'index', '{N:ix|{t:account}|account_name}', 0, 'CREATE INDEX {I} ON {T:account} USING btree (account_name)', 1, 15),
('account', 'index', '{N:uix|{t:account}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:account} USING btree (unique_identifier)', 1, 15),
('account', 'pk', '{N:pk|{t:account}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('account', 'table', '{t:account}', 0, '', 1, 15),
('accountallocationmodel', 'column', 'allocation_model_description', 3, 'text|NULL|', 1, 15),
('accountallocationmodel', 'column', 'allocation_model_name', 2, 'character varying(100)|NOT NULL|', 1, 15),
('accountallocationmodel', 'column', 'metadata_json', 4, 'json|NULL|', 1, 15),
('accountallocationmodel', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('accountallocationmodel', 'index', '{N:uix|{t:accountallocationmodel}|allocation_model_name}', 0, 'CREATE UNIQUE INDEX {I} ON {T:accountallocationmodel} USING btree (allocation_model_name)', 1, 15),
('accountallocationmodel', 'pk', '{N:pk|{t:accountallocationmodel}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('accountallocationmodel', 'table', '{t:accountallocationmodel}', 0, '', 1, 15),
('accountgroup', 'column', 'group_description', 3, 'text|NULL|', 1, 15),
('accountgroup', 'column', 'group_name', 2, 'character varying(100)|NULL|', 1, 15),
('accountgroup', 'column', 'metadata_json', 4, 'json|NULL|', 1, 15),
('accountgroup', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('accountgroup', 'index', '{N:uix|{t:accountgroup}|group_name}', 0, 'CREATE UNIQUE INDEX {I} ON {T:accountgroup} USING btree (group_name)', 1, 15),
('accountgroup', 'pk', '{N:pk|{t:accountgroup}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('accountgroup', 'table', '{t:accountgroup}', 0, '', 1, 15),
('accountholdingsset', 'column', 'account_uid', 2, 'uuid|NOT NULL|', 1, 15),
('accountholdingsset', 'column', 'source_data_node_uid', 4, 'uuid|NULL|', 1, 15),
('accountholdingsset', 'column', 'time_index', 3, 'timestamp with time zone|NOT NULL|', 1, 15),
('accountholdingsset', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('accountholdingsset', 'fk', '{N:fk|{t:accountholdingsset}|account_uid|{t:account}|uid}', 0, 'FOREIGN KEY (account_uid) REFERENCES {T:account}(uid) ON DELETE CASCADE', 1, 15),
('accountholdingsset', 'index', '{N:ix|{t:accountholdingsset}|account_uid}', 0, 'CREATE INDEX {I} ON {T:accountholdingsset} USING btree (account_uid)', 1, 15),
('accountholdingsset', 'index', '{N:ix|{t:accountholdingsset}|time_index}', 0, 'CREATE INDEX {I} ON {T:accountholdingsset} USING btree (time_index)', 1, 15),
('accountholdingsset', 'index', '{N:uix|{t:accountholdingsset}|account_uid|time_index}', 0, 'CREATE UNIQUE INDEX {I} ON {T:accountholdingsset} USING btree (account_uid, time_index)', 1, 15),
('accountholdingsset', 'pk', '{N:pk|{t:accountholdingsset}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('accountholdingsset', 'table', '{t:accountholdingsset}', 0, '', 1, 15),
('accountholdingsts', 'check', '{N:ck|{t:accountholdingsts}|ck_account_holdings_direction}', 0, 'CHECK ((direction = ANY (ARRAY[1, ''-1''::integer])))', 1, 15),
('accountholdingsts', 'column', 'account_uid', 2, 'uuid|NOT NULL|', 1, 15),
('accountholdingsts', 'column', 'asset_identifier', 3, 'character varying(255)|NOT NULL|', 1, 15),
('accountholdingsts', 'column', 'direction', 7, 'smallint|NOT NULL|', 1, 15),
('accountholdingsts', 'column', 'extra_details', 9, 'jsonb|NULL|', 1, 15),
('accountholdingsts', 'column', 'holdings_set_uid', 4, 'uuid|NOT NULL|', 1, 15),
('accountholdingsts', 'column', 'is_trade_snapshot', 5, 'boolean|NULL|', 1, 15),
('accountholdingsts', 'column', 'quantity', 6, 'double precision|NULL|', 1, 15),
('accountholdingsts', 'column', 'target_trade_time', 8, 'timestamp with time zone|NULL|', 1, 15),
('accountholdingsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('accountholdingsts', 'fk', '{N:fk|{t:accountholdingsts}|account_uid|{t:account}|uid}', 0, 'FOREIGN KEY (account_uid) REFERENCES {T:account}(uid) ON DELETE RESTRICT', 1, 15),
('accountholdingsts', 'fk', '{N:fk|{t:accountholdingsts}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('accountholdingsts', 'fk', '{N:fk|{t:accountholdingsts}|holdings_set_uid|{t:accountholdingsset}|uid}', 0, 'FOREIGN KEY (holdings_set_uid) REFERENCES {T:accountholdingsset}(uid) ON DELETE CASCADE', 1, 15),
('accountholdingsts', 'index', '{N:uix|{t:accountholdingsts}|time_index|account_uid|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:accountholdingsts} USING btree (time_index, account_uid, asset_identifier)', 1, 15),
('accountholdingsts', 'table', '{t:accountholdingsts}', 0, '', 1, 15),
('accounttargetallocation', 'column', 'account_allocation_model_uid', 4, 'uuid|NOT NULL|', 1, 15),
('accounttargetallocation', 'column', 'account_uid', 3, 'uuid|NOT NULL|', 1, 15),
('accounttargetallocation', 'column', 'display_name', 5, 'character varying(255)|NULL|', 1, 15),
('accounttargetallocation', 'column', 'is_active', 6, 'boolean|NOT NULL|', 1, 15),
('accounttargetallocation', 'column', 'metadata_json', 8, 'json|NULL|', 1, 15),
('accounttargetallocation', 'column', 'source', 7, 'character varying(255)|NULL|', 1, 15),
('accounttargetallocation', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('accounttargetallocation', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('accounttargetallocation', 'fk', '{N:fk|{t:accounttargetallocation}|account_allocation_model_uid|{t:accountallocationmodel}|uid}', 0, 'FOREIGN KEY (account_allocation_model_uid) REFERENCES {T:accountallocationmodel}(uid) ON DELETE RESTRICT', 1, 15),
('accounttargetallocation', 'fk', '{N:fk|{t:accounttargetallocation}|account_uid|{t:account}|uid}', 0, 'FOREIGN KEY (account_uid) REFERENCES {T:account}(uid) ON DELETE CASCADE', 1, 15),
('accounttargetallocation', 'index', '{N:ix|{t:accounttargetallocation}|account_allocation_model_uid}', 0, 'CREATE INDEX {I} ON {T:accounttargetallocation} USING btree (account_allocation_model_uid)', 1, 15),
('accounttargetallocation', 'index', '{N:ix|{t:accounttargetallocation}|account_uid}', 0, 'CREATE INDEX {I} ON {T:accounttargetallocation} USING btree (account_uid)', 1, 15),
('accounttargetallocation', 'index', '{N:ix|{t:accounttargetallocation}|is_active}', 0, 'CREATE INDEX {I} ON {T:accounttargetallocation} USING btree (is_active)', 1, 15),
('accounttargetallocation', 'index', '{N:uix|{t:accounttargetallocation}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:accounttargetallocation} USING btree (unique_identifier)', 1, 15),
('accounttargetallocation', 'pk', '{N:pk|{t:accounttargetallocation}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('accounttargetallocation', 'table', '{t:accounttargetallocation}', 0, '', 1, 15),
('asset', 'column', 'asset_type', 3, 'character varying(64)|NULL|', 1, 15),
('asset', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('asset', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('asset', 'index', '{N:ix|{t:asset}|asset_type}', 0, 'CREATE INDEX {I} ON {T:asset} USING btree (asset_type)', 1, 15),
('asset', 'index', '{N:uix|{t:asset}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:asset} USING btree (unique_identifier)', 1, 15),
('asset', 'pk', '{N:pk|{t:asset}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('asset', 'table', '{t:asset}', 0, '', 1, 15),
('assetcategory', 'column', 'description', 4, 'text|NULL|', 1, 15),
('assetcategory', 'column', 'display_name', 3, 'character varying(255)|NOT NULL|', 1, 15),
('assetcategory', 'column', 'metadata_json', 5, 'json|NULL|', 1, 15),
('assetcategory', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('assetcategory', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('assetcategory', 'index', '{N:ix|{t:assetcategory}|display_name}', 0, 'CREATE INDEX {I} ON {T:assetcategory} USING btree (display_name)', 1, 15),
('assetcategory', 'index', '{N:uix|{t:assetcategory}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:assetcategory} USING btree (unique_identifier)', 1, 15),
('assetcategory', 'pk', '{N:pk|{t:assetcategory}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('assetcategory', 'table', '{t:assetcategory}', 0, '', 1, 15),
('assetcategorymembership', 'column', 'asset_uid', 3, 'uuid|NOT NULL|', 1, 15),
('assetcategorymembership', 'column', 'category_uid', 2, 'uuid|NOT NULL|', 1, 15),
('assetcategorymembership', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('assetcategorymembership', 'fk', '{N:fk|{t:assetcategorymembership}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', 1, 15),
('assetcategorymembership', 'fk', '{N:fk|{t:assetcategorymembership}|category_uid|{t:assetcategory}|uid}', 0, 'FOREIGN KEY (category_uid) REFERENCES {T:assetcategory}(uid) ON DELETE CASCADE', 1, 15),
('assetcategorymembership', 'index', '{N:ix|{t:assetcategorymembership}|asset_uid}', 0, 'CREATE INDEX {I} ON {T:assetcategorymembership} USING btree (asset_uid)', 1, 15),
('assetcategorymembership', 'index', '{N:uix|{t:assetcategorymembership}|category_uid|asset_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:assetcategorymembership} USING btree (category_uid, asset_uid)', 1, 15),
('assetcategorymembership', 'pk', '{N:pk|{t:assetcategorymembership}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('assetcategorymembership', 'table', '{t:assetcategorymembership}', 0, '', 1, 15),
('assetcurrentpricingdetails', 'column', 'asset_uid', 1, 'uuid|NOT NULL|', 1, 15),
('assetcurrentpricingdetails', 'column', 'instrument_dump', 3, 'json|NOT NULL|', 1, 15),
('assetcurrentpricingdetails', 'column', 'instrument_type', 2, 'character varying(128)|NOT NULL|', 1, 15),
('assetcurrentpricingdetails', 'column', 'metadata', 8, 'json|NULL|', 1, 15),
('assetcurrentpricingdetails', 'column', 'pricing_details_date', 4, 'timestamp with time zone|NOT NULL|', 1, 15),
('assetcurrentpricingdetails', 'column', 'pricing_package_version', 6, 'character varying(64)|NULL|', 1, 15),
('assetcurrentpricingdetails', 'column', 'serialization_format', 5, 'character varying(128)|NOT NULL|', 1, 15),
('assetcurrentpricingdetails', 'column', 'source', 7, 'character varying(255)|NULL|', 1, 15),
('assetcurrentpricingdetails', 'fk', '{N:fk|{t:assetcurrentpricingdetails}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', 1, 15),
('assetcurrentpricingdetails', 'index', '{N:ix|{t:assetcurrentpricingdetails}|instrument_type}', 0, 'CREATE INDEX {I} ON {T:assetcurrentpricingdetails} USING btree (instrument_type)', 1, 15),
('assetcurrentpricingdetails', 'index', '{N:ix|{t:assetcurrentpricingdetails}|pricing_details_date}', 0, 'CREATE INDEX {I} ON {T:assetcurrentpricingdetails} USING btree (pricing_details_date)', 1, 15),
('assetcurrentpricingdetails', 'pk', '{N:pk|{t:assetcurrentpricingdetails}}', 0, 'PRIMARY KEY (asset_uid)', 1, 15),
('assetcurrentpricingdetails', 'table', '{t:assetcurrentpricingdetails}', 0, '', 1, 15),
('assetpricingdetailsts', 'column', 'asset_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('assetpricingdetailsts', 'column', 'instrument_dump', 3, 'jsonb|NOT NULL|', 1, 15),
('assetpricingdetailsts', 'column', 'instrument_type', 4, 'character varying(128)|NOT NULL|', 1, 15),
('assetpricingdetailsts', 'column', 'metadata', 8, 'jsonb|NULL|', 1, 15),
('assetpricingdetailsts', 'column', 'pricing_package_version', 6, 'character varying(64)|NULL|', 1, 15),
('assetpricingdetailsts', 'column', 'serialization_format', 5, 'character varying(128)|NOT NULL|', 1, 15),
('assetpricingdetailsts', 'column', 'source', 7, 'character varying(255)|NULL|', 1, 15),
('assetpricingdetailsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('assetpricingdetailsts', 'fk', '{N:fk|{t:assetpricingdetailsts}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('assetpricingdetailsts', 'index', '{N:uix|{t:assetpricingdetailsts}|time_index|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:assetpricingdetailsts} USING btree (time_index, asset_identifier)', 1, 15),
('assetpricingdetailsts', 'table', '{t:assetpricingdetailsts}', 0, '', 1, 15),
('assetsnapshotsts', 'column', 'asset_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('assetsnapshotsts', 'column', 'asset_ticker_group_id', 6, 'character varying|NULL|', 1, 15),
('assetsnapshotsts', 'column', 'exchange_code', 5, 'character varying|NULL|', 1, 15),
('assetsnapshotsts', 'column', 'name', 3, 'character varying|NULL|', 1, 15),
('assetsnapshotsts', 'column', 'ticker', 4, 'character varying|NULL|', 1, 15),
('assetsnapshotsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('assetsnapshotsts', 'fk', '{N:fk|{t:assetsnapshotsts}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('assetsnapshotsts', 'index', '{N:uix|{t:assetsnapshotsts}|time_index|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:assetsnapshotsts} USING btree (time_index, asset_identifier)', 1, 15),
('assetsnapshotsts', 'table', '{t:assetsnapshotsts}', 0, '', 1, 15),
('assettype', 'column', 'asset_type', 2, 'character varying(64)|NOT NULL|', 1, 15),
('assettype', 'column', 'description', 4, 'text|NULL|', 1, 15),
('assettype', 'column', 'display_name', 3, 'character varying(255)|NULL|', 1, 15),
('assettype', 'column', 'metadata_json', 5, 'json|NULL|', 1, 15),
('assettype', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('assettype', 'index', '{N:ix|{t:assettype}|display_name}', 0, 'CREATE INDEX {I} ON {T:assettype} USING btree (display_name)', 1, 15),
('assettype', 'index', '{N:uix|{t:assettype}|asset_type}', 0, 'CREATE UNIQUE INDEX {I} ON {T:assettype} USING btree (asset_type)', 1, 15),
('assettype', 'pk', '{N:pk|{t:assettype}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('assettype', 'table', '{t:assettype}', 0, '', 1, 15),
('bondassetdetails', 'column', 'asset_uid', 1, 'uuid|NOT NULL|', 1, 15),
('bondassetdetails', 'column', 'currency_asset_uid', 3, 'uuid|NOT NULL|', 1, 15),
('bondassetdetails', 'column', 'issue_date', 4, 'date|NOT NULL|', 1, 15),
('bondassetdetails', 'column', 'issuer_uid', 2, 'uuid|NOT NULL|', 1, 15),
('bondassetdetails', 'column', 'maturity_date', 5, 'date|NULL|', 1, 15),
('bondassetdetails', 'column', 'status', 6, 'character varying(32)|NOT NULL|', 1, 15),
('bondassetdetails', 'fk', '{N:fk|{t:bondassetdetails}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', 1, 15),
('bondassetdetails', 'fk', '{N:fk|{t:bondassetdetails}|currency_asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (currency_asset_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', 1, 15),
('bondassetdetails', 'fk', '{N:fk|{t:bondassetdetails}|issuer_uid|{t:issuer}|uid}', 0, 'FOREIGN KEY (issuer_uid) REFERENCES {T:issuer}(uid) ON DELETE RESTRICT', 1, 15),
('bondassetdetails', 'index', '{N:ix|{t:bondassetdetails}|currency_asset_uid}', 0, 'CREATE INDEX {I} ON {T:bondassetdetails} USING btree (currency_asset_uid)', 1, 15),
('bondassetdetails', 'index', '{N:ix|{t:bondassetdetails}|issuer_uid}', 0, 'CREATE INDEX {I} ON {T:bondassetdetails} USING btree (issuer_uid)', 1, 15),
('bondassetdetails', 'index', '{N:ix|{t:bondassetdetails}|maturity_date}', 0, 'CREATE INDEX {I} ON {T:bondassetdetails} USING btree (maturity_date)', 1, 15),
('bondassetdetails', 'index', '{N:ix|{t:bondassetdetails}|status}', 0, 'CREATE INDEX {I} ON {T:bondassetdetails} USING btree (status)', 1, 15),
('bondassetdetails', 'pk', '{N:pk|{t:bondassetdetails}}', 0, 'PRIMARY KEY (asset_uid)', 1, 15),
('bondassetdetails', 'table', '{t:bondassetdetails}', 0, '', 1, 15),
('calendar', 'column', 'calendar_type', 4, 'character varying(64)|NOT NULL|', 1, 15),
('calendar', 'column', 'display_name', 3, 'character varying(255)|NOT NULL|', 1, 15),
('calendar', 'column', 'metadata_json', 10, 'json|NULL|', 1, 15),
('calendar', 'column', 'source', 6, 'character varying(128)|NULL|', 1, 15),
('calendar', 'column', 'source_identifier', 7, 'character varying(255)|NULL|', 1, 15),
('calendar', 'column', 'timezone', 5, 'character varying(64)|NOT NULL|', 1, 15),
('calendar', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('calendar', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('calendar', 'column', 'valid_from', 8, 'date|NOT NULL|', 1, 15),
('calendar', 'column', 'valid_to', 9, 'date|NOT NULL|', 1, 15),
('calendar', 'index', '{N:ix|{t:calendar}|calendar_type}', 0, 'CREATE INDEX {I} ON {T:calendar} USING btree (calendar_type)', 1, 15),
('calendar', 'index', '{N:ix|{t:calendar}|source|source_identifier}', 0, 'CREATE INDEX {I} ON {T:calendar} USING btree (source, source_identifier)', 1, 15),
('calendar', 'index', '{N:uix|{t:calendar}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:calendar} USING btree (unique_identifier)', 1, 15),
('calendar', 'pk', '{N:pk|{t:calendar}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('calendar', 'table', '{t:calendar}', 0, '', 1, 15),
('calendardate', 'column', 'calendar_uid', 2, 'uuid|NOT NULL|', 1, 15),
('calendardate', 'column', 'holiday_name', 8, 'character varying(255)|NULL|', 1, 15),
('calendardate', 'column', 'is_business_day', 4, 'boolean|NOT NULL|', 1, 15),
('calendardate', 'column', 'is_early_close', 7, 'boolean|NOT NULL|', 1, 15),
('calendardate', 'column', 'is_holiday', 5, 'boolean|NOT NULL|', 1, 15),
('calendardate', 'column', 'is_weekend', 6, 'boolean|NOT NULL|', 1, 15),
('calendardate', 'column', 'local_date', 3, 'date|NOT NULL|', 1, 15),
('calendardate', 'column', 'metadata_json', 9, 'json|NULL|', 1, 15),
('calendardate', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('calendardate', 'fk', '{N:fk|{t:calendardate}|calendar_uid|{t:calendar}|uid}', 0, 'FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE CASCADE', 1, 15),
('calendardate', 'index', '{N:ix|{t:calendardate}|calendar_uid|is_business_day}', 0, 'CREATE INDEX {I} ON {T:calendardate} USING btree (calendar_uid, is_business_day)', 1, 15),
('calendardate', 'index', '{N:ix|{t:calendardate}|local_date}', 0, 'CREATE INDEX {I} ON {T:calendardate} USING btree (local_date)', 1, 15),
('calendardate', 'index', '{N:uix|{t:calendardate}|calendar_uid|local_date}', 0, 'CREATE UNIQUE INDEX {I} ON {T:calendardate} USING btree (calendar_uid, local_date)', 1, 15),
('calendardate', 'pk', '{N:pk|{t:calendardate}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('calendardate', 'table', '{t:calendardate}', 0, '', 1, 15),
('calendarevent', 'column', 'calendar_uid', 2, 'uuid|NOT NULL|', 1, 15),
('calendarevent', 'column', 'event_date', 3, 'date|NULL|', 1, 15),
('calendarevent', 'column', 'event_label', 6, 'character varying(255)|NOT NULL|', 1, 15),
('calendarevent', 'column', 'event_time', 4, 'timestamp with time zone|NULL|', 1, 15),
('calendarevent', 'column', 'event_type', 5, 'character varying(64)|NOT NULL|', 1, 15),
('calendarevent', 'column', 'metadata_json', 10, 'json|NULL|', 1, 15),
('calendarevent', 'column', 'target_identifier', 9, 'character varying(255)|NOT NULL|', 1, 15),
('calendarevent', 'column', 'target_type', 7, 'character varying(64)|NOT NULL|', 1, 15),
('calendarevent', 'column', 'target_uid', 8, 'uuid|NULL|', 1, 15),
('calendarevent', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('calendarevent', 'fk', '{N:fk|{t:calendarevent}|calendar_uid|{t:calendar}|uid}', 0, 'FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE CASCADE', 1, 15),
('calendarevent', 'index', '{N:ix|{t:calendarevent}|calendar_uid|event_date}', 0, 'CREATE INDEX {I} ON {T:calendarevent} USING btree (calendar_uid, event_date)', 1, 15),
('calendarevent', 'index', '{N:ix|{t:calendarevent}|event_type}', 0, 'CREATE INDEX {I} ON {T:calendarevent} USING btree (event_type)', 1, 15),
('calendarevent', 'index', '{N:ix|{t:calendarevent}|target_type|target_uid}', 0, 'CREATE INDEX {I} ON {T:calendarevent} USING btree (target_type, target_uid)', 1, 15),
('calendarevent', 'index', '{N:uix|{t:calendarevent}|calendar_uid|event_date|event_type|event_label|target_type|target_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:calendarevent} USING btree (calendar_uid, event_date, event_type, event_label, target_type, target_identifier)', 1, 15),
('calendarevent', 'pk', '{N:pk|{t:calendarevent}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('calendarevent', 'table', '{t:calendarevent}', 0, '', 1, 15),
('calendarsession', 'column', 'calendar_uid', 2, 'uuid|NOT NULL|', 1, 15),
('calendarsession', 'column', 'closes_at', 6, 'timestamp with time zone|NULL|', 1, 15),
('calendarsession', 'column', 'is_primary', 8, 'boolean|NOT NULL|', 1, 15),
('calendarsession', 'column', 'local_date', 3, 'date|NOT NULL|', 1, 15),
('calendarsession', 'column', 'metadata_json', 9, 'json|NULL|', 1, 15),
('calendarsession', 'column', 'opens_at', 5, 'timestamp with time zone|NULL|', 1, 15),
('calendarsession', 'column', 'session_label', 4, 'character varying(64)|NOT NULL|', 1, 15),
('calendarsession', 'column', 'timezone', 7, 'character varying(64)|NOT NULL|', 1, 15),
('calendarsession', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('calendarsession', 'fk', '{N:fk|{t:calendarsession}|calendar_uid|{t:calendar}|uid}', 0, 'FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE CASCADE', 1, 15),
('calendarsession', 'index', '{N:ix|{t:calendarsession}|calendar_uid|is_primary}', 0, 'CREATE INDEX {I} ON {T:calendarsession} USING btree (calendar_uid, is_primary)', 1, 15),
('calendarsession', 'index', '{N:ix|{t:calendarsession}|local_date}', 0, 'CREATE INDEX {I} ON {T:calendarsession} USING btree (local_date)', 1, 15),
('calendarsession', 'index', '{N:uix|{t:calendarsession}|calendar_uid|local_date|session_label}', 0, 'CREATE UNIQUE INDEX {I} ON {T:calendarsession} USING btree (calendar_uid, local_date, session_label)', 1, 15),
('calendarsession', 'pk', '{N:pk|{t:calendarsession}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('calendarsession', 'table', '{t:calendarsession}', 0, '', 1, 15),
('currencyspotassetdetails', 'column', 'asset_uid', 1, 'uuid|NOT NULL|', 1, 15),
('currencyspotassetdetails', 'column', 'base_currency_uid', 2, 'uuid|NOT NULL|', 1, 15),
('currencyspotassetdetails', 'column', 'quote_currency_uid', 3, 'uuid|NOT NULL|', 1, 15),
('currencyspotassetdetails', 'fk', '{N:fk|{t:currencyspotassetdetails}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', 1, 15),
('currencyspotassetdetails', 'fk', '{N:fk|{t:currencyspotassetdetails}|base_currency_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (base_currency_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', 1, 15),
('currencyspotassetdetails', 'fk', '{N:fk|{t:currencyspotassetdetails}|quote_currency_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (quote_currency_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', 1, 15),
('currencyspotassetdetails', 'index', '{N:ix|{t:currencyspotassetdetails}|base_currency_uid}', 0, 'CREATE INDEX {I} ON {T:currencyspotassetdetails} USING btree (base_currency_uid)', 1, 15),
('currencyspotassetdetails', 'index', '{N:ix|{t:currencyspotassetdetails}|quote_currency_uid}', 0, 'CREATE INDEX {I} ON {T:currencyspotassetdetails} USING btree (quote_currency_uid)', 1, 15),
('currencyspotassetdetails', 'index', '{N:uix|{t:currencyspotassetdetails}|base_currency_uid|quote_currency_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:currencyspotassetdetails} USING btree (base_currency_uid, quote_currency_uid)', 1, 15),
('currencyspotassetdetails', 'pk', '{N:pk|{t:currencyspotassetdetails}}', 0, 'PRIMARY KEY (asset_uid)', 1, 15),
('currencyspotassetdetails', 'table', '{t:currencyspotassetdetails}', 0, '', 1, 15),
('curve', 'column', 'compounding', 7, 'character varying(64)|NULL|', 1, 15),
('curve', 'column', 'currency_code', 10, 'character varying(16)|NULL|', 7, 15),
('curve', 'column', 'curve_type', 4, 'character varying(64)|NOT NULL|', 1, 15),
('curve', 'column', 'display_name', 3, 'character varying(255)|NOT NULL|', 1, 15),
('curve', 'column', 'index_uid', 5, 'uuid|NOT NULL|', 1, 6),
('curve', 'column', 'interpolation_method', 6, 'character varying(64)|NULL|', 1, 15),
('curve', 'column', 'metadata', 9, 'json|NULL|', 1, 15),
('curve', 'column', 'quote_side', 11, 'character varying(32)|NULL|', 7, 15),
('curve', 'column', 'source', 8, 'character varying(255)|NULL|', 1, 15),
('curve', 'column', 'status', 12, 'character varying(32)|NOT NULL|', 7, 15),
('curve', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('curve', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('curve', 'fk', '{N:fk|{t:curve}|index_uid|{t:indexconventiondetails}|index_uid}', 0, 'FOREIGN KEY (index_uid) REFERENCES {T:indexconventiondetails}(index_uid) ON DELETE RESTRICT', 1, 6),
('curve', 'index', '{N:ix|{t:curve}|currency_code}', 0, 'CREATE INDEX {I} ON {T:curve} USING btree (currency_code)', 7, 15),
('curve', 'index', '{N:ix|{t:curve}|curve_type}', 0, 'CREATE INDEX {I} ON {T:curve} USING btree (curve_type)', 1, 15),
('curve', 'index', '{N:ix|{t:curve}|index_uid}', 0, 'CREATE INDEX {I} ON {T:curve} USING btree (index_uid)', 1, 6),
('curve', 'index', '{N:ix|{t:curve}|quote_side}', 0, 'CREATE INDEX {I} ON {T:curve} USING btree (quote_side)', 7, 15),
('curve', 'index', '{N:ix|{t:curve}|source}', 0, 'CREATE INDEX {I} ON {T:curve} USING btree (source)', 1, 15),
('curve', 'index', '{N:ix|{t:curve}|status}', 0, 'CREATE INDEX {I} ON {T:curve} USING btree (status)', 7, 15),
('curve', 'index', '{N:uix|{t:curve}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:curve} USING btree (unique_identifier)', 1, 15),
('curve', 'pk', '{N:pk|{t:curve}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('curve', 'table', '{t:curve}', 0, '', 1, 15),
('curvebuildingdetails', 'column', 'bootstrap_method', 11, 'character varying(64)|NULL|', 7, 15),
('curvebuildingdetails', 'column', 'builder_payload', 12, 'json|NULL|', 7, 15),
('curvebuildingdetails', 'column', 'builder_type', 2, 'character varying(64)|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'calendar_code', 6, 'character varying(64)|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'compounding', 8, 'character varying(64)|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'compounding_frequency', 9, 'character varying(64)|NULL|', 7, 15),
('curvebuildingdetails', 'column', 'curve_uid', 1, 'uuid|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'day_counter_code', 5, 'character varying(64)|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'extrapolation_policy', 10, 'character varying(64)|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'interpolation_method', 7, 'character varying(64)|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'metadata', 14, 'json|NULL|', 7, 15),
('curvebuildingdetails', 'column', 'quote_convention', 3, 'character varying(64)|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'rate_unit', 4, 'character varying(32)|NOT NULL|', 7, 15),
('curvebuildingdetails', 'column', 'source', 13, 'character varying(255)|NULL|', 7, 15),
('curvebuildingdetails', 'fk', '{N:fk|{t:curvebuildingdetails}|curve_uid|{t:curve}|uid}', 0, 'FOREIGN KEY (curve_uid) REFERENCES {T:curve}(uid) ON DELETE CASCADE', 7, 15),
('curvebuildingdetails', 'index', '{N:ix|{t:curvebuildingdetails}|builder_type}', 0, 'CREATE INDEX {I} ON {T:curvebuildingdetails} USING btree (builder_type)', 7, 15),
('curvebuildingdetails', 'index', '{N:ix|{t:curvebuildingdetails}|quote_convention}', 0, 'CREATE INDEX {I} ON {T:curvebuildingdetails} USING btree (quote_convention)', 7, 15),
('curvebuildingdetails', 'index', '{N:ix|{t:curvebuildingdetails}|source}', 0, 'CREATE INDEX {I} ON {T:curvebuildingdetails} USING btree (source)', 7, 15),
('curvebuildingdetails', 'pk', '{N:pk|{t:curvebuildingdetails}}', 0, 'PRIMARY KEY (curve_uid)', 7, 15),
('curvebuildingdetails', 'table', '{t:curvebuildingdetails}', 0, '', 7, 15),
('discountcurvests', 'column', 'curve', 3, 'character varying|NOT NULL|', 9, 15),
('discountcurvests', 'column', 'curve', 3, 'character varying|NULL|', 1, 8),
('discountcurvests', 'column', 'curve_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('discountcurvests', 'column', 'key_nodes', 4, 'jsonb|NULL|', 8, 9),
('discountcurvests', 'column', 'key_nodes', 4, 'text|NULL|', 10, 15),
('discountcurvests', 'column', 'metadata_json', 5, 'jsonb|NULL|', 8, 15),
('discountcurvests', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('discountcurvests', 'fk', '{N:fk|{t:discountcurvests}|curve_identifier|{t:curve}|unique_identifier}', 0, 'FOREIGN KEY (curve_identifier) REFERENCES {T:curve}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('discountcurvests', 'index', '{N:uix|{t:discountcurvests}|time_index|curve_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:discountcurvests} USING btree (time_index, curve_identifier)', 1, 15),
('discountcurvests', 'table', '{t:discountcurvests}', 0, '', 1, 15),
('externalpricests', 'column', 'asset_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('externalpricests', 'column', 'close', 7, 'double precision|NULL|', 1, 15),
('externalpricests', 'column', 'high', 5, 'double precision|NULL|', 1, 15),
('externalpricests', 'column', 'interpolated', 11, 'boolean|NULL|', 1, 15),
('externalpricests', 'column', 'low', 6, 'double precision|NULL|', 1, 15),
('externalpricests', 'column', 'open', 4, 'double precision|NULL|', 1, 15),
('externalpricests', 'column', 'open_time', 3, 'timestamp with time zone|NULL|', 1, 15),
('externalpricests', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('externalpricests', 'column', 'trade_count', 9, 'double precision|NULL|', 1, 15),
('externalpricests', 'column', 'volume', 8, 'double precision|NULL|', 1, 15),
('externalpricests', 'column', 'vwap', 10, 'double precision|NULL|', 1, 15),
('externalpricests', 'fk', '{N:fk|{t:externalpricests}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('externalpricests', 'index', '{N:uix|{t:externalpricests}|time_index|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:externalpricests} USING btree (time_index, asset_identifier)', 1, 15),
('externalpricests', 'table', '{t:externalpricests}', 0, '', 1, 15),
('futureassetdetails', 'column', 'asset_uid', 1, 'uuid|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'contract_size', 9, 'numeric(38,18)|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'contract_unit', 10, 'character varying(64)|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'expires_at', 11, 'timestamp with time zone|NULL|', 1, 15),
('futureassetdetails', 'column', 'kind', 2, 'character varying(32)|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'margin_asset', 6, 'uuid|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'metadata', 13, 'json|NULL|', 1, 15),
('futureassetdetails', 'column', 'quote_unit', 4, 'character varying(64)|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'settlement_asset', 5, 'uuid|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'settlement_method', 8, 'character varying(32)|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'settlement_model', 7, 'character varying(32)|NOT NULL|', 1, 15),
('futureassetdetails', 'column', 'settles_at', 12, 'timestamp with time zone|NULL|', 1, 15),
('futureassetdetails', 'column', 'underlying_index_uid', 3, 'uuid|NOT NULL|', 1, 15),
('futureassetdetails', 'fk', '{N:fk|{t:futureassetdetails}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', 1, 15),
('futureassetdetails', 'fk', '{N:fk|{t:futureassetdetails}|margin_asset|{t:asset}|uid}', 0, 'FOREIGN KEY (margin_asset) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', 1, 15),
('futureassetdetails', 'fk', '{N:fk|{t:futureassetdetails}|settlement_asset|{t:asset}|uid}', 0, 'FOREIGN KEY (settlement_asset) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', 1, 15),
('futureassetdetails', 'fk', '{N:fk|{t:futureassetdetails}|underlying_index_uid|{t:index}|uid}', 0, 'FOREIGN KEY (underlying_index_uid) REFERENCES {T:index}(uid) ON DELETE RESTRICT', 1, 15),
('futureassetdetails', 'index', '{N:ix|{t:futureassetdetails}|expires_at}', 0, 'CREATE INDEX {I} ON {T:futureassetdetails} USING btree (expires_at)', 1, 15),
('futureassetdetails', 'index', '{N:ix|{t:futureassetdetails}|margin_asset}', 0, 'CREATE INDEX {I} ON {T:futureassetdetails} USING btree (margin_asset)', 1, 15),
('futureassetdetails', 'index', '{N:ix|{t:futureassetdetails}|settlement_asset}', 0, 'CREATE INDEX {I} ON {T:futureassetdetails} USING btree (settlement_asset)', 1, 15),
('futureassetdetails', 'index', '{N:ix|{t:futureassetdetails}|underlying_index_uid}', 0, 'CREATE INDEX {I} ON {T:futureassetdetails} USING btree (underlying_index_uid)', 1, 15),
('futureassetdetails', 'pk', '{N:pk|{t:futureassetdetails}}', 0, 'PRIMARY KEY (asset_uid)', 1, 15),
('futureassetdetails', 'table', '{t:futureassetdetails}', 0, '', 1, 15),
('index', 'check', '{N:ck|{t:index}|index_calculation_method_valid}', 0, 'CHECK (((calculation_method)::text = ANY ((ARRAY[''formula''::character varying, ''custom''::character varying])::text[])))', 15, 15),
('index', 'check', '{N:ck|{t:index}|index_value_format_valid}', 0, 'CHECK (((value_format)::text = ANY ((ARRAY[''decimal''::character varying, ''percent''::character varying])::text[])))', 15, 15),
('index', 'column', 'calculation_method', 8, 'character varying(16)|NOT NULL|', 15, 15),
('index', 'column', 'description', 5, 'text|NULL|', 1, 15),
('index', 'column', 'display_name', 4, 'character varying(255)|NOT NULL|', 1, 15),
('index', 'column', 'index_type', 3, 'character varying(64)|NOT NULL|', 1, 15),
('index', 'column', 'metadata_json', 7, 'json|NULL|', 1, 15),
('index', 'column', 'provider', 6, 'character varying(255)|NULL|', 1, 13),
('index', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('index', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('index', 'column', 'value_format', 9, 'character varying(16)|NOT NULL|', 15, 15),
('index', 'column', 'value_suffix', 10, 'character varying(32)|NULL|', 15, 15),
('index', 'index', '{N:ix|{t:index}|display_name}', 0, 'CREATE INDEX {I} ON {T:index} USING btree (display_name)', 1, 15),
('index', 'index', '{N:ix|{t:index}|index_type}', 0, 'CREATE INDEX {I} ON {T:index} USING btree (index_type)', 1, 15),
('index', 'index', '{N:ix|{t:index}|provider}', 0, 'CREATE INDEX {I} ON {T:index} USING btree (provider)', 1, 13),
('index', 'index', '{N:uix|{t:index}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:index} USING btree (unique_identifier)', 1, 15),
('index', 'pk', '{N:pk|{t:index}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('index', 'table', '{t:index}', 0, '', 1, 15),
('indexcalculationdefinition', 'check', '{N:ck|{t:indexcalculationdefinition}|composition_mode_valid}', 0, 'CHECK (((composition_mode)::text = ANY ((ARRAY[''fixed''::character varying, ''rule_selected''::character varying, ''rebalanced''::character varying])::text[])))', 11, 14),
('indexcalculationdefinition', 'check', '{N:ck|{t:indexcalculationdefinition}|definition_version_positive}', 0, 'CHECK ((definition_version > 0))', 11, 14),
('indexcalculationdefinition', 'check', '{N:ck|{t:indexcalculationdefinition}|definition_status_valid}', 0, 'CHECK (((status)::text = ANY ((ARRAY[''draft''::character varying, ''active''::character varying, ''retired''::character varying])::text[])))', 11, 14),
('indexcalculationdefinition', 'check', '{N:ck|{t:indexcalculationdefinition}|effective_interval_valid}', 0, 'CHECK (((effective_to IS NULL) OR (effective_to > effective_from)))', 11, 14),
('indexcalculationdefinition', 'column', 'alignment_parameters_json', 12, 'json|NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'alignment_policy', 11, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'calculation_family', 8, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'calculation_kind', 7, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'calculation_parameters_json', 9, 'json|NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'composition_mode', 15, 'character varying(32)|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'definition_hash', 18, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'definition_version', 3, 'integer|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'effective_from', 5, 'timestamp with time zone|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'effective_to', 6, 'timestamp with time zone|NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'index_uid', 2, 'uuid|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'metadata_json', 20, 'json|NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'missing_data_parameters_json', 14, 'json|NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'missing_data_policy', 13, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'output_unit', 10, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'rebalance_parameters_json', 17, 'json|NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'rebalance_policy', 16, 'character varying(64)|NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'source', 19, 'character varying(255)|NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'status', 4, 'character varying(32)|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'column', 'uid', 1, 'uuid|NOT NULL|', 11, 14),
('indexcalculationdefinition', 'fk', '{N:fk|{t:indexcalculationdefinition}|index_uid|{t:index}|uid}', 0, 'FOREIGN KEY (index_uid) REFERENCES {T:index}(uid) ON DELETE CASCADE', 11, 14),
('indexcalculationdefinition', 'index', '{N:ix|{t:indexcalculationdefinition}|calculation_family}', 0, 'CREATE INDEX {I} ON {T:indexcalculationdefinition} USING btree (calculation_family)', 11, 14),
('indexcalculationdefinition', 'index', '{N:ix|{t:indexcalculationdefinition}|effective_from}', 0, 'CREATE INDEX {I} ON {T:indexcalculationdefinition} USING btree (effective_from)', 11, 14),
('indexcalculationdefinition', 'index', '{N:ix|{t:indexcalculationdefinition}|index_uid}', 0, 'CREATE INDEX {I} ON {T:indexcalculationdefinition} USING btree (index_uid)', 11, 14),
('indexcalculationdefinition', 'index', '{N:ix|{t:indexcalculationdefinition}|status}', 0, 'CREATE INDEX {I} ON {T:indexcalculationdefinition} USING btree (status)', 11, 14),
('indexcalculationdefinition', 'index', '{N:uix|{t:indexcalculationdefinition}|index_uid|definition_hash}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexcalculationdefinition} USING btree (index_uid, definition_hash)', 11, 14),
('indexcalculationdefinition', 'index', '{N:uix|{t:indexcalculationdefinition}|index_uid|definition_version}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexcalculationdefinition} USING btree (index_uid, definition_version)', 11, 14),
('indexcalculationdefinition', 'index', '{N:uix|{t:indexcalculationdefinition}|index_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexcalculationdefinition} USING btree (index_uid) WHERE ((status)::text = ''active''::text)', 13, 14),
('indexcalculationdefinition', 'pk', '{N:pk|{t:indexcalculationdefinition}}', 0, 'PRIMARY KEY (uid)', 11, 14),
('indexcalculationdefinition', 'table', '{t:indexcalculationdefinition}', 0, '', 11, 14),
('indexcalculationleg', 'check', '{N:ck|{t:indexcalculationleg}|coefficient_contract_valid}', 0, 'CHECK (((((coefficient_method)::text = ''fixed''::text) AND (coefficient IS NOT NULL)) OR (((coefficient_method)::text <> ''fixed''::text) AND (coefficient IS NULL))))', 11, 14),
('indexcalculationleg', 'check', '{N:ck|{t:indexcalculationleg}|component_source_exclusive}', 0, 'CHECK (((( CASE WHEN (asset_uid IS NOT NULL) THEN 1 ELSE 0 END + CASE WHEN (component_index_uid IS NOT NULL) THEN 1 ELSE 0 END) + CASE WHEN (selector_code IS NOT NULL) THEN 1 ELSE 0 END) = 1))', 11, 14),
('indexcalculationleg', 'check', '{N:ck|{t:indexcalculationleg}|leg_order_nonnegative}', 0, 'CHECK ((leg_order >= 0))', 11, 14),
('indexcalculationleg', 'column', 'asset_uid', 7, 'uuid|NULL|', 11, 14),
('indexcalculationleg', 'column', 'coefficient', 16, 'double precision|NULL|', 11, 14),
('indexcalculationleg', 'column', 'coefficient_method', 15, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationleg', 'column', 'coefficient_parameters_json', 17, 'json|NULL|', 11, 14),
('indexcalculationleg', 'column', 'component_index_uid', 8, 'uuid|NULL|', 11, 14),
('indexcalculationleg', 'column', 'component_kind', 6, 'character varying(32)|NOT NULL|', 11, 14),
('indexcalculationleg', 'column', 'definition_uid', 2, 'uuid|NOT NULL|', 11, 14),
('indexcalculationleg', 'column', 'input_unit', 12, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationleg', 'column', 'leg_key', 3, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationleg', 'column', 'leg_order', 4, 'integer|NOT NULL|', 11, 14),
('indexcalculationleg', 'column', 'leg_role', 5, 'character varying(64)|NULL|', 11, 14),
('indexcalculationleg', 'column', 'metadata_json', 18, 'json|NULL|', 11, 14),
('indexcalculationleg', 'column', 'observable_code', 11, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationleg', 'column', 'selector_code', 9, 'character varying(64)|NULL|', 11, 14),
('indexcalculationleg', 'column', 'selector_parameters_json', 10, 'json|NULL|', 11, 14),
('indexcalculationleg', 'column', 'transform_code', 13, 'character varying(64)|NOT NULL|', 11, 14),
('indexcalculationleg', 'column', 'transform_parameters_json', 14, 'json|NULL|', 11, 14),
('indexcalculationleg', 'column', 'uid', 1, 'uuid|NOT NULL|', 11, 14),
('indexcalculationleg', 'fk', '{N:fk|{t:indexcalculationleg}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', 11, 14),
('indexcalculationleg', 'fk', '{N:fk|{t:indexcalculationleg}|component_index_uid|{t:index}|uid}', 0, 'FOREIGN KEY (component_index_uid) REFERENCES {T:index}(uid) ON DELETE RESTRICT', 11, 14),
('indexcalculationleg', 'fk', '{N:fk|{t:indexcalculationleg}|definition_uid|{t:indexcalculationdefinition}|uid}', 0, 'FOREIGN KEY (definition_uid) REFERENCES {T:indexcalculationdefinition}(uid) ON DELETE CASCADE', 11, 14),
('indexcalculationleg', 'index', '{N:ix|{t:indexcalculationleg}|asset_uid}', 0, 'CREATE INDEX {I} ON {T:indexcalculationleg} USING btree (asset_uid)', 11, 14),
('indexcalculationleg', 'index', '{N:ix|{t:indexcalculationleg}|component_index_uid}', 0, 'CREATE INDEX {I} ON {T:indexcalculationleg} USING btree (component_index_uid)', 11, 14),
('indexcalculationleg', 'index', '{N:ix|{t:indexcalculationleg}|selector_code}', 0, 'CREATE INDEX {I} ON {T:indexcalculationleg} USING btree (selector_code)', 11, 14),
('indexcalculationleg', 'index', '{N:uix|{t:indexcalculationleg}|definition_uid|leg_key}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexcalculationleg} USING btree (definition_uid, leg_key)', 11, 14),
('indexcalculationleg', 'index', '{N:uix|{t:indexcalculationleg}|definition_uid|leg_order}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexcalculationleg} USING btree (definition_uid, leg_order)', 11, 14),
('indexcalculationleg', 'pk', '{N:pk|{t:indexcalculationleg}}', 0, 'PRIMARY KEY (uid)', 11, 14),
('indexcalculationleg', 'table', '{t:indexcalculationleg}', 0, '', 11, 14),
('indexconventiondetails', 'column', 'convention_dump', 3, 'json|NOT NULL|', 1, 15),
('indexconventiondetails', 'column', 'index_family', 2, 'character varying(64)|NOT NULL|', 1, 15),
('indexconventiondetails', 'column', 'index_uid', 1, 'uuid|NOT NULL|', 1, 15),
('indexconventiondetails', 'column', 'metadata', 6, 'json|NULL|', 1, 15),
('indexconventiondetails', 'column', 'serialization_format', 4, 'character varying(128)|NOT NULL|', 1, 15),
('indexconventiondetails', 'column', 'source', 5, 'character varying(255)|NULL|', 1, 15),
('indexconventiondetails', 'fk', '{N:fk|{t:indexconventiondetails}|index_uid|{t:index}|uid}', 0, 'FOREIGN KEY (index_uid) REFERENCES {T:index}(uid) ON DELETE CASCADE', 1, 15),
('indexconventiondetails', 'index', '{N:ix|{t:indexconventiondetails}|index_family}', 0, 'CREATE INDEX {I} ON {T:indexconventiondetails} USING btree (index_family)', 1, 15),
('indexconventiondetails', 'index', '{N:ix|{t:indexconventiondetails}|source}', 0, 'CREATE INDEX {I} ON {T:indexconventiondetails} USING btree (source)', 1, 15),
('indexconventiondetails', 'pk', '{N:pk|{t:indexconventiondetails}}', 0, 'PRIMARY KEY (index_uid)', 1, 15),
('indexconventiondetails', 'table', '{t:indexconventiondetails}', 0, '', 1, 15),
('indexdatasetavailability', 'check', '{N:ck|{t:indexdatasetavailability}|dataset_population_state_coherent}', 0, 'CHECK (((((population_state)::text = ''populated''::text) AND (row_count > 0) AND (error_code IS NULL) AND (error_message IS NULL)) OR (((population_state)::text = ''compatible_empty''::text) AND (row_count = 0) AND (earliest_time_index IS NULL) AND (latest_time_index IS NULL) AND (error_code IS NULL) AND (error_message IS NULL)) OR (((population_state)::text = ''unavailable''::text) AND (row_count IS NULL) AND (earliest_time_index IS NULL) AND (latest_time_index IS NULL))))', 13, 15),
('indexdatasetavailability', 'column', 'cadence', 4, 'character varying(32)|NOT NULL|', 13, 15),
('indexdatasetavailability', 'column', 'earliest_time_index', 7, 'timestamp with time zone|NULL|', 13, 15),
('indexdatasetavailability', 'column', 'error_code', 10, 'character varying(128)|NULL|', 13, 15),
('indexdatasetavailability', 'column', 'error_message', 11, 'character varying(1024)|NULL|', 13, 15),
('indexdatasetavailability', 'column', 'index_uid', 2, 'uuid|NOT NULL|', 13, 15),
('indexdatasetavailability', 'column', 'latest_time_index', 8, 'timestamp with time zone|NULL|', 13, 15),
('indexdatasetavailability', 'column', 'meta_table_uid', 3, 'character varying(255)|NOT NULL|', 13, 15),
('indexdatasetavailability', 'column', 'population_state', 5, 'character varying(32)|NOT NULL|', 13, 15),
('indexdatasetavailability', 'column', 'reconciled_at', 9, 'timestamp with time zone|NOT NULL|', 13, 15),
('indexdatasetavailability', 'column', 'row_count', 6, 'integer|NULL|', 13, 15),
('indexdatasetavailability', 'column', 'uid', 1, 'uuid|NOT NULL|', 13, 15),
('indexdatasetavailability', 'fk', '{N:fk|{t:indexdatasetavailability}|index_uid|{t:index}|uid}', 0, 'FOREIGN KEY (index_uid) REFERENCES {T:index}(uid) ON DELETE CASCADE', 13, 15),
('indexdatasetavailability', 'index', '{N:ix|{t:indexdatasetavailability}|index_uid|population_state|cadence}', 0, 'CREATE INDEX {I} ON {T:indexdatasetavailability} USING btree (index_uid, population_state, cadence)', 13, 15),
('indexdatasetavailability', 'index', '{N:ix|{t:indexdatasetavailability}|population_state|cadence|index_uid}', 0, 'CREATE INDEX {I} ON {T:indexdatasetavailability} USING btree (population_state, cadence, index_uid)', 13, 15),
('indexdatasetavailability', 'index', '{N:uix|{t:indexdatasetavailability}|index_uid|meta_table_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexdatasetavailability} USING btree (index_uid, meta_table_uid)', 13, 15),
('indexdatasetavailability', 'pk', '{N:pk|{t:indexdatasetavailability}}', 0, 'PRIMARY KEY (uid)', 13, 15),
('indexdatasetavailability', 'table', '{t:indexdatasetavailability}', 0, '', 13, 15),
('indexfixingsts', 'column', 'index_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('indexfixingsts', 'column', 'rate', 3, 'double precision|NULL|', 1, 15),
('indexfixingsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('indexfixingsts', 'fk', '{N:fk|{t:indexfixingsts}|index_identifier|{t:index}|unique_identifier}', 0, 'FOREIGN KEY (index_identifier) REFERENCES {T:index}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('indexfixingsts', 'index', '{N:uix|{t:indexfixingsts}|time_index|index_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexfixingsts} USING btree (time_index, index_identifier)', 1, 15),
('indexfixingsts', 'table', '{t:indexfixingsts}', 0, '', 1, 15),
('indexformuladefinition', 'check', '{N:ck|{t:indexformuladefinition}|formula_alignment_policy_valid}', 0, 'CHECK (((alignment_policy)::text = ANY ((ARRAY[''exact''::character varying, ''asof''::character varying])::text[])))', 15, 15),
('indexformuladefinition', 'check', '{N:ck|{t:indexformuladefinition}|formula_missing_data_policy_valid}', 0, 'CHECK (((missing_data_policy)::text = ANY ((ARRAY[''drop''::character varying, ''fail''::character varying])::text[])))', 15, 15),
('indexformuladefinition', 'check', '{N:ck|{t:indexformuladefinition}|formula_status_valid}', 0, 'CHECK (((status)::text = ANY ((ARRAY[''draft''::character varying, ''active''::character varying, ''retired''::character varying])::text[])))', 15, 15),
('indexformuladefinition', 'check', '{N:ck|{t:indexformuladefinition}|formula_validity_interval_valid}', 0, 'CHECK (((valid_to IS NULL) OR (valid_to > valid_from)))', 15, 15),
('indexformuladefinition', 'check', '{N:ck|{t:indexformuladefinition}|formula_version_positive}', 0, 'CHECK ((version > 0))', 15, 15),
('indexformuladefinition', 'column', 'alignment_parameters_json', 9, 'json|NULL|', 15, 15),
('indexformuladefinition', 'column', 'alignment_policy', 8, 'character varying(16)|NOT NULL|', 15, 15),
('indexformuladefinition', 'column', 'definition_hash', 11, 'character varying(64)|NOT NULL|', 15, 15),
('indexformuladefinition', 'column', 'formula', 7, 'text|NOT NULL|', 15, 15),
('indexformuladefinition', 'column', 'index_uid', 2, 'uuid|NOT NULL|', 15, 15),
('indexformuladefinition', 'column', 'metadata_json', 12, 'json|NULL|', 15, 15),
('indexformuladefinition', 'column', 'missing_data_policy', 10, 'character varying(16)|NOT NULL|', 15, 15),
('indexformuladefinition', 'column', 'status', 4, 'character varying(32)|NOT NULL|', 15, 15),
('indexformuladefinition', 'column', 'uid', 1, 'uuid|NOT NULL|', 15, 15),
('indexformuladefinition', 'column', 'valid_from', 5, 'timestamp with time zone|NOT NULL|', 15, 15),
('indexformuladefinition', 'column', 'valid_to', 6, 'timestamp with time zone|NULL|', 15, 15),
('indexformuladefinition', 'column', 'version', 3, 'integer|NOT NULL|', 15, 15),
('indexformuladefinition', 'fk', '{N:fk|{t:indexformuladefinition}|index_uid|{t:index}|uid}', 0, 'FOREIGN KEY (index_uid) REFERENCES {T:index}(uid) ON DELETE CASCADE', 15, 15),
('indexformuladefinition', 'index', '{N:ix|{t:indexformuladefinition}|index_uid}', 0, 'CREATE INDEX {I} ON {T:indexformuladefinition} USING btree (index_uid)', 15, 15),
('indexformuladefinition', 'index', '{N:ix|{t:indexformuladefinition}|status}', 0, 'CREATE INDEX {I} ON {T:indexformuladefinition} USING btree (status)', 15, 15),
('indexformuladefinition', 'index', '{N:ix|{t:indexformuladefinition}|valid_from}', 0, 'CREATE INDEX {I} ON {T:indexformuladefinition} USING btree (valid_from)', 15, 15),
('indexformuladefinition', 'index', '{N:uix|{t:indexformuladefinition}|index_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexformuladefinition} USING btree (index_uid) WHERE ((status)::text = ''active''::text)', 15, 15),
('indexformuladefinition', 'index', '{N:uix|{t:indexformuladefinition}|index_uid|definition_hash}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexformuladefinition} USING btree (index_uid, definition_hash)', 15, 15),
('indexformuladefinition', 'index', '{N:uix|{t:indexformuladefinition}|index_uid|version}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexformuladefinition} USING btree (index_uid, version)', 15, 15),
('indexformuladefinition', 'pk', '{N:pk|{t:indexformuladefinition}}', 0, 'PRIMARY KEY (uid)', 15, 15),
('indexformuladefinition', 'table', '{t:indexformuladefinition}', 0, '', 15, 15),
('indexformulainput', 'check', '{N:ck|{t:indexformulainput}|formula_input_source_exclusive}', 0, 'CHECK ((( CASE WHEN (asset_uid IS NOT NULL) THEN 1 ELSE 0 END + CASE WHEN (component_index_uid IS NOT NULL) THEN 1 ELSE 0 END) = 1))', 15, 15),
('indexformulainput', 'column', 'asset_uid', 3, 'uuid|NULL|', 15, 15),
('indexformulainput', 'column', 'component_index_uid', 4, 'uuid|NULL|', 15, 15),
('indexformulainput', 'column', 'definition_uid', 2, 'uuid|NOT NULL|', 15, 15),
('indexformulainput', 'column', 'meta_table_uid', 5, 'uuid|NOT NULL|', 15, 15),
('indexformulainput', 'column', 'observable', 6, 'character varying(255)|NOT NULL|', 15, 15),
('indexformulainput', 'column', 'uid', 1, 'uuid|NOT NULL|', 15, 15),
('indexformulainput', 'fk', '{N:fk|{t:indexformulainput}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', 15, 15),
('indexformulainput', 'fk', '{N:fk|{t:indexformulainput}|component_index_uid|{t:index}|uid}', 0, 'FOREIGN KEY (component_index_uid) REFERENCES {T:index}(uid) ON DELETE RESTRICT', 15, 15),
('indexformulainput', 'fk', '{N:fk|{t:indexformulainput}|definition_uid|{t:indexformuladefinition}|uid}', 0, 'FOREIGN KEY (definition_uid) REFERENCES {T:indexformuladefinition}(uid) ON DELETE CASCADE', 15, 15),
('indexformulainput', 'index', '{N:ix|{t:indexformulainput}|asset_uid}', 0, 'CREATE INDEX {I} ON {T:indexformulainput} USING btree (asset_uid)', 15, 15),
('indexformulainput', 'index', '{N:ix|{t:indexformulainput}|component_index_uid}', 0, 'CREATE INDEX {I} ON {T:indexformulainput} USING btree (component_index_uid)', 15, 15),
('indexformulainput', 'index', '{N:ix|{t:indexformulainput}|definition_uid}', 0, 'CREATE INDEX {I} ON {T:indexformulainput} USING btree (definition_uid)', 15, 15),
('indexformulainput', 'index', '{N:ix|{t:indexformulainput}|meta_table_uid}', 0, 'CREATE INDEX {I} ON {T:indexformulainput} USING btree (meta_table_uid)', 15, 15),
('indexformulainput', 'index', '{N:uix|{t:indexformulainput}|definition_uid|component_index_uid|observable}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexformulainput} USING btree (definition_uid, component_index_uid, observable) WHERE (component_index_uid IS NOT NULL)', 15, 15),
('indexformulainput', 'index', '{N:uix|{t:indexformulainput}|definition_uid|asset_uid|observable}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexformulainput} USING btree (definition_uid, asset_uid, observable) WHERE (asset_uid IS NOT NULL)', 15, 15),
('indexformulainput', 'pk', '{N:pk|{t:indexformulainput}}', 0, 'PRIMARY KEY (uid)', 15, 15),
('indexformulainput', 'table', '{t:indexformulainput}', 0, '', 15, 15),
('indexresolvedlegsts', 'check', '{N:ck|{t:indexresolvedlegsts}|resolved_component_kind_valid}', 0, 'CHECK (((component_kind)::text = ANY ((ARRAY[''asset''::character varying, ''index''::character varying])::text[])))', 11, 14),
('indexresolvedlegsts', 'column', 'coefficient_method', 8, 'character varying(64)|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'component_kind', 6, 'character varying(32)|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'definition_uid', 3, 'uuid|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'index_identifier', 2, 'character varying(255)|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'leg_key', 4, 'character varying(64)|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'metadata_json', 12, 'json|NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'observable_code', 9, 'character varying(64)|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'resolution_status', 11, 'character varying(32)|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'resolved_coefficient', 7, 'double precision|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'resolved_component_key', 5, 'character varying(255)|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'source_observation_time', 10, 'timestamp with time zone|NULL|', 11, 14),
('indexresolvedlegsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 11, 14),
('indexresolvedlegsts', 'fk', '{N:fk|{t:indexresolvedlegsts}|definition_uid|{t:indexcalculationdefinition}|uid}', 0, 'FOREIGN KEY (definition_uid) REFERENCES {T:indexcalculationdefinition}(uid) ON DELETE RESTRICT', 11, 14),
('indexresolvedlegsts', 'fk', '{N:fk|{t:indexresolvedlegsts}|index_identifier|{t:index}|unique_identifier}', 0, 'FOREIGN KEY (index_identifier) REFERENCES {T:index}(unique_identifier) ON DELETE RESTRICT', 11, 14),
('indexresolvedlegsts', 'index', '{N:ix|{t:indexresolvedlegsts}|definition_uid}', 0, 'CREATE INDEX {I} ON {T:indexresolvedlegsts} USING btree (definition_uid)', 11, 14),
('indexresolvedlegsts', 'index', '{N:ix|{t:indexresolvedlegsts}|resolution_status}', 0, 'CREATE INDEX {I} ON {T:indexresolvedlegsts} USING btree (resolution_status)', 11, 14),
('indexresolvedlegsts', 'index', '{N:uix|{t:indexresolvedlegsts}|time_index|index_identifier|leg_key|resolved_component_key}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexresolvedlegsts} USING btree (time_index, index_identifier, leg_key, resolved_component_key)', 11, 14),
('indexresolvedlegsts', 'table', '{t:indexresolvedlegsts}', 0, '', 11, 14),
('indextype', 'column', 'description', 4, 'text|NULL|', 1, 15),
('indextype', 'column', 'display_name', 3, 'character varying(255)|NULL|', 1, 15),
('indextype', 'column', 'index_type', 2, 'character varying(64)|NOT NULL|', 1, 15),
('indextype', 'column', 'metadata_json', 5, 'json|NULL|', 1, 15),
('indextype', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('indextype', 'index', '{N:ix|{t:indextype}|display_name}', 0, 'CREATE INDEX {I} ON {T:indextype} USING btree (display_name)', 1, 15),
('indextype', 'index', '{N:uix|{t:indextype}|index_type}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indextype} USING btree (index_type)', 1, 15),
('indextype', 'pk', '{N:pk|{t:indextype}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('indextype', 'table', '{t:indextype}', 0, '', 1, 15),
('indexvaluests', 'column', 'calculation_status', 6, 'character varying(32)|NOT NULL|', 11, 11),
('indexvaluests', 'column', 'definition_uid', 5, 'uuid|NOT NULL|', 11, 11),
('indexvaluests', 'column', 'definition_uid', 5, 'uuid|NULL|', 12, 15),
('indexvaluests', 'column', 'index_identifier', 2, 'character varying(255)|NOT NULL|', 11, 15),
('indexvaluests', 'column', 'metadata_json', 8, 'json|NULL|', 11, 15),
('indexvaluests', 'column', 'observation_status', 6, 'character varying(32)|NULL|', 12, 15),
('indexvaluests', 'column', 'source_as_of', 7, 'timestamp with time zone|NULL|', 11, 15),
('indexvaluests', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 11, 15),
('indexvaluests', 'column', 'unit', 4, 'character varying(64)|NOT NULL|', 11, 14),
('indexvaluests', 'column', 'value', 3, 'double precision|NOT NULL|', 11, 15),
('indexvaluests', 'fk', '{N:fk|{t:indexvaluests}|definition_uid|{t:indexcalculationdefinition}|uid}', 0, 'FOREIGN KEY (definition_uid) REFERENCES {T:indexcalculationdefinition}(uid) ON DELETE RESTRICT', 11, 14),
('indexvaluests', 'fk', '{N:fk|{t:indexvaluests}|definition_uid|{t:indexformuladefinition}|uid}', 0, 'FOREIGN KEY (definition_uid) REFERENCES {T:indexformuladefinition}(uid) ON DELETE RESTRICT', 15, 15),
('indexvaluests', 'fk', '{N:fk|{t:indexvaluests}|index_identifier|{t:index}|unique_identifier}', 0, 'FOREIGN KEY (index_identifier) REFERENCES {T:index}(unique_identifier) ON DELETE RESTRICT', 11, 15),
('indexvaluests', 'index', '{N:ix|{t:indexvaluests}|calculation_status}', 0, 'CREATE INDEX {I} ON {T:indexvaluests} USING btree (calculation_status)', 11, 11),
('indexvaluests', 'index', '{N:ix|{t:indexvaluests}|definition_uid}', 0, 'CREATE INDEX {I} ON {T:indexvaluests} USING btree (definition_uid)', 11, 15),
('indexvaluests', 'index', '{N:ix|{t:indexvaluests}|index_identifier|time_index}', 0, 'CREATE INDEX {I} ON {T:indexvaluests} USING btree (index_identifier, time_index)', 13, 15),
('indexvaluests', 'index', '{N:ix|{t:indexvaluests}|observation_status}', 0, 'CREATE INDEX {I} ON {T:indexvaluests} USING btree (observation_status)', 12, 15),
('indexvaluests', 'index', '{N:uix|{t:indexvaluests}|time_index|index_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:indexvaluests} USING btree (time_index, index_identifier)', 11, 15),
('indexvaluests', 'table', '{t:indexvaluests}', 0, '', 11, 15),
('interpolatedpricests', 'column', 'asset_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('interpolatedpricests', 'column', 'close', 7, 'double precision|NULL|', 1, 15),
('interpolatedpricests', 'column', 'high', 5, 'double precision|NULL|', 1, 15),
('interpolatedpricests', 'column', 'interpolated', 11, 'boolean|NULL|', 1, 15),
('interpolatedpricests', 'column', 'low', 6, 'double precision|NULL|', 1, 15),
('interpolatedpricests', 'column', 'open', 4, 'double precision|NULL|', 1, 15),
('interpolatedpricests', 'column', 'open_time', 3, 'timestamp with time zone|NULL|', 1, 15),
('interpolatedpricests', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('interpolatedpricests', 'column', 'trade_count', 9, 'double precision|NULL|', 1, 15),
('interpolatedpricests', 'column', 'volume', 8, 'double precision|NULL|', 1, 15),
('interpolatedpricests', 'column', 'vwap', 10, 'double precision|NULL|', 1, 15),
('interpolatedpricests', 'fk', '{N:fk|{t:interpolatedpricests}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('interpolatedpricests', 'index', '{N:uix|{t:interpolatedpricests}|time_index|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:interpolatedpricests} USING btree (time_index, asset_identifier)', 1, 15),
('interpolatedpricests', 'table', '{t:interpolatedpricests}', 0, '', 1, 15),
('issuer', 'column', 'display_name', 3, 'character varying(255)|NOT NULL|', 1, 15),
('issuer', 'column', 'metadata_json', 4, 'json|NULL|', 1, 15),
('issuer', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('issuer', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('issuer', 'index', '{N:ix|{t:issuer}|display_name}', 0, 'CREATE INDEX {I} ON {T:issuer} USING btree (display_name)', 1, 15),
('issuer', 'index', '{N:uix|{t:issuer}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:issuer} USING btree (unique_identifier)', 1, 15),
('issuer', 'pk', '{N:pk|{t:issuer}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('issuer', 'table', '{t:issuer}', 0, '', 1, 15),
('openfigiassetdetails', 'column', 'asset_uid', 1, 'uuid|NOT NULL|', 1, 15),
('openfigiassetdetails', 'column', 'composite', 3, 'character varying(12)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'exchange_code', 8, 'character varying(50)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'figi', 2, 'character varying(12)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'isin', 5, 'character varying(12)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'metadata', 15, 'text|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'name', 7, 'character varying(255)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'raw_payload', 16, 'json|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'security_description', 12, 'character varying(255)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'security_market_sector', 11, 'character varying(50)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'security_type', 9, 'character varying(50)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'security_type_2', 10, 'character varying(50)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'share_class', 4, 'character varying(12)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'ticker', 6, 'character varying(50)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'unique_id', 13, 'character varying(255)|NULL|', 1, 15),
('openfigiassetdetails', 'column', 'unique_id_fut_opt', 14, 'character varying(255)|NULL|', 1, 15),
('openfigiassetdetails', 'fk', '{N:fk|{t:openfigiassetdetails}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE CASCADE', 1, 15),
('openfigiassetdetails', 'index', '{N:ix|{t:openfigiassetdetails}|figi}', 0, 'CREATE INDEX {I} ON {T:openfigiassetdetails} USING btree (figi)', 1, 15),
('openfigiassetdetails', 'index', '{N:ix|{t:openfigiassetdetails}|isin}', 0, 'CREATE INDEX {I} ON {T:openfigiassetdetails} USING btree (isin)', 1, 15),
('openfigiassetdetails', 'index', '{N:ix|{t:openfigiassetdetails}|ticker}', 0, 'CREATE INDEX {I} ON {T:openfigiassetdetails} USING btree (ticker)', 1, 15),
('openfigiassetdetails', 'pk', '{N:pk|{t:openfigiassetdetails}}', 0, 'PRIMARY KEY (asset_uid)', 1, 15),
('openfigiassetdetails', 'table', '{t:openfigiassetdetails}', 0, '', 1, 15),
('ordereventsts', 'column', 'event_metadata', 4, 'jsonb|NULL|', 1, 15),
('ordereventsts', 'column', 'event_time', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('ordereventsts', 'column', 'order_identifier', 2, 'character varying|NOT NULL|', 1, 15),
('ordereventsts', 'column', 'order_status', 3, 'character varying|NULL|', 1, 15),
('ordereventsts', 'index', '{N:uix|{t:ordereventsts}|event_time|order_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:ordereventsts} USING btree (event_time, order_identifier)', 1, 15),
('ordereventsts', 'table', '{t:ordereventsts}', 0, '', 1, 15),
('ordermanager', 'column', 'execution_end', 6, 'timestamp with time zone|NULL|', 1, 15),
('ordermanager', 'column', 'metadata_json', 8, 'json|NULL|', 1, 15),
('ordermanager', 'column', 'order_received_time', 5, 'timestamp with time zone|NULL|', 1, 15),
('ordermanager', 'column', 'status', 7, 'character varying(64)|NULL|', 1, 15),
('ordermanager', 'column', 'target_account_uid', 3, 'uuid|NOT NULL|', 1, 15),
('ordermanager', 'column', 'target_time', 4, 'timestamp with time zone|NOT NULL|', 1, 15),
('ordermanager', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('ordermanager', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('ordermanager', 'fk', '{N:fk|{t:ordermanager}|target_account_uid|{t:account}|uid}', 0, 'FOREIGN KEY (target_account_uid) REFERENCES {T:account}(uid) ON DELETE CASCADE', 1, 15),
('ordermanager', 'index', '{N:ix|{t:ordermanager}|status}', 0, 'CREATE INDEX {I} ON {T:ordermanager} USING btree (status)', 1, 15),
('ordermanager', 'index', '{N:ix|{t:ordermanager}|target_account_uid}', 0, 'CREATE INDEX {I} ON {T:ordermanager} USING btree (target_account_uid)', 1, 15),
('ordermanager', 'index', '{N:uix|{t:ordermanager}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:ordermanager} USING btree (unique_identifier)', 1, 15),
('ordermanager', 'pk', '{N:pk|{t:ordermanager}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('ordermanager', 'table', '{t:ordermanager}', 0, '', 1, 15),
('ordersts', 'column', 'account_identifier', 3, 'character varying|NOT NULL|', 1, 15),
('ordersts', 'column', 'asset_identifier', 6, 'character varying|NOT NULL|', 1, 15),
('ordersts', 'column', 'client_order_id', 8, 'character varying|NULL|', 1, 15),
('ordersts', 'column', 'comments', 18, 'character varying|NULL|', 1, 15),
('ordersts', 'column', 'expires_time', 15, 'timestamp with time zone|NULL|', 1, 15),
('ordersts', 'column', 'filled_price', 14, 'double precision|NULL|', 1, 15),
('ordersts', 'column', 'filled_quantity', 13, 'double precision|NULL|', 1, 15),
('ordersts', 'column', 'fund_identifier', 4, 'character varying|NULL|', 1, 1),
('ordersts', 'column', 'limit_price', 16, 'double precision|NULL|', 1, 15),
('ordersts', 'column', 'order_identifier', 2, 'character varying|NOT NULL|', 1, 15),
('ordersts', 'column', 'order_manager_identifier', 5, 'character varying|NULL|', 1, 15),
('ordersts', 'column', 'order_remote_id', 7, 'character varying|NULL|', 1, 15),
('ordersts', 'column', 'order_side', 10, 'bigint|NULL|', 1, 15),
('ordersts', 'column', 'order_time', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('ordersts', 'column', 'order_type', 9, 'character varying|NULL|', 1, 15),
('ordersts', 'column', 'quantity', 11, 'double precision|NULL|', 1, 15),
('ordersts', 'column', 'status', 12, 'character varying|NULL|', 1, 15),
('ordersts', 'column', 'time_in_force', 17, 'character varying|NULL|', 1, 15),
('ordersts', 'column', 'venue_metadata', 19, 'jsonb|NULL|', 1, 15),
('ordersts', 'fk', '{N:fk|{t:ordersts}|account_identifier|{t:account}|unique_identifier}', 0, 'FOREIGN KEY (account_identifier) REFERENCES {T:account}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('ordersts', 'fk', '{N:fk|{t:ordersts}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('ordersts', 'fk', '{N:fk|{t:ordersts}|order_manager_identifier|{t:ordermanager}|unique_identifier}', 0, 'FOREIGN KEY (order_manager_identifier) REFERENCES {T:ordermanager}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('ordersts', 'index', '{N:uix|{t:ordersts}|order_time|order_identifier|account_identifier|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:ordersts} USING btree (order_time, order_identifier, account_identifier, asset_identifier)', 1, 15),
('ordersts', 'table', '{t:ordersts}', 0, '', 1, 15),
('portfolio', 'column', 'backtest_table_price_column_name', 9, 'character varying(20)|NOT NULL|', 1, 15),
('portfolio', 'column', 'calendar_name', 3, 'character varying(255)|NULL|', 1, 2),
('portfolio', 'column', 'calendar_uid', 4, 'uuid|NOT NULL|', 3, 15),
('portfolio', 'column', 'calendar_uid', 4, 'uuid|NULL|', 1, 2),
('portfolio', 'column', 'portfolio_data_node_uid', 8, 'uuid|NULL|', 1, 15),
('portfolio', 'column', 'portfolio_weights_data_node_uid', 6, 'uuid|NULL|', 1, 15),
('portfolio', 'column', 'published_index_uid', 5, 'uuid|NULL|', 1, 15),
('portfolio', 'column', 'signal_uid', 10, 'character varying(255)|NULL|', 4, 15),
('portfolio', 'column', 'signal_weights_data_node_uid', 7, 'uuid|NULL|', 1, 15),
('portfolio', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('portfolio', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('portfolio', 'fk', '{N:fk|{t:portfolio}|calendar_uid|{t:calendar}|uid}', 0, 'FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE RESTRICT', 3, 15),
('portfolio', 'fk', '{N:fk|{t:portfolio}|calendar_uid|{t:calendar}|uid}', 0, 'FOREIGN KEY (calendar_uid) REFERENCES {T:calendar}(uid) ON DELETE SET NULL', 1, 2),
('portfolio', 'fk', '{N:fk|{t:portfolio}|published_index_uid|{t:index}|uid}', 0, 'FOREIGN KEY (published_index_uid) REFERENCES {T:index}(uid) ON DELETE SET NULL', 1, 15),
('portfolio', 'fk', '{S:fk__{t:portfolio}__signal_uid__{t:signalmetadata}}', 0, 'FOREIGN KEY (signal_uid) REFERENCES {T:signalmetadata}(signal_uid) ON DELETE RESTRICT', 4, 4),
('portfolio', 'fk', '{N:fk|{t:portfolio}|signal_uid|signalmetadata}', 0, 'FOREIGN KEY (signal_uid) REFERENCES {T:signalmetadata}(signal_uid) ON DELETE RESTRICT', 5, 15),
('portfolio', 'index', '{N:ix|{t:portfolio}|calendar_name}', 0, 'CREATE INDEX {I} ON {T:portfolio} USING btree (calendar_name)', 1, 2),
('portfolio', 'index', '{N:ix|{t:portfolio}|calendar_uid}', 0, 'CREATE INDEX {I} ON {T:portfolio} USING btree (calendar_uid)', 1, 15),
('portfolio', 'index', '{N:ix|{t:portfolio}|published_index_uid}', 0, 'CREATE INDEX {I} ON {T:portfolio} USING btree (published_index_uid)', 1, 15),
('portfolio', 'index', '{N:ix|{t:portfolio}|signal_uid}', 0, 'CREATE INDEX {I} ON {T:portfolio} USING btree (signal_uid)', 4, 15),
('portfolio', 'index', '{N:uix|{t:portfolio}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:portfolio} USING btree (unique_identifier)', 1, 15),
('portfolio', 'pk', '{N:pk|{t:portfolio}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('portfolio', 'table', '{t:portfolio}', 0, '', 1, 15),
('portfoliogroup', 'column', 'description', 4, 'text|NULL|', 6, 15),
('portfoliogroup', 'column', 'display_name', 3, 'character varying(255)|NOT NULL|', 6, 15),
('portfoliogroup', 'column', 'metadata_json', 5, 'json|NULL|', 6, 15),
('portfoliogroup', 'column', 'uid', 1, 'uuid|NOT NULL|', 6, 15),
('portfoliogroup', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 6, 15),
('portfoliogroup', 'index', '{N:ix|{t:portfoliogroup}|display_name}', 0, 'CREATE INDEX {I} ON {T:portfoliogroup} USING btree (display_name)', 6, 15),
('portfoliogroup', 'index', '{N:uix|{t:portfoliogroup}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:portfoliogroup} USING btree (unique_identifier)', 6, 15),
('portfoliogroup', 'pk', '{N:pk|{t:portfoliogroup}}', 0, 'PRIMARY KEY (uid)', 6, 15),
('portfoliogroup', 'table', '{t:portfoliogroup}', 0, '', 6, 15),
('portfoliogroupmembership', 'column', 'portfolio_group_uid', 2, 'uuid|NOT NULL|', 6, 15),
('portfoliogroupmembership', 'column', 'portfolio_uid', 3, 'uuid|NOT NULL|', 6, 15),
('portfoliogroupmembership', 'column', 'uid', 1, 'uuid|NOT NULL|', 6, 15),
('portfoliogroupmembership', 'fk', '{N:fk|{t:portfoliogroupmembership}|portfolio_group_uid|{t:portfoliogroup}|uid}', 0, 'FOREIGN KEY (portfolio_group_uid) REFERENCES {T:portfoliogroup}(uid) ON DELETE CASCADE', 6, 15),
('portfoliogroupmembership', 'fk', '{N:fk|{t:portfoliogroupmembership}|portfolio_uid|{t:portfolio}|uid}', 0, 'FOREIGN KEY (portfolio_uid) REFERENCES {T:portfolio}(uid) ON DELETE CASCADE', 6, 15),
('portfoliogroupmembership', 'index', '{N:ix|{t:portfoliogroupmembership}|portfolio_group_uid}', 0, 'CREATE INDEX {I} ON {T:portfoliogroupmembership} USING btree (portfolio_group_uid)', 6, 15),
('portfoliogroupmembership', 'index', '{N:ix|{t:portfoliogroupmembership}|portfolio_uid}', 0, 'CREATE INDEX {I} ON {T:portfoliogroupmembership} USING btree (portfolio_uid)', 6, 15),
('portfoliogroupmembership', 'index', '{N:uix|{t:portfoliogroupmembership}|portfolio_group_uid|portfolio_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:portfoliogroupmembership} USING btree (portfolio_group_uid, portfolio_uid)', 6, 15),
('portfoliogroupmembership', 'pk', '{N:pk|{t:portfoliogroupmembership}}', 0, 'PRIMARY KEY (uid)', 6, 15),
('portfoliogroupmembership', 'table', '{t:portfoliogroupmembership}', 0, '', 6, 15),
('portfoliometadata', 'column', 'description', 3, 'text|NULL|', 1, 15),
('portfoliometadata', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('portfoliometadata', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('portfoliometadata', 'index', '{N:uix|{t:portfoliometadata}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:portfoliometadata} USING btree (unique_identifier)', 1, 15),
('portfoliometadata', 'pk', '{N:pk|{t:portfoliometadata}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('portfoliometadata', 'table', '{t:portfoliometadata}', 0, '', 1, 15),
('portfoliosts', 'column', 'calculated_close', 5, 'double precision|NULL|', 1, 15),
('portfoliosts', 'column', 'close', 3, 'double precision|NULL|', 1, 15),
('portfoliosts', 'column', 'close_time', 6, 'timestamp with time zone|NULL|', 1, 15),
('portfoliosts', 'column', 'portfolio_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('portfoliosts', 'column', 'return', 4, 'double precision|NULL|', 1, 15),
('portfoliosts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('portfoliosts', 'fk', '{N:fk|{t:portfoliosts}|portfolio_identifier|{t:portfolio}|unique_identifier}', 0, 'FOREIGN KEY (portfolio_identifier) REFERENCES {T:portfolio}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('portfoliosts', 'index', '{N:uix|{t:portfoliosts}|time_index|portfolio_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:portfoliosts} USING btree (time_index, portfolio_identifier)', 1, 15),
('portfoliosts', 'table', '{t:portfoliosts}', 0, '', 1, 15),
('portfolioweightsts', 'column', 'asset_identifier', 3, 'character varying|NOT NULL|', 1, 15),
('portfolioweightsts', 'column', 'portfolio_identifier', 2, 'character varying|NOT NULL|', 1, 15),
('portfolioweightsts', 'column', 'price_before', 7, 'double precision|NULL|', 1, 15),
('portfolioweightsts', 'column', 'price_current', 6, 'double precision|NULL|', 1, 15),
('portfolioweightsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('portfolioweightsts', 'column', 'volume_before', 9, 'double precision|NULL|', 1, 15),
('portfolioweightsts', 'column', 'volume_current', 8, 'double precision|NULL|', 1, 15),
('portfolioweightsts', 'column', 'weight', 4, 'double precision|NULL|', 1, 15),
('portfolioweightsts', 'column', 'weight_before', 5, 'double precision|NULL|', 1, 15),
('portfolioweightsts', 'fk', '{N:fk|{t:portfolioweightsts}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('portfolioweightsts', 'fk', '{N:fk|{t:portfolioweightsts}|portfolio_identifier|{t:portfolio}|unique_identifier}', 0, 'FOREIGN KEY (portfolio_identifier) REFERENCES {T:portfolio}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('portfolioweightsts', 'index', '{N:uix|{t:portfolioweightsts}|time_index|portfolio_identifier|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:portfolioweightsts} USING btree (time_index, portfolio_identifier, asset_identifier)', 1, 15),
('portfolioweightsts', 'table', '{t:portfolioweightsts}', 0, '', 1, 15),
('positionset', 'column', 'account_target_allocation_uid', 2, 'uuid|NOT NULL|', 1, 15),
('positionset', 'column', 'metadata_json', 5, 'json|NULL|', 1, 15),
('positionset', 'column', 'position_set_time', 3, 'timestamp with time zone|NOT NULL|', 1, 15),
('positionset', 'column', 'source', 4, 'character varying(255)|NULL|', 1, 15),
('positionset', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('positionset', 'fk', '{N:fk|{t:positionset}|account_target_allocation_uid|{t:accounttargetallocation}|uid}', 0, 'FOREIGN KEY (account_target_allocation_uid) REFERENCES {T:accounttargetallocation}(uid) ON DELETE CASCADE', 1, 15),
('positionset', 'index', '{N:ix|{t:positionset}|account_target_allocation_uid}', 0, 'CREATE INDEX {I} ON {T:positionset} USING btree (account_target_allocation_uid)', 1, 15),
('positionset', 'index', '{N:ix|{t:positionset}|position_set_time}', 0, 'CREATE INDEX {I} ON {T:positionset} USING btree (position_set_time)', 1, 15),
('positionset', 'index', '{N:uix|{t:positionset}|account_target_allocation_uid|position_set_time}', 0, 'CREATE UNIQUE INDEX {I} ON {T:positionset} USING btree (account_target_allocation_uid, position_set_time)', 1, 15),
('positionset', 'pk', '{N:pk|{t:positionset}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('positionset', 'table', '{t:positionset}', 0, '', 1, 15),
('pricingmarketdataset', 'column', 'description', 4, 'text|NULL|', 1, 15),
('pricingmarketdataset', 'column', 'display_name', 3, 'character varying(255)|NOT NULL|', 1, 15),
('pricingmarketdataset', 'column', 'metadata', 6, 'json|NULL|', 1, 15),
('pricingmarketdataset', 'column', 'set_key', 2, 'character varying(64)|NOT NULL|', 1, 15),
('pricingmarketdataset', 'column', 'status', 5, 'character varying(32)|NOT NULL|', 1, 15),
('pricingmarketdataset', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('pricingmarketdataset', 'index', '{N:ix|{t:pricingmarketdataset}|status}', 0, 'CREATE INDEX {I} ON {T:pricingmarketdataset} USING btree (status)', 1, 15),
('pricingmarketdataset', 'index', '{N:uix|{t:pricingmarketdataset}|set_key}', 0, 'CREATE UNIQUE INDEX {I} ON {T:pricingmarketdataset} USING btree (set_key)', 1, 15),
('pricingmarketdataset', 'pk', '{N:pk|{t:pricingmarketdataset}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('pricingmarketdataset', 'table', '{t:pricingmarketdataset}', 0, '', 1, 15),
('pricingmarketdatasetbinding', 'column', 'concept_key', 3, 'character varying(128)|NOT NULL|', 1, 15),
('pricingmarketdatasetbinding', 'column', 'data_node_uid', 4, 'uuid|NOT NULL|', 1, 15),
('pricingmarketdatasetbinding', 'column', 'market_data_set_uid', 2, 'uuid|NOT NULL|', 1, 15),
('pricingmarketdatasetbinding', 'column', 'metadata', 7, 'json|NULL|', 1, 15),
('pricingmarketdatasetbinding', 'column', 'source', 6, 'character varying(255)|NULL|', 1, 15),
('pricingmarketdatasetbinding', 'column', 'storage_table_identifier', 5, 'character varying(255)|NULL|', 1, 15),
('pricingmarketdatasetbinding', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('pricingmarketdatasetbinding', 'fk', '{N:fk|{t:pricingmarketdatasetbinding}|market_data_set_uid|{t:pricingmarketdataset}|uid}', 0, 'FOREIGN KEY (market_data_set_uid) REFERENCES {T:pricingmarketdataset}(uid) ON DELETE CASCADE', 1, 15),
('pricingmarketdatasetbinding', 'index', '{N:ix|{t:pricingmarketdatasetbinding}|concept_key}', 0, 'CREATE INDEX {I} ON {T:pricingmarketdatasetbinding} USING btree (concept_key)', 1, 15),
('pricingmarketdatasetbinding', 'index', '{N:ix|{t:pricingmarketdatasetbinding}|data_node_uid}', 0, 'CREATE INDEX {I} ON {T:pricingmarketdatasetbinding} USING btree (data_node_uid)', 1, 15),
('pricingmarketdatasetbinding', 'index', '{N:uix|{t:pricingmarketdatasetbinding}|market_data_set_uid|concept_key}', 0, 'CREATE UNIQUE INDEX {I} ON {T:pricingmarketdatasetbinding} USING btree (market_data_set_uid, concept_key)', 1, 15),
('pricingmarketdatasetbinding', 'pk', '{N:pk|{t:pricingmarketdatasetbinding}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('pricingmarketdatasetbinding', 'table', '{t:pricingmarketdatasetbinding}', 0, '', 1, 15),
('pricingmarketdatasetcurvebinding', 'column', 'binding_key', 3, 'character varying(255)|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'curve_uid', 8, 'uuid|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'market_data_set_uid', 2, 'uuid|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'metadata', 12, 'json|NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'priority', 10, 'integer|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'quote_side', 7, 'character varying(32)|NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'role_key', 4, 'character varying(64)|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'selector_key', 6, 'character varying(255)|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'selector_type', 5, 'character varying(64)|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'source', 9, 'character varying(255)|NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'status', 11, 'character varying(32)|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'column', 'uid', 1, 'uuid|NOT NULL|', 7, 15),
('pricingmarketdatasetcurvebinding', 'fk', '{N:fk|{t:pricingmarketdatasetcurvebinding}|curve_uid|{t:curve}|uid}', 0, 'FOREIGN KEY (curve_uid) REFERENCES {T:curve}(uid) ON DELETE RESTRICT', 7, 15),
('pricingmarketdatasetcurvebinding', 'fk', '{N:fk|{t:pricingmarketdatasetcurvebinding}|market_data_set_uid|{t:pricingmarketdataset}|uid}', 0, 'FOREIGN KEY (market_data_set_uid) REFERENCES {T:pricingmarketdataset}(uid) ON DELETE CASCADE', 7, 15),
('pricingmarketdatasetcurvebinding', 'index', '{N:ix|{t:pricingmarketdatasetcurvebinding}|curve_uid}', 0, 'CREATE INDEX {I} ON {T:pricingmarketdatasetcurvebinding} USING btree (curve_uid)', 7, 15),
('pricingmarketdatasetcurvebinding', 'index', '{N:ix|{t:pricingmarketdatasetcurvebinding}|quote_side}', 0, 'CREATE INDEX {I} ON {T:pricingmarketdatasetcurvebinding} USING btree (quote_side)', 7, 15),
('pricingmarketdatasetcurvebinding', 'index', '{N:ix|{t:pricingmarketdatasetcurvebinding}|role_key}', 0, 'CREATE INDEX {I} ON {T:pricingmarketdatasetcurvebinding} USING btree (role_key)', 7, 15),
('pricingmarketdatasetcurvebinding', 'index', '{N:ix|{t:pricingmarketdatasetcurvebinding}|selector_type|selector_key}', 0, 'CREATE INDEX {I} ON {T:pricingmarketdatasetcurvebinding} USING btree (selector_type, selector_key)', 7, 15),
('pricingmarketdatasetcurvebinding', 'index', '{N:ix|{t:pricingmarketdatasetcurvebinding}|status}', 0, 'CREATE INDEX {I} ON {T:pricingmarketdatasetcurvebinding} USING btree (status)', 7, 15),
('pricingmarketdatasetcurvebinding', 'index', '{N:uix|{t:pricingmarketdatasetcurvebinding}|market_data_set_uid|binding_key}', 0, 'CREATE UNIQUE INDEX {I} ON {T:pricingmarketdatasetcurvebinding} USING btree (market_data_set_uid, binding_key)', 7, 15),
('pricingmarketdatasetcurvebinding', 'pk', '{N:pk|{t:pricingmarketdatasetcurvebinding}}', 0, 'PRIMARY KEY (uid)', 7, 15),
('pricingmarketdatasetcurvebinding', 'table', '{t:pricingmarketdatasetcurvebinding}', 0, '', 7, 15),
('rebalancestrategymetadata', 'column', 'configuration_json', 4, 'json|NULL|', 1, 15),
('rebalancestrategymetadata', 'column', 'rebalance_strategy_description', 3, 'text|NULL|', 1, 15),
('rebalancestrategymetadata', 'column', 'rebalance_strategy_uid', 2, 'character varying(255)|NOT NULL|', 1, 15),
('rebalancestrategymetadata', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('rebalancestrategymetadata', 'index', '{N:uix|{t:rebalancestrategymetadata}|rebalance_strategy_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:rebalancestrategymetadata} USING btree (rebalance_strategy_uid)', 1, 15),
('rebalancestrategymetadata', 'pk', '{N:pk|{t:rebalancestrategymetadata}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('rebalancestrategymetadata', 'table', '{t:rebalancestrategymetadata}', 0, '', 1, 15),
('signalmetadata', 'column', 'signal_description', 3, 'text|NULL|', 1, 15),
('signalmetadata', 'column', 'signal_uid', 2, 'character varying(255)|NOT NULL|', 1, 15),
('signalmetadata', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('signalmetadata', 'index', '{N:uix|{t:signalmetadata}|signal_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:signalmetadata} USING btree (signal_uid)', 1, 15),
('signalmetadata', 'pk', '{N:pk|{t:signalmetadata}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('signalmetadata', 'table', '{t:signalmetadata}', 0, '', 1, 15),
('signalweightsts', 'column', 'asset_identifier', 3, 'character varying|NOT NULL|', 1, 15),
('signalweightsts', 'column', 'signal_uid', 2, 'character varying(255)|NOT NULL|', 1, 15),
('signalweightsts', 'column', 'signal_weight', 4, 'double precision|NULL|', 1, 15),
('signalweightsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('signalweightsts', 'fk', '{N:fk|{t:signalweightsts}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('signalweightsts', 'fk', '{N:fk|{t:signalweightsts}|signal_uid|{t:signalmetadata}|signal_uid}', 0, 'FOREIGN KEY (signal_uid) REFERENCES {T:signalmetadata}(signal_uid) ON DELETE RESTRICT', 1, 15),
('signalweightsts', 'index', '{N:uix|{t:signalweightsts}|time_index|signal_uid|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:signalweightsts} USING btree (time_index, signal_uid, asset_identifier)', 1, 15),
('signalweightsts', 'table', '{t:signalweightsts}', 0, '', 1, 15),
('targetpositionsts', 'check', '{N:ck|{t:targetpositionsts}|ck_target_positions_target_type}', 0, 'CHECK (((target_type)::text = ANY ((ARRAY[''asset''::character varying, ''portfolio''::character varying])::text[])))', 1, 15),
('targetpositionsts', 'check', '{N:ck|{t:targetpositionsts}|ck_target_positions_single_exposure}', 0, 'CHECK (((( CASE WHEN (weight_notional_exposure IS NOT NULL) THEN 1 ELSE 0 END + CASE WHEN (constant_notional_exposure IS NOT NULL) THEN 1 ELSE 0 END) + CASE WHEN (single_asset_quantity IS NOT NULL) THEN 1 ELSE 0 END) = 1))', 1, 15),
('targetpositionsts', 'check', '{N:ck|{t:targetpositionsts}|ck_target_positions_target_reference}', 0, 'CHECK (((((target_type)::text = ''asset''::text) AND (asset_uid IS NOT NULL) AND (portfolio_uid IS NULL) AND (target_uid = asset_uid)) OR (((target_type)::text = ''portfolio''::text) AND (portfolio_uid IS NOT NULL) AND (asset_uid IS NULL) AND (target_uid = portfolio_uid))))', 1, 15),
('targetpositionsts', 'column', 'asset_uid', 5, 'uuid|NULL|', 1, 15),
('targetpositionsts', 'column', 'constant_notional_exposure', 8, 'double precision|NULL|', 1, 15),
('targetpositionsts', 'column', 'metadata_json', 10, 'jsonb|NULL|', 1, 15),
('targetpositionsts', 'column', 'portfolio_uid', 6, 'uuid|NULL|', 1, 15),
('targetpositionsts', 'column', 'position_set_uid', 2, 'uuid|NOT NULL|', 1, 15),
('targetpositionsts', 'column', 'single_asset_quantity', 9, 'double precision|NULL|', 1, 15),
('targetpositionsts', 'column', 'target_type', 3, 'character varying(32)|NOT NULL|', 1, 15),
('targetpositionsts', 'column', 'target_uid', 4, 'uuid|NOT NULL|', 1, 15),
('targetpositionsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('targetpositionsts', 'column', 'weight_notional_exposure', 7, 'double precision|NULL|', 1, 15),
('targetpositionsts', 'fk', '{N:fk|{t:targetpositionsts}|asset_uid|{t:asset}|uid}', 0, 'FOREIGN KEY (asset_uid) REFERENCES {T:asset}(uid) ON DELETE RESTRICT', 1, 15),
('targetpositionsts', 'fk', '{N:fk|{t:targetpositionsts}|portfolio_uid|{t:portfolio}|uid}', 0, 'FOREIGN KEY (portfolio_uid) REFERENCES {T:portfolio}(uid) ON DELETE RESTRICT', 1, 15),
('targetpositionsts', 'fk', '{N:fk|{t:targetpositionsts}|position_set_uid|{t:positionset}|uid}', 0, 'FOREIGN KEY (position_set_uid) REFERENCES {T:positionset}(uid) ON DELETE CASCADE', 1, 15),
('targetpositionsts', 'index', '{N:ix|{t:targetpositionsts}|asset_uid}', 0, 'CREATE INDEX {I} ON {T:targetpositionsts} USING btree (asset_uid)', 1, 15),
('targetpositionsts', 'index', '{N:ix|{t:targetpositionsts}|portfolio_uid}', 0, 'CREATE INDEX {I} ON {T:targetpositionsts} USING btree (portfolio_uid)', 1, 15),
('targetpositionsts', 'index', '{N:ix|{t:targetpositionsts}|position_set_uid|target_type|target_uid}', 0, 'CREATE INDEX {I} ON {T:targetpositionsts} USING btree (position_set_uid, target_type, target_uid)', 1, 15),
('targetpositionsts', 'index', '{N:uix|{t:targetpositionsts}|time_index|position_set_uid|target_type|target_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:targetpositionsts} USING btree (time_index, position_set_uid, target_type, target_uid)', 1, 15),
('targetpositionsts', 'table', '{t:targetpositionsts}', 0, '', 1, 15),
('tradests', 'column', 'account_identifier', 3, 'character varying|NOT NULL|', 1, 15),
('tradests', 'column', 'asset_identifier', 6, 'character varying|NOT NULL|', 1, 15),
('tradests', 'column', 'comments', 14, 'character varying|NULL|', 1, 15),
('tradests', 'column', 'commission', 10, 'double precision|NULL|', 1, 15),
('tradests', 'column', 'commission_asset_identifier', 11, 'character varying|NULL|', 1, 15),
('tradests', 'column', 'fund_identifier', 4, 'character varying|NULL|', 1, 1),
('tradests', 'column', 'order_identifier', 5, 'character varying|NULL|', 1, 15),
('tradests', 'column', 'price', 9, 'double precision|NULL|', 1, 15),
('tradests', 'column', 'quantity', 8, 'double precision|NULL|', 1, 15),
('tradests', 'column', 'settlement_asset_identifier', 13, 'character varying|NULL|', 1, 15),
('tradests', 'column', 'settlement_cost', 12, 'double precision|NULL|', 1, 15),
('tradests', 'column', 'trade_identifier', 2, 'character varying|NOT NULL|', 1, 15),
('tradests', 'column', 'trade_side', 7, 'bigint|NULL|', 1, 15),
('tradests', 'column', 'trade_time', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('tradests', 'column', 'venue_metadata', 15, 'jsonb|NULL|', 1, 15),
('tradests', 'fk', '{N:fk|{t:tradests}|account_identifier|{t:account}|unique_identifier}', 0, 'FOREIGN KEY (account_identifier) REFERENCES {T:account}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('tradests', 'fk', '{N:fk|{t:tradests}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('tradests', 'fk', '{N:fk|{t:tradests}|commission_asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (commission_asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('tradests', 'fk', '{N:fk|{t:tradests}|settlement_asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (settlement_asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 2, 15),
('tradests', 'index', '{N:uix|{t:tradests}|trade_time|trade_identifier|account_identifier|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:tradests} USING btree (trade_time, trade_identifier, account_identifier, asset_identifier)', 1, 15),
('tradests', 'table', '{t:tradests}', 0, '', 1, 15),
('virtualfund', 'column', 'account_uid', 3, 'uuid|NOT NULL|', 1, 15),
('virtualfund', 'column', 'target_portfolio_uid', 4, 'uuid|NOT NULL|', 1, 15),
('virtualfund', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('virtualfund', 'column', 'unique_identifier', 2, 'character varying(255)|NOT NULL|', 1, 15),
('virtualfund', 'fk', '{N:fk|{t:virtualfund}|account_uid|{t:account}|uid}', 0, 'FOREIGN KEY (account_uid) REFERENCES {T:account}(uid) ON DELETE CASCADE', 1, 15),
('virtualfund', 'fk', '{N:fk|{t:virtualfund}|target_portfolio_uid|{t:portfolio}|uid}', 0, 'FOREIGN KEY (target_portfolio_uid) REFERENCES {T:portfolio}(uid) ON DELETE RESTRICT', 1, 15),
('virtualfund', 'index', '{N:ix|{t:virtualfund}|account_uid}', 0, 'CREATE INDEX {I} ON {T:virtualfund} USING btree (account_uid)', 1, 15),
('virtualfund', 'index', '{N:ix|{t:virtualfund}|target_portfolio_uid}', 0, 'CREATE INDEX {I} ON {T:virtualfund} USING btree (target_portfolio_uid)', 1, 15),
('virtualfund', 'index', '{N:uix|{t:virtualfund}|unique_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:virtualfund} USING btree (unique_identifier)', 1, 15),
('virtualfund', 'pk', '{N:pk|{t:virtualfund}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('virtualfund', 'table', '{t:virtualfund}', 0, '', 1, 15),
('virtualfundholdingsset', 'column', 'source_account_holdings_set_uid', 3, 'uuid|NOT NULL|', 1, 15),
('virtualfundholdingsset', 'column', 'time_index', 4, 'timestamp with time zone|NOT NULL|', 1, 15),
('virtualfundholdingsset', 'column', 'uid', 1, 'uuid|NOT NULL|', 1, 15),
('virtualfundholdingsset', 'column', 'virtual_fund_uid', 2, 'uuid|NOT NULL|', 1, 15),
('virtualfundholdingsset', 'fk', '{N:fk|{t:virtualfundholdingsset}|source_account_holdings_set_uid|{t:accountholdingsset}|uid}', 0, 'FOREIGN KEY (source_account_holdings_set_uid) REFERENCES {T:accountholdingsset}(uid) ON DELETE RESTRICT', 1, 15),
('virtualfundholdingsset', 'fk', '{N:fk|{t:virtualfundholdingsset}|virtual_fund_uid|{t:virtualfund}|uid}', 0, 'FOREIGN KEY (virtual_fund_uid) REFERENCES {T:virtualfund}(uid) ON DELETE CASCADE', 1, 15),
('virtualfundholdingsset', 'index', '{N:ix|{t:virtualfundholdingsset}|source_account_holdings_set_uid}', 0, 'CREATE INDEX {I} ON {T:virtualfundholdingsset} USING btree (source_account_holdings_set_uid)', 1, 15),
('virtualfundholdingsset', 'index', '{N:ix|{t:virtualfundholdingsset}|virtual_fund_uid}', 0, 'CREATE INDEX {I} ON {T:virtualfundholdingsset} USING btree (virtual_fund_uid)', 1, 15),
('virtualfundholdingsset', 'index', '{N:uix|{t:virtualfundholdingsset}|virtual_fund_uid|source_account_holdings_set_uid}', 0, 'CREATE UNIQUE INDEX {I} ON {T:virtualfundholdingsset} USING btree (virtual_fund_uid, source_account_holdings_set_uid)', 1, 15),
('virtualfundholdingsset', 'pk', '{N:pk|{t:virtualfundholdingsset}}', 0, 'PRIMARY KEY (uid)', 1, 15),
('virtualfundholdingsset', 'table', '{t:virtualfundholdingsset}', 0, '', 1, 15),
('virtualfundholdingsts', 'check', '{N:ck|{t:virtualfundholdingsts}|ck_virtual_fund_holdings_direction}', 0, 'CHECK ((direction = ANY (ARRAY[1, ''-1''::integer])))', 1, 15),
('virtualfundholdingsts', 'column', 'allocated_quantity', 6, 'double precision|NOT NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'allocation_strategy', 7, 'character varying(64)|NOT NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'asset_identifier', 3, 'character varying(255)|NOT NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'direction', 8, 'smallint|NOT NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'extra_details', 10, 'jsonb|NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'source_account_holdings_set_uid', 5, 'uuid|NOT NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'target_trade_time', 9, 'timestamp with time zone|NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'time_index', 1, 'timestamp with time zone|NOT NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'virtual_fund_holdings_set_uid', 4, 'uuid|NOT NULL|', 1, 15),
('virtualfundholdingsts', 'column', 'virtual_fund_uid', 2, 'uuid|NOT NULL|', 1, 15),
('virtualfundholdingsts', 'fk', '{N:fk|{t:virtualfundholdingsts}|asset_identifier|{t:asset}|unique_identifier}', 0, 'FOREIGN KEY (asset_identifier) REFERENCES {T:asset}(unique_identifier) ON DELETE RESTRICT', 1, 15),
('virtualfundholdingsts', 'fk', '{N:fk|{t:virtualfundholdingsts}|source_account_holdings_set_uid|{t:accountholdingsset}|uid}', 0, 'FOREIGN KEY (source_account_holdings_set_uid) REFERENCES {T:accountholdingsset}(uid) ON DELETE RESTRICT', 1, 15),
('virtualfundholdingsts', 'fk', '{N:fk|{t:virtualfundholdingsts}|virtual_fund_uid|{t:virtualfund}|uid}', 0, 'FOREIGN KEY (virtual_fund_uid) REFERENCES {T:virtualfund}(uid) ON DELETE CASCADE', 1, 15),
('virtualfundholdingsts', 'fk', '{N:fk|{t:virtualfundholdingsts}|virtual_fund_holdings_set_uid|{t:virtualfundholdingsset}|uid}', 0, 'FOREIGN KEY (virtual_fund_holdings_set_uid) REFERENCES {T:virtualfundholdingsset}(uid) ON DELETE CASCADE', 1, 15),
('virtualfundholdingsts', 'index', '{N:uix|{t:virtualfundholdingsts}|time_index|virtual_fund_uid|asset_identifier}', 0, 'CREATE UNIQUE INDEX {I} ON {T:virtualfundholdingsts} USING btree (time_index, virtual_fund_uid, asset_identifier)', 1, 15),
('virtualfundholdingsts', 'table', '{t:virtualfundholdingsts}', 0, '', 1, 15);

-- The built-in model catalogue in upstream's registry order (generated: test/tools/gen_catalogue.py)
ALTER TABLE msm.builtin_model ADD COLUMN alias_names text[] NOT NULL DEFAULT '{}';
COMMENT ON COLUMN msm.builtin_model.alias_names IS 'Earlier class names of the model (msm 0.1.0), still accepted as selectors.';
DELETE FROM msm.builtin_check; DELETE FROM msm.builtin_fk; DELETE FROM msm.builtin_index;
DELETE FROM msm.builtin_column;
UPDATE msm.builtin_model SET position = position + 500;
UPDATE msm.builtin_model SET position = 1, class_name = 'AssetTypeTable', alias_names = '{}', revision = '0001' WHERE model_name = 'AssetType';
UPDATE msm.builtin_model SET position = 2, class_name = 'AssetTable', alias_names = '{}', revision = '0001' WHERE model_name = 'Asset';
UPDATE msm.builtin_model SET position = 3, class_name = 'IndexTypeTable', alias_names = '{}', revision = '0001' WHERE model_name = 'IndexType';
UPDATE msm.builtin_model SET position = 4, class_name = 'IndexTable', alias_names = '{}', revision = '0001' WHERE model_name = 'Index';
UPDATE msm.builtin_model SET position = 5, class_name = 'IndexDatasetAvailabilityTable', alias_names = '{}', revision = '0013' WHERE model_name = 'IndexDatasetAvailability';
UPDATE msm.builtin_model SET position = 6, class_name = 'IndexFormulaDefinitionTable', alias_names = '{}', revision = '0015' WHERE model_name = 'IndexFormulaDefinition';
UPDATE msm.builtin_model SET position = 7, class_name = 'IndexFormulaInputTable', alias_names = '{}', revision = '0015' WHERE model_name = 'IndexFormulaInput';
UPDATE msm.builtin_model SET position = 8, class_name = 'IssuerTable', alias_names = '{}', revision = '0001' WHERE model_name = 'Issuer';
UPDATE msm.builtin_model SET position = 9, class_name = 'CurrencySpotAssetDetailsTable', alias_names = '{}', revision = '0001' WHERE model_name = 'CurrencySpotAssetDetails';
UPDATE msm.builtin_model SET position = 10, class_name = 'BondAssetDetailsTable', alias_names = '{}', revision = '0001' WHERE model_name = 'BondAssetDetails';
UPDATE msm.builtin_model SET position = 11, class_name = 'FutureAssetDetailsTable', alias_names = '{}', revision = '0001' WHERE model_name = 'FutureAssetDetails';
UPDATE msm.builtin_model SET position = 12, class_name = 'CalendarTable', alias_names = '{}', revision = '0001' WHERE model_name = 'Calendar';
UPDATE msm.builtin_model SET position = 13, class_name = 'CalendarDateTable', alias_names = '{}', revision = '0001' WHERE model_name = 'CalendarDate';
UPDATE msm.builtin_model SET position = 14, class_name = 'CalendarSessionTable', alias_names = '{}', revision = '0001' WHERE model_name = 'CalendarSession';
UPDATE msm.builtin_model SET position = 15, class_name = 'CalendarEventTable', alias_names = '{}', revision = '0001' WHERE model_name = 'CalendarEvent';
UPDATE msm.builtin_model SET position = 16, class_name = 'SignalMetadataTable', alias_names = '{}', revision = '0001' WHERE model_name = 'SignalMetadata';
UPDATE msm.builtin_model SET position = 17, class_name = 'PortfolioTable', alias_names = '{}', revision = '0001' WHERE model_name = 'Portfolio';
UPDATE msm.builtin_model SET position = 18, class_name = 'PortfolioGroupTable', alias_names = '{}', revision = '0006' WHERE model_name = 'PortfolioGroup';
UPDATE msm.builtin_model SET position = 19, class_name = 'PortfolioGroupMembershipTable', alias_names = '{}', revision = '0006' WHERE model_name = 'PortfolioGroupMembership';
UPDATE msm.builtin_model SET position = 20, class_name = 'AccountAllocationModelTable', alias_names = '{}', revision = '0001' WHERE model_name = 'AccountAllocationModel';
UPDATE msm.builtin_model SET position = 21, class_name = 'AccountGroupTable', alias_names = '{}', revision = '0001' WHERE model_name = 'AccountGroup';
UPDATE msm.builtin_model SET position = 22, class_name = 'AccountTable', alias_names = '{}', revision = '0001' WHERE model_name = 'Account';
UPDATE msm.builtin_model SET position = 23, class_name = 'AccountHoldingsSetTable', alias_names = '{}', revision = '0001' WHERE model_name = 'AccountHoldingsSet';
UPDATE msm.builtin_model SET position = 24, class_name = 'VirtualFundTable', alias_names = '{}', revision = '0001' WHERE model_name = 'VirtualFund';
UPDATE msm.builtin_model SET position = 25, class_name = 'VirtualFundHoldingsSetTable', alias_names = '{}', revision = '0001' WHERE model_name = 'VirtualFundHoldingsSet';
UPDATE msm.builtin_model SET position = 26, class_name = 'AssetCategoryTable', alias_names = '{}', revision = '0001' WHERE model_name = 'AssetCategory';
UPDATE msm.builtin_model SET position = 27, class_name = 'AssetCategoryMembershipTable', alias_names = '{}', revision = '0001' WHERE model_name = 'AssetCategoryMembership';
UPDATE msm.builtin_model SET position = 28, class_name = 'OpenFigiAssetDetailsTable', alias_names = '{}', revision = '0001' WHERE model_name = 'OpenFigiAssetDetails';
UPDATE msm.builtin_model SET position = 29, class_name = 'AccountTargetAllocationTable', alias_names = '{}', revision = '0001' WHERE model_name = 'AccountTargetAllocation';
UPDATE msm.builtin_model SET position = 30, class_name = 'PositionSetTable', alias_names = '{}', revision = '0001' WHERE model_name = 'PositionSet';
UPDATE msm.builtin_model SET position = 31, class_name = 'OrderManagerTable', alias_names = '{}', revision = '0001' WHERE model_name = 'OrderManager';
UPDATE msm.builtin_model SET position = 32, class_name = 'AssetSnapshotsStorage', alias_names = '{AssetSnapshotsTSTable}', revision = '0001' WHERE model_name = 'AssetSnapshotsTS';
UPDATE msm.builtin_model SET position = 33, class_name = 'IndexValuesStorage', alias_names = '{IndexValuesTSTable}', revision = '0011' WHERE model_name = 'IndexValuesTS';
UPDATE msm.builtin_model SET position = 34, class_name = 'AccountHoldingsStorage', alias_names = '{AccountHoldingsTSTable}', revision = '0001' WHERE model_name = 'AccountHoldingsTS';
UPDATE msm.builtin_model SET position = 35, class_name = 'VirtualFundHoldingsStorage', alias_names = '{VirtualFundHoldingsTSTable}', revision = '0001' WHERE model_name = 'VirtualFundHoldingsTS';
UPDATE msm.builtin_model SET position = 36, class_name = 'TargetPositionsStorage', alias_names = '{TargetPositionsTSTable}', revision = '0001' WHERE model_name = 'TargetPositionsTS';
UPDATE msm.builtin_model SET position = 37, class_name = 'OrdersStorage', alias_names = '{OrdersTSTable}', revision = '0001' WHERE model_name = 'OrdersTS';
UPDATE msm.builtin_model SET position = 38, class_name = 'OrderEventsStorage', alias_names = '{OrderEventsTSTable}', revision = '0001' WHERE model_name = 'OrderEventsTS';
UPDATE msm.builtin_model SET position = 39, class_name = 'TradesStorage', alias_names = '{TradesTSTable}', revision = '0001' WHERE model_name = 'TradesTS';
UPDATE msm.builtin_model SET position = 0, class_name = 'MarketsAlembicVersion', alias_names = '{AlembicVersionTable}', revision = '0001' WHERE model_name = 'AlembicVersion';
INSERT INTO msm.builtin_model (position, model_name, class_name, base_identifier, kind, storage_app, description, upsert_keys, time_index_column, revision) VALUES
(40, 'RebalanceStrategyMetadata', 'RebalanceStrategyMetadataTable', 'RebalanceStrategyMetadata', 'meta_table', 'ms_markets', 'One row per rebalance strategy identified by rebalance_strategy_uid, with a free-text description and the JSON configuration that portfolios using the strategy read.', '{rebalance_strategy_uid}', NULL, '0001'),
(41, 'PortfolioMetadata', 'PortfolioMetadataTable', 'PortfolioMetadata', 'meta_table', 'ms_markets', 'One row per portfolio described for the portfolio package, identified by unique_identifier, holding a free-text description shown next to the portfolio.', '{unique_identifier}', NULL, '0001'),
(42, 'PortfolioWeightsTS', 'PortfolioWeightsStorage', 'PortfolioWeightsTS', 'time_index', 'ms_markets', 'Portfolio weight rows keyed by time_index, portfolio_identifier and asset_identifier: the weight of each asset in a portfolio at each rebalance, with prices and volumes before and after.', '{time_index,portfolio_identifier,asset_identifier}', 'time_index', '0001'),
(43, 'SignalWeightsTS', 'SignalWeightsStorage', 'SignalWeightsTS', 'time_index', 'ms_markets', 'Signal weight rows keyed by time_index, signal_uid and asset_identifier: the weight a trading signal assigns to each asset at each time, before any portfolio construction.', '{time_index,signal_uid,asset_identifier}', 'time_index', '0001'),
(44, 'PortfoliosTS', 'PortfoliosStorage', 'PortfoliosTS', 'time_index', 'ms_markets', 'Portfolio value rows keyed by time_index and portfolio_identifier: the closing value and return of each portfolio at each time, as published by its backtest or live run.', '{time_index,portfolio_identifier}', 'time_index', '0001'),
(45, 'ExternalPricesTS', 'ExternalPricesStorage', 'ExternalPricesTS', 'time_index', 'ms_markets', 'External price bars keyed by time_index and asset_identifier: open, high, low and close prices, volume, trade count and VWAP of an asset from an outside source.', '{time_index,asset_identifier}', 'time_index', '0001'),
(46, 'IndexConventionDetails', 'IndexConventionDetailsTable', 'IndexConventionDetails', 'meta_table', 'ms_markets', 'One row per index with pricing conventions, extending Index with its convention family and the serialized convention object that pricing libraries rebuild it from.', '{index_uid}', NULL, '0001'),
(47, 'Curve', 'CurveTable', 'Curve', 'meta_table', 'ms_markets', 'One row per named pricing curve identified by unique_identifier: its type, currency, quote side, interpolation and compounding, source and lifecycle status; curve points are DiscountCurvesTS rows.', '{unique_identifier}', NULL, '0001'),
(48, 'CurveBuildingDetails', 'CurveBuildingDetailsTable', 'CurveBuildingDetails', 'meta_table', 'ms_markets', 'One row per curve that msm can rebuild, extending Curve with the builder, quote convention, rate unit, day counter, calendar, interpolation, compounding and extrapolation settings.', '{curve_uid}', NULL, '0007'),
(49, 'AssetCurrentPricingDetails', 'AssetCurrentPricingDetailsTable', 'AssetCurrentPricingDetails', 'meta_table', 'ms_markets', 'One row per priceable asset, extending Asset with the serialized instrument currently used to price it, its instrument type, format, pricing package version and source.', '{asset_uid}', NULL, '0001'),
(50, 'PricingMarketDataSet', 'PricingMarketDataSetTable', 'PricingMarketDataSet', 'meta_table', 'ms_markets', 'One row per named set of market data (identified by set_key) that a pricing run reads: its display name, description and status; its data and curves are bound through the binding tables.', '{set_key}', NULL, '0001'),
(51, 'PricingMarketDataSetBinding', 'PricingMarketDataSetBindingTable', 'PricingMarketDataSetBinding', 'meta_table', 'ms_markets', 'One row per (market data set, concept key) pair binding a pricing concept, such as fixings or prices, to the DataNode and storage table that supply it.', '{market_data_set_uid,concept_key}', NULL, '0001'),
(52, 'PricingMarketDataSetCurveBinding', 'PricingMarketDataSetCurveBindingTable', 'PricingMarketDataSetCurveBinding', 'meta_table', 'ms_markets', 'One row per (market data set, binding key) pair choosing the curve a pricing role uses, selected by selector type and key, with a quote side, a priority and a status.', '{market_data_set_uid,binding_key}', NULL, '0007'),
(53, 'DiscountCurvesTS', 'DiscountCurvesStorage', 'DiscountCurvesTS', 'time_index', 'ms_markets', 'Discount curve snapshots keyed by time_index and curve_identifier: the serialized curve of each identifier at each time, its compressed key nodes and metadata.', '{time_index,curve_identifier}', 'time_index', '0001'),
(54, 'IndexFixingsTS', 'IndexFixingsStorage', 'IndexFixingsTS', 'time_index', 'ms_markets', 'Index fixing rows keyed by time_index and index_identifier: the published rate of an interest rate index on each fixing date, used to price floating legs.', '{time_index,index_identifier}', 'time_index', '0001'),
(55, 'AssetPricingDetailsTS', 'AssetPricingDetailsStorage', 'AssetPricingDetailsTS', 'time_index', 'ms_markets', 'Asset pricing detail history keyed by time_index and asset_identifier: the serialized instrument used to price an asset as of each time, with its type, format and source.', '{time_index,asset_identifier}', 'time_index', '0001');
INSERT INTO msm.builtin_column (model_name, position, column_name, data_type, not_null, default_expr, description) VALUES
('AlembicVersion', 1, 'version_num', 'varchar(32)', true, NULL, 'Identifier of the migration revision currently applied, for example 0015.'),
('AssetType', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the asset type, a random UUID assigned on insert.'),
('AssetType', 2, 'asset_type', 'varchar(64)', true, NULL, 'Normalized asset type code (lowercase, underscores), unique, for example currency_spot.'),
('AssetType', 3, 'display_name', 'varchar(255)', false, NULL, 'Human-readable name of the asset type for user interfaces; null when not set.'),
('AssetType', 4, 'description', 'text', false, NULL, 'Free-text explanation of which instruments belong to this asset type.'),
('AssetType', 5, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the asset type; null when there are none.'),
('Asset', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the asset, a random UUID kept stable across upserts.'),
('Asset', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Platform-wide unique business identifier of the asset (1 to 255 characters), the upsert key.'),
('Asset', 3, 'asset_type', 'varchar(64)', false, NULL, 'Normalized asset type code as free text (not a foreign key to AssetType); null when unclassified.'),
('IndexType', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the index type, a random UUID assigned on insert.'),
('IndexType', 2, 'index_type', 'varchar(64)', true, NULL, 'Unique index type code, for example equity_index or interest_rate.'),
('IndexType', 3, 'display_name', 'varchar(255)', false, NULL, 'Human-readable name of the index type for user interfaces; null when not set.'),
('IndexType', 4, 'description', 'text', false, NULL, 'Free-text explanation of which indexes belong to this type.'),
('IndexType', 5, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the index type; null when there are none.'),
('Index', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the index, a random UUID assigned on insert.'),
('Index', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the index, the upsert key and the IndexValuesTS key.'),
('Index', 3, 'index_type', 'varchar(64)', true, NULL, 'Index type code as free text (not a foreign key to IndexType).'),
('Index', 4, 'display_name', 'varchar(255)', true, NULL, 'Human-readable name of the index shown in user interfaces and reports.'),
('Index', 5, 'description', 'text', false, NULL, 'Free-text explanation of what the index measures and how.'),
('Index', 6, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the index; null when there are none.'),
('Index', 7, 'calculation_method', 'varchar(16)', true, NULL, 'How values are produced: formula (computed from IndexFormulaDefinition) or custom (loaded externally).'),
('Index', 8, 'value_format', 'varchar(16)', true, NULL, 'How values are read and displayed: decimal (plain number) or percent.'),
('Index', 9, 'value_suffix', 'varchar(32)', false, NULL, 'Optional unit suffix appended when displaying values, for example bp or pts.'),
('IndexDatasetAvailability', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the availability row, a random UUID assigned on insert.'),
('IndexDatasetAvailability', 2, 'index_uid', 'uuid', true, NULL, 'Index.uid of the index whose dataset is tracked; deleting the index deletes the row.'),
('IndexDatasetAvailability', 3, 'meta_table_uid', 'varchar(255)', true, NULL, 'Uid of the MetaTable holding the dataset, stored as text (not a foreign key).'),
('IndexDatasetAvailability', 4, 'cadence', 'varchar(32)', true, NULL, 'Observation frequency of the dataset, for example daily or 1m.'),
('IndexDatasetAvailability', 5, 'population_state', 'varchar(32)', true, NULL, 'Population state of the dataset, for example empty, partial, complete or error.'),
('IndexDatasetAvailability', 6, 'row_count', 'integer', false, NULL, 'Number of rows found in the dataset at the last reconciliation; null when unknown.'),
('IndexDatasetAvailability', 7, 'earliest_time_index', 'timestamptz', false, NULL, 'Earliest time index present in the dataset; null when the dataset is empty.'),
('IndexDatasetAvailability', 8, 'latest_time_index', 'timestamptz', false, NULL, 'Latest time index present in the dataset; null when the dataset is empty.'),
('IndexDatasetAvailability', 9, 'reconciled_at', 'timestamptz', true, 'now()', 'Instant of the last reconciliation of this row against the dataset.'),
('IndexDatasetAvailability', 10, 'error_code', 'varchar(128)', false, NULL, 'Machine-readable code of the last reconciliation error; null when it succeeded.'),
('IndexDatasetAvailability', 11, 'error_message', 'varchar(1024)', false, NULL, 'Human-readable message of the last reconciliation error; null when it succeeded.'),
('IndexFormulaDefinition', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the formula version, a random UUID assigned on insert.'),
('IndexFormulaDefinition', 2, 'index_uid', 'uuid', true, NULL, 'Index.uid of the index the formula computes; deleting the index deletes its formulas.'),
('IndexFormulaDefinition', 3, 'version', 'integer', true, NULL, 'Version number of the formula within its index, a positive integer.'),
('IndexFormulaDefinition', 4, 'status', 'varchar(32)', true, '''draft''', 'Lifecycle status of the version: draft, active or retired; at most one active per index.'),
('IndexFormulaDefinition', 5, 'valid_from', 'timestamptz', true, NULL, 'First instant from which this formula version applies to index values.'),
('IndexFormulaDefinition', 6, 'valid_to', 'timestamptz', false, NULL, 'Instant at which this version stops applying, after valid_from; null means open-ended.'),
('IndexFormulaDefinition', 7, 'formula', 'text', true, NULL, 'Formula expression combining the inputs listed in IndexFormulaInput into one value.'),
('IndexFormulaDefinition', 8, 'alignment_policy', 'varchar(16)', true, '''exact''', 'How input observations are aligned in time: exact timestamps or asof (latest earlier value).'),
('IndexFormulaDefinition', 9, 'alignment_parameters_json', 'json', false, NULL, 'JSON parameters of the alignment policy, such as an asof tolerance; null when none.'),
('IndexFormulaDefinition', 10, 'missing_data_policy', 'varchar(16)', true, '''drop''', 'What happens when an input is missing: drop the observation or fail the computation.'),
('IndexFormulaDefinition', 11, 'definition_hash', 'varchar(64)', true, NULL, 'Hex digest of the normalized definition, unique per index to detect duplicate versions.'),
('IndexFormulaDefinition', 12, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the formula version; null when there are none.'),
('IndexFormulaInput', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the formula input, a random UUID and the upsert key.'),
('IndexFormulaInput', 2, 'definition_uid', 'uuid', true, NULL, 'IndexFormulaDefinition.uid of the formula version using this input; deleted with it.'),
('IndexFormulaInput', 3, 'asset_uid', 'uuid', false, NULL, 'Asset.uid when the input is an asset series; null when it is a component index.'),
('IndexFormulaInput', 4, 'component_index_uid', 'uuid', false, NULL, 'Index.uid when the input is another index; null when it is an asset series.'),
('IndexFormulaInput', 5, 'meta_table_uid', 'uuid', true, NULL, 'Uid of the MetaTable supplying the input data (a registry uid, not a foreign key).'),
('IndexFormulaInput', 6, 'observable', 'varchar(255)', true, NULL, 'Name of the column or field read from the MetaTable, for example close.'),
('Issuer', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the issuer, a random UUID assigned on insert.'),
('Issuer', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the issuer (for example an LEI), the upsert key.'),
('Issuer', 3, 'display_name', 'varchar(255)', true, NULL, 'Legal or display name of the issuing entity shown in reports.'),
('Issuer', 4, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the issuer such as country or sector; null when none.'),
('CurrencySpotAssetDetails', 1, 'asset_uid', 'uuid', true, NULL, 'Asset.uid of the currency-pair spot asset described; primary key, deleted with the asset.'),
('CurrencySpotAssetDetails', 2, 'base_currency_uid', 'uuid', true, NULL, 'Asset.uid of the base (priced) currency of the pair; that asset cannot be deleted while referenced.'),
('CurrencySpotAssetDetails', 3, 'quote_currency_uid', 'uuid', true, NULL, 'Asset.uid of the quote (pricing) currency of the pair; that asset cannot be deleted while referenced.'),
('BondAssetDetails', 1, 'asset_uid', 'uuid', true, NULL, 'Asset.uid of the bond asset described; primary key, deleted with the asset.'),
('BondAssetDetails', 2, 'issuer_uid', 'uuid', true, NULL, 'Issuer.uid of the entity that issued the bond; the issuer cannot be deleted while referenced.'),
('BondAssetDetails', 3, 'currency_asset_uid', 'uuid', true, NULL, 'Asset.uid of the currency asset the bond is denominated and pays in.'),
('BondAssetDetails', 4, 'issue_date', 'date', true, NULL, 'Calendar date on which the bond was issued.'),
('BondAssetDetails', 5, 'maturity_date', 'date', false, NULL, 'Calendar date on which the principal is repaid; null for perpetual bonds.'),
('BondAssetDetails', 6, 'status', 'varchar(32)', true, NULL, 'Lifecycle status code of the bond, for example active, matured or defaulted.'),
('FutureAssetDetails', 1, 'asset_uid', 'uuid', true, NULL, 'Asset.uid of the futures contract asset described; primary key, deleted with the asset.'),
('FutureAssetDetails', 2, 'kind', 'varchar(32)', true, NULL, 'Kind of futures contract, for example dated (expiring) or perpetual.'),
('FutureAssetDetails', 3, 'underlying_index_uid', 'uuid', true, NULL, 'Index.uid of the index the contract tracks; the index cannot be deleted while referenced.'),
('FutureAssetDetails', 4, 'quote_unit', 'varchar(64)', true, NULL, 'Unit in which the contract price is quoted, for example USD or index points.'),
('FutureAssetDetails', 5, 'settlement_asset', 'uuid', true, NULL, 'Asset.uid of the asset in which profit and loss is settled.'),
('FutureAssetDetails', 6, 'margin_asset', 'uuid', true, NULL, 'Asset.uid of the asset posted as margin collateral for the contract.'),
('FutureAssetDetails', 7, 'settlement_model', 'varchar(32)', true, NULL, 'Contract settlement model code, for example linear or inverse payoff.'),
('FutureAssetDetails', 8, 'settlement_method', 'varchar(32)', true, NULL, 'How the contract settles at expiry, for example cash or physical delivery.'),
('FutureAssetDetails', 9, 'contract_size', 'numeric(38,18)', true, NULL, 'Quantity of contract_unit that one contract represents (the multiplier).'),
('FutureAssetDetails', 10, 'contract_unit', 'varchar(64)', true, NULL, 'Unit of the contract size, for example barrels, BTC or index points.'),
('FutureAssetDetails', 11, 'expires_at', 'timestamptz', false, NULL, 'Instant at which trading in the contract stops; null for perpetual contracts.'),
('FutureAssetDetails', 12, 'settles_at', 'timestamptz', false, NULL, 'Instant of final settlement of the contract; null for perpetual contracts.'),
('FutureAssetDetails', 13, 'metadata', 'json', false, NULL, 'Free-form JSON contract specification attributes; null when there are none.'),
('Calendar', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the calendar, a random UUID assigned on insert.'),
('Calendar', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the calendar, for example XNYS, the upsert key.'),
('Calendar', 3, 'display_name', 'varchar(255)', true, NULL, 'Human-readable name of the calendar shown in user interfaces and reports.'),
('Calendar', 4, 'calendar_type', 'varchar(64)', true, NULL, 'Kind of calendar, for example exchange, settlement or holiday.'),
('Calendar', 5, 'timezone', 'varchar(64)', true, '''UTC''', 'IANA time zone name in which local dates of the calendar are expressed.'),
('Calendar', 6, 'source', 'varchar(128)', false, NULL, 'External provider the calendar was loaded from; null when maintained by hand.'),
('Calendar', 7, 'source_identifier', 'varchar(255)', false, NULL, 'Identifier of the calendar at the external source; null when maintained by hand.'),
('Calendar', 8, 'valid_from', 'date', true, NULL, 'First local date covered by the calendar data.'),
('Calendar', 9, 'valid_to', 'date', true, NULL, 'Last local date covered by the calendar data.'),
('Calendar', 10, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the calendar; null when there are none.'),
('CalendarDate', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the calendar date row, a random UUID assigned on insert.'),
('CalendarDate', 2, 'calendar_uid', 'uuid', true, NULL, 'Calendar.uid of the calendar the day belongs to; deleted with the calendar.'),
('CalendarDate', 3, 'local_date', 'date', true, NULL, 'Local calendar date in the time zone of the calendar.'),
('CalendarDate', 4, 'is_business_day', 'boolean', true, 'false', 'True when the day is a business (trading or settlement) day.'),
('CalendarDate', 5, 'is_holiday', 'boolean', true, 'false', 'True when the day is a holiday on this calendar.'),
('CalendarDate', 6, 'is_weekend', 'boolean', true, 'false', 'True when the day falls on the weekend of this calendar.'),
('CalendarDate', 7, 'is_early_close', 'boolean', true, 'false', 'True when the venue closes earlier than usual that day.'),
('CalendarDate', 8, 'holiday_name', 'varchar(255)', false, NULL, 'Name of the holiday observed that day; null when it is not a holiday.'),
('CalendarDate', 9, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the day; null when there are none.'),
('CalendarSession', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the session row, a random UUID assigned on insert.'),
('CalendarSession', 2, 'calendar_uid', 'uuid', true, NULL, 'Calendar.uid of the calendar the session belongs to; deleted with the calendar.'),
('CalendarSession', 3, 'local_date', 'date', true, NULL, 'Local trading date the session belongs to, in the calendar time zone.'),
('CalendarSession', 4, 'session_label', 'varchar(64)', true, NULL, 'Label of the session within the day, for example regular, pre or post.'),
('CalendarSession', 5, 'opens_at', 'timestamptz', false, NULL, 'Instant the session opens; null when the session has no defined open.'),
('CalendarSession', 6, 'closes_at', 'timestamptz', false, NULL, 'Instant the session closes; null when the session has no defined close.'),
('CalendarSession', 7, 'timezone', 'varchar(64)', true, '''UTC''', 'IANA time zone name in which the session times are quoted.'),
('CalendarSession', 8, 'is_primary', 'boolean', true, 'true', 'True for the main trading session of the day.'),
('CalendarSession', 9, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the session; null when there are none.'),
('CalendarEvent', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the event row, a random UUID assigned on insert.'),
('CalendarEvent', 2, 'calendar_uid', 'uuid', true, NULL, 'Calendar.uid of the calendar the event is recorded on; deleted with the calendar.'),
('CalendarEvent', 3, 'event_date', 'date', false, NULL, 'Local date of the event; null when only an exact instant is known.'),
('CalendarEvent', 4, 'event_time', 'timestamptz', false, NULL, 'Exact instant of the event; null for all-day events.'),
('CalendarEvent', 5, 'event_type', 'varchar(64)', true, NULL, 'Type code of the event, for example rebalance, expiry or closure.'),
('CalendarEvent', 6, 'event_label', 'varchar(255)', true, '''''', 'Free label distinguishing events of one type on one date; empty string when none.'),
('CalendarEvent', 7, 'target_type', 'varchar(64)', true, '''''', 'Kind of object the event is about, for example asset or index; empty when none.'),
('CalendarEvent', 8, 'target_uid', 'uuid', false, NULL, 'Uid of the object the event is about (not a foreign key); null when none.'),
('CalendarEvent', 9, 'target_identifier', 'varchar(255)', true, '''''', 'Business identifier of the object the event is about; empty string when none.'),
('CalendarEvent', 10, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the event; null when there are none.'),
('SignalMetadata', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the signal row, a random UUID assigned on insert.'),
('SignalMetadata', 2, 'signal_uid', 'varchar(255)', true, NULL, 'Unique string identifier of the signal, referenced by Portfolio.signal_uid.'),
('SignalMetadata', 3, 'signal_description', 'text', false, NULL, 'Free-text explanation of what the signal measures and how it is built.'),
('Portfolio', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the portfolio, a random UUID assigned on insert.'),
('Portfolio', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the portfolio, the upsert key.'),
('Portfolio', 3, 'calendar_uid', 'uuid', true, NULL, 'Calendar.uid of the calendar that schedules rebalances; the calendar cannot be deleted while used.'),
('Portfolio', 4, 'published_index_uid', 'uuid', false, NULL, 'Index.uid of the index publishing the portfolio value; set to null when that index is deleted.'),
('Portfolio', 5, 'portfolio_weights_data_node_uid', 'uuid', false, NULL, 'Uid of the DataNode table holding the portfolio weights; null when not produced.'),
('Portfolio', 6, 'signal_weights_data_node_uid', 'uuid', false, NULL, 'Uid of the DataNode table holding the raw signal weights; null when not produced.'),
('Portfolio', 7, 'portfolio_data_node_uid', 'uuid', false, NULL, 'Uid of the DataNode table holding the portfolio backtest or live values; null when none.'),
('Portfolio', 8, 'backtest_table_price_column_name', 'varchar(20)', true, '''close''', 'Price column of the price tables used to value the backtest, close by default.'),
('Portfolio', 9, 'signal_uid', 'varchar(255)', false, NULL, 'SignalMetadata.signal_uid of the signal driving the portfolio; null when none.'),
('PortfolioGroup', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the portfolio group, a random UUID assigned on insert.'),
('PortfolioGroup', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the portfolio group, the upsert key.'),
('PortfolioGroup', 3, 'display_name', 'varchar(255)', true, NULL, 'Human-readable name of the group shown in user interfaces and reports.'),
('PortfolioGroup', 4, 'description', 'text', false, NULL, 'Free-text explanation of the purpose of the group.'),
('PortfolioGroup', 5, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the group; null when there are none.'),
('PortfolioGroupMembership', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the membership row, a random UUID assigned on insert.'),
('PortfolioGroupMembership', 2, 'portfolio_group_uid', 'uuid', true, NULL, 'PortfolioGroup.uid of the group; deleting the group deletes the membership.'),
('PortfolioGroupMembership', 3, 'portfolio_uid', 'uuid', true, NULL, 'Portfolio.uid of the member portfolio; deleting the portfolio deletes the membership.'),
('AccountAllocationModel', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the allocation model, a random UUID assigned on insert.'),
('AccountAllocationModel', 2, 'allocation_model_name', 'varchar(100)', true, NULL, 'Unique name of the allocation model, the upsert key.'),
('AccountAllocationModel', 3, 'allocation_model_description', 'text', false, NULL, 'Free-text explanation of how the model turns targets into positions.'),
('AccountAllocationModel', 4, 'metadata_json', 'json', false, NULL, 'Free-form JSON parameters of the allocation model; null when there are none.'),
('AccountGroup', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the account group, a random UUID assigned on insert.'),
('AccountGroup', 2, 'group_name', 'varchar(100)', false, NULL, 'Unique name of the account group, the upsert key; rows with null never conflict.'),
('AccountGroup', 3, 'group_description', 'text', false, NULL, 'Free-text explanation of the purpose of the group.'),
('AccountGroup', 4, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the group; null when there are none.'),
('Account', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the account, a random UUID assigned on insert.'),
('Account', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the account, the upsert key and the orders and trades key.'),
('Account', 3, 'account_name', 'varchar(255)', true, NULL, 'Human-readable name of the account shown in user interfaces and reports.'),
('Account', 4, 'is_paper', 'boolean', true, 'true', 'True for a paper (simulated) account, false for a live broker account.'),
('Account', 5, 'account_is_active', 'boolean', true, 'false', 'True when the account is enabled for trading and rebalancing.'),
('Account', 6, 'account_group_uid', 'uuid', false, NULL, 'AccountGroup.uid of the group of the account; set to null when the group is deleted.'),
('Account', 7, 'holdings_data_node_uid', 'uuid', false, NULL, 'Uid of the DataNode table that stores the account holdings; null when none.'),
('Account', 8, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the account such as broker details; null when none.'),
('AccountHoldingsSet', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the holdings snapshot, a random UUID assigned on insert.'),
('AccountHoldingsSet', 2, 'account_uid', 'uuid', true, NULL, 'Account.uid of the account whose holdings were captured; deleted with the account.'),
('AccountHoldingsSet', 3, 'time_index', 'timestamptz', true, NULL, 'Instant as of which the account holdings were captured.'),
('AccountHoldingsSet', 4, 'source_data_node_uid', 'uuid', false, NULL, 'Uid of the DataNode that produced the snapshot; null when loaded by hand.'),
('VirtualFund', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the virtual fund, a random UUID assigned on insert.'),
('VirtualFund', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the virtual fund, the upsert key.'),
('VirtualFund', 3, 'account_uid', 'uuid', true, NULL, 'Account.uid of the account holding the fund assets; deleted with the account.'),
('VirtualFund', 4, 'target_portfolio_uid', 'uuid', true, NULL, 'Portfolio.uid of the portfolio the fund tracks; it cannot be deleted while tracked.'),
('VirtualFundHoldingsSet', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the virtual fund holdings set, a random UUID assigned on insert.'),
('VirtualFundHoldingsSet', 2, 'virtual_fund_uid', 'uuid', true, NULL, 'VirtualFund.uid of the fund receiving the allocation; deleted with the fund.'),
('VirtualFundHoldingsSet', 3, 'source_account_holdings_set_uid', 'uuid', true, NULL, 'AccountHoldingsSet.uid of the account snapshot being split; it cannot be deleted while used.'),
('VirtualFundHoldingsSet', 4, 'time_index', 'timestamptz', true, NULL, 'Instant of the allocated holdings, the time of the source account snapshot.'),
('AssetCategory', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the asset category, a random UUID assigned on insert.'),
('AssetCategory', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the category, used as its upsert key.'),
('AssetCategory', 3, 'display_name', 'varchar(255)', true, NULL, 'Human-readable name of the category shown in user interfaces and reports.'),
('AssetCategory', 4, 'description', 'text', false, NULL, 'Free-text explanation of the category and how its members are chosen.'),
('AssetCategory', 5, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the category; null when there are none.'),
('AssetCategoryMembership', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the membership row, a random UUID assigned on insert.'),
('AssetCategoryMembership', 2, 'category_uid', 'uuid', true, NULL, 'AssetCategory.uid of the category the asset belongs to; deleting the category deletes the row.'),
('AssetCategoryMembership', 3, 'asset_uid', 'uuid', true, NULL, 'Asset.uid of the member asset; deleting the asset deletes the membership row.'),
('OpenFigiAssetDetails', 1, 'asset_uid', 'uuid', true, NULL, 'Asset.uid of the asset mapped through OpenFIGI; primary key, deleted with the asset.'),
('OpenFigiAssetDetails', 2, 'figi', 'varchar(12)', false, NULL, 'Financial Instrument Global Identifier (12 characters) of the listing.'),
('OpenFigiAssetDetails', 3, 'composite', 'varchar(12)', false, NULL, 'Composite FIGI grouping the listings of the instrument across exchanges of one country.'),
('OpenFigiAssetDetails', 4, 'share_class', 'varchar(12)', false, NULL, 'Share class FIGI grouping all listings of the same share class globally.'),
('OpenFigiAssetDetails', 5, 'isin', 'varchar(12)', false, NULL, 'International Securities Identification Number (12 characters); null when unknown.'),
('OpenFigiAssetDetails', 6, 'ticker', 'varchar(50)', false, NULL, 'Exchange ticker symbol reported by OpenFIGI for the listing.'),
('OpenFigiAssetDetails', 7, 'name', 'varchar(255)', false, NULL, 'Instrument name as reported by OpenFIGI for the listing.'),
('OpenFigiAssetDetails', 8, 'exchange_code', 'varchar(50)', false, NULL, 'OpenFIGI exchange code of the listing venue, for example US or LN.'),
('OpenFigiAssetDetails', 9, 'security_type', 'varchar(50)', false, NULL, 'OpenFIGI security type, for example Common Stock or ETP.'),
('OpenFigiAssetDetails', 10, 'security_type_2', 'varchar(50)', false, NULL, 'OpenFIGI secondary security type, a broader class such as Common Stock or Future.'),
('OpenFigiAssetDetails', 11, 'security_market_sector', 'varchar(50)', false, NULL, 'OpenFIGI market sector, for example Equity, Govt, Corp or Curncy.'),
('OpenFigiAssetDetails', 12, 'security_description', 'varchar(255)', false, NULL, 'OpenFIGI security description, usually a ticker-style summary of the instrument.'),
('OpenFigiAssetDetails', 13, 'unique_id', 'varchar(255)', false, NULL, 'Legacy Bloomberg unique identifier of the security reported by OpenFIGI.'),
('OpenFigiAssetDetails', 14, 'unique_id_fut_opt', 'varchar(255)', false, NULL, 'Legacy Bloomberg unique identifier for futures and options; null for other securities.'),
('OpenFigiAssetDetails', 15, 'metadata', 'text', false, NULL, 'Additional descriptive text returned by OpenFIGI; null when none was returned.'),
('OpenFigiAssetDetails', 16, 'raw_payload', 'json', false, NULL, 'Complete OpenFIGI mapping response for the asset as returned by the API.'),
('AccountTargetAllocation', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the target allocation, a random UUID assigned on insert.'),
('AccountTargetAllocation', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the target allocation, the upsert key.'),
('AccountTargetAllocation', 3, 'account_uid', 'uuid', true, NULL, 'Account.uid of the account the allocation applies to; deleted with the account.'),
('AccountTargetAllocation', 4, 'account_allocation_model_uid', 'uuid', true, NULL, 'AccountAllocationModel.uid of the model computing positions; it cannot be deleted while used.'),
('AccountTargetAllocation', 5, 'display_name', 'varchar(255)', false, NULL, 'Human-readable name of the target allocation; null when not set.'),
('AccountTargetAllocation', 6, 'is_active', 'boolean', true, 'true', 'True when this allocation is currently used to rebalance the account.'),
('AccountTargetAllocation', 7, 'source', 'varchar(255)', false, NULL, 'Origin of the allocation, for example a user or an upstream system; null when unknown.'),
('AccountTargetAllocation', 8, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the allocation; null when there are none.'),
('PositionSet', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the position set, a random UUID assigned on insert.'),
('PositionSet', 2, 'account_target_allocation_uid', 'uuid', true, NULL, 'AccountTargetAllocation.uid that produced the positions; deleted with the allocation.'),
('PositionSet', 3, 'position_set_time', 'timestamptz', true, NULL, 'Instant for which the target positions of the set were computed.'),
('PositionSet', 4, 'source', 'varchar(255)', false, NULL, 'Origin of the position set, for example a job or a user; null when unknown.'),
('PositionSet', 5, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the position set; null when there are none.'),
('OrderManager', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Surrogate primary key of the order-management run, a random UUID assigned on insert.'),
('OrderManager', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique business identifier of the run, the upsert key and OrdersTS reference.'),
('OrderManager', 3, 'target_account_uid', 'uuid', true, NULL, 'Account.uid of the account being rebalanced; deleted with the account.'),
('OrderManager', 4, 'target_time', 'timestamptz', true, NULL, 'Instant for which the run computes and sends the rebalancing orders.'),
('OrderManager', 5, 'order_received_time', 'timestamptz', false, NULL, 'Instant the orders of the run were received by the venue; null until then.'),
('OrderManager', 6, 'execution_end', 'timestamptz', false, NULL, 'Instant order execution of the run finished; null while still executing.'),
('OrderManager', 7, 'status', 'varchar(64)', false, NULL, 'Current status code of the run, for example pending, executing or done.'),
('OrderManager', 8, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the run; null when there are none.'),
('AssetSnapshotsTS', 1, 'time_index', 'timestamptz', true, NULL, 'Instant as of which the snapshot attributes are valid; first grain column.'),
('AssetSnapshotsTS', 2, 'asset_identifier', 'varchar(255)', true, NULL, 'Asset.unique_identifier of the asset described; the asset cannot be deleted while referenced.'),
('AssetSnapshotsTS', 3, 'name', 'varchar', false, NULL, 'Name of the asset as of time_index; null when unknown.'),
('AssetSnapshotsTS', 4, 'ticker', 'varchar', false, NULL, 'Ticker symbol of the asset as of time_index; null when unknown.'),
('AssetSnapshotsTS', 5, 'exchange_code', 'varchar', false, NULL, 'Exchange code of the listing as of time_index; null when unknown.'),
('AssetSnapshotsTS', 6, 'asset_ticker_group_id', 'varchar', false, NULL, 'Identifier grouping listings of the same instrument across venues; null when ungrouped.'),
('IndexValuesTS', 1, 'time_index', 'timestamptz', true, NULL, 'Instant of the index observation; first grain column.'),
('IndexValuesTS', 2, 'index_identifier', 'varchar(255)', true, NULL, 'Index.unique_identifier of the observed index; the index cannot be deleted while referenced.'),
('IndexValuesTS', 3, 'value', 'float8', true, NULL, 'Index value at time_index, in the value format of the index.'),
('IndexValuesTS', 4, 'definition_uid', 'uuid', false, NULL, 'IndexFormulaDefinition.uid of the formula version that computed the value; null for external values.'),
('IndexValuesTS', 5, 'observation_status', 'varchar(32)', false, NULL, 'Quality status of the observation, for example final, preliminary or estimated.'),
('IndexValuesTS', 6, 'source_as_of', 'timestamptz', false, NULL, 'Instant the source data behind the value was current; null when unknown.'),
('IndexValuesTS', 7, 'metadata_json', 'json', false, NULL, 'Free-form JSON attributes of the observation; null when there are none.'),
('AccountHoldingsTS', 1, 'time_index', 'timestamptz', true, NULL, 'Instant of the holdings snapshot the position belongs to; first grain column.'),
('AccountHoldingsTS', 2, 'account_uid', 'uuid', true, NULL, 'Account.uid of the account holding the position; the account cannot be deleted while referenced.'),
('AccountHoldingsTS', 3, 'asset_identifier', 'varchar(255)', true, NULL, 'Asset.unique_identifier of the held asset; the asset cannot be deleted while referenced.'),
('AccountHoldingsTS', 4, 'holdings_set_uid', 'uuid', true, NULL, 'AccountHoldingsSet.uid of the snapshot containing this position; deleted with the snapshot.'),
('AccountHoldingsTS', 5, 'is_trade_snapshot', 'boolean', false, NULL, 'True when the snapshot was taken right after a trade rather than on schedule.'),
('AccountHoldingsTS', 6, 'quantity', 'float8', false, NULL, 'Absolute quantity held, in units of the asset; sign is given by direction.'),
('AccountHoldingsTS', 7, 'direction', 'smallint', true, '1', 'Position side: 1 for long, -1 for short.'),
('AccountHoldingsTS', 8, 'target_trade_time', 'timestamptz', false, NULL, 'Instant of the trade this snapshot reflects; null for scheduled snapshots.'),
('AccountHoldingsTS', 9, 'extra_details', 'jsonb', false, NULL, 'Free-form JSONB position details such as cost basis; null when none.'),
('VirtualFundHoldingsTS', 1, 'time_index', 'timestamptz', true, NULL, 'Instant of the allocated holdings snapshot; first grain column.'),
('VirtualFundHoldingsTS', 2, 'virtual_fund_uid', 'uuid', true, NULL, 'VirtualFund.uid of the fund the quantity is allocated to; deleted with the fund.'),
('VirtualFundHoldingsTS', 3, 'asset_identifier', 'varchar(255)', true, NULL, 'Asset.unique_identifier of the allocated asset; the asset cannot be deleted while referenced.'),
('VirtualFundHoldingsTS', 4, 'virtual_fund_holdings_set_uid', 'uuid', true, NULL, 'VirtualFundHoldingsSet.uid of the allocation this row belongs to; deleted with it.'),
('VirtualFundHoldingsTS', 5, 'source_account_holdings_set_uid', 'uuid', true, NULL, 'AccountHoldingsSet.uid of the account snapshot the quantity comes from.'),
('VirtualFundHoldingsTS', 6, 'allocated_quantity', 'float8', true, NULL, 'Absolute quantity of the asset allocated to the fund, in asset units.'),
('VirtualFundHoldingsTS', 7, 'allocation_strategy', 'varchar(64)', true, '''explicit''', 'How the quantity was allocated to the fund, explicit by default.'),
('VirtualFundHoldingsTS', 8, 'direction', 'smallint', true, '1', 'Position side of the allocated quantity: 1 for long, -1 for short.'),
('VirtualFundHoldingsTS', 9, 'target_trade_time', 'timestamptz', false, NULL, 'Instant of the trade this allocation reflects; null for scheduled snapshots.'),
('VirtualFundHoldingsTS', 10, 'extra_details', 'jsonb', false, NULL, 'Free-form JSONB details of the allocation; null when there are none.'),
('TargetPositionsTS', 1, 'time_index', 'timestamptz', true, NULL, 'Instant for which the target position applies; first grain column.'),
('TargetPositionsTS', 2, 'position_set_uid', 'uuid', true, NULL, 'PositionSet.uid of the set containing this position; deleted with the set.'),
('TargetPositionsTS', 3, 'target_type', 'varchar(32)', true, NULL, 'What the position targets: asset (asset_uid set) or portfolio (portfolio_uid set).'),
('TargetPositionsTS', 4, 'target_uid', 'uuid', true, NULL, 'Uid of the targeted asset or portfolio, equal to asset_uid or portfolio_uid.'),
('TargetPositionsTS', 5, 'asset_uid', 'uuid', false, NULL, 'Asset.uid when target_type is asset; null for portfolio targets.'),
('TargetPositionsTS', 6, 'portfolio_uid', 'uuid', false, NULL, 'Portfolio.uid when target_type is portfolio; null for asset targets.'),
('TargetPositionsTS', 7, 'weight_notional_exposure', 'float8', false, NULL, 'Target exposure as a fraction of account notional; null when another form is used.'),
('TargetPositionsTS', 8, 'constant_notional_exposure', 'float8', false, NULL, 'Target exposure as a fixed notional amount; null when another form is used.'),
('TargetPositionsTS', 9, 'single_asset_quantity', 'float8', false, NULL, 'Target exposure as a quantity of asset units; null when another form is used.'),
('TargetPositionsTS', 10, 'metadata_json', 'jsonb', false, NULL, 'Free-form JSONB attributes of the target position; null when none.'),
('OrdersTS', 1, 'order_time', 'timestamptz', true, NULL, 'Instant the order was created or sent; first grain column.'),
('OrdersTS', 2, 'order_identifier', 'varchar', true, NULL, 'Identifier of the order assigned by the platform, unique per account and asset.'),
('OrdersTS', 3, 'account_identifier', 'varchar', true, NULL, 'Account.unique_identifier of the ordering account; it cannot be deleted while referenced.'),
('OrdersTS', 4, 'order_manager_identifier', 'varchar', false, NULL, 'OrderManager.unique_identifier of the run that sent the order; null for manual orders.'),
('OrdersTS', 5, 'asset_identifier', 'varchar', true, NULL, 'Asset.unique_identifier of the ordered asset; it cannot be deleted while referenced.'),
('OrdersTS', 6, 'order_remote_id', 'varchar', false, NULL, 'Identifier the venue or broker assigned to the order; null until acknowledged.'),
('OrdersTS', 7, 'client_order_id', 'varchar', false, NULL, 'Client order id sent to the venue for idempotent submission; null when unused.'),
('OrdersTS', 8, 'order_type', 'varchar', false, NULL, 'Order type, for example market, limit or stop.'),
('OrdersTS', 9, 'order_side', 'bigint', false, NULL, 'Side of the order: 1 for buy, -1 for sell.'),
('OrdersTS', 10, 'quantity', 'float8', false, NULL, 'Ordered quantity in units of the asset.'),
('OrdersTS', 11, 'status', 'varchar', false, NULL, 'Latest known status of the order, for example new, filled or cancelled.'),
('OrdersTS', 12, 'filled_quantity', 'float8', false, NULL, 'Quantity filled so far in units of the asset; null before any fill.'),
('OrdersTS', 13, 'filled_price', 'float8', false, NULL, 'Average fill price in quote currency units; null before any fill.'),
('OrdersTS', 14, 'expires_time', 'timestamptz', false, NULL, 'Instant the order expires at the venue; null when it does not expire.'),
('OrdersTS', 15, 'limit_price', 'float8', false, NULL, 'Limit price of the order in quote currency units; null for market orders.'),
('OrdersTS', 16, 'time_in_force', 'varchar', false, NULL, 'Time-in-force instruction of the order, for example day, gtc or ioc.'),
('OrdersTS', 17, 'comments', 'varchar', false, NULL, 'Free-text comments attached to the order; null when none.'),
('OrdersTS', 18, 'venue_metadata', 'jsonb', false, NULL, 'Venue-specific JSONB order details returned by the broker; null when none.'),
('OrderEventsTS', 1, 'event_time', 'timestamptz', true, NULL, 'Instant the order event happened at the venue; first grain column.'),
('OrderEventsTS', 2, 'order_identifier', 'varchar', true, NULL, 'Identifier of the order the event belongs to, as in OrdersTS (not a foreign key).'),
('OrderEventsTS', 3, 'order_status', 'varchar', false, NULL, 'Order status after the event, for example partially_filled or cancelled.'),
('OrderEventsTS', 4, 'event_metadata', 'jsonb', false, NULL, 'Venue-specific JSONB payload of the event; null when there is none.'),
('TradesTS', 1, 'trade_time', 'timestamptz', true, NULL, 'Instant the trade was executed at the venue; first grain column.'),
('TradesTS', 2, 'trade_identifier', 'varchar', true, NULL, 'Identifier of the fill, unique per account and asset at trade_time.'),
('TradesTS', 3, 'account_identifier', 'varchar', true, NULL, 'Account.unique_identifier of the account the fill is booked to.'),
('TradesTS', 4, 'order_identifier', 'varchar', false, NULL, 'Identifier of the order that produced the fill, as in OrdersTS; null when unknown.'),
('TradesTS', 5, 'asset_identifier', 'varchar', true, NULL, 'Asset.unique_identifier of the traded asset; it cannot be deleted while referenced.'),
('TradesTS', 6, 'trade_side', 'bigint', false, NULL, 'Side of the trade: 1 for buy, -1 for sell.'),
('TradesTS', 7, 'quantity', 'float8', false, NULL, 'Executed quantity in units of the traded asset.'),
('TradesTS', 8, 'price', 'float8', false, NULL, 'Execution price in units of the settlement asset.'),
('TradesTS', 9, 'commission', 'float8', false, NULL, 'Commission charged for the fill, in units of the commission asset.'),
('TradesTS', 10, 'commission_asset_identifier', 'varchar', false, NULL, 'Asset.unique_identifier of the asset the commission is paid in; null when no commission.'),
('TradesTS', 11, 'settlement_cost', 'float8', false, NULL, 'Total amount settled for the fill, in units of the settlement asset.'),
('TradesTS', 12, 'settlement_asset_identifier', 'varchar', false, NULL, 'Asset.unique_identifier of the asset the trade settles in; null when unknown.'),
('TradesTS', 13, 'comments', 'varchar', false, NULL, 'Free-text comments attached to the trade; null when none.'),
('TradesTS', 14, 'venue_metadata', 'jsonb', false, NULL, 'Venue-specific JSONB trade details returned by the broker; null when none.'),
('RebalanceStrategyMetadata', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Primary key of the rebalance strategy row, a random UUID filled by the row API.'),
('RebalanceStrategyMetadata', 2, 'rebalance_strategy_uid', 'varchar(255)', true, NULL, 'Stable string identifier of the rebalance strategy, unique across the table.'),
('RebalanceStrategyMetadata', 3, 'rebalance_strategy_description', 'text', false, NULL, 'Free-text explanation of what the rebalance strategy does; null when none.'),
('RebalanceStrategyMetadata', 4, 'configuration_json', 'json', false, NULL, 'JSON configuration parameters of the rebalance strategy; null when it takes none.'),
('PortfolioMetadata', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Primary key of the portfolio metadata row, a random UUID filled by the row API.'),
('PortfolioMetadata', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Unique identifier of the portfolio that this metadata row describes.'),
('PortfolioMetadata', 3, 'description', 'text', false, NULL, 'Free-text description of the portfolio for people reading reports; null when none.'),
('PortfolioWeightsTS', 1, 'time_index', 'timestamptz', true, NULL, 'Timestamp (with time zone) of the rebalance at which this weight applies.'),
('PortfolioWeightsTS', 2, 'portfolio_identifier', 'varchar', true, NULL, 'Unique identifier of the portfolio; references Portfolio.unique_identifier.'),
('PortfolioWeightsTS', 3, 'asset_identifier', 'varchar', true, NULL, 'Unique identifier of the weighted asset; references Asset.unique_identifier.'),
('PortfolioWeightsTS', 4, 'weight', 'float8', false, NULL, 'Weight of the asset in the portfolio after the rebalance, as a fraction.'),
('PortfolioWeightsTS', 5, 'weight_before', 'float8', false, NULL, 'Weight of the asset in the portfolio before the rebalance, as a fraction.'),
('PortfolioWeightsTS', 6, 'price_current', 'float8', false, NULL, 'Asset price used at this rebalance, in the asset''s quote units.'),
('PortfolioWeightsTS', 7, 'price_before', 'float8', false, NULL, 'Asset price at the previous rebalance, in the asset''s quote units.'),
('PortfolioWeightsTS', 8, 'volume_current', 'float8', false, NULL, 'Traded volume of the asset observed at this rebalance; null when unknown.'),
('PortfolioWeightsTS', 9, 'volume_before', 'float8', false, NULL, 'Traded volume of the asset observed at the previous rebalance; null when unknown.'),
('SignalWeightsTS', 1, 'time_index', 'timestamptz', true, NULL, 'Timestamp (with time zone) at which the signal produced this weight.'),
('SignalWeightsTS', 2, 'signal_uid', 'varchar(255)', true, NULL, 'String identifier of the signal that produced the weight.'),
('SignalWeightsTS', 3, 'asset_identifier', 'varchar', true, NULL, 'Unique identifier of the weighted asset; references Asset.unique_identifier.'),
('SignalWeightsTS', 4, 'signal_weight', 'float8', false, NULL, 'Weight the signal assigns to the asset at this time; null when none.'),
('PortfoliosTS', 1, 'time_index', 'timestamptz', true, NULL, 'Timestamp (with time zone) of the portfolio valuation in this row.'),
('PortfoliosTS', 2, 'portfolio_identifier', 'varchar(255)', true, NULL, 'Unique identifier of the valued portfolio, as in Portfolio.unique_identifier.'),
('PortfoliosTS', 3, 'close', 'float8', false, NULL, 'Closing value of the portfolio at this time, in its valuation units.'),
('PortfoliosTS', 4, 'return', 'float8', false, NULL, 'Return of the portfolio since the previous row, as a fraction.'),
('PortfoliosTS', 5, 'calculated_close', 'float8', false, NULL, 'Closing value recomputed from weights and prices, for reconciliation with close.'),
('PortfoliosTS', 6, 'close_time', 'timestamptz', false, NULL, 'Instant at which the closing value was observed; null when it equals time_index.'),
('ExternalPricesTS', 1, 'time_index', 'timestamptz', true, NULL, 'Timestamp (with time zone) that closes the price bar of this row.'),
('ExternalPricesTS', 2, 'asset_identifier', 'varchar(255)', true, NULL, 'Unique identifier of the priced asset, as in Asset.unique_identifier.'),
('ExternalPricesTS', 3, 'open_time', 'timestamptz', false, NULL, 'Instant at which the price bar opened; null when not reported.'),
('ExternalPricesTS', 4, 'open', 'float8', false, NULL, 'Opening price of the bar, in the asset''s quote units.'),
('ExternalPricesTS', 5, 'high', 'float8', false, NULL, 'Highest price traded during the bar, in quote units.'),
('ExternalPricesTS', 6, 'low', 'float8', false, NULL, 'Lowest price traded during the bar, in quote units.'),
('ExternalPricesTS', 7, 'close', 'float8', false, NULL, 'Closing price of the bar, in the asset''s quote units.'),
('ExternalPricesTS', 8, 'volume', 'float8', false, NULL, 'Quantity of the asset traded during the bar.'),
('ExternalPricesTS', 9, 'trade_count', 'float8', false, NULL, 'Number of trades reported during the bar; null when unknown.'),
('ExternalPricesTS', 10, 'vwap', 'float8', false, NULL, 'Volume-weighted average price of the bar, in quote units.'),
('ExternalPricesTS', 11, 'interpolated', 'boolean', false, NULL, 'True when the bar was filled in by interpolation rather than observed.'),
('IndexConventionDetails', 1, 'index_uid', 'uuid', true, NULL, 'Primary key and reference to the index these conventions belong to (Index.uid).'),
('IndexConventionDetails', 2, 'index_family', 'varchar(64)', true, NULL, 'Family of the index convention, for example an overnight or an IBOR index.'),
('IndexConventionDetails', 3, 'convention_dump', 'json', true, NULL, 'Serialized convention object (JSON) that the pricing library deserializes.'),
('IndexConventionDetails', 4, 'serialization_format', 'varchar(128)', true, NULL, 'Name and version of the format that convention_dump is written in.'),
('IndexConventionDetails', 5, 'source', 'varchar(255)', false, NULL, 'Where the convention came from, for example a vendor or a file; null when unknown.'),
('IndexConventionDetails', 6, 'metadata', 'json', false, NULL, 'Free-form JSON metadata about the convention; null when none.'),
('Curve', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Primary key of the curve, a random UUID filled by the row API.'),
('Curve', 2, 'unique_identifier', 'varchar(255)', true, NULL, 'Stable unique identifier of the curve used by time series and bindings.'),
('Curve', 3, 'display_name', 'varchar(255)', true, NULL, 'Human-readable name of the curve shown in interfaces.'),
('Curve', 4, 'curve_type', 'varchar(64)', true, NULL, 'Kind of curve, for example a discount or a forward curve.'),
('Curve', 5, 'interpolation_method', 'varchar(64)', false, NULL, 'Interpolation method used between curve nodes; null when unspecified.'),
('Curve', 6, 'compounding', 'varchar(64)', false, NULL, 'Compounding convention of the curve rates; null when unspecified.'),
('Curve', 7, 'source', 'varchar(255)', false, NULL, 'Where the curve definition came from; null when unknown.'),
('Curve', 8, 'metadata', 'json', false, NULL, 'Free-form JSON metadata about the curve; null when none.'),
('Curve', 9, 'currency_code', 'varchar(16)', false, NULL, 'Currency code of the curve, for example USD; null when not set.'),
('Curve', 10, 'quote_side', 'varchar(32)', false, NULL, 'Quote side the curve is built from, for example bid, ask or mid.'),
('Curve', 11, 'status', 'varchar(32)', true, '''ACTIVE''', 'Lifecycle status of the curve, ACTIVE unless it was retired.'),
('CurveBuildingDetails', 1, 'curve_uid', 'uuid', true, NULL, 'Primary key and reference to the curve these settings build (Curve.uid).'),
('CurveBuildingDetails', 2, 'builder_type', 'varchar(64)', true, NULL, 'Kind of curve builder that turns quotes into the curve.'),
('CurveBuildingDetails', 3, 'quote_convention', 'varchar(64)', true, NULL, 'Convention in which the input quotes are expressed.'),
('CurveBuildingDetails', 4, 'rate_unit', 'varchar(32)', true, NULL, 'Unit of the input rates, for example percent or decimal.'),
('CurveBuildingDetails', 5, 'day_counter_code', 'varchar(64)', true, NULL, 'Day count convention code used to compute year fractions.'),
('CurveBuildingDetails', 6, 'calendar_code', 'varchar(64)', true, NULL, 'Code of the business-day calendar used to roll dates.'),
('CurveBuildingDetails', 7, 'interpolation_method', 'varchar(64)', true, NULL, 'Interpolation method the builder uses between nodes.'),
('CurveBuildingDetails', 8, 'compounding', 'varchar(64)', true, NULL, 'Compounding convention the builder uses for rates.'),
('CurveBuildingDetails', 9, 'compounding_frequency', 'varchar(64)', false, NULL, 'Compounding frequency, for example annual; null when not applicable.'),
('CurveBuildingDetails', 10, 'extrapolation_policy', 'varchar(64)', true, NULL, 'What the builder does beyond the last node of the curve.'),
('CurveBuildingDetails', 11, 'bootstrap_method', 'varchar(64)', false, NULL, 'Bootstrap method used to solve the curve; null when not bootstrapped.'),
('CurveBuildingDetails', 12, 'builder_payload', 'json', false, NULL, 'Extra JSON parameters passed to the builder; null when none.'),
('CurveBuildingDetails', 13, 'source', 'varchar(255)', false, NULL, 'Where these building settings came from; null when unknown.'),
('CurveBuildingDetails', 14, 'metadata', 'json', false, NULL, 'Free-form JSON metadata about the building settings; null when none.'),
('AssetCurrentPricingDetails', 1, 'asset_uid', 'uuid', true, NULL, 'Primary key and reference to the priced asset (Asset.uid).'),
('AssetCurrentPricingDetails', 2, 'instrument_type', 'varchar(128)', true, NULL, 'Type of the pricing instrument, for example a fixed-rate bond.'),
('AssetCurrentPricingDetails', 3, 'instrument_dump', 'json', true, NULL, 'Serialized instrument (JSON) that the pricing library rebuilds.'),
('AssetCurrentPricingDetails', 4, 'pricing_details_date', 'timestamptz', true, NULL, 'Instant as of which these pricing details are current.'),
('AssetCurrentPricingDetails', 5, 'serialization_format', 'varchar(128)', true, NULL, 'Name and version of the format that instrument_dump is written in.'),
('AssetCurrentPricingDetails', 6, 'pricing_package_version', 'varchar(64)', false, NULL, 'Version of the pricing package that wrote the instrument; null when unknown.'),
('AssetCurrentPricingDetails', 7, 'source', 'varchar(255)', false, NULL, 'Where the pricing details came from; null when unknown.'),
('AssetCurrentPricingDetails', 8, 'metadata', 'json', false, NULL, 'Free-form JSON metadata about the pricing details; null when none.'),
('PricingMarketDataSet', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Primary key of the market data set, a random UUID filled by the row API.'),
('PricingMarketDataSet', 2, 'set_key', 'varchar(64)', true, NULL, 'Stable unique key that pricing runs use to select the set.'),
('PricingMarketDataSet', 3, 'display_name', 'varchar(255)', true, NULL, 'Human-readable name of the market data set.'),
('PricingMarketDataSet', 4, 'description', 'text', false, NULL, 'Free-text description of what the set contains; null when none.'),
('PricingMarketDataSet', 5, 'status', 'varchar(32)', true, '''ACTIVE''', 'Lifecycle status of the set, ACTIVE unless it was retired.'),
('PricingMarketDataSet', 6, 'metadata', 'json', false, NULL, 'Free-form JSON metadata about the set; null when none.'),
('PricingMarketDataSetBinding', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Primary key of the binding, a random UUID filled by the row API.'),
('PricingMarketDataSetBinding', 2, 'market_data_set_uid', 'uuid', true, NULL, 'Market data set this binding belongs to (PricingMarketDataSet.uid).'),
('PricingMarketDataSetBinding', 3, 'concept_key', 'varchar(128)', true, NULL, 'Key of the pricing concept that the binding supplies.'),
('PricingMarketDataSetBinding', 4, 'data_node_uid', 'uuid', true, NULL, 'UID of the DataNode whose data supplies the concept.'),
('PricingMarketDataSetBinding', 5, 'storage_table_identifier', 'varchar(255)', false, NULL, 'Identifier of the storage table behind the DataNode; null when not known.'),
('PricingMarketDataSetBinding', 6, 'source', 'varchar(255)', false, NULL, 'Where the binding came from; null when unknown.'),
('PricingMarketDataSetBinding', 7, 'metadata', 'json', false, NULL, 'Free-form JSON metadata about the binding; null when none.'),
('PricingMarketDataSetCurveBinding', 1, 'uid', 'uuid', true, 'gen_random_uuid()', 'Primary key of the curve binding, a random UUID filled by the row API.'),
('PricingMarketDataSetCurveBinding', 2, 'market_data_set_uid', 'uuid', true, NULL, 'Market data set this curve binding belongs to (PricingMarketDataSet.uid).'),
('PricingMarketDataSetCurveBinding', 3, 'binding_key', 'varchar(255)', true, NULL, 'Key of the binding, unique within its market data set.'),
('PricingMarketDataSetCurveBinding', 4, 'role_key', 'varchar(64)', true, NULL, 'Pricing role the curve plays, for example discounting or forwarding.'),
('PricingMarketDataSetCurveBinding', 5, 'selector_type', 'varchar(64)', true, NULL, 'Kind of selector that decides where the binding applies, for example a currency.'),
('PricingMarketDataSetCurveBinding', 6, 'selector_key', 'varchar(255)', true, NULL, 'Value of the selector, for example the currency code USD.'),
('PricingMarketDataSetCurveBinding', 7, 'quote_side', 'varchar(32)', false, NULL, 'Quote side of the curve to use; null when any side is acceptable.'),
('PricingMarketDataSetCurveBinding', 8, 'curve_uid', 'uuid', true, NULL, 'Curve chosen by this binding (Curve.uid); the curve cannot be deleted while bound.'),
('PricingMarketDataSetCurveBinding', 9, 'source', 'varchar(255)', false, NULL, 'Where the curve binding came from; null when unknown.'),
('PricingMarketDataSetCurveBinding', 10, 'priority', 'integer', true, '0', 'Priority among bindings that match the same role and selector; 0 by default.'),
('PricingMarketDataSetCurveBinding', 11, 'status', 'varchar(32)', true, '''ACTIVE''', 'Lifecycle status of the binding, ACTIVE unless it was retired.'),
('PricingMarketDataSetCurveBinding', 12, 'metadata', 'json', false, NULL, 'Free-form JSON metadata about the curve binding; null when none.'),
('DiscountCurvesTS', 1, 'time_index', 'timestamptz', true, NULL, 'Timestamp (with time zone) of the curve snapshot in this row.'),
('DiscountCurvesTS', 2, 'curve_identifier', 'varchar(255)', true, NULL, 'Unique identifier of the curve, as in Curve.unique_identifier.'),
('DiscountCurvesTS', 3, 'curve', 'varchar', true, NULL, 'Serialized curve payload that the pricing library rebuilds the curve from.'),
('DiscountCurvesTS', 4, 'key_nodes', 'text', false, NULL, 'Key curve nodes as compressed text (zlib and base64 with a version prefix).'),
('DiscountCurvesTS', 5, 'metadata_json', 'jsonb', false, NULL, 'Free-form JSONB metadata about the curve snapshot; null when none.'),
('IndexFixingsTS', 1, 'time_index', 'timestamptz', true, NULL, 'Timestamp (with time zone) of the fixing date of this row.'),
('IndexFixingsTS', 2, 'index_identifier', 'varchar(255)', true, NULL, 'Unique identifier of the fixed index, as in Index.unique_identifier.'),
('IndexFixingsTS', 3, 'rate', 'float8', false, NULL, 'Published fixing rate of the index at this time, as a decimal.'),
('AssetPricingDetailsTS', 1, 'time_index', 'timestamptz', true, NULL, 'Timestamp (with time zone) as of which the pricing details applied.'),
('AssetPricingDetailsTS', 2, 'asset_identifier', 'varchar(255)', true, NULL, 'Unique identifier of the priced asset, as in Asset.unique_identifier.'),
('AssetPricingDetailsTS', 3, 'instrument_dump', 'jsonb', true, NULL, 'Serialized instrument (JSONB) that the pricing library rebuilds.'),
('AssetPricingDetailsTS', 4, 'instrument_type', 'varchar(128)', true, NULL, 'Type of the pricing instrument, for example a fixed-rate bond.'),
('AssetPricingDetailsTS', 5, 'serialization_format', 'varchar(128)', true, NULL, 'Name and version of the format that instrument_dump is written in.'),
('AssetPricingDetailsTS', 6, 'pricing_package_version', 'varchar(64)', false, NULL, 'Version of the pricing package that wrote the instrument; null when unknown.'),
('AssetPricingDetailsTS', 7, 'source', 'varchar(255)', false, NULL, 'Where the pricing details came from; null when unknown.'),
('AssetPricingDetailsTS', 8, 'metadata', 'jsonb', false, NULL, 'Free-form JSONB metadata about the pricing details; null when none.');
INSERT INTO msm.builtin_index (model_name, position, index_kind, columns, predicate) VALUES
('AlembicVersion', 1, 'pk', '{version_num}', NULL),
('AssetType', 1, 'pk', '{uid}', NULL),
('AssetType', 2, 'unique', '{asset_type}', NULL),
('AssetType', 3, 'index', '{display_name}', NULL),
('Asset', 1, 'pk', '{uid}', NULL),
('Asset', 2, 'unique', '{unique_identifier}', NULL),
('Asset', 3, 'index', '{asset_type}', NULL),
('IndexType', 1, 'pk', '{uid}', NULL),
('IndexType', 2, 'unique', '{index_type}', NULL),
('IndexType', 3, 'index', '{display_name}', NULL),
('Index', 1, 'pk', '{uid}', NULL),
('Index', 2, 'unique', '{unique_identifier}', NULL),
('Index', 3, 'index', '{display_name}', NULL),
('Index', 4, 'index', '{index_type}', NULL),
('IndexDatasetAvailability', 1, 'pk', '{uid}', NULL),
('IndexDatasetAvailability', 2, 'unique', '{index_uid,meta_table_uid}', NULL),
('IndexDatasetAvailability', 3, 'index', '{index_uid,population_state,cadence}', NULL),
('IndexDatasetAvailability', 4, 'index', '{population_state,cadence,index_uid}', NULL),
('IndexFormulaDefinition', 1, 'pk', '{uid}', NULL),
('IndexFormulaDefinition', 2, 'unique', '{index_uid}', '((status)::text = ''active''::text)'),
('IndexFormulaDefinition', 3, 'unique', '{index_uid,definition_hash}', NULL),
('IndexFormulaDefinition', 4, 'unique', '{index_uid,version}', NULL),
('IndexFormulaDefinition', 5, 'index', '{index_uid}', NULL),
('IndexFormulaDefinition', 6, 'index', '{status}', NULL),
('IndexFormulaDefinition', 7, 'index', '{valid_from}', NULL),
('IndexFormulaInput', 1, 'pk', '{uid}', NULL),
('IndexFormulaInput', 2, 'unique', '{definition_uid,component_index_uid,observable}', '(component_index_uid IS NOT NULL)'),
('IndexFormulaInput', 3, 'unique', '{definition_uid,asset_uid,observable}', '(asset_uid IS NOT NULL)'),
('IndexFormulaInput', 4, 'index', '{asset_uid}', NULL),
('IndexFormulaInput', 5, 'index', '{component_index_uid}', NULL),
('IndexFormulaInput', 6, 'index', '{definition_uid}', NULL),
('IndexFormulaInput', 7, 'index', '{meta_table_uid}', NULL),
('Issuer', 1, 'pk', '{uid}', NULL),
('Issuer', 2, 'unique', '{unique_identifier}', NULL),
('Issuer', 3, 'index', '{display_name}', NULL),
('CurrencySpotAssetDetails', 1, 'pk', '{asset_uid}', NULL),
('CurrencySpotAssetDetails', 2, 'unique', '{base_currency_uid,quote_currency_uid}', NULL),
('CurrencySpotAssetDetails', 3, 'index', '{base_currency_uid}', NULL),
('CurrencySpotAssetDetails', 4, 'index', '{quote_currency_uid}', NULL),
('BondAssetDetails', 1, 'pk', '{asset_uid}', NULL),
('BondAssetDetails', 2, 'index', '{currency_asset_uid}', NULL),
('BondAssetDetails', 3, 'index', '{issuer_uid}', NULL),
('BondAssetDetails', 4, 'index', '{maturity_date}', NULL),
('BondAssetDetails', 5, 'index', '{status}', NULL),
('FutureAssetDetails', 1, 'pk', '{asset_uid}', NULL),
('FutureAssetDetails', 2, 'index', '{expires_at}', NULL),
('FutureAssetDetails', 3, 'index', '{margin_asset}', NULL),
('FutureAssetDetails', 4, 'index', '{settlement_asset}', NULL),
('FutureAssetDetails', 5, 'index', '{underlying_index_uid}', NULL),
('Calendar', 1, 'pk', '{uid}', NULL),
('Calendar', 2, 'unique', '{unique_identifier}', NULL),
('Calendar', 3, 'index', '{calendar_type}', NULL),
('Calendar', 4, 'index', '{source,source_identifier}', NULL),
('CalendarDate', 1, 'pk', '{uid}', NULL),
('CalendarDate', 2, 'unique', '{calendar_uid,local_date}', NULL),
('CalendarDate', 3, 'index', '{calendar_uid,is_business_day}', NULL),
('CalendarDate', 4, 'index', '{local_date}', NULL),
('CalendarSession', 1, 'pk', '{uid}', NULL),
('CalendarSession', 2, 'unique', '{calendar_uid,local_date,session_label}', NULL),
('CalendarSession', 3, 'index', '{calendar_uid,is_primary}', NULL),
('CalendarSession', 4, 'index', '{local_date}', NULL),
('CalendarEvent', 1, 'pk', '{uid}', NULL),
('CalendarEvent', 2, 'unique', '{calendar_uid,event_date,event_type,event_label,target_type,target_identifier}', NULL),
('CalendarEvent', 3, 'index', '{calendar_uid,event_date}', NULL),
('CalendarEvent', 4, 'index', '{event_type}', NULL),
('CalendarEvent', 5, 'index', '{target_type,target_uid}', NULL),
('SignalMetadata', 1, 'pk', '{uid}', NULL),
('SignalMetadata', 2, 'unique', '{signal_uid}', NULL),
('Portfolio', 1, 'pk', '{uid}', NULL),
('Portfolio', 2, 'unique', '{unique_identifier}', NULL),
('Portfolio', 3, 'index', '{calendar_uid}', NULL),
('Portfolio', 4, 'index', '{published_index_uid}', NULL),
('Portfolio', 5, 'index', '{signal_uid}', NULL),
('PortfolioGroup', 1, 'pk', '{uid}', NULL),
('PortfolioGroup', 2, 'unique', '{unique_identifier}', NULL),
('PortfolioGroup', 3, 'index', '{display_name}', NULL),
('PortfolioGroupMembership', 1, 'pk', '{uid}', NULL),
('PortfolioGroupMembership', 2, 'unique', '{portfolio_group_uid,portfolio_uid}', NULL),
('PortfolioGroupMembership', 3, 'index', '{portfolio_group_uid}', NULL),
('PortfolioGroupMembership', 4, 'index', '{portfolio_uid}', NULL),
('AccountAllocationModel', 1, 'pk', '{uid}', NULL),
('AccountAllocationModel', 2, 'unique', '{allocation_model_name}', NULL),
('AccountGroup', 1, 'pk', '{uid}', NULL),
('AccountGroup', 2, 'unique', '{group_name}', NULL),
('Account', 1, 'pk', '{uid}', NULL),
('Account', 2, 'unique', '{unique_identifier}', NULL),
('Account', 3, 'index', '{account_group_uid}', NULL),
('Account', 4, 'index', '{account_is_active}', NULL),
('Account', 5, 'index', '{account_name}', NULL),
('AccountHoldingsSet', 1, 'pk', '{uid}', NULL),
('AccountHoldingsSet', 2, 'unique', '{account_uid,time_index}', NULL),
('AccountHoldingsSet', 3, 'index', '{account_uid}', NULL),
('AccountHoldingsSet', 4, 'index', '{time_index}', NULL),
('VirtualFund', 1, 'pk', '{uid}', NULL),
('VirtualFund', 2, 'unique', '{unique_identifier}', NULL),
('VirtualFund', 3, 'index', '{account_uid}', NULL),
('VirtualFund', 4, 'index', '{target_portfolio_uid}', NULL),
('VirtualFundHoldingsSet', 1, 'pk', '{uid}', NULL),
('VirtualFundHoldingsSet', 2, 'unique', '{virtual_fund_uid,source_account_holdings_set_uid}', NULL),
('VirtualFundHoldingsSet', 3, 'index', '{source_account_holdings_set_uid}', NULL),
('VirtualFundHoldingsSet', 4, 'index', '{virtual_fund_uid}', NULL),
('AssetCategory', 1, 'pk', '{uid}', NULL),
('AssetCategory', 2, 'unique', '{unique_identifier}', NULL),
('AssetCategory', 3, 'index', '{display_name}', NULL),
('AssetCategoryMembership', 1, 'pk', '{uid}', NULL),
('AssetCategoryMembership', 2, 'unique', '{category_uid,asset_uid}', NULL),
('AssetCategoryMembership', 3, 'index', '{asset_uid}', NULL),
('OpenFigiAssetDetails', 1, 'pk', '{asset_uid}', NULL),
('OpenFigiAssetDetails', 2, 'index', '{figi}', NULL),
('OpenFigiAssetDetails', 3, 'index', '{isin}', NULL),
('OpenFigiAssetDetails', 4, 'index', '{ticker}', NULL),
('AccountTargetAllocation', 1, 'pk', '{uid}', NULL),
('AccountTargetAllocation', 2, 'unique', '{unique_identifier}', NULL),
('AccountTargetAllocation', 3, 'index', '{account_allocation_model_uid}', NULL),
('AccountTargetAllocation', 4, 'index', '{account_uid}', NULL),
('AccountTargetAllocation', 5, 'index', '{is_active}', NULL),
('PositionSet', 1, 'pk', '{uid}', NULL),
('PositionSet', 2, 'unique', '{account_target_allocation_uid,position_set_time}', NULL),
('PositionSet', 3, 'index', '{account_target_allocation_uid}', NULL),
('PositionSet', 4, 'index', '{position_set_time}', NULL),
('OrderManager', 1, 'pk', '{uid}', NULL),
('OrderManager', 2, 'unique', '{unique_identifier}', NULL),
('OrderManager', 3, 'index', '{status}', NULL),
('OrderManager', 4, 'index', '{target_account_uid}', NULL),
('AssetSnapshotsTS', 1, 'unique', '{time_index,asset_identifier}', NULL),
('IndexValuesTS', 1, 'unique', '{time_index,index_identifier}', NULL),
('IndexValuesTS', 2, 'index', '{definition_uid}', NULL),
('IndexValuesTS', 3, 'index', '{index_identifier,time_index}', NULL),
('IndexValuesTS', 4, 'index', '{observation_status}', NULL),
('AccountHoldingsTS', 1, 'unique', '{time_index,account_uid,asset_identifier}', NULL),
('VirtualFundHoldingsTS', 1, 'unique', '{time_index,virtual_fund_uid,asset_identifier}', NULL),
('TargetPositionsTS', 1, 'unique', '{time_index,position_set_uid,target_type,target_uid}', NULL),
('TargetPositionsTS', 2, 'index', '{asset_uid}', NULL),
('TargetPositionsTS', 3, 'index', '{portfolio_uid}', NULL),
('TargetPositionsTS', 4, 'index', '{position_set_uid,target_type,target_uid}', NULL),
('OrdersTS', 1, 'unique', '{order_time,order_identifier,account_identifier,asset_identifier}', NULL),
('OrderEventsTS', 1, 'unique', '{event_time,order_identifier}', NULL),
('TradesTS', 1, 'unique', '{trade_time,trade_identifier,account_identifier,asset_identifier}', NULL),
('RebalanceStrategyMetadata', 1, 'pk', '{uid}', NULL),
('RebalanceStrategyMetadata', 2, 'unique', '{rebalance_strategy_uid}', NULL),
('PortfolioMetadata', 1, 'pk', '{uid}', NULL),
('PortfolioMetadata', 2, 'unique', '{unique_identifier}', NULL),
('PortfolioWeightsTS', 1, 'unique', '{time_index,portfolio_identifier,asset_identifier}', NULL),
('SignalWeightsTS', 1, 'unique', '{time_index,signal_uid,asset_identifier}', NULL),
('PortfoliosTS', 1, 'unique', '{time_index,portfolio_identifier}', NULL),
('ExternalPricesTS', 1, 'unique', '{time_index,asset_identifier}', NULL),
('IndexConventionDetails', 1, 'pk', '{index_uid}', NULL),
('IndexConventionDetails', 2, 'index', '{index_family}', NULL),
('IndexConventionDetails', 3, 'index', '{source}', NULL),
('Curve', 1, 'pk', '{uid}', NULL),
('Curve', 2, 'unique', '{unique_identifier}', NULL),
('Curve', 3, 'index', '{currency_code}', NULL),
('Curve', 4, 'index', '{curve_type}', NULL),
('Curve', 5, 'index', '{quote_side}', NULL),
('Curve', 6, 'index', '{source}', NULL),
('Curve', 7, 'index', '{status}', NULL),
('CurveBuildingDetails', 1, 'pk', '{curve_uid}', NULL),
('CurveBuildingDetails', 2, 'index', '{builder_type}', NULL),
('CurveBuildingDetails', 3, 'index', '{quote_convention}', NULL),
('CurveBuildingDetails', 4, 'index', '{source}', NULL),
('AssetCurrentPricingDetails', 1, 'pk', '{asset_uid}', NULL),
('AssetCurrentPricingDetails', 2, 'index', '{instrument_type}', NULL),
('AssetCurrentPricingDetails', 3, 'index', '{pricing_details_date}', NULL),
('PricingMarketDataSet', 1, 'pk', '{uid}', NULL),
('PricingMarketDataSet', 2, 'unique', '{set_key}', NULL),
('PricingMarketDataSet', 3, 'index', '{status}', NULL),
('PricingMarketDataSetBinding', 1, 'pk', '{uid}', NULL),
('PricingMarketDataSetBinding', 2, 'unique', '{market_data_set_uid,concept_key}', NULL),
('PricingMarketDataSetBinding', 3, 'index', '{concept_key}', NULL),
('PricingMarketDataSetBinding', 4, 'index', '{data_node_uid}', NULL),
('PricingMarketDataSetCurveBinding', 1, 'pk', '{uid}', NULL),
('PricingMarketDataSetCurveBinding', 2, 'unique', '{market_data_set_uid,binding_key}', NULL),
('PricingMarketDataSetCurveBinding', 3, 'index', '{curve_uid}', NULL),
('PricingMarketDataSetCurveBinding', 4, 'index', '{quote_side}', NULL),
('PricingMarketDataSetCurveBinding', 5, 'index', '{role_key}', NULL),
('PricingMarketDataSetCurveBinding', 6, 'index', '{selector_type,selector_key}', NULL),
('PricingMarketDataSetCurveBinding', 7, 'index', '{status}', NULL),
('DiscountCurvesTS', 1, 'unique', '{time_index,curve_identifier}', NULL),
('IndexFixingsTS', 1, 'unique', '{time_index,index_identifier}', NULL),
('AssetPricingDetailsTS', 1, 'unique', '{time_index,asset_identifier}', NULL);
INSERT INTO msm.builtin_fk (model_name, position, columns, target_model, target_columns, on_delete) VALUES
('IndexDatasetAvailability', 1, '{index_uid}', 'Index', '{uid}', 'CASCADE'),
('IndexFormulaDefinition', 1, '{index_uid}', 'Index', '{uid}', 'CASCADE'),
('IndexFormulaInput', 1, '{asset_uid}', 'Asset', '{uid}', 'RESTRICT'),
('IndexFormulaInput', 2, '{component_index_uid}', 'Index', '{uid}', 'RESTRICT'),
('IndexFormulaInput', 3, '{definition_uid}', 'IndexFormulaDefinition', '{uid}', 'CASCADE'),
('CurrencySpotAssetDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('CurrencySpotAssetDetails', 2, '{base_currency_uid}', 'Asset', '{uid}', 'RESTRICT'),
('CurrencySpotAssetDetails', 3, '{quote_currency_uid}', 'Asset', '{uid}', 'RESTRICT'),
('BondAssetDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('BondAssetDetails', 2, '{currency_asset_uid}', 'Asset', '{uid}', 'RESTRICT'),
('BondAssetDetails', 3, '{issuer_uid}', 'Issuer', '{uid}', 'RESTRICT'),
('FutureAssetDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('FutureAssetDetails', 2, '{margin_asset}', 'Asset', '{uid}', 'RESTRICT'),
('FutureAssetDetails', 3, '{settlement_asset}', 'Asset', '{uid}', 'RESTRICT'),
('FutureAssetDetails', 4, '{underlying_index_uid}', 'Index', '{uid}', 'RESTRICT'),
('CalendarDate', 1, '{calendar_uid}', 'Calendar', '{uid}', 'CASCADE'),
('CalendarSession', 1, '{calendar_uid}', 'Calendar', '{uid}', 'CASCADE'),
('CalendarEvent', 1, '{calendar_uid}', 'Calendar', '{uid}', 'CASCADE'),
('Portfolio', 1, '{calendar_uid}', 'Calendar', '{uid}', 'RESTRICT'),
('Portfolio', 2, '{published_index_uid}', 'Index', '{uid}', 'SET NULL'),
('Portfolio', 3, '{signal_uid}', 'SignalMetadata', '{signal_uid}', 'RESTRICT'),
('PortfolioGroupMembership', 1, '{portfolio_group_uid}', 'PortfolioGroup', '{uid}', 'CASCADE'),
('PortfolioGroupMembership', 2, '{portfolio_uid}', 'Portfolio', '{uid}', 'CASCADE'),
('Account', 1, '{account_group_uid}', 'AccountGroup', '{uid}', 'SET NULL'),
('AccountHoldingsSet', 1, '{account_uid}', 'Account', '{uid}', 'CASCADE'),
('VirtualFund', 1, '{account_uid}', 'Account', '{uid}', 'CASCADE'),
('VirtualFund', 2, '{target_portfolio_uid}', 'Portfolio', '{uid}', 'RESTRICT'),
('VirtualFundHoldingsSet', 1, '{source_account_holdings_set_uid}', 'AccountHoldingsSet', '{uid}', 'RESTRICT'),
('VirtualFundHoldingsSet', 2, '{virtual_fund_uid}', 'VirtualFund', '{uid}', 'CASCADE'),
('AssetCategoryMembership', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('AssetCategoryMembership', 2, '{category_uid}', 'AssetCategory', '{uid}', 'CASCADE'),
('OpenFigiAssetDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('AccountTargetAllocation', 1, '{account_allocation_model_uid}', 'AccountAllocationModel', '{uid}', 'RESTRICT'),
('AccountTargetAllocation', 2, '{account_uid}', 'Account', '{uid}', 'CASCADE'),
('PositionSet', 1, '{account_target_allocation_uid}', 'AccountTargetAllocation', '{uid}', 'CASCADE'),
('OrderManager', 1, '{target_account_uid}', 'Account', '{uid}', 'CASCADE'),
('AssetSnapshotsTS', 1, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('IndexValuesTS', 1, '{definition_uid}', 'IndexFormulaDefinition', '{uid}', 'RESTRICT'),
('IndexValuesTS', 2, '{index_identifier}', 'Index', '{unique_identifier}', 'RESTRICT'),
('AccountHoldingsTS', 1, '{account_uid}', 'Account', '{uid}', 'RESTRICT'),
('AccountHoldingsTS', 2, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('AccountHoldingsTS', 3, '{holdings_set_uid}', 'AccountHoldingsSet', '{uid}', 'CASCADE'),
('VirtualFundHoldingsTS', 1, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('VirtualFundHoldingsTS', 2, '{source_account_holdings_set_uid}', 'AccountHoldingsSet', '{uid}', 'RESTRICT'),
('VirtualFundHoldingsTS', 3, '{virtual_fund_uid}', 'VirtualFund', '{uid}', 'CASCADE'),
('VirtualFundHoldingsTS', 4, '{virtual_fund_holdings_set_uid}', 'VirtualFundHoldingsSet', '{uid}', 'CASCADE'),
('TargetPositionsTS', 1, '{asset_uid}', 'Asset', '{uid}', 'RESTRICT'),
('TargetPositionsTS', 2, '{portfolio_uid}', 'Portfolio', '{uid}', 'RESTRICT'),
('TargetPositionsTS', 3, '{position_set_uid}', 'PositionSet', '{uid}', 'CASCADE'),
('OrdersTS', 1, '{account_identifier}', 'Account', '{unique_identifier}', 'RESTRICT'),
('OrdersTS', 2, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('OrdersTS', 3, '{order_manager_identifier}', 'OrderManager', '{unique_identifier}', 'RESTRICT'),
('TradesTS', 1, '{account_identifier}', 'Account', '{unique_identifier}', 'RESTRICT'),
('TradesTS', 2, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('TradesTS', 3, '{commission_asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('TradesTS', 4, '{settlement_asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('PortfolioWeightsTS', 1, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('PortfolioWeightsTS', 2, '{portfolio_identifier}', 'Portfolio', '{unique_identifier}', 'RESTRICT'),
('SignalWeightsTS', 1, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('SignalWeightsTS', 2, '{signal_uid}', 'SignalMetadata', '{signal_uid}', 'RESTRICT'),
('PortfoliosTS', 1, '{portfolio_identifier}', 'Portfolio', '{unique_identifier}', 'RESTRICT'),
('ExternalPricesTS', 1, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT'),
('IndexConventionDetails', 1, '{index_uid}', 'Index', '{uid}', 'CASCADE'),
('CurveBuildingDetails', 1, '{curve_uid}', 'Curve', '{uid}', 'CASCADE'),
('AssetCurrentPricingDetails', 1, '{asset_uid}', 'Asset', '{uid}', 'CASCADE'),
('PricingMarketDataSetBinding', 1, '{market_data_set_uid}', 'PricingMarketDataSet', '{uid}', 'CASCADE'),
('PricingMarketDataSetCurveBinding', 1, '{curve_uid}', 'Curve', '{uid}', 'RESTRICT'),
('PricingMarketDataSetCurveBinding', 2, '{market_data_set_uid}', 'PricingMarketDataSet', '{uid}', 'CASCADE'),
('DiscountCurvesTS', 1, '{curve_identifier}', 'Curve', '{unique_identifier}', 'RESTRICT'),
('IndexFixingsTS', 1, '{index_identifier}', 'Index', '{unique_identifier}', 'RESTRICT'),
('AssetPricingDetailsTS', 1, '{asset_identifier}', 'Asset', '{unique_identifier}', 'RESTRICT');
INSERT INTO msm.builtin_check (model_name, check_name, expression) VALUES
('Index', 'index_calculation_method_valid', '((calculation_method)::text = ANY ((ARRAY[''formula''::character varying, ''custom''::character varying])::text[]))'),
('Index', 'index_value_format_valid', '((value_format)::text = ANY ((ARRAY[''decimal''::character varying, ''percent''::character varying])::text[]))'),
('IndexDatasetAvailability', 'dataset_population_state_coherent', '((((population_state)::text = ''populated''::text) AND (row_count > 0) AND (error_code IS NULL) AND (error_message IS NULL)) OR (((population_state)::text = ''compatible_empty''::text) AND (row_count = 0) AND (earliest_time_index IS NULL) AND (latest_time_index IS NULL) AND (error_code IS NULL) AND (error_message IS NULL)) OR (((population_state)::text = ''unavailable''::text) AND (row_count IS NULL) AND (earliest_time_index IS NULL) AND (latest_time_index IS NULL)))'),
('IndexFormulaDefinition', 'formula_alignment_policy_valid', '((alignment_policy)::text = ANY ((ARRAY[''exact''::character varying, ''asof''::character varying])::text[]))'),
('IndexFormulaDefinition', 'formula_missing_data_policy_valid', '((missing_data_policy)::text = ANY ((ARRAY[''drop''::character varying, ''fail''::character varying])::text[]))'),
('IndexFormulaDefinition', 'formula_status_valid', '((status)::text = ANY ((ARRAY[''draft''::character varying, ''active''::character varying, ''retired''::character varying])::text[]))'),
('IndexFormulaDefinition', 'formula_validity_interval_valid', '((valid_to IS NULL) OR (valid_to > valid_from))'),
('IndexFormulaDefinition', 'formula_version_positive', '(version > 0)'),
('IndexFormulaInput', 'formula_input_source_exclusive', '(( CASE WHEN (asset_uid IS NOT NULL) THEN 1 ELSE 0 END + CASE WHEN (component_index_uid IS NOT NULL) THEN 1 ELSE 0 END) = 1)'),
('AccountHoldingsTS', 'ck_account_holdings_direction', '(direction = ANY (ARRAY[1, ''-1''::integer]))'),
('VirtualFundHoldingsTS', 'ck_virtual_fund_holdings_direction', '(direction = ANY (ARRAY[1, ''-1''::integer]))'),
('TargetPositionsTS', 'ck_target_positions_target_type', '((target_type)::text = ANY ((ARRAY[''asset''::character varying, ''portfolio''::character varying])::text[]))'),
('TargetPositionsTS', 'ck_target_positions_single_exposure', '((( CASE WHEN (weight_notional_exposure IS NOT NULL) THEN 1 ELSE 0 END + CASE WHEN (constant_notional_exposure IS NOT NULL) THEN 1 ELSE 0 END) + CASE WHEN (single_asset_quantity IS NOT NULL) THEN 1 ELSE 0 END) = 1)'),
('TargetPositionsTS', 'ck_target_positions_target_reference', '((((target_type)::text = ''asset''::text) AND (asset_uid IS NOT NULL) AND (portfolio_uid IS NULL) AND (target_uid = asset_uid)) OR (((target_type)::text = ''portfolio''::text) AND (portfolio_uid IS NOT NULL) AND (asset_uid IS NULL) AND (target_uid = portfolio_uid)))');

-- Rendering of step and object templates for one deployment namespace
-- (doc/migrations.md, "Revision steps").
CREATE FUNCTION msm._render_template(tmpl text, ns text, sch name)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text := replace(tmpl, '{SCHEMA}', quote_ident(sch));
    m text[];
    r text;
BEGIN
    LOOP
        m := regexp_match(s, '\{t:([a-z0-9_]+)\}');
        EXIT WHEN m IS NULL;
        s := replace(s, '{t:' || m[1] || '}', msm.physical_table_name('ms_markets', m[1], nullif(ns, '')));
    END LOOP;
    LOOP
        m := regexp_match(s, '\{T:([a-z0-9_]+)\}');
        EXIT WHEN m IS NULL;
        s := replace(s, '{T:' || m[1] || '}',
                     format('%I.%I', sch, msm.physical_table_name('ms_markets', m[1], nullif(ns, ''))));
    END LOOP;
    LOOP
        m := regexp_match(s, '\{N:([^{}]*)\}');
        EXIT WHEN m IS NULL;
        s := replace(s, '{N:' || m[1] || '}', quote_ident(msm.bounded_identifier(VARIADIC string_to_array(m[1], '|'))));
    END LOOP;
    LOOP
        -- SQLAlchemy's own shortening of an over-long convention name (revision 0004)
        m := regexp_match(s, '\{S:([^{}]*)\}');
        EXIT WHEN m IS NULL;
        r := CASE WHEN length(m[1]) > 63 THEN left(m[1], 55) || '_' || right(md5(m[1]), 4) ELSE m[1] END;
        s := replace(s, '{S:' || m[1] || '}', quote_ident(r));
    END LOOP;
    RETURN s;
END
$$;

-- Chain position of a revision id (NULL for an unknown or superseded one).
CREATE FUNCTION msm._revision_position(rev text)
RETURNS integer
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.position FROM msm.revision r WHERE r.revision = rev AND NOT r.superseded
$$;

-- The version table of a deployment namespace (doc/migrations.md, "The
-- version table"): upstream's name and key, ms_markets__alembic_version
-- with primary key <name>_pkc, in the deployment's physical schema.
CREATE FUNCTION msm._version_table(ns text, OUT sch name, OUT table_name name, OUT pk_name name)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT msm._deployment_schema(ns),
           msm.physical_table_name('ms_markets', 'alembic_version', nullif(ns, ''))::name,
           left(msm.physical_table_name('ms_markets', 'alembic_version', nullif(ns, '')) || '_pkc', 63)::name
$$;

-- The rendered steps of one revision in one direction.
CREATE FUNCTION msm._revision_steps(rev text, direction text, ns text, sch name)
RETURNS TABLE (step integer, kind text, statement text, data_probe text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.step, s.kind, msm._render_template(s.statement, ns, sch),
           msm._render_template(s.data_probe, ns, sch)
      FROM msm.revision_step s
     WHERE s.revision = rev AND s.direction = _revision_steps.direction
     ORDER BY s.step
$$;

DROP FUNCTION msm.revision_ddl(text, text);
CREATE FUNCTION msm.revision_ddl(revision text, namespace text DEFAULT NULL, direction text DEFAULT 'upgrade')
RETURNS SETOF text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns  text := msm.resolve_namespace(namespace);
BEGIN
    IF EXISTS (SELECT 1 FROM msm.revision r WHERE r.revision = revision_ddl.revision AND r.superseded) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('revision %s has no steps', quote_literal(revision)),
            DETAIL = 'It is the revision of msm 0.1.0, which msm.migrate_upgrade() converts to 0015.',
            HINT = 'SELECT revision FROM msm.revision WHERE NOT superseded ORDER BY position; lists the revisions.';
    END IF;
    IF msm._revision_position(revision) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown revision %s', coalesce(quote_literal(revision), 'NULL')),
            HINT = 'SELECT revision FROM msm.revision WHERE NOT superseded ORDER BY position; lists the revisions.';
    END IF;
    IF direction IS NULL OR direction NOT IN ('upgrade', 'downgrade') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown direction %s', coalesce(quote_literal(direction), 'NULL')),
            HINT = 'Use direction => ''upgrade'' or ''downgrade''.';
    END IF;
    RETURN QUERY SELECT s.statement FROM msm._revision_steps(revision, direction, ns, msm._deployment_schema(ns)) s;
END
$$;
COMMENT ON FUNCTION msm.revision_ddl(text, text, text) IS
    'The statements of a revision (upgrade or downgrade) for a deployment namespace, in order (for review; migrate_upgrade and migrate_downgrade run them).';

-- Applied revision of a deployment namespace: the one row of its version
-- table (NULL when the table is missing or empty).
CREATE OR REPLACE FUNCTION msm.migrate_current(namespace text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vt  record := msm._version_table(msm.resolve_namespace(namespace));
    v   text[];
BEGIN
    IF to_regclass(format('%I.%I', vt.sch, vt.table_name)) IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT array_agg(version_num::text ORDER BY version_num) FROM %I.%I', vt.sch, vt.table_name) INTO v;
    IF cardinality(v) > 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'cardinality_violation',
            MESSAGE = format('version table %I.%I holds %s revisions', vt.sch, vt.table_name, cardinality(v)),
            DETAIL = format('Revisions: %s.', array_to_string(v, ', ')),
            HINT = 'The markets chain is linear: keep the one row of the revision the tables are at.';
    END IF;
    RETURN v[1];
END
$$;

-- Objects the chain leaves at a position, rendered for a namespace.
CREATE FUNCTION msm._expected_objects(pos integer, ns text, sch name)
RETURNS TABLE (table_name name, object_kind text, name text, ordinal integer, definition text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT msm.physical_table_name('ms_markets', o.table_slug, nullif(ns, ''))::name, o.object_kind,
           CASE WHEN o.object_kind = 'column' THEN o.name ELSE msm._render_template(o.name, ns, sch) END,
           o.ordinal,
           replace(msm._render_template(o.definition, ns, sch), '{I}',
                   quote_ident(msm._render_template(o.name, ns, sch)))
      FROM msm.revision_object o
     WHERE pos BETWEEN o.from_position AND o.to_position
$$;

-- A check as PostgreSQL deparses it after a dump and restore, in the form it
-- deparses it when created from "col IN (...)" on a varchar column: the
-- restored text parses to ARRAY[('a'::character varying)::text, ...] instead
-- of (ARRAY['a'::character varying, ...])::text[]; both mean the same.
CREATE FUNCTION msm._canonical_check(def text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m text[];
    s text := def;
BEGIN
    LOOP
        m := regexp_match(s, '= ANY \(ARRAY\[((?:\(''[^'']*''::character varying\)::text(?:, )?)+)\]\)');
        EXIT WHEN m IS NULL;
        s := replace(s, format('= ANY (ARRAY[%s])', m[1]),
                     format('= ANY ((ARRAY[%s])::text[])',
                            regexp_replace(m[1], '\((''[^'']*''::character varying)\)::text', '\1', 'g')));
    END LOOP;
    RETURN s;
END
$$;

-- Keys, indexes, foreign keys and checks of a table as PostgreSQL deparses
-- them, runs of white space collapsed (as msm.revision_object stores them).
CREATE FUNCTION msm._live_objects(rel oid)
RETURNS TABLE (object_kind text, name text, definition text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE c.contype WHEN 'p' THEN 'pk' WHEN 'f' THEN 'fk' ELSE 'check' END, c.conname::text,
           CASE WHEN c.contype = 'c' THEN msm._canonical_check(regexp_replace(pg_get_constraintdef(c.oid), '\s+', ' ', 'g'))
                ELSE regexp_replace(pg_get_constraintdef(c.oid), '\s+', ' ', 'g') END
      FROM pg_constraint c WHERE c.conrelid = rel AND c.contype IN ('p', 'f', 'c')
    UNION ALL
    SELECT 'index', ic.relname::text, regexp_replace(pg_get_indexdef(i.indexrelid), '\s+', ' ', 'g')
      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
     WHERE i.indrelid = rel
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = rel
                                                        AND k.contype IN ('p', 'u', 'x'))
$$;

-- Columns of a table as "type|NULL or NOT NULL|default".
CREATE FUNCTION msm._live_columns(rel oid)
RETURNS TABLE (name text, definition text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.attname::text,
           format_type(a.atttypid, a.atttypmod) || '|' || CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END
           || '|' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped
$$;

-- A CHECK clause that PostgreSQL deparses back to def: "col IN (...)" on a
-- varchar column deparses to "= ANY ((ARRAY[...])::text[])", a text that
-- would itself parse to another expression (test/tools/gen_revisions.py,
-- check_source, does the same for the revision steps).
CREATE FUNCTION msm._check_source(def text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    m text[];
    s text := def;
BEGIN
    LOOP
        m := regexp_match(s, '\(\((\w+)\)::text = ANY \(\(ARRAY\[([^\]]*)\]\)::text\[\]\)\)');
        EXIT WHEN m IS NULL;
        s := replace(s, format('((%s)::text = ANY ((ARRAY[%s])::text[]))', m[1], m[2]),
                     format('(%s IN (%s))', m[1], replace(m[2], '::character varying', '')));
    END LOOP;
    RETURN s;
END
$$;

-- Index definitions compared without their names.
CREATE FUNCTION msm._unnamed(def text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.regexp_replace(def, '^(CREATE (UNIQUE )?INDEX )\S+ ON ', '\1ON ') $$;

-- Differences between the live schema of a namespace and what the chain
-- leaves at a position (doc/migrations.md, "Diagnostics and repair").
-- kind: table_missing, column_missing, column_differs, object_missing,
-- object_differs, object_unexpected, column_unexpected.
CREATE FUNCTION msm._schema_differences(pos integer, ns text, sch name)
RETURNS TABLE (table_name name, kind text, object_kind text, name text, expected text, live text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH e AS (SELECT * FROM msm._expected_objects(pos, ns, sch)),
    t AS (SELECT e.table_name, to_regclass(format('%I.%I', sch, e.table_name))::oid AS rel
            FROM e WHERE e.object_kind = 'table'),
    lc AS (SELECT t.table_name, c.* FROM t CROSS JOIN LATERAL msm._live_columns(t.rel) c WHERE t.rel IS NOT NULL),
    lo AS (SELECT t.table_name, o.* FROM t CROSS JOIN LATERAL msm._live_objects(t.rel) o WHERE t.rel IS NOT NULL)
    SELECT t.table_name, 'table_missing', 'table', t.table_name::text, NULL, NULL FROM t WHERE t.rel IS NULL
    UNION ALL
    SELECT e.table_name, CASE WHEN lc.name IS NULL THEN 'column_missing' ELSE 'column_differs' END,
           'column', e.name, e.definition, lc.definition
      FROM e JOIN t ON t.table_name = e.table_name AND t.rel IS NOT NULL
      LEFT JOIN lc ON lc.table_name = e.table_name AND lc.name = e.name
     WHERE e.object_kind = 'column' AND lc.definition IS DISTINCT FROM e.definition
    UNION ALL
    SELECT lc.table_name, 'column_unexpected', 'column', lc.name, NULL, lc.definition
      FROM lc WHERE NOT EXISTS (SELECT 1 FROM e WHERE e.table_name = lc.table_name AND e.object_kind = 'column'
                                                  AND e.name = lc.name)
    UNION ALL
    SELECT e.table_name, CASE WHEN lo.name IS NULL THEN 'object_missing' ELSE 'object_differs' END,
           e.object_kind, e.name, e.definition, lo.definition
      FROM e JOIN t ON t.table_name = e.table_name AND t.rel IS NOT NULL
      LEFT JOIN lo ON lo.table_name = e.table_name AND lo.object_kind = e.object_kind AND lo.name = e.name
     WHERE e.object_kind IN ('pk', 'index', 'fk', 'check') AND lo.definition IS DISTINCT FROM e.definition
    UNION ALL
    SELECT lo.table_name, 'object_unexpected', lo.object_kind, lo.name, NULL, lo.definition
      FROM lo WHERE NOT EXISTS (SELECT 1 FROM e WHERE e.table_name = lo.table_name AND e.object_kind = lo.object_kind
                                                  AND e.name = lo.name)
$$;

-- Statements that bring the live schema of a namespace to what the chain
-- leaves at a position.  Missing tables, columns, keys, indexes, foreign keys
-- and checks are created; an object of the expected definition under another
-- name is renamed.  With convert (the msm 0.1.0 conversion) column types,
-- nullability and defaults are changed as well, differing definitions are
-- replaced, and checks that the chain does not have are dropped.  Rows are
-- never deleted (doc/migrations.md, "Upgrading a msm 0.1.0 database").
CREATE FUNCTION msm._reconcile(pos integer, ns text, sch name, convert boolean)
RETURNS SETOF text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    d     record;
    body  text;
    qt    text;
    old   text;
    renamed text[] := '{}';
    parts text[];
BEGIN
    -- missing tables: columns in order, primary key and checks inline
    FOR d IN SELECT e.table_name FROM msm._expected_objects(pos, ns, sch) e
              WHERE e.object_kind = 'table' AND to_regclass(format('%I.%I', sch, e.table_name)) IS NULL
              ORDER BY e.table_name
    LOOP
        SELECT string_agg(x, ', ' ORDER BY g, o) INTO body FROM (
            SELECT 0 AS g, e.ordinal AS o,
                   format('%I %s', e.name, split_part(e.definition, '|', 1))
                   || coalesce(' DEFAULT ' || nullif(split_part(e.definition, '|', 3), ''), '')
                   || CASE WHEN split_part(e.definition, '|', 2) = 'NOT NULL' THEN ' NOT NULL' ELSE '' END AS x
              FROM msm._expected_objects(pos, ns, sch) e WHERE e.table_name = d.table_name AND e.object_kind = 'column'
            UNION ALL
            SELECT CASE e.object_kind WHEN 'pk' THEN 1 ELSE 2 END, 0, format('CONSTRAINT %I %s', e.name, msm._check_source(e.definition))
              FROM msm._expected_objects(pos, ns, sch) e WHERE e.table_name = d.table_name AND e.object_kind IN ('pk', 'check')) s;
        RETURN NEXT format('CREATE TABLE %I.%I (%s)', sch, d.table_name, body);
    END LOOP;

    -- columns of existing tables
    FOR d IN SELECT x.* FROM msm._schema_differences(pos, ns, sch) x
              WHERE x.object_kind = 'column' AND x.kind IN ('column_missing', 'column_differs')
              ORDER BY x.table_name, x.name
    LOOP
        qt := format('%I.%I', sch, d.table_name);
        parts := string_to_array(d.expected, '|');
        IF d.kind = 'column_missing' THEN
            RETURN NEXT format('ALTER TABLE %s ADD COLUMN %I %s%s', qt, d.name, parts[1],
                               coalesce(' DEFAULT ' || nullif(parts[3], ''), ''));
            IF parts[2] = 'NOT NULL' THEN
                RETURN NEXT format('ALTER TABLE %s ALTER COLUMN %I SET NOT NULL', qt, d.name);
            END IF;
            CONTINUE;
        END IF;
        CONTINUE WHEN NOT convert;
        IF split_part(d.live, '|', 1) <> parts[1] THEN
            RETURN NEXT format('ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::%s', qt, d.name, parts[1], d.name, parts[1]);
        END IF;
        IF split_part(d.live, '|', 3) <> coalesce(parts[3], '') THEN
            RETURN NEXT format('ALTER TABLE %s ALTER COLUMN %I %s', qt, d.name,
                               coalesce('SET DEFAULT ' || nullif(parts[3], ''), 'DROP DEFAULT'));
        END IF;
        IF split_part(d.live, '|', 2) <> parts[2] THEN
            RETURN NEXT format('ALTER TABLE %s ALTER COLUMN %I %s NOT NULL', qt, d.name,
                               CASE WHEN parts[2] = 'NOT NULL' THEN 'SET' ELSE 'DROP' END);
        END IF;
    END LOOP;

    -- indexes of the tables created above (foreign keys of existing tables may need them)
    FOR d IN SELECT e.* FROM msm._expected_objects(pos, ns, sch) e
              WHERE e.object_kind = 'index' AND to_regclass(format('%I.%I', sch, e.table_name)) IS NULL
              ORDER BY e.table_name, e.name
    LOOP
        RETURN NEXT d.definition;
    END LOOP;

    -- keys, indexes, checks and foreign keys (foreign keys last)
    FOR d IN SELECT x.*, to_regclass(format('%I.%I', sch, x.table_name)) IS NULL AS is_new
               FROM msm._schema_differences(pos, ns, sch) x
              WHERE x.kind IN ('object_missing', 'object_differs')
              ORDER BY CASE x.object_kind WHEN 'pk' THEN 1 WHEN 'index' THEN 2 WHEN 'check' THEN 3 ELSE 4 END,
                       x.table_name, x.name
    LOOP
        qt := format('%I.%I', sch, d.table_name);
        IF d.kind = 'object_differs' THEN
            CONTINUE WHEN NOT convert;
            RETURN NEXT CASE WHEN d.object_kind = 'index' THEN format('DROP INDEX %I.%I', sch, d.name)
                             ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', qt, d.name) END;
        ELSE
            -- the same definition under another (unexpected) name: rename it
            SELECT u.name INTO old FROM msm._schema_differences(pos, ns, sch) u
             WHERE u.table_name = d.table_name AND u.kind = 'object_unexpected' AND u.object_kind = d.object_kind
               AND NOT u.name = ANY (renamed)
               AND CASE WHEN d.object_kind = 'index' THEN msm._unnamed(u.live) = msm._unnamed(d.expected)
                        ELSE u.live = d.expected END
             LIMIT 1;
            IF old IS NOT NULL THEN
                renamed := renamed || old;
                RETURN NEXT CASE WHEN d.object_kind = 'index' THEN format('ALTER INDEX %I.%I RENAME TO %I', sch, old, d.name)
                                 ELSE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', qt, old, d.name) END;
                CONTINUE;
            END IF;
        END IF;
        RETURN NEXT CASE WHEN d.object_kind = 'index' THEN d.expected
                         ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', qt, d.name, msm._check_source(d.expected)) END;
    END LOOP;

    -- foreign keys of the tables created above
    FOR d IN SELECT e.* FROM msm._expected_objects(pos, ns, sch) e
              WHERE e.object_kind = 'fk' AND to_regclass(format('%I.%I', sch, e.table_name)) IS NULL
              ORDER BY e.table_name, e.name
    LOOP
        RETURN NEXT format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', sch, d.table_name, d.name, d.definition);
    END LOOP;

    IF convert THEN
        FOR d IN SELECT x.* FROM msm._schema_differences(pos, ns, sch) x
                  WHERE x.kind = 'object_unexpected' AND x.object_kind = 'check' AND NOT x.name = ANY (renamed)
                  ORDER BY x.table_name, x.name
        LOOP
            RETURN NEXT format('ALTER TABLE %I.%I DROP CONSTRAINT %I', sch, d.table_name, d.name);
        END LOOP;
    END IF;
END
$$;

-- Descriptions (COMMENT ON) of the built-in tables and columns present at a
-- position, where the live description differs (msm's addition to the
-- upstream schema: doc/models.md, "Descriptions").  Tables that do not exist
-- are skipped unless listed in creating (schema-qualified, as the steps that
-- create them write them).
CREATE FUNCTION msm._description_ddl(pos integer, ns text, creating text[] DEFAULT '{}')
RETURNS SETOF text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT format('COMMENT ON TABLE %I.%I IS %L', m.physical_schema, m.table_name, m.description)
      FROM msm.models_of(ns) m
     WHERE m.is_builtin AND (m.is_root OR msm._revision_position(m.revision) <= pos)
       AND (to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NOT NULL
            OR format('%I.%I', m.physical_schema, m.table_name) = ANY (creating))
       AND obj_description(to_regclass(format('%I.%I', m.physical_schema, m.table_name)), 'pg_class')
           IS DISTINCT FROM m.description
    UNION ALL
    SELECT format('COMMENT ON COLUMN %I.%I.%I IS %L', m.physical_schema, m.table_name, c.column_name, c.description)
      FROM msm.models_of(ns) m
      JOIN msm.builtin_column c ON c.model_name = m.model_name
     WHERE m.is_builtin
       AND (m.is_root OR EXISTS (SELECT 1 FROM msm.revision_object o
                                  WHERE o.object_kind = 'column' AND o.name = c.column_name
                                    AND msm.physical_table_name('ms_markets', o.table_slug, nullif(ns, '')) = m.table_name
                                    AND pos BETWEEN o.from_position AND o.to_position))
       AND ((to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NULL
             AND format('%I.%I', m.physical_schema, m.table_name) = ANY (creating))
            OR to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NOT NULL
               AND col_description(to_regclass(format('%I.%I', m.physical_schema, m.table_name)),
                               (SELECT a.attnum FROM pg_attribute a
                                 WHERE a.attrelid = to_regclass(format('%I.%I', m.physical_schema, m.table_name))
                                   AND a.attname = c.column_name AND NOT a.attisdropped)::integer)
               IS DISTINCT FROM c.description)
$$;

-- Models whose table exists at a chain position (the root always).
CREATE FUNCTION msm._models_at(ns text, pos integer)
RETURNS SETOF msm.model
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.* FROM msm.models_of(ns) m
     WHERE NOT m.is_builtin OR m.is_root OR msm._revision_position(m.revision) <= pos
$$;

-- Match one selector against the models of a namespace: model name, class
-- name, an earlier class name (alias), identifier, last identifier segment
-- or physical table name.
CREATE OR REPLACE FUNCTION msm._match_model(p_namespace text, p_selector text)
RETURNS SETOF msm.model
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.*
      FROM msm.models_of(p_namespace) m
     WHERE p_selector IN (m.model_name, m.class_name, m.identifier,
                          pg_catalog.regexp_replace(m.identifier, '^.*\.', ''), m.table_name)
        OR (m.is_builtin AND EXISTS (SELECT 1 FROM msm.builtin_model b
                                      WHERE b.model_name = m.model_name AND p_selector = ANY (b.alias_names)))
$$;

-- Run statements here, or (TS Manager mode) collect them for one autonomous
-- transaction committed before finalization (src/autonomous.c).
CREATE FUNCTION msm._run_or_collect(statements text[], collect boolean, INOUT collected text[])
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text;
BEGIN
    IF collect THEN
        collected := collected || statements;
    ELSE
        FOREACH s IN ARRAY coalesce(statements, '{}') LOOP
            EXECUTE s;
        END LOOP;
    END IF;
END
$$;

-- The registry's finalize step of a migration (upgrade or downgrade): the
-- reserved rows of uids become active for revision; any table that failed
-- is an error naming each one, with hint.  Returns the finalize answer.
CREATE FUNCTION msm._finalize_migration(ns text, uids jsonb, root_uid uuid, revision text, hint text)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fin      jsonb;
    failures text;
BEGIN
    fin := msm._registry_finalize(jsonb_build_object(
        'meta_table_uids', uids,
        'migration_package', 'msm',
        'migration_namespace', msm._migration_namespace(ns),
        'migration_provider_key', msm._migration_provider_key(ns),
        'alembic_version_meta_table_uid', root_uid,
        'alembic_revision', revision));
    IF coalesce((fin->>'failed_count')::integer, 0) > 0 OR NOT coalesce((fin->>'ok')::boolean, false) THEN
        SELECT string_agg(format('%s: %s', t->>'physical_table_name', coalesce(t->>'error', 'failed')), '; ')
          INTO failures
          FROM jsonb_array_elements(fin->'tables') t
         WHERE t->>'error' IS NOT NULL OR NOT coalesce((t->>'physical_table_exists')::boolean, false);
        RAISE EXCEPTION USING ERRCODE = 'undefined_table',
            MESSAGE = format('migration finalization failed for %s table(s)', fin->>'failed_count'),
            DETAIL = failures,
            HINT = hint;
    END IF;
    RETURN fin;
END $$;
REVOKE EXECUTE ON FUNCTION msm._finalize_migration(text, jsonb, uuid, text, text) FROM PUBLIC;

-- ---------------------------------------------------------------------------
-- msm.migrate_upgrade(target, namespace) (doc/migrations.md): the revision
-- chain, version table, 0.1.0 conversion and adoption of this section with
-- the SDK's registration of issue 10 (lookups by physical identity, the
-- validated registry root first in finalize's meta_table_uids, provider key
-- msm:<migration namespace>).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION msm.migrate_upgrade(target text DEFAULT 'head', namespace text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns           text;
    sch          name;
    vt           record;
    ds_uid       uuid;
    target_rev   text;
    target_pos   integer;
    current_rev  text;
    current_pos  integer := 0;
    converted    text;
    root         msm.model;
    root_rows    jsonb;
    root_row     jsonb;
    root_uid     uuid;
    kinds        text[] := ARRAY['meta_table', 'time_index'];
    k            text;
    names        text[];
    found_rows   jsonb;
    missing      jsonb;
    created      jsonb;
    uids         jsonb := '{}';
    order_uids   jsonb := '[]';
    bad          text;
    rev          record;
    fin          jsonb;
    failures     text;
    m            record;
    http_mode    boolean := msm.registry_backend() = 'ts_manager';
    ddl          text[] := ARRAY[]::text[];
    applied      text[] := ARRAY[]::text[];
BEGIN
    IF target IS NULL OR btrim(target) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'target revision is required',
            HINT = 'Use target => ''head'' or a revision listed in msm.revision.';
    END IF;
    IF target = 'head' THEN
        SELECT r.revision, r.position INTO target_rev, target_pos
          FROM msm.revision r WHERE NOT r.superseded ORDER BY r.position DESC LIMIT 1;
    ELSE
        SELECT r.revision, r.position INTO target_rev, target_pos
          FROM msm.revision r WHERE r.revision = target AND NOT r.superseded;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('unknown migration target %s', quote_literal(left(target, 100))),
                DETAIL = format('Known revisions: %s.', (SELECT string_agg(r.revision, ', ' ORDER BY r.position)
                                                           FROM msm.revision r WHERE NOT r.superseded)),
                HINT = 'Use target => ''head'' or one of the known revisions.';
        END IF;
    END IF;

    -- 1. deployment namespace, serialized per namespace
    ns := msm.resolve_namespace(namespace);
    PERFORM pg_advisory_xact_lock(hashtext('msm.migrate_upgrade'), hashtext(ns));
    sch := msm._deployment_schema(ns);
    IF to_regnamespace(quote_ident(sch)) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_schema_name',
            MESSAGE = format('physical schema %I does not exist', sch),
            HINT = format('CREATE SCHEMA %I; or SET msm.physical_schema to an existing schema.', sch);
    END IF;
    INSERT INTO msm.deployment (namespace, physical_schema) VALUES (ns, sch)
    ON CONFLICT DO NOTHING;
    ds_uid := msm.data_source_uid();
    vt := msm._version_table(ns);

    -- 2. where the namespace is: upstream's chain, msm 0.1.0, or nothing
    current_rev := msm.migrate_current(ns);
    IF current_rev IS NOT NULL THEN
        current_pos := msm._revision_position(current_rev);
        IF current_pos IS NULL AND EXISTS (SELECT 1 FROM msm.revision r WHERE r.revision = current_rev AND r.superseded) THEN
            converted := current_rev;
            current_pos := (SELECT r.position FROM msm.revision r WHERE r.revision = '0015');
            -- the embedded registrations of 0.1.0 in the SDK's shape first
            IF NOT http_mode THEN
                PERFORM msm._convert_010_registrations();
            END IF;
        ELSIF current_pos IS NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
                MESSAGE = format('applied revision %s is unknown to this extension version', quote_literal(current_rev)),
                DETAIL = format('Version table %I.%I.', vt.sch, vt.table_name),
                HINT = 'Update the extension: ALTER EXTENSION msm UPDATE;';
        END IF;
        IF current_pos > target_pos THEN
            RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
                MESSAGE = format('cannot migrate up from %s to the earlier revision %s', coalesce(converted, current_rev), target_rev),
                HINT = 'Use msm.migrate_downgrade(target) to go back.';
        END IF;
    END IF;

    -- 3. registry root: look it up by physical identity (this data source,
    --    schema and table); reuse it only when it validates, else reserve it
    SELECT * INTO root FROM msm.models_of(ns) mo WHERE mo.is_root;
    root_rows := msm._rows_by_identity(msm._registry_find('meta_table', ARRAY[root.table_name::text], root.physical_schema),
                                       ds_uid, root.physical_schema, ARRAY[root.table_name::text]);
    root_row := root_rows->root.table_name;
    IF root_row IS NULL THEN
        created := msm._registry_reserve('meta_table',
                       jsonb_build_array(msm._reservation_row(root, ds_uid, NULL, ns)));
        root_row := created->0;
    END IF;
    PERFORM msm._check_root_row(root_row, msm._reservation_row(root, ds_uid, NULL, ns));
    root_uid := (root_row->>'uid')::uuid;
    uids := jsonb_build_object(root.table_name, root_uid);
    order_uids := jsonb_build_array(root_uid);

    -- 4. reserve the models whose tables exist at the target: one lookup by
    --    physical identity and at most one reserve per resource type
    FOREACH k IN ARRAY kinds LOOP
        SELECT array_agg(mm.table_name::text ORDER BY mm.position) INTO names
          FROM msm._models_at(ns, target_pos) mm WHERE NOT mm.is_root AND mm.kind = k;
        CONTINUE WHEN names IS NULL;
        found_rows := msm._rows_by_identity(msm._registry_find(k, names, sch), ds_uid, sch, names);
        SELECT string_agg(format('%s (%s)', key, value->>'provisioning_status'), ', ' ORDER BY key) INTO bad
          FROM jsonb_each(found_rows)
         WHERE coalesce(value->>'provisioning_status', '') NOT IN ('active', 'reserved');
        IF bad IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
                MESSAGE = 'registered MetaTables of this deployment have an unsupported provisioning status',
                DETAIL = format('Rows: %s; only active and reserved rows are reused.', bad),
                HINT = 'An admin repairs or removes those rows in the registry, then runs msm.migrate_upgrade() again.';
        END IF;
        SELECT string_agg(format('%I.%I (model %s)', mm.physical_schema, mm.table_name, mm.model_name), ', ' ORDER BY mm.position)
          INTO bad
          FROM msm._models_at(ns, target_pos) mm
         WHERE NOT mm.is_root AND mm.kind = k AND NOT found_rows ? mm.table_name AND msm._model_contract(mm) IS NULL;
        IF bad IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'undefined_table',
                MESSAGE = 'project tables to reserve do not exist',
                DETAIL = format('Missing: %s. A reservation carries the table contract, read from the table.', bad),
                HINT = 'Create the missing tables (project models are created by the project itself), or undeclare them, then run msm.migrate_upgrade() again.';
        END IF;
        SELECT coalesce(jsonb_agg(msm._reservation_row(mm, ds_uid, root_uid, ns) ORDER BY mm.position), '[]')
          INTO missing
          FROM msm._models_at(ns, target_pos) mm
         WHERE NOT mm.is_root AND mm.kind = k AND NOT found_rows ? mm.table_name;
        IF jsonb_array_length(missing) > 0 THEN
            created := msm._registry_reserve(k, missing);
            found_rows := found_rows || msm._rows_by_identity(created, ds_uid, sch, names);
        END IF;
        SELECT uids || coalesce(jsonb_object_agg(key, value->'uid'), '{}') INTO uids
          FROM jsonb_each(found_rows);
    END LOOP;
    SELECT order_uids || coalesce(jsonb_agg(uids->mm.table_name ORDER BY mm.position), '[]') INTO order_uids
      FROM msm._models_at(ns, target_pos) mm WHERE NOT mm.is_root AND uids ? mm.table_name;

    -- 5. the version table as the markets library's Alembic creates it
    IF to_regclass(format('%I.%I', vt.sch, vt.table_name)) IS NULL THEN
        IF EXISTS (SELECT 1 FROM msm._expected_objects(1, ns, sch) e
                    WHERE e.object_kind = 'table' AND to_regclass(format('%I.%I', sch, e.table_name)) IS NOT NULL) THEN
            SELECT string_agg(format('%I.%I', sch, e.table_name), ', ' ORDER BY e.table_name) INTO failures
              FROM msm._expected_objects(1, ns, sch) e
             WHERE e.object_kind = 'table' AND to_regclass(format('%I.%I', sch, e.table_name)) IS NOT NULL;
            RAISE EXCEPTION USING ERRCODE = 'duplicate_table',
                MESSAGE = 'revision 0001 cannot create tables that already exist',
                DETAIL = format('Existing table(s): %s.', failures),
                HINT = 'Rename or drop the conflicting tables, or migrate another deployment namespace; nothing was changed.';
        END IF;
        ddl := ddl || format('CREATE TABLE %I.%I (version_num varchar(32) NOT NULL, CONSTRAINT %I PRIMARY KEY (version_num))',
                             vt.sch, vt.table_name, vt.pk_name);
    END IF;

    -- 6. a msm 0.1.0 namespace is converted to 0015 in place: rows and
    --    registrations stay, the schema becomes the chain's
    IF converted IS NOT NULL THEN
        ddl := ddl || ARRAY(SELECT s FROM msm._reconcile(current_pos, ns, sch, true) s);
        IF EXISTS (SELECT 1 FROM pg_constraint c
                    WHERE c.conrelid = to_regclass(format('%I.%I', vt.sch, vt.table_name)) AND c.contype = 'p'
                      AND c.conname <> vt.pk_name) THEN
            ddl := ddl || (SELECT format('ALTER TABLE %I.%I RENAME CONSTRAINT %I TO %I', vt.sch, vt.table_name, c.conname, vt.pk_name)
                             FROM pg_constraint c
                            WHERE c.conrelid = to_regclass(format('%I.%I', vt.sch, vt.table_name)) AND c.contype = 'p');
        END IF;
        ddl := ddl || format('DELETE FROM %I.%I', vt.sch, vt.table_name)
                   || format('INSERT INTO %I.%I (version_num) VALUES (%L)', vt.sch, vt.table_name, '0015');
        applied := applied || format('%s -> 0015', converted);
        current_rev := '0015';
    END IF;

    -- 7. the pending revisions in order
    FOR rev IN SELECT r.revision FROM msm.revision r
                WHERE NOT r.superseded AND r.position > current_pos AND r.position <= target_pos ORDER BY r.position
    LOOP
        ddl := ddl || ARRAY(SELECT s.statement FROM msm._revision_steps(rev.revision, 'upgrade', ns, sch) s)
                   || format('DELETE FROM %I.%I', vt.sch, vt.table_name)
                   || format('INSERT INTO %I.%I (version_num) VALUES (%L)', vt.sch, vt.table_name, rev.revision);
        applied := applied || rev.revision::text;
        current_rev := rev.revision;
    END LOOP;
    IF http_mode THEN
        -- descriptions of tables that exist now; the new ones follow below
        ddl := ddl || ARRAY(SELECT s FROM msm._description_ddl(target_pos, ns,
                                  ARRAY(SELECT (regexp_match(x, '^CREATE TABLE (\S+) \('))[1] FROM unnest(ddl) x)) s);
        -- TS Manager verifies physical tables through its own connection when
        -- it finalizes: commit the DDL first, in a transaction of its own
        IF cardinality(ddl) > 0 THEN
            PERFORM msm._autonomous_exec(ddl);
        END IF;
    ELSE
        ddl := msm._run_or_collect(ddl, false, ddl);
        ddl := msm._run_or_collect(ARRAY(SELECT s FROM msm._description_ddl(target_pos, ns) s), false, ddl);
    END IF;

    -- 8. finalize: reserved rows become active when their table exists
    fin := msm._finalize_migration(ns, order_uids, root_uid, current_rev,
        'Create the missing tables (project models are created by the project itself; msm.migrate_repair() recreates built-in ones), then run msm.migrate_upgrade() again.');

    -- 9. provider hook: the catalog projection
    FOR m IN SELECT * FROM msm._models_at(ns, target_pos) mo ORDER BY mo.position LOOP
        INSERT INTO msm.catalog AS c (namespace, table_name, model_name, description, meta_table_uid, extension_version)
        VALUES (nullif(ns, ''), m.table_name, m.model_name,
                coalesce(m.description, ''), (uids->>m.table_name)::uuid,
                (SELECT e.extversion FROM pg_extension e WHERE e.extname = 'msm'))
        ON CONFLICT (table_name) DO UPDATE
           SET namespace = EXCLUDED.namespace, model_name = EXCLUDED.model_name,
               description = EXCLUDED.description, meta_table_uid = EXCLUDED.meta_table_uid,
               extension_version = EXCLUDED.extension_version, updated_at = now()
         WHERE (c.namespace, c.model_name, c.description, c.meta_table_uid, c.extension_version)
               IS DISTINCT FROM (EXCLUDED.namespace, EXCLUDED.model_name, EXCLUDED.description,
                                 EXCLUDED.meta_table_uid, EXCLUDED.extension_version);
    END LOOP;

    -- 10. summary
    RETURN jsonb_build_object(
        'ok', true,
        'revision', current_rev,
        'namespace', nullif(ns, ''),
        'applied', to_jsonb(applied),
        'meta_table_uids', uids,
        'finalized_count', (fin->>'finalized_count')::integer,
        'active_count', (fin->>'active_count')::integer,
        'reserved_count', (fin->>'reserved_count')::integer,
        'failed_count', (fin->>'failed_count')::integer);
END
$$;

-- ---------------------------------------------------------------------------
-- msm.migrate_downgrade(target, namespace, allow_data_loss)
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.migrate_downgrade(target text, namespace text DEFAULT NULL, allow_data_loss boolean DEFAULT false)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns          text := msm.resolve_namespace(namespace);
    sch         name;
    vt          record;
    current_rev text;
    current_pos integer;
    target_pos  integer;
    rev         record;
    st          record;
    lost        boolean;
    undone      text[] := '{}';
    root_uid    uuid;
    uids        jsonb;
    fin         jsonb;
    http_mode   boolean := msm.registry_backend() = 'ts_manager';
    ddl         text[] := ARRAY[]::text[];
BEGIN
    IF target IS NULL OR btrim(target) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'target revision is required',
            HINT = 'Use target => ''base'' or a revision listed in msm.revision.';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('msm.migrate_upgrade'), hashtext(ns));
    sch := msm._deployment_schema(ns);
    vt := msm._version_table(ns);
    target_pos := CASE WHEN target = 'base' THEN 0 ELSE msm._revision_position(target) END;
    IF target_pos IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown migration target %s', quote_literal(left(target, 100))),
            HINT = 'Use target => ''base'' or a revision listed in msm.revision.';
    END IF;
    current_rev := msm.migrate_current(ns);
    current_pos := coalesce(msm._revision_position(current_rev), 0);
    IF current_rev IS NOT NULL AND msm._revision_position(current_rev) IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = format('cannot downgrade from revision %s', quote_literal(current_rev)),
            HINT = 'Run msm.migrate_upgrade() first: it converts a msm 0.1.0 namespace to the markets chain.';
    END IF;
    IF target_pos > current_pos THEN
        RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
            MESSAGE = format('cannot migrate down from %s to the later revision %s', coalesce(current_rev, 'base'), target),
            HINT = 'Use msm.migrate_upgrade(target) to go forward.';
    END IF;
    -- the steps run here, newest revision first; with TS Manager they run in
    -- a subtransaction that is rolled back once every step (and every data
    -- probe) passed, and the same statements are committed in a transaction
    -- of their own before finalization, as msm.migrate_upgrade does: TS
    -- Manager reads the physical tables through its own connection
    BEGIN
        FOR rev IN SELECT r.* FROM msm.revision r
                    WHERE NOT r.superseded AND r.position > target_pos AND r.position <= current_pos
                    ORDER BY r.position DESC
        LOOP
            IF NOT rev.has_downgrade THEN
                RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
                    MESSAGE = format('revision %s cannot be downgraded', rev.revision),
                    DETAIL = 'The markets library''s revision has no downgrade: the tables it dropped cannot be restored.',
                    HINT = format('Keep the namespace at %s or later; nothing was changed.', rev.revision);
            END IF;
            FOR st IN SELECT * FROM msm._revision_steps(rev.revision, 'downgrade', ns, sch) LOOP
                IF st.data_probe IS NOT NULL AND NOT allow_data_loss THEN
                    EXECUTE st.data_probe INTO lost;
                    IF lost THEN
                        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
                            MESSAGE = format('downgrading revision %s would destroy stored data', rev.revision),
                            DETAIL = format('Step: %s.', st.statement),
                            HINT = 'Back the data up, then call msm.migrate_downgrade(target, namespace, allow_data_loss => true); nothing was changed.';
                    END IF;
                END IF;
                EXECUTE st.statement;
                ddl := ddl || st.statement;
            END LOOP;
            EXECUTE format('DELETE FROM %I.%I', vt.sch, vt.table_name);
            ddl := ddl || format('DELETE FROM %I.%I', vt.sch, vt.table_name);
            IF rev.down_revision IS NOT NULL THEN
                EXECUTE format('INSERT INTO %I.%I (version_num) VALUES ($1)', vt.sch, vt.table_name) USING rev.down_revision;
                ddl := ddl || format('INSERT INTO %I.%I (version_num) VALUES (%L)', vt.sch, vt.table_name, rev.down_revision);
            END IF;
            undone := undone || rev.revision;
        END LOOP;
        IF http_mode AND cardinality(ddl) > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'MSMDG', MESSAGE = 'downgrade steps validated';
        END IF;
    EXCEPTION WHEN SQLSTATE 'MSMDG' THEN
        PERFORM msm._autonomous_exec(ddl);
    END;
    -- catalog rows of model tables that no longer exist
    DELETE FROM msm.catalog c
     WHERE coalesce(c.namespace, '') = ns
       AND to_regclass(format('%I.%I', sch, c.table_name)) IS NULL;
    -- registration, as the SDK's `mainsequence migrations downgrade`: finalize
    -- the provider's catalog scope with the target revision (doc/migrations.md,
    -- "migrate_downgrade"): the registry root first, then the models whose
    -- tables exist at the target, in built-in order.  The MetaTables of the
    -- tables the downgrade dropped are left as they are, as the SDK leaves
    -- MetaTables outside its provider scope; a later upgrade reuses them.
    SELECT c.meta_table_uid INTO root_uid
      FROM msm.models_of(ns) m JOIN msm.catalog c ON c.table_name = m.table_name
     WHERE m.is_root AND coalesce(c.namespace, '') = ns;
    IF root_uid IS NOT NULL AND cardinality(undone) > 0 THEN
        SELECT jsonb_build_array(root_uid) || coalesce(jsonb_agg(c.meta_table_uid ORDER BY m.position), '[]')
          INTO uids
          FROM msm._models_at(ns, target_pos) m JOIN msm.catalog c ON c.table_name = m.table_name
         WHERE NOT m.is_root AND coalesce(c.namespace, '') = ns
           AND to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NOT NULL;
        fin := msm._finalize_migration(ns, uids, root_uid, target,
            'Create the missing tables (msm.migrate_repair() recreates built-in ones), then run msm.migrate_downgrade() again.');
    END IF;
    RETURN jsonb_build_object('ok', true, 'revision', msm.migrate_current(ns), 'namespace', nullif(ns, ''),
                              'downgraded', to_jsonb(undone),
                              'finalized_count', (fin->>'finalized_count')::integer);
END
$$;
REVOKE EXECUTE ON FUNCTION msm.migrate_downgrade(text, text, boolean) FROM PUBLIC;
COMMENT ON FUNCTION msm.migrate_downgrade(text, text, boolean) IS
    'Admin: run the downgrades of the applied revisions back to target (''base'' or a revision), in one transaction; refuses a step that would destroy stored data unless allow_data_loss.';

-- ---------------------------------------------------------------------------
-- msm.migrate_repair(namespace): recreate what the applied revision says
-- should exist and is missing (doc/migrations.md, "Diagnostics and repair").
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.migrate_repair(namespace text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns    text := msm.resolve_namespace(namespace);
    sch   name := msm._deployment_schema(ns);
    rev   text;
    pos   integer;
    stmts text[];
    s     text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('msm.migrate_upgrade'), hashtext(ns));
    rev := msm.migrate_current(ns);
    pos := msm._revision_position(rev);
    IF pos IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = format('deployment namespace %s is not at a revision of the chain', coalesce(quote_literal(nullif(ns, '')), 'default')),
            DETAIL = format('Applied revision: %s.', coalesce(rev, 'none')),
            HINT = 'Run msm.migrate_upgrade() first.';
    END IF;
    stmts := ARRAY(SELECT x FROM msm._reconcile(pos, ns, sch, false) x)
          || ARRAY(SELECT x FROM msm._description_ddl(pos, ns) x);
    FOREACH s IN ARRAY stmts LOOP
        EXECUTE s;
    END LOOP;
    RETURN jsonb_build_object('ok', true, 'revision', rev, 'namespace', nullif(ns, ''),
                              'statements', to_jsonb(stmts));
END
$$;
REVOKE EXECUTE ON FUNCTION msm.migrate_repair(text) FROM PUBLIC;
COMMENT ON FUNCTION msm.migrate_repair(text) IS
    'Admin: create the tables, columns, keys, indexes, foreign keys, checks and descriptions that the applied revision says should exist and are missing; run msm.migrate_upgrade() afterwards to register recreated tables.';

-- Data steps of the chain (doc/migrations.md, "Data steps").
CREATE FUNCTION msm._uuid_v5(namespace uuid, name text)
RETURNS uuid LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'msm_uuid_v5_sql';
COMMENT ON FUNCTION msm._uuid_v5(uuid, text) IS
    'Name-based UUID version 5 (RFC 4122, SHA-1) of name in namespace; revision 0003 derives backfilled calendar uids with it.';
CREATE FUNCTION msm._key_nodes_encode(key_nodes jsonb)
RETURNS text LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'msm_key_nodes_encode_sql';
COMMENT ON FUNCTION msm._key_nodes_encode(jsonb) IS
    'Revision 0010 codec: msm_pricing.key_nodes.zlib+base64.v1: followed by base64 of the zlib-compressed compact JSON of an object or array.';
CREATE FUNCTION msm._key_nodes_decode(encoded text)
RETURNS jsonb LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'msm_key_nodes_decode_sql';
COMMENT ON FUNCTION msm._key_nodes_decode(text) IS
    'Inverse of msm._key_nodes_encode: the JSON object or array of an encoded key_nodes value.';

-- Revision 0003: portfolio.calendar_uid from calendar_name, reusing the
-- calendar of that unique_identifier or creating one (uid: UUIDv5 of the
-- name), then a fallback calendar for the portfolios still without one.
CREATE FUNCTION msm._backfill_portfolio_calendar(portfolio text, calendar text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    nm   text;
    uid  uuid;
    left_over boolean;
BEGIN
    FOR nm IN EXECUTE format('SELECT DISTINCT calendar_name FROM %s WHERE calendar_uid IS NULL AND calendar_name IS NOT NULL '
                             'AND calendar_name <> '''' ORDER BY 1', portfolio)
    LOOP
        uid := msm._migration_calendar(calendar, nm);
        EXECUTE format('UPDATE %s SET calendar_uid = $1 WHERE calendar_uid IS NULL AND calendar_name = $2', portfolio)
          USING uid, nm;
    END LOOP;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE calendar_uid IS NULL)', portfolio) INTO left_over;
    IF left_over THEN
        uid := msm._migration_calendar(calendar, 'MS_MARKETS_MIGRATION_DEFAULT_CALENDAR');
        EXECUTE format('UPDATE %s SET calendar_uid = $1 WHERE calendar_uid IS NULL', portfolio) USING uid;
    END IF;
END
$$;

CREATE FUNCTION msm._migration_calendar(calendar text, identifier text)
RETURNS uuid
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    uid uuid;
BEGIN
    EXECUTE format('SELECT uid FROM %s WHERE unique_identifier = $1', calendar) INTO uid USING identifier;
    IF uid IS NULL THEN
        uid := msm._uuid_v5('e1100f22-0f2c-4d31-88ff-3d1ac97116bb', identifier);
        EXECUTE format('INSERT INTO %s (uid, unique_identifier, display_name, calendar_type, timezone, source, '
                       'source_identifier, valid_from, valid_to, metadata_json) '
                       'VALUES ($1, $2, $2, ''CUSTOM'', ''UTC'', ''ms_markets_migration'', '
                       '''0003_portfolio_calendar_name_backfill'', DATE ''1970-01-01'', DATE ''2100-12-31'', $3)', calendar)
          USING uid, identifier,
                json_build_object('migration', '0003',
                                  'reason', 'Backfilled from PortfolioTable.calendar_name before removing the column.');
    END IF;
    RETURN uid;
END
$$;

-- Revision 0015 on project "cadence" tables of index values
-- (<index_values table>__t_*): detach drops their foreign keys on
-- definition_uid before the calculation definitions go; attach points
-- definition_uid at the formula definitions and drops the unit column.
CREATE FUNCTION msm._index_value_cadence_tables(sch text, base text, formula_table text, phase text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t  record;
    fk record;
BEGIN
    FOR t IN SELECT c.oid, c.relname FROM pg_class c
              WHERE c.relnamespace = to_regnamespace(sch) AND c.relkind IN ('r', 'p')
                AND starts_with(c.relname::text, base || '__t_')
              ORDER BY c.relname
    LOOP
        IF phase = 'detach' THEN
            FOR fk IN SELECT k.conname FROM pg_constraint k
                       WHERE k.conrelid = t.oid AND k.contype = 'f'
                         AND k.conkey = ARRAY[(SELECT a.attnum FROM pg_attribute a
                                                WHERE a.attrelid = t.oid AND a.attname = 'definition_uid')]
            LOOP
                EXECUTE format('ALTER TABLE %s.%I DROP CONSTRAINT %I', sch, t.relname, fk.conname);
            END LOOP;
        ELSE
            IF EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'definition_uid' AND NOT a.attisdropped) THEN
                EXECUTE format('ALTER TABLE %s.%I ADD CONSTRAINT %I FOREIGN KEY (definition_uid) REFERENCES %s.%I (uid) ON DELETE RESTRICT',
                               sch, t.relname, msm.bounded_identifier('fk', t.relname, 'definition_uid', formula_table, 'uid'),
                               sch, formula_table);
            END IF;
            IF EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'unit' AND NOT a.attisdropped) THEN
                EXECUTE format('ALTER TABLE %s.%I DROP COLUMN unit', sch, t.relname);
            END IF;
        END IF;
    END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION msm._backfill_portfolio_calendar(text, text), msm._migration_calendar(text, text),
    msm._index_value_cadence_tables(text, text, text, text) FROM PUBLIC;

-- Schema findings of msm.diagnose (doc/migrations.md, "Diagnostics and
-- repair"): the live schema against what the applied revision leaves,
-- descriptions against the catalogue, registry rows of existing tables.
CREATE FUNCTION msm._diagnose_schema(ns text)
RETURNS TABLE (severity text, table_name text, "check" text, detail text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sch  name := msm._deployment_schema(ns);
    rev  text;
    pos  integer;
BEGIN
    BEGIN
        rev := msm.migrate_current(ns);
    EXCEPTION WHEN cardinality_violation THEN
        RETURN QUERY SELECT 'error', NULL::text, 'version_table_ambiguous', SQLERRM;
        RETURN;
    END;
    pos := msm._revision_position(rev);
    IF rev IS NOT NULL AND pos IS NULL THEN
        RETURN QUERY SELECT 'warning', NULL::text, 'revision_not_in_chain',
            format('the version table holds %s; msm.migrate_upgrade() converts it to the markets chain', rev);
    END IF;
    IF pos IS NOT NULL THEN
        RETURN QUERY
        SELECT CASE WHEN d.kind IN ('object_unexpected', 'column_unexpected') THEN 'warning' ELSE 'error' END,
               d.table_name::text,
               CASE WHEN d.kind = 'object_missing' AND d.object_kind = 'index' AND EXISTS (
                             SELECT 1 FROM msm.models_of(ns) m
                              WHERE m.table_name = d.table_name
                                AND d.expected ~ '^CREATE UNIQUE INDEX'
                                AND d.expected LIKE '%(' || array_to_string(m.upsert_keys, ', ') || ')')
                    THEN 'upsert_key_index_missing'
                    WHEN d.kind = 'object_missing' AND d.object_kind = 'fk' THEN 'foreign_key_missing'
                    WHEN d.kind = 'table_missing' THEN 'schema_table_missing'
                    ELSE 'schema_' || d.kind END,
               format('revision %s: %s %s %s%s%s', rev, d.object_kind, quote_ident(d.name),
                      replace(d.kind, '_', ' '),
                      coalesce('; expected: ' || d.expected, ''), coalesce('; found: ' || d.live, ''))
          FROM msm._schema_differences(pos, ns, sch) d
         ORDER BY 2, 4;
    END IF;
    -- descriptions that differ from the catalogue (msm.migrate_repair restores them)
    RETURN QUERY
    SELECT 'warning', m.table_name::text, 'description_changed',
           CASE WHEN c.column_name IS NULL THEN format('the description of table %I.%I differs from the built-in catalogue', m.physical_schema, m.table_name)
                ELSE format('the description of column %I of %I.%I differs from the built-in catalogue', c.column_name, m.physical_schema, m.table_name) END
      FROM msm._models_at(ns, coalesce(pos, 0)) m
      CROSS JOIN LATERAL (SELECT to_regclass(format('%I.%I', m.physical_schema, m.table_name)) AS rel) r
      LEFT JOIN LATERAL (SELECT NULL::text AS column_name, m.description AS description, 0 AS attnum
                         UNION ALL
                         SELECT bc.column_name, bc.description, a.attnum
                           FROM msm.builtin_column bc
                           JOIN pg_attribute a ON a.attrelid = r.rel AND a.attname = bc.column_name AND NOT a.attisdropped
                          WHERE bc.model_name = m.model_name) c ON true
     WHERE pos IS NOT NULL AND m.is_builtin AND r.rel IS NOT NULL
       AND coalesce(CASE WHEN c.column_name IS NULL THEN obj_description(r.rel, 'pg_class') ELSE col_description(r.rel, c.attnum) END, '') <> ''
       AND CASE WHEN c.column_name IS NULL THEN obj_description(r.rel, 'pg_class') ELSE col_description(r.rel, c.attnum) END
           IS DISTINCT FROM c.description
     ORDER BY m.position, c.attnum;
    -- existing model tables without a registry row of this data source
    IF msm.registry_backend() = 'embedded' AND pos IS NOT NULL THEN
        RETURN QUERY
        SELECT 'warning', m.table_name::text, 'registry_row_missing',
               format('table %I.%I of model %s has no MetaTable row for data source %s; msm.migrate_upgrade() registers it',
                      m.physical_schema, m.table_name, m.model_name, msm.data_source_uid())
          FROM msm._models_at(ns, pos) m
         WHERE to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM msm.meta_table r
                            WHERE r.data_source_uid = msm.data_source_uid()
                              AND r.physical_schema = m.physical_schema AND r.physical_table_name = m.table_name)
         ORDER BY m.position;
    END IF;
END
$$;

-- msm.diagnose with the findings of msm._diagnose_schema added at the end.
CREATE OR REPLACE FUNCTION msm.diagnose(namespace text DEFAULT NULL)
RETURNS TABLE (severity text, table_name text, "check" text, detail text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns   text := msm.resolve_namespace(namespace);
    ds   uuid := msm.data_source_uid();
BEGIN
    -- model tables that do not exist
    RETURN QUERY
    SELECT 'error', m.table_name::text, 'table_missing',
           format('model %s has no table %I.%I', m.model_name, m.physical_schema, m.table_name)
      FROM msm.models_of(ns) m
     WHERE to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NULL
     ORDER BY m.position;

    -- undescribed tables and columns (the rule: msm._missing_descriptions)
    RETURN QUERY
    SELECT 'error', m.table_name::text, 'table_description_missing',
           format('table %I.%I has no description (COMMENT ON TABLE)', m.physical_schema, m.table_name)
      FROM msm.models_of(ns) m
     CROSS JOIN LATERAL msm._missing_descriptions(ARRAY[to_regclass(format('%I.%I', m.physical_schema, m.table_name))::oid]) u
     WHERE u.column_name IS NULL
     ORDER BY m.position;
    RETURN QUERY
    SELECT 'error', m.table_name::text, 'column_description_missing',
           format('column %I of %I.%I has no description (COMMENT ON COLUMN)', u.column_name, m.physical_schema, m.table_name)
      FROM msm.models_of(ns) m
     CROSS JOIN LATERAL msm._missing_descriptions(ARRAY[to_regclass(format('%I.%I', m.physical_schema, m.table_name))::oid]) u
     WHERE u.column_name IS NOT NULL
     ORDER BY m.position, u.attnum;

    -- catalog rows without a table or without a registry row
    RETURN QUERY
    SELECT 'warning', c.table_name, 'catalog_table_missing',
           format('catalog row of model %s has no table', c.model_name)
      FROM msm.catalog_status c
     WHERE coalesce(c.namespace, '') = ns AND NOT c.table_exists
     ORDER BY c.table_name;
    IF msm.registry_backend() = 'embedded' THEN
        -- registry rows of another data source (msm._identity_mismatches)
        RETURN QUERY
        SELECT 'error', NULL::text, 'data_source_identity_mismatch', x.detail
          FROM msm._identity_mismatches(ns, ds) x;

        RETURN QUERY
        SELECT 'warning', c.table_name, 'catalog_registry_row_missing',
               format('catalog row of model %s points at MetaTable %s, which the registry does not hold',
                      c.model_name, c.meta_table_uid)
          FROM msm.catalog c
         WHERE coalesce(c.namespace, '') = ns
           AND NOT EXISTS (SELECT 1 FROM msm.meta_table r WHERE r.uid = c.meta_table_uid)
         ORDER BY c.table_name;

        -- registry rows that are not active
        RETURN QUERY
        SELECT 'warning', r.physical_table_name::text, 'registry_row_not_active',
               format('MetaTable %s is %s', r.uid, r.provisioning_status)
          FROM msm.models_of(ns) m
          JOIN msm.meta_table r ON r.data_source_uid = ds AND r.physical_schema = m.physical_schema
                               AND r.physical_table_name = m.table_name
         WHERE r.provisioning_status <> 'active'
         ORDER BY m.position;

        -- live columns that differ from the registered contract
        RETURN QUERY
        WITH reg AS (
            SELECT r.physical_table_name::text AS tname, r.table_contract AS contract,
                   msm.table_contract(to_regclass(format('%I.%I', r.physical_schema, r.physical_table_name))) AS live
              FROM msm.models_of(ns) m
              JOIN msm.meta_table r ON r.data_source_uid = ds AND r.physical_schema = m.physical_schema
                                   AND r.physical_table_name = m.table_name
             WHERE r.table_contract IS NOT NULL
               AND to_regclass(format('%I.%I', r.physical_schema, r.physical_table_name)) IS NOT NULL
        ), regcols AS (
            SELECT reg.tname, c->>'name' AS col, c->>'backend_type' AS typ, (c->>'nullable')::boolean AS nullable
              FROM reg, jsonb_array_elements(reg.contract->'columns') c
        ), livecols AS (
            SELECT reg.tname, c->>'name' AS col, c->>'backend_type' AS typ, (c->>'nullable')::boolean AS nullable
              FROM reg, jsonb_array_elements(reg.live->'columns') c
        )
        SELECT 'warning', coalesce(r.tname, l.tname), 'column_drift',
               CASE WHEN l.col IS NULL THEN format('registered column %I is missing from the table', r.col)
                    WHEN r.col IS NULL THEN format('column %I is not in the registered contract', l.col)
                    ELSE format('column %I is %s%s in the table but %s%s in the registered contract', l.col,
                                l.typ, CASE WHEN l.nullable THEN ' NULL' ELSE ' NOT NULL' END,
                                r.typ, CASE WHEN r.nullable THEN ' NULL' ELSE ' NOT NULL' END) END
          FROM regcols r FULL JOIN livecols l ON l.tname = r.tname AND l.col = r.col
         WHERE r.col IS NULL OR l.col IS NULL OR r.typ IS DISTINCT FROM l.typ OR r.nullable IS DISTINCT FROM l.nullable
         ORDER BY 2, 4;
    END IF;

    -- issue 11: the schema against the applied revision, descriptions,
    -- registry rows (msm._diagnose_schema)
    RETURN QUERY SELECT * FROM msm._diagnose_schema(ns);
END
$$;

-- issue 11: section end.

-- ---------------------------------------------------------------------------
-- issue 12: start_engine finds a declared model by any selector with index
-- probes (src/engine_inventory.c, declared_by_selector_sql: a BitmapOr over
-- the primary key (namespace, identifier), the unique (namespace,
-- table_name) and these three), so attaching one model costs the same with
-- 10 or 10,000 declared (doc/benchmarks.md, "Growth with the number of
-- models").
-- ---------------------------------------------------------------------------
CREATE INDEX declared_model_namespace_model_name_idx ON msm.declared_model (namespace, model_name);
CREATE INDEX declared_model_namespace_class_name_idx ON msm.declared_model (namespace, class_name);
CREATE INDEX declared_model_namespace_identifier_tail_idx
    ON msm.declared_model (namespace, pg_catalog.split_part(identifier, '.', -1));
-- issue 12: section end.

-- ---------------------------------------------------------------------------
-- issue 12, growth of the DBA views (doc/benchmarks.md, "Growth with the
-- number of models"): msm.model_edges reads the foreign keys of all model
-- tables in one msm._fk_edges call and matches targets by hash (it called
-- msm._fk_edges once per model); msm.catalog_status sizes each table once
-- (pg_total_relation_size stats every fork of the table, its indexes and
-- TOAST: it ran twice per row).  The row estimates of msm.models_of and
-- msm._fk_edges are realistic (100, not the default 1000), so that the
-- views over every deployment's models are not planned as millions of rows
-- and compiled with JIT (most of their time at any size, 0.1 to 0.5 s).
-- A later CREATE OR REPLACE FUNCTION of either resets ROWS: keep it there.
-- pgTAP 43_growth checks the plans stay under jit_above_cost.
-- ---------------------------------------------------------------------------
ALTER FUNCTION msm.models_of(text) ROWS 100;
ALTER FUNCTION msm._fk_edges(oid[]) ROWS 100;

CREATE OR REPLACE VIEW msm.model_edges AS
WITH m AS MATERIALIZED (
    SELECT d.namespace, m.model_name, m.table_name,
           pg_catalog.to_regclass(pg_catalog.format('%I.%I', m.physical_schema, m.table_name))::oid AS rel
      FROM msm.deployment d
     CROSS JOIN LATERAL msm.models_of(d.namespace) m
)
SELECT m.namespace,
       m.model_name,
       m.table_name,
       e.constraint_name,
       e.columns COLLATE "C" AS columns,
       t.model_name AS target_model,
       t.table_name AS target_table,
       e.target_columns COLLATE "C" AS target_columns,
       e.on_delete
  FROM msm._fk_edges(ARRAY(SELECT DISTINCT m.rel FROM m WHERE m.rel IS NOT NULL)) e
  JOIN m ON m.rel OPERATOR(pg_catalog.=) e.conrelid
  LEFT JOIN m t ON t.namespace OPERATOR(pg_catalog.=) m.namespace AND t.rel OPERATOR(pg_catalog.=) e.confrelid;

CREATE OR REPLACE VIEW msm.catalog_status AS
SELECT c.namespace,
       c.table_name,
       c.model_name,
       c.meta_table_uid,
       c.extension_version,
       x.rel IS NOT NULL AS table_exists,
       CASE WHEN x.rel IS NOT NULL THEN (SELECT GREATEST(cl.reltuples, 0)::bigint
                                           FROM pg_catalog.pg_class cl WHERE cl.oid OPERATOR(pg_catalog.=) x.rel) END AS estimated_rows,
       s.bytes AS total_bytes,
       pg_catalog.pg_size_pretty(s.bytes) AS total_size,
       x.rel IS NOT NULL AND pg_catalog.obj_description(x.rel, 'pg_class') IS NOT DISTINCT FROM c.description AS description_in_sync,
       c.updated_at
  FROM msm.catalog c
  LEFT JOIN msm.deployment d ON d.namespace OPERATOR(pg_catalog.=) coalesce(c.namespace, '')
 CROSS JOIN LATERAL (SELECT pg_catalog.to_regclass(pg_catalog.format('%I.%I', coalesce(d.physical_schema, 'public'), c.table_name)) AS rel) x
 CROSS JOIN LATERAL (SELECT CASE WHEN x.rel IS NOT NULL THEN pg_catalog.pg_total_relation_size(x.rel) END AS bytes) s;
-- issue 12, growth: section end.

-- ---------------------------------------------------------------------------
-- issue 12: upserts from a staging table (src/rows_from.c; doc/rows.md,
-- "Upserts from a staging table"): the path for millions of rows, loaded
-- with COPY into a table and upserted in one INSERT ... SELECT.
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.upsert_from(model text, source regclass)
RETURNS bigint
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_row_upsert_from';
COMMENT ON FUNCTION msm.upsert_from(text, regclass) IS
    'Insert or update the rows of a table or view (e.g. a staging table loaded by COPY) into a runtime model in one statement; columns are matched by name, a key repeated in a table keeps its last row in physical order, rows are written in key order. Returns the number of rows written.';

CREATE FUNCTION msm.compile_upsert_from(model text, source regclass)
RETURNS jsonb
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_compile_upsert_from_sql';
COMMENT ON FUNCTION msm.compile_upsert_from(text, regclass) IS
    'The compiled-sql.v1 envelope of msm.upsert_from(model, source), validated but not run.';

CREATE FUNCTION msm._upsert_from_null_key(model text, source text, key text)
RETURNS boolean
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_upsert_from_null_key';
COMMENT ON FUNCTION msm._upsert_from_null_key(text, text, text) IS
    'Internal: raises the error of a null upsert key in a source row of msm.upsert_from (called by its statement for such a row only).';

GRANT EXECUTE ON FUNCTION msm.upsert_from(text, regclass), msm.compile_upsert_from(text, regclass),
    msm._upsert_from_null_key(text, text, text) TO PUBLIC;
-- issue 12: section end (upserts from a staging table).
