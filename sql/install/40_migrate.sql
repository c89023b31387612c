-- msm install script, part 40: the admin migration flow (SPEC 5).

-- Registry entry points (C, registry.c): dispatch to the embedded or the
-- TS Manager backend.  Internal; not for PUBLIC.
CREATE FUNCTION msm._registry_lookup(kind text, names text[], management_mode text DEFAULT NULL)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_lookup_sql';
CREATE FUNCTION msm._registry_reserve(kind text, rows jsonb)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_reserve_sql';
CREATE FUNCTION msm._registry_finalize(request jsonb)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_finalize_sql';
CREATE FUNCTION msm._registry_register(request jsonb)
RETURNS jsonb LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_registry_register_sql';

-- ---------------------------------------------------------------------------
-- DDL of one revision for one deployment namespace, in execution order:
-- tables (columns, primary key, checks), descriptions and indexes first,
-- then foreign keys (their targets and unique indexes exist by then).
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.revision_ddl(revision text, namespace text DEFAULT NULL)
RETURNS SETOF text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ns  text := msm.resolve_namespace(namespace);
    m   record;
    c   record;
    i   record;
    f   record;
    body text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM msm.revision r WHERE r.revision = revision_ddl.revision) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = format('unknown revision %s', coalesce(quote_literal(revision), 'NULL')),
            HINT = 'SELECT revision FROM msm.revision ORDER BY position; lists the shipped revisions.';
    END IF;

    FOR m IN
        SELECT mo.* FROM msm.models_of(ns) mo
         WHERE mo.is_builtin AND mo.revision = revision_ddl.revision
         ORDER BY mo.position
    LOOP
        SELECT string_agg(format('%I %s%s%s', bc.column_name, bc.data_type,
                                 CASE WHEN bc.not_null THEN ' NOT NULL' ELSE '' END,
                                 CASE WHEN bc.default_expr IS NOT NULL THEN ' DEFAULT ' || bc.default_expr ELSE '' END),
                          ', ' ORDER BY bc.position)
          INTO body
          FROM msm.builtin_column bc WHERE bc.model_name = m.model_name;
        FOR i IN SELECT bi.columns FROM msm.builtin_index bi
                  WHERE bi.model_name = m.model_name AND bi.index_kind = 'pk'
        LOOP
            body := body || format(', CONSTRAINT %I PRIMARY KEY (%s)',
                                   msm.bounded_identifier('pk', m.table_name),
                                   (SELECT string_agg(quote_ident(x), ', ') FROM unnest(i.columns) x));
        END LOOP;
        FOR c IN SELECT bk.check_name, bk.expression FROM msm.builtin_check bk
                  WHERE bk.model_name = m.model_name ORDER BY bk.check_name
        LOOP
            body := body || format(', CONSTRAINT %I CHECK (%s)',
                                   msm.bounded_identifier('ck', m.table_name, c.check_name), c.expression);
        END LOOP;
        RETURN NEXT format('CREATE TABLE %I.%I (%s)', m.physical_schema, m.table_name, body);
        RETURN NEXT format('COMMENT ON TABLE %I.%I IS %L', m.physical_schema, m.table_name, m.description);
        FOR c IN SELECT bc.column_name, bc.description FROM msm.builtin_column bc
                  WHERE bc.model_name = m.model_name ORDER BY bc.position
        LOOP
            RETURN NEXT format('COMMENT ON COLUMN %I.%I.%I IS %L', m.physical_schema, m.table_name,
                               c.column_name, c.description);
        END LOOP;
        FOR i IN SELECT bi.index_kind, bi.columns, bi.predicate FROM msm.builtin_index bi
                  WHERE bi.model_name = m.model_name AND bi.index_kind <> 'pk' ORDER BY bi.position
        LOOP
            RETURN NEXT format('CREATE %sINDEX %I ON %I.%I (%s)%s',
                               CASE WHEN i.index_kind = 'unique' THEN 'UNIQUE ' ELSE '' END,
                               msm.bounded_identifier(VARIADIC ARRAY[CASE WHEN i.index_kind = 'unique' THEN 'uix' ELSE 'ix' END,
                                                                      m.table_name::text] || i.columns),
                               m.physical_schema, m.table_name,
                               (SELECT string_agg(quote_ident(x), ', ') FROM unnest(i.columns) x),
                               CASE WHEN i.predicate IS NOT NULL THEN ' WHERE (' || i.predicate || ')' ELSE '' END);
        END LOOP;
    END LOOP;

    FOR f IN
        SELECT mo.physical_schema, mo.table_name, fk.columns, tg.physical_schema AS target_schema,
               tg.table_name AS target_table, fk.target_columns, fk.on_delete
          FROM msm.models_of(ns) mo
          JOIN msm.builtin_fk fk ON fk.model_name = mo.model_name
          JOIN msm.models_of(ns) tg ON tg.is_builtin AND tg.model_name = fk.target_model
         WHERE mo.is_builtin AND mo.revision = revision_ddl.revision
         ORDER BY mo.position, fk.position
    LOOP
        RETURN NEXT format('ALTER TABLE %I.%I ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES %I.%I (%s) ON DELETE %s',
                           f.physical_schema, f.table_name,
                           msm.bounded_identifier(VARIADIC ARRAY['fk', f.table_name::text] || f.columns
                                                  || ARRAY[f.target_table::text] || f.target_columns),
                           (SELECT string_agg(quote_ident(x), ', ') FROM unnest(f.columns) x),
                           f.target_schema, f.target_table,
                           (SELECT string_agg(quote_ident(x), ', ') FROM unnest(f.target_columns) x),
                           f.on_delete);
    END LOOP;
