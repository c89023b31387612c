/*-------------------------------------------------------------------------
 *
 * engine.c
 *	  Runtime attachment (SPEC 6): msm.start_engine(), the session cache,
 *	  runtime handles and the runtime checks of the row API.
 *
 * start_engine is direct and read-only: it reads the model inventory and
 * the PostgreSQL catalog through SPI (read-only), verifies tables and
 * descriptions, expands foreign-key dependencies, makes at most one
 * registry lookup per resource type and binds the result in the session.
 * It never writes, so it works in READ ONLY transactions and on standbys.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include <cjson/cJSON.h>

#include "depgraph.h"
#include "deployment.h"
#include "msm.h"
#include "registry.h"
#include "runtime.h"
#include "spi_json.h"

PG_FUNCTION_INFO_V1(msm_start_engine);
PG_FUNCTION_INFO_V1(msm_stop_engine);
PG_FUNCTION_INFO_V1(msm_runtime_sql);
PG_FUNCTION_INFO_V1(msm_runtime_table_sql);
PG_FUNCTION_INFO_V1(msm_runtime_tables_sql);

#define MSM_BUILTIN_COUNT 39

static MsmRuntime *session_runtime = NULL;

/* one model of the namespace inventory, as read for attachment */
typedef struct CandidateModel
{
	char	   *model_name;
	char	   *class_name;
	char	   *identifier;
	char	   *last_segment;
	char	   *physical_schema;
	char	   *table_name;
	bool		is_time_index;
	bool		is_builtin;
	int			position;
	int			n_upsert_keys;
	char	  **upsert_keys;
	char	   *time_index_column;
	Oid			relid;
} CandidateModel;

static const char *models_sql =
"SELECT m.model_name, m.class_name, m.identifier, m.physical_schema::text, m.table_name::text,"
"       m.kind, m.is_builtin, m.position, m.upsert_keys, m.time_index_column,"
"       pg_catalog.to_regclass(pg_catalog.format('%I.%I', m.physical_schema, m.table_name))::oid"
"  FROM msm.models_of($1) m"
" WHERE NOT m.is_root"
" ORDER BY m.position";

static const char *descriptions_sql =
"SELECT c.relname::text, NULL::text"
"  FROM pg_catalog.pg_class c"
" WHERE c.oid OPERATOR(pg_catalog.=) ANY ($1)"
"   AND coalesce(pg_catalog.btrim(pg_catalog.obj_description(c.oid, 'pg_class')), '') = ''"
" UNION ALL "
"SELECT c.relname::text, a.attname::text"
"  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
" WHERE a.attrelid OPERATOR(pg_catalog.=) ANY ($1) AND a.attnum > 0 AND NOT a.attisdropped"
"   AND coalesce(pg_catalog.btrim(pg_catalog.col_description(a.attrelid, a.attnum)), '') = ''"
" ORDER BY 1, 2 NULLS FIRST";

/* ----------------------------------------------------------------------
 * structured log events (SPEC 6.7)
 * ---------------------------------------------------------------------- */
static void
log_event(const char *event, cJSON *detail)
{
	char	   *text;

	if (!msm_log_events)
	{
		cJSON_Delete(detail);
		return;
	}
	cJSON_AddStringToObject(detail, "event", event);
	text = cJSON_PrintUnformatted(detail);
	ereport(LOG,
			(errmsg("msm: %s", event),
			 errdetail_internal("%s", text),
			 errhidestmt(true)));
	pfree(text);
	cJSON_Delete(detail);
}

/* ----------------------------------------------------------------------
 * argument handling
 * ---------------------------------------------------------------------- */
static char **
text_array_to_cstrings(ArrayType *arr, int *n, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what)));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(char *) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL", what),
					 errdetail("Element %d is NULL.", i + 1),
					 errhint("Name each model, e.g. models => ARRAY['Asset'].")));
		out[i] = TextDatumGetCString(elems[i]);
		if (out[i][0] == '\0' || strlen(out[i]) > 255)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown markets MetaTable model \"%.255s\"", out[i]),
					 errdetail("Model selectors are 1 to 255 characters long."),
					 errhint("Name a model by model name, class name, identifier or physical table name.")));
	}
	return out;
}

