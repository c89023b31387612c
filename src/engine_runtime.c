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

#include "common/hashfn.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "engine.h"
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

/* msm_runtime_find's table: the key is a selector string of the runtime */
typedef struct SelectorEntry
{
	const char *selector;		/* the key: points into a model */
	int			index;			/* the first model it names */
} SelectorEntry;

static uint32
selector_hash(const void *key, Size keysize)
{
	const char *s = *(const char *const *) key;

	return hash_bytes((const unsigned char *) s, (int) strlen(s));
}

static int
selector_compare(const void *key1, const void *key2, Size keysize)
{
	return strcmp(*(const char *const *) key1, *(const char *const *) key2);
}

/*
 * Each selector maps to the first model of the runtime it names, as the
 * scan msm_model_matches would make (doc/runtime.md, "Selectors").
 */
static HTAB *
selector_table(MsmRuntime *rt)
{
	HASHCTL		ctl;
	HTAB	   *h;

	ctl.keysize = sizeof(const char *);
	ctl.entrysize = sizeof(SelectorEntry);
	ctl.hash = selector_hash;
	ctl.match = selector_compare;
	ctl.hcxt = rt->cxt;
	h = hash_create("msm runtime selectors", Max(rt->n_models * 5, 8), &ctl,
					HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	for (int i = 0; i < rt->n_models; i++)
	{
		MsmModel   *m = &rt->models[i];
		const char *keys[5];

		keys[0] = m->model_name;
		keys[1] = m->class_name;
		keys[2] = m->identifier;
		keys[3] = msm_model_last_segment(m);
		keys[4] = m->table_name;
		for (int k = 0; k < 5; k++)
		{
			bool		found;
			SelectorEntry *e = hash_search(h, &keys[k], HASH_ENTER, &found);

			if (!found)
				e->index = i;
		}
	}
	return h;
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
	rt->by_selector = selector_table(rt);

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
	SelectorEntry *e = hash_search(rt->by_selector, &selector, HASH_FIND, NULL);

	return e ? &rt->models[e->index] : NULL;
}
