/*-------------------------------------------------------------------------
 *
 * registry_tsmanager.c
 *	  The TS Manager registry backend (doc/tsmanager.md, "Wire calls"): the
 *	  REST calls behind the registry interface, with authentication
 *	  ("Credentials"), retries ("Failures and retries"), error messages,
 *	  pagination and the shared lookup cache ("Lookup cache"), and the
 *	  settings of those.
 *
 * Transport is the background worker (http_client.h): this file builds
 * requests and interprets answers; it never touches libcurl.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/latch.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/wait_event.h"

#include <cjson/cJSON.h>

#include "deployment.h"
#include "http_client.h"
#include "http_stats.h"
#include "lookup_cache.h"
#include "registry.h"
#include "registry_tsmanager.h"
#include "spi_json.h"
#include "tsmanager_answer.h"

#define MSM_API_PREFIX "/api/v1"

int			msm_http_max_retries = 3;

/* token obtained from runtime credentials, renewed before expiry */
static TimestampTz cached_token_expires = 0;
static char *cached_token_for = NULL;	/* credential id it belongs to */

void
msm_tsmanager_define_settings(void)
{
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
	DefineCustomIntVariable("msm.http_max_retries",
							"Retries of a TS Manager call on 429, 5xx and transport errors.",
							NULL, &msm_http_max_retries, 3, 0, 100,
							PGC_SUSET, 0, NULL, NULL, NULL);
}

/* ----------------------------------------------------------------------
 * URLs
 * ---------------------------------------------------------------------- */

/* scheme://host[:port] prefix length of url, or -1 when not http(s) */
static int
origin_length(const char *url)
{
	const char *p;

	if (pg_strncasecmp(url, "http://", 7) == 0)
		p = url + 7;
	else if (pg_strncasecmp(url, "https://", 8) == 0)
		p = url + 8;
	else
		return -1;
	while (*p && *p != '/' && *p != '?' && *p != '#')
		p++;
	return (int) (p - url);
}

static char *
endpoint_base(void)
{
	const char *ep = msm_endpoint;
	int			n = (int) strlen(ep);

	if (origin_length(ep) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("msm.endpoint must be an http or https URL"),
				 errdetail("The value does not start with http:// or https:// (it is not shown: it may hold a secret)."),
				 errhint("Set msm.endpoint to the TS Manager base URL, e.g. https://tsm.example.com, or reset it for the embedded registry.")));
	while (n > 0 && ep[n - 1] == '/')
		n--;
	return psprintf("%.*s%s", n, ep, MSM_API_PREFIX);
}

static char *
api_url(const char *path)
{
	return psprintf("%s%s", endpoint_base(), path);
}

/* ----------------------------------------------------------------------
 * errors
 * ---------------------------------------------------------------------- */

/*
 * The platform's message: first non-empty of detail, error, message,
 * non_field_errors, errors, else the raw text; fit for an error message
 * (no secret, valid in the database encoding, bounded: msm_answer_text).
 */
static char *
platform_message(const char *body, size_t len)
{
	static const char *const keys[] = {"detail", "error", "message", "non_field_errors", "errors"};
	cJSON	   *doc = body ? cJSON_ParseWithLength(body, len) : NULL;

	if (doc != NULL && cJSON_IsObject(doc))
	{
		for (int i = 0; i < (int) lengthof(keys); i++)
		{
			cJSON	   *v = cJSON_GetObjectItemCaseSensitive(doc, keys[i]);
			char	   *s = NULL;

			if (v == NULL || cJSON_IsNull(v))
				continue;
			if (cJSON_IsString(v))
				s = pstrdup(v->valuestring);
			else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0 &&
					 cJSON_IsString(cJSON_GetArrayItem(v, 0)))
				s = pstrdup(cJSON_GetArrayItem(v, 0)->valuestring);
			else if ((cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) ||
					 (cJSON_IsObject(v) && v->child != NULL))
				s = cJSON_PrintUnformatted(v);
			if (s != NULL && s[0] != '\0')
			{
				cJSON_Delete(doc);
				return msm_answer_text(s, strlen(s), MSM_ANSWER_TEXT_MAX);
			}
		}
	}
	if (doc)
		cJSON_Delete(doc);
	if (body == NULL || len == 0)
		return pstrdup("(empty answer)");
	return msm_answer_text(body, len, MSM_ANSWER_TEXT_MAX);
}

