/*-------------------------------------------------------------------------
 *
 * deployment.c
 *	  Deployment namespaces (doc/naming.md, "Deployment namespaces"): which
 *	  namespace a call works on, where its tables live and which DataSource
 *	  this database is on the platform; and the settings of those.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>
#include <stdlib.h>

#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "deployment.h"
#include "names.h"

PG_FUNCTION_INFO_V1(msm_resolve_namespace_sql);
PG_FUNCTION_INFO_V1(msm_physical_schema_sql);
PG_FUNCTION_INFO_V1(msm_data_source_uid_sql);

#define MSM_MAX_NAMESPACE_LEN 255

char	   *msm_data_source_uid = NULL;
char	   *msm_physical_schema = NULL;
char	   *msm_auto_register_namespace = NULL;

void
msm_deployment_define_settings(void)
{
	const char *env_namespace = getenv("MSM_AUTO_REGISTER_NAMESPACE");

	DefineCustomStringVariable("msm.data_source_uid",
							   "DataSource uid of this database on the platform; empty uses the uid generated at install.",
							   NULL, &msm_data_source_uid, "",
							   PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("msm.physical_schema",
							   "Schema of the markets tables of a new deployment.",
							   NULL, &msm_physical_schema, "public",
							   PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("msm.auto_register_namespace",
							   "Deployment namespace used when a function gets no namespace argument.",
							   "Boot value comes from the server environment's MSM_AUTO_REGISTER_NAMESPACE.",
							   &msm_auto_register_namespace,
							   env_namespace ? env_namespace : "",
							   PGC_USERSET, 0, NULL, NULL, NULL);
}

/* the uid generated at install (msm.installation); inside SPI */
static char *
installed_data_source_uid(void)
{
	bool		isnull;
	Datum		d;

	if (SPI_execute("SELECT data_source_uid::pg_catalog.text FROM msm.installation", true, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("msm installation row is missing"),
				 errhint("Reinstall the extension with DROP EXTENSION msm; CREATE EXTENSION msm.")));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return TextDatumGetCString(d);
}

char *
msm_current_data_source_uid(void)
{
	MemoryContext outer = CurrentMemoryContext;
	char	   *uid;
	int			rc;

	if (msm_data_source_uid != NULL && msm_data_source_uid[0] != '\0')
		return pstrdup(msm_data_source_uid);

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	uid = installed_data_source_uid();
	uid = MemoryContextStrdup(outer, uid);
	SPI_finish();
	return uid;
}

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
