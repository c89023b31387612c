/*-------------------------------------------------------------------------
 *
 * lookup_cache.c
 *	  Shared registry lookup cache with single-flight.
 *
 * A small fixed table in shared memory, protected by one LWLock.  Each
 * entry holds one lookup answer (compact JSON text, bounded size) with its
 * expiry and a condition variable that waiters sleep on while another
 * backend fetches the same key.  A fetch that never finishes (its backend
 * died) is taken over once it is older than the longest a fetch can take.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "storage/condition_variable.h"
#include "storage/lwlock.h"
#include "utils/guc.h"
#include "utils/timestamp.h"

#include "http_stats.h"
#include "lookup_cache.h"

#define MSM_CACHE_ENTRIES 64
#define MSM_CACHE_VALUE_MAX 32768

typedef enum CacheState
{
	CACHE_EMPTY,
	CACHE_FETCHING,
	CACHE_READY
} CacheState;

typedef struct CacheEntry
{
	uint64		key_hash;
	CacheState	state;
	int			fetcher_pid;
	uint64		generation;
	TimestampTz fetch_started;
	TimestampTz expires_at;
	TimestampTz last_used;
	ConditionVariable cv;
	int			value_len;
	char		value[MSM_CACHE_VALUE_MAX];
} CacheEntry;

typedef struct CacheShared
{
	LWLock	   *lock;
	uint64		generation;
	CacheEntry	entries[MSM_CACHE_ENTRIES];
} CacheShared;

int			msm_lookup_cache_ttl_s = 60;

static CacheShared *cache = NULL;

void
msm_lookup_cache_define_settings(void)
{
	DefineCustomIntVariable("msm.lookup_cache_ttl_s",
							"Lifetime of the shared registry lookup cache; 0 disables it.",
							NULL, &msm_lookup_cache_ttl_s, 60, 0, 86400,
							PGC_SUSET, GUC_UNIT_S, NULL, NULL, NULL);
}

Size
msm_lookup_cache_shmem_size(void)
{
	return MAXALIGN(sizeof(CacheShared));
}

void
msm_lookup_cache_shmem_init(void *ptr, bool found)
{
	CacheShared *shared = (CacheShared *) ptr;

	if (!found)
	{
		/* first start: an empty cache */
		memset(shared, 0, sizeof(CacheShared));
		shared->lock = &(GetNamedLWLockTranche(MSM_LOOKUP_CACHE_LWLOCK_TRANCHE))->lock;
		shared->generation = 1;
		for (int i = 0; i < MSM_CACHE_ENTRIES; i++)
			ConditionVariableInit(&shared->entries[i].cv);
	}
	cache = shared;
}

bool
msm_lookup_cache_available(void)
{
	return cache != NULL;
}

/* the entry holding key hash h, or -1 (caller holds the lock) */
static int
cache_find(uint64 h)
{
	for (int i = 0; i < MSM_CACHE_ENTRIES; i++)
	{
		CacheEntry *e = &cache->entries[i];

		if (e->state != CACHE_EMPTY && e->key_hash == h)
			return i;
	}
	return -1;
}

/*
 * The entry a new key takes: a free one, else the least recently used one
 * that is not being fetched (a fetch older than fetch_limit_ms does not
 * count); -1 when every entry is being fetched.  Caller holds the lock.
 */
static int
cache_pick_victim(TimestampTz now, long fetch_limit_ms)
{
	int			victim = -1;

	for (int i = 0; i < MSM_CACHE_ENTRIES; i++)
	{
		CacheEntry *e = &cache->entries[i];

		if (e->state == CACHE_FETCHING &&
			!TimestampDifferenceExceeds(e->fetch_started, now, (int) fetch_limit_ms))
			continue;
		if (e->state == CACHE_EMPTY)
			return i;
		if (victim < 0 || e->last_used < cache->entries[victim].last_used)
			victim = i;
	}
	return victim;
}

