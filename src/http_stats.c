/*-------------------------------------------------------------------------
 *
 * http_stats.c
 *	  The shared-memory statistics of TS Manager mode (http_stats.h;
 *	  doc/tsmanager.md, "Statistics"): their shared memory, the endpoint of
 *	  a URL, and the counting calls of http_client.c, registry_tsmanager.c,
 *	  http_worker.c and lookup_cache.c.
 *
 * Counting never fails and never allocates: it may run on error paths
 * (an abandoned request is counted in the PG_FINALLY of msm_http_perform).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "storage/lwlock.h"
#include "storage/shmem.h"
#include "utils/timestamp.h"

#include "http_slots.h"
#include "http_stats.h"

MsmHttpStatsShared *msm_http_stats = NULL;

static const char *const endpoint_names[MSM_EP_COUNT] = {
	"meta_tables_filter",
	"time_index_filter",
	"reserve",
	"finalize",
	"register",
	"execute",
	"token",
	"other"
};

/* upper bounds of the latency buckets (microseconds); the last is open */
static const uint64 latency_bounds_us[MSM_HTTP_LATENCY_BUCKETS - 1] = {
	10000, 100000, 1000000, 10000000
};

Size
msm_http_stats_shmem_size(void)
{
	return MAXALIGN(sizeof(MsmHttpStatsShared));
}

/* a counter to zero; first: it is initialized (shared memory is new) */
static void
zero_u64(pg_atomic_uint64 *v, bool first)
{
	if (first)
		pg_atomic_init_u64(v, 0);
	else
		pg_atomic_write_u64(v, 0);
}

/* zero the counters of one endpoint (the last error under the lock) */
static void
endpoint_init(MsmEndpointStats *e, bool first)
{
	pg_atomic_uint64 *counters[] = {&e->requests, &e->retries, &e->transport_errors,
		&e->timeouts, &e->cancelled, &e->bytes_sent, &e->bytes_received, &e->total_us,
	&e->max_us};

	for (int i = 0; i < lengthof(counters); i++)
		zero_u64(counters[i], first);
	for (int i = 0; i < lengthof(e->status_class); i++)
		zero_u64(&e->status_class[i], first);
	for (int i = 0; i < lengthof(e->status_code); i++)
		zero_u64(&e->status_code[i], first);
	for (int i = 0; i < MSM_HTTP_LATENCY_BUCKETS; i++)
		zero_u64(&e->latency[i], first);
	e->last_error[0] = '\0';
	e->last_error_at = 0;
}

/* every counter to zero; first: initialize the atomics (caller holds the lock otherwise) */
static void
stats_zero(MsmHttpStatsShared *s, bool first)
{
	pg_atomic_uint64 *counters[] = {&s->worker_starts, &s->worker_restarts, &s->cache_hits,
		&s->cache_misses, &s->cache_joins, &s->cache_bypassed, &s->cache_fetch_failures,
	&s->cache_invalidations};

	for (int i = 0; i < MSM_EP_COUNT; i++)
		endpoint_init(&s->ep[i], first);
	for (int i = 0; i < lengthof(counters); i++)
		zero_u64(counters[i], first);
	s->stats_reset = GetCurrentTimestamp();
}

void
msm_http_stats_shmem_init(void *ptr, bool found)
{
	MsmHttpStatsShared *s = (MsmHttpStatsShared *) ptr;

	if (!found)
	{
		memset(s, 0, sizeof(MsmHttpStatsShared));
		s->lock = &(GetNamedLWLockTranche(MSM_HTTP_STATS_LWLOCK_TRANCHE))->lock;
		stats_zero(s, true);
	}
	msm_http_stats = s;
}

void
msm_http_stats_reset(void)
{
	if (msm_http_stats == NULL)
		return;
	LWLockAcquire(msm_http_stats->lock, LW_EXCLUSIVE);
	stats_zero(msm_http_stats, false);
	LWLockRelease(msm_http_stats->lock);
}