static bool
same_call(MsmRuntime *rt, const char *mode, const char *ns, char **req,
		  int nreq, bool req_given, bool timeout_given, int timeout_ms)
{
	if (strcmp(rt->management_mode, mode) != 0 || strcmp(rt->namespace, ns) != 0)
		return false;
	if ((rt->requested != NULL) != req_given || rt->n_requested != nreq)
		return false;
	for (int i = 0; i < nreq; i++)
		if (strcmp(rt->requested[i], req[i]) != 0)
			return false;
	if (rt->timeout_given != timeout_given)
		return false;
	return !timeout_given || rt->timeout_ms == timeout_ms;
}

static char *
describe_call(const char *mode, const char *ns, char **req, int nreq,
			  bool req_given, bool timeout_given, int timeout_ms)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "management_mode %s, namespace %s, models ", mode,
					 ns[0] ? ns : "(none)");
	if (!req_given)
		appendStringInfoString(&buf, "NULL (all built-ins)");
	else
	{
		appendStringInfoChar(&buf, '[');
		for (int i = 0; i < nreq; i++)
			appendStringInfo(&buf, "%s%s", i ? ", " : "", req[i]);
		appendStringInfoChar(&buf, ']');
	}
	if (timeout_given)
		appendStringInfo(&buf, ", timeout_ms %d", timeout_ms);
	else
		appendStringInfoString(&buf, ", timeout_ms NULL");
	return buf.data;
}

/* ----------------------------------------------------------------------
 * model inventory
 * ---------------------------------------------------------------------- */
static CandidateModel *
load_candidates(const char *ns, int *n)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	CandidateModel *cands;

	values[0] = CStringGetTextDatum(ns);
	if (SPI_execute_with_args(models_sql, 1, argtypes, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read the model inventory");

	*n = (int) SPI_processed;
	cands = SPI_palloc(sizeof(CandidateModel) * Max(*n, 1));
	for (int r = 0; r < *n; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		CandidateModel *c = &cands[r];
		bool		isnull;
		Datum		d;
		char	   *dot;

		c->model_name = SPI_getvalue(tup, desc, 1);
		c->class_name = SPI_getvalue(tup, desc, 2);
		c->identifier = SPI_getvalue(tup, desc, 3);
		dot = strrchr(c->identifier, '.');
		c->last_segment = dot ? dot + 1 : c->identifier;
		c->physical_schema = SPI_getvalue(tup, desc, 4);
		c->table_name = SPI_getvalue(tup, desc, 5);
		c->is_time_index = strcmp(SPI_getvalue(tup, desc, 6), "time_index") == 0;
		c->is_builtin = DatumGetBool(SPI_getbinval(tup, desc, 7, &isnull));
		c->position = DatumGetInt32(SPI_getbinval(tup, desc, 8, &isnull));
		d = SPI_getbinval(tup, desc, 9, &isnull);
		{
			MemoryContext old = MemoryContextSwitchTo(SPI_tuptable->tuptabcxt);

			c->upsert_keys = text_array_to_cstrings(DatumGetArrayTypeP(d), &c->n_upsert_keys, "upsert_keys");
			MemoryContextSwitchTo(old);
		}
		c->time_index_column = SPI_getvalue(tup, desc, 10);
		d = SPI_getbinval(tup, desc, 11, &isnull);
		c->relid = isnull ? InvalidOid : DatumGetObjectId(d);
	}
	return cands;
}

static int
match_candidate(CandidateModel *cands, int n, const char *selector)
{
	for (int i = 0; i < n; i++)
	{
		CandidateModel *c = &cands[i];

		if (strcmp(c->model_name, selector) == 0 ||
			strcmp(c->class_name, selector) == 0 ||
			strcmp(c->identifier, selector) == 0 ||
			strcmp(c->last_segment, selector) == 0 ||
			strcmp(c->table_name, selector) == 0)
			return i;
	}
	return -1;
}

static void
unknown_model_error(const char *selector, const char *ns)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("unknown markets MetaTable model \"%s\"", selector),
			 errdetail("No model of deployment namespace %s has this model name, class name, identifier or physical table name.",
					   ns[0] ? ns : "(none)"),
			 errhint("SELECT model_name, identifier, table_name FROM msm.models_of(); lists the models.")));
}

