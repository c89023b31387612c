/*-------------------------------------------------------------------------
 *
 * http_worker.c
 *	  The msm http worker: one background worker that owns libcurl and
 *	  performs the HTTP requests of every backend (SPEC 9).
 *
 * Registered from _PG_init when msm is in shared_preload_libraries, with
 * the shared memory it needs (http_worker.h describes the shared state and
 * the slot life cycle).  The worker
 *
 *	  - keeps one curl multi handle for its lifetime: the multi handle's
 *		connection cache (and a share handle for DNS and TLS sessions) gives
 *		keep-alive connection reuse across requests and backends;
 *	  - picks up PENDING slots, runs their transfers concurrently, writes the
 *		results back (response bodies go to the DSA area), sets the slot DONE
 *		and wakes the requesting backend through its latch;
 *	  - aborts the transfers of ABANDONED slots (cancelled or failed
 *		backends) and frees their shared memory;
 *	  - follows no redirect, speaks only http and https, caps response
 *		sizes, never logs the bearer token and wipes it once handed to curl.
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
#include <time.h>

/* the runtime fallback to CURLOPT_PROTOCOLS needs the deprecated name */
#define CURL_DISABLE_DEPRECATION
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
#include "storage/shmem.h"
#include "utils/dsa.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "http_client.h"
#include "http_worker.h"
#include "msm.h"

#define MSM_HTTP_WORKER_NAME	"msm http worker"
#define MSM_HTTP_LWLOCK_TRANCHE "msm_http"

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

MsmHttpShared *msm_http_shared = NULL;

#if PG_VERSION_NUM >= 150000
static shmem_request_hook_type prev_shmem_request_hook = NULL;
#endif
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

/* ------------------------------------------------------------------------
 * Shared memory and registration (postmaster)
 * ------------------------------------------------------------------------
 */

static Size
msm_http_shmem_size(void)
{
	return MAXALIGN(sizeof(MsmHttpShared));
}

static void
msm_http_request_shmem(void)
{
	RequestAddinShmemSpace(msm_http_shmem_size());
	RequestNamedLWLockTranche(MSM_HTTP_LWLOCK_TRANCHE, 1);
}

#if PG_VERSION_NUM >= 150000
static void
msm_http_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	msm_http_request_shmem();
}
#endif

static void
msm_http_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();

	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	msm_http_shared = ShmemInitStruct("msm http worker state",
									  msm_http_shmem_size(), &found);
	if (!found)
	{
		memset(msm_http_shared, 0, msm_http_shmem_size());
		msm_http_shared->lock = &(GetNamedLWLockTranche(MSM_HTTP_LWLOCK_TRANCHE))->lock;
		msm_http_shared->dsa_tranche_id = LWLockNewTrancheId();
		msm_http_shared->dsa = DSM_HANDLE_INVALID;
		msm_http_shared->worker_pid = 0;
		msm_http_shared->worker_procno = -1;
		msm_http_shared->worker_generation = 0;
		for (int i = 0; i < MSM_HTTP_SLOTS; i++)
		{
			MsmHttpSlot *slot = &msm_http_shared->slots[i];

			slot->state = MSM_SLOT_FREE;
			slot->backend_procno = -1;
			slot->req_body = InvalidDsaPointer;
			slot->resp_body = InvalidDsaPointer;
			slot->retry_after_s = -1;
		}
	}
	LWLockRelease(AddinShmemInitLock);
}

/*
 * Called from _PG_init.  Does nothing unless msm is being loaded through
 * shared_preload_libraries: then HTTP mode is unavailable and backends say
 * so (msm_http_require_preload).
 */
