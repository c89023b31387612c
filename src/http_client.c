/*-------------------------------------------------------------------------
 *
 * http_client.c
 *	  The backend side of the HTTP transport (TS Manager mode): msm_http_perform() hands one request to
 *	  the msm http worker through a shared-memory slot and waits on the
 *	  backend's latch for the answer (http_client.h; the slot protocol is
 *	  http_slots.h), and the transport settings (timeouts, TLS).
 *
 * A backend holds at most one slot at a time (my_slot).  Any way out of a
 * request other than reading its answer -- ERROR (cancel, timeout, out of
 * memory) through PG_FINALLY, FATAL (pg_terminate_backend) through a
 * before_shmem_exit callback -- marks the slot ABANDONED; the worker then
 * aborts the transfer and frees the slot's shared memory.  The error paths
 * only take the slot LWLock (never held while anything can fail) and never
 * touch the DSA area.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "pgstat.h"
#include "storage/dsm.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "utils/dsa.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "http_client.h"
#include "http_slots.h"
#include "http_stats.h"

int			msm_http_timeout_ms = 5000;
int			msm_http_connect_timeout_ms = 1000;
char	   *msm_tls_ca_file = NULL;
bool		msm_tls_verify = true;

static dsa_area *client_area = NULL;	/* session-long mapping */
static int	my_slot = -1;
static uint32 my_slot_generation = 0;
static bool exit_callback_registered = false;
static bool wait_timed_out = false;	/* the current wait ended by its deadline */

/* what a wait is about, for the timeout message */
typedef struct ClientWait
{
	TimestampTz deadline;		/* 0: none */
	int			wait_timeout_ms;	/* the bound named in the error */
	const char *method;
	const char *url;
} ClientWait;

/* msm.tls_ca_file: empty, or a path the server can open (length only) */
static bool
check_tls_ca_file(char **newval, void **extra, GucSource source)
{
	size_t		len = strlen(*newval);

	if (len >= MAXPGPATH)
	{
		GUC_check_errcode(ERRCODE_NAME_TOO_LONG);
		GUC_check_errmsg("msm.tls_ca_file is too long");
		GUC_check_errdetail("The path has %zu bytes; at most %d are allowed.", len, MAXPGPATH - 1);
		GUC_check_errhint("Give the absolute path of a PEM CA bundle readable by the server, or RESET msm.tls_ca_file; for the system bundle.");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *) *newval; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
		{
			GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
			GUC_check_errmsg("msm.tls_ca_file contains a control character");
			GUC_check_errdetail("Byte %d of the path is a control character.", (int) (p - (const unsigned char *) *newval) + 1);
			GUC_check_errhint("Give the absolute path of a PEM CA bundle readable by the server, or RESET msm.tls_ca_file; for the system bundle.");
			return false;
		}
	return true;
}

