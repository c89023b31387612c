/*-------------------------------------------------------------------------
 *
 * engine_settings.c
 *	  The settings of runtime attachment (doc/settings.md):
 *	  msm.validate_descriptions, msm.log_events, msm.event_level and
 *	  msm.runtime_scope.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/guc.h"

#include "engine.h"

bool		msm_validate_descriptions = true;
bool		msm_log_events = true;
int			msm_event_level = LOG;
int			msm_runtime_scope = MSM_SCOPE_SESSION;

/* the levels a user may choose for msm's events (doc/runtime.md, "Log events") */
static const struct config_enum_entry event_level_options[] = {
	{"debug5", DEBUG5, false},
	{"debug4", DEBUG4, false},
	{"debug3", DEBUG3, false},
	{"debug2", DEBUG2, false},
	{"debug1", DEBUG1, false},
	{"debug", DEBUG2, true},
	{"log", LOG, false},
	{"info", INFO, true},
	{"notice", NOTICE, false},
	{NULL, 0, false}
};

/* doc/runtime.md, "Runtime scope" */
static const struct config_enum_entry runtime_scope_options[] = {
	{"session", MSM_SCOPE_SESSION, false},
	{"transaction", MSM_SCOPE_TRANSACTION, false},
	{NULL, 0, false}
};

/* called from _PG_init */
void
msm_engine_define_settings(void)
{
	DefineCustomBoolVariable("msm.validate_descriptions",
							 "Check table and column descriptions in start_engine.",
							 NULL, &msm_validate_descriptions, true,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("msm.log_events",
							 "Emit structured events for runtime attachment.",
							 "Off silences them for everybody; msm.event_level chooses their level.",
							 &msm_log_events, true,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable("msm.event_level",
							 "Message level of msm's attachment events.",
							 "Reuse of a cached runtime is logged at debug1, or at this level if it is lower.",
							 &msm_event_level, LOG, event_level_options,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable("msm.runtime_scope",
							 "How long a start_engine attachment lasts: the session or the transaction.",
							 "Use transaction behind a transaction-pooling connection pooler.",
							 &msm_runtime_scope, MSM_SCOPE_SESSION, runtime_scope_options,
							 PGC_USERSET, 0, NULL, NULL, NULL);
}
