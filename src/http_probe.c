/*-------------------------------------------------------------------------
 *
 * http_probe.c
 *	  msm._http_probe(), a superuser-only debugging entry point of the HTTP
 *	  transport (http_client.h), used by the tests.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "http_client.h"
#include "registry.h"
#include "registry_tsmanager.h"

PG_FUNCTION_INFO_V1(msm_http_probe_sql);

/* msm.access_token for URLs under msm.endpoint, else NULL */
static const char *
probe_bearer_token(const char *url)
{
	size_t		n;

	if (msm_access_token == NULL || msm_access_token[0] == '\0' || !msm_tsmanager_mode())
		return NULL;
	n = strlen(msm_endpoint);
	while (n > 0 && msm_endpoint[n - 1] == '/')
		n--;
	if (n > 0 && strncmp(url, msm_endpoint, n) == 0 &&
		(url[n] == '\0' || url[n] == '/' || url[n] == '?'))
		return msm_access_token;
	return NULL;
}

/*
 * msm._http_probe(method, url, request_body, timeout_ms)
 *	 -> (status, body, retry_after, transport_error, error)
 *
 * Superuser-only debugging entry point of the transport.  The bearer token
 * (msm.access_token) is sent only to URLs under msm.endpoint, as the real
 * client does.
 */
Datum
msm_http_probe_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MsmHttpRequest req;
	MsmHttpResponse resp;
	Datum		values[5];
	bool		nulls[5];
	text	   *body = NULL;
	int			timeout_ms;

	if (!superuser())
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for function _http_probe"),
				 errdetail("msm._http_probe sends requests from the server to any URL."),
				 errhint("Only superusers may probe HTTP endpoints.")));
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("method and url must not be NULL"),
				 errdetail("The %s argument is NULL.", PG_ARGISNULL(0) ? "method" : "url"),
				 errhint("Call msm._http_probe('GET', 'http://host/path').")));

	InitMaterializedSRF(fcinfo, 0);

	memset(&req, 0, sizeof(req));
	req.method = text_to_cstring(PG_GETARG_TEXT_PP(0));
	req.url = text_to_cstring(PG_GETARG_TEXT_PP(1));
	if (!PG_ARGISNULL(2))
	{
		body = PG_GETARG_TEXT_PP(2);
		req.body = VARDATA_ANY(body);
		req.body_len = VARSIZE_ANY_EXHDR(body);
	}
	timeout_ms = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT32(3);

	req.bearer_token = probe_bearer_token(req.url);

	msm_http_perform(&req, timeout_ms, &resp);

	memset(nulls, 0, sizeof(nulls));
	values[0] = Int32GetDatum(resp.status);
	if (resp.transport_error)
		nulls[1] = true;
	else if (!pg_verifymbstr(resp.body, (int) resp.body_len, true))
	{
		nulls[1] = true;
		if (resp.error == NULL)
			resp.error = pstrdup("response body is not valid text in the database encoding");
	}
	else
		values[1] = PointerGetDatum(cstring_to_text_with_len(resp.body, (int) resp.body_len));
	if (resp.retry_after_s >= 0)
		values[2] = Int32GetDatum(resp.retry_after_s);
	else
		nulls[2] = true;
	values[3] = BoolGetDatum(resp.transport_error);
	if (resp.error != NULL)
		values[4] = PointerGetDatum(cstring_to_text(resp.error));
	else
		nulls[4] = true;

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}
