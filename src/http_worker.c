/*-------------------------------------------------------------------------
 *
 * http_worker.c
 *	  The msm http worker: one background worker that performs the HTTP
 *	  requests of every backend (doc/tsmanager.md, "HTTP worker").
 *
 * Registered from _PG_init when msm is in shared_preload_libraries (the
 * shared state and the slot life cycle are in http_slots.h; one transfer's
 * curl easy handle is http_easy.c).  The worker
 *
 *	  - keeps one curl multi handle for its lifetime: the multi handle's
 *		connection cache (and a share handle for DNS and TLS sessions) gives
 *		keep-alive connection reuse across requests and backends;
 *	  - picks up PENDING slots, runs their transfers concurrently, writes the
 *		results back (response bodies go to the DSA area), sets the slot DONE
 *		and wakes the requesting backend through its latch;
 *	  - aborts the transfers of ABANDONED slots (cancelled or failed
 *		backends) and frees their shared memory.
 *
 * It joins no database (BackgroundWorkerInitializeConnection without a
 * database, like the logical replication launcher): that only makes it
 * visible in pg_stat_activity (backend_type "msm http worker") and
 * reachable by pg_terminate_backend.  On SIGTERM it exits with status 1,
 * so the postmaster restarts it after bgw_restart_time (1 s).
 *
 * While transfers are active it alternates curl_multi_perform with
 * curl_multi_poll (at most MSM_HTTP_BUSY_POLL_MS), so new requests wait at
 * most that long to start; when idle it sleeps on its latch.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <pthread.h>
#include <signal.h>

#include <curl/curl.h>

#include "libpq/pqsignal.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/dsm.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/lwlock.h"
#include "storage/pmsignal.h"
#include "storage/proc.h"
#include "utils/dsa.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "http_easy.h"
#include "http_slots.h"
#include "http_stats.h"
#include "http_worker.h"

#define MSM_HTTP_WORKER_NAME	"msm http worker"

/* curl_multi_poll timeout while transfers are active (ms) */
#define MSM_HTTP_BUSY_POLL_MS	10
/* latch sleep when idle (ms) */
#define MSM_HTTP_IDLE_SLEEP_MS	1000
/* connections kept alive in the multi handle's cache */
#define MSM_HTTP_MAX_CONNECTS	32
/* how often to look for slots of backends that exited without a word (ms) */
#define MSM_HTTP_ORPHAN_SWEEP_MS 1000
/* at most one transfer-failure LOG line per this interval (ms) */
#define MSM_HTTP_LOG_INTERVAL_MS 10000

/* ------------------------------------------------------------------------
 * Registration (postmaster)
 * ------------------------------------------------------------------------
 */

/*
 * Called from _PG_init while shared_preload_libraries is processed (and
 * not under pg_upgrade).  Without it TS Manager mode is unavailable and backends
 * say so (msm_http_require_preload).
 */
void
msm_http_worker_register(void)
{
	BackgroundWorker worker;

	memset(&worker, 0, sizeof(worker));
	/* the "connection" joins no database: see the file header */
	worker.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
	worker.bgw_start_time = BgWorkerStart_ConsistentState;
	worker.bgw_restart_time = 1;
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "msm");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "msm_http_worker_main");
	snprintf(worker.bgw_name, BGW_MAXLEN, MSM_HTTP_WORKER_NAME);
	snprintf(worker.bgw_type, BGW_MAXLEN, MSM_HTTP_WORKER_NAME);
	worker.bgw_main_arg = (Datum) 0;
	worker.bgw_notify_pid = 0;
	RegisterBackgroundWorker(&worker);
}

/* ------------------------------------------------------------------------
 * The worker
 * ------------------------------------------------------------------------
 */

/* transfers[i] serves slot i */
static MsmTransfer transfers[MSM_HTTP_SLOTS];
static int	n_active = 0;
static CURLM *multi = NULL;
static CURLSH *share = NULL;
static dsa_area *worker_area = NULL;
static MemoryContext worker_cxt = NULL;
static uint64 my_generation = 0;
static volatile sig_atomic_t got_sigterm = false;
static TimestampTz last_failure_log = 0;
static TimestampTz last_orphan_sweep = 0;
static int	suppressed_failures = 0;

