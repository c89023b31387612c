-- test/integration/lib/msm010_catalogue.sql: run right after CREATE EXTENSION msm VERSION '0.1.0'
-- (before ALTER EXTENSION UPDATE): keeps the frozen 0.1.0 built-in catalogue for msm010_migrated.sql.
CREATE SCHEMA old010;
CREATE TABLE old010.bm AS SELECT * FROM msm.builtin_model;
CREATE TABLE old010.bc AS SELECT * FROM msm.builtin_column;
CREATE TABLE old010.bi AS SELECT * FROM msm.builtin_index;
CREATE TABLE old010.bf AS SELECT * FROM msm.builtin_fk;
CREATE TABLE old010.bk AS SELECT * FROM msm.builtin_check;
