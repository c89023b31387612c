/*-------------------------------------------------------------------------
 *
 * engine_xact.c
 *	  Attachments follow transactions and DISCARD ALL (doc/runtime.md,
 *	  "Runtime scope"): the transaction callbacks that commit or undo the
 *	  session's runtime changes and end transaction-scoped attachments, and
 *	  the utility hook that drops the session's runtimes after DISCARD ALL
 *	  (what pgbouncer's server_reset_query runs between clients).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "nodes/parsenodes.h"
#include "tcop/utility.h"

#include "engine.h"

static ProcessUtility_hook_type prev_process_utility = NULL;

static void
msm_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PREPARE:
			msm_session_xact_end(true);
			break;
		case XACT_EVENT_ABORT:
			msm_session_xact_end(false);
			break;
		default:
			break;
	}
}

static void
msm_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					 SubTransactionId parentSubid, void *arg)
{
	switch (event)
	{
		case SUBXACT_EVENT_COMMIT_SUB:
			msm_session_subxact_commit(GetCurrentTransactionNestLevel());
			break;
		case SUBXACT_EVENT_ABORT_SUB:
			msm_session_subxact_abort(GetCurrentTransactionNestLevel());
			break;
		default:
			break;
	}
}

static void
msm_process_utility(PlannedStmt *pstmt, const char *queryString,
					bool readOnlyTree, ProcessUtilityContext context,
					ParamListInfo params, QueryEnvironment *queryEnv,
					DestReceiver *dest, QueryCompletion *qc)
{
	Node	   *stmt = pstmt->utilityStmt;
	bool		discard_all = IsA(stmt, DiscardStmt) &&
		((DiscardStmt *) stmt)->target == DISCARD_ALL;

	if (prev_process_utility)
		prev_process_utility(pstmt, queryString, readOnlyTree, context,
							 params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context,
								params, queryEnv, dest, qc);

	/* DISCARD ALL succeeded: the session is to be as new */
	if (discard_all)
		msm_session_drop_all();
}

/* called from _PG_init */
void
msm_engine_xact_register(void)
{
	RegisterXactCallback(msm_xact_callback, NULL);
	RegisterSubXactCallback(msm_subxact_callback, NULL);
	prev_process_utility = ProcessUtility_hook;
	ProcessUtility_hook = msm_process_utility;
}