void
msm_http_worker_init(void)
{
	BackgroundWorker worker;

	if (!process_shared_preload_libraries_in_progress)
		return;

#if PG_VERSION_NUM >= 150000
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = msm_http_shmem_request;
#else
	msm_http_request_shmem();
#endif
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = msm_http_shmem_startup;

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

void
msm_http_set_proc_latch(int procno)
{
	if (procno >= 0 && ProcGlobal != NULL && (uint32) procno < ProcGlobal->allProcCount)
		SetLatch(&ProcGlobal->allProcs[procno].procLatch);
}

void
msm_http_url_for_log_buf(const char *url, char *buf, size_t size)
{
	const char *sep;
	const char *host;
	const char *host_end;
	const char *path_end;

	if (size == 0)
		return;
	sep = url ? strstr(url, "://") : NULL;
	if (sep == NULL)
	{
		strlcpy(buf, "(invalid URL)", size);
		return;
	}
	host = sep + 3;
	host_end = host + strcspn(host, "/?#");
	/* drop user info: everything up to the last '@' of the authority */
	for (const char *p = host; p < host_end; p++)
		if (*p == '@')
			host = p + 1;
	path_end = host_end;
	if (*host_end == '/')
		path_end = host_end + strcspn(host_end, "?#");
	snprintf(buf, size, "%.*s://%.*s%.*s",
			 (int) (sep - url), url,
			 (int) (host_end - host), host,
			 (int) (path_end - host_end), host_end);
}

/* ------------------------------------------------------------------------
 * The worker
 * ------------------------------------------------------------------------
 */

/* one in-flight transfer; transfers[i] serves slot i */
typedef struct MsmTransfer
{
	bool		active;
	uint32		slot_generation;
	CURL	   *easy;
	struct curl_slist *headers;
	char	   *buf;			/* response body so far (worker_cxt) */
	size_t		len;
	size_t		cap;
	size_t		max;
	bool		too_large;
	bool		oom;
	int			retry_after_s;
	char		errbuf[CURL_ERROR_SIZE];
} MsmTransfer;

/* result of a transfer, before it is published in the slot */
typedef struct MsmResult
{
	int			status;
	dsa_pointer body;
	size_t		body_len;
	int			retry_after_s;
	bool		location_cross_host;
	char		location[MSM_HTTP_URL_MAX];
	int			curl_code;
	int			failure;
	bool		transport_error;
	char		error[MSM_HTTP_ERROR_MAX];
} MsmResult;

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
	slot->status = 0;
	slot->resp_body = InvalidDsaPointer;
	slot->resp_body_len = 0;
	slot->retry_after_s = -1;
	slot->location_cross_host = false;
	slot->location[0] = '\0';
	slot->curl_code = 0;
	slot->failure = failure;
	slot->transport_error = true;
	strlcpy(slot->error, message, sizeof(slot->error));
	explicit_bzero(slot->bearer, sizeof(slot->bearer));
	slot->state = MSM_SLOT_DONE;
}

/* Reset a slot to FREE (caller holds the lock and frees its memory). */
static void
slot_free_locked(MsmHttpSlot *slot)
{
	explicit_bzero(slot->bearer, sizeof(slot->bearer));
	slot->has_bearer = false;
	slot->req_body = InvalidDsaPointer;
	slot->req_body_len = 0;
	slot->resp_body = InvalidDsaPointer;
	slot->resp_body_len = 0;
	slot->backend_procno = -1;
	slot->backend_pid = 0;
	slot->state = MSM_SLOT_FREE;
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

	for (int i = 0; i < nwake; i++)
		msm_http_set_proc_latch(wake[i]);
}

/* Attach to the DSA area, creating it on the very first start. */
static void
worker_attach_area(void)
{
	dsa_handle	handle;
	MemoryContext oldcxt;

	LWLockRegisterTranche(msm_http_shared->dsa_tranche_id, MSM_HTTP_DSA_TRANCHE_NAME);

	LWLockAcquire(msm_http_shared->lock, LW_SHARED);
	handle = msm_http_shared->dsa;
	LWLockRelease(msm_http_shared->lock);

	oldcxt = MemoryContextSwitchTo(TopMemoryContext);
	if (handle != DSM_HANDLE_INVALID)
		worker_area = dsa_attach(handle);
	else
	{
		worker_area = dsa_create(msm_http_shared->dsa_tranche_id);
		/* outlives this worker: backends and the next worker use it */
		dsa_pin(worker_area);
	}
	dsa_pin_mapping(worker_area);
	MemoryContextSwitchTo(oldcxt);

	if (handle == DSM_HANDLE_INVALID)
	{
		LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
		msm_http_shared->dsa = dsa_get_handle(worker_area);
		LWLockRelease(msm_http_shared->lock);
	}
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
			to_free[nfree++] = slot->req_body;
			to_free[nfree++] = slot->resp_body;
			slot_free_locked(slot);
		}
	}
	LWLockRelease(msm_http_shared->lock);

	for (int i = 0; i < nfree; i++)
		worker_dsa_free(to_free[i]);
	for (int i = 0; i < nwake; i++)
		msm_http_set_proc_latch(wake[i]);
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
				 errdetail("%d more failed request(s) were not logged in the previous %d seconds.",
						   suppressed, MSM_HTTP_LOG_INTERVAL_MS / 1000)));
	else
		ereport(LOG,
				(errmsg("msm http worker: %s %s failed: %s", method, safe_url, error)));
}

