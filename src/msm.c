/*-------------------------------------------------------------------------
 *
 * msm.c
 *	  Module initialisation of the msm extension.
 *
 * Every module defines its own settings (..._define_settings, called
 * here): registry.c (msm.endpoint), registry_tsmanager.c (credentials,
 * retries), http_client.c (timeouts, TLS), lookup_cache.c, deployment.c,
 * rows_settings.c (row limits, execution), engine_settings.c (checks and
 * log events).
 * Settings that reach the platform are superuser-set; secrets are
 * additionally GUC_SUPERUSER_ONLY so that they never show in pg_settings or
 * SHOW for other roles.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"

#include <cjson/cJSON.h>

#include "deployment.h"
#include "engine.h"
#include "http_client.h"
#include "http_worker.h"
#include "lookup_cache.h"
#include "msm.h"
#include "registry.h"
#include "registry_tsmanager.h"
#include "rows_settings.h"
#include "shmem.h"

PG_MODULE_MAGIC;


void		_PG_init(void);

/*
 * cJSON allocates through palloc so that JSON documents live in memory
 * contexts like everything else and are released on error.
 */
static void *
msm_cjson_malloc(size_t size)
{
	return palloc(size);
}

static void
msm_cjson_free(void *ptr)
{
	if (ptr != NULL)
		pfree(ptr);
}

void
_PG_init(void)
{
	static cJSON_Hooks hooks = {msm_cjson_malloc, msm_cjson_free};

	cJSON_InitHooks(&hooks);

	msm_registry_define_settings();
	msm_tsmanager_define_settings();
	msm_deployment_define_settings();
	msm_http_client_define_settings();
	msm_lookup_cache_define_settings();
	msm_rows_define_settings();
	msm_engine_define_settings();

	MarkGUCPrefixReserved("msm");

	msm_registry_embedded_register();
	msm_registry_tsmanager_register();
	msm_invalidation_register();
	msm_engine_xact_register();

	/*
	 * The shared memory of TS Manager mode and its worker exist only when msm is
	 * preloaded, and never under pg_upgrade (which only needs the library
	 * to load).
	 */
	if (process_shared_preload_libraries_in_progress && !IsBinaryUpgrade)
	{
		msm_shmem_init();
		msm_http_worker_register();
	}
}
