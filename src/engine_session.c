/*-------------------------------------------------------------------------
 *
 * engine_session.c
 *	  The session's runtimes (doc/runtime.md, "Caching" and "Runtime
 *	  scope"): the attached one, which the row API uses, and the ones the
 *	  session resolved, keyed by the start_engine call that built them.
 *
 * A call with the arguments of the attached runtime gets its cached
 * answer, one with other arguments an error.  With nothing attached (a new
 * session, or every transaction under msm.runtime_scope = transaction), a
 * call whose arguments, role and settings match a resolution the session
 * holds attaches it again without any lookup; otherwise start_engine
 * resolves and the new runtime joins the others (at most
 * MSM_SESSION_RUNTIMES, the least recently used goes first).
 *
 * All of that is transactional, like SET: before the first change in a
 * (sub)transaction the state is saved; an abort restores it (an attachment
 * made in it is undone, a runtime resolved in it forgotten), a commit
 * keeps the change.  Runtimes the session no longer holds are freed at the
 * end of the top-level transaction, never in its middle: an outer row
 * operation (a trigger calling the row API) may still be using one.
 * engine_xact.c calls the transaction entry points.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/extension.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "deployment.h"
#include "engine.h"
#include "lookup_cache.h"
#include "registry.h"

PG_FUNCTION_INFO_V1(msm_stop_engine);

#define MSM_SESSION_RUNTIMES 16

typedef struct SessionState
{
	MsmRuntime *attached;		/* NULL, or one of held[] */
	bool		attached_for_transaction;	/* ends with the transaction */
	int			n;
	MsmRuntime *held[MSM_SESSION_RUNTIMES];
} SessionState;

/* the state before the first change at a nesting level */
typedef struct SavedState
{
	int			level;
	SessionState state;
	struct SavedState *next;	/* the enclosing level's, if saved */
} SavedState;

static SessionState cur;
static SavedState *saved = NULL;	/* innermost first */
static SavedState *spare = NULL;	/* freed nodes, for reuse */

/* runtimes made or let go in this transaction: freed at its end if not held */
static MsmRuntime **touched = NULL;
static int	ntouched = 0;
static int	maxtouched = 0;

static uint64 use_clock = 0;

/* ----------------------------------------------------------------------
 * the state and its changes
 * ---------------------------------------------------------------------- */

static void
save_before_change(void)
{
	int			level = GetCurrentTransactionNestLevel();
	SavedState *s;

	if (saved != NULL && saved->level >= level)
		return;
	if (spare != NULL)
	{
		s = spare;
		spare = s->next;
	}
	else
		s = MemoryContextAlloc(TopMemoryContext, sizeof(SavedState));
	s->level = level;
	s->state = cur;
	s->next = saved;
	saved = s;
}

static void
release_saved(SavedState *s)
{
	s->next = spare;
	spare = s;
}

static void
touch(MsmRuntime *rt)
{
	if (ntouched == maxtouched)
	{
		maxtouched = Max(8, maxtouched * 2);
		touched = touched == NULL
			? MemoryContextAlloc(TopMemoryContext, sizeof(MsmRuntime *) * maxtouched)
			: repalloc(touched, sizeof(MsmRuntime *) * maxtouched);
	}
	touched[ntouched++] = rt;
}

static void
let_go(int i)
{
	touch(cur.held[i]);
	if (cur.attached == cur.held[i])
		cur.attached = NULL;
	cur.held[i] = cur.held[--cur.n];
}

/* hold a new runtime, letting the least recently used other one go */
static void
hold(MsmRuntime *rt)
{
	save_before_change();
	if (cur.n == MSM_SESSION_RUNTIMES)
	{
		int			victim = -1;

		for (int i = 0; i < cur.n; i++)
			if (cur.held[i] != cur.attached &&
				(victim < 0 || cur.held[i]->last_used < cur.held[victim]->last_used))
				victim = i;
		let_go(victim);
	}
	cur.held[cur.n++] = rt;
	touch(rt);
}