static void
worker_sigterm(SIGNAL_ARGS)
{
	int			save_errno = errno;

	got_sigterm = true;
	SetLatch(MyLatch);
	errno = save_errno;
}

/* Mark a slot DONE with a transport error (caller holds the lock). */
static void
slot_fail_locked(MsmHttpSlot *slot, int failure, const char *message)
{
	msm_http_result_fail(&slot->result, failure, message);
	explicit_bzero(slot->bearer, sizeof(slot->bearer));
	slot->state = MSM_SLOT_DONE;
}

static void
worker_dsa_free(dsa_pointer dp)
{
	if (worker_area != NULL && DsaPointerIsValid(dp))
		dsa_free(worker_area, dp);
}

/*
 * before_shmem_exit: say that no worker runs and fail our RUNNING slots so
 * that their backends stop waiting at once.  No DSA work here: the request
 * bodies of failed slots are freed by their backends, ABANDONED slots by
 * the next worker.
 */
static void
worker_on_exit(int code, Datum arg)
{
	int			wake[MSM_HTTP_SLOTS];
	int			nwake = 0;

	if (msm_http_shared == NULL)
		return;
	/* an ERROR may have left an LWLock held; we are leaving anyway */
	LWLockReleaseAll();

	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	if (msm_http_shared->worker_pid == MyProcPid)
	{
		msm_http_shared->worker_pid = 0;
		msm_http_shared->worker_procno = -1;
	}
	for (int i = 0; i < MSM_HTTP_SLOTS; i++)
	{
		MsmHttpSlot *slot = &msm_http_shared->slots[i];

		if (slot->state == MSM_SLOT_RUNNING &&
			slot->worker_generation == my_generation)
		{
			slot_fail_locked(slot, MSM_HTTP_FAILURE_WORKER, "msm http worker exited");
			wake[nwake++] = slot->backend_procno;
		}
	}
	LWLockRelease(msm_http_shared->lock);

	msm_http_wake_procs(wake, nwake);
}

/* Attach to the DSA area, creating it on the very first start. */
static void
worker_attach_area(void)
{
	MemoryContext oldcxt;

	worker_area = msm_http_area_attach_existing();
	if (worker_area != NULL)
		return;

	LWLockRegisterTranche(msm_http_shared->dsa_tranche_id, MSM_HTTP_DSA_TRANCHE_NAME);
	oldcxt = MemoryContextSwitchTo(TopMemoryContext);
	worker_area = dsa_create(msm_http_shared->dsa_tranche_id);
	/* outlives this worker: backends and the next worker use it */
	dsa_pin(worker_area);
	dsa_pin_mapping(worker_area);
	MemoryContextSwitchTo(oldcxt);

	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	msm_http_shared->dsa = dsa_get_handle(worker_area);
	LWLockRelease(msm_http_shared->lock);
}

/*
 * Announce this worker (new generation) and clean up after a previous
 * one: its RUNNING slots failed, ABANDONED slots freed.  PENDING slots were
 * never sent: this worker serves them.
 */
static void
worker_take_over(void)
{
	int			wake[MSM_HTTP_SLOTS];
	int			nwake = 0;
	dsa_pointer to_free[2 * MSM_HTTP_SLOTS];
	int			nfree = 0;

	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	my_generation = ++msm_http_shared->worker_generation;
	msm_http_shared->worker_pid = MyProcPid;
	msm_http_shared->worker_procno = MyProc->pgprocno;
	for (int i = 0; i < MSM_HTTP_SLOTS; i++)
	{
		MsmHttpSlot *slot = &msm_http_shared->slots[i];

		if (slot->state == MSM_SLOT_RUNNING)
		{
			slot_fail_locked(slot, MSM_HTTP_FAILURE_WORKER, "msm http worker restarted");
			wake[nwake++] = slot->backend_procno;
		}
		else if (slot->state == MSM_SLOT_ABANDONED)
		{
			msm_http_slot_free_locked(slot, &to_free[nfree], &to_free[nfree + 1]);
			nfree += 2;
		}
	}
	LWLockRelease(msm_http_shared->lock);

	msm_http_stats_count_worker_start(my_generation > 1);
	for (int i = 0; i < nfree; i++)
		worker_dsa_free(to_free[i]);
	msm_http_wake_procs(wake, nwake);
}