/* ---- endpoints ------------------------------------------------------------ */

static bool
path_ends_with(const char *path, size_t len, const char *suffix)
{
	size_t		n = strlen(suffix);

	return len >= n && memcmp(path + len - n, suffix, n) == 0;
}

MsmHttpEndpoint
msm_http_endpoint_of_url(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;
	size_t		len;

	if (p == NULL)
		return MSM_EP_OTHER;
	p += 3;
	p += strcspn(p, "/?#");		/* the authority */
	if (*p != '/')
		return MSM_EP_OTHER;
	len = strcspn(p, "?#");

	/* the most specific first: ".../time-index-meta-tables/filter/" */
	if (path_ends_with(p, len, "/time-index-meta-tables/filter/"))
		return MSM_EP_TIME_INDEX_FILTER;
	if (path_ends_with(p, len, "/meta-tables/filter/"))
		return MSM_EP_META_TABLES_FILTER;
	if (path_ends_with(p, len, "/finalize-managed/"))
		return MSM_EP_FINALIZE;
	if (path_ends_with(p, len, "/register/"))
		return MSM_EP_REGISTER;
	if (path_ends_with(p, len, "/execute-operation/"))
		return MSM_EP_EXECUTE;
	if (path_ends_with(p, len, "/runtime-credentials/token/"))
		return MSM_EP_TOKEN;
	/* the collections: ".../meta-tables/" and ".../time-index-meta-tables/" */
	if (path_ends_with(p, len, "/meta-tables/") ||
		path_ends_with(p, len, "/time-index-meta-tables/"))
		return MSM_EP_RESERVE;
	return MSM_EP_OTHER;
}

const char *
msm_http_endpoint_name(MsmHttpEndpoint ep)
{
	if ((int) ep < 0 || ep >= MSM_EP_COUNT)
		return "other";
	return endpoint_names[ep];
}

/* ---- counting ------------------------------------------------------------- */

/*
 * msm's own words for a failed request: built from numbers and fixed
 * texts only, never from an answer, a URL or a setting.
 */
static void
failure_text(char *buf, size_t size, MsmHttpOutcome outcome, int status, int failure,
			 int curl_code)
{
	if (outcome == MSM_HTTP_OUTCOME_WAIT_TIMEOUT)
		strlcpy(buf, "no answer within the time limit of the call", size);
	else if (outcome == MSM_HTTP_OUTCOME_CANCELLED)
		strlcpy(buf, "request given up by the session (cancel or error)", size);
	else if (status > 0)
		snprintf(buf, size, "HTTP %d", status);
	else
		switch ((MsmHttpFailure) failure)
		{
			case MSM_HTTP_FAILURE_CONNECT:
				snprintf(buf, size, "could not connect (curl error %d)", curl_code);
				break;
			case MSM_HTTP_FAILURE_TIMEOUT:
				snprintf(buf, size, "transfer timed out (curl error %d)", curl_code);
				break;
			case MSM_HTTP_FAILURE_TOO_LARGE:
				strlcpy(buf, "answer over the size limit", size);
				break;
			case MSM_HTTP_FAILURE_WORKER:
				strlcpy(buf, "msm http worker not running, exited or restarted", size);
				break;
			case MSM_HTTP_FAILURE_TRANSPORT:
			case MSM_HTTP_FAILURE_NONE:
			default:
				snprintf(buf, size, "transport failure (curl error %d)", curl_code);
				break;
		}
}

static void
atomic_max_u64(pg_atomic_uint64 *v, uint64 x)
{
	uint64		cur = pg_atomic_read_u64(v);

	while (x > cur && !pg_atomic_compare_exchange_u64(v, &cur, x))
		;
}