/* ---- libcurl callbacks (no ereport, no longjmp through curl) ---------- */

static size_t
worker_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	MsmTransfer *t = (MsmTransfer *) userdata;
	size_t		n = size * nmemb;

	if (n == 0)
		return 0;
	if (n > t->max || t->len > t->max - n)
	{
		t->too_large = true;
		return 0;				/* aborts the transfer (CURLE_WRITE_ERROR) */
	}
	if (t->len + n + 1 > t->cap)
	{
		size_t		newcap = Max(t->cap * 2, (size_t) 16384);
		char	   *newbuf;

		while (newcap < t->len + n + 1)
			newcap *= 2;
		newcap = Min(newcap, t->max + 1);
		newbuf = MemoryContextAllocExtended(worker_cxt, newcap, MCXT_ALLOC_NO_OOM);
		if (newbuf == NULL)
		{
			t->oom = true;
			return 0;
		}
		if (t->buf != NULL)
		{
			memcpy(newbuf, t->buf, t->len);
			pfree(t->buf);
		}
		t->buf = newbuf;
		t->cap = newcap;
	}
	memcpy(t->buf + t->len, ptr, n);
	t->len += n;
	return n;
}

/* Retry-After: delta-seconds or an HTTP-date; -1 when unparseable */
static int
parse_retry_after(const char *value, size_t len)
{
	char		buf[128];
	char	   *s;
	char	   *e;
	bool		digits = true;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, value, len);
	buf[len] = '\0';
	s = buf;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	if (*s == '\0')
		return -1;
	for (char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			digits = false;
	if (digits)
	{
		/* clamp absurd values to one day */
		if (strlen(s) > 6)
			return 86400;
		return Min(atoi(s), 86400);
	}
	else
	{
		time_t		when = curl_getdate(s, NULL);
		time_t		now = time(NULL);

		if (when == (time_t) -1)
			return -1;
		if (when <= now)
			return 0;
		return (int) Min((int64) (when - now), (int64) 86400);
	}
}

static size_t
worker_header_cb(char *buffer, size_t size, size_t nitems, void *userdata)
{
	MsmTransfer *t = (MsmTransfer *) userdata;
	size_t		n = size * nitems;

	/* a new status line (e.g. after 100 Continue) starts a new response */
	if (n >= 5 && strncmp(buffer, "HTTP/", 5) == 0)
		t->retry_after_s = -1;
	else if (n > 12 && pg_strncasecmp(buffer, "retry-after:", 12) == 0)
		t->retry_after_s = parse_retry_after(buffer + 12, n - 12);
	return n;
}

/* ---- transfers ---------------------------------------------------------- */

/* Remove and clean up the easy handle of transfer i; wipe its headers. */
static void
worker_end_transfer(int i)
{
	MsmTransfer *t = &transfers[i];

	if (t->easy != NULL)
	{
		if (t->active)
			curl_multi_remove_handle(multi, t->easy);
		curl_easy_cleanup(t->easy);
	}
	if (t->headers != NULL)
	{
		/* the Authorization line holds the token: wipe before freeing */
		for (struct curl_slist *h = t->headers; h != NULL; h = h->next)
			if (h->data != NULL)
				explicit_bzero(h->data, strlen(h->data));
		curl_slist_free_all(t->headers);
	}
	if (t->buf != NULL)
		pfree(t->buf);
	if (t->active)
		n_active--;
	memset(t, 0, sizeof(*t));
	t->retry_after_s = -1;
}