/* ----------------------------------------------------------------------
 * authentication
 * ---------------------------------------------------------------------- */
static void perform(const char *method, const char *url, const char *body,
					const char *token, TimestampTz deadline, int request_timeout_ms,
					MsmHttpResponse *resp);

static bool
using_credentials(void)
{
	return (msm_access_token == NULL || msm_access_token[0] == '\0') &&
		msm_runtime_credential_id != NULL && msm_runtime_credential_id[0] != '\0';
}

static void
forget_token(void)
{
	if (msm_issued_token)
	{
		memset(msm_issued_token, 0, strlen(msm_issued_token));
		pfree(msm_issued_token);
	}
	msm_issued_token = NULL;
	cached_token_expires = 0;
}

static const char *
current_token(TimestampTz deadline, bool force_renew)
{
	MsmHttpResponse resp;
	cJSON	   *req;
	cJSON	   *doc;
	char	   *body;
	const char *access;
	cJSON	   *expires;
	MemoryContext old;

	if (!using_credentials())
	{
		if (msm_access_token == NULL || msm_access_token[0] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
					 errmsg("TS Manager credentials are not configured"),
					 errdetail("msm.endpoint selects TS Manager, but msm.access_token and msm.runtime_credential_id are empty."),
					 errhint("Set msm.access_token, or msm.runtime_credential_id and msm.runtime_credential_secret (superuser settings).")));
		return msm_access_token;
	}

	if (!force_renew && msm_issued_token != NULL && cached_token_for != NULL &&
		strcmp(cached_token_for, msm_runtime_credential_id) == 0 &&
		GetCurrentTimestamp() < cached_token_expires)
		return msm_issued_token;

	forget_token();
	req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "credential_id", msm_runtime_credential_id);
	cJSON_AddStringToObject(req, "credential_secret",
							msm_runtime_credential_secret ? msm_runtime_credential_secret : "");
	body = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	perform("POST", api_url("/runtime-credentials/token/"), body, NULL, deadline, 0, &resp);
	memset(body, 0, strlen(body));
	pfree(body);

	if (resp.status != 200 && resp.status != 201)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
				 errmsg("TS Manager refused the runtime credential exchange"),
				 errdetail("HTTP %d: %s", resp.status, platform_message(resp.body, resp.body_len)),
				 errhint("Check msm.runtime_credential_id and msm.runtime_credential_secret.")));
	doc = cJSON_ParseWithLength(resp.body, resp.body_len);
	access = doc ? msm_json_string(doc, "access") : NULL;
	if (access == NULL || access[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_AUTHORIZATION_SPECIFICATION),
				 errmsg("TS Manager answered the credential exchange without an access token"),
				 errdetail("The answer has no non-empty \"access\" field (HTTP %d).", resp.status),
				 errhint("Check msm.runtime_credential_id and msm.runtime_credential_secret, and TS Manager's token endpoint.")));
	expires = cJSON_GetObjectItemCaseSensitive(doc, "expires_in");

	old = MemoryContextSwitchTo(TopMemoryContext);
	msm_issued_token = pstrdup(access);
	if (cached_token_for)
		pfree(cached_token_for);
	cached_token_for = pstrdup(msm_runtime_credential_id);
	MemoryContextSwitchTo(old);
	{
		double		secs = (expires && cJSON_IsNumber(expires)) ? expires->valuedouble : 300.0;
		/* renew before expiry: a tenth of the lifetime early, at least 5 s */
		double		margin = Max(5.0, secs / 10.0);

		cached_token_expires = TimestampTzPlusMilliseconds(GetCurrentTimestamp(),
														   (int64) (Max(secs - margin, 1.0) * 1000));
	}
	memset(resp.body, 0, resp.body_len);
	cJSON_Delete(doc);
	return msm_issued_token;
}

/* ----------------------------------------------------------------------
 * one call with retries
 * ---------------------------------------------------------------------- */
