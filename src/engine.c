/*-------------------------------------------------------------------------
 *
 * engine.c
 *	  msm.start_engine(): runtime attachment (doc/runtime.md), step by step.
 *
 * start_engine is direct and read-only: it reads the model inventory and
 * the PostgreSQL catalog through SPI (read-only), verifies tables and
 * descriptions, expands foreign-key dependencies, makes at most one
 * registry lookup per resource type and binds the result in the session.
 * It never writes, so it works in READ ONLY transactions and on standbys.
 * engine.h lists the files of the steps.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"

#include "deployment.h"
#include "engine.h"
#include "registry.h"
#include "version.h"

PG_FUNCTION_INFO_V1(msm_start_engine);

/* the arguments of msm.start_engine(), validated */
static void
read_call(FunctionCallInfo fcinfo, MsmEngineCall *call)
{
	call->mode = "platform_managed";
	call->req = NULL;
	call->nreq = 0;
	call->timeout_given = !PG_ARGISNULL(3);
	call->timeout_ms = call->timeout_given ? PG_GETARG_INT32(3) : 0;

	if (!PG_ARGISNULL(0))
	{
		call->mode = text_to_cstring(PG_GETARG_TEXT_PP(0));
		if (strcmp(call->mode, "platform_managed") != 0 &&
			strcmp(call->mode, "external_registered") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid management_mode \"%.100s\"", call->mode),
					 errdetail("A runtime attaches either the platform-managed tables or the externally registered ones."),
					 errhint("Use 'platform_managed' (the default) or 'external_registered'.")));
	}
	if (!PG_ARGISNULL(1))
	{
		call->req = msm_engine_text_array(PG_GETARG_ARRAYTYPE_P(1), &call->nreq, "models");
		if (call->nreq == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("models must not be empty"),
					 errdetail("An empty array selects no model, so there would be nothing to attach."),
					 errhint("Pass NULL for all built-in models, or name at least one model.")));
	}
	if (call->timeout_given && call->timeout_ms <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("timeout_ms must be positive"),
				 errdetail("timeout_ms is %d.", call->timeout_ms),
				 errhint("Pass NULL for the default or a number of milliseconds.")));
	call->ns = msm_resolve_namespace(PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2)));
}

static void
log_starting(const MsmEngineCall *call)
{
	cJSON	   *d;

	if (!msm_engine_event_wanted(false))
		return;
	d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "management_mode", call->mode);
	if (call->ns[0])
		cJSON_AddStringToObject(d, "namespace", call->ns);
	else
		cJSON_AddNullToObject(d, "namespace");
	cJSON_AddNumberToObject(d, "requested_model_count",
							call->req != NULL ? call->nreq : MSM_BUILTIN_COUNT);
	if (call->timeout_given)
		cJSON_AddNumberToObject(d, "timeout_ms", call->timeout_ms);
	else
		cJSON_AddNullToObject(d, "timeout_ms");
	msm_engine_log_event("starting attachment", d);
}

static void
log_resolved(const MsmModel *models, int n)
{
	cJSON	   *d;
	cJSON	   *names;

	if (!msm_engine_event_wanted(false))
		return;
	d = cJSON_CreateObject();
	names = cJSON_AddArrayToObject(d, "models");

	cJSON_AddNumberToObject(d, "model_count", n);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(names, cJSON_CreateString(models[i].model_name));
	msm_engine_log_event("resolved models", d);
}

/* resolve, check, look up and build: the runtime of a new call */
static MsmRuntime *
attach(const MsmEngineCall *call)
{
	MemoryContext outer = CurrentMemoryContext;
	MsmModel   *models;
	int			n;
	MsmRuntime *rt;

	/* attachment reads SQL objects of this library's release */
	msm_require_extension_version();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "msm: SPI_connect failed");
	models = msm_engine_resolve(call->ns, call->req, call->nreq, &n);
	log_resolved(models, n);
	msm_engine_check_tables(models, n);

	MemoryContextSwitchTo(outer);
	msm_registry_set_timeout(call->timeout_given ? call->timeout_ms : 0);
	msm_engine_lookup_uids(models, n, call->mode);
	msm_registry_set_timeout(0);

	rt = msm_runtime_build(call, models, n);
	SPI_finish();
	return rt;
}

/*
 * msm.start_engine(management_mode text, models text[], namespace text,
 *					timeout_ms integer) RETURNS jsonb
 */
Datum
msm_start_engine(PG_FUNCTION_ARGS)
{
	MsmEngineCall call;
	Jsonb	   *cached;
	MsmRuntime *rt;

	read_call(fcinfo, &call);
	cached = msm_session_cached_answer(&call);
	if (cached != NULL)
		PG_RETURN_JSONB_P(cached);

	log_starting(&call);
	rt = attach(&call);
	msm_session_bind(rt);
	{
		cJSON	   *d = cJSON_CreateObject();

		cJSON_AddNumberToObject(d, "meta_table_count", rt->n_models);
		msm_engine_log_event("runtime created", d);
	}
	PG_RETURN_JSONB_P(msm_runtime_copy_document(rt->document));
}