/* resolve selectors, expand and order; returns candidate indexes */
static int *
resolve_models(CandidateModel *cands, int ncands, char **req, int nreq,
			   bool req_given, const char *ns, int *nresult)
{
	MsmDepModel *dep;
	int		   *requested;
	int			nrequested = 0;

	if (!req_given)
	{
		int		   *order = palloc(sizeof(int) * MSM_BUILTIN_COUNT);
		int			k = 0;

		for (int i = 0; i < ncands && k < MSM_BUILTIN_COUNT; i++)
			if (cands[i].is_builtin)
				order[k++] = i;
		*nresult = k;
		return order;
	}

	requested = palloc(sizeof(int) * Max(nreq, 1));
	for (int r = 0; r < nreq; r++)
	{
		int			mi = match_candidate(cands, ncands, req[r]);

		if (mi < 0)
			unknown_model_error(req[r], ns);
		requested[nrequested++] = mi;
	}

	dep = palloc0(sizeof(MsmDepModel) * Max(ncands, 1));
	for (int i = 0; i < ncands; i++)
	{
		dep[i].name = cands[i].model_name;
		dep[i].table_name = cands[i].table_name;
		dep[i].relid = cands[i].relid;
		dep[i].is_builtin = cands[i].is_builtin;
		dep[i].builtin_position = cands[i].position;
	}
	msm_depgraph_load_edges(dep, ncands);
	return msm_depgraph_order(dep, ncands, requested, nrequested, nresult);
}

/* SPEC 6.5: tables exist and carry descriptions; one error lists all */
static void
check_tables(CandidateModel *cands, const int *order, int n)
{
	StringInfoData missing;
	StringInfoData undescribed;
	int			nmissing = 0;
	int			nundescribed = 0;
	Datum	   *oids = palloc(sizeof(Datum) * Max(n, 1));
	int			noids = 0;

	initStringInfo(&missing);
	for (int i = 0; i < n; i++)
	{
		CandidateModel *c = &cands[order[i]];

		if (!OidIsValid(c->relid))
		{
			appendStringInfo(&missing, "%s%s.%s (model %s)", nmissing ? ", " : "",
							 c->physical_schema, c->table_name, c->model_name);
			nmissing++;
		}
		else
			oids[noids++] = ObjectIdGetDatum(c->relid);
	}
	if (nmissing > 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("%d markets table(s) do not exist", nmissing),
				 errdetail("Missing: %s.", missing.data),
				 errhint("An admin creates them with SELECT msm.migrate_upgrade(); start_engine never creates tables.")));

	if (!msm_validate_descriptions || noids == 0)
		return;

	{
		Oid			argtypes[1] = {OIDARRAYOID};
		Datum		values[1];

		values[0] = PointerGetDatum(construct_array(oids, noids, OIDOID, sizeof(Oid), true, TYPALIGN_INT));
		if (SPI_execute_with_args(descriptions_sql, 1, argtypes, values, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "msm: could not read table descriptions");
	}
	if (SPI_processed == 0)
		return;

	initStringInfo(&undescribed);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		char	   *rel = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
		char	   *col = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2);

		if (col == NULL)
			appendStringInfo(&undescribed, "%stable %s", nundescribed ? "; " : "", rel);
		else
			appendStringInfo(&undescribed, "%scolumn %s.%s", nundescribed ? "; " : "", rel, col);
		nundescribed++;
	}
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("%d markets table or column description(s) are missing", nundescribed),
			 errdetail("Without a description: %s.", undescribed.data),
			 errhint("Describe them with COMMENT ON TABLE / COMMENT ON COLUMN (row grain and business use), "
					 "or SET msm.validate_descriptions = off.")));
}

/* ----------------------------------------------------------------------
 * registry lookups (SPEC 6.4)
 * ---------------------------------------------------------------------- */
