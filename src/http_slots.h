/*-------------------------------------------------------------------------
 *
 * http_slots.h
 *	  The slot protocol between backends (http_client.c) and the msm http
 *	  worker (http_worker.c), the background worker that owns libcurl and
 *	  serves the HTTP requests of every backend (doc/tsmanager.md, "HTTP
 *	  worker").  Both sides depend on this module only, not on each other.
 *
 * Shared state: a fixed array of request slots in the main shared memory,
 * guarded by one LWLock, plus a DSA area for request and response bodies.
 *
 * Slot life cycle (who moves it):
 *
 *	  FREE --backend--> RESERVED --backend--> PENDING --worker--> RUNNING
 *	  RUNNING --worker--> DONE --backend--> FREE
 *	  RESERVED/PENDING/RUNNING/DONE --backend, on error/cancel/exit--> ABANDONED
 *	  ABANDONED --worker (aborts the transfer, frees DSA memory)--> FREE
 *
 * Memory: a slot's request body (req_body) is freed by the worker when it
 * finishes the transfer (before DONE) or by whoever frees an ABANDONED slot
 * (always the worker); the response body (result.body) by the backend that
 * reads it, or by the worker when the slot was abandoned.  The backend
 * therefore never has to touch the DSA area on its error paths.
 *
 * Worker generations: the worker bumps worker_generation at each start.  A
 * RUNNING slot records the generation of the worker that took it; at exit
 * the worker fails its RUNNING slots ("msm http worker exited"), at start
 * it fails those a previous worker left behind ("msm http worker
 * restarted").  PENDING slots were never sent and are served by the next
 * worker; backends give up on them after a grace period without a worker.
 *
 * Safety net: about once a second the worker also marks ABANDONED any slot
 * whose backend has exited without releasing it (and logs that, since the
 * backend's ERROR and exit paths should always release it).
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_HTTP_SLOTS_H
#define MSM_HTTP_SLOTS_H

#include "postgres.h"

#include "storage/lwlock.h"
#include "utils/dsa.h"

/* Largest response body accepted (bytes); larger ones fail "response too large". */
#define MSM_HTTP_MAX_RESPONSE_BYTES 33554432

#define MSM_HTTP_SLOTS			64
#define MSM_HTTP_URL_MAX		2048
#define MSM_HTTP_TOKEN_MAX		4096
#define MSM_HTTP_ERROR_MAX		256
#define MSM_HTTP_METHOD_MAX		8
#define MSM_HTTP_CA_FILE_MAX	MAXPGPATH

/* How long a backend waits for a missing worker before giving up (ms). */
#define MSM_HTTP_WORKER_GRACE_MS 3000

/* Why a request got no HTTP answer (MsmHttpResponse.failure, MsmHttpSlot.failure). */
typedef enum MsmHttpFailure
{
	MSM_HTTP_FAILURE_NONE = 0,	/* an HTTP answer (any status) */
	MSM_HTTP_FAILURE_CONNECT,	/* could not resolve or connect: nothing sent */
	MSM_HTTP_FAILURE_TIMEOUT,	/* connect or total timeout of the transfer */
	MSM_HTTP_FAILURE_TRANSPORT, /* other network, TLS or protocol failure */
	MSM_HTTP_FAILURE_TOO_LARGE, /* response over MSM_HTTP_MAX_RESPONSE_BYTES */
	MSM_HTTP_FAILURE_WORKER		/* worker not running, exited or restarted */
} MsmHttpFailure;

typedef enum MsmHttpSlotState
{
	MSM_SLOT_FREE = 0,
	MSM_SLOT_RESERVED,			/* claimed by a backend, being filled in */
	MSM_SLOT_PENDING,			/* waiting for the worker */
	MSM_SLOT_RUNNING,			/* transfer in progress in the worker */
	MSM_SLOT_DONE,				/* result written, backend not yet done */
	MSM_SLOT_ABANDONED			/* backend gone: worker frees it */
} MsmHttpSlotState;

