--
-- Naming rules (doc/naming.md): msm.physical_table_name, msm.bounded_identifier,
-- msm.metatable_identifier.
--
\i sql/include/preamble.sql

-- The three functions are immutable, parallel safe and deliberately not
-- strict (a NULL required argument raises instead of returning NULL).
SELECT p.oid::regprocedure AS function, p.provolatile, p.proparallel,
       p.proisstrict, p.prorettype::regtype
  FROM pg_proc p
 WHERE p.pronamespace = 'msm'::regnamespace
   AND p.proname IN ('physical_table_name', 'bounded_identifier',
                     'metatable_identifier')
 ORDER BY p.proname;

--
-- Shared test vectors (test/data/naming_vectors.tsv): storage_app,
-- identifier, suffix (\N = none), expected name (ERROR = must raise).
-- Lines are loaded raw (no COPY escape processing) and split on tabs, so
-- whitespace-only and backslash fields arrive exactly as written; '#'
-- comment lines and blank lines are skipped.
--
CREATE TEMP TABLE naming_vector_line (
    lineno serial,
    line   text
);
\copy naming_vector_line (line) FROM 'test/data/naming_vectors.tsv' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02')

CREATE TEMP VIEW naming_vector AS
SELECT lineno,
       split_part(line, E'\t', 1) AS storage_app,
       split_part(line, E'\t', 2) AS identifier,
       nullif(split_part(line, E'\t', 3), '\N') AS namespace,
       split_part(line, E'\t', 4) AS expected
  FROM naming_vector_line
 WHERE line IS NOT NULL
   AND line !~ '^\s*(#|$)';

-- Evaluates one vector; a rejected input yields 'ERROR: <message>'.
CREATE FUNCTION pg_temp.try_physical_table_name(app text, ident text, ns text)
RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    RETURN msm.physical_table_name(app, ident, ns);
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN 'ERROR: ' || SQLERRM;
END
$$;

CREATE TEMP TABLE naming_vector_result AS
SELECT v.*, pg_temp.try_physical_table_name(v.storage_app, v.identifier,
                                            v.namespace) AS result
  FROM naming_vector v;

-- Every vector must pass: this lists only the vectors that do not (none),
-- so the expected output does not depend on the vector file's contents.
SELECT lineno,
       CASE WHEN result = expected
              OR (expected = 'ERROR' AND result LIKE 'ERROR: %')
            THEN 'ok' ELSE 'mismatch' END AS status,
       result,
       CASE WHEN result = expected
              OR (expected = 'ERROR' AND result LIKE 'ERROR: %')
            THEN NULL ELSE expected END AS expected_on_mismatch
  FROM naming_vector_result
 WHERE NOT (result = expected OR (expected = 'ERROR' AND result LIKE 'ERROR: %'))
 ORDER BY lineno;

-- Summary: no mismatch, and every produced name is a plain lowercase
-- identifier of at most 63 characters that needs no quoting.
SELECT count(*) > 0 AS vectors_loaded,
       count(*) FILTER (WHERE NOT (result = expected OR
                                   (expected = 'ERROR' AND result LIKE 'ERROR: %')))
           AS mismatches,
       count(*) FILTER (WHERE result NOT LIKE 'ERROR: %'
                          AND (length(result) > 63
                               OR result !~ '^[a-z][a-z0-9_]*$'
                               OR quote_ident(result) <> result))
           AS malformed_names
  FROM naming_vector_result;

--
-- physical_table_name: edge cases
--

-- required parts: NULL, empty, whitespace-only (ASCII and Unicode spaces)
SELECT msm.physical_table_name(NULL, 'Asset');
SELECT msm.physical_table_name('ms_markets', NULL);
SELECT msm.physical_table_name('', 'Asset');
SELECT msm.physical_table_name('ms_markets', E' \t\n ');
SELECT msm.physical_table_name('ms_markets', ' 　');  -- NBSP, ideographic space
-- parts without any letter or digit
SELECT msm.physical_table_name('---', 'Asset');
SELECT msm.physical_table_name('ms_markets', '_.-/ _');
SELECT msm.physical_table_name('ms_markets', 'Asset', '...');
-- an empty or blank namespace means "no suffix"; NULL too
SELECT msm.physical_table_name('ms_markets', 'Asset', '') AS empty_ns,
       msm.physical_table_name('ms_markets', 'Asset', '   ') AS blank_ns,
       msm.physical_table_name('ms_markets', 'Asset', NULL) AS null_ns,
       msm.physical_table_name('ms_markets', 'Asset') AS default_ns;
-- trimming, separator runs, case folding, no CamelCase split
SELECT msm.physical_table_name('  MS Markets  ', E'\tAsset--Type__Detail ',
                               ' mainsequence..examples ');
SELECT msm.physical_table_name('__ms__', '__AssetType__');
-- leading digits get the t_ prefix (app, identifier and suffix)
SELECT msm.physical_table_name('2024_markets', '1d bars', '9lives');
SELECT msm.physical_table_name('ms_markets', '-42-');

-- exactly 63 characters is kept; 64 is shortened (no suffix)
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('a', 51))),
               (msm.physical_table_name('ms_markets', repeat('a', 52)))) t(name);
-- exactly 63 / 64 with a suffix
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('b', 30), repeat('s', 19))),
               (msm.physical_table_name('ms_markets', repeat('b', 30), repeat('s', 20)))) t(name);
-- the concept head is right-stripped of '_' before the marker
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('c', 39) || ' tail of the concept'))) t(name);
-- the suffix tail is stripped of '_' on both sides
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('c', 40),
                                        'deployment.namespace.' || repeat('z', 18)))) t(name);

