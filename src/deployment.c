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
#include "names_unicode.h"

PG_FUNCTION_INFO_V1(msm_resolve_namespace_sql);
PG_FUNCTION_INFO_V1(msm_physical_schema_sql);
PG_FUNCTION_INFO_V1(msm_data_source_uid_sql);

char	   *msm_data_source_uid = NULL;
char	   *msm_physical_schema = NULL;
char	   *msm_auto_register_namespace = NULL;

/* ----------------------------------------------------------------------
 * settings: checked when they are set (doc/settings.md)
 * ---------------------------------------------------------------------- */

static bool
hex_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isxdigit((unsigned char) s[i]))
			return false;
	return true;
}

/* msm.data_source_uid: empty, or a uuid (stored in its canonical lowercase form) */
static bool
check_data_source_uid(char **newval, void **extra, GucSource source)
{
	const char *v = *newval;
	size_t		len = strlen(v);
	char		canon[37];
	char	   *copy;

	if (len == 0)
		return true;
	if (len == 36 && v[8] == '-' && v[13] == '-' && v[18] == '-' && v[23] == '-' &&
		hex_digits(v, 8) && hex_digits(v + 9, 4) && hex_digits(v + 14, 4) &&
		hex_digits(v + 19, 4) && hex_digits(v + 24, 12))
		memcpy(canon, v, 37);
	else if (len == 32 && hex_digits(v, 32))
		snprintf(canon, sizeof(canon), "%.8s-%.4s-%.4s-%.4s-%.12s", v, v + 8, v + 12, v + 16, v + 20);
	else
	{
		GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
		GUC_check_errmsg("msm.data_source_uid must be empty or a uuid");
		GUC_check_errdetail("The value has %zu characters and is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal digits).",
							len);
		GUC_check_errhint("Set the DataSource uid of this database on the platform, e.g. SELECT msm.data_source_uid(); shows the current one, or RESET msm.data_source_uid; to use the uid generated at install.");
		return false;
	}
	for (int i = 0; i < 36; i++)
		canon[i] = pg_ascii_tolower(canon[i]);
	if (strcmp(canon, v) == 0)
		return true;
	copy = malloc(37);
	if (copy == NULL)
		return false;
	memcpy(copy, canon, 37);
	free(*newval);
	*newval = copy;
	return true;
}

/* msm.physical_schema: a schema name PostgreSQL can hold (empty: public) */
static bool
check_physical_schema(char **newval, void **extra, GucSource source)
{
	size_t		len = strlen(*newval);

	if (len >= NAMEDATALEN)
	{
		GUC_check_errcode(ERRCODE_NAME_TOO_LONG);
		GUC_check_errmsg("msm.physical_schema is too long");
		GUC_check_errdetail("The schema name has %zu bytes; at most %d are allowed.", len, NAMEDATALEN - 1);
		GUC_check_errhint("Use the name of an existing schema such as public.");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *) *newval; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
		{
			GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
			GUC_check_errmsg("msm.physical_schema contains a control character");
			GUC_check_errdetail("Byte %d of the schema name is 0x%02X.", (int) (p - (const unsigned char *) *newval) + 1, *p);
			GUC_check_errhint("Use the name of an existing schema such as public.");
			return false;
		}
	return true;
}

/* msm.auto_register_namespace: empty, or a namespace (the namespace rule) */
static bool
check_auto_register_namespace(char **newval, void **extra, GucSource source)
{
	int			info;
	int			position;

	switch (msm_namespace_problem(*newval, &info, &position))
	{
		case MSM_NS_OK:
		case MSM_NS_EMPTY:
			return true;
		case MSM_NS_TOO_LONG:
			GUC_check_errcode(ERRCODE_NAME_TOO_LONG);
			GUC_check_errmsg("msm.auto_register_namespace is too long");
			GUC_check_errdetail("The namespace has %d characters; at most %d are allowed.", info, MSM_MAX_NAMESPACE_LEN);
			break;
		case MSM_NS_BAD_CHARACTER:
			GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
			GUC_check_errmsg("msm.auto_register_namespace contains a character that is not allowed");
			GUC_check_errdetail("Character %d of the namespace is U+%04X; a namespace has only letters, digits, \".\", \"_\" and \"-\".",
								position, (unsigned int) info);
			break;
		case MSM_NS_NO_LETTER_OR_DIGIT:
			GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
			GUC_check_errmsg("msm.auto_register_namespace must contain letters or digits");
			GUC_check_errdetail("The namespace has no letter or digit.");
			break;
	}
	GUC_check_errhint("Use a deployment namespace such as \"mainsequence.examples\", or RESET msm.auto_register_namespace; for none.");
	return false;
}

void
msm_deployment_define_settings(void)
{
	const char *env_namespace = getenv("MSM_AUTO_REGISTER_NAMESPACE");
	int			info;
	int			position;

	/* a bad environment value must not stop the server: no boot namespace */
	if (env_namespace != NULL &&
		msm_namespace_problem(env_namespace, &info, &position) > MSM_NS_EMPTY)
	{
		ereport(WARNING,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("MSM_AUTO_REGISTER_NAMESPACE is not a valid namespace and is ignored"),
				 errdetail("A namespace has 1 to %d characters: letters, digits, \".\", \"_\" and \"-\", at least one letter or digit.",
						   MSM_MAX_NAMESPACE_LEN),
				 errhint("Fix MSM_AUTO_REGISTER_NAMESPACE in the server's environment, or set msm.auto_register_namespace.")));
		env_namespace = NULL;
	}

	DefineCustomStringVariable("msm.data_source_uid",
							   "DataSource uid of this database on the platform; empty uses the uid generated at install.",
							   NULL, &msm_data_source_uid, "",
							   PGC_SUSET, 0, check_data_source_uid, NULL, NULL);
	DefineCustomStringVariable("msm.physical_schema",
							   "Schema of the markets tables of a new deployment.",
							   NULL, &msm_physical_schema, "public",
							   PGC_SUSET, 0, check_physical_schema, NULL, NULL);
	DefineCustomStringVariable("msm.auto_register_namespace",
							   "Deployment namespace used when a function gets no namespace argument.",
							   "Boot value comes from the server environment's MSM_AUTO_REGISTER_NAMESPACE.",
							   &msm_auto_register_namespace,
							   env_namespace ? env_namespace : "",
							   PGC_USERSET, 0, check_auto_register_namespace, NULL, NULL);
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
				 errdetail("msm.installation must hold exactly one row: the DataSource uid generated when the extension was created."),
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

char *
msm_resolve_namespace(const char *arg)
{
	char	   *ns = NULL;

	/* trimmed as the naming rules trim; blank is none, never a suffix */
	if (arg != NULL)
		ns = msm_name_strip(arg);
	if ((ns == NULL || ns[0] == '\0') && msm_auto_register_namespace != NULL)
		ns = msm_name_strip(msm_auto_register_namespace);
	if (ns == NULL || ns[0] == '\0')
		return pstrdup("");

	/* the namespace rule, shared with metatable namespaces and the setting */
	msm_check_namespace(ns, "namespace", "mainsequence.examples");
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
