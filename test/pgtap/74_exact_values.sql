-- Exact values in compiled-sql.v1 envelopes (doc/rows.md, "compiled-sql.v1"): integers are
-- JSON integers with all their digits, numerics their exact decimal text (a JSON string, as
-- the SDK sends a Python Decimal), floats their shortest exact text whatever
-- extra_float_digits says; and local get returns the stored values exactly.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS msm;
SET msm.log_events = off;
SELECT msm.migrate_upgrade() IS NOT NULL AS migrated \gset
BEGIN;
SELECT plan(15);

CREATE TABLE public.my_project_markets__exactrow (
    k text PRIMARY KEY, big bigint, small smallint, amount numeric(38,18), ratio float8, r4 real);
COMMENT ON TABLE public.my_project_markets__exactrow IS 'Rows of exact values for the envelope checks.';
COMMENT ON COLUMN public.my_project_markets__exactrow.k IS 'Key of the row.';
COMMENT ON COLUMN public.my_project_markets__exactrow.big IS 'A bigint beyond two to the fifty-third.';
COMMENT ON COLUMN public.my_project_markets__exactrow.small IS 'A smallint value.';
COMMENT ON COLUMN public.my_project_markets__exactrow.amount IS 'A numeric with thirty-eight digits.';
COMMENT ON COLUMN public.my_project_markets__exactrow.ratio IS 'A double precision value.';
COMMENT ON COLUMN public.my_project_markets__exactrow.r4 IS 'A real value.';
SELECT msm.declare_model('public.my_project_markets__exactrow'::regclass, 'ExactRow', 'com.my_company.markets',
                         'my_project_markets', upsert_keys => ARRAY['k']) IS NOT NULL AS declared \gset
SELECT ok((msm.migrate_upgrade())->>'ok' = 'true', 'the test model is migrated');
SELECT ok(msm.start_engine(models => ARRAY['ExactRow']) IS NOT NULL, 'engine started');

CREATE TEMP TABLE p AS
SELECT msm.compile_upsert('ExactRow', '{"k": "a", "big": 9007199254740993, "small": "-7",
        "amount": 12345678901234567890.123456789012345678, "ratio": 0.1, "r4": 0.1}')->'statement'->'parameters' AS j;

SELECT is(jsonb_typeof((SELECT j->'big' FROM p)), 'number', 'a bigint is a JSON number');
SELECT is((SELECT (j->'big')::text FROM p), '9007199254740993', '... with all its digits');
SELECT is((SELECT (j->'small')::text FROM p), '-7', 'a smallint given as text is sent as the JSON integer');
SELECT is(jsonb_typeof((SELECT j->'amount' FROM p)), 'string', 'a numeric is a JSON string (a Python Decimal)');
SELECT is((SELECT j->>'amount' FROM p), '12345678901234567890.123456789012345678', '... with its exact decimal text');
SELECT is((SELECT (j->'ratio')::text FROM p), '0.1', 'a float8 is its shortest exact text');
SELECT is((SELECT (j->'r4')::text FROM p), '0.1', 'a real is its shortest exact text');

SET LOCAL extra_float_digits = 0;
SELECT is(msm.compile_upsert('ExactRow', '{"k": "a", "ratio": 0.30000000000000004}')
          ->'statement'->'parameters'->>'ratio', '0.30000000000000004',
          'extra_float_digits = 0 does not round a float in the envelope');
RESET extra_float_digits;

SELECT is(msm.compile_upsert('ExactRow', '{"k": "a", "amount": "1e3"}')->'statement'->'parameters'->>'amount',
          '1000.000000000000000000', 'a numeric is sent as the column type stores it');
SELECT is(msm.compile_upsert('ExactRow', '{"k": "a", "ratio": "NaN"}')->'statement'->'parameters'->'ratio',
          '"NaN"'::jsonb, 'a float that is not a number is sent as text');

SELECT lives_ok($$SELECT msm.upsert('ExactRow', '{"k": "a", "big": 9007199254740993,
        "amount": 12345678901234567890.123456789012345678}')$$, 'a local upsert of the exact values');
SELECT is((SELECT big::text || ' ' || amount::text FROM public.my_project_markets__exactrow WHERE k = 'a'),
          '9007199254740993 12345678901234567890.123456789012345678', 'the table holds the exact values');
SELECT is((SELECT (r->'big')::text || ' ' || (r->'amount')::text FROM msm.get('ExactRow', '{"k": "a"}') r),
          '9007199254740993 12345678901234567890.123456789012345678', 'local get returns the exact values');

SELECT * FROM finish();
ROLLBACK;
