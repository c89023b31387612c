/*-------------------------------------------------------------------------
 *
 * engine_log.c
 *	  Structured events of runtime attachment (doc/runtime.md, "Log
 *	  events"): off with msm.log_events, at msm.event_level; the reuse of a
 *	  cached runtime, the hot path of pooled applications, at debug1 (or
 *	  lower).  Nothing is built for an event no destination wants.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "engine.h"

static void
emit(int elevel, const char *event, cJSON *detail)
{
	char	   *text;

	cJSON_AddStringToObject(detail, "event", event);
	text = cJSON_PrintUnformatted(detail);
	ereport(elevel,
			(errmsg("msm: %s", event),
			 errdetail_internal("%s", text),
			 errhidestmt(true)));
	pfree(text);
	cJSON_Delete(detail);
}

bool
msm_engine_event_wanted(bool reuse)
{
	return msm_log_events &&
		message_level_is_interesting(reuse ? Min(msm_event_level, DEBUG1) : msm_event_level);
}

void
msm_engine_log_event(const char *event, cJSON *detail)
{
	if (!msm_engine_event_wanted(false))
	{
		cJSON_Delete(detail);
		return;
	}
	emit(msm_event_level, event, detail);
}

void
msm_engine_log_reuse(const char *event, cJSON *detail)
{
	if (!msm_engine_event_wanted(true))
	{
		cJSON_Delete(detail);
		return;
	}
	emit(Min(msm_event_level, DEBUG1), event, detail);
}
