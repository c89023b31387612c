-- msm install script, part 30: deployments, the model inventory, table
-- contracts and project model declaration.

ALTER TABLE msm.catalog ALTER COLUMN namespace DROP NOT NULL;
COMMENT ON COLUMN msm.catalog.namespace IS
    'Deployment namespace of the model, NULL when no deployment namespace is in effect.';

CREATE FUNCTION msm.resolve_namespace(namespace text DEFAULT NULL)
RETURNS text
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_resolve_namespace_sql';
COMMENT ON FUNCTION msm.resolve_namespace(text) IS
    'Effective deployment namespace: the argument, else msm.auto_register_namespace, else the empty string (none).';

CREATE FUNCTION msm._physical_schema_setting()
RETURNS text
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_physical_schema_sql';

CREATE FUNCTION msm.data_source_uid()
RETURNS uuid
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_data_source_uid_sql';
COMMENT ON FUNCTION msm.data_source_uid() IS
    'DataSource uid of this database: msm.data_source_uid, else the uid generated at install.';

CREATE FUNCTION msm.registry_backend()
RETURNS text
LANGUAGE C STABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'msm_registry_backend_sql';
COMMENT ON FUNCTION msm.registry_backend() IS
    'Registry backend in use: embedded (msm.endpoint empty) or ts_manager.';

-- Physical schema of a deployment: recorded at its first migration,
-- otherwise the msm.physical_schema setting.
CREATE FUNCTION msm._deployment_schema(p_namespace text)
RETURNS name
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce((SELECT d.physical_schema FROM msm.deployment d WHERE d.namespace = p_namespace),
                    msm._physical_schema_setting()::name)
$$;

-- ---------------------------------------------------------------------------
-- msm.models_of(namespace): every model of a deployment namespace, built-in
-- (with the root at position 0) then declared, with its physical identity.
-- ---------------------------------------------------------------------------
CREATE TYPE msm.model AS (
    namespace           text,
    position            integer,
    model_name          text,
    class_name          text,
    identifier          text,
    base_identifier     text,
    metatable_namespace text,
    storage_app         text,
    kind                text,
    physical_schema     name,
    table_name          name,
    upsert_keys         text[],
    time_index_column   text,
    is_builtin          boolean,
    is_root             boolean,
    revision            text,
    description         text
);
COMMENT ON TYPE msm.model IS 'One markets model of a deployment namespace (see msm.models_of).';

CREATE FUNCTION msm.models_of(namespace text DEFAULT NULL)
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
           msm.metatable_identifier(b.base_identifier, mt_ns),
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
COMMENT ON FUNCTION msm.models_of(text) IS
    'Every model of a deployment namespace with its identifier, physical table and kind, built-ins first.';

-- Match one selector (model name, class name, identifier, last identifier
-- segment or physical table name) against the models of a namespace.
CREATE FUNCTION msm._match_model(p_namespace text, p_selector text)
RETURNS SETOF msm.model
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.*
      FROM msm.models_of(p_namespace) m
     WHERE p_selector IN (m.model_name, m.class_name, m.identifier,
                          pg_catalog.regexp_replace(m.identifier, '^.*\.', ''), m.table_name)
$$;

-- ---------------------------------------------------------------------------
-- Table contract (relational-table.v1) derived from the PostgreSQL catalog.
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm._data_type_token(p_type oid)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE p_type
        WHEN 'pg_catalog.text'::regtype THEN 'string'
        WHEN 'pg_catalog.varchar'::regtype THEN 'string'
        WHEN 'pg_catalog.bpchar'::regtype THEN 'string'
        WHEN 'pg_catalog.uuid'::regtype THEN 'uuid'
        WHEN 'pg_catalog.json'::regtype THEN 'json'
        WHEN 'pg_catalog.jsonb'::regtype THEN 'jsonb'
        WHEN 'pg_catalog.bool'::regtype THEN 'bool'
        WHEN 'pg_catalog.int2'::regtype THEN 'int16'
        WHEN 'pg_catalog.int4'::regtype THEN 'int32'
        WHEN 'pg_catalog.int8'::regtype THEN 'int64'
        WHEN 'pg_catalog.float4'::regtype THEN 'float32'
        WHEN 'pg_catalog.float8'::regtype THEN 'float64'
        WHEN 'pg_catalog.numeric'::regtype THEN 'numeric'
        WHEN 'pg_catalog.date'::regtype THEN 'date'
        WHEN 'pg_catalog.timestamptz'::regtype THEN 'timestamp with time zone'
        WHEN 'pg_catalog.timestamp'::regtype THEN 'timestamp'
        ELSE pg_catalog.format_type(p_type, NULL)
    END