char *
msm_lookup_cache_begin(const char *key, TimestampTz deadline, long fetch_limit_ms,
					   int *slot)
{
	uint64		h = hash_bytes_extended((const unsigned char *) key, strlen(key), 0);
	bool		sleeping = false;

	*slot = -1;
	if (cache == NULL || msm_lookup_cache_ttl_s <= 0)
	{
		msm_http_stats_count_cache(MSM_CACHE_BYPASS);
		return NULL;
	}

	for (;;)
	{
		TimestampTz now = GetCurrentTimestamp();
		CacheEntry *hit = NULL;
		int			victim_idx;

		LWLockAcquire(cache->lock, LW_EXCLUSIVE);
		victim_idx = cache_find(h);
		if (victim_idx >= 0)
			hit = &cache->entries[victim_idx];

		if (hit && hit->state == CACHE_READY &&
			hit->generation == cache->generation && now < hit->expires_at)
		{
			char	   *value = palloc(hit->value_len + 1);

			memcpy(value, hit->value, hit->value_len);
			value[hit->value_len] = '\0';
			hit->last_used = now;
			LWLockRelease(cache->lock);
			if (sleeping)
				ConditionVariableCancelSleep();
			msm_http_stats_count_cache(MSM_CACHE_HIT);
			return value;
		}

		if (hit && hit->state == CACHE_FETCHING &&
			!TimestampDifferenceExceeds(hit->fetch_started, now, (int) fetch_limit_ms))
		{
			/* single-flight: wait for the fetching backend */
			ConditionVariable *cv = &hit->cv;

			LWLockRelease(cache->lock);
			if (!sleeping)
			{
				ConditionVariablePrepareToSleep(cv);
				sleeping = true;
				msm_http_stats_count_cache(MSM_CACHE_JOIN);
				continue;		/* recheck before the first sleep */
			}
			if (deadline != 0 && now >= deadline)
			{
				ConditionVariableCancelSleep();
				ereport(ERROR,
						(errcode(ERRCODE_QUERY_CANCELED),
						 errmsg("timed out waiting for a TS Manager lookup made by another session"),
						 errdetail("Another session is looking the same MetaTables up; this call's timeout ended first."),
						 errhint("Raise timeout_ms, or check TS Manager's health and retry.")));
			}
			(void) ConditionVariableTimedSleep(cv, 100, PG_WAIT_EXTENSION);
			continue;
		}

		/* claim: the hit itself (stale or expired), a free entry, or the LRU one */
		if (hit == NULL)
		{
			victim_idx = cache_pick_victim(now, fetch_limit_ms);
			if (victim_idx >= 0)
				hit = &cache->entries[victim_idx];
		}
		if (hit == NULL)
		{
			/* every entry is being fetched: go without the cache */
			LWLockRelease(cache->lock);
			if (sleeping)
				ConditionVariableCancelSleep();
			msm_http_stats_count_cache(MSM_CACHE_BYPASS);
			return NULL;
		}
		hit->key_hash = h;
		hit->state = CACHE_FETCHING;
		hit->fetcher_pid = MyProcPid;
		hit->generation = cache->generation;
		hit->fetch_started = now;
		hit->last_used = now;
		hit->value_len = 0;
		LWLockRelease(cache->lock);
		if (sleeping)
			ConditionVariableCancelSleep();
		*slot = victim_idx;
		msm_http_stats_count_cache(MSM_CACHE_MISS);
		return NULL;
	}
}

void
msm_lookup_cache_finish(int slot, const char *value)
{
	CacheEntry *e;

	if (cache == NULL || slot < 0 || slot >= MSM_CACHE_ENTRIES)
		return;
	e = &cache->entries[slot];
	LWLockAcquire(cache->lock, LW_EXCLUSIVE);
	if (e->state == CACHE_FETCHING && e->fetcher_pid == MyProcPid)
	{
		size_t		len = value ? strlen(value) : 0;

		if (value != NULL && len < MSM_CACHE_VALUE_MAX &&
			e->generation == cache->generation && msm_lookup_cache_ttl_s > 0)
		{
			memcpy(e->value, value, len);
			e->value_len = (int) len;
			e->expires_at = TimestampTzPlusMilliseconds(GetCurrentTimestamp(),
														(int64) msm_lookup_cache_ttl_s * 1000);
			e->state = CACHE_READY;
		}
		else
			e->state = CACHE_EMPTY;
		e->fetcher_pid = 0;
	}
	LWLockRelease(cache->lock);
	ConditionVariableBroadcast(&e->cv);
	if (value == NULL)
		msm_http_stats_count_cache(MSM_CACHE_FETCH_FAILED);
}

void
msm_lookup_cache_invalidate_all(void)
{
	if (cache == NULL)
		return;
	LWLockAcquire(cache->lock, LW_EXCLUSIVE);
	cache->generation++;
	for (int i = 0; i < MSM_CACHE_ENTRIES; i++)
		if (cache->entries[i].state == CACHE_READY)
			cache->entries[i].state = CACHE_EMPTY;
	LWLockRelease(cache->lock);
	msm_http_stats_count_cache(MSM_CACHE_INVALIDATION);
}

/* a READY entry that still answers lookups (caller holds the lock) */
static bool
cache_entry_live(const CacheEntry *e, TimestampTz now)
{
	return e->state == CACHE_READY && e->generation == cache->generation &&
		now < e->expires_at;
}

void
msm_lookup_cache_usage(int *entries, int *fetching, int *capacity)
{
	TimestampTz now = GetCurrentTimestamp();

	*entries = 0;
	*fetching = 0;
	*capacity = MSM_CACHE_ENTRIES;
	if (cache == NULL)
		return;
	LWLockAcquire(cache->lock, LW_SHARED);
	for (int i = 0; i < MSM_CACHE_ENTRIES; i++)
	{
		if (cache_entry_live(&cache->entries[i], now))
			(*entries)++;
		else if (cache->entries[i].state == CACHE_FETCHING)
			(*fetching)++;
	}
	LWLockRelease(cache->lock);
}

int
msm_lookup_cache_flush(void)
{
	TimestampTz now = GetCurrentTimestamp();
	int			dropped = 0;

	if (cache == NULL)
		return 0;
	LWLockAcquire(cache->lock, LW_EXCLUSIVE);
	for (int i = 0; i < MSM_CACHE_ENTRIES; i++)
	{
		CacheEntry *e = &cache->entries[i];

		if (e->state != CACHE_READY)
			continue;
		if (cache_entry_live(e, now))
			dropped++;
		e->state = CACHE_EMPTY;
	}
	LWLockRelease(cache->lock);
	return dropped;
}
