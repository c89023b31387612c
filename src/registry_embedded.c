/*-------------------------------------------------------------------------
 *
 * registry_embedded.c
 *	  The embedded MetaTable registry: rows live in msm.meta_table of this
 *	  database and uids are issued locally.  It answers with the same JSON
 *	  shapes as TS Manager (doc/tsmanager.md, "Wire calls") so callers
 *	  cannot tell the difference.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "deployment.h"
#include "registry.h"
#include "spi_json.h"

static const char *lookup_sql =
"SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) ORDER BY m.physical_table_name, m.created_at), '[]'::pg_catalog.jsonb)"
"  FROM msm.meta_table m"
" WHERE m.resource_type OPERATOR(pg_catalog.=) $1"
"   AND m.data_source_uid OPERATOR(pg_catalog.=) $2::pg_catalog.uuid"
"   AND m.physical_table_name OPERATOR(pg_catalog.=) ANY ($3::pg_catalog.name[])"
"   AND ($4::pg_catalog.text IS NULL OR m.management_mode OPERATOR(pg_catalog.=) $4)";

/* migration lookup: this data source, the given schemas and table names */
static const char *find_sql =
"SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(m) ORDER BY m.physical_table_name, m.created_at), '[]'::pg_catalog.jsonb)"
"  FROM msm.meta_table m"
" WHERE m.resource_type OPERATOR(pg_catalog.=) $1"
"   AND m.data_source_uid OPERATOR(pg_catalog.=) $2::pg_catalog.uuid"
"   AND m.physical_schema OPERATOR(pg_catalog.=) ANY ($3::pg_catalog.name[])"
"   AND m.physical_table_name OPERATOR(pg_catalog.=) ANY ($4::pg_catalog.name[])";

static const char *reserve_sql =
"WITH input AS ("
"  SELECT r.*, o.ord"
"    FROM pg_catalog.jsonb_array_elements($2) WITH ORDINALITY AS o(doc, ord),"
"         LATERAL pg_catalog.jsonb_populate_record(NULL::msm.meta_table, o.doc) AS r"
"), ins AS ("
"  INSERT INTO msm.meta_table (resource_type, data_source_uid, identifier, namespace,"
"         description, labels, management_mode, provisioning_status, is_alembic_managed,"
"         migration_package, migration_namespace, migration_provider_key,"
"         alembic_version_meta_table_uid, physical_schema, physical_table_name,"
"         table_contract, time_index_name, cadence, partition_strategy)"
"  SELECT $1, i.data_source_uid, i.identifier, i.namespace, i.description,"
"         coalesce(i.labels, '[]'), coalesce(i.management_mode, 'platform_managed'),"
"         coalesce(i.provisioning_status, 'reserved'), coalesce(i.is_alembic_managed, true),"
"         i.migration_package, i.migration_namespace, i.migration_provider_key,"
"         i.alembic_version_meta_table_uid, i.physical_schema, i.physical_table_name,"
"         i.table_contract, i.time_index_name, i.cadence, i.partition_strategy"
"    FROM input i ORDER BY i.ord"
"  ON CONFLICT (data_source_uid, physical_schema, physical_table_name) DO NOTHING"
"  RETURNING *"
")"
"SELECT coalesce(pg_catalog.jsonb_agg(coalesce(pg_catalog.to_jsonb(n), pg_catalog.to_jsonb(m)) ORDER BY i.ord), '[]'::pg_catalog.jsonb)"
"  FROM input i"
"  LEFT JOIN ins n ON n.data_source_uid OPERATOR(pg_catalog.=) i.data_source_uid"
"        AND n.physical_schema OPERATOR(pg_catalog.=) i.physical_schema"
"        AND n.physical_table_name OPERATOR(pg_catalog.=) i.physical_table_name"
"  LEFT JOIN msm.meta_table m ON m.data_source_uid OPERATOR(pg_catalog.=) i.data_source_uid"
"        AND m.physical_schema OPERATOR(pg_catalog.=) i.physical_schema"
"        AND m.physical_table_name OPERATOR(pg_catalog.=) i.physical_table_name";

