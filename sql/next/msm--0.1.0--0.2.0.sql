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

-- Constraint and index names (doc/naming.md, "Constraint and index names")
-- and the constraints of a built-in model, in DDL order per type: the
-- primary key, checks by name, indexes by position, foreign keys by
-- position.  msm.revision_ddl() creates them, msm._builtin_contract()
-- describes them before the table exists.
CREATE FUNCTION msm._builtin_constraints(m msm.model)
RETURNS TABLE (constraint_type text, ord bigint, constraint_name text, columns text[],
               predicate text, expression text, referenced_schema name,
               referenced_table name, referenced_columns text[], on_delete text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT 'primary_key'::text, 1::bigint, msm.bounded_identifier('pk', m.table_name), i.columns,
           NULL::text, NULL::text, NULL::name, NULL::name, NULL::text[], NULL::text
      FROM msm.builtin_index i WHERE i.model_name = m.model_name AND i.index_kind = 'pk'
    UNION ALL
    SELECT 'check', row_number() OVER (ORDER BY k.check_name),
           msm.bounded_identifier('ck', m.table_name, k.check_name), NULL,
           NULL, k.expression, NULL, NULL, NULL, NULL
      FROM msm.builtin_check k WHERE k.model_name = m.model_name
    UNION ALL
    SELECT CASE WHEN i.index_kind = 'unique' THEN 'unique_index' ELSE 'index' END,
           row_number() OVER (ORDER BY i.position),
           msm.bounded_identifier(VARIADIC ARRAY[CASE WHEN i.index_kind = 'unique' THEN 'uix' ELSE 'ix' END,
                                                  m.table_name::text] || i.columns),
           i.columns, i.predicate, NULL, NULL, NULL, NULL, NULL
      FROM msm.builtin_index i WHERE i.model_name = m.model_name AND i.index_kind <> 'pk'
    UNION ALL
    SELECT 'foreign_key', row_number() OVER (ORDER BY f.position),
           msm.bounded_identifier(VARIADIC ARRAY['fk', m.table_name::text] || f.columns
                                  || ARRAY[t.table_name::text] || f.target_columns),
           f.columns, NULL, NULL, t.physical_schema, t.table_name, f.target_columns, f.on_delete
      FROM msm.builtin_fk f
      JOIN msm.models_of(nullif(m.namespace, '')) t ON t.is_builtin AND t.model_name = f.target_model
     WHERE f.model_name = m.model_name
$$;
REVOKE EXECUTE ON FUNCTION msm._builtin_constraints(msm.model) FROM PUBLIC;

-- DDL of one revision for one deployment namespace, in execution order:
-- tables (columns, primary key, checks), descriptions and indexes first,
-- then foreign keys (their targets and unique indexes exist by then).
CREATE OR REPLACE FUNCTION msm.revision_ddl(revision text, namespace text DEFAULT NULL)
RETURNS SETOF text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns   text := msm.resolve_namespace(namespace);
    m    msm.model;
    body text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM msm.revision r WHERE r.revision = revision_ddl.revision) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown revision %s', coalesce(quote_literal(revision), 'NULL')),
            HINT = 'SELECT revision FROM msm.revision ORDER BY position; lists the shipped revisions.';
    END IF;

    FOR m IN SELECT mo.* FROM msm.models_of(ns) mo
              WHERE mo.is_builtin AND mo.revision = revision_ddl.revision ORDER BY mo.position
    LOOP
        SELECT string_agg(part, ', ' ORDER BY grp, ord) INTO body FROM (
            SELECT 0 AS grp, bc.position::bigint AS ord,
                   format('%I %s', bc.column_name, bc.data_type)
                   || CASE WHEN bc.not_null THEN ' NOT NULL' ELSE '' END
                   || coalesce(' DEFAULT ' || bc.default_expr, '') AS part
              FROM msm.builtin_column bc WHERE bc.model_name = m.model_name
            UNION ALL
            SELECT CASE k.constraint_type WHEN 'primary_key' THEN 1 ELSE 2 END, k.ord,
                   CASE k.constraint_type
                        WHEN 'primary_key' THEN format('CONSTRAINT %I PRIMARY KEY (%s)', k.constraint_name,
                                                       (SELECT string_agg(quote_ident(x), ', ') FROM unnest(k.columns) x))
                        ELSE format('CONSTRAINT %I CHECK (%s)', k.constraint_name, k.expression) END
              FROM msm._builtin_constraints(m) k WHERE k.constraint_type IN ('primary_key', 'check')) parts;
        RETURN NEXT format('CREATE TABLE %I.%I (%s)', m.physical_schema, m.table_name, body);
        RETURN NEXT format('COMMENT ON TABLE %I.%I IS %L', m.physical_schema, m.table_name, m.description);
        RETURN QUERY
            SELECT format('COMMENT ON COLUMN %I.%I.%I IS %L', m.physical_schema, m.table_name, bc.column_name, bc.description)
              FROM msm.builtin_column bc WHERE bc.model_name = m.model_name ORDER BY bc.position;
        RETURN QUERY
            SELECT format('CREATE %sINDEX %I ON %I.%I (%s)%s',
                          CASE WHEN k.constraint_type = 'unique_index' THEN 'UNIQUE ' ELSE '' END, k.constraint_name,
                          m.physical_schema, m.table_name,
                          (SELECT string_agg(quote_ident(x), ', ') FROM unnest(k.columns) x),
                          coalesce(' WHERE (' || k.predicate || ')', ''))
              FROM msm._builtin_constraints(m) k
             WHERE k.constraint_type IN ('unique_index', 'index') ORDER BY k.ord;
    END LOOP;

    RETURN QUERY
        SELECT format('ALTER TABLE %I.%I ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES %I.%I (%s) ON DELETE %s',
                      mo.physical_schema, mo.table_name, k.constraint_name,
                      (SELECT string_agg(quote_ident(x), ', ') FROM unnest(k.columns) x),
                      k.referenced_schema, k.referenced_table,
                      (SELECT string_agg(quote_ident(x), ', ') FROM unnest(k.referenced_columns) x),
                      k.on_delete)
          FROM msm.models_of(ns) mo
         CROSS JOIN LATERAL msm._builtin_constraints(mo) k
         WHERE mo.is_builtin AND mo.revision = revision_ddl.revision AND k.constraint_type = 'foreign_key'
         ORDER BY mo.position, k.ord;
