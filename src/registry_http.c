/*-------------------------------------------------------------------------
 *
 * registry_http.c
 *	  The TS Manager registry backend (SPEC 9).
 *
 * Not implemented yet: selecting it (msm.endpoint set) raises a clear error
 * instead of silently falling back to the embedded registry.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "msm.h"
#include "registry.h"

const MsmRegistryBackend *
msm_http_registry(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("the TS Manager registry backend is not available in this build"),
			 errdetail("msm.endpoint is set to a TS Manager URL."),
			 errhint("Reset msm.endpoint to use the embedded registry.")));
	pg_unreachable();
}

void
msm_registry_set_timeout(int timeout_ms)
{
}

cJSON *
msm_ts_manager_execute(cJSON *envelope)
{
	(void) msm_http_registry();
	return NULL;
}