static const char *finalize_sql =
"WITH req AS ("
"  SELECT u::pg_catalog.uuid AS uid, o AS ord"
"    FROM pg_catalog.jsonb_array_elements_text($1 OPERATOR(pg_catalog.->) 'meta_table_uids') WITH ORDINALITY AS t(u, o)"
"), chk AS ("
"  SELECT req.uid, req.ord, m.uid IS NOT NULL AS known, m.physical_table_name,"
"         m.provisioning_status AS old_status,"
"         pg_catalog.to_regclass(pg_catalog.format('%I.%I', m.physical_schema, m.physical_table_name)) AS rel"
"    FROM req LEFT JOIN msm.meta_table m ON m.uid OPERATOR(pg_catalog.=) req.uid"
"), upd AS ("
"  UPDATE msm.meta_table m"
"     SET provisioning_status = 'active',"
"         migration_package = coalesce($1 OPERATOR(pg_catalog.->>) 'migration_package', m.migration_package),"
"         migration_namespace = coalesce($1 OPERATOR(pg_catalog.->>) 'migration_namespace', m.migration_namespace),"
"         migration_provider_key = coalesce($1 OPERATOR(pg_catalog.->>) 'migration_provider_key', m.migration_provider_key),"
"         alembic_version_meta_table_uid = CASE WHEN m.uid OPERATOR(pg_catalog.=) ($1 OPERATOR(pg_catalog.->>) 'alembic_version_meta_table_uid')::pg_catalog.uuid"
"                                               THEN NULL"  /* the root is no child of itself */
"                                               ELSE coalesce(($1 OPERATOR(pg_catalog.->>) 'alembic_version_meta_table_uid')::pg_catalog.uuid,"
"                                                             m.alembic_version_meta_table_uid) END,"
"         alembic_revision = coalesce($1 OPERATOR(pg_catalog.->>) 'alembic_revision', m.alembic_revision),"
"         table_contract = msm.table_contract(chk.rel),"
"         updated_at = pg_catalog.now()"
"    FROM chk"
"   WHERE chk.uid OPERATOR(pg_catalog.=) m.uid AND chk.rel IS NOT NULL"
"  RETURNING m.uid"
")"
"SELECT pg_catalog.jsonb_build_object("
"         'ok', coalesce(pg_catalog.bool_and(rel IS NOT NULL), true),"
"         'finalized_count', pg_catalog.count(*) FILTER (WHERE rel IS NOT NULL),"
"         'active_count', pg_catalog.count(*) FILTER (WHERE rel IS NOT NULL),"
"         'reserved_count', pg_catalog.count(*) FILTER (WHERE known AND rel IS NULL AND old_status OPERATOR(pg_catalog.=) 'reserved'),"
"         'failed_count', pg_catalog.count(*) FILTER (WHERE rel IS NULL),"
"         'tables', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object("
"             'meta_table_uid', uid,"
"             'physical_table_name', physical_table_name,"
"             'provisioning_status', CASE WHEN rel IS NOT NULL THEN 'active' ELSE old_status END,"
"             'physical_table_exists', rel IS NOT NULL,"
"             'error', CASE WHEN NOT known THEN 'meta_table_not_found'"
"                           WHEN rel IS NULL THEN 'physical_table_missing' END)"
"           ORDER BY ord), '[]'::pg_catalog.jsonb))"
"  FROM chk"
" WHERE (SELECT pg_catalog.count(*) FROM upd) OPERATOR(pg_catalog.>=) 0";

static const char *register_sql =
"WITH req AS (SELECT $1::pg_catalog.jsonb AS r), ins AS ("
"  INSERT INTO msm.meta_table AS m (resource_type, data_source_uid, identifier, namespace,"
"         description, labels, management_mode, provisioning_status, is_alembic_managed,"
"         physical_schema, physical_table_name, table_contract, schema_management,"
"         time_index_name, cadence, partition_strategy)"
"  SELECT $2, (r OPERATOR(pg_catalog.->>) 'data_source_uid')::pg_catalog.uuid, r OPERATOR(pg_catalog.->>) 'identifier', r OPERATOR(pg_catalog.->>) 'namespace',"
"         r OPERATOR(pg_catalog.->>) 'description', coalesce(r OPERATOR(pg_catalog.->) 'labels', '[]'),"
"         coalesce(r OPERATOR(pg_catalog.->>) 'management_mode',"
"                  CASE WHEN $2 OPERATOR(pg_catalog.=) 'time_index' THEN 'platform_managed' ELSE 'external_registered' END),"
"         'active', false,"
"         r OPERATOR(pg_catalog.->>) 'physical_schema',"
"         coalesce(r OPERATOR(pg_catalog.->>) 'physical_table_name', r OPERATOR(pg_catalog.#>>) '{table_contract,physical,table_name}'),"
"         r OPERATOR(pg_catalog.->) 'table_contract', r OPERATOR(pg_catalog.#>>) '{schema_management,mode}',"
"         r OPERATOR(pg_catalog.->>) 'time_index_name', r OPERATOR(pg_catalog.->>) 'cadence',"
"         r OPERATOR(pg_catalog.->>) 'partition_strategy'"
"    FROM req"
"  ON CONFLICT (data_source_uid, physical_schema, physical_table_name) DO UPDATE"
"     SET identifier = EXCLUDED.identifier, namespace = EXCLUDED.namespace,"
"         description = EXCLUDED.description, table_contract = EXCLUDED.table_contract,"
"         schema_management = EXCLUDED.schema_management,"
"         provisioning_status = 'active', updated_at = pg_catalog.now()"
"   WHERE m.management_mode OPERATOR(pg_catalog.=) EXCLUDED.management_mode"
"  RETURNING m.*"
")"
"SELECT pg_catalog.to_jsonb(ins) FROM ins";

