/*-------------------------------------------------------------------------
 *
 * registry.c
 *	  The registry interface: the table of backends (each registers
 *	  itself), the selection by msm.endpoint, the call deadline, and the
 *	  SQL entry points the migration flow uses to reach the registry
 *	  (msm._registry_*).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/timestamp.h"

#include "registry.h"
#include "spi_json.h"
#include "version.h"

PG_FUNCTION_INFO_V1(msm_registry_lookup_sql);
PG_FUNCTION_INFO_V1(msm_registry_find_sql);
PG_FUNCTION_INFO_V1(msm_registry_reserve_sql);
PG_FUNCTION_INFO_V1(msm_registry_finalize_sql);
PG_FUNCTION_INFO_V1(msm_registry_register_sql);
PG_FUNCTION_INFO_V1(msm_registry_backend_sql);

char	   *msm_endpoint = NULL;

static const MsmRegistryBackend *backends[MSM_REGISTRY_KINDS];

/* per-call wait bound set by start_engine (0 = none) */
static int	call_timeout_ms = 0;
static TimestampTz call_deadline = 0;	/* when the whole call must end */

/* longest msm.endpoint accepted */
#define MSM_MAX_ENDPOINT_LEN 2048

static bool
endpoint_refused(const char *msg, const char *detail)
{
	GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
	GUC_check_errmsg("%s", msg);
	GUC_check_errdetail("%s", detail);
	GUC_check_errhint("Set msm.endpoint to the TS Manager base URL, e.g. https://tsm.example.com, and give credentials in msm.access_token or msm.runtime_credential_id and msm.runtime_credential_secret; RESET msm.endpoint; selects the embedded registry.");
	return false;
}

/*
 * msm.endpoint: empty, or an http or https base URL with a host, without
 * credentials, query or fragment.  The value is never echoed: a refused
 * one may hold a secret.
 */
static bool
check_endpoint(char **newval, void **extra, GucSource source)
{
	const char *v = *newval;
	const char *host;
	const char *p;
	size_t		len = strlen(v);

	if (len == 0)
		return true;
	if (len > MSM_MAX_ENDPOINT_LEN)
		return endpoint_refused("msm.endpoint is too long",
								psprintf("The URL has %zu characters; at most %d are allowed.", len, MSM_MAX_ENDPOINT_LEN));
	for (p = v; *p; p++)
		if ((unsigned char) *p <= 0x20 || (unsigned char) *p == 0x7f)
			return endpoint_refused("msm.endpoint must not contain spaces or control characters",
									psprintf("Character %d of the URL is a space or a control character.", (int) (p - v) + 1));
	if (pg_strncasecmp(v, "http://", 7) == 0)
		host = v + 7;
	else if (pg_strncasecmp(v, "https://", 8) == 0)
		host = v + 8;
	else
		return endpoint_refused("msm.endpoint must be an http or https URL",
								"The URL does not start with http:// or https://.");
	for (p = host; *p && *p != '/'; p++)
	{
		if (*p == '@')
			return endpoint_refused("msm.endpoint must not contain credentials",
									"The URL has a user name or password before \"@\"; msm does not send or log them.");
		if (*p == '?' || *p == '#')
			break;
		if (!isalnum((unsigned char) *p) && strchr(".-_:[]", *p) == NULL)
			return endpoint_refused("msm.endpoint has an invalid host",
									psprintf("Character %d of the URL is not allowed in a host name or port.", (int) (p - v) + 1));
	}
	if (p == host || *host == ':')
		return endpoint_refused("msm.endpoint has no host",
								"The URL has nothing between the scheme and the path.");
	if (strpbrk(host, "?#") != NULL)
		return endpoint_refused("msm.endpoint must not have a query or fragment",
								"msm appends the API paths to the base URL: a \"?\" or \"#\" in it would break them.");
	return true;
}

void
msm_registry_define_settings(void)
{
	DefineCustomStringVariable("msm.endpoint",
							   "TS Manager base URL; empty selects the embedded registry.",
							   NULL, &msm_endpoint, "",
							   PGC_SUSET, 0, check_endpoint, NULL, NULL);
}

void
msm_registry_add_backend(MsmRegistryKind kind, const MsmRegistryBackend *backend)
{
	Assert(kind >= 0 && kind < MSM_REGISTRY_KINDS);
	backends[kind] = backend;
}

bool
msm_tsmanager_mode(void)
{
	return msm_endpoint != NULL && msm_endpoint[0] != '\0';
}

const MsmRegistryBackend *
msm_registry(void)
{
	MsmRegistryKind kind = msm_tsmanager_mode() ? MSM_REGISTRY_TSMANAGER : MSM_REGISTRY_EMBEDDED;

	if (backends[kind] == NULL)
		elog(ERROR, "msm registry backend %d is not registered", (int) kind);
	return backends[kind];
}

void
msm_registry_set_timeout(int timeout_ms)
{
	call_timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
	call_deadline = call_timeout_ms > 0 ?
		TimestampTzPlusMilliseconds(GetCurrentTimestamp(), call_timeout_ms) : 0;
}

int
msm_registry_call_timeout_ms(void)
{
	return call_timeout_ms;
}

TimestampTz
msm_registry_call_deadline(void)
{
	return call_deadline;
}

const char *
msm_resource_type_name(MsmResourceType type)
{
	return type == MSM_RESOURCE_TIME_INDEX ? "time_index" : "meta_table";
}

