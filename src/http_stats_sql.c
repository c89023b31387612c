/*-------------------------------------------------------------------------
 *
 * http_stats_sql.c
 *	  The SQL side of the TS Manager mode statistics (doc/tsmanager.md,
 *	  "Statistics"): msm.http_stats(), msm.http_worker_stats(),
 *	  msm.lookup_cache_stats() behind the views of the same names, and the
 *	  admin functions msm.http_stats_reset() and msm.lookup_cache_flush().
 *
 * Who may call them is decided by SQL privileges (the upgrade script:
 * readers to pg_read_all_stats, the admin functions to superusers).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lwlock.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "http_slots.h"
#include "http_stats.h"
#include "lookup_cache.h"

PG_FUNCTION_INFO_V1(msm_http_stats_sql);
PG_FUNCTION_INFO_V1(msm_http_worker_stats_sql);
PG_FUNCTION_INFO_V1(msm_lookup_cache_stats_sql);
PG_FUNCTION_INFO_V1(msm_http_stats_reset_sql);
PG_FUNCTION_INFO_V1(msm_lookup_cache_flush_sql);

#define HTTP_STATS_COLS 21
#define WORKER_STATS_COLS 8
#define CACHE_STATS_COLS 11

static const char *const latency_names[MSM_HTTP_LATENCY_BUCKETS] = {
	"le_10ms", "le_100ms", "le_1s", "le_10s", "gt_10s"
};

static void
require_stats(void)
{
	if (msm_http_stats == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("msm statistics require shared_preload_libraries = 'msm'"),
				 errdetail("The counters and the lookup cache live in shared memory, which msm sets up only when it is preloaded."),
				 errhint("Add msm to shared_preload_libraries in postgresql.conf and restart the server.")));
}

static Datum
counter(pg_atomic_uint64 *c)
{
	return Int64GetDatum((int64) pg_atomic_read_u64(c));
}

static Datum
jsonb_from_text(const char *text)
{
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(text));
}

/* {"200": n, "503": n, ...}: the codes seen, ascending */
static Datum
status_codes_jsonb(MsmEndpointStats *e)
{
	StringInfoData buf;
	bool		first = true;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < lengthof(e->status_code); i++)
	{
		uint64		n = pg_atomic_read_u64(&e->status_code[i]);

		if (n == 0)
			continue;
		appendStringInfo(&buf, "%s\"%d\": " UINT64_FORMAT, first ? "" : ", ",
						 i + MSM_HTTP_STATUS_MIN, n);
		first = false;
	}
	appendStringInfoChar(&buf, '}');
	return jsonb_from_text(buf.data);
}

static Datum
latency_jsonb(MsmEndpointStats *e)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (int i = 0; i < MSM_HTTP_LATENCY_BUCKETS; i++)
		appendStringInfo(&buf, "%s\"%s\": " UINT64_FORMAT, i == 0 ? "" : ", ",
						 latency_names[i], pg_atomic_read_u64(&e->latency[i]));
	appendStringInfoChar(&buf, '}');
	return jsonb_from_text(buf.data);
}

/*
 * msm.http_stats() RETURNS TABLE(endpoint, requests, retries, status_2xx,
 * status_3xx, status_4xx, status_5xx, status_codes, transport_errors,
 * timeouts, cancelled, errors, bytes_sent, bytes_received, total_time_ms,
 * mean_time_ms, max_time_ms, latency_buckets, last_error, last_error_at,
 * stats_reset): one row per endpoint.
 */
