-- Harness self-test: pgTAP is installed and its output is counted.
CREATE EXTENSION IF NOT EXISTS pgtap;
SELECT plan(1);
SELECT is((SELECT 1), 1, 'SELECT 1 returns 1');
SELECT * FROM finish();