static void
lookup_uids(CandidateModel *cands, const int *order, int n, const char *mode,
			char **uids, char **ds_uids)
{
	StringInfoData missing;
	int			nmissing = 0;
	cJSON	   *counts = cJSON_CreateObject();
	int			nmeta = 0;

	for (int i = 0; i < n; i++)
		if (!cands[order[i]].is_time_index)
			nmeta++;
	cJSON_AddNumberToObject(counts, "meta_table", nmeta);
	cJSON_AddNumberToObject(counts, "time_index", n - nmeta);
	log_event("resolving registered schemas", cJSON_Duplicate(counts, true));

	for (int t = 0; t < 2; t++)
	{
		MsmResourceType type = t == 0 ? MSM_RESOURCE_META_TABLE : MSM_RESOURCE_TIME_INDEX;
		List	   *names = NIL;
		cJSON	   *rows;
		cJSON	   *row;

		for (int i = 0; i < n; i++)
			if (cands[order[i]].is_time_index == (type == MSM_RESOURCE_TIME_INDEX))
				names = lappend(names, cands[order[i]].table_name);
		if (names == NIL)
			continue;			/* no models of this type: no lookup */

		rows = msm_registry()->lookup(type, names,
									  type == MSM_RESOURCE_META_TABLE ? mode : NULL);
		if (!cJSON_IsArray(rows))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("registry lookup answer is not a list of rows")));

		cJSON_ArrayForEach(row, rows)
		{
			const char *name = msm_json_string(row, "physical_table_name");
			int			hit = -1;

			for (int i = 0; i < n && name; i++)
				if (cands[order[i]].is_time_index == (type == MSM_RESOURCE_TIME_INDEX) &&
					strcmp(cands[order[i]].table_name, name) == 0)
					hit = i;
			if (hit < 0)
				ereport(ERROR,
						(errcode(ERRCODE_DATA_EXCEPTION),
						 errmsg("registry returned an unexpected physical_table_name \"%s\"",
								name ? name : "(null)"),
						 errdetail("The %s lookup asked only for the runtime's tables.",
								   msm_resource_type_name(type)),
						 errhint("Check the registry service; its filter ignored physical_table_name__in.")));
			if (uids[hit] != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_CARDINALITY_VIOLATION),
						 errmsg("multiple registered rows for physical table \"%s\"", name),
						 errdetail("MetaTable uids %s and %s both register it.",
								   uids[hit][0] ? uids[hit] : "(inactive)",
								   msm_json_string(row, "uid") ? msm_json_string(row, "uid") : "(none)"),
						 errhint("An admin must remove the duplicate MetaTable registration.")));
			{
				const char *status = msm_json_string(row, "provisioning_status");
				const char *uid = msm_json_string(row, "uid");

				if (status != NULL && strcmp(status, "active") == 0 && uid != NULL)
				{
					const char *ds = msm_json_string(row, "data_source_uid");

					uids[hit] = pstrdup(uid);
					ds_uids[hit] = ds ? pstrdup(ds) : NULL;
				}
				else
					uids[hit] = "";		/* seen, but not active: missing */
			}
		}
	}

	initStringInfo(&missing);
	for (int i = 0; i < n; i++)
		if (uids[i] == NULL || uids[i][0] == '\0')
		{
			appendStringInfo(&missing, "%s%s (model %s%s)", nmissing ? ", " : "",
							 cands[order[i]].table_name, cands[order[i]].model_name,
							 uids[i] ? ", not active" : "");
			nmissing++;
		}
	if (nmissing > 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%d markets table(s) have no active %s MetaTable registration", nmissing, mode),
				 errdetail("Missing registrations: %s.", missing.data),
				 errhint("Migration finalization is missing: an admin runs SELECT msm.migrate_upgrade() "
						 "(or repairs the registry); start_engine never registers tables.")));

	log_event("resolved registered schemas", counts);
}

/* ----------------------------------------------------------------------
 * runtime construction
 * ---------------------------------------------------------------------- */
