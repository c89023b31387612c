CREATE EXTENSION msm;
SELECT jsonb_pretty(msm.migrate_upgrade());
SELECT * FROM msm.catalog ORDER BY table_name;
