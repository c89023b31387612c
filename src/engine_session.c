/*-------------------------------------------------------------------------
 *
 * engine_session.c
 *	  The session's runtime (doc/runtime.md, "Caching"): a repeated
 *	  start_engine call with the same arguments gets the cached answer, one
 *	  with other arguments an error; msm.stop_engine() drops the runtime.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/extension.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "engine.h"

PG_FUNCTION_INFO_V1(msm_stop_engine);

static MsmRuntime *session_runtime = NULL;

/* drop the session's runtime; its memory goes with the transaction */
static void
session_retire(void)
{
	MsmRuntime *rt = session_runtime;

	session_runtime = NULL;
	if (rt != NULL)
		MemoryContextSetParent(rt->cxt, TopTransactionContext);
}

/* the oid of msm.meta_table, or InvalidOid */
static Oid
meta_table_relid(void)
{
	Oid			nsp = get_namespace_oid("msm", true);

	return OidIsValid(nsp) ? get_relname_relid("meta_table", nsp) : InvalidOid;
}

/* after an invalidation: is the runtime still of this extension? */
static void
session_check_extension(MsmRuntime *rt)
{
	rt->suspect = false;
	if (get_extension_oid("msm", true) != rt->extension_oid ||
		meta_table_relid() != rt->meta_table_relid)
		session_retire();
}

/* whether rt was built by a call with these arguments */
static bool
same_call(const MsmRuntime *rt, const MsmEngineCall *call)
{
	if (strcmp(rt->management_mode, call->mode) != 0 || strcmp(rt->namespace, call->ns) != 0)
		return false;
	if ((rt->requested != NULL) != (call->req != NULL) || rt->n_requested != call->nreq)
		return false;
	for (int i = 0; i < call->nreq; i++)
		if (strcmp(rt->requested[i], call->req[i]) != 0)
			return false;
	if (rt->timeout_given != call->timeout_given)
		return false;
	return !call->timeout_given || rt->timeout_ms == call->timeout_ms;
}

/* the arguments of a call, for messages */
static char *
describe_call(const MsmEngineCall *call)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "management_mode %s, namespace %s, models ", call->mode,
					 call->ns[0] ? call->ns : "(none)");
	if (call->req == NULL)
		appendStringInfoString(&buf, "NULL (all built-ins)");
	else
	{
		appendStringInfoChar(&buf, '[');
		for (int i = 0; i < call->nreq; i++)
			appendStringInfo(&buf, "%s%s", i ? ", " : "", call->req[i]);
		appendStringInfoChar(&buf, ']');
	}
	if (call->timeout_given)
		appendStringInfo(&buf, ", timeout_ms %d", call->timeout_ms);
	else
		appendStringInfoString(&buf, ", timeout_ms NULL");
	return buf.data;
}

/*
 * The answer to a call when the session already has a runtime: the cached
 * document for the same arguments, an error for others; NULL when the
 * session has no runtime.
 */
Jsonb *
msm_session_cached_answer(const MsmEngineCall *call)
{
	MsmRuntime *rt = msm_session_runtime();
	MsmEngineCall bound;

	if (rt == NULL)
		return NULL;
	if (same_call(rt, call))
	{
		if (msm_log_events)
		{
			cJSON	   *d = cJSON_CreateObject();

			cJSON_AddNumberToObject(d, "meta_table_count", rt->n_models);
			msm_engine_log_event("reusing cached runtime", d);
		}
		return msm_runtime_copy_document(rt->cached_document);
	}

	bound.mode = rt->management_mode;
	bound.ns = rt->namespace;
	bound.req = rt->requested;
	bound.nreq = rt->n_requested;
	bound.timeout_given = rt->timeout_given;
	bound.timeout_ms = rt->timeout_ms;
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("a markets runtime with different arguments is already initialized in this session"),
			 errdetail("Initialized: %s. Requested: %s.", describe_call(&bound), describe_call(call)),
			 errhint("Call msm.start_engine() with the same arguments, or SELECT msm.stop_engine() first.")));
	pg_unreachable();
}

/* make rt the session's runtime */
void
msm_session_bind(MsmRuntime *rt)
{
	Assert(session_runtime == NULL);
	rt->extension_oid = get_extension_oid("msm", false);
	rt->meta_table_relid = meta_table_relid();
	rt->suspect = false;
	session_runtime = rt;
}

MsmRuntime *
msm_session_runtime(void)
{
	if (unlikely(session_runtime != NULL && session_runtime->suspect) &&
		IsTransactionState())
		session_check_extension(session_runtime);
	return session_runtime;
}

MsmRuntime *
msm_session_runtime_peek(void)
{
	return session_runtime;
}

/* msm.stop_engine() RETURNS boolean */
Datum
msm_stop_engine(PG_FUNCTION_ARGS)
{
	MsmRuntime *rt = msm_session_runtime();

	if (rt == NULL)
		PG_RETURN_BOOL(false);
	session_retire();
	PG_RETURN_BOOL(true);
}