static void
attach(MsmRuntime *rt)
{
	save_before_change();
	cur.attached = rt;
	cur.attached_for_transaction = (msm_runtime_scope == MSM_SCOPE_TRANSACTION);
	rt->last_used = ++use_clock;
}

void
msm_session_drop_all(void)
{
	if (cur.n == 0)
		return;
	save_before_change();
	while (cur.n > 0)
		let_go(cur.n - 1);
}

/* ----------------------------------------------------------------------
 * transaction ends (engine_xact.c)
 * ---------------------------------------------------------------------- */

void
msm_session_subxact_commit(int level)
{
	SavedState *s = saved;

	if (s == NULL || s->level != level)
		return;
	if (s->next != NULL && s->next->level == level - 1)
	{
		/* the parent saved an older state already */
		saved = s->next;
		release_saved(s);
	}
	else
		s->level = level - 1;
}

void
msm_session_subxact_abort(int level)
{
	SavedState *s = saved;

	if (s == NULL || s->level != level)
		return;
	cur = s->state;
	saved = s->next;
	release_saved(s);
}

static bool
held_now(const MsmRuntime *rt)
{
	for (int i = 0; i < cur.n; i++)
		if (cur.held[i] == rt)
			return true;
	return false;
}

void
msm_session_xact_end(bool commit)
{
	if (saved == NULL && ntouched == 0 && !cur.attached_for_transaction)
		return;					/* nothing changed: the common case */

	while (saved != NULL)
	{
		SavedState *s = saved;

		if (!commit && s->next == NULL)
			cur = s->state;		/* the outermost: as before the transaction */
		saved = s->next;
		release_saved(s);
	}
	if (cur.attached_for_transaction)
	{
		cur.attached = NULL;
		cur.attached_for_transaction = false;
	}
	/* free what the session let go; the memory goes with the transaction */
	for (int i = 0; i < ntouched; i++)
	{
		MsmRuntime *rt = touched[i];

		if (rt->doomed || held_now(rt))
			continue;
		rt->doomed = true;
		MemoryContextSetParent(rt->cxt, TopTransactionContext);
	}
	ntouched = 0;
}

/* ----------------------------------------------------------------------
 * keys
 * ---------------------------------------------------------------------- */

/* the oid of msm.meta_table, or InvalidOid */
static Oid
meta_table_relid(void)
{
	Oid			nsp = get_namespace_oid("msm", true);

	return OidIsValid(nsp) ? get_relname_relid("meta_table", nsp) : InvalidOid;
}

/* after an invalidation: is the runtime still of this extension? */
static bool
still_valid(MsmRuntime *rt)
{
	if (get_extension_oid("msm", true) == rt->extension_oid &&
		meta_table_relid() == rt->meta_table_relid)
	{
		rt->suspect = false;
		return true;
	}

	/*
	 * DROP / CREATE EXTENSION: every runtime is of the old one.  rt stays
	 * suspect: when the transaction that lets the runtimes go aborts, the
	 * session's state comes back with them (as a SET would), and the next
	 * look at them must find them stale again, not reuse them.
	 */
	msm_session_drop_all();
	return false;
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

static bool
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* whether the role and the settings that decided rt's resolution are the same */
static bool
same_context(const MsmRuntime *rt)
{
	return rt->user_id == GetUserId() &&
		same_text(rt->physical_schema, msm_physical_schema) &&
		same_text(rt->endpoint, msm_endpoint) &&
		same_text(rt->data_source_uid, msm_data_source_uid);
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

static void
different_arguments_error(const MsmRuntime *rt, const MsmEngineCall *call)
{
	MsmEngineCall bound;
	bool		txn = cur.attached_for_transaction;

	bound.mode = rt->management_mode;
	bound.ns = rt->namespace;
	bound.req = rt->requested;
	bound.nreq = rt->n_requested;
	bound.timeout_given = rt->timeout_given;
	bound.timeout_ms = rt->timeout_ms;
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 txn ? errmsg("a markets runtime with different arguments is already initialized in this transaction")
			 : errmsg("a markets runtime with different arguments is already initialized in this session"),
			 errdetail("Initialized: %s. Requested: %s.", describe_call(&bound), describe_call(call)),
			 txn ? errhint("Call msm.start_engine() with the same arguments in this transaction, or attach the others in a transaction of their own.")
			 : errhint("Call msm.start_engine() with the same arguments, or SELECT msm.stop_engine() first.")));
}