/* Rate-limited LOG line for a failed transfer (never headers or token). */
static void
worker_log_failure(const char *method, const char *url, const char *error)
{
	TimestampTz now = GetCurrentTimestamp();
	char		safe_url[MSM_HTTP_URL_MAX];
	int			suppressed;

	if (last_failure_log != 0 &&
		!TimestampDifferenceExceeds(last_failure_log, now, MSM_HTTP_LOG_INTERVAL_MS))
	{
		suppressed_failures++;
		return;
	}
	suppressed = suppressed_failures;
	last_failure_log = now;
	suppressed_failures = 0;

	msm_http_url_for_log_buf(url, safe_url, sizeof(safe_url));
	if (suppressed > 0)
		ereport(LOG,
				(errmsg("msm http worker: %s %s failed: %s", method, safe_url, error),
				 errdetail_plural("%d more failed request was not logged in the previous %d seconds.",
								  "%d more failed requests were not logged in the previous %d seconds.",
								  suppressed, suppressed, MSM_HTTP_LOG_INTERVAL_MS / 1000)));
	else
		ereport(LOG,
				(errmsg("msm http worker: %s %s failed: %s", method, safe_url, error)));
}

/* ---- transfers ---------------------------------------------------------- */

/* Remove transfer i from the multi handle and clean it up. */
static void
worker_end_transfer(int i)
{
	MsmTransfer *t = &transfers[i];

	if (t->active)
	{
		if (t->easy != NULL)
			curl_multi_remove_handle(multi, t->easy);
		n_active--;
	}
	msm_http_easy_cleanup(t);
}

/*
 * Publish a result in slot i (generation gen): DONE and wake the backend,
 * or, when the backend abandoned the slot meanwhile, free everything.
 */
static void
worker_publish(int i, uint32 gen, MsmHttpResult *r)
{
	MsmHttpSlot *slot = &msm_http_shared->slots[i];
	dsa_pointer free_req = InvalidDsaPointer;
	dsa_pointer free_resp = InvalidDsaPointer;
	dsa_pointer free_stale = InvalidDsaPointer;
	int			wake = -1;

	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	if (slot->generation != gen ||
		(slot->state != MSM_SLOT_RUNNING && slot->state != MSM_SLOT_ABANDONED))
	{
		/* not ours any more (cannot happen): drop the result */
		free_resp = r->body;
	}
	else if (slot->state == MSM_SLOT_ABANDONED)
	{
		/* a RUNNING slot has no response body yet: free_stale stays invalid */
		msm_http_slot_free_locked(slot, &free_req, &free_stale);
		free_resp = r->body;
	}
	else
	{
		free_req = slot->req_body;
		slot->req_body = InvalidDsaPointer;
		slot->req_body_len = 0;
		slot->result = *r;
		explicit_bzero(slot->bearer, sizeof(slot->bearer));
		slot->state = MSM_SLOT_DONE;
		wake = slot->backend_procno;
	}
	LWLockRelease(msm_http_shared->lock);

	worker_dsa_free(free_req);
	worker_dsa_free(free_resp);
	worker_dsa_free(free_stale);
	if (wake >= 0)
		msm_http_set_proc_latch(wake);
}

/* Transfer i finished with code: build and publish its result. */
static void
worker_complete(int i, CURLcode code)
{
	MsmTransfer *t = &transfers[i];
	MsmHttpSlot *slot = &msm_http_shared->slots[i];
	uint32		gen = t->slot_generation;
	MsmHttpResult r;

	msm_http_easy_result(t, slot, code, worker_area, &r);
	worker_end_transfer(i);
	if (r.transport_error)
		worker_log_failure(slot->method, slot->url, r.error);
	worker_publish(i, gen, &r);
}

/*
 * Configure and start the transfer of slot i (now RUNNING for us); when
 * that fails, the slot gets a transport error at once.  The request fields
 * are stable while the slot is RUNNING or ABANDONED.
 */
