-- sql/include/preamble.sql (\i from every sql/*.sql test): pg_regress runs
-- all tests in one database, so each starts with a fresh msm in an empty
-- public schema.
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS msm CASCADE;
DROP SCHEMA public CASCADE;
CREATE SCHEMA public;
CREATE EXTENSION msm;
RESET client_min_messages;
\set SHOW_CONTEXT never