END
$$;
COMMENT ON FUNCTION msm.revision_ddl(text, text) IS
    'The DDL statements a revision applies in a deployment namespace, in order (for review; migrate_upgrade runs them).';

-- Applied revision of a deployment namespace (NULL when not migrated).
CREATE FUNCTION msm.migrate_current(namespace text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    root record;
    v    text;
BEGIN
    SELECT * INTO root FROM msm.models_of(namespace) m WHERE m.is_root;
    IF to_regclass(format('%I.%I', root.physical_schema, root.table_name)) IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT max(version_num) FROM %I.%I', root.physical_schema, root.table_name) INTO v;
    RETURN v;
END
$$;
COMMENT ON FUNCTION msm.migrate_current(text) IS
    'The migration revision applied to a deployment namespace, or NULL when it was never migrated.';

-- One registry row per name of a lookup answer, or an error.
CREATE FUNCTION msm._rows_by_name(p_rows jsonb, p_names text[])
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
        IF name IS NULL OR NOT name = ANY (p_names) THEN
            RAISE EXCEPTION USING ERRCODE = 'data_exception',
                MESSAGE = format('registry returned an unexpected physical_table_name %s', coalesce(quote_literal(name), 'NULL')),
                HINT = 'The registry answered for a table that was not asked for; check the registry service.';
        END IF;
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

-- Table contract of a built-in model from its definition, for reservations
-- made before the table exists (TS Manager receives the contract up front).
CREATE FUNCTION msm._builtin_contract(m msm.model)
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
                SELECT jsonb_build_object('name', msm.bounded_identifier(VARIADIC ARRAY['fk', m.table_name::text] || f.columns
                                                                          || ARRAY[t.table_name::text] || f.target_columns),
                                          'type', 'foreign_key', 'columns', to_jsonb(f.columns),
                                          'referenced_schema', t.physical_schema, 'referenced_table', t.table_name,
                                          'referenced_columns', to_jsonb(f.target_columns), 'on_delete', f.on_delete) AS x
                  FROM msm.builtin_fk f
                  JOIN msm.models_of(nullif(m.namespace, '')) t ON t.is_builtin AND t.model_name = f.target_model
                 WHERE f.model_name = m.model_name
                UNION ALL
                SELECT jsonb_build_object('name', CASE i.index_kind WHEN 'pk' THEN msm.bounded_identifier('pk', m.table_name)
                                                  ELSE msm.bounded_identifier(VARIADIC ARRAY[CASE WHEN i.index_kind = 'unique' THEN 'uix' ELSE 'ix' END,
                                                                                           m.table_name::text] || i.columns) END,
                                          'type', CASE i.index_kind WHEN 'pk' THEN 'primary_key' WHEN 'unique' THEN 'unique_index' ELSE 'index' END,
                                          'columns', to_jsonb(i.columns))
                  FROM msm.builtin_index i WHERE i.model_name = m.model_name
                UNION ALL
                SELECT jsonb_build_object('name', msm.bounded_identifier('ck', m.table_name, k.check_name),
                                          'type', 'check', 'definition', 'CHECK (' || k.expression || ')')
                  FROM msm.builtin_check k WHERE k.model_name = m.model_name) s)
    )
$$;

-- Reservation row of one model (SPEC 9, reserve).
CREATE FUNCTION msm._reservation_row(m msm.model, p_data_source uuid, p_root_uid uuid, p_namespace text)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'data_source_uid', p_data_source,
        'identifier', m.table_name,
        'namespace', m.metatable_namespace,
        'description', m.description,
        'labels', '[]'::jsonb,
        'management_mode', 'platform_managed',
        'provisioning_status', 'reserved',
        'is_alembic_managed', true,
        'migration_package', 'msm',
        'migration_namespace', coalesce(nullif(p_namespace, ''), 'mainsequence.markets'),
        'migration_provider_key', 'migrations:migration',
        'alembic_version_meta_table_uid', p_root_uid,
        'physical_schema', m.physical_schema,
        'physical_table_name', m.table_name,
        'table_contract', coalesce(msm.table_contract(to_regclass(format('%I.%I', m.physical_schema, m.table_name))),
                                   CASE WHEN m.is_builtin THEN msm._builtin_contract(m) END))
        || CASE WHEN m.kind = 'time_index'
                THEN jsonb_build_object('time_index_name', m.time_index_column,
                                        'cadence', 'irregular', 'partition_strategy', 'none')
                ELSE '{}'::jsonb END)
