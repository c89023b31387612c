/*-------------------------------------------------------------------------
 *
 * engine_lookup.c
 *	  The registry lookups of attachment (doc/runtime.md, "Lookups"): at
 *	  most one per resource type, keyed by physical table name, matched
 *	  back to the models; every model without an active row is an error.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/hsearch.h"

#include "deployment.h"
#include "engine.h"
#include "registry.h"
#include "spi_json.h"

/*
 * bind one row of a lookup answer to its model, or error.  A row of another
 * data source or physical schema is never this database's: it is not bound
 * (doc/tsmanager.md, "Tenancy").
 */
typedef struct TableEntry
{
	char		table_name[NAMEDATALEN];	/* the key */
	int			index;			/* the last model of the type with it */
} TableEntry;

/*
 * The models of one resource type by physical table name, so that binding
 * each answer row is one probe, not a scan of the models (doc/benchmarks.md,
 * "Growth with the number of models"); NULL for a few models, which are
 * scanned.
 */
#define TABLE_INDEX_MIN 16

static HTAB *
table_index(MsmModel *models, int n, MsmResourceType type)
{
	HASHCTL		ctl;
	HTAB	   *h;

	if (n < TABLE_INDEX_MIN)
		return NULL;
	ctl.keysize = NAMEDATALEN;
	ctl.entrysize = sizeof(TableEntry);
	ctl.hcxt = CurrentMemoryContext;
	h = hash_create("msm lookup tables", n, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	for (int i = 0; i < n; i++)
		if (models[i].is_time_index == (type == MSM_RESOURCE_TIME_INDEX) &&
			strlen(models[i].table_name) < NAMEDATALEN)
		{
			TableEntry *e = hash_search(h, models[i].table_name, HASH_ENTER, NULL);

			e->index = i;
		}
	return h;
}

static void
bind_registry_row(MsmModel *models, int n, HTAB *index, MsmResourceType type, cJSON *row,
				  const char *data_source_uid)
{
	const char *name = msm_json_string(row, "physical_table_name");
	const char *row_ds = msm_json_string(row, "data_source_uid");
	const char *row_schema = msm_json_string(row, "physical_schema");
	int			hit = -1;

	if (index != NULL)
	{
		/* a longer name is no table name (hash keys compare 63 bytes) */
		TableEntry *e = name && strlen(name) < NAMEDATALEN
			? hash_search(index, name, HASH_FIND, NULL) : NULL;

		if (e != NULL)
			hit = e->index;
	}
	else
		for (int i = 0; i < n && name; i++)
			if (models[i].is_time_index == (type == MSM_RESOURCE_TIME_INDEX) &&
				strcmp(models[i].table_name, name) == 0)
				hit = i;
	if (hit < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("registry returned an unexpected physical_table_name \"%s\"",
						name ? name : "(null)"),
				 errdetail("The %s lookup asked only for the runtime's tables.",
						   msm_resource_type_name(type)),
				 errhint("Check the registry service; its filter ignored physical_table_name__in.")));
	if ((row_ds != NULL && pg_strcasecmp(row_ds, data_source_uid) != 0) ||
		(row_schema != NULL && strcmp(row_schema, models[hit].physical_schema) != 0))
		return;
	if (models[hit].meta_table_uid != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CARDINALITY_VIOLATION),
				 errmsg("multiple registered rows for physical table \"%s\"", name),
				 errdetail("MetaTable uids %s and %s both register it.",
						   models[hit].meta_table_uid[0] ? models[hit].meta_table_uid : "(inactive)",
						   msm_json_string(row, "uid") ? msm_json_string(row, "uid") : "(none)"),
				 errhint("An admin must remove the duplicate MetaTable registration.")));
	{
		const char *status = msm_json_string(row, "provisioning_status");
		const char *uid = msm_json_string(row, "uid");

		if (status != NULL && strcmp(status, "active") == 0 && uid != NULL)
		{
			const char *ds = msm_json_string(row, "data_source_uid");

			models[hit].meta_table_uid = pstrdup(uid);
			models[hit].data_source_uid = ds ? pstrdup(ds) : NULL;
		}
		else
			models[hit].meta_table_uid = "";		/* seen, but not active: missing */
	}
}

/* every model has an active registration; one error lists all others */
static void
require_all_registered(const MsmModel *models, int n, const char *mode)
{
	StringInfoData missing;
	int			nmissing = 0;

	initStringInfo(&missing);
	for (int i = 0; i < n; i++)
		if (models[i].meta_table_uid == NULL || models[i].meta_table_uid[0] == '\0')
		{
			appendStringInfo(&missing, "%s%s (model %s%s)", nmissing ? ", " : "",
							 models[i].table_name, models[i].model_name,
							 models[i].meta_table_uid ? ", not active" : "");
			nmissing++;
		}
	if (nmissing > 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg_plural("%d markets table has no active %s MetaTable registration",
							   "%d markets tables have no active %s MetaTable registration",
							   nmissing, nmissing, mode),
				 errdetail("Missing registrations: %s.", missing.data),
				 errhint("Migration finalization is missing: an admin runs SELECT msm.migrate_upgrade() "
						 "(or repairs the registry); start_engine never registers tables.  After a restore or a "
						 "clone, SELECT * FROM msm.diagnose() tells whether the data source identity changed.")));
}

void
msm_engine_lookup_uids(MsmModel *models, int n, const char *mode)
{
	cJSON	   *counts = cJSON_CreateObject();
	int			nmeta = 0;
	const char *ds = msm_current_data_source_uid();

	for (int i = 0; i < n; i++)
		if (!models[i].is_time_index)
			nmeta++;
	cJSON_AddNumberToObject(counts, "meta_table", nmeta);
	cJSON_AddNumberToObject(counts, "time_index", n - nmeta);
	msm_engine_log_event("resolving registered schemas", cJSON_Duplicate(counts, true));

	for (int t = 0; t < 2; t++)
	{
		MsmResourceType type = t == 0 ? MSM_RESOURCE_META_TABLE : MSM_RESOURCE_TIME_INDEX;
		List	   *names = NIL;
		List	   *schemas = NIL;
		cJSON	   *rows;
		cJSON	   *row;
		HTAB	   *index;

		for (int i = 0; i < n; i++)
			if (models[i].is_time_index == (type == MSM_RESOURCE_TIME_INDEX))
			{
				names = lappend(names, models[i].table_name);
				schemas = lappend(schemas, models[i].physical_schema);
			}
		if (names == NIL)
			continue;			/* no models of this type: no lookup */

		rows = msm_registry()->lookup(type, names, schemas,
									  type == MSM_RESOURCE_META_TABLE ? mode : NULL);
		if (!cJSON_IsArray(rows))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("registry lookup answer is not a list of rows"),
					 errdetail("The %s lookup returned a JSON %s.", msm_resource_type_name(type),
							   cJSON_IsObject(rows) ? "object" : "value that is not an array"),
					 errhint("Check the registry backend (msm.registry_backend()); with TS Manager, check its filter endpoints.")));

		index = table_index(models, n, type);
		cJSON_ArrayForEach(row, rows)
			bind_registry_row(models, n, index, type, row, ds);
		if (index != NULL)
			hash_destroy(index);
	}

	require_all_registered(models, n, mode);
	msm_engine_log_event("resolved registered schemas", counts);
}