-- long suffix, short concept: the budget the concept cannot use goes to
-- the suffix (which keeps its tail)
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', 'Asset',
                'com.example.deployments.staging.region_eu_west_1.cluster_42'))) t(name);
-- short suffix, long concept: the suffix is kept whole
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets',
                'PricingMarketDataSetCurveBindingWithAVeryLongName', 'prod'))) t(name);

-- very long storage_app: fine while nothing must be shortened ...
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name(repeat('a', 60), 'b'))) t(name);
-- ... the smallest room left when shortening still works (no suffix: app
-- of 49 characters, with suffix: 46) ...
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name(repeat('a', 49), 'AssetTypeDetailsExtended')),
               (msm.physical_table_name(repeat('a', 46), 'AssetType', 'mainsequence.examples'))) t(name);
-- ... and one more character is too long
SELECT msm.physical_table_name(repeat('a', 50), 'AssetTypeDetailsExtended');
SELECT msm.physical_table_name(repeat('a', 47), 'AssetType', 'mainsequence.examples');
SELECT msm.physical_table_name(repeat('app', 400), 'Asset');

-- very long raw input still goes through the rules
SELECT name, length(name)
  FROM (VALUES (msm.physical_table_name('ms_markets', repeat('Abc.', 400), repeat('ns-', 400)))) t(name);

-- Unicode: non-ASCII characters are separators in the slug; a part made
-- only of non-ASCII letters is valid and slugs to "table"; punctuation or
-- emoji alone are rejected
SELECT msm.physical_table_name('ms_markets', 'Ünïcødé Préßure') AS latin,
       msm.physical_table_name('ms_markets', '日本語') AS cjk,
       msm.physical_table_name('ms_markets', 'Asset', 'société.générale') AS suffix;
SELECT msm.physical_table_name('ms_markets', '—…«»');
SELECT msm.physical_table_name('ms_markets', '🚀🚀');

-- SQL-injection-looking input is just text
SELECT msm.physical_table_name('ms_markets', 'asset"; drop table x; --') AS name;
SELECT msm.physical_table_name('ms_markets''; DROP SCHEMA msm; --', 'Asset') AS name;

--
-- bounded_identifier
--
SELECT msm.bounded_identifier('fk', 'sdk_examples__account_holding',
                              'account_uid', 'sdk_examples__account', 'uid') AS name;
SELECT msm.bounded_identifier('pk', 'ms_markets__asset') AS name;
-- each "__"-separated piece is slugged on its own
SELECT msm.bounded_identifier('ix', 'MS Markets__Asset Type', 'Created At') AS name;
SELECT msm.bounded_identifier('uq', 'ms_markets__1d_bars', '2nd column') AS name;
SELECT msm.bounded_identifier('ix', 'a___b') AS name;
SELECT msm.bounded_identifier('Asset') AS name;
-- 63 characters kept, 64 shortened to 52 + marker
SELECT name, length(name)
  FROM (VALUES (msm.bounded_identifier('ix', repeat('x', 59))),
               (msm.bounded_identifier('ix', repeat('x', 60)))) t(name);
-- the head is right-stripped of '_' before the marker
SELECT name, length(name)
  FROM (VALUES (msm.bounded_identifier('fk', repeat('y', 46), 'more_columns_here', 'id'))) t(name);
-- long constraint name
SELECT name, length(name)
  FROM (VALUES (msm.bounded_identifier('fk', 'ms_markets__pricingmarketdatase_8e51a0e80f__insequence_examples',
                                       'curve_uid', 'ms_markets__curve__mainsequence_examples', 'uid'))) t(name);
-- the VARIADIC array form
SELECT msm.bounded_identifier(VARIADIC ARRAY['ck', 'ms_markets__asset', 'ticker']) AS name;
-- errors: no parts, NULL array, NULL / empty / punctuation-only part
SELECT msm.bounded_identifier(VARIADIC ARRAY[]::text[]);
SELECT msm.bounded_identifier(VARIADIC NULL::text[]);
SELECT msm.bounded_identifier('fk', NULL, 'uid');
SELECT msm.bounded_identifier('fk', '  ');
SELECT msm.bounded_identifier('fk', '__');

--
-- metatable_identifier
--
SELECT msm.metatable_identifier('Asset') AS default_ns,
       msm.metatable_identifier('Asset', NULL) AS null_ns,
       msm.metatable_identifier('Asset', '  ') AS blank_ns,
       msm.metatable_identifier('Asset', 'mainsequence.markets') AS explicit_default;
SELECT msm.metatable_identifier('MyAssetDetails', 'com.my_company.markets') AS other_ns;
SELECT msm.metatable_identifier('com.my_company.markets.MyAssetDetails',
                                'com.my_company.markets') AS already_qualified;
-- a prefix that is not followed by '.' does not count as qualified
SELECT msm.metatable_identifier('com.my_company.marketsX.Foo',
                                'com.my_company.markets') AS not_qualified;
-- inputs are trimmed; the base keeps its case and characters
SELECT msm.metatable_identifier('  Société Asset  ', E' com.acme \t') AS trimmed_qualified_identifier;
SELECT msm.metatable_identifier('asset"; drop table x; --', 'com.acme') AS injection;
-- errors
SELECT msm.metatable_identifier('');
SELECT msm.metatable_identifier(NULL, 'com.acme');

--
-- PUBLIC may execute the naming functions
--
CREATE ROLE regress_msm_names_user;
SET ROLE regress_msm_names_user;
SELECT msm.physical_table_name('ms_markets', 'Asset'),
       msm.bounded_identifier('pk', 'ms_markets__asset'),
       msm.metatable_identifier('Asset', 'com.acme');
RESET ROLE;
DROP ROLE regress_msm_names_user;