END
$$;

-- Table contract of a built-in model from its definition, for reservations
-- made before the table exists (TS Manager receives the contract up front).
CREATE OR REPLACE FUNCTION msm._builtin_contract(m msm.model)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_build_object(
        'version', 'relational-table.v1',
        'physical', jsonb_build_object('schema', m.physical_schema, 'table_name', m.table_name),
        'description', m.description,
        'columns', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'name', c.column_name,
                       'data_type', msm._data_type_token(c.data_type::regtype),
                       'backend_type', c.data_type,
                       'nullable', NOT c.not_null,
                       'primary_key', EXISTS (SELECT 1 FROM msm.builtin_index i WHERE i.model_name = c.model_name
                                                 AND i.index_kind = 'pk' AND c.column_name = ANY (i.columns)),
                       'unique', EXISTS (SELECT 1 FROM msm.builtin_index i WHERE i.model_name = c.model_name
                                            AND i.index_kind IN ('pk', 'unique') AND i.predicate IS NULL
                                            AND i.columns = ARRAY[c.column_name]),
                       'server_default', c.default_expr,
                       'description', c.description) ORDER BY c.position), '[]'::jsonb)
              FROM msm.builtin_column c WHERE c.model_name = m.model_name),
        'constraints', (
            SELECT coalesce(jsonb_agg(x ORDER BY x->>'name'), '[]'::jsonb) FROM (
                SELECT CASE k.constraint_type
                       WHEN 'foreign_key' THEN jsonb_build_object(
                            'name', k.constraint_name, 'type', k.constraint_type, 'columns', to_jsonb(k.columns),
                            'referenced_schema', k.referenced_schema, 'referenced_table', k.referenced_table,
                            'referenced_columns', to_jsonb(k.referenced_columns), 'on_delete', k.on_delete)
                       WHEN 'check' THEN jsonb_build_object(
                            'name', k.constraint_name, 'type', k.constraint_type,
                            'definition', 'CHECK (' || k.expression || ')')
                       ELSE jsonb_build_object('name', k.constraint_name, 'type', k.constraint_type,
                                               'columns', to_jsonb(k.columns)) END AS x
                  FROM msm._builtin_constraints(m) k) s)
    )
$$;