$$;

CREATE FUNCTION msm._autonomous_exec(statements text[])
RETURNS integer LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'msm_autonomous_exec';

-- ---------------------------------------------------------------------------
-- msm.migrate_upgrade(target, namespace)
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.migrate_upgrade(target text DEFAULT 'head', namespace text DEFAULT NULL)
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
    root_uid     uuid;
    kinds        text[] := ARRAY['meta_table', 'time_index'];
    k            text;
    names        text[];
    found_rows   jsonb;
    missing      jsonb;
    created      jsonb;
    uids         jsonb := '{}';
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

    -- 2. registry root: reuse a compatible row, else reserve one
    SELECT * INTO root FROM msm.models_of(ns) mo WHERE mo.is_root;
    root_rows := msm._rows_by_name(msm._registry_lookup('meta_table', ARRAY[root.table_name::text], 'platform_managed'),
                                   ARRAY[root.table_name::text]);
    IF root_rows ? root.table_name AND root_rows->root.table_name->>'provisioning_status' IN ('active', 'reserved') THEN
        root_uid := (root_rows->root.table_name->>'uid')::uuid;
    ELSE
        created := msm._registry_reserve('meta_table',
                       jsonb_build_array(msm._reservation_row(root, ds_uid, NULL, ns)));
        root_uid := (created->0->>'uid')::uuid;
    END IF;
    uids := jsonb_build_object(root.table_name, root_uid);

    -- 3. reserve the provider's models: one lookup and at most one reserve per resource type
    FOREACH k IN ARRAY kinds LOOP
        SELECT array_agg(mm.table_name::text ORDER BY mm.position) INTO names
          FROM msm.models_of(ns) mm WHERE NOT mm.is_root AND mm.kind = k;
        CONTINUE WHEN names IS NULL;
        found_rows := msm._rows_by_name(
            msm._registry_lookup(k, names, CASE WHEN k = 'meta_table' THEN 'platform_managed' END), names);
        SELECT coalesce(jsonb_agg(msm._reservation_row(mm, ds_uid, root_uid, ns) ORDER BY mm.position), '[]')
          INTO missing
          FROM msm.models_of(ns) mm
         WHERE NOT mm.is_root AND mm.kind = k
           AND NOT coalesce(found_rows->mm.table_name->>'provisioning_status' IN ('active', 'reserved'), false);
        IF jsonb_array_length(missing) > 0 THEN
            created := msm._registry_reserve(k, missing);
            found_rows := found_rows || msm._rows_by_name(created, names);
        END IF;
        SELECT uids || coalesce(jsonb_object_agg(key, value->'uid'), '{}') INTO uids
          FROM jsonb_each(found_rows);
    END LOOP;

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
        'meta_table_uids', (SELECT jsonb_agg(value) FROM jsonb_each(uids)),
        'migration_package', 'msm',
        'migration_namespace', coalesce(nullif(ns, ''), 'mainsequence.markets'),
        'migration_provider_key', 'migrations:migration',
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

-- ---------------------------------------------------------------------------
-- msm.register_external(models, namespace, target_meta_tables)
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.register_external(models text[] DEFAULT NULL, namespace text DEFAULT NULL,
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
    progress   boolean;
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

    -- register in dependency order: a model goes when every FK target is known
    LOOP
        EXIT WHEN jsonb_array_length(pending) = 0;
        progress := false;
        blocked := NULL;
        FOR m IN SELECT mo.* FROM msm.models_of(ns) mo
                  WHERE pending ? mo.model_name ORDER BY mo.position
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
            progress := true;
            result := result || jsonb_build_object('model', m.model_name, 'table_name', m.table_name,
                                                   'meta_table_uid', row->>'uid');
        END LOOP;
        IF NOT progress THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_object_definition',
                MESSAGE = 'foreign keys between the selected models form a cycle',
                DETAIL = blocked,
                HINT = 'Register one side first or pass its uid in target_meta_tables.';
        END IF;
    END LOOP;

    RETURN jsonb_build_object('ok', true, 'namespace', nullif(ns, ''), 'management_mode', 'external_registered',
                              'registered', result);
END
$$;
COMMENT ON FUNCTION msm.register_external(text[], text, jsonb) IS
    'Admin flow for external_registered mode: register existing application-owned tables with their table contract.';