/* the answer to a request, or why there is none */
typedef struct MsmHttpResult
{
	int			status;			/* HTTP status; 0 on transport error */
	dsa_pointer body;			/* response body in the DSA area */
	size_t		body_len;
	int			retry_after_s;	/* -1 when none */
	bool		location_cross_host;
	char		location[MSM_HTTP_URL_MAX];
	int			curl_code;
	int			failure;		/* MsmHttpFailure */
	bool		transport_error;
	char		error[MSM_HTTP_ERROR_MAX];
} MsmHttpResult;

typedef struct MsmHttpSlot
{
	MsmHttpSlotState state;
	uint32		generation;		/* bumped at each claim */
	int			backend_procno; /* requesting backend (its latch) */
	int			backend_pid;
	uint64		worker_generation;	/* of the worker that took it (RUNNING) */

	/* request (written by the backend before PENDING, read-only after) */
	char		method[MSM_HTTP_METHOD_MAX];
	char		url[MSM_HTTP_URL_MAX];
	bool		has_bearer;
	char		bearer[MSM_HTTP_TOKEN_MAX]; /* secret: wiped once used */
	dsa_pointer req_body;
	size_t		req_body_len;
	int			connect_timeout_ms;
	int			timeout_ms;
	bool		tls_verify;
	char		tls_ca_file[MSM_HTTP_CA_FILE_MAX];
	size_t		max_response_bytes;

	/* result (written by the worker before DONE) */
	MsmHttpResult result;
} MsmHttpSlot;

typedef struct MsmHttpShared
{
	LWLock	   *lock;			/* guards everything below */
	int			dsa_tranche_id;
	dsa_handle	dsa;			/* DSM_HANDLE_INVALID until the worker made it */
	pid_t		worker_pid;		/* 0 when no worker runs */
	int			worker_procno;
	uint64		worker_generation;
	MsmHttpSlot slots[MSM_HTTP_SLOTS];
} MsmHttpShared;

/* NULL unless msm was loaded through shared_preload_libraries */
extern MsmHttpShared *msm_http_shared;

/* Name of the slot LWLock's tranche and of the DSA area's tranche. */
#define MSM_HTTP_LWLOCK_TRANCHE "msm_http"
#define MSM_HTTP_DSA_TRANCHE_NAME "msm_http_dsa"

/* shared memory (shmem.c asks for the size and calls the init) */
extern Size msm_http_slots_shmem_size(void);
extern void msm_http_slots_shmem_init(void *ptr, bool found);

/*
 * Map the DSA area of the bodies for the rest of the process (the mapping
 * lives in TopMemoryContext and is pinned); NULL while no worker has
 * created it yet.
 */
extern dsa_area *msm_http_area_attach_existing(void);

/* A result without answer or failure (yet). */
extern void msm_http_result_clear(MsmHttpResult *r);

/* A result saying that the request got no answer: failure and message. */
extern void msm_http_result_fail(MsmHttpResult *r, int failure, const char *message);

/*
 * Make a slot FREE (caller holds the lock).  Its request and response
 * bodies are returned in *req_body and *resp_body: the caller frees them
 * after releasing the lock.
 */
extern void msm_http_slot_free_locked(MsmHttpSlot *slot, dsa_pointer *req_body,
									  dsa_pointer *resp_body);

/* Wake a process through its PGPROC latch. */
extern void msm_http_set_proc_latch(int procno);

/* Wake the n processes of procnos (latches), e.g. collected under the lock. */
extern void msm_http_wake_procs(const int *procnos, int n);

/*
 * scheme://host[:port]/path of url (no user info, query or fragment) into
 * buf; safe in the worker (no allocation, no ereport).
 */
extern void msm_http_url_for_log_buf(const char *url, char *buf, size_t size);

#endif							/* MSM_HTTP_SLOTS_H */