$$;

CREATE FUNCTION msm.table_contract(rel regclass)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH idx AS (
        SELECT i.indisprimary, i.indisunique, i.indnkeyatts,
               (SELECT array_agg(a.attname ORDER BY k.ord)
                  FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols,
               c.relname AS index_name, i.indpred IS NULL AND i.indexprs IS NULL AS plain
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = rel
    )
    SELECT jsonb_build_object(
        'version', 'relational-table.v1',
        'physical', jsonb_build_object('schema', n.nspname, 'table_name', c.relname),
        'description', obj_description(c.oid, 'pg_class'),
        'columns', (
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'name', a.attname,
                       'data_type', msm._data_type_token(a.atttypid),
                       'backend_type', format_type(a.atttypid, a.atttypmod),
                       'nullable', NOT a.attnotnull,
                       'primary_key', EXISTS (SELECT 1 FROM idx WHERE idx.indisprimary AND a.attname = ANY (idx.cols)),
                       'unique', EXISTS (SELECT 1 FROM idx WHERE idx.indisunique AND idx.plain AND idx.cols = ARRAY[a.attname]),
                       'server_default', pg_get_expr(d.adbin, d.adrelid),
                       'description', col_description(c.oid, a.attnum))
                     ORDER BY a.attnum), '[]'::jsonb)
              FROM pg_attribute a
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
        'constraints', (
            SELECT coalesce(jsonb_agg(x.doc ORDER BY x.doc->>'name'), '[]'::jsonb)
              FROM (
                SELECT jsonb_strip_nulls(jsonb_build_object(
                           'name', con.conname,
                           'type', CASE con.contype WHEN 'p' THEN 'primary_key' WHEN 'f' THEN 'foreign_key'
                                                    WHEN 'c' THEN 'check' WHEN 'u' THEN 'unique' ELSE con.contype::text END,
                           'columns', (SELECT jsonb_agg(a.attname ORDER BY k.ord)
                                         FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
                           'referenced_schema', CASE WHEN con.contype = 'f' THEN (SELECT rn.nspname FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = con.confrelid) END,
                           'referenced_table', CASE WHEN con.contype = 'f' THEN (SELECT rc.relname FROM pg_class rc WHERE rc.oid = con.confrelid) END,
                           'referenced_columns', (SELECT jsonb_agg(a.attname ORDER BY k.ord)
                                         FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                           'on_delete', CASE WHEN con.contype = 'f' THEN CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT'
                                                  WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END END,
                           'definition', pg_get_constraintdef(con.oid))) AS doc
                  FROM pg_constraint con
                 WHERE con.conrelid = c.oid AND con.contype IN ('p', 'f', 'c', 'u')
                UNION ALL
                SELECT jsonb_build_object('name', idx.index_name,
                                          'type', CASE WHEN idx.indisunique THEN 'unique_index' ELSE 'index' END,
                                          'columns', to_jsonb(idx.cols))
                  FROM idx
                 WHERE NOT idx.indisprimary
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid IS NOT NULL
                                      AND con.conrelid = c.oid AND con.conname = idx.index_name)
              ) x)
    )
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = rel
$$;
COMMENT ON FUNCTION msm.table_contract(regclass) IS
    'The relational-table.v1 contract of a table (columns, types, keys, constraints, descriptions) from the catalog.';

-- ---------------------------------------------------------------------------
-- Project models
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.declare_model(
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
COMMENT ON FUNCTION msm.declare_model(regclass, text, text, text, text, text[], text) IS
    'Declare a project table as a markets model of a deployment namespace; it is registered by the next msm.migrate_upgrade().';

CREATE FUNCTION msm.undeclare_model(tbl regclass, namespace text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF tbl IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed', MESSAGE = 'table is required';
    END IF;
    DELETE FROM msm.declared_model d
     WHERE d.namespace = msm.resolve_namespace(undeclare_model.namespace)
       AND (d.physical_schema, d.table_name) = (SELECT n.nspname, c.relname FROM pg_class c
                                                 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl);
    RETURN FOUND;
END
$$;
COMMENT ON FUNCTION msm.undeclare_model(regclass, text) IS
    'Remove a project model declaration (its registry and catalog rows stay until an admin removes them).';