static void
perform(const char *method, const char *url, const char *body, const char *token,
		TimestampTz deadline, int request_timeout_ms, MsmHttpResponse *resp)
{
	MsmHttpRequest req;
	int			wait_ms = 0;

	if (deadline != 0)
	{
		long		secs;
		int			usecs;

		TimestampDifference(GetCurrentTimestamp(), deadline, &secs, &usecs);
		wait_ms = (int) (secs * 1000 + usecs / 1000);
		if (wait_ms <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_QUERY_CANCELED),
					 errmsg("TS Manager request timed out after %d ms", msm_registry_call_timeout_ms()),
					 errdetail("The call's time ran out before the %s request to TS Manager could be sent.", method),
					 errhint("Raise timeout_ms or check TS Manager's health.")));
	}
	memset(&req, 0, sizeof(req));
	req.method = method;
	req.url = url;
	req.body = body;
	req.body_len = body ? strlen(body) : 0;
	req.bearer_token = token;
	req.timeout_ms = request_timeout_ms > 0 ? request_timeout_ms : msm_http_timeout_ms;
	req.connect_timeout_ms = msm_http_connect_timeout_ms;
	/* a timeout names the call's bound, not what was left of it */
	req.call_timeout_ms = deadline != 0 ? msm_registry_call_timeout_ms() : 0;
	msm_http_perform(&req, wait_ms, resp);
}

static bool
retryable(const MsmHttpResponse *r)
{
	if (r->transport_error)
		return r->failure != MSM_HTTP_FAILURE_TOO_LARGE;
	return r->status == 429 || r->status == 500 ||
		r->status == 502 || r->status == 503 || r->status == 504;
}

static void
backoff_sleep(int attempt, int retry_after_s, TimestampTz deadline)
{
	long		ms = retry_after_s >= 0 ? retry_after_s * 1000L : (long) (100 * pow(2, attempt));

	ms = Min(ms, 30000L);
	if (deadline != 0)
	{
		long		secs;
		int			usecs;

		TimestampDifference(GetCurrentTimestamp(), deadline, &secs, &usecs);
		if (secs * 1000 + usecs / 1000 <= ms)
			ereport(ERROR,
					(errcode(ERRCODE_QUERY_CANCELED),
					 errmsg("TS Manager request timed out after %d ms", msm_registry_call_timeout_ms()),
					 errdetail("The next retry would start after the deadline."),
					 errhint("Raise timeout_ms or check TS Manager's health.")));
	}
	{
		TimestampTz wake = TimestampTzPlusMilliseconds(GetCurrentTimestamp(), ms);

		for (;;)
		{
			long		secs;
			int			usecs;
			long		left;

			TimestampDifference(GetCurrentTimestamp(), wake, &secs, &usecs);
			left = secs * 1000 + usecs / 1000;
			if (left <= 0)
				break;
			(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
							 Min(left, 100L), PG_WAIT_EXTENSION);
			ResetLatch(MyLatch);
			CHECK_FOR_INTERRUPTS();
		}
	}
}

/*
 * POST body (a cJSON document) to url and return the parsed answer.  2xx
 * and the statuses listed in accept (e.g. 409) return; everything else is
 * an error carrying the platform's message.  *status gets the HTTP status.
 */
/*
 * Whether an answer shows the request was not processed, so that even a
 * call that must not run twice may be sent again.
 */
static bool
not_processed(const MsmHttpResponse *r)
{
	if (r->transport_error)
		return r->failure == MSM_HTTP_FAILURE_CONNECT;
	return r->status == 429 || r->status == 503;
}

/*
 * POST text to url; returns the answer body (valid UTF-8, in the database
 * encoding; *len its length) of a 2xx or an accepted status.  Everything
 * else is an error carrying the platform's message without secrets.
 */