static cJSON *
runtime_document(MsmRuntime *rt, bool cached)
{
	cJSON	   *doc = cJSON_CreateObject();
	cJSON	   *tables = cJSON_AddArrayToObject(doc, "meta_tables");
	cJSON	   *names;

	cJSON_AddStringToObject(doc, "management_mode", rt->management_mode);
	if (rt->namespace[0])
		cJSON_AddStringToObject(doc, "namespace", rt->namespace);
	else
		cJSON_AddNullToObject(doc, "namespace");
	cJSON_AddBoolToObject(doc, "cached", cached);
	for (int i = 0; i < rt->n_models; i++)
	{
		MsmRuntimeModel *m = &rt->models[i];
		cJSON	   *t = cJSON_CreateObject();

		cJSON_AddStringToObject(t, "model", m->model_name);
		cJSON_AddStringToObject(t, "identifier", m->identifier);
		cJSON_AddStringToObject(t, "table_name", m->table_name);
		cJSON_AddStringToObject(t, "kind", m->is_time_index ? "time_index" : "meta_table");
		cJSON_AddStringToObject(t, "meta_table_uid", m->meta_table_uid);
		if (m->data_source_uid)
			cJSON_AddStringToObject(t, "data_source_uid", m->data_source_uid);
		else
			cJSON_AddNullToObject(t, "data_source_uid");
		cJSON_AddItemToArray(tables, t);
	}
	names = cJSON_AddArrayToObject(doc, "meta_table_models");
	for (int i = 0; i < rt->n_models; i++)
		cJSON_AddItemToArray(names, cJSON_CreateString(rt->models[i].model_name));
	return doc;
}

static Jsonb *
jsonb_copy_in(MemoryContext cxt, cJSON *doc)
{
	Datum		d = msm_cjson_to_jsonb(doc);
	Jsonb	   *src = DatumGetJsonbP(d);
	Jsonb	   *dst = MemoryContextAlloc(cxt, VARSIZE(src));

	memcpy(dst, src, VARSIZE(src));
	return dst;
}

/* results are copied out of the runtime: stop_engine may free it mid-query */
static Jsonb *
copy_jsonb(const Jsonb *src)
{
	Jsonb	   *dst = palloc(VARSIZE(src));

	memcpy(dst, src, VARSIZE(src));
	return dst;
}

static char *
cxt_strdup(MemoryContext cxt, const char *s)
{
	return s ? MemoryContextStrdup(cxt, s) : NULL;
}

static MsmRuntime *
build_runtime(const char *mode, const char *ns, char **req, int nreq,
			  bool req_given, bool timeout_given, int timeout_ms,
			  CandidateModel *cands, const int *order, int n,
			  char **uids, char **ds_uids)
{
	MemoryContext cxt = AllocSetContextCreate(TopMemoryContext, "msm runtime",
											  ALLOCSET_SMALL_SIZES);
	MsmRuntime *rt = MemoryContextAllocZero(cxt, sizeof(MsmRuntime));
	cJSON	   *doc;

	rt->cxt = cxt;
	rt->management_mode = cxt_strdup(cxt, mode);
	rt->namespace = cxt_strdup(cxt, ns);
	rt->n_requested = nreq;
	if (req_given)
	{
		rt->requested = MemoryContextAlloc(cxt, sizeof(char *) * Max(nreq, 1));
		for (int i = 0; i < nreq; i++)
			rt->requested[i] = cxt_strdup(cxt, req[i]);
	}
	rt->timeout_given = timeout_given;
	rt->timeout_ms = timeout_ms;
	rt->max_rows = msm_default_max_rows;
	rt->statement_timeout_ms = msm_default_statement_timeout_ms;
	rt->n_models = n;
	rt->models = MemoryContextAllocZero(cxt, sizeof(MsmRuntimeModel) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		CandidateModel *c = &cands[order[i]];
		MsmRuntimeModel *m = &rt->models[i];

		m->model_name = cxt_strdup(cxt, c->model_name);
		m->class_name = cxt_strdup(cxt, c->class_name);
		m->identifier = cxt_strdup(cxt, c->identifier);
		m->physical_schema = cxt_strdup(cxt, c->physical_schema);
		m->table_name = cxt_strdup(cxt, c->table_name);
		m->relid = c->relid;
		m->is_time_index = c->is_time_index;
		m->is_builtin = c->is_builtin;
		m->builtin_position = c->is_builtin ? c->position : 0;
		m->n_upsert_keys = c->n_upsert_keys;
		m->upsert_keys = MemoryContextAlloc(cxt, sizeof(char *) * Max(c->n_upsert_keys, 1));
		for (int k = 0; k < c->n_upsert_keys; k++)
			m->upsert_keys[k] = cxt_strdup(cxt, c->upsert_keys[k]);
		m->time_index_column = cxt_strdup(cxt, c->time_index_column);
		m->meta_table_uid = cxt_strdup(cxt, uids[i]);
		m->data_source_uid = cxt_strdup(cxt, ds_uids[i]);
	}

	doc = runtime_document(rt, false);
	rt->document = jsonb_copy_in(cxt, doc);
	cJSON_Delete(doc);
	doc = runtime_document(rt, true);
	rt->cached_document = jsonb_copy_in(cxt, doc);
	cJSON_Delete(doc);
	return rt;
}