static void
worker_start_transfer(int i)
{
	MsmHttpSlot *slot = &msm_http_shared->slots[i];
	MsmTransfer *t = &transfers[i];
	char		msg[MSM_HTTP_ERROR_MAX];
	CURLMcode	mrc;
	MsmHttpResult r;
	uint32		gen;

	if (msm_http_easy_setup(t, slot, worker_area, share, worker_cxt, msg, sizeof(msg)))
	{
		mrc = curl_multi_add_handle(multi, t->easy);
		if (mrc == CURLM_OK)
		{
			t->active = true;
			n_active++;
			return;
		}
		snprintf(msg, sizeof(msg), "could not start the request: %s",
				 curl_multi_strerror(mrc));
	}
	msm_http_result_fail(&r, MSM_HTTP_FAILURE_TRANSPORT, msg);
	gen = t->slot_generation;
	worker_end_transfer(i);
	worker_publish(i, gen, &r);
}

/* Is the backend that owns a slot still there? */
static bool
slot_backend_alive(const MsmHttpSlot *slot)
{
	PGPROC	   *proc;

	if (slot->backend_procno < 0 || (uint32) slot->backend_procno >= ProcGlobal->allProcCount ||
		slot->backend_pid <= 0)
		return false;
	proc = &ProcGlobal->allProcs[slot->backend_procno];
	if (proc->pid != slot->backend_pid)
		return false;
	/* PGPROC.pid may outlive its process; a reused pid only delays this */
	if (kill(slot->backend_pid, 0) != 0 && errno == ESRCH)
		return false;
	return true;
}

/*
 * Safety net, about once a second: a slot whose backend exited without
 * releasing it (its ERROR and exit paths always do) is ABANDONED.
 */
static void
worker_sweep_orphans(void)
{
	TimestampTz now = GetCurrentTimestamp();
	int			n = 0;

	if (last_orphan_sweep != 0 &&
		!TimestampDifferenceExceeds(last_orphan_sweep, now, MSM_HTTP_ORPHAN_SWEEP_MS))
		return;
	last_orphan_sweep = now;

	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	for (int i = 0; i < MSM_HTTP_SLOTS; i++)
	{
		MsmHttpSlot *slot = &msm_http_shared->slots[i];

		if (slot->state == MSM_SLOT_FREE || slot->state == MSM_SLOT_ABANDONED)
			continue;
		if (!slot_backend_alive(slot))
		{
			slot->state = MSM_SLOT_ABANDONED;
			n++;
		}
	}
	LWLockRelease(msm_http_shared->lock);

	if (n > 0)
		ereport(LOG,
				(errmsg_plural("msm http worker reclaimed %d request slot of an exited backend",
							   "msm http worker reclaimed %d request slots of exited backends",
							   n, n)));
}

/* Free ABANDONED slots, aborting their transfers first. */
static void
worker_reap_abandoned(void)
{
	int			reaped[MSM_HTTP_SLOTS];
	dsa_pointer to_free[2 * MSM_HTTP_SLOTS];
	int			nreaped = 0;
	int			nfree = 0;

	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	for (int i = 0; i < MSM_HTTP_SLOTS; i++)
	{
		MsmHttpSlot *slot = &msm_http_shared->slots[i];

		if (slot->state != MSM_SLOT_ABANDONED)
			continue;
		reaped[nreaped++] = i;
		msm_http_slot_free_locked(slot, &to_free[nfree], &to_free[nfree + 1]);
		nfree += 2;
	}
	LWLockRelease(msm_http_shared->lock);

	/*
	 * A reaped slot may be claimed again at once, but only this process
	 * starts transfers: the old one is gone before the new one is picked up.
	 */
	for (int k = 0; k < nreaped; k++)
		if (transfers[reaped[k]].easy != NULL)
			worker_end_transfer(reaped[k]);
	for (int k = 0; k < nfree; k++)
		worker_dsa_free(to_free[k]);
}

/* Move PENDING slots to RUNNING and start their transfers. */
static void
worker_start_pending(void)
{
	int			picked[MSM_HTTP_SLOTS];
	int			npicked = 0;

	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	for (int i = 0; i < MSM_HTTP_SLOTS; i++)
	{
		MsmHttpSlot *slot = &msm_http_shared->slots[i];

		if (slot->state == MSM_SLOT_PENDING && transfers[i].easy == NULL)
		{
			slot->state = MSM_SLOT_RUNNING;
			slot->worker_generation = my_generation;
			picked[npicked++] = i;
		}
	}
	LWLockRelease(msm_http_shared->lock);

	for (int k = 0; k < npicked; k++)
		worker_start_transfer(picked[k]);
}