void
msm_http_client_define_settings(void)
{
	DefineCustomIntVariable("msm.http_timeout_ms",
							"Total timeout of one TS Manager HTTP request.",
							NULL, &msm_http_timeout_ms, 5000, 1, 3600 * 1000,
							PGC_SUSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomIntVariable("msm.http_connect_timeout_ms",
							"Connect timeout of TS Manager HTTP requests.",
							NULL, &msm_http_connect_timeout_ms, 1000, 1, 600 * 1000,
							PGC_SUSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomStringVariable("msm.tls_ca_file",
							   "CA bundle used to verify TS Manager's certificate.",
							   NULL, &msm_tls_ca_file, "",
							   PGC_SUSET, 0, check_tls_ca_file, NULL, NULL);
	DefineCustomBoolVariable("msm.tls_verify",
							 "Verify TS Manager's TLS certificate and host name.",
							 NULL, &msm_tls_verify, true,
							 PGC_SUSET, 0, NULL, NULL, NULL);
}

void
msm_http_require_preload(void)
{
	if (msm_http_shared == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("msm HTTP mode requires shared_preload_libraries = 'msm'"),
				 errdetail("TS Manager calls go through the msm http worker, which runs only when msm is preloaded."),
				 errhint("Add msm to shared_preload_libraries in postgresql.conf (or ALTER SYSTEM SET shared_preload_libraries = 'msm') and restart the server, or reset msm.endpoint to use the embedded registry.")));
}

char *
msm_http_url_for_log(const char *url)
{
	char		buf[MSM_HTTP_URL_MAX];

	msm_http_url_for_log_buf(url, buf, sizeof(buf));
	return pstrdup(buf);
}

/* ---- slot release (error paths) ------------------------------------------ */

/*
 * Give up the slot this backend holds, if any: ABANDONED, and the worker
 * told.  Idempotent; safe in PG_FINALLY and at backend exit.
 */
static void
client_release_slot(void)
{
	int			slotno = my_slot;
	bool		held;
	int			worker_procno = -1;
	MsmHttpSlot *slot;

	if (slotno < 0 || msm_http_shared == NULL)
		return;
	my_slot = -1;

	held = LWLockHeldByMe(msm_http_shared->lock);
	if (!held)
		LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	slot = &msm_http_shared->slots[slotno];
	if (slot->generation == my_slot_generation &&
		slot->backend_pid == MyProcPid &&
		slot->state != MSM_SLOT_FREE &&
		slot->state != MSM_SLOT_ABANDONED)
	{
		/* a RUNNING slot's token belongs to the worker, which wipes it */
		if (slot->state != MSM_SLOT_RUNNING)
			explicit_bzero(slot->bearer, sizeof(slot->bearer));
		slot->state = MSM_SLOT_ABANDONED;
		if (msm_http_shared->worker_pid != 0)
			worker_procno = msm_http_shared->worker_procno;
	}
	if (!held)
		LWLockRelease(msm_http_shared->lock);

	if (worker_procno >= 0)
		msm_http_set_proc_latch(worker_procno);
}

static void
client_on_exit(int code, Datum arg)
{
	client_release_slot();
}

/* ---- waiting --------------------------------------------------------------- */

static void
client_timeout_error(const ClientWait *w)
{
	char	   *safe_url = msm_http_url_for_log(w->url);

	wait_timed_out = true;		/* for the statistics */
	ereport(ERROR,
			(errcode(ERRCODE_QUERY_CANCELED),
			 errmsg("TS Manager request timed out after %d ms", w->wait_timeout_ms),
			 errdetail("No answer to %s %s within the time limit of the call.",
					   w->method, safe_url),
			 errhint("Check that TS Manager answers at msm.endpoint, or allow more time (the timeout_ms argument).")));
}

static bool
client_deadline_passed(const ClientWait *w)
{
	return w->deadline != 0 && GetCurrentTimestamp() >= w->deadline;
}

/*
 * Sleep on the latch for at most max_ms (and not past the deadline), then
 * serve interrupts: pg_cancel_backend ends the wait here with the usual
 * error, which the caller's PG_FINALLY turns into an abandoned slot.
 */
static void
client_sleep(const ClientWait *w, long max_ms)
{
	long		ms = max_ms;

	if (w->deadline != 0)
	{
		long		left = TimestampDifferenceMilliseconds(GetCurrentTimestamp(), w->deadline);

		if (left <= 0)
			client_timeout_error(w);
		ms = Min(ms, left);
	}
	(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
					 ms, PG_WAIT_EXTENSION);
	ResetLatch(MyLatch);
	CHECK_FOR_INTERRUPTS();
}

static void
resp_fail(MsmHttpResponse *resp, MsmHttpFailure failure, const char *message)
{
	resp->status = 0;
	resp->body = pstrdup("");
	resp->body_len = 0;
	resp->transport_error = true;
	resp->failure = failure;
	resp->error = pstrdup(message);
}

/*
 * Map the DSA area for the session.  false (resp filled) when no worker
 * ever made it within the grace period.
 */
static bool
client_attach(const ClientWait *w, MsmHttpResponse *resp)
{
	TimestampTz since = GetCurrentTimestamp();

	while (client_area == NULL)
	{
		client_area = msm_http_area_attach_existing();
		if (client_area != NULL)
			break;
		if (TimestampDifferenceExceeds(since, GetCurrentTimestamp(), MSM_HTTP_WORKER_GRACE_MS))
		{
			resp_fail(resp, MSM_HTTP_FAILURE_WORKER, "msm http worker is not running");
			return false;
		}
		if (client_deadline_passed(w))
			client_timeout_error(w);
		client_sleep(w, 50);
	}
	return true;
}

/* Claim a FREE slot (RESERVED, ours); waits while all are busy. */
static int
client_claim_slot(const ClientWait *w)
{
	for (;;)
	{
		int			found = -1;

		LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
		for (int i = 0; i < MSM_HTTP_SLOTS; i++)
		{
			MsmHttpSlot *slot = &msm_http_shared->slots[i];

			if (slot->state != MSM_SLOT_FREE)
				continue;
			slot->state = MSM_SLOT_RESERVED;
			slot->generation++;
			slot->backend_procno = MyProc->pgprocno;
			slot->backend_pid = MyProcPid;
			slot->req_body = InvalidDsaPointer;
			slot->result.body = InvalidDsaPointer;
			/* recorded before any interrupt can be served */
			my_slot = i;
			my_slot_generation = slot->generation;
			found = i;
			break;
		}
		LWLockRelease(msm_http_shared->lock);

		if (found >= 0)
			return found;
		if (client_deadline_passed(w))
			client_timeout_error(w);
		client_sleep(w, 10);
	}
}

/* Fill in the request of a RESERVED slot (only this backend touches it). */
static void
client_fill_slot(MsmHttpSlot *slot, const MsmHttpRequest *req, const char *method)
{
	strlcpy(slot->method, method, sizeof(slot->method));
	strlcpy(slot->url, req->url, sizeof(slot->url));
	slot->has_bearer = (req->bearer_token != NULL && req->bearer_token[0] != '\0');
	if (slot->has_bearer)
		strlcpy(slot->bearer, req->bearer_token, sizeof(slot->bearer));
	else
		slot->bearer[0] = '\0';
	slot->req_body_len = 0;
	slot->timeout_ms = req->timeout_ms > 0 ? req->timeout_ms : msm_http_timeout_ms;
	slot->connect_timeout_ms = req->connect_timeout_ms > 0 ? req->connect_timeout_ms
		: msm_http_connect_timeout_ms;
	slot->tls_verify = msm_tls_verify;
	strlcpy(slot->tls_ca_file, msm_tls_ca_file ? msm_tls_ca_file : "",
			sizeof(slot->tls_ca_file));
	slot->max_response_bytes = MSM_HTTP_MAX_RESPONSE_BYTES;
	msm_http_result_clear(&slot->result);
	if (req->body_len > 0)
	{
		dsa_pointer dp = dsa_allocate_extended(client_area, req->body_len,
											   DSA_ALLOC_HUGE | DSA_ALLOC_NO_OOM);

		if (!DsaPointerIsValid(dp))
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of shared memory for a %zu-byte HTTP request body",
							req->body_len),
					 errdetail("Request bodies wait in the HTTP worker's shared memory area until they are sent."),
					 errhint("Retry later; many large requests may be in flight.")));
		memcpy(dsa_get_address(client_area, dp), req->body, req->body_len);
		slot->req_body = dp;
		slot->req_body_len = req->body_len;
	}
}