/*
 * msm.start_engine(management_mode text, models text[], namespace text,
 *					timeout_ms integer) RETURNS jsonb
 */
Datum
msm_start_engine(PG_FUNCTION_ARGS)
{
	const char *mode = "platform_managed";
	char	   *ns;
	char	  **req = NULL;
	int			nreq = 0;
	bool		req_given = !PG_ARGISNULL(1);
	bool		timeout_given = !PG_ARGISNULL(3);
	int			timeout_ms = timeout_given ? PG_GETARG_INT32(3) : 0;
	CandidateModel *cands;
	int			ncands;
	int		   *order;
	int			n;
	char	  **uids;
	char	  **ds_uids;
	MemoryContext outer = CurrentMemoryContext;
	MsmRuntime *rt;

	if (!PG_ARGISNULL(0))
	{
		mode = text_to_cstring(PG_GETARG_TEXT_PP(0));
		if (strcmp(mode, "platform_managed") != 0 && strcmp(mode, "external_registered") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid management_mode \"%.100s\"", mode),
					 errhint("Use 'platform_managed' (the default) or 'external_registered'.")));
	}
	if (req_given)
	{
		req = text_array_to_cstrings(PG_GETARG_ARRAYTYPE_P(1), &nreq, "models");
		if (nreq == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("models must not be empty"),
					 errhint("Pass NULL for all built-in models, or name at least one model.")));
	}
	if (timeout_given && timeout_ms <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("timeout_ms must be positive"),
				 errdetail("timeout_ms is %d.", timeout_ms),
				 errhint("Pass NULL for the default or a number of milliseconds.")));
	ns = msm_resolve_namespace(PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2)));

	/* SPEC 6.1: the session cache */
	if (session_runtime != NULL)
	{
		if (same_call(session_runtime, mode, ns, req, nreq, req_given, timeout_given, timeout_ms))
		{
			if (msm_log_events)
			{
				cJSON	   *d = cJSON_CreateObject();

				cJSON_AddNumberToObject(d, "meta_table_count", session_runtime->n_models);
				log_event("reusing cached runtime", d);
			}
			PG_RETURN_JSONB_P(copy_jsonb(session_runtime->cached_document));
		}
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("a markets runtime with different arguments is already initialized in this session"),
				 errdetail("Initialized: %s. Requested: %s.",
						   describe_call(session_runtime->management_mode, session_runtime->namespace,
										 session_runtime->requested, session_runtime->n_requested,
										 session_runtime->requested != NULL, session_runtime->timeout_given,
										 session_runtime->timeout_ms),
						   describe_call(mode, ns, req, nreq, req_given, timeout_given, timeout_ms)),
				 errhint("Call msm.start_engine() with the same arguments, or SELECT msm.stop_engine() first.")));
	}

	{
		cJSON	   *d = cJSON_CreateObject();

		cJSON_AddStringToObject(d, "management_mode", mode);
		if (ns[0])
			cJSON_AddStringToObject(d, "namespace", ns);
		else
			cJSON_AddNullToObject(d, "namespace");
		cJSON_AddNumberToObject(d, "requested_model_count", req_given ? nreq : MSM_BUILTIN_COUNT);
		if (timeout_given)
			cJSON_AddNumberToObject(d, "timeout_ms", timeout_ms);
		else
			cJSON_AddNullToObject(d, "timeout_ms");
		log_event("starting attachment", d);
	}

	SPI_connect();
	cands = load_candidates(ns, &ncands);
	order = resolve_models(cands, ncands, req, nreq, req_given, ns, &n);
	{
		cJSON	   *d = cJSON_CreateObject();
		cJSON	   *names = cJSON_AddArrayToObject(d, "models");

		cJSON_AddNumberToObject(d, "model_count", n);
		for (int i = 0; i < n; i++)
			cJSON_AddItemToArray(names, cJSON_CreateString(cands[order[i]].model_name));
		log_event("resolved models", d);
	}
	check_tables(cands, order, n);
	uids = palloc0(sizeof(char *) * Max(n, 1));
	ds_uids = palloc0(sizeof(char *) * Max(n, 1));
	MemoryContextSwitchTo(outer);
	msm_registry_set_timeout(timeout_given ? timeout_ms : 0);
	lookup_uids(cands, order, n, mode, uids, ds_uids);
	msm_registry_set_timeout(0);

	rt = build_runtime(mode, ns, req, nreq, req_given, timeout_given, timeout_ms,
					   cands, order, n, uids, ds_uids);
	SPI_finish();

	session_runtime = rt;
	{
		cJSON	   *d = cJSON_CreateObject();

		cJSON_AddNumberToObject(d, "meta_table_count", rt->n_models);
		log_event("runtime created", d);
	}
	PG_RETURN_JSONB_P(copy_jsonb(rt->document));
}