/* Do two absolute URLs name the same host? (false when unparseable) */
static bool
same_host(const char *a, const char *b)
{
	CURLU	   *ua = curl_url();
	CURLU	   *ub = curl_url();
	char	   *ha = NULL;
	char	   *hb = NULL;
	bool		same = false;

	if (ua != NULL && ub != NULL &&
		curl_url_set(ua, CURLUPART_URL, a, 0) == CURLUE_OK &&
		curl_url_set(ub, CURLUPART_URL, b, 0) == CURLUE_OK &&
		curl_url_get(ua, CURLUPART_HOST, &ha, 0) == CURLUE_OK &&
		curl_url_get(ub, CURLUPART_HOST, &hb, 0) == CURLUE_OK)
		same = (pg_strcasecmp(ha, hb) == 0);
	if (ha)
		curl_free(ha);
	if (hb)
		curl_free(hb);
	if (ua)
		curl_url_cleanup(ua);
	if (ub)
		curl_url_cleanup(ub);
	return same;
}

/*
 * Publish a result in slot i (generation gen): DONE and wake the backend,
 * or, when the backend abandoned the slot meanwhile, free everything.
 */
static void
worker_publish(int i, uint32 gen, MsmResult *r)
{
	MsmHttpSlot *slot = &msm_http_shared->slots[i];
	dsa_pointer free_req = InvalidDsaPointer;
	dsa_pointer free_resp = InvalidDsaPointer;
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
		free_req = slot->req_body;
		free_resp = r->body;
		slot_free_locked(slot);
	}
	else
	{
		free_req = slot->req_body;
		slot->req_body = InvalidDsaPointer;
		slot->req_body_len = 0;
		slot->status = r->status;
		slot->resp_body = r->body;
		slot->resp_body_len = r->body_len;
		slot->retry_after_s = r->retry_after_s;
		slot->location_cross_host = r->location_cross_host;
		strlcpy(slot->location, r->location, sizeof(slot->location));
		slot->curl_code = r->curl_code;
		slot->failure = r->failure;
		slot->transport_error = r->transport_error;
		strlcpy(slot->error, r->error, sizeof(slot->error));
		explicit_bzero(slot->bearer, sizeof(slot->bearer));
		slot->state = MSM_SLOT_DONE;
		wake = slot->backend_procno;
	}
	LWLockRelease(msm_http_shared->lock);

	worker_dsa_free(free_req);
	worker_dsa_free(free_resp);
	if (wake >= 0)
		msm_http_set_proc_latch(wake);
}

/* Fail slot i before its transfer started (configuration error). */
static void
worker_fail_start(int i, uint32 gen, int failure, const char *message)
{
	MsmResult	r;

	memset(&r, 0, sizeof(r));
	r.body = InvalidDsaPointer;
	r.retry_after_s = -1;
	r.failure = failure;
	r.transport_error = true;
	strlcpy(r.error, message, sizeof(r.error));
	worker_end_transfer(i);
	worker_publish(i, gen, &r);
}

/* Copy the response body of transfer t to the DSA area. */
static bool
worker_store_body(MsmTransfer *t, dsa_pointer *out, char *err, size_t errsize)
{
	volatile dsa_pointer dp = InvalidDsaPointer;
	volatile bool ok = false;
	MemoryContext oldcxt = CurrentMemoryContext;

	PG_TRY();
	{
		dp = dsa_allocate_extended(worker_area, t->len, DSA_ALLOC_HUGE | DSA_ALLOC_NO_OOM);
		if (DsaPointerIsValid(dp))
		{
			memcpy(dsa_get_address(worker_area, dp), t->buf, t->len);
			ok = true;
		}
		else
			snprintf(err, errsize, "out of shared memory for a %zu-byte response", t->len);
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		/* only the DSA area's own locks can be held here */
		LWLockReleaseAll();
		snprintf(err, errsize, "could not store the response in shared memory: %s",
				 edata->message);
		FreeErrorData(edata);
	}
	PG_END_TRY();

	*out = ok ? dp : InvalidDsaPointer;
	return ok;
}