static char *
call_text(const char *what, const char *url, const char *text, const int *accept,
		  int naccept, int *status, bool replay_safe, int request_timeout_ms, size_t *len)
{
	TimestampTz deadline = msm_registry_call_deadline();
	bool		renewed = false;
	int			attempt = 0;
	MsmHttpResponse resp;

	for (;;)
	{
		const char *token = current_token(deadline, false);
		bool		accepted = false;

		perform("POST", url, text, token, deadline, request_timeout_ms, &resp);

		if (retryable(&resp) && attempt < msm_http_max_retries &&
			(replay_safe || not_processed(&resp)))
		{
			backoff_sleep(attempt, resp.retry_after_s, deadline);
			msm_http_stats_count_retry(url);
			attempt++;
			continue;
		}
		if (resp.transport_error)
			ereport(ERROR,
					(errcode(ERRCODE_CONNECTION_FAILURE),
					 resp.failure == MSM_HTTP_FAILURE_TOO_LARGE ?
					 errmsg("TS Manager's answer to %s is too large", what) :
					 errmsg("could not reach TS Manager for %s", what),
					 errdetail_plural("%s (after %d attempt).", "%s (after %d attempts).",
									  attempt + 1,
									  resp.error ? msm_answer_text(resp.error, strlen(resp.error), MSM_ANSWER_TEXT_MAX) :
									  "transport error", attempt + 1),
					 errhint("Check msm.endpoint and that TS Manager is running.")));
		if (resp.status == 401 && !renewed && using_credentials())
		{
			forget_token();
			(void) current_token(deadline, true);
			renewed = true;
			continue;
		}
		if (resp.status >= 300 && resp.status < 400)
			ereport(ERROR,
					(errcode(ERRCODE_CONNECTION_FAILURE),
					 errmsg("TS Manager answered %s with a redirect (HTTP %d)", what, resp.status),
					 errdetail("Redirects are not followed."),
					 errhint("Set msm.endpoint to the final TS Manager URL.")));
		for (int i = 0; i < naccept; i++)
			if (resp.status == accept[i])
				accepted = true;
		if (!accepted && (resp.status < 200 || resp.status >= 300))
			ereport(ERROR,
					(errcode(resp.status == 401 || resp.status == 403 ?
							 ERRCODE_INSUFFICIENT_PRIVILEGE : ERRCODE_CONNECTION_FAILURE),
					 errmsg("TS Manager rejected %s: %s", what, platform_message(resp.body, resp.body_len)),
					 errdetail_plural("HTTP %d after %d attempt.", "HTTP %d after %d attempts.",
									  attempt + 1, resp.status, attempt + 1),
					 resp.status == 401 ? errhint("Check msm.access_token or the runtime credentials.") : 0));
		*status = resp.status;
		*len = resp.body_len;
		return msm_answer_server_text(what, resp.body, len);
	}
}

static cJSON *
call_json_ext(const char *what, const char *url, const cJSON *body, const int *accept,
			  int naccept, int *status, bool replay_safe, int request_timeout_ms)
{
	char	   *text = body ? cJSON_PrintUnformatted(body) : NULL;
	size_t		len;
	char	   *answer = call_text(what, url, text, accept, naccept, status, replay_safe,
								   request_timeout_ms, &len);
	cJSON	   *doc = cJSON_ParseWithLength(answer, len);

	if (doc == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("TS Manager answered %s with malformed JSON", what),
				 errdetail("HTTP %d, %zu bytes (not shown).", *status, len),
				 errhint("Check that msm.endpoint points at TS Manager's API, not at a proxy or web page.")));
	if (text)
		pfree(text);
	return doc;
}

char *
msm_tsmanager_post(const char *what, const char *path, const char *body,
				   bool replay_safe, int request_timeout_ms, size_t *len)
{
	int			status;

	return call_text(what, api_url(path), body, NULL, 0, &status, replay_safe,
					 request_timeout_ms, len);
}

/* calls that may safely be sent again (lookups, reservations, finalization) */
static cJSON *
call_json(const char *what, const char *url, const cJSON *body, const int *accept,
		  int naccept, int *status)
{
	return call_json_ext(what, url, body, accept, naccept, status, true, 0);
}

/* ----------------------------------------------------------------------
 * registry operations
 * ---------------------------------------------------------------------- */
static const char *
resource_path(MsmResourceType type)
{
	return type == MSM_RESOURCE_TIME_INDEX ? "/time-index-meta-tables/" : "/meta-tables/";
}

/*
 * Rows of a filter answer: a list, or one page {count, next, previous,
 * results}.  Like the SDK's filter_by_body, msm reads one page and never
 * follows "next": the request's limit covers every name asked for
 * (doc/tsmanager.md, "Wire calls").
 */
