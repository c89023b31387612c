/*-------------------------------------------------------------------------
 *
 * shmem.c
 *	  msm's part of the main shared memory: one shmem_request_hook and one
 *	  shmem_startup_hook (each chaining the previous hook once) that ask
 *	  every module for its size and LWLock, and initialize every module's
 *	  struct.
 *
 * The parts: the registry lookup cache (lookup_cache.c), the request
 * slots of the msm http worker (http_slots.c) and the statistics of both
 * (http_stats.c).  Without
 * shared_preload_libraries = 'msm' none of this exists and the modules say
 * so or do without.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/lwlock.h"
#include "storage/shmem.h"

#include "http_slots.h"
#include "http_stats.h"
#include "lookup_cache.h"
#include "shmem.h"

/* one module's struct in the main shared memory, with its own LWLock */
typedef struct MsmShmemPart
{
	const char *name;			/* ShmemInitStruct name */
	const char *lwlock_tranche; /* one LWLock of this tranche */
	Size		(*size) (void);
	void		(*init) (void *ptr, bool found);
} MsmShmemPart;

static const MsmShmemPart parts[] = {
	{"msm lookup cache", MSM_LOOKUP_CACHE_LWLOCK_TRANCHE,
	msm_lookup_cache_shmem_size, msm_lookup_cache_shmem_init},
	{"msm http worker state", MSM_HTTP_LWLOCK_TRANCHE,
	msm_http_slots_shmem_size, msm_http_slots_shmem_init},
	{"msm http stats", MSM_HTTP_STATS_LWLOCK_TRANCHE,
	msm_http_stats_shmem_size, msm_http_stats_shmem_init},
};

static shmem_request_hook_type prev_shmem_request_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

static void
msm_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	for (int i = 0; i < lengthof(parts); i++)
	{
		RequestAddinShmemSpace(parts[i].size());
		RequestNamedLWLockTranche(parts[i].lwlock_tranche, 1);
	}
}

static void
msm_shmem_startup(void)
{
	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();

	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	for (int i = 0; i < lengthof(parts); i++)
	{
		bool		found;
		void	   *ptr = ShmemInitStruct(parts[i].name, parts[i].size(), &found);

		parts[i].init(ptr, found);
	}
	LWLockRelease(AddinShmemInitLock);
}

void
msm_shmem_init(void)
{
	Assert(process_shared_preload_libraries_in_progress);

	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = msm_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = msm_shmem_startup;
}
