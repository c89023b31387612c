/*-------------------------------------------------------------------------
 *
 * http_easy.h
 *	  One HTTP transfer of the msm http worker as a libcurl easy handle:
 *	  setting it up from a request slot, receiving the answer, and turning
 *	  the outcome into the result the worker publishes in the slot.
 *
 * Nothing here touches the slot LWLock or the curl multi handle: the
 * worker (http_worker.c) adds and removes the handles and publishes the
 * results.  Runs only in the worker.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_HTTP_EASY_H
#define MSM_HTTP_EASY_H

#include "postgres.h"

#include <curl/curl.h>

#include "utils/dsa.h"

#include "http_slots.h"

/* one in-flight transfer */
typedef struct MsmTransfer
{
	bool		active;			/* added to the worker's multi handle */
	uint32		slot_generation;
	CURL	   *easy;
	struct curl_slist *headers;
	MemoryContext cxt;			/* where buf lives */
	char	   *buf;			/* response body so far */
	size_t		len;
	size_t		cap;
	size_t		max;
	bool		too_large;
	bool		oom;
	int			retry_after_s;
	char		errbuf[CURL_ERROR_SIZE];
} MsmTransfer;

/*
 * Set t up for the request of slot (RUNNING for the worker): easy handle,
 * headers (the bearer token is wiped from the slot), options, method and
 * body.  The response buffer is allocated in cxt.  false with a message in
 * err when the transfer cannot start; t->easy is then cleaned up by
 * msm_http_easy_cleanup like any other.
 */
extern bool msm_http_easy_setup(MsmTransfer *t, MsmHttpSlot *slot, dsa_area *area,
								CURLSH *share, MemoryContext cxt,
								char *err, size_t errsize);

/* The result of t's finished transfer (code); the body goes to area. */
extern void msm_http_easy_result(MsmTransfer *t, const MsmHttpSlot *slot,
								 CURLcode code, dsa_area *area, MsmHttpResult *r);

/*
 * Clean up t's easy handle (already removed from the multi handle), wipe
 * and free its headers (the Authorization line) and free its buffer.
 */
extern void msm_http_easy_cleanup(MsmTransfer *t);

#endif							/* MSM_HTTP_EASY_H */
