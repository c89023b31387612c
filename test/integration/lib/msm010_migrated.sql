-- test/integration/lib/msm010_migrated.sql: what msm 0.1.0's migrate_upgrade()
-- left in a database (revision 0001_markets_base), replayed after ALTER
-- EXTENSION UPDATE from the 0.1.0 catalogue kept by msm010_catalogue.sql: the
-- tables as 0.1.0's revision_ddl() wrote them (the same statements, with the
-- 0.1.0 primary key name of the version table), a few rows, and one active
-- embedded MetaTable registration per table (old010.registered lists them).
DO $$
DECLARE m record; c record; i record; f record; body text; tn text; stmts text[] := '{}'; s text;
BEGIN
  FOR m IN SELECT * FROM old010.bm ORDER BY position LOOP
    tn := msm.physical_table_name('ms_markets', m.base_identifier);
    SELECT string_agg(format('%I %s%s%s', bc.column_name, bc.data_type, CASE WHEN bc.not_null THEN ' NOT NULL' ELSE '' END,
                      CASE WHEN bc.default_expr IS NOT NULL THEN ' DEFAULT ' || bc.default_expr ELSE '' END), ', ' ORDER BY bc.position)
      INTO body FROM old010.bc bc WHERE bc.model_name = m.model_name;
    FOR i IN SELECT bi.columns FROM old010.bi bi WHERE bi.model_name = m.model_name AND bi.index_kind = 'pk' LOOP
      body := body || format(', CONSTRAINT %I PRIMARY KEY (%s)', msm.bounded_identifier('pk', tn), array_to_string(i.columns, ', '));
    END LOOP;
    FOR c IN SELECT * FROM old010.bk bk WHERE bk.model_name = m.model_name ORDER BY bk.check_name LOOP
      body := body || format(', CONSTRAINT %I CHECK (%s)', msm.bounded_identifier('ck', tn, c.check_name), c.expression);
    END LOOP;
    stmts := stmts || format('CREATE TABLE public.%I (%s)', tn, body) || format('COMMENT ON TABLE public.%I IS %L', tn, m.description);
    FOR c IN SELECT * FROM old010.bc bc WHERE bc.model_name = m.model_name LOOP
      stmts := stmts || format('COMMENT ON COLUMN public.%I.%I IS %L', tn, c.column_name, c.description);
    END LOOP;
    FOR i IN SELECT * FROM old010.bi bi WHERE bi.model_name = m.model_name AND bi.index_kind <> 'pk' ORDER BY bi.position LOOP
      stmts := stmts || format('CREATE %sINDEX %I ON public.%I (%s)%s', CASE WHEN i.index_kind = 'unique' THEN 'UNIQUE ' ELSE '' END,
            msm.bounded_identifier(VARIADIC ARRAY[CASE WHEN i.index_kind = 'unique' THEN 'uix' ELSE 'ix' END, tn] || i.columns),
            tn, array_to_string(i.columns, ', '), CASE WHEN i.predicate IS NOT NULL THEN ' WHERE (' || i.predicate || ')' ELSE '' END);
    END LOOP;
  END LOOP;
  FOR f IN SELECT bf.*, (SELECT base_identifier FROM old010.bm WHERE model_name = bf.model_name) AS src,
                  (SELECT base_identifier FROM old010.bm WHERE model_name = bf.target_model) AS tgt
             FROM old010.bf bf JOIN old010.bm b ON b.model_name = bf.model_name ORDER BY b.position, bf.position LOOP
    stmts := stmts || format('ALTER TABLE public.%I ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES public.%I (%s) ON DELETE %s',
        msm.physical_table_name('ms_markets', f.src),
        msm.bounded_identifier(VARIADIC ARRAY['fk', msm.physical_table_name('ms_markets', f.src)] || f.columns || ARRAY[msm.physical_table_name('ms_markets', f.tgt)] || f.target_columns),
        array_to_string(f.columns, ', '), msm.physical_table_name('ms_markets', f.tgt), array_to_string(f.target_columns, ', '), f.on_delete);
  END LOOP;
  FOREACH s IN ARRAY stmts LOOP EXECUTE s; END LOOP;
  INSERT INTO public.ms_markets__alembic_version VALUES ('0001_markets_base');
END $$;
INSERT INTO public.ms_markets__asset (unique_identifier, asset_type) VALUES ('AAPL', 'equity'), ('USD', 'currency');
INSERT INTO public.ms_markets__calendar (unique_identifier, display_name, calendar_type, valid_from, valid_to)
  SELECT 'NYSE', 'NYSE', 'exchange', '2020-01-01', '2030-12-31';
-- registrations as 0.1.0's migrate_upgrade left them (embedded registry;
-- 0.1.0's _reservation_row: every identifier, the root's too, is the physical
-- table name, provider key migrations:migration, the models point at the root)
INSERT INTO msm.meta_table (resource_type, data_source_uid, identifier, namespace, description, management_mode,
       provisioning_status, is_alembic_managed, migration_package, migration_namespace, migration_provider_key,
       physical_schema, physical_table_name)
SELECT b.kind, msm.data_source_uid(), msm.physical_table_name('ms_markets', b.base_identifier), 'mainsequence.markets', b.description,
       'platform_managed', 'active', true, 'msm', 'mainsequence.markets', 'migrations:migration',
       'public', msm.physical_table_name('ms_markets', b.base_identifier)
  FROM old010.bm b;
UPDATE msm.meta_table SET alembic_version_meta_table_uid = (SELECT uid FROM msm.meta_table WHERE physical_table_name = 'ms_markets__alembic_version')
 WHERE physical_table_name <> 'ms_markets__alembic_version';
INSERT INTO msm.deployment (namespace, physical_schema) VALUES ('', 'public') ON CONFLICT DO NOTHING;
CREATE TABLE old010.registered AS SELECT uid, physical_table_name FROM msm.meta_table;
