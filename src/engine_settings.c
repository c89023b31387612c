/*-------------------------------------------------------------------------
 *
 * engine_settings.c
 *	  The settings of runtime attachment (doc/settings.md):
 *	  msm.validate_descriptions and msm.log_events.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/guc.h"

#include "engine.h"

bool		msm_validate_descriptions = true;
bool		msm_log_events = true;

/* called from _PG_init */
void
msm_engine_define_settings(void)
{
	DefineCustomBoolVariable("msm.validate_descriptions",
							 "Check table and column descriptions in start_engine.",
							 NULL, &msm_validate_descriptions, true,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("msm.log_events",
							 "Emit structured LOG events for runtime attachment.",
							 NULL, &msm_log_events, true,
							 PGC_SUSET, 0, NULL, NULL, NULL);
}
