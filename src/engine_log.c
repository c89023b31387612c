/*-------------------------------------------------------------------------
 *
 * engine_log.c
 *	  Structured LOG events of runtime attachment (doc/runtime.md,
 *	  "Log events"), switched by msm.log_events.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "engine.h"

void
msm_engine_log_event(const char *event, cJSON *detail)
{
	char	   *text;

	if (!msm_log_events)
	{
		cJSON_Delete(detail);
		return;
	}
	cJSON_AddStringToObject(detail, "event", event);
	text = cJSON_PrintUnformatted(detail);
	ereport(LOG,
			(errmsg("msm: %s", event),
			 errdetail_internal("%s", text),
			 errhidestmt(true)));
	pfree(text);
	cJSON_Delete(detail);
}
