-- test/integration/lib/hostile_arm.sql: evil's look-alikes over msm's row
-- types (to_jsonb(msm.meta_table), jsonb_populate_record(msm.meta_table,
-- jsonb), ... for every table of schema msm).  They depend on msm, so DROP
-- EXTENSION msm CASCADE drops them: 85_hostile_search_path.sh runs this file
-- again after every CREATE EXTENSION msm.  Run as a superuser.
SET ROLE evil;
DO $$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_catalog.pg_class c
              WHERE c.relnamespace OPERATOR(pg_catalog.=) 'msm'::regnamespace
                AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'v']::"char"[])
    LOOP
        EXECUTE pg_catalog.format(
            'CREATE OR REPLACE FUNCTION evil.to_jsonb(r %s) RETURNS jsonb LANGUAGE plpgsql '
            'SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit(%L); '
            'RETURN pg_catalog.to_jsonb(r); END$f$', t, 'to_jsonb(' || t::text || ')');
        EXECUTE pg_catalog.format(
            'CREATE OR REPLACE FUNCTION evil.jsonb_populate_record(r %s, j jsonb) RETURNS %s LANGUAGE plpgsql '
            'SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit(%L); '
            'RETURN pg_catalog.jsonb_populate_record(r, j); END$f$', t, t,
            'jsonb_populate_record(' || t::text || ', jsonb)');
        EXECUTE pg_catalog.format(
            'CREATE OR REPLACE FUNCTION evil.row_to_json(r %s) RETURNS json LANGUAGE plpgsql '
            'SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit(%L); '
            'RETURN pg_catalog.row_to_json(r); END$f$', t, 'row_to_json(' || t::text || ')');
    END LOOP;
END
$$;
RESET ROLE;
