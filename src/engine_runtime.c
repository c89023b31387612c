/*-------------------------------------------------------------------------
 *
 * engine_runtime.c
 *	  The runtime start_engine builds (doc/runtime.md, "Result and
 *	  handles"): the resolved models copied into a memory context of their
 *	  own under TopMemoryContext, and the answer document.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "engine.h"
#include "model_index.h"
#include "msm.h"
#include "rows_settings.h"
#include "spi_json.h"

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
		MsmModel   *m = &rt->models[i];
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
Jsonb *
msm_runtime_copy_document(const Jsonb *src)
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

/* a deep copy of src in cxt, without its edges and row cache */
static void
copy_model(MemoryContext cxt, MsmModel *dst, const MsmModel *src)
{
	memset(dst, 0, sizeof(MsmModel));
	dst->model_name = cxt_strdup(cxt, src->model_name);
	dst->class_name = cxt_strdup(cxt, src->class_name);
	dst->identifier = cxt_strdup(cxt, src->identifier);
	dst->physical_schema = cxt_strdup(cxt, src->physical_schema);
	dst->table_name = cxt_strdup(cxt, src->table_name);
	dst->relid = src->relid;
	dst->is_time_index = src->is_time_index;
	dst->is_builtin = src->is_builtin;
	dst->builtin_position = src->builtin_position;
	dst->n_upsert_keys = src->n_upsert_keys;
	dst->upsert_keys = MemoryContextAlloc(cxt, sizeof(char *) * Max(src->n_upsert_keys, 1));
	for (int k = 0; k < src->n_upsert_keys; k++)
		dst->upsert_keys[k] = cxt_strdup(cxt, src->upsert_keys[k]);
	dst->time_index_column = cxt_strdup(cxt, src->time_index_column);
	dst->meta_table_uid = cxt_strdup(cxt, src->meta_table_uid);
	dst->data_source_uid = cxt_strdup(cxt, src->data_source_uid);
}

/* the runtime of one call over the resolved, registered models */
MsmRuntime *
msm_runtime_build(const MsmEngineCall *call, const MsmModel *models, int n)
{
	MemoryContext cxt = AllocSetContextCreate(TopMemoryContext, "msm runtime",
											  ALLOCSET_SMALL_SIZES);
	MsmRuntime *rt = MemoryContextAllocZero(cxt, sizeof(MsmRuntime));
	cJSON	   *doc;

	rt->cxt = cxt;
	rt->management_mode = cxt_strdup(cxt, call->mode);
	rt->namespace = cxt_strdup(cxt, call->ns);
	rt->n_requested = call->nreq;
	if (call->req != NULL)
	{
		rt->requested = MemoryContextAlloc(cxt, sizeof(char *) * Max(call->nreq, 1));
		for (int i = 0; i < call->nreq; i++)
			rt->requested[i] = cxt_strdup(cxt, call->req[i]);
	}
	rt->timeout_given = call->timeout_given;
	rt->timeout_ms = call->timeout_ms;
	rt->max_rows = msm_default_max_rows;
	rt->statement_timeout_ms = msm_default_statement_timeout_ms;
	rt->n_models = n;
	rt->models = MemoryContextAllocZero(cxt, sizeof(MsmModel) * Max(n, 1));
	for (int i = 0; i < n; i++)
		copy_model(cxt, &rt->models[i], &models[i]);
	rt->by_selector = msm_model_index_build(rt->models, rt->n_models, cxt);

	doc = runtime_document(rt, false);
	rt->document = jsonb_copy_in(cxt, doc);
	cJSON_Delete(doc);
	doc = runtime_document(rt, true);
	rt->cached_document = jsonb_copy_in(cxt, doc);
	cJSON_Delete(doc);
	return rt;
}

MsmModel *
msm_runtime_find(MsmRuntime *rt, const char *selector)
{
	int			i = msm_model_index_find(rt->by_selector, selector);

	return i >= 0 ? &rt->models[i] : NULL;
}