static cJSON *
filter_rows(MsmResourceType type, cJSON *body, const char *what, List *names)
{
	char	   *url = api_url(psprintf("%sfilter/", resource_path(type)));
	int			status;
	cJSON	   *doc = call_json(what, url, body, NULL, 0, &status);
	cJSON	   *list = doc;
	cJSON	   *rows;

	if (cJSON_IsObject(doc))
		list = cJSON_GetObjectItemCaseSensitive(doc, "results");
	if (!cJSON_IsArray(list))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("TS Manager answered %s with neither a list nor a page of results", what),
				 errdetail("The answer is neither a JSON array nor an object with a \"results\" array."),
				 errhint("Check that msm.endpoint points at TS Manager's API and that its version is supported.")));
	rows = list == doc ? doc : cJSON_DetachItemViaPointer(doc, list);
	if (rows != doc)
		cJSON_Delete(doc);
	/* every row valid (uuids, text), of a requested table, none twice */
	msm_answer_check_lookup(what, rows, names);
	return rows;
}

/* the fields start_engine and migrations need of a row */
static cJSON *
compact_rows(const cJSON *rows)
{
	static const char *const keep[] = {"uid", "physical_table_name", "physical_schema",
		"provisioning_status", "management_mode", "data_source_uid", "identifier"};
	cJSON	   *out = cJSON_CreateArray();
	const cJSON *row;

	cJSON_ArrayForEach(row, rows)
	{
		cJSON	   *c = cJSON_CreateObject();
		cJSON	   *ds;

		for (int i = 0; i < (int) lengthof(keep); i++)
		{
			cJSON	   *v = cJSON_GetObjectItemCaseSensitive(row, keep[i]);

			if (v != NULL)
				cJSON_AddItemToObject(c, keep[i], cJSON_Duplicate(v, true));
		}
		/* a row may name its data source as {"data_source": {"uid": ...}} */
		ds = cJSON_GetObjectItemCaseSensitive(row, "data_source");
		if (cJSON_GetObjectItemCaseSensitive(c, "data_source_uid") == NULL && cJSON_IsObject(ds) &&
			cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ds, "uid")))
			cJSON_AddStringToObject(c, "data_source_uid",
									cJSON_GetObjectItemCaseSensitive(ds, "uid")->valuestring);
		cJSON_AddItemToArray(out, c);
	}
	return out;
}

/* longest a lookup can legitimately take: every attempt times out, plus slack */
static long
longest_fetch_ms(void)
{
	return (long) msm_http_timeout_ms * (msm_http_max_retries + 1) + 5000L;
}

/*
 * Runtime lookup (start_engine): {physical_table_name__in: sorted unique
 * names, management_mode (meta-tables only), limit: max(5000, n), offset:
 * 0}, one page.  The shared cache key holds the endpoint, this database's
 * data source uid, the physical schemas, the token identity, the resource
 * type, the mode and the names, so two databases or tenants never share
 * an answer (doc/tsmanager.md, "Tenancy").
 */