static Jsonb *
reuse(MsmRuntime *rt)
{
	if (msm_engine_event_wanted(true))
	{
		cJSON	   *d = cJSON_CreateObject();

		cJSON_AddNumberToObject(d, "meta_table_count", rt->n_models);
		msm_engine_log_reuse("reusing cached runtime", d);
	}
	return msm_runtime_copy_document(rt->cached_document);
}

/* ----------------------------------------------------------------------
 * what start_engine, stop_engine and the row API call
 * ---------------------------------------------------------------------- */

/*
 * The answer to a call from what the session holds: the attached runtime's
 * cached document for the same arguments, an error for others; with
 * nothing attached, a matching resolution attached again.  NULL when the
 * call needs a new resolution.
 */
Jsonb *
msm_session_cached_answer(const MsmEngineCall *call)
{
	MsmRuntime *rt = msm_session_runtime();

	if (rt != NULL)
	{
		if (!same_call(rt, call))
			different_arguments_error(rt, call);
		return reuse(rt);
	}

	for (int i = 0; i < cur.n; i++)
	{
		rt = cur.held[i];
		if (!same_call(rt, call) || !same_context(rt))
			continue;
		if (rt->suspect && !still_valid(rt))
			return NULL;
		if (rt->reuse_until != 0 && GetCurrentTimestamp() >= rt->reuse_until)
		{
			/* uids from TS Manager are as old as the lookup cache allows */
			save_before_change();
			let_go(i);
			return NULL;
		}
		attach(rt);
		return reuse(rt);
	}
	return NULL;
}

/* hold the new runtime rt and attach it */
void
msm_session_bind(MsmRuntime *rt)
{
	rt->extension_oid = get_extension_oid("msm", false);
	rt->meta_table_relid = meta_table_relid();
	rt->suspect = false;
	rt->user_id = GetUserId();
	rt->physical_schema = msm_physical_schema ? MemoryContextStrdup(rt->cxt, msm_physical_schema) : NULL;
	rt->endpoint = msm_endpoint ? MemoryContextStrdup(rt->cxt, msm_endpoint) : NULL;
	rt->data_source_uid = msm_data_source_uid ? MemoryContextStrdup(rt->cxt, msm_data_source_uid) : NULL;
	rt->reuse_until = msm_tsmanager_mode()
		? TimestampTzPlusMilliseconds(GetCurrentTimestamp(), (int64) msm_lookup_cache_ttl_s * 1000)
		: 0;
	hold(rt);
	attach(rt);
}

MsmRuntime *
msm_session_runtime(void)
{
	MsmRuntime *rt = cur.attached;

	if (unlikely(rt != NULL && rt->suspect) && IsTransactionState() && !still_valid(rt))
		return NULL;
	return rt;
}

MsmRuntime **
msm_session_runtimes_peek(int *n)
{
	*n = cur.n;
	return cur.held;
}

/*
 * msm.stop_engine() RETURNS boolean: ends the attachment and forgets every
 * resolution of the session; true when a runtime was attached.
 */
Datum
msm_stop_engine(PG_FUNCTION_ARGS)
{
	bool		was_attached = msm_session_runtime() != NULL;

	msm_session_drop_all();
	PG_RETURN_BOOL(was_attached);
}