/* msm.stop_engine() RETURNS boolean */
Datum
msm_stop_engine(PG_FUNCTION_ARGS)
{
	MsmRuntime *rt = session_runtime;

	if (rt == NULL)
		PG_RETURN_BOOL(false);
	session_runtime = NULL;
	MemoryContextDelete(rt->cxt);
	PG_RETURN_BOOL(true);
}

MsmRuntime *
msm_session_runtime(void)
{
	return session_runtime;
}

MsmRuntimeModel *
msm_runtime_find(MsmRuntime *rt, const char *selector)
{
	for (int i = 0; i < rt->n_models; i++)
	{
		MsmRuntimeModel *m = &rt->models[i];
		const char *dot;

		if (strcmp(m->model_name, selector) == 0 ||
			strcmp(m->table_name, selector) == 0 ||
			strcmp(m->class_name, selector) == 0 ||
			strcmp(m->identifier, selector) == 0)
			return m;
		dot = strrchr(m->identifier, '.');
		if (dot && strcmp(dot + 1, selector) == 0)
			return m;
	}
	return NULL;
}

static char *
quoted_list(char **items, int n)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < n; i++)
		appendStringInfo(&buf, "%s'%s'", i ? ", " : "", items[i]);
	return buf.data;
}

MsmRuntimeModel *
msm_runtime_require(const char *selector)
{
	MsmRuntime *rt = session_runtime;
	MsmRuntimeModel *m;

	if (rt == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the operation requires an initialized markets runtime for %s", selector),
				 errdetail("No msm.start_engine() call has run in this session."),
				 errhint("Run SELECT msm.start_engine(models => ARRAY['%s']) first.", selector)));

	m = msm_runtime_find(rt, selector);
	if (m != NULL)
		return m;

	/* slow path: name every missing model of the FK closure */
	{
		CandidateModel *cands;
		int			ncands;
		int		   *order;
		int			n;
		char	   *sel = pstrdup(selector);
		StringInfoData missing;
		StringInfoData present;
		char	  **wanted;
		int			nwanted = 0;
		int			nmissing = 0;

		SPI_connect();
		cands = load_candidates(rt->namespace, &ncands);
		if (match_candidate(cands, ncands, sel) < 0)
			unknown_model_error(sel, rt->namespace);
		order = resolve_models(cands, ncands, &sel, 1, true, rt->namespace, &n);

		initStringInfo(&missing);
		wanted = palloc(sizeof(char *) * (n + rt->n_models));
		for (int i = 0; i < rt->n_models; i++)
			wanted[nwanted++] = rt->models[i].model_name;
		for (int i = 0; i < n; i++)
		{
			CandidateModel *c = &cands[order[i]];

			if (msm_runtime_find(rt, c->table_name) == NULL)
			{
				appendStringInfo(&missing, "%s%s (table %s)", nmissing ? ", " : "",
								 c->model_name, c->table_name);
				wanted[nwanted++] = c->model_name;
				nmissing++;
			}
		}
		initStringInfo(&present);
		for (int i = 0; i < rt->n_models; i++)
			appendStringInfo(&present, "%s%s", i ? ", " : "", rt->models[i].table_name);

		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the markets runtime does not include %s", missing.data),
				 errdetail("The operation on %s needs %d model(s) the runtime lacks: %s. Initialized tables: %s.",
						   selector, nmissing, missing.data, present.len ? present.data : "(none)"),
				 errhint("Include them: SELECT msm.stop_engine(); SELECT msm.start_engine(models => ARRAY[%s]);",
						 quoted_list(wanted, nwanted))));
	}
	pg_unreachable();
}