/* Transfer i finished with code: build and publish its result. */
static void
worker_complete(int i, CURLcode code)
{
	MsmTransfer *t = &transfers[i];
	MsmHttpSlot *slot = &msm_http_shared->slots[i];
	uint32		gen = t->slot_generation;
	MsmResult	r;
	long		status = 0;

	memset(&r, 0, sizeof(r));
	r.body = InvalidDsaPointer;
	r.retry_after_s = t->retry_after_s;
	r.curl_code = (int) code;

	if (code == CURLE_OK)
	{
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
		r.status = (int) status;
		if (status >= 300 && status < 400)
		{
			char	   *location = NULL;

			/* the absolute target; never followed (CURLOPT_FOLLOWLOCATION 0) */
			if (curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &location) == CURLE_OK &&
				location != NULL)
			{
				strlcpy(r.location, location, sizeof(r.location));
				r.location_cross_host = !same_host(slot->url, location);
			}
		}
		if (t->len > 0)
		{
			if (worker_store_body(t, &r.body, r.error, sizeof(r.error)))
				r.body_len = t->len;
			else
			{
				r.status = 0;
				r.transport_error = true;
				r.failure = MSM_HTTP_FAILURE_TRANSPORT;
			}
		}
	}
	else
	{
		r.transport_error = true;
		if (t->too_large || code == CURLE_FILESIZE_EXCEEDED)
		{
			r.failure = MSM_HTTP_FAILURE_TOO_LARGE;
			snprintf(r.error, sizeof(r.error),
					 "response too large: more than %zu bytes", t->max);
		}
		else if (t->oom)
		{
			r.failure = MSM_HTTP_FAILURE_TRANSPORT;
			strlcpy(r.error, "out of memory in the msm http worker", sizeof(r.error));
		}
		else
		{
			switch (code)
			{
				case CURLE_OPERATION_TIMEDOUT:
					r.failure = MSM_HTTP_FAILURE_TIMEOUT;
					break;
				case CURLE_COULDNT_RESOLVE_HOST:
				case CURLE_COULDNT_RESOLVE_PROXY:
				case CURLE_COULDNT_CONNECT:
					r.failure = MSM_HTTP_FAILURE_CONNECT;
					break;
				default:
					r.failure = MSM_HTTP_FAILURE_TRANSPORT;
					break;
			}
			if (t->errbuf[0] != '\0')
				snprintf(r.error, sizeof(r.error), "%s: %s",
						 curl_easy_strerror(code), t->errbuf);
			else
				strlcpy(r.error, curl_easy_strerror(code), sizeof(r.error));
		}
	}

	worker_end_transfer(i);
	if (r.transport_error)
		worker_log_failure(slot->method, slot->url, r.error);
	worker_publish(i, gen, &r);
}

#define SETOPT(opt, val) \
	do { \
		if (rc == CURLE_OK) \
			rc = curl_easy_setopt(easy, opt, val); \
	} while (0)

/*
 * Configure and start the transfer of slot i (now RUNNING for us).  The
 * request fields are stable while the slot is RUNNING or ABANDONED.
 */