/* SPI_connect, or an error saying why not */
static void
connect_spi(void)
{
	int			rc = SPI_connect();

	if (rc != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
}

/*
 * Run one of the queries above (one jsonb value) in its own SPI connection;
 * the parsed answer is allocated in the caller's memory context.
 */
static cJSON *
run_json_query(const char *sql, int nargs, Oid *types, Datum *values,
			   const char *nulls, bool read_only)
{
	MemoryContext outer = CurrentMemoryContext;
	cJSON	   *result;

	connect_spi();
	result = msm_spi_json(outer, sql, nargs, types, values, nulls, read_only);
	SPI_finish();
	return result;
}

static Datum
names_to_array(List *names)
{
	int			n = list_length(names);
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
	int			i = 0;
	ListCell   *lc;

	foreach(lc, names)
		elems[i++] = CStringGetTextDatum((char *) lfirst(lc));
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
}

static cJSON *
embedded_lookup(MsmResourceType type, List *names, List *schemas, const char *management_mode)
{
	char	   *ds_uid = msm_current_data_source_uid();
	Oid			types[4] = {TEXTOID, TEXTOID, TEXTARRAYOID, TEXTOID};
	Datum		values[4];
	char		nulls[4] = {' ', ' ', ' ', ' '};

	values[0] = CStringGetTextDatum(msm_resource_type_name(type));
	values[1] = CStringGetTextDatum(ds_uid);
	values[2] = names_to_array(names);
	if (management_mode != NULL)
		values[3] = CStringGetTextDatum(management_mode);
	else
		nulls[3] = 'n';

	return run_json_query(lookup_sql, 4, types, values, nulls, true);
}

static cJSON *
embedded_find(MsmResourceType type, List *names, List *schemas)
{
	Oid			types[4] = {TEXTOID, TEXTOID, TEXTARRAYOID, TEXTARRAYOID};
	Datum		values[4];

	values[0] = CStringGetTextDatum(msm_resource_type_name(type));
	values[1] = CStringGetTextDatum(msm_current_data_source_uid());
	values[2] = names_to_array(schemas);
	values[3] = names_to_array(names);
	return run_json_query(find_sql, 4, types, values, NULL, true);
}

static cJSON *
embedded_reserve(MsmResourceType type, cJSON *rows)
{
	Oid			types[2] = {TEXTOID, JSONBOID};
	Datum		values[2];

	values[0] = CStringGetTextDatum(msm_resource_type_name(type));
	values[1] = msm_cjson_to_jsonb(rows);
	return run_json_query(reserve_sql, 2, types, values, NULL, false);
}

static cJSON *
embedded_finalize(cJSON *request)
{
	Oid			types[1] = {JSONBOID};
	Datum		values[1] = {msm_cjson_to_jsonb(request)};

	return run_json_query(finalize_sql, 1, types, values, NULL, false);
}

static cJSON *
embedded_register(MsmResourceType type, cJSON *request)
{
	MemoryContext outer = CurrentMemoryContext;
	Oid			types[2] = {JSONBOID, TEXTOID};
	Datum		values[2];
	cJSON	   *result;
	int			rc;

	values[0] = msm_cjson_to_jsonb(request);
	values[1] = CStringGetTextDatum(msm_resource_type_name(type));
	connect_spi();
	rc = SPI_execute_with_args(register_sql, 2, types, values, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "msm: registry register query failed: %d", rc);
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNIQUE_VIOLATION),
				 errmsg("table \"%s\" is already registered with another management mode",
						msm_json_string(request, "identifier") ? msm_json_string(request, "identifier") : "?"),
				 errdetail("An external_registered registration cannot take over a platform_managed MetaTable."),
				 errhint("Use msm.migrate_upgrade() for platform-managed tables.")));
	{
		char	   *text = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
		MemoryContext old = MemoryContextSwitchTo(outer);

		result = cJSON_Parse(text);
		MemoryContextSwitchTo(old);
	}
	SPI_finish();
	return result;
}

static const MsmRegistryBackend embedded_backend = {
	"embedded",
	embedded_lookup,
	embedded_find,
	embedded_reserve,
	embedded_finalize,
	embedded_register
};

void
msm_registry_embedded_register(void)
{
	msm_registry_add_backend(MSM_REGISTRY_EMBEDDED, &embedded_backend);
}