/*
 * curl_multi_perform with PostgreSQL's signals blocked: the DNS resolver
 * threads libcurl starts in here inherit this mask, so that signal
 * handlers (latches, SIGTERM, SIGHUP) only ever run in the main thread.
 * Signals that arrive meanwhile are delivered when the mask is restored.
 */
static void
worker_multi_perform(void)
{
	sigset_t	old;
	int			running = 0;

	pthread_sigmask(SIG_SETMASK, &BlockSig, &old);
	curl_multi_perform(multi, &running);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Collect finished transfers. */
static void
worker_collect_finished(void)
{
	CURLMsg    *m;
	int			left;

	while ((m = curl_multi_info_read(multi, &left)) != NULL)
	{
		MsmTransfer *t;
		char	   *priv = NULL;
		CURLcode	code;

		if (m->msg != CURLMSG_DONE)
			continue;
		code = m->data.result;
		if (curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv) != CURLE_OK)
			priv = NULL;
		t = (MsmTransfer *) priv;
		if (t == NULL || t < transfers || t >= transfers + MSM_HTTP_SLOTS)
		{
			/* not ours: cannot happen */
			curl_multi_remove_handle(multi, m->easy_handle);
			continue;
		}
		worker_complete((int) (t - transfers), code);
	}
}

/* libcurl: the multi handle and the share handle for DNS and TLS sessions */
static void
worker_init_curl(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		ereport(FATAL,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("msm http worker could not initialize libcurl"),
				 errdetail("curl_global_init failed."),
				 errhint("Check the server log and the libcurl installation; the postmaster restarts the worker.")));
	multi = curl_multi_init();
	share = curl_share_init();
	if (multi == NULL || share == NULL)
		ereport(FATAL,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("msm http worker could not initialize libcurl"),
				 errdetail("curl_multi_init or curl_share_init returned no handle (out of memory)."),
				 errhint("Free memory on the server; the postmaster restarts the worker.")));
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long) MSM_HTTP_MAX_CONNECTS);
}

/* One round: slots first, then the transfers or an idle sleep. */
static void
worker_serve_once(void)
{
	worker_sweep_orphans();
	worker_reap_abandoned();
	worker_start_pending();

	if (n_active > 0)
	{
		worker_multi_perform();
		worker_collect_finished();
		if (n_active > 0)
		{
			pgstat_report_wait_start(PG_WAIT_EXTENSION);
			curl_multi_poll(multi, NULL, 0, MSM_HTTP_BUSY_POLL_MS, NULL);
			pgstat_report_wait_end();
		}
		if (!PostmasterIsAlive())
			proc_exit(1);
	}
	else
		(void) WaitLatch(MyLatch,
						 WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
						 MSM_HTTP_IDLE_SLEEP_MS, PG_WAIT_EXTENSION);
}

void
msm_http_worker_main(Datum main_arg)
{
	pqsignal(SIGTERM, worker_sigterm);
	pqsignal(SIGHUP, SignalHandlerForConfigReload);
	/* pg_cancel_backend on the worker does nothing */
	pqsignal(SIGINT, SIG_IGN);
	BackgroundWorkerUnblockSignals();

	/* joins no database: see the file header */
	BackgroundWorkerInitializeConnection(NULL, NULL, 0);

	if (msm_http_shared == NULL)
		ereport(FATAL,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("msm http worker started without its shared memory"),
				 errdetail("The worker's shared state is created only when msm is preloaded."),
				 errhint("Load msm through shared_preload_libraries.")));

	worker_cxt = AllocSetContextCreate(TopMemoryContext, "msm http worker",
									   ALLOCSET_DEFAULT_SIZES);
	memset(transfers, 0, sizeof(transfers));

	worker_attach_area();
	worker_init_curl();

	before_shmem_exit(worker_on_exit, (Datum) 0);
	worker_take_over();

	ereport(LOG,
			(errmsg("msm http worker started"),
			 errdetail_internal("generation %llu, %s",
								(unsigned long long) my_generation, curl_version())));

	while (!got_sigterm)
	{
		ResetLatch(MyLatch);

		if (ConfigReloadPending)
		{
			ConfigReloadPending = false;
			ProcessConfigFile(PGC_SIGHUP);
		}
		CHECK_FOR_INTERRUPTS();

		worker_serve_once();
	}

	/* exit status 1: the postmaster restarts us unless it is shutting down */
	proc_exit(1);
}