static void
worker_start_transfer(int i)
{
	MsmHttpSlot *slot = &msm_http_shared->slots[i];
	MsmTransfer *t = &transfers[i];
	CURL	   *easy;
	CURLcode	rc = CURLE_OK;
	CURLMcode	mrc;
	const char *method = slot->method;
	bool		sends_body;
	char		msg[MSM_HTTP_ERROR_MAX];

	memset(t, 0, sizeof(*t));
	t->slot_generation = slot->generation;
	t->retry_after_s = -1;
	t->max = MSM_HTTP_MAX_RESPONSE_BYTES;
	if (slot->max_response_bytes > 0 && slot->max_response_bytes < t->max)
		t->max = slot->max_response_bytes;

	easy = curl_easy_init();
	if (easy == NULL)
	{
		explicit_bzero(slot->bearer, sizeof(slot->bearer));
		worker_fail_start(i, t->slot_generation, MSM_HTTP_FAILURE_TRANSPORT,
						  "could not create a libcurl handle");
		return;
	}
	t->easy = easy;

	/* headers; the token goes only into curl's copy, wiped at the end */
	{
		struct curl_slist *h = NULL;
		struct curl_slist *next;
		static const char *const fixed[] = {
			"Content-Type: application/json",
			"Accept: application/json",
			"Expect:",
		};

		for (int k = 0; k < lengthof(fixed); k++)
		{
			next = curl_slist_append(h, fixed[k]);
			if (next == NULL)
			{
				if (h != NULL)
					curl_slist_free_all(h);
				h = NULL;
				break;
			}
			h = next;
		}
		if (h != NULL && slot->has_bearer)
		{
			char		auth[MSM_HTTP_TOKEN_MAX + 32];

			snprintf(auth, sizeof(auth), "Authorization: Bearer %s", slot->bearer);
			next = curl_slist_append(h, auth);
			explicit_bzero(auth, sizeof(auth));
			if (next == NULL)
			{
				curl_slist_free_all(h);
				h = NULL;
			}
			else
				h = next;
		}
		explicit_bzero(slot->bearer, sizeof(slot->bearer));
		if (h == NULL)
		{
			worker_fail_start(i, t->slot_generation, MSM_HTTP_FAILURE_TRANSPORT,
							  "out of memory in the msm http worker");
			return;
		}
		t->headers = h;
	}

	/* only http and https, also for redirect targets (none are followed) */
#if LIBCURL_VERSION_NUM >= 0x075500
	rc = curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (rc == CURLE_UNKNOWN_OPTION)
#endif
	{
		/* older runtime library than headers */
		rc = curl_easy_setopt(easy, CURLOPT_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
	}
	SETOPT(CURLOPT_URL, slot->url);
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, (long) slot->connect_timeout_ms);
	SETOPT(CURLOPT_TIMEOUT_MS, (long) slot->timeout_ms);
	SETOPT(CURLOPT_SSL_VERIFYPEER, slot->tls_verify ? 1L : 0L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, slot->tls_verify ? 2L : 0L);
	if (slot->tls_ca_file[0] != '\0')
		SETOPT(CURLOPT_CAINFO, slot->tls_ca_file);
	SETOPT(CURLOPT_HTTPHEADER, t->headers);
	SETOPT(CURLOPT_USERAGENT, "msm/" MSM_EXTENSION_VERSION);
	SETOPT(CURLOPT_TCP_KEEPALIVE, 1L);
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) t->max);
	SETOPT(CURLOPT_WRITEFUNCTION, worker_write_cb);
	SETOPT(CURLOPT_WRITEDATA, (void *) t);
	SETOPT(CURLOPT_HEADERFUNCTION, worker_header_cb);
	SETOPT(CURLOPT_HEADERDATA, (void *) t);
	SETOPT(CURLOPT_ERRORBUFFER, t->errbuf);
	SETOPT(CURLOPT_PRIVATE, (void *) t);
	SETOPT(CURLOPT_SHARE, share);

	sends_body = (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
				  strcmp(method, "PATCH") == 0 ||
				  (strcmp(method, "DELETE") == 0 && slot->req_body_len > 0));
	if (strcmp(method, "GET") == 0)
		SETOPT(CURLOPT_HTTPGET, 1L);
	else if (strcmp(method, "HEAD") == 0)
		SETOPT(CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "POST") != 0)
		SETOPT(CURLOPT_CUSTOMREQUEST, method);
	if (sends_body)
	{
		const char *body = "";

		if (slot->req_body_len > 0)
			body = dsa_get_address(worker_area, slot->req_body);
		/* never NULL: a NULL body would make curl read stdin */
		SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) slot->req_body_len);
		SETOPT(CURLOPT_POSTFIELDS, body);
	}

	if (rc != CURLE_OK)
	{
		snprintf(msg, sizeof(msg), "could not configure the request: %s",
				 curl_easy_strerror(rc));
		worker_fail_start(i, t->slot_generation, MSM_HTTP_FAILURE_TRANSPORT, msg);
		return;
	}

	mrc = curl_multi_add_handle(multi, easy);
	if (mrc != CURLM_OK)
	{
		snprintf(msg, sizeof(msg), "could not start the request: %s",
				 curl_multi_strerror(mrc));
		worker_fail_start(i, t->slot_generation, MSM_HTTP_FAILURE_TRANSPORT, msg);
		return;
	}
	t->active = true;
	n_active++;
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
				(errmsg("msm http worker reclaimed %d request slot(s) of exited backends", n)));
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
		to_free[nfree++] = slot->req_body;
		to_free[nfree++] = slot->resp_body;
		slot_free_locked(slot);
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
				 errhint("Load msm through shared_preload_libraries.")));

	worker_cxt = AllocSetContextCreate(TopMemoryContext, "msm http worker",
									   ALLOCSET_DEFAULT_SIZES);
	memset(transfers, 0, sizeof(transfers));

	worker_attach_area();

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		ereport(FATAL,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("msm http worker could not initialize libcurl")));
	multi = curl_multi_init();
	share = curl_share_init();
	if (multi == NULL || share == NULL)
		ereport(FATAL,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("msm http worker could not initialize libcurl")));
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long) MSM_HTTP_MAX_CONNECTS);

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

	/* exit status 1: the postmaster restarts us unless it is shutting down */
	proc_exit(1);
}