MsmResourceType
msm_resource_type_from_name(const char *name)
{
	if (strcmp(name, "meta_table") == 0)
		return MSM_RESOURCE_META_TABLE;
	if (strcmp(name, "time_index") == 0)
		return MSM_RESOURCE_TIME_INDEX;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown MetaTable kind \"%s\"", name),
			 errdetail("A MetaTable is a meta_table or a time_index."),
			 errhint("Use \"meta_table\" or \"time_index\".")));
	pg_unreachable();
}

/*
 * The backend for an SQL entry point: the library must match the installed
 * extension, and migrations have no start_engine deadline.
 */
static const MsmRegistryBackend *
admin_registry(void)
{
	msm_require_extension_version();
	msm_registry_set_timeout(0);
	return msm_registry();
}

static Datum
cjson_result(cJSON *doc)
{
	Datum		d = msm_cjson_to_jsonb(doc);

	cJSON_Delete(doc);
	return d;
}

/* the jsonb request argument of an entry point; what names it in the error */
static cJSON *
request_arg(FunctionCallInfo fcinfo, const char *what)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s request is required", what),
				 errdetail("The request argument is NULL."),
				 errhint("Pass the request as a jsonb object (doc/tsmanager.md, \"Wire calls\").")));
	return msm_jsonb_to_cjson(PG_GETARG_DATUM(0));
}

/* kind and names of a lookup entry point (arguments 0 and 1) */
static MsmResourceType
lookup_args(FunctionCallInfo fcinfo, List **names)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kind and names are required"),
				 errdetail("The %s argument is NULL.", PG_ARGISNULL(0) ? "kind" : "names"),
				 errhint("Pass a kind ('meta_table' or 'time_index') and an array of physical table names.")));
	arr = PG_GETARG_ARRAYTYPE_P(1);
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	*names = NIL;
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			*names = lappend(*names, TextDatumGetCString(elems[i]));
	return msm_resource_type_from_name(text_to_cstring(PG_GETARG_TEXT_PP(0)));
}

/* msm._registry_lookup(kind text, names text[], management_mode text) */
Datum
msm_registry_lookup_sql(PG_FUNCTION_ARGS)
{
	List	   *names;
	MsmResourceType type = lookup_args(fcinfo, &names);
	const char *mode = PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2));

	PG_RETURN_DATUM(cjson_result(admin_registry()->lookup(type, names, NIL, mode)));
}

/* msm._registry_find(kind text, names text[], physical_schema text) */
Datum
msm_registry_find_sql(PG_FUNCTION_ARGS)
{
	List	   *names;
	MsmResourceType type = lookup_args(fcinfo, &names);

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("physical_schema is required"),
				 errdetail("A migration lookup is by physical identity: data source, schema and table name."),
				 errhint("Pass the physical schema of the tables.")));
	PG_RETURN_DATUM(cjson_result(admin_registry()->find(type, names,
														list_make1(text_to_cstring(PG_GETARG_TEXT_PP(2))))));
}

/* msm._registry_reserve(kind text, rows jsonb) */
Datum
msm_registry_reserve_sql(PG_FUNCTION_ARGS)
{
	MsmResourceType type;
	cJSON	   *rows;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kind and rows are required"),
				 errdetail("The %s argument is NULL.", PG_ARGISNULL(0) ? "kind" : "rows"),
				 errhint("Pass a kind ('meta_table' or 'time_index') and a jsonb array of reservation rows.")));
	type = msm_resource_type_from_name(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	rows = msm_jsonb_to_cjson(PG_GETARG_DATUM(1));
	if (!cJSON_IsArray(rows))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("reservation rows must be a JSON array"),
				 errdetail("The rows argument is a JSON %s.", cJSON_IsObject(rows) ? "object" : "scalar"),
				 errhint("Pass one object per reservation in a jsonb array.")));
	PG_RETURN_DATUM(cjson_result(admin_registry()->reserve(type, rows)));
}

/* msm._registry_finalize(request jsonb) */
Datum
msm_registry_finalize_sql(PG_FUNCTION_ARGS)
{
	cJSON	   *request = request_arg(fcinfo, "finalize");

	PG_RETURN_DATUM(cjson_result(admin_registry()->finalize(request)));
}

/*
 * msm._registry_register(kind text, request jsonb), and the 0.1.0 form
 * msm._registry_register(request jsonb) for a plain MetaTable
 */
Datum
msm_registry_register_sql(PG_FUNCTION_ARGS)
{
	MsmResourceType type = MSM_RESOURCE_META_TABLE;
	cJSON	   *request;

	if (PG_NARGS() == 2)
	{
		if (PG_ARGISNULL(0))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("kind is required"),
					 errdetail("The kind argument is NULL."),
					 errhint("Pass 'meta_table' or 'time_index'.")));
		type = msm_resource_type_from_name(text_to_cstring(PG_GETARG_TEXT_PP(0)));
		if (PG_ARGISNULL(1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("registration request is required"),
					 errdetail("The request argument is NULL."),
					 errhint("Pass the request as a jsonb object (doc/tsmanager.md, \"Wire calls\").")));
		request = msm_jsonb_to_cjson(PG_GETARG_DATUM(1));
	}
	else
		request = request_arg(fcinfo, "registration");

	PG_RETURN_DATUM(cjson_result(admin_registry()->register_table(type, request)));
}

/* msm.registry_backend(): name of the backend in use */
Datum
msm_registry_backend_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(msm_tsmanager_mode() ? "ts_manager" : "embedded"));
}
