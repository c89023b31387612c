/*-------------------------------------------------------------------------
 *
 * autonomous.c
 *	  Run SQL statements in a transaction of their own, committed before
 *	  the caller continues (a short-lived dynamic background worker).
 *
 * Used by migrations in TS Manager mode: TS Manager verifies the physical
 * tables through its own database connection when it finalizes MetaTables,
 * so the revision DDL must be committed before finalization.  (With the
 * embedded registry everything stays in the caller's transaction.)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "storage/dsm.h"
#include "storage/ipc.h"
#include "storage/proc.h"
#include "tcop/tcopprot.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/snapmgr.h"

#include "msm.h"

PG_FUNCTION_INFO_V1(msm_autonomous_exec);
PGDLLEXPORT void msm_autonomous_main(Datum arg);

#define AUTONOMOUS_ERROR_MAX 2048

typedef struct AutonomousShared
{
	Oid			database_id;
	Oid			user_id;
	int			nstatements;
	bool		done;
	bool		failed;
	char		sqlstate[6];
	char		error[AUTONOMOUS_ERROR_MAX];
	char		detail[AUTONOMOUS_ERROR_MAX];
	Size		data_len;
	char		data[FLEXIBLE_ARRAY_MEMBER];	/* statements, NUL separated */
} AutonomousShared;

/* msm._autonomous_exec(statements text[]) RETURNS integer (statements run) */
Datum
msm_autonomous_exec(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	Size		len = 0;
	dsm_segment *seg;
	AutonomousShared *sh;
	char	   *p;
	BackgroundWorker worker;
	BackgroundWorkerHandle *handle;
	pid_t		pid;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(0);
	arr = PG_GETARG_ARRAYTYPE_P(0);
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			len += VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i])) + 1;
	if (n == 0)
		PG_RETURN_INT32(0);

	seg = dsm_create(offsetof(AutonomousShared, data) + len + 1, 0);
	sh = dsm_segment_address(seg);
	memset(sh, 0, offsetof(AutonomousShared, data));
	sh->database_id = MyDatabaseId;
	sh->user_id = GetUserId();
	sh->data_len = len;
	p = sh->data;
	for (int i = 0; i < n; i++)
	{
		text	   *t;

		if (nulls[i])
			continue;
		t = DatumGetTextPP(elems[i]);
		memcpy(p, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
		p += VARSIZE_ANY_EXHDR(t);
		*p++ = '\0';
		sh->nstatements++;
	}

	memset(&worker, 0, sizeof(worker));
	worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
	worker.bgw_start_time = BgWorkerStart_ConsistentState;
	worker.bgw_restart_time = BGW_NEVER_RESTART;
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "msm");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "msm_autonomous_main");
	snprintf(worker.bgw_name, BGW_MAXLEN, "msm migration ddl");
	snprintf(worker.bgw_type, BGW_MAXLEN, "msm migration ddl");
	worker.bgw_main_arg = UInt32GetDatum(dsm_segment_handle(seg));
	worker.bgw_notify_pid = MyProcPid;

	if (!RegisterDynamicBackgroundWorker(&worker, &handle))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_RESOURCES),
				 errmsg("could not start a background worker for the migration DDL"),
				 errdetail("The migration runs its DDL in a background worker, and every worker slot (max_worker_processes) is taken."),
				 errhint("Raise max_worker_processes (a server restart), or retry when fewer background workers run.")));
	if (WaitForBackgroundWorkerStartup(handle, &pid) != BGWH_STARTED)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_RESOURCES),
				 errmsg("the migration DDL worker did not start"),
				 errdetail("The background worker was registered but exited or was stopped before it started; nothing of the migration was applied."),
				 errhint("Check the server log for the worker's error, then run the migration again.")));

	PG_TRY();
	{
		(void) WaitForBackgroundWorkerShutdown(handle);
	}
	PG_CATCH();
	{
		TerminateBackgroundWorker(handle);
		PG_RE_THROW();
	}
	PG_END_TRY();

	if (sh->failed || !sh->done)
	{
		char		state[6];

		memcpy(state, sh->sqlstate, 5);
		state[5] = '\0';
		ereport(ERROR,
				(errcode(sh->failed ? MAKE_SQLSTATE(state[0], state[1], state[2], state[3], state[4])
						 : ERRCODE_INTERNAL_ERROR),
				 errmsg("migration DDL failed: %s", sh->failed ? sh->error : "the worker exited early"),
				 sh->detail[0] ? errdetail("%s", sh->detail) : 0,
				 errhint("Nothing of this revision was committed; fix the cause and run msm.migrate_upgrade() again.")));
	}
	n = sh->nstatements;
	dsm_detach(seg);
	PG_RETURN_INT32(n);
}

void
msm_autonomous_main(Datum arg)
{
	dsm_segment *seg;
	AutonomousShared *sh;
	const char *p;

	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();

	seg = dsm_attach(DatumGetUInt32(arg));
	if (seg == NULL)
		proc_exit(1);
	sh = dsm_segment_address(seg);
	BackgroundWorkerInitializeConnectionByOid(sh->database_id, sh->user_id, 0);

	/*
	 * The statements resolve names as msm's SQL functions do, never through
	 * the database's or the role's search_path (doc/security.md,
	 * "search_path").
	 */
	SetConfigOption("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION);

	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	PG_TRY();
	{
		SPI_connect();
		PushActiveSnapshot(GetTransactionSnapshot());
		p = sh->data;
		for (int i = 0; i < sh->nstatements; i++)
		{
			pgstat_report_activity(STATE_RUNNING, p);
			if (SPI_execute(p, false, 0) < 0)
				elog(ERROR, "could not run migration statement %d", i + 1);
			CommandCounterIncrement();
			p += strlen(p) + 1;
		}
		SPI_finish();
		PopActiveSnapshot();
		CommitTransactionCommand();
		sh->done = true;
	}
	PG_CATCH();
	{
		ErrorData  *ed;

		HOLD_INTERRUPTS();
		ed = CopyErrorData();
		FlushErrorState();
		strlcpy(sh->error, ed->message ? ed->message : "unknown error", AUTONOMOUS_ERROR_MAX);
		strlcpy(sh->detail, ed->detail ? ed->detail : "", AUTONOMOUS_ERROR_MAX);
		memcpy(sh->sqlstate, unpack_sql_state(ed->sqlerrcode), 5);
		sh->failed = true;
		AbortCurrentTransaction();
		RESUME_INTERRUPTS();
	}
	PG_END_TRY();

	pgstat_report_activity(STATE_IDLE, NULL);
	dsm_detach(seg);
	proc_exit(0);
}