static cJSON *
tsmanager_lookup(MsmResourceType type, List *names, List *schemas,
				 const char *management_mode)
{
	cJSON	   *body = cJSON_CreateObject();
	cJSON	   *list = cJSON_AddArrayToObject(body, "physical_table_name__in");
	List	   *unique = msm_sorted_unique(names);
	StringInfoData key;
	ListCell   *lc;
	char	   *cached;
	int			claimed = -1;
	volatile int slot = -1;
	cJSON	   *rows = NULL;
	TimestampTz deadline = msm_registry_call_deadline();
	const char *what = type == MSM_RESOURCE_TIME_INDEX ?
		"the time-index MetaTable lookup" : "the MetaTable lookup";

	if (type != MSM_RESOURCE_META_TABLE)
		management_mode = NULL;
	initStringInfo(&key);
	appendStringInfo(&key, "%s|%s|%s|%s|%s|", msm_endpoint, msm_current_data_source_uid(),
					 msm_token_identity(using_credentials(), using_credentials() ? msm_runtime_credential_id : msm_access_token), msm_resource_type_name(type),
					 management_mode ? management_mode : "");
	foreach(lc, msm_sorted_unique(schemas))
		appendStringInfo(&key, "%s,", (char *) lfirst(lc));
	appendStringInfoChar(&key, '|');
	foreach(lc, unique)
	{
		cJSON_AddItemToArray(list, cJSON_CreateString((char *) lfirst(lc)));
		appendStringInfo(&key, "%s,", (char *) lfirst(lc));
	}
	if (management_mode != NULL)
		cJSON_AddStringToObject(body, "management_mode", management_mode);
	cJSON_AddNumberToObject(body, "limit", Max(5000, list_length(unique)));
	cJSON_AddNumberToObject(body, "offset", 0);

	cached = msm_lookup_cache_begin(key.data, deadline, longest_fetch_ms(), &claimed);
	slot = claimed;
	if (cached != NULL)
	{
		rows = cJSON_Parse(cached);
		if (rows != NULL)
			return rows;
	}

	PG_TRY();
	{
		cJSON	   *all = filter_rows(type, body, what, names);

		rows = compact_rows(all);
		cJSON_Delete(all);
		if (slot >= 0)
		{
			char	   *text = cJSON_PrintUnformatted(rows);

			msm_lookup_cache_finish(slot, text);
			slot = -1;
		}
	}
	PG_CATCH();
	{
		if (slot >= 0)
			msm_lookup_cache_finish(slot, NULL);
		PG_RE_THROW();
	}
	PG_END_TRY();
	cJSON_Delete(body);
	return rows;
}

/*
 * Migration lookup by physical identity, as the SDK's
 * _get_metatables_by_physical_identity: {data_source__uid__in,
 * physical_schema__in, physical_table_name__in (unique, in order), limit},
 * one page, never cached.
 */
static cJSON *
tsmanager_find(MsmResourceType type, List *names, List *schemas)
{
	cJSON	   *body = cJSON_CreateObject();
	cJSON	   *list;
	List	   *unique = msm_first_unique(names);
	List	   *uschemas = msm_first_unique(schemas);
	ListCell   *lc;
	cJSON	   *all;
	cJSON	   *row;

	list = cJSON_AddArrayToObject(body, "data_source__uid__in");
	cJSON_AddItemToArray(list, cJSON_CreateString(msm_current_data_source_uid()));
	list = cJSON_AddArrayToObject(body, "physical_schema__in");
	foreach(lc, uschemas)
		cJSON_AddItemToArray(list, cJSON_CreateString((char *) lfirst(lc)));
	list = cJSON_AddArrayToObject(body, "physical_table_name__in");
	foreach(lc, unique)
		cJSON_AddItemToArray(list, cJSON_CreateString((char *) lfirst(lc)));
	cJSON_AddNumberToObject(body, "limit",
							Max(Max(list_length(unique) * list_length(uschemas), list_length(unique)), 1));
	all = filter_rows(type, body, type == MSM_RESOURCE_TIME_INDEX ?
					  "the time-index MetaTable migration lookup" : "the MetaTable migration lookup",
					  unique);
	/* whole rows: the registry root is validated field by field */
	cJSON_ArrayForEach(row, all)
	{
		cJSON	   *ds = cJSON_GetObjectItemCaseSensitive(row, "data_source");

		if (cJSON_IsObject(row) && cJSON_GetObjectItemCaseSensitive(row, "data_source_uid") == NULL &&
			cJSON_IsObject(ds) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ds, "uid")))
			cJSON_AddStringToObject(row, "data_source_uid",
									cJSON_GetObjectItemCaseSensitive(ds, "uid")->valuestring);
	}
	cJSON_Delete(body);
	return all;
}