Datum
msm_http_stats_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	TimestampTz stats_reset;

	require_stats();
	InitMaterializedSRF(fcinfo, 0);

	LWLockAcquire(msm_http_stats->lock, LW_SHARED);
	stats_reset = msm_http_stats->stats_reset;
	LWLockRelease(msm_http_stats->lock);

	for (int ep = 0; ep < MSM_EP_COUNT; ep++)
	{
		MsmEndpointStats *e = &msm_http_stats->ep[ep];
		Datum		values[HTTP_STATS_COLS];
		bool		nulls[HTTP_STATS_COLS];
		uint64		requests = pg_atomic_read_u64(&e->requests);
		uint64		total_us = pg_atomic_read_u64(&e->total_us);
		uint64		ok = pg_atomic_read_u64(&e->status_class[2]);
		char		last_error[MSM_HTTP_LAST_ERROR_MAX];
		TimestampTz last_error_at;
		int			c = 0;

		LWLockAcquire(msm_http_stats->lock, LW_SHARED);
		strlcpy(last_error, e->last_error, sizeof(last_error));
		last_error_at = e->last_error_at;
		LWLockRelease(msm_http_stats->lock);

		memset(nulls, 0, sizeof(nulls));
		values[c++] = CStringGetTextDatum(msm_http_endpoint_name((MsmHttpEndpoint) ep));
		values[c++] = Int64GetDatum((int64) requests);
		values[c++] = counter(&e->retries);
		for (int k = 2; k <= 5; k++)
			values[c++] = counter(&e->status_class[k]);
		values[c++] = status_codes_jsonb(e);
		values[c++] = counter(&e->transport_errors);
		values[c++] = counter(&e->timeouts);
		values[c++] = counter(&e->cancelled);
		/* every attempt without a 2xx answer */
		values[c++] = Int64GetDatum(requests > ok ? (int64) (requests - ok) : 0);
		values[c++] = counter(&e->bytes_sent);
		values[c++] = counter(&e->bytes_received);
		values[c++] = Float8GetDatum((double) total_us / 1000.0);
		if (requests > 0)
			values[c++] = Float8GetDatum((double) total_us / 1000.0 / (double) requests);
		else
			nulls[c++] = true;
		values[c++] = Float8GetDatum((double) pg_atomic_read_u64(&e->max_us) / 1000.0);
		values[c++] = latency_jsonb(e);
		if (last_error_at != 0)
		{
			values[c++] = CStringGetTextDatum(last_error);
			values[c++] = TimestampTzGetDatum(last_error_at);
		}
		else
		{
			nulls[c++] = true;
			nulls[c++] = true;
		}
		values[c++] = TimestampTzGetDatum(stats_reset);
		Assert(c == HTTP_STATS_COLS);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * msm.http_worker_stats() RETURNS TABLE(worker_pid, worker_starts,
 * worker_restarts, slots_in_use, slots_pending, slots_running, slots_max,
 * stats_reset): one row.
 */
Datum
msm_http_worker_stats_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		values[WORKER_STATS_COLS];
	bool		nulls[WORKER_STATS_COLS];
	pid_t		worker_pid = 0;
	int			in_use = 0;
	int			pending = 0;
	int			running = 0;
	TimestampTz stats_reset;
	int			c = 0;

	require_stats();
	InitMaterializedSRF(fcinfo, 0);

	if (msm_http_shared != NULL)
	{
		LWLockAcquire(msm_http_shared->lock, LW_SHARED);
		worker_pid = msm_http_shared->worker_pid;
		for (int i = 0; i < MSM_HTTP_SLOTS; i++)
		{
			MsmHttpSlotState st = msm_http_shared->slots[i].state;

			if (st != MSM_SLOT_FREE)
				in_use++;
			if (st == MSM_SLOT_PENDING)
				pending++;
			else if (st == MSM_SLOT_RUNNING)
				running++;
		}
		LWLockRelease(msm_http_shared->lock);
	}
	LWLockAcquire(msm_http_stats->lock, LW_SHARED);
	stats_reset = msm_http_stats->stats_reset;
	LWLockRelease(msm_http_stats->lock);

	memset(nulls, 0, sizeof(nulls));
	if (worker_pid != 0)
		values[c++] = Int32GetDatum((int32) worker_pid);
	else
		nulls[c++] = true;
	values[c++] = counter(&msm_http_stats->worker_starts);
	values[c++] = counter(&msm_http_stats->worker_restarts);
	values[c++] = Int32GetDatum(in_use);
	values[c++] = Int32GetDatum(pending);
	values[c++] = Int32GetDatum(running);
	values[c++] = Int32GetDatum(MSM_HTTP_SLOTS);
	values[c++] = TimestampTzGetDatum(stats_reset);
	Assert(c == WORKER_STATS_COLS);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

/*
 * msm.lookup_cache_stats() RETURNS TABLE(hits, misses, single_flight_joins,
 * bypassed, fetch_failures, invalidations, entries, entries_fetching,
 * entries_max, ttl_s, stats_reset): one row.
 */
Datum
msm_lookup_cache_stats_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		values[CACHE_STATS_COLS];
	bool		nulls[CACHE_STATS_COLS];
	int			entries = 0;
	int			fetching = 0;
	int			capacity = 0;
	TimestampTz stats_reset;
	int			c = 0;

	require_stats();
	InitMaterializedSRF(fcinfo, 0);

	msm_lookup_cache_usage(&entries, &fetching, &capacity);
	LWLockAcquire(msm_http_stats->lock, LW_SHARED);
	stats_reset = msm_http_stats->stats_reset;
	LWLockRelease(msm_http_stats->lock);

	memset(nulls, 0, sizeof(nulls));
	values[c++] = counter(&msm_http_stats->cache_hits);
	values[c++] = counter(&msm_http_stats->cache_misses);
	values[c++] = counter(&msm_http_stats->cache_joins);
	values[c++] = counter(&msm_http_stats->cache_bypassed);
	values[c++] = counter(&msm_http_stats->cache_fetch_failures);
	values[c++] = counter(&msm_http_stats->cache_invalidations);
	values[c++] = Int32GetDatum(entries);
	values[c++] = Int32GetDatum(fetching);
	values[c++] = Int32GetDatum(capacity);
	values[c++] = Int32GetDatum(msm_lookup_cache_ttl_s);
	values[c++] = TimestampTzGetDatum(stats_reset);
	Assert(c == CACHE_STATS_COLS);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

/* msm.http_stats_reset() RETURNS timestamptz: zero every counter; the reset time */
Datum
msm_http_stats_reset_sql(PG_FUNCTION_ARGS)
{
	TimestampTz at;

	require_stats();
	msm_http_stats_reset();
	LWLockAcquire(msm_http_stats->lock, LW_SHARED);
	at = msm_http_stats->stats_reset;
	LWLockRelease(msm_http_stats->lock);
	PG_RETURN_TIMESTAMPTZ(at);
}

/* msm.lookup_cache_flush() RETURNS integer: drop the cached answers; how many */
Datum
msm_lookup_cache_flush_sql(PG_FUNCTION_ARGS)
{
	require_stats();
	PG_RETURN_INT32(msm_lookup_cache_flush());
}