/* Hand a filled-in slot to the worker (PENDING) and wake it. */
static void
client_hand_over(MsmHttpSlot *slot)
{
	int			worker_procno;
	pid_t		worker_pid;

	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	slot->state = MSM_SLOT_PENDING;
	worker_pid = msm_http_shared->worker_pid;
	worker_procno = msm_http_shared->worker_procno;
	LWLockRelease(msm_http_shared->lock);
	if (worker_pid != 0)
		msm_http_set_proc_latch(worker_procno);
}

/*
 * Wait until the worker has answered (DONE).  false, with resp filled in,
 * when the worker went away or never came (PG_FINALLY frees the slot).
 */
static bool
client_wait_done(MsmHttpSlot *slot, const ClientWait *w, MsmHttpResponse *resp)
{
	TimestampTz no_worker_since = 0;

	for (;;)
	{
		MsmHttpSlotState state;
		uint64		slot_wgen;
		uint64		wgen;
		pid_t		worker_pid;

		LWLockAcquire(msm_http_shared->lock, LW_SHARED);
		state = slot->state;
		slot_wgen = slot->worker_generation;
		wgen = msm_http_shared->worker_generation;
		worker_pid = msm_http_shared->worker_pid;
		LWLockRelease(msm_http_shared->lock);

		if (state == MSM_SLOT_DONE)
			return true;
		if (state == MSM_SLOT_RUNNING && (worker_pid == 0 || slot_wgen != wgen))
		{
			/* the worker went away without saying so */
			resp_fail(resp, MSM_HTTP_FAILURE_WORKER, "msm http worker exited");
			return false;
		}
		if (state == MSM_SLOT_PENDING && worker_pid == 0)
		{
			TimestampTz now = GetCurrentTimestamp();

			if (no_worker_since == 0)
				no_worker_since = now;
			else if (TimestampDifferenceExceeds(no_worker_since, now, MSM_HTTP_WORKER_GRACE_MS))
			{
				resp_fail(resp, MSM_HTTP_FAILURE_WORKER, "msm http worker is not running");
				return false;
			}
		}
		else
			no_worker_since = 0;

		if (client_deadline_passed(w))
			client_timeout_error(w);
		client_sleep(w, worker_pid == 0 ? 100 : 1000);
	}
}