-- Foreign-key edges between model tables (the edges: msm._fk_edges).
CREATE OR REPLACE VIEW msm.model_edges AS
SELECT m.namespace,
       m.model_name,
       m.table_name,
       e.constraint_name,
       e.columns COLLATE "C" AS columns,
       t.model_name AS target_model,
       t.table_name AS target_table,
       e.target_columns COLLATE "C" AS target_columns,
       e.on_delete
  FROM msm.deployment d
 CROSS JOIN LATERAL msm.models_of(d.namespace) m
 CROSS JOIN LATERAL msm._fk_edges(ARRAY[to_regclass(format('%I.%I', m.physical_schema, m.table_name))::oid]) e
  LEFT JOIN LATERAL (
        SELECT mt.model_name, mt.table_name
          FROM msm.models_of(d.namespace) mt
         WHERE to_regclass(format('%I.%I', mt.physical_schema, mt.table_name)) = e.confrelid) t ON true;

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
    contract   jsonb;
    fk         jsonb;
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
        contract := msm.table_contract(rel);
        is_blocked := false;
        FOR fk IN SELECT x FROM jsonb_array_elements(contract->'constraints') x WHERE x->>'type' = 'foreign_key' LOOP
            SELECT * INTO tmodel FROM msm.models_of(ns) mo
             WHERE mo.physical_schema = fk->>'referenced_schema' AND mo.table_name = fk->>'referenced_table';
            IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
                    MESSAGE = format('foreign key %s of %I targets %I, which is no model of this namespace',
                                     fk->>'name', m.table_name, fk->>'referenced_table'),
                    HINT = 'Foreign keys of markets tables must point at markets models.';
            END IF;
            tuid := coalesce(targets->>tmodel.model_name, done->>tmodel.model_name);
            IF tuid IS NULL AND NOT pending ? tmodel.model_name THEN
                row := msm._rows_by_name(msm._registry_lookup(tmodel.kind, ARRAY[tmodel.table_name::text]),
                                         ARRAY[tmodel.table_name::text]);
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
            contract := jsonb_set(contract, '{constraints}',
                (SELECT jsonb_agg(CASE WHEN c = fk THEN c || jsonb_build_object('referenced_model', tmodel.model_name,
                                                                                 'referenced_meta_table_uid', tuid)
                                       ELSE c END)
                   FROM jsonb_array_elements(contract->'constraints') c));
        END LOOP;
        CONTINUE WHEN is_blocked;
        row := msm._registry_register(jsonb_build_object(
            'data_source_uid', ds_uid, 'physical_schema', m.physical_schema,
            'physical_table_name', m.table_name, 'table_contract', contract,
            'identifier', m.table_name, 'namespace', m.metatable_namespace,
            'description', coalesce(m.description, ''),
            'management_mode', 'external_registered', 'schema_management', 'external'));
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

    SELECT m.model_name, m.table_name, m.is_builtin INTO taken
      FROM msm.models_of(ns) m
     WHERE m.identifier = ident AND m.table_name <> rel_name
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
            MESSAGE = format('identifier %s is already taken in deployment namespace %s', quote_literal(ident),
                             coalesce(quote_literal(nullif(ns, '')), 'none')),
            DETAIL = format('Model %s (table %I) uses it.', taken.model_name, taken.table_name),
            HINT = 'Choose another base identifier or metatable namespace.';
    END IF;
    SELECT m.model_name, m.table_name INTO taken
      FROM msm.models_of(ns) m
     WHERE m.is_builtin AND m.table_name = rel_name;
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
END
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
-- the SDK uses, so a re-run of msm.migrate_upgrade() validates them.
UPDATE msm.meta_table SET alembic_version_meta_table_uid = NULL WHERE alembic_version_meta_table_uid = uid;
UPDATE msm.meta_table
   SET identifier = left(identifier, length(identifier) - length('alembic_version')) || 'msm.alembic_version'
 WHERE migration_package = 'msm' AND is_alembic_managed AND alembic_version_meta_table_uid IS NULL
   AND identifier LIKE '%alembic_version' AND identifier NOT LIKE '%msm.alembic_version';
UPDATE msm.meta_table
   SET migration_provider_key = 'msm:' || coalesce(migration_namespace, 'mainsequence.markets')
 WHERE migration_package = 'msm' AND migration_provider_key = 'migrations:migration';
