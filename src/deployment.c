/*-------------------------------------------------------------------------
 *
 * deployment.c
 *	  Deployment namespaces (SPEC 3.4): which namespace a call works on and
 *	  where its tables live.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "fmgr.h"
#include "utils/builtins.h"

#include "deployment.h"
#include "msm.h"
#include "names.h"
#include "registry.h"

PG_FUNCTION_INFO_V1(msm_resolve_namespace_sql);
PG_FUNCTION_INFO_V1(msm_physical_schema_sql);
PG_FUNCTION_INFO_V1(msm_data_source_uid_sql);

#define MSM_MAX_NAMESPACE_LEN 255

static char *
trimmed(const char *s)
{
	const char *start = s;
	const char *end;

	while (*start && isspace((unsigned char) *start))
		start++;
	end = start + strlen(start);
	while (end > start && isspace((unsigned char) end[-1]))
		end--;
	return pnstrdup(start, end - start);
}

char *
msm_resolve_namespace(const char *arg)
{
	char	   *ns = NULL;

	if (arg != NULL)
		ns = trimmed(arg);
	if ((ns == NULL || ns[0] == '\0') && msm_auto_register_namespace != NULL)
		ns = trimmed(msm_auto_register_namespace);
	if (ns == NULL || ns[0] == '\0')
		return pstrdup("");

	if (strlen(ns) > MSM_MAX_NAMESPACE_LEN)
		ereport(ERROR,
				(errcode(ERRCODE_NAME_TOO_LONG),
				 errmsg("namespace is too long"),
				 errdetail("The namespace has %zu characters; at most %d are allowed.",
						   strlen(ns), MSM_MAX_NAMESPACE_LEN),
				 errhint("Use a shorter deployment namespace such as \"mainsequence.examples\".")));

	/* the namespace must give a usable physical suffix: reuse the naming rule */
	(void) msm_physical_table_name("ms_markets", "asset", ns);
	return ns;
}

/* msm.resolve_namespace(namespace text) -> text ('' = none) */
Datum
msm_resolve_namespace_sql(PG_FUNCTION_ARGS)
{
	char	   *arg = PG_ARGISNULL(0) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_TEXT_P(cstring_to_text(msm_resolve_namespace(arg)));
}

/* msm._physical_schema_setting() -> the msm.physical_schema setting */
Datum
msm_physical_schema_sql(PG_FUNCTION_ARGS)
{
	const char *schema = msm_physical_schema ? msm_physical_schema : "";

	if (schema[0] == '\0')
		schema = "public";
	PG_RETURN_TEXT_P(cstring_to_text(schema));
}

/* msm.data_source_uid() -> this database's DataSource uid */
Datum
msm_data_source_uid_sql(PG_FUNCTION_ARGS)
{
	char	   *uid = msm_current_data_source_uid();

	PG_RETURN_DATUM(DirectFunctionCall1(uuid_in, CStringGetDatum(uid)));
}