/* ----------------------------------------------------------------------
 * handles (SPEC 6.6)
 * ---------------------------------------------------------------------- */

/* msm.runtime() RETURNS jsonb */
Datum
msm_runtime_sql(PG_FUNCTION_ARGS)
{
	if (session_runtime == NULL)
		PG_RETURN_NULL();
	PG_RETURN_JSONB_P(copy_jsonb(session_runtime->document));
}

static HeapTuple
handle_tuple(TupleDesc desc, MsmRuntime *rt, MsmRuntimeModel *m)
{
	Datum		values[14];
	bool		nulls[14] = {0};

	values[0] = CStringGetTextDatum(m->model_name);
	values[1] = CStringGetTextDatum(m->identifier);
	values[2] = CStringGetTextDatum(m->physical_schema);
	values[3] = CStringGetTextDatum(m->table_name);
	values[4] = ObjectIdGetDatum(m->relid);
	values[5] = DirectFunctionCall1(uuid_in, CStringGetDatum(m->meta_table_uid));
	if (m->data_source_uid)
		values[6] = DirectFunctionCall1(uuid_in, CStringGetDatum(m->data_source_uid));
	else
		nulls[6] = true;
	values[7] = CStringGetTextDatum(m->is_time_index ? "time_index" : "meta_table");
	if (rt->namespace[0])
		values[8] = CStringGetTextDatum(rt->namespace);
	else
		nulls[8] = true;
	values[9] = Int32GetDatum(rt->max_rows);
	values[10] = Int32GetDatum(rt->statement_timeout_ms);
	if (rt->timeout_given)
		values[11] = Int32GetDatum(rt->timeout_ms);
	else
		nulls[11] = true;
	values[12] = CStringGetTextDatum(rt->management_mode);
	{
		Datum	   *keys = palloc(sizeof(Datum) * Max(m->n_upsert_keys, 1));

		for (int k = 0; k < m->n_upsert_keys; k++)
			keys[k] = CStringGetTextDatum(m->upsert_keys[k]);
		values[13] = PointerGetDatum(construct_array(keys, m->n_upsert_keys, TEXTOID, -1, false, TYPALIGN_INT));
	}
	return heap_form_tuple(desc, values, nulls);
}

static MsmRuntime *
require_any_runtime(const char *what)
{
	if (session_runtime == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s requires an initialized markets runtime", what),
				 errhint("Run SELECT msm.start_engine(...) first.")));
	return session_runtime;
}

/* msm.runtime_table(selector text) RETURNS msm.runtime_handle */
Datum
msm_runtime_table_sql(PG_FUNCTION_ARGS)
{
	MsmRuntime *rt = require_any_runtime("msm.runtime_table()");
	TupleDesc	desc;
	char	   *selector;
	MsmRuntimeModel *m;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("selector is required"),
				 errhint("Name a model, e.g. msm.runtime_table('Asset').")));
	selector = text_to_cstring(PG_GETARG_TEXT_PP(0));
	m = msm_runtime_find(rt, selector);
	if (m == NULL)
		(void) msm_runtime_require(selector);	/* raises the guidance */
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "msm.runtime_table must return a composite type");
	desc = BlessTupleDesc(desc);
	PG_RETURN_DATUM(HeapTupleGetDatum(handle_tuple(desc, rt, m)));
}

/* msm.runtime_tables() RETURNS SETOF msm.runtime_handle */
Datum
msm_runtime_tables_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MsmRuntime *rt = session_runtime;

	InitMaterializedSRF(fcinfo, 0);
	if (rt == NULL)
		PG_RETURN_NULL();
	for (int i = 0; i < rt->n_models; i++)
	{
		HeapTuple	tup = handle_tuple(rsinfo->setDesc, rt, &rt->models[i]);

		tuplestore_puttuple(rsinfo->setResult, tup);
	}
	return (Datum) 0;
}