UPDATE msm.meta_table
   SET partition_strategy = 'backend_default', cadence = NULL
 WHERE resource_type = 'time_index' AND migration_package = 'msm'
   AND partition_strategy = 'none' AND cadence = 'irregular';

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
    result jsonb := '{}';
    r      jsonb;
    name   text;
BEGIN
    FOR r IN SELECT x FROM jsonb_array_elements(p_rows) x LOOP
        name := r->>'physical_table_name';
        CONTINUE WHEN name IS NULL OR NOT name = ANY (p_names)
                   OR lower(r->>'data_source_uid') IS DISTINCT FROM p_data_source::text
                   OR r->>'physical_schema' IS DISTINCT FROM p_schema::text;
        IF result ? name THEN
            RAISE EXCEPTION USING ERRCODE = 'cardinality_violation',
                MESSAGE = format('multiple registered rows for physical table %s', quote_literal(name)),
                DETAIL = format('MetaTable uids %s and %s.', result->name->>'uid', r->>'uid'),
                HINT = 'An admin must remove the duplicate MetaTable registration.';
        END IF;
        result := result || jsonb_build_object(name, r);
    END LOOP;
    RETURN result;
END
$$;

-- msm.migrate_upgrade with the SDK's lookups by physical identity, the
-- validated registry root first in finalize's meta_table_uids and the
-- provider key msm:<migration namespace> (doc/migrations.md).
CREATE OR REPLACE FUNCTION msm.migrate_upgrade(target text DEFAULT 'head', namespace text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns           text;
    sch          name;
    ds_uid       uuid;
    target_rev   text;
    target_pos   integer;
    current_rev  text;
    current_pos  integer := 0;
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
    stmt         text;
    fin          jsonb;
    failures     text;
    m            record;
    http_mode    boolean := msm.registry_backend() = 'ts_manager';
    ddl          text[] := ARRAY[]::text[];
BEGIN
    IF target IS NULL OR btrim(target) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'target revision is required',
            HINT = 'Use target => ''head'' or a revision listed in msm.revision.';
    END IF;
    IF target = 'head' THEN
        SELECT r.revision, r.position INTO target_rev, target_pos
          FROM msm.revision r ORDER BY r.position DESC LIMIT 1;
    ELSE
        SELECT r.revision, r.position INTO target_rev, target_pos
          FROM msm.revision r WHERE r.revision = target;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = format('unknown migration target %s', quote_literal(left(target, 100))),
                DETAIL = format('Known revisions: %s.', (SELECT string_agg(r.revision, ', ' ORDER BY r.position) FROM msm.revision r)),
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

    -- 2. registry root: look it up by physical identity (this data source,
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

    -- 3. reserve the provider's models: one lookup and at most one reserve per resource type
    FOREACH k IN ARRAY kinds LOOP
        SELECT array_agg(mm.table_name::text ORDER BY mm.position) INTO names
          FROM msm.models_of(ns) mm WHERE NOT mm.is_root AND mm.kind = k;
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
          FROM msm.models_of(ns) mm
         WHERE NOT mm.is_root AND mm.kind = k AND NOT found_rows ? mm.table_name AND msm._model_contract(mm) IS NULL;
        IF bad IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'undefined_table',
                MESSAGE = 'project tables to reserve do not exist',
                DETAIL = format('Missing: %s. A reservation carries the table contract, read from the table.', bad),
                HINT = 'Create the missing tables (project models are created by the project itself), or undeclare them, then run msm.migrate_upgrade() again.';
        END IF;
        SELECT coalesce(jsonb_agg(msm._reservation_row(mm, ds_uid, root_uid, ns) ORDER BY mm.position), '[]')
          INTO missing
          FROM msm.models_of(ns) mm
         WHERE NOT mm.is_root AND mm.kind = k AND NOT found_rows ? mm.table_name;
        IF jsonb_array_length(missing) > 0 THEN
            created := msm._registry_reserve(k, missing);
            found_rows := found_rows || msm._rows_by_identity(created, ds_uid, sch, names);
        END IF;
        SELECT uids || coalesce(jsonb_object_agg(key, value->'uid'), '{}') INTO uids
          FROM jsonb_each(found_rows);
    END LOOP;
    SELECT order_uids || coalesce(jsonb_agg(uids->mm.table_name ORDER BY mm.position), '[]') INTO order_uids
      FROM msm.models_of(ns) mm WHERE NOT mm.is_root AND uids ? mm.table_name;

    -- 4. apply the pending revisions in order
    current_rev := msm.migrate_current(ns);
    IF current_rev IS NOT NULL THEN
        SELECT r.position INTO current_pos FROM msm.revision r WHERE r.revision = current_rev;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
                MESSAGE = format('applied revision %s is unknown to this extension version', quote_literal(current_rev)),
                HINT = 'Update the extension: ALTER EXTENSION msm UPDATE;';
        END IF;
        IF current_pos > target_pos THEN
            RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
                MESSAGE = format('cannot migrate down from %s to %s', current_rev, target_rev),
                HINT = 'Downgrades are not supported; use target => ''head''.';
        END IF;
    END IF;
    FOR rev IN SELECT r.revision FROM msm.revision r
                WHERE r.position > current_pos AND r.position <= target_pos ORDER BY r.position
    LOOP
        SELECT string_agg(format('%I.%I', mo.physical_schema, mo.table_name), ', ' ORDER BY mo.position)
          INTO failures
          FROM msm.models_of(ns) mo
         WHERE mo.is_builtin AND mo.revision = rev.revision
           AND to_regclass(format('%I.%I', mo.physical_schema, mo.table_name)) IS NOT NULL;
        IF failures IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'duplicate_table',
                MESSAGE = format('revision %s cannot create tables that already exist', rev.revision),
                DETAIL = format('Existing table(s): %s.', failures),
                HINT = 'Rename or drop the conflicting tables, or migrate another deployment namespace; nothing was changed.';
        END IF;
        IF http_mode THEN
            ddl := ddl || ARRAY(SELECT s FROM msm.revision_ddl(rev.revision, ns) s)
                       || format('DELETE FROM %I.%I', root.physical_schema, root.table_name)
                       || format('INSERT INTO %I.%I (version_num) VALUES (%L)', root.physical_schema,
                                 root.table_name, rev.revision);
        ELSE
            FOR stmt IN SELECT s FROM msm.revision_ddl(rev.revision, ns) s LOOP
                EXECUTE stmt;
            END LOOP;
            EXECUTE format('DELETE FROM %I.%I', root.physical_schema, root.table_name);
            EXECUTE format('INSERT INTO %I.%I (version_num) VALUES ($1)', root.physical_schema, root.table_name)
              USING rev.revision;
        END IF;
        current_rev := rev.revision;
    END LOOP;
    -- TS Manager verifies physical tables through its own connection when it
    -- finalizes: commit the revision DDL first, in a transaction of its own
    IF http_mode AND cardinality(ddl) > 0 THEN
        PERFORM msm._autonomous_exec(ddl);
    END IF;

    -- 5. finalize: reserved rows become active when their table exists
    fin := msm._registry_finalize(jsonb_build_object(
        'meta_table_uids', order_uids,
        'migration_package', 'msm',
        'migration_namespace', msm._migration_namespace(ns),
        'migration_provider_key', msm._migration_provider_key(ns),
        'alembic_version_meta_table_uid', root_uid,
        'alembic_revision', current_rev));
    IF coalesce((fin->>'failed_count')::integer, 0) > 0 OR NOT coalesce((fin->>'ok')::boolean, false) THEN
        SELECT string_agg(format('%s: %s', t->>'physical_table_name', coalesce(t->>'error', 'failed')), '; ')
          INTO failures
          FROM jsonb_array_elements(fin->'tables') t
         WHERE t->>'error' IS NOT NULL OR NOT coalesce((t->>'physical_table_exists')::boolean, false);
        RAISE EXCEPTION USING ERRCODE = 'undefined_table',
            MESSAGE = format('migration finalization failed for %s table(s)', fin->>'failed_count'),
            DETAIL = failures,
            HINT = 'Create the missing tables (project models are created by the project itself), then run msm.migrate_upgrade() again.';
    END IF;

    -- 6. provider hook: the catalog projection
    FOR m IN SELECT * FROM msm.models_of(ns) mo ORDER BY mo.position LOOP
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

    -- 7. summary
    RETURN jsonb_build_object(
        'ok', true,
        'revision', current_rev,
        'namespace', nullif(ns, ''),
        'meta_table_uids', uids,
        'finalized_count', (fin->>'finalized_count')::integer,
        'active_count', (fin->>'active_count')::integer,
        'reserved_count', (fin->>'reserved_count')::integer,
        'failed_count', (fin->>'failed_count')::integer);
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

