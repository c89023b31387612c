/*-------------------------------------------------------------------------
 *
 * http_client.h
 *	  The backend side of the HTTP transport (TS Manager mode): one blocking, cancellable HTTP request
 *	  served by the msm http worker (http_worker.c) through the shared
 *	  request slots (http_slots.h), and the transport settings.
 *
 * msm_http_perform() hands the request to the worker, which owns libcurl
 * and its connection cache, and waits on the backend's latch for the
 * answer.  The wait ends at once on pg_cancel_backend (the usual "canceling
 * statement due to user request" error), on the wait timeout (an ERROR), or
 * with a transport error result when the worker is not running, exits or
 * restarts.  An abandoned request never leaks its slot or shared memory.
 *
 * Requires msm in shared_preload_libraries; otherwise every call raises
 * "msm HTTP mode requires shared_preload_libraries = 'msm'".
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_HTTP_CLIENT_H
#define MSM_HTTP_CLIENT_H

#include "postgres.h"

#include "http_slots.h"

/* settings (msm.http_timeout_ms, msm.http_connect_timeout_ms, msm.tls_*) */
extern int	msm_http_timeout_ms;
extern int	msm_http_connect_timeout_ms;
extern char *msm_tls_ca_file;
extern bool msm_tls_verify;

/* _PG_init: define the settings above */
extern void msm_http_client_define_settings(void);

/* Largest request body accepted (bytes). */
#define MSM_HTTP_MAX_REQUEST_BYTES (64 * 1024 * 1024)

typedef struct MsmHttpRequest
{
	const char *method;			/* GET, POST, PUT, PATCH, DELETE or HEAD */
	const char *url;			/* http:// or https:// only, < 2048 bytes */
	const char *body;			/* may be NULL; not for GET/HEAD */
	size_t		body_len;
	const char *bearer_token;	/* NULL or "" = no Authorization header */
	int			timeout_ms;		/* <= 0: msm.http_timeout_ms */
	int			connect_timeout_ms; /* <= 0: msm.http_connect_timeout_ms */
	int			call_timeout_ms;	/* > 0: the bound of the whole call this request
									 * is part of, named by the timeout error
									 * (the wait is only what is left of it) */
} MsmHttpRequest;

typedef struct MsmHttpResponse
{
	int			status;			/* HTTP status; 0 on transport error */
	char	   *body;			/* palloc'd, NUL-terminated; "" when none */
	size_t		body_len;
	int			retry_after_s;	/* Retry-After in seconds, -1 if none */
	bool		transport_error;
	char	   *error;			/* palloc'd message (no secrets), NULL if none */

	/* additions beyond the minimal contract */
	MsmHttpFailure failure;		/* kind of transport error */
	int			curl_code;		/* CURLcode of the transfer, 0 if none */
	char	   *location;		/* 3xx: absolute Location (palloc'd), else NULL */
	bool		location_cross_host;	/* 3xx whose Location names another host */
} MsmHttpResponse;

/*
 * Perform one request.  wait_timeout_ms > 0 bounds the whole wait (slot,
 * transfer, answer): on expiry ERROR "TS Manager request timed out after N
 * ms".  wait_timeout_ms <= 0: no bound beyond the transfer's own timeouts.
 * TLS settings come from msm.tls_verify and msm.tls_ca_file.
 * Transport failures are reported in resp (transport_error = true), not
 * raised; bad arguments (method, URL scheme, sizes) raise an ERROR.
 */
extern void msm_http_perform(const MsmHttpRequest *req, int wait_timeout_ms,
							 MsmHttpResponse *resp);

/* ERROR unless msm is in shared_preload_libraries (the worker exists). */
extern void msm_http_require_preload(void);

/*
 * A URL fit for logs and error messages: scheme://host[:port]/path, without
 * user info, query or fragment.  palloc'd.
 */
extern char *msm_http_url_for_log(const char *url);

#endif							/* MSM_HTTP_CLIENT_H */
