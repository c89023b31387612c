-- test/integration/lib/hostile_setup.sql: the unprivileged role "evil" and
-- its schema "evil", which 85_hostile_search_path.sh puts FIRST on every
-- search_path (doc/testing.md, "The hostile search_path run").  Run once per
-- database as a superuser; hostile_arm.sql then creates the look-alikes.
--
-- evil.hit(what) is what every look-alike calls.  The frame that called the
-- look-alike tells who did: a statement that msm's C code runs through SPI
-- shows as `SQL statement "..."` with a $n parameter or reading msm's
-- tables (FROM/JOIN/INTO/UPDATE msm., msm._...), a statement of msm's SQL
-- functions as `... function msm.`; a test statement that calls msm's API
-- (SELECT msm.upsert(...)) is the test's own.  Such a call counts in the
-- sequence evil.hits (not transactional, so a call inside a test that rolls
-- back still counts), is recorded in evil.calls with the call stack, raises
-- a WARNING (in the test's output) and tries ALTER ROLE evil SUPERUSER with
-- the caller's rights.  A call by the test's own SQL (top level, pgTAP, a
-- DO block or function of the test) only counts in evil.test_hits.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'evil') THEN
        CREATE ROLE evil NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB;
    END IF;
END
$$;
CREATE SCHEMA evil AUTHORIZATION evil;
GRANT USAGE ON SCHEMA evil TO PUBLIC;
SET ROLE evil;
CREATE SEQUENCE evil.hits;
CREATE SEQUENCE evil.test_hits;
GRANT USAGE, SELECT, UPDATE ON SEQUENCE evil.hits, evil.test_hits TO PUBLIC;
CREATE TABLE evil.calls (
    at       timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    what     text NOT NULL,
    by_role  text NOT NULL DEFAULT pg_catalog.current_user(),
    query    text,
    stack    text
);
GRANT INSERT, SELECT ON evil.calls TO PUBLIC;

CREATE FUNCTION evil.hit(what text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    st text;
    caller text;
BEGIN
    GET DIAGNOSTICS st = PG_CONTEXT;
    SELECT l INTO caller
      FROM pg_catalog.unnest(pg_catalog.string_to_array(st, E'\n')) WITH ORDINALITY AS u(l, n)
     WHERE l !~ '^PL/pgSQL function evil\.' AND l !~ '^SQL statement "SELECT evil\.hit\('
     ORDER BY n LIMIT 1;
    IF caller IS NULL
       OR NOT (caller ~ '^(SQL statement|PL/pgSQL expression) ".*(\$[0-9]|(FROM|JOIN|INTO|UPDATE) msm\.|msm\._)'
               OR caller ~ 'function "?msm\.') THEN
        PERFORM pg_catalog.nextval('evil.test_hits');
        RETURN;
    END IF;
    PERFORM pg_catalog.nextval('evil.hits');
    RAISE WARNING 'evil look-alike called: %', what USING DETAIL = st;
    BEGIN
        INSERT INTO evil.calls (what, query, stack)
        VALUES (what, pg_catalog.current_query(), st);
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
    BEGIN
        EXECUTE 'ALTER ROLE evil SUPERUSER';
    EXCEPTION WHEN OTHERS THEN
        NULL;
    END;
END
$$;
GRANT EXECUTE ON FUNCTION evil.hit(text) TO PUBLIC;

-- look-alikes that need no msm type (they survive DROP EXTENSION msm)
DO $$
DECLARE
    t text;
    arr_types text[] := ARRAY['character varying', 'text', 'uuid', 'timestamp with time zone',
                              'date', 'jsonb', 'boolean', 'integer', 'bigint', 'smallint',
                              'numeric', 'double precision', 'character', 'name'];
BEGIN
    -- unnest(T[]): exact types beat pg_catalog.unnest(anyarray)
    FOREACH t IN ARRAY arr_types LOOP
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION evil.unnest(a %s[]) RETURNS SETOF %s LANGUAGE plpgsql '
            'SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit(%L); '
            'RETURN QUERY SELECT pg_catalog.unnest(a); END$f$', t, t, 'unnest(' || t || '[])');
        -- to_jsonb(T), jsonb_agg(T) (through its state function)
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION evil.to_jsonb(a %s) RETURNS jsonb LANGUAGE plpgsql '
            'SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit(%L); '
            'RETURN pg_catalog.to_jsonb(a); END$f$', t, 'to_jsonb(' || t || ')');
    END LOOP;
    -- operators on types pg_catalog has no exact operator for
    FOREACH t IN ARRAY ARRAY['character varying'] LOOP
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION evil.eq(a %s, b %s) RETURNS boolean LANGUAGE plpgsql '
            'SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit(%L); '
            'RETURN a::text OPERATOR(pg_catalog.=) b::text; END$f$', t, t, '=(' || t || ',' || t || ')');
        EXECUTE pg_catalog.format(
            'CREATE OPERATOR evil.= (FUNCTION = evil.eq, LEFTARG = %s, RIGHTARG = %s)', t, t);
        EXECUTE pg_catalog.format(
            'CREATE FUNCTION evil.ne(a %s, b %s) RETURNS boolean LANGUAGE plpgsql '
            'SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit(%L); '
            'RETURN a::text OPERATOR(pg_catalog.<>) b::text; END$f$', t, t, '<>(' || t || ',' || t || ')');
        EXECUTE pg_catalog.format(
            'CREATE OPERATOR evil.<> (FUNCTION = evil.ne, LEFTARG = %s, RIGHTARG = %s)', t, t);
    END LOOP;
END
$$;

CREATE FUNCTION evil.gen_random_uuid() RETURNS uuid LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('gen_random_uuid()');
RETURN pg_catalog.gen_random_uuid(); END$f$;
CREATE FUNCTION evil.now() RETURNS timestamptz LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('now()');
RETURN pg_catalog.now(); END$f$;
CREATE FUNCTION evil.format(f text, a name, b name) RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('format(text,name,name)');
RETURN pg_catalog.format(f, a, b); END$f$;
CREATE FUNCTION evil.format(f text, a text, b text) RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('format(text,text,text)');
RETURN pg_catalog.format(f, a, b); END$f$;
CREATE FUNCTION evil.format(f text, a character varying, b character varying) RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('format(text,varchar,varchar)');
RETURN pg_catalog.format(f, a, b); END$f$;
CREATE FUNCTION evil.lower(a character varying) RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('lower(varchar)');
RETURN pg_catalog.lower(a); END$f$;
CREATE FUNCTION evil.btrim(a character varying) RETURNS text LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('btrim(varchar)');
RETURN pg_catalog.btrim(a); END$f$;
CREATE FUNCTION evil.to_regclass(a character varying) RETURNS regclass LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('to_regclass(varchar)');
RETURN pg_catalog.to_regclass(a); END$f$;
CREATE FUNCTION evil.jsonb_build_object(VARIADIC a text[]) RETURNS jsonb LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('jsonb_build_object(text[])');
RETURN pg_catalog.jsonb_build_object(VARIADIC a); END$f$;
-- jsonb_agg(jsonb): exact, beats jsonb_agg(anyelement)
CREATE FUNCTION evil.jsonb_agg_step(s jsonb, v jsonb) RETURNS jsonb LANGUAGE plpgsql
SET search_path = pg_catalog AS $f$BEGIN PERFORM evil.hit('jsonb_agg(jsonb)');
RETURN coalesce(s, '[]'::pg_catalog.jsonb) OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_array(v); END$f$;
CREATE AGGREGATE evil.jsonb_agg(jsonb) (SFUNC = evil.jsonb_agg_step, STYPE = jsonb);
RESET ROLE;