static cJSON *
tsmanager_reserve(MsmResourceType type, cJSON *rows)
{
	static const int accept[] = {409};
	int			status;
	cJSON	   *answer;

	msm_lookup_cache_invalidate_all();
	answer = call_json("the MetaTable reservation", api_url(resource_path(type)), rows,
					   accept, lengthof(accept), &status);
	if (status == 409)
	{
		/* someone reserved them meanwhile: look them up again by identity */
		List	   *names = NIL;
		List	   *schemas = NIL;
		const cJSON *row;
		cJSON	   *found;
		cJSON	   *ordered = cJSON_CreateArray();
		const char *ds = msm_current_data_source_uid();

		cJSON_Delete(answer);
		cJSON_ArrayForEach(row, rows)
		{
			const char *n = msm_json_string(row, "physical_table_name");
			const char *sch = msm_json_string(row, "physical_schema");

			if (n)
				names = lappend(names, pstrdup(n));
			if (sch)
				schemas = lappend(schemas, pstrdup(sch));
		}
		found = tsmanager_find(type, names, schemas);
		cJSON_ArrayForEach(row, rows)
		{
			const char *n = msm_json_string(row, "physical_table_name");
			const char *sch = msm_json_string(row, "physical_schema");
			cJSON	   *f;
			cJSON	   *hit = NULL;

			cJSON_ArrayForEach(f, found)
			{
				const char *fn = msm_json_string(f, "physical_table_name");
				const char *fs = msm_json_string(f, "physical_schema");
				const char *fd = msm_json_string(f, "data_source_uid");

				if (n && fn && strcmp(n, fn) == 0 && sch && fs && strcmp(sch, fs) == 0 &&
					fd && pg_strcasecmp(fd, ds) == 0)
					hit = f;
			}
			if (hit == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_UNIQUE_VIOLATION),
						 errmsg("TS Manager reported a reservation conflict for \"%s\" but has no such row", n ? n : "?"),
						 errdetail("The reservation was refused with 409, and the lookup that followed did not find the row."),
						 errhint("Retry the migration; if it persists, repair the registry.")));
			cJSON_AddItemToArray(ordered, cJSON_Duplicate(hit, true));
		}
		msm_lookup_cache_invalidate_all();
		return ordered;
	}
	if (!cJSON_IsArray(answer) || cJSON_GetArraySize(answer) != cJSON_GetArraySize(rows))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg_plural("TS Manager answered the reservation with %d row for %d requested",
							   "TS Manager answered the reservation with %d rows for %d requested",
							   cJSON_IsArray(answer) ? cJSON_GetArraySize(answer) : -1,
							   cJSON_IsArray(answer) ? cJSON_GetArraySize(answer) : -1,
							   cJSON_GetArraySize(rows)),
				 errdetail("A reservation answers one row per requested row, in order."),
				 errhint("Check TS Manager's reservation endpoint; the migration can be run again.")));
	msm_answer_check_reservation("the MetaTable reservation", answer, rows);
	return answer;
}

static cJSON *
tsmanager_finalize(cJSON *request)
{
	static const int accept[] = {409};
	int			status;
	cJSON	   *answer = call_json("the MetaTable finalization", api_url("/meta-tables/finalize-managed/"),
								   request, accept, lengthof(accept), &status);

	msm_lookup_cache_invalidate_all();
	if (!cJSON_IsObject(answer))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("TS Manager answered the finalization with an unexpected document"),
				 errdetail("The answer of finalize-managed is not a JSON object."),
				 errhint("Check TS Manager's finalize-managed endpoint; the migration can be run again.")));
	msm_answer_check_finalize("the MetaTable finalization", answer, request);
	return answer;
}

/* POST the SDK's registration request to <resource>/register/ */
static cJSON *
tsmanager_register(MsmResourceType type, cJSON *request)
{
	int			status;
	cJSON	   *answer = call_json(type == MSM_RESOURCE_TIME_INDEX ?
								   "the time-index MetaTable registration" : "the MetaTable registration",
								   api_url(psprintf("%sregister/", resource_path(type))),
								   request, NULL, 0, &status);

	msm_lookup_cache_invalidate_all();
	msm_answer_check_row("the MetaTable registration", answer);
	return answer;
}

static const MsmRegistryBackend tsmanager_backend = {
	"ts_manager",
	tsmanager_lookup,
	tsmanager_find,
	tsmanager_reserve,
	tsmanager_finalize,
	tsmanager_register
};

void
msm_registry_tsmanager_register(void)
{
	msm_registry_add_backend(MSM_REGISTRY_TSMANAGER, &tsmanager_backend);
}