/* DONE: the slot is ours again; copy the answer out, then free the slot. */
static void
client_take_answer(MsmHttpSlot *slot, MsmHttpResponse *resp)
{
	dsa_pointer req_body;
	dsa_pointer resp_body;

	resp->status = slot->result.status;
	resp->retry_after_s = slot->result.retry_after_s;
	resp->transport_error = slot->result.transport_error;
	resp->failure = (MsmHttpFailure) slot->result.failure;
	resp->curl_code = slot->result.curl_code;
	resp->error = slot->result.error[0] != '\0' ? pstrdup(slot->result.error) : NULL;
	resp->location = slot->result.location[0] != '\0' ? pstrdup(slot->result.location) : NULL;
	resp->location_cross_host = slot->result.location_cross_host;
	resp->body_len = 0;
	if (DsaPointerIsValid(slot->result.body) && slot->result.body_len > 0)
	{
		resp->body = MemoryContextAllocHuge(CurrentMemoryContext, slot->result.body_len + 1);
		memcpy(resp->body, dsa_get_address(client_area, slot->result.body),
			   slot->result.body_len);
		resp->body[slot->result.body_len] = '\0';
		resp->body_len = slot->result.body_len;
	}
	else
		resp->body = pstrdup("");

	/* free the slot first, then its memory: an error now cannot double-free */
	LWLockAcquire(msm_http_shared->lock, LW_EXCLUSIVE);
	msm_http_slot_free_locked(slot, &req_body, &resp_body);
	my_slot = -1;
	LWLockRelease(msm_http_shared->lock);

	if (DsaPointerIsValid(req_body))
		dsa_free(client_area, req_body);
	if (DsaPointerIsValid(resp_body))
		dsa_free(client_area, resp_body);
}

/*
 * The body of msm_http_perform, inside its PG_TRY: may return early and
 * raise errors freely.
 */
static void
client_perform(const MsmHttpRequest *req, const char *method, const ClientWait *w,
			   MsmHttpResponse *resp)
{
	MsmHttpSlot *slot;

	if (!client_attach(w, resp))
		return;
	slot = &msm_http_shared->slots[client_claim_slot(w)];
	client_fill_slot(slot, req, method);
	client_hand_over(slot);
	if (client_wait_done(slot, w, resp))
		client_take_answer(slot, resp);
}

static const char *
client_check_method(const char *method)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};

	if (method != NULL)
		for (int i = 0; i < lengthof(methods); i++)
			if (pg_strcasecmp(method, methods[i]) == 0)
				return methods[i];
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unsupported HTTP method \"%s\"", method ? method : "(null)"),
			 errdetail("The HTTP worker sends only the standard methods."),
			 errhint("Use GET, POST, PUT, PATCH, DELETE or HEAD.")));
	pg_unreachable();
}

