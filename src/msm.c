/*-------------------------------------------------------------------------
 *
 * msm.c
 *	  Module initialisation of the msm extension, and the settings (GUCs)
 *	  of the row API and the engine.
 *
 * Every other module defines its own settings (..._define_settings, called
 * here): registry.c (msm.endpoint), registry_tsmanager.c (credentials,
 * retries), http_client.c (timeouts, TLS), lookup_cache.c, deployment.c.
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
#include "http_client.h"
#include "http_worker.h"
#include "lookup_cache.h"
#include "msm.h"
#include "registry.h"
#include "registry_tsmanager.h"
#include "shmem.h"

PG_MODULE_MAGIC;

bool		msm_validate_descriptions = true;
bool		msm_log_events = true;

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
	DefineCustomBoolVariable("msm.validate_descriptions",
							 "Check table and column descriptions in start_engine.",
							 NULL, &msm_validate_descriptions, true,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("msm.log_events",
							 "Emit structured LOG events for runtime attachment.",
							 NULL, &msm_log_events, true,
							 PGC_SUSET, 0, NULL, NULL, NULL);

	MarkGUCPrefixReserved("msm");

	msm_registry_embedded_register();
	msm_registry_tsmanager_register();

	/*
	 * The shared memory of HTTP mode and its worker exist only when msm is
	 * preloaded, and never under pg_upgrade (which only needs the library
	 * to load).
	 */
	if (process_shared_preload_libraries_in_progress && !IsBinaryUpgrade)
	{
		msm_shmem_init();
		msm_http_worker_register();
	}
}
