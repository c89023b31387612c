/*-------------------------------------------------------------------------
 *
 * http_stats.h
 *	  Shared-memory statistics of TS Manager mode (doc/tsmanager.md,
 *	  "Statistics"): requests per endpoint with their HTTP statuses,
 *	  failures, retries, latency and bytes; the msm http worker's starts;
 *	  the lookup cache's hits, misses and single-flight joins.
 *
 * Counters are 64-bit atomics (no lock to count); the last error of an
 * endpoint and the reset time are written under the module's LWLock.
 * Everything lives in the main shared memory, so it survives a restart of
 * the worker (not a server restart or a crash restart).  The texts kept
 * are msm's own classification of a failure ("HTTP 503", "connection
 * failed (curl error 7)"): never a server's answer, a URL or a token.
 *
 * The SQL functions reading and resetting them are http_stats_sql.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_HTTP_STATS_H
#define MSM_HTTP_STATS_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "port/atomics.h"
#include "storage/lwlock.h"

/* the TS Manager call a request belongs to, from its URL's path */
typedef enum MsmHttpEndpoint
{
	MSM_EP_META_TABLES_FILTER = 0,	/* .../meta-tables/filter/ */
	MSM_EP_TIME_INDEX_FILTER,	/* .../time-index-meta-tables/filter/ */
	MSM_EP_RESERVE,				/* .../meta-tables/, .../time-index-meta-tables/ */
	MSM_EP_FINALIZE,			/* .../finalize-managed/ */
	MSM_EP_REGISTER,			/* .../register/ */
	MSM_EP_EXECUTE,				/* .../execute-operation/ */
	MSM_EP_TOKEN,				/* .../runtime-credentials/token/ */
	MSM_EP_OTHER,				/* anything else (msm._http_probe) */
	MSM_EP_COUNT
} MsmHttpEndpoint;

/* latency buckets: up to 10 ms, 100 ms, 1 s, 10 s, above */
#define MSM_HTTP_LATENCY_BUCKETS 5

/* status codes counted one by one: 100 .. 599 */
#define MSM_HTTP_STATUS_MIN 100
#define MSM_HTTP_STATUS_MAX 599

#define MSM_HTTP_LAST_ERROR_MAX 96

typedef struct MsmEndpointStats
{
	pg_atomic_uint64 requests;	/* attempts sent or handed to the worker */
	pg_atomic_uint64 retries;	/* attempts made again after a backoff */
	pg_atomic_uint64 status_class[6];	/* [2] = 2xx ... [5] = 5xx */
	pg_atomic_uint64 status_code[MSM_HTTP_STATUS_MAX - MSM_HTTP_STATUS_MIN + 1];
	pg_atomic_uint64 transport_errors;	/* no answer: connect, reset, TLS, size, worker */
	pg_atomic_uint64 timeouts;	/* no answer in time: transfer or call limit */
	pg_atomic_uint64 cancelled; /* given up by the session: cancel or error */
	pg_atomic_uint64 bytes_sent;	/* request bodies */
	pg_atomic_uint64 bytes_received;	/* response bodies */
	pg_atomic_uint64 total_us;	/* sum of the request times */
	pg_atomic_uint64 max_us;
	pg_atomic_uint64 latency[MSM_HTTP_LATENCY_BUCKETS];
	/* under the lock */
	char		last_error[MSM_HTTP_LAST_ERROR_MAX];
	TimestampTz last_error_at;	/* 0: none */
} MsmEndpointStats;

typedef struct MsmHttpStatsShared
{
	LWLock	   *lock;			/* last_error*, stats_reset */
	TimestampTz stats_reset;
	MsmEndpointStats ep[MSM_EP_COUNT];
	pg_atomic_uint64 worker_starts;
	pg_atomic_uint64 worker_restarts;
	pg_atomic_uint64 cache_hits;
	pg_atomic_uint64 cache_misses;
	pg_atomic_uint64 cache_joins;
	pg_atomic_uint64 cache_bypassed;
	pg_atomic_uint64 cache_fetch_failures;
	pg_atomic_uint64 cache_invalidations;
} MsmHttpStatsShared;

/* NULL unless msm was loaded through shared_preload_libraries */
extern MsmHttpStatsShared *msm_http_stats;

/* shared memory (shmem.c asks for the size and calls the init) */
#define MSM_HTTP_STATS_LWLOCK_TRANCHE "msm http stats"
extern Size msm_http_stats_shmem_size(void);
extern void msm_http_stats_shmem_init(void *ptr, bool found);

/* the endpoint of a request URL (its path; query and fragment ignored) */
extern MsmHttpEndpoint msm_http_endpoint_of_url(const char *url);
extern const char *msm_http_endpoint_name(MsmHttpEndpoint ep);

/* how a request ended */
typedef enum MsmHttpOutcome
{
	MSM_HTTP_OUTCOME_ANSWERED,	/* an HTTP status, or a transport failure result */
	MSM_HTTP_OUTCOME_WAIT_TIMEOUT,	/* the call's time limit ended the wait */
	MSM_HTTP_OUTCOME_CANCELLED	/* an error or cancel ended the wait */
} MsmHttpOutcome;

/*
 * Count one request to url that started at started.  status is the HTTP
 * status (0: none), failure the MsmHttpFailure of a transport failure and
 * curl_code its CURLcode (for the last error text).
 */
extern void msm_http_stats_count_request(const char *url, MsmHttpOutcome outcome,
										 int status, int failure, int curl_code,
										 uint64 bytes_sent, uint64 bytes_received,
										 TimestampTz started);

/* Count a retry of a call to url (after its backoff). */
extern void msm_http_stats_count_retry(const char *url);

/* The worker started; restart = it is not the first since the server started. */
extern void msm_http_stats_count_worker_start(bool restart);

/* lookup cache events (lookup_cache.c) */
typedef enum MsmCacheEvent
{
	MSM_CACHE_HIT,				/* answered from the cache */
	MSM_CACHE_MISS,				/* this session fetches */
	MSM_CACHE_JOIN,				/* waited for another session's fetch */
	MSM_CACHE_BYPASS,			/* cache off (TTL 0) or full of fetches */
	MSM_CACHE_FETCH_FAILED,		/* a fetch ended without an answer */
	MSM_CACHE_INVALIDATION		/* emptied after a registry change */
} MsmCacheEvent;

extern void msm_http_stats_count_cache(MsmCacheEvent ev);

/* Zero every counter and the last errors; stats_reset = now. */
extern void msm_http_stats_reset(void);

#endif							/* MSM_HTTP_STATS_H */
