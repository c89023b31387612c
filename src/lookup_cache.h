/*-------------------------------------------------------------------------
 *
 * lookup_cache.h
 *	  Shared registry lookup cache with single-flight (doc/tsmanager.md,
 *	  "Lookup cache").
 *
 * Lives in the main shared memory segment (requires shared_preload_libraries
 * = 'msm').  A key is one lookup (endpoint, data source uid, physical
 * schemas, token identity, resource type, management mode, table names:
 * registry_tsmanager.c, doc/tsmanager.md "Lookup cache"); its value is the
 * compact answer (JSON text).  When many
 * sessions ask for the same key at once, one of them fetches and the others
 * wait for its answer, so TS Manager sees one request.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_LOOKUP_CACHE_H
#define MSM_LOOKUP_CACHE_H

#include "datatype/timestamp.h"

/* setting msm.lookup_cache_ttl_s: lifetime of an answer, 0 disables */
extern int	msm_lookup_cache_ttl_s;

/* _PG_init: define msm.lookup_cache_ttl_s */
extern void msm_lookup_cache_define_settings(void);

/* shared memory (shmem.c asks for the size and calls the init) */
#define MSM_LOOKUP_CACHE_LWLOCK_TRANCHE "msm lookup cache"
extern Size msm_lookup_cache_shmem_size(void);
extern void msm_lookup_cache_shmem_init(void *ptr, bool found);

/* true when the cache's shared memory exists (msm was preloaded) */
extern bool msm_lookup_cache_available(void);

/*
 * Look key up.  Returns the cached value (palloc'd) when there is a fresh
 * one.  Otherwise returns NULL with *slot set: the caller must fetch and
 * then call msm_lookup_cache_finish(slot, value or NULL on failure).  While
 * another backend fetches the same key, waits for it (cancellable, bounded
 * by deadline; 0 = no deadline).  A fetch older than fetch_limit_ms (the
 * longest a fetch can take) is taken to be dead and taken over.  With
 * msm.lookup_cache_ttl_s = 0 the cache is bypassed (*slot = -1, NULL
 * returned).
 */
extern char *msm_lookup_cache_begin(const char *key, TimestampTz deadline,
									long fetch_limit_ms, int *slot);
extern void msm_lookup_cache_finish(int slot, const char *value);

/* Forget every cached answer (after reservations and finalization). */
extern void msm_lookup_cache_invalidate_all(void);

/*
 * Statistics (doc/tsmanager.md, "Statistics"): the answers that still
 * serve lookups, the fetches in progress and the capacity.
 */
extern void msm_lookup_cache_usage(int *entries, int *fetching, int *capacity);

/* msm.lookup_cache_flush(): drop every cached answer; how many served lookups */
extern int	msm_lookup_cache_flush(void);

#endif							/* MSM_LOOKUP_CACHE_H */
