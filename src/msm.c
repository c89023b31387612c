/*-------------------------------------------------------------------------
 *
 * msm.c
 *	  Module initialisation and settings (GUCs) of the msm extension.
 *
 * Settings that reach the platform (endpoint, credentials, TLS) are
 * superuser-set; secrets are additionally GUC_SUPERUSER_ONLY so that they
 * never show in pg_settings or SHOW for other roles.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>
#include <stdlib.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/guc.h"

#include <cjson/cJSON.h>

#include "engine.h"
#include "lookup_cache.h"
#include "http_worker.h"
#include "msm.h"

PG_MODULE_MAGIC;

char	   *msm_endpoint = NULL;
char	   *msm_access_token = NULL;
char	   *msm_runtime_credential_id = NULL;
char	   *msm_runtime_credential_secret = NULL;
char	   *msm_data_source_uid = NULL;
char	   *msm_physical_schema = NULL;
char	   *msm_auto_register_namespace = NULL;
int			msm_http_timeout_ms = 5000;
int			msm_http_connect_timeout_ms = 1000;
int			msm_http_max_retries = 3;
int			msm_lookup_cache_ttl_s = 60;
char	   *msm_tls_ca_file = NULL;
bool		msm_tls_verify = true;
int			msm_default_max_rows = 1000;
int			msm_default_statement_timeout_ms = 15000;
int			msm_execution = MSM_EXECUTION_LOCAL;

static const struct config_enum_entry execution_options[] = {
	{"local", MSM_EXECUTION_LOCAL, false},
	{"platform", MSM_EXECUTION_PLATFORM, false},
	{NULL, 0, false}
};

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
	const char *env_namespace = getenv("MSM_AUTO_REGISTER_NAMESPACE");

	cJSON_InitHooks(&hooks);

	DefineCustomStringVariable("msm.endpoint",
							   "TS Manager base URL; empty selects the embedded registry.",
							   NULL, &msm_endpoint, "",
							   PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("msm.access_token",
							   "Bearer token for TS Manager.",
							   NULL, &msm_access_token, "",
							   PGC_SUSET, GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("msm.runtime_credential_id",
							   "Runtime credential id exchanged for a TS Manager token.",
							   NULL, &msm_runtime_credential_id, "",
							   PGC_SUSET, GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL,
							   NULL, NULL, NULL);
	DefineCustomStringVariable("msm.runtime_credential_secret",
							   "Runtime credential secret exchanged for a TS Manager token.",
							   NULL, &msm_runtime_credential_secret, "",
							   PGC_SUSET, GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL,
							   NULL, NULL, NULL);
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
	DefineCustomIntVariable("msm.http_timeout_ms",
							"Total timeout of one TS Manager HTTP request.",
							NULL, &msm_http_timeout_ms, 5000, 1, 3600 * 1000,
							PGC_SUSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomIntVariable("msm.http_connect_timeout_ms",
							"Connect timeout of TS Manager HTTP requests.",
							NULL, &msm_http_connect_timeout_ms, 1000, 1, 600 * 1000,
							PGC_SUSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomIntVariable("msm.http_max_retries",
							"Retries of a TS Manager call on 429, 5xx and transport errors.",
							NULL, &msm_http_max_retries, 3, 0, 100,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("msm.lookup_cache_ttl_s",
							"Lifetime of the shared registry lookup cache; 0 disables it.",
							NULL, &msm_lookup_cache_ttl_s, 60, 0, 86400,
							PGC_SUSET, GUC_UNIT_S, NULL, NULL, NULL);
	DefineCustomStringVariable("msm.tls_ca_file",
							   "CA bundle used to verify TS Manager's certificate.",
							   NULL, &msm_tls_ca_file, "",
							   PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("msm.tls_verify",
							 "Verify TS Manager's TLS certificate and host name.",
							 NULL, &msm_tls_verify, true,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("msm.default_max_rows",
							"Default max_rows limit of row operations.",
							NULL, &msm_default_max_rows, 1000, 1, INT_MAX,
							PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("msm.default_statement_timeout_ms",
							"Default statement_timeout_ms limit of row operations.",
							NULL, &msm_default_statement_timeout_ms, 15000, 1, INT_MAX,
							PGC_USERSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomEnumVariable("msm.execution",
							 "Where row operations run: local (this database) or platform (TS Manager).",
							 NULL, &msm_execution, MSM_EXECUTION_LOCAL, execution_options,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	msm_engine_define_settings();

	MarkGUCPrefixReserved("msm");

	/* shared memory parts of HTTP mode exist only when preloaded */
	if (process_shared_preload_libraries_in_progress)
		msm_lookup_cache_init();
	if (process_shared_preload_libraries_in_progress)
		msm_http_worker_init();
}