void
msm_http_stats_count_request(const char *url, MsmHttpOutcome outcome, int status,
							 int failure, int curl_code, uint64 bytes_sent,
							 uint64 bytes_received, TimestampTz started)
{
	MsmEndpointStats *e;
	TimestampTz now = GetCurrentTimestamp();
	uint64		us = now > started ? (uint64) (now - started) : 0;
	int			bucket = MSM_HTTP_LATENCY_BUCKETS - 1;
	bool		ok = false;

	if (msm_http_stats == NULL)
		return;
	e = &msm_http_stats->ep[msm_http_endpoint_of_url(url)];

	pg_atomic_fetch_add_u64(&e->requests, 1);
	pg_atomic_fetch_add_u64(&e->bytes_sent, bytes_sent);
	pg_atomic_fetch_add_u64(&e->bytes_received, bytes_received);
	pg_atomic_fetch_add_u64(&e->total_us, us);
	atomic_max_u64(&e->max_us, us);
	for (int i = 0; i < MSM_HTTP_LATENCY_BUCKETS - 1; i++)
		if (us <= latency_bounds_us[i])
		{
			bucket = i;
			break;
		}
	pg_atomic_fetch_add_u64(&e->latency[bucket], 1);

	if (outcome == MSM_HTTP_OUTCOME_WAIT_TIMEOUT)
		pg_atomic_fetch_add_u64(&e->timeouts, 1);
	else if (outcome == MSM_HTTP_OUTCOME_CANCELLED)
		pg_atomic_fetch_add_u64(&e->cancelled, 1);
	else if (status >= MSM_HTTP_STATUS_MIN && status <= MSM_HTTP_STATUS_MAX)
	{
		pg_atomic_fetch_add_u64(&e->status_code[status - MSM_HTTP_STATUS_MIN], 1);
		if (status / 100 >= 2)
			pg_atomic_fetch_add_u64(&e->status_class[status / 100], 1);
		ok = (status / 100 == 2);
	}
	else if (failure == MSM_HTTP_FAILURE_TIMEOUT)
		pg_atomic_fetch_add_u64(&e->timeouts, 1);
	else
		pg_atomic_fetch_add_u64(&e->transport_errors, 1);

	if (!ok)
	{
		char		text[MSM_HTTP_LAST_ERROR_MAX];

		failure_text(text, sizeof(text), outcome, status, failure, curl_code);
		LWLockAcquire(msm_http_stats->lock, LW_EXCLUSIVE);
		strlcpy(e->last_error, text, sizeof(e->last_error));
		e->last_error_at = now;
		LWLockRelease(msm_http_stats->lock);
	}
}

void
msm_http_stats_count_retry(const char *url)
{
	if (msm_http_stats == NULL)
		return;
	pg_atomic_fetch_add_u64(&msm_http_stats->ep[msm_http_endpoint_of_url(url)].retries, 1);
}

void
msm_http_stats_count_worker_start(bool restart)
{
	if (msm_http_stats == NULL)
		return;
	pg_atomic_fetch_add_u64(&msm_http_stats->worker_starts, 1);
	if (restart)
		pg_atomic_fetch_add_u64(&msm_http_stats->worker_restarts, 1);
}

void
msm_http_stats_count_cache(MsmCacheEvent ev)
{
	pg_atomic_uint64 *c;

	if (msm_http_stats == NULL)
		return;
	switch (ev)
	{
		case MSM_CACHE_HIT:
			c = &msm_http_stats->cache_hits;
			break;
		case MSM_CACHE_MISS:
			c = &msm_http_stats->cache_misses;
			break;
		case MSM_CACHE_JOIN:
			c = &msm_http_stats->cache_joins;
			break;
		case MSM_CACHE_BYPASS:
			c = &msm_http_stats->cache_bypassed;
			break;
		case MSM_CACHE_FETCH_FAILED:
			c = &msm_http_stats->cache_fetch_failures;
			break;
		case MSM_CACHE_INVALIDATION:
		default:
			c = &msm_http_stats->cache_invalidations;
			break;
	}
	pg_atomic_fetch_add_u64(c, 1);
}