static void
client_check_url(const char *url)
{
	size_t		len;

	if (url == NULL || url[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("HTTP request URL is required"),
				 errdetail("The URL is NULL or empty."),
				 errhint("Set msm.endpoint to the TS Manager base URL.")));
	len = strlen(url);
	if (len >= MSM_HTTP_URL_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("HTTP request URL is too long"),
				 errdetail("The URL has %zu bytes; at most %d are allowed.",
						   len, MSM_HTTP_URL_MAX - 1),
				 errhint("Use a shorter msm.endpoint.")));
	if (pg_strncasecmp(url, "http://", 7) != 0 && pg_strncasecmp(url, "https://", 8) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("msm HTTP requests must use http or https"),
				 errdetail("The URL \"%s\" uses another scheme.", msm_http_url_for_log(url)),
				 errhint("Use an http:// or https:// URL (msm.endpoint).")));
	for (const char *p = url; *p; p++)
		if ((unsigned char) *p <= 0x20 || (unsigned char) *p == 0x7f)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("HTTP request URL contains spaces or control characters"),
					 errdetail("The URL is \"%s\".", msm_http_url_for_log(url)),
					 errhint("Percent-encode the URL (msm.endpoint).")));
}

void
msm_http_perform(const MsmHttpRequest *req, int wait_timeout_ms, MsmHttpResponse *resp)
{
	const char *method;
	ClientWait	w;
	TimestampTz started;
	volatile bool answered = false;

	memset(resp, 0, sizeof(*resp));
	resp->retry_after_s = -1;

	msm_http_require_preload();

	/* bad arguments are errors, before anything is shared */
	method = client_check_method(req->method);
	client_check_url(req->url);
	if (req->body_len > 0 && req->body == NULL)
		elog(ERROR, "HTTP request body of %zu bytes is NULL", req->body_len);
	if (req->body_len > 0 && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an HTTP %s request cannot carry a body", method),
				 errdetail("The request has a %zu-byte body.", req->body_len),
				 errhint("Send the body with POST, PUT, PATCH or DELETE.")));
	if (req->body_len > MSM_HTTP_MAX_REQUEST_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("HTTP request body is too large"),
				 errdetail("The body has %zu bytes; at most %d are allowed.",
						   req->body_len, MSM_HTTP_MAX_REQUEST_BYTES),
				 errhint("Send fewer rows per request.")));
	if (req->bearer_token != NULL && strlen(req->bearer_token) >= MSM_HTTP_TOKEN_MAX - 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("TS Manager access token is too long"),
				 errdetail("At most %d bytes are allowed.", MSM_HTTP_TOKEN_MAX - 2),
				 errhint("Check msm.access_token.")));
	if (msm_tls_ca_file != NULL && strlen(msm_tls_ca_file) >= MSM_HTTP_CA_FILE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("msm.tls_ca_file is too long"),
				 errdetail("At most %d bytes are allowed.", MSM_HTTP_CA_FILE_MAX - 1),
				 errhint("Move the CA bundle to a shorter path.")));

	w.deadline = wait_timeout_ms > 0
		? TimestampTzPlusMilliseconds(GetCurrentTimestamp(), wait_timeout_ms) : 0;
	w.wait_timeout_ms = req->call_timeout_ms > 0 ? req->call_timeout_ms : wait_timeout_ms;
	w.method = method;
	w.url = req->url;

	if (!exit_callback_registered)
	{
		before_shmem_exit(client_on_exit, (Datum) 0);
		exit_callback_registered = true;
	}

	started = GetCurrentTimestamp();
	wait_timed_out = false;
	PG_TRY();
	{
		client_perform(req, method, &w, resp);
		answered = true;
	}
	PG_FINALLY();
	{
		/* no-op after a normal answer; abandons the slot otherwise */
		client_release_slot();
		/* doc/tsmanager.md, "Statistics": every request counts, given up or not */
		if (!answered)
			msm_http_stats_count_request(req->url, wait_timed_out ?
										 MSM_HTTP_OUTCOME_WAIT_TIMEOUT : MSM_HTTP_OUTCOME_CANCELLED,
										 0, MSM_HTTP_FAILURE_NONE, 0, req->body_len, 0, started);
	}
	PG_END_TRY();
	msm_http_stats_count_request(req->url, MSM_HTTP_OUTCOME_ANSWERED, resp->status,
								 resp->failure, resp->curl_code, req->body_len,
								 resp->body_len, started);
}
