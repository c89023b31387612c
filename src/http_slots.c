/*-------------------------------------------------------------------------
 *
 * http_slots.c
 *	  The shared state of the HTTP transport (TS Manager mode): the request slots in the main shared
 *	  memory, the DSA area of request and response bodies, and the small
 *	  steps both the backends (http_client.c) and the msm http worker
 *	  (http_worker.c) take on them.  http_slots.h describes the protocol.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "storage/dsm.h"
#include "storage/latch.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "utils/memutils.h"

#include "http_slots.h"

MsmHttpShared *msm_http_shared = NULL;

Size
msm_http_slots_shmem_size(void)
{
	return MAXALIGN(sizeof(MsmHttpShared));
}

void
msm_http_slots_shmem_init(void *ptr, bool found)
{
	msm_http_shared = (MsmHttpShared *) ptr;
	if (found)
		return;

	memset(msm_http_shared, 0, msm_http_slots_shmem_size());
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
		msm_http_result_clear(&slot->result);
	}
}

dsa_area *
msm_http_area_attach_existing(void)
{
	dsa_handle	handle;
	MemoryContext oldcxt;
	dsa_area   *area;

	LWLockAcquire(msm_http_shared->lock, LW_SHARED);
	handle = msm_http_shared->dsa;
	LWLockRelease(msm_http_shared->lock);
	if (handle == DSM_HANDLE_INVALID)
		return NULL;

	oldcxt = MemoryContextSwitchTo(TopMemoryContext);
	LWLockRegisterTranche(msm_http_shared->dsa_tranche_id, MSM_HTTP_DSA_TRANCHE_NAME);
	area = dsa_attach(handle);
	dsa_pin_mapping(area);
	MemoryContextSwitchTo(oldcxt);
	return area;
}

void
msm_http_result_clear(MsmHttpResult *r)
{
	memset(r, 0, sizeof(*r));
	r->body = InvalidDsaPointer;
	r->retry_after_s = -1;
	r->failure = MSM_HTTP_FAILURE_NONE;
}

void
msm_http_result_fail(MsmHttpResult *r, int failure, const char *message)
{
	msm_http_result_clear(r);
	r->failure = failure;
	r->transport_error = true;
	strlcpy(r->error, message, sizeof(r->error));
}

void
msm_http_slot_free_locked(MsmHttpSlot *slot, dsa_pointer *req_body,
						  dsa_pointer *resp_body)
{
	*req_body = slot->req_body;
	*resp_body = slot->result.body;
	explicit_bzero(slot->bearer, sizeof(slot->bearer));
	slot->has_bearer = false;
	slot->req_body = InvalidDsaPointer;
	slot->req_body_len = 0;
	slot->result.body = InvalidDsaPointer;
	slot->result.body_len = 0;
	slot->backend_procno = -1;
	slot->backend_pid = 0;
	slot->state = MSM_SLOT_FREE;
}

void
msm_http_set_proc_latch(int procno)
{
	if (procno >= 0 && ProcGlobal != NULL && (uint32) procno < ProcGlobal->allProcCount)
		SetLatch(&ProcGlobal->allProcs[procno].procLatch);
}

void
msm_http_wake_procs(const int *procnos, int n)
{
	for (int i = 0; i < n; i++)
		msm_http_set_proc_latch(procnos[i]);
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
