-- msm install script, part 50: DBA views and diagnostics (SPEC 10.2, 10.3).

-- Every model of every known deployment with its physical and registration
-- status (registration as seen by the catalog projection and, in embedded
-- mode, the registry itself).
CREATE VIEW msm.model_status AS
SELECT m.namespace,
       m.position,
       m.model_name,
       m.identifier,
       m.kind,
       m.is_builtin,
       m.physical_schema,
       m.table_name,
       to_regclass(format('%I.%I', m.physical_schema, m.table_name)) IS NOT NULL AS table_exists,
       c.meta_table_uid,
       r.provisioning_status,
       r.management_mode,
       c.updated_at AS cataloged_at
  FROM msm.deployment d
 CROSS JOIN LATERAL msm.models_of(d.namespace) m
  LEFT JOIN msm.catalog c ON c.table_name = m.table_name
  LEFT JOIN msm.meta_table r ON r.physical_schema = m.physical_schema
                            AND r.physical_table_name = m.table_name
                            AND r.data_source_uid = msm.data_source_uid();
COMMENT ON VIEW msm.model_status IS
    'Models of every migrated deployment namespace with table existence, MetaTable uid and provisioning status.';

-- Foreign-key edges between model tables, from the PostgreSQL catalog.
CREATE VIEW msm.model_edges AS
SELECT m.namespace,
       m.model_name,
       m.table_name,
       con.conname AS constraint_name,
       (SELECT array_agg(a.attname::text ORDER BY k.ord)
          FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       t.model_name AS target_model,
       t.table_name AS target_table,
       (SELECT array_agg(a.attname::text ORDER BY k.ord)
          FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS target_columns,
       CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' WHEN 'n' THEN 'SET NULL'
                            WHEN 'd' THEN 'SET DEFAULT' ELSE 'NO ACTION' END AS on_delete
  FROM msm.deployment d
 CROSS JOIN LATERAL msm.models_of(d.namespace) m
  JOIN pg_catalog.pg_constraint con
    ON con.contype = 'f'
   AND con.conrelid = to_regclass(format('%I.%I', m.physical_schema, m.table_name))
  LEFT JOIN LATERAL (
        SELECT mt.model_name, mt.table_name
          FROM msm.models_of(d.namespace) mt
         WHERE to_regclass(format('%I.%I', mt.physical_schema, mt.table_name)) = con.confrelid) t ON true;
COMMENT ON VIEW msm.model_edges IS
    'Foreign-key edges between markets model tables (target_model is NULL when the target is no model).';

-- Catalog rows beside the live table.
CREATE VIEW msm.catalog_status AS
SELECT c.namespace,
       c.table_name,
       c.model_name,
       c.meta_table_uid,
       c.extension_version,
       rel IS NOT NULL AS table_exists,
       CASE WHEN rel IS NOT NULL THEN (SELECT greatest(cl.reltuples, 0)::bigint FROM pg_catalog.pg_class cl WHERE cl.oid = rel) END AS estimated_rows,
       CASE WHEN rel IS NOT NULL THEN pg_catalog.pg_total_relation_size(rel) END AS total_bytes,
       CASE WHEN rel IS NOT NULL THEN pg_catalog.pg_size_pretty(pg_catalog.pg_total_relation_size(rel)) END AS total_size,
       rel IS NOT NULL AND pg_catalog.obj_description(rel, 'pg_class') IS NOT DISTINCT FROM c.description AS description_in_sync,
       c.updated_at
  FROM msm.catalog c
  LEFT JOIN msm.deployment d ON d.namespace = coalesce(c.namespace, '')
 CROSS JOIN LATERAL (SELECT to_regclass(format('%I.%I', coalesce(d.physical_schema, 'public'), c.table_name)) AS rel) x;
COMMENT ON VIEW msm.catalog_status IS
    'Catalog projection beside the live tables: existence, estimated rows, size and whether the description is in sync.';

-- ---------------------------------------------------------------------------
-- msm.diagnose(namespace): one row per finding.
-- ---------------------------------------------------------------------------
CREATE FUNCTION msm.diagnose(namespace text DEFAULT NULL)
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

    -- undescribed tables and columns
    RETURN QUERY
    SELECT 'error', m.table_name::text, 'table_description_missing',
           format('table %I.%I has no description (COMMENT ON TABLE)', m.physical_schema, m.table_name)
      FROM msm.models_of(ns) m
      CROSS JOIN LATERAL (SELECT to_regclass(format('%I.%I', m.physical_schema, m.table_name)) AS rel) x
     WHERE x.rel IS NOT NULL AND coalesce(btrim(obj_description(x.rel, 'pg_class')), '') = ''
     ORDER BY m.position;
    RETURN QUERY
    SELECT 'error', m.table_name::text, 'column_description_missing',
           format('column %I of %I.%I has no description (COMMENT ON COLUMN)', a.attname, m.physical_schema, m.table_name)
      FROM msm.models_of(ns) m
      CROSS JOIN LATERAL (SELECT to_regclass(format('%I.%I', m.physical_schema, m.table_name)) AS rel) x
      JOIN pg_attribute a ON a.attrelid = x.rel AND a.attnum > 0 AND NOT a.attisdropped
     WHERE coalesce(btrim(col_description(x.rel, a.attnum)), '') = ''
     ORDER BY m.position, a.attnum;

    -- catalog rows without a table or without a registry row
    RETURN QUERY
    SELECT 'warning', c.table_name, 'catalog_table_missing',
           format('catalog row of model %s has no table', c.model_name)
      FROM msm.catalog_status c
     WHERE coalesce(c.namespace, '') = ns AND NOT c.table_exists
     ORDER BY c.table_name;
    IF msm.registry_backend() = 'embedded' THEN
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
COMMENT ON FUNCTION msm.diagnose(text) IS
    'Findings for a deployment namespace: missing tables, missing descriptions, stale catalog rows, inactive registry rows, column drift.';
