/*-------------------------------------------------------------------------
 *
 * http_easy.c
 *	  The libcurl easy handle of one transfer of the msm http worker
 *	  (http_easy.h): request setup, the write and header callbacks, and the
 *	  result of a finished transfer.
 *
 * The worker follows no redirect, speaks only http and https, caps
 * response sizes, never logs the bearer token and wipes it once handed to
 * curl.  The callbacks run inside curl: no ereport, no longjmp through it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <time.h>

/* the runtime fallback to CURLOPT_PROTOCOLS needs the deprecated name */
#define CURL_DISABLE_DEPRECATION
#include <curl/curl.h>

#include "utils/memutils.h"

#include "http_easy.h"
#include "http_slots.h"

/* ---- libcurl callbacks (no ereport, no longjmp through curl) ---------- */

static size_t
easy_write_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	MsmTransfer *t = (MsmTransfer *) userdata;
	size_t		n = size * nmemb;

	if (n == 0)
		return 0;
	if (n > t->max || t->len > t->max - n)
	{
		t->too_large = true;
		return 0;				/* aborts the transfer (CURLE_WRITE_ERROR) */
	}
	if (t->len + n + 1 > t->cap)
	{
		size_t		newcap = Max(t->cap * 2, (size_t) 16384);
		char	   *newbuf;

		while (newcap < t->len + n + 1)
			newcap *= 2;
		newcap = Min(newcap, t->max + 1);
		newbuf = MemoryContextAllocExtended(t->cxt, newcap, MCXT_ALLOC_NO_OOM);
		if (newbuf == NULL)
		{
			t->oom = true;
			return 0;
		}
		if (t->buf != NULL)
		{
			memcpy(newbuf, t->buf, t->len);
			pfree(t->buf);
		}
		t->buf = newbuf;
		t->cap = newcap;
	}
	memcpy(t->buf + t->len, ptr, n);
	t->len += n;
	return n;
}

/* Retry-After: delta-seconds or an HTTP-date; -1 when unparseable */
static int
parse_retry_after(const char *value, size_t len)
{
	char		buf[128];
	char	   *s;
	char	   *e;
	bool		digits = true;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, value, len);
	buf[len] = '\0';
	s = buf;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	if (*s == '\0')
		return -1;
	for (char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			digits = false;
	if (digits)
	{
		/* clamp absurd values to one day */
		if (strlen(s) > 6)
			return 86400;
		return Min(atoi(s), 86400);
	}
	else
	{
		time_t		when = curl_getdate(s, NULL);
		time_t		now = time(NULL);

		if (when == (time_t) -1)
			return -1;
		if (when <= now)
			return 0;
		return (int) Min((int64) (when - now), (int64) 86400);
	}
}

static size_t
easy_header_cb(char *buffer, size_t size, size_t nitems, void *userdata)
{
	MsmTransfer *t = (MsmTransfer *) userdata;
	size_t		n = size * nitems;

	/* a new status line (e.g. after 100 Continue) starts a new response */
	if (n >= 5 && strncmp(buffer, "HTTP/", 5) == 0)
		t->retry_after_s = -1;
	else if (n > 12 && pg_strncasecmp(buffer, "retry-after:", 12) == 0)
		t->retry_after_s = parse_retry_after(buffer + 12, n - 12);
	return n;
}

/* Do two absolute URLs name the same host? (false when unparseable) */
static bool
same_host(const char *a, const char *b)
{
	CURLU	   *ua = curl_url();
	CURLU	   *ub = curl_url();
	char	   *ha = NULL;
	char	   *hb = NULL;
	bool		same = false;

	if (ua != NULL && ub != NULL &&
		curl_url_set(ua, CURLUPART_URL, a, 0) == CURLUE_OK &&
		curl_url_set(ub, CURLUPART_URL, b, 0) == CURLUE_OK &&
		curl_url_get(ua, CURLUPART_HOST, &ha, 0) == CURLUE_OK &&
		curl_url_get(ub, CURLUPART_HOST, &hb, 0) == CURLUE_OK)
		same = (pg_strcasecmp(ha, hb) == 0);
	if (ha)
		curl_free(ha);
	if (hb)
		curl_free(hb);
	if (ua)
		curl_url_cleanup(ua);
	if (ub)
		curl_url_cleanup(ub);
	return same;
}

/* Copy the response body of transfer t to the DSA area. */
static bool
store_body(MsmTransfer *t, dsa_area *area, dsa_pointer *out, char *err, size_t errsize)
{
	volatile dsa_pointer dp = InvalidDsaPointer;
	volatile bool ok = false;
	MemoryContext oldcxt = CurrentMemoryContext;

	PG_TRY();
	{
		dp = dsa_allocate_extended(area, t->len, DSA_ALLOC_HUGE | DSA_ALLOC_NO_OOM);
		if (DsaPointerIsValid(dp))
		{
			memcpy(dsa_get_address(area, dp), t->buf, t->len);
			ok = true;
		}
		else
			snprintf(err, errsize, "out of shared memory for a %zu-byte response", t->len);
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		/* only the DSA area's own locks can be held here */
		LWLockReleaseAll();
		snprintf(err, errsize, "could not store the response in shared memory: %s",
				 edata->message);
		FreeErrorData(edata);
	}
	PG_END_TRY();

	*out = ok ? dp : InvalidDsaPointer;
	return ok;
}

/* ---- the result of a finished transfer ------------------------------------ */

/* An HTTP answer: status, the Location of a redirect, the body. */
static void
result_of_answer(MsmTransfer *t, const MsmHttpSlot *slot, dsa_area *area, MsmHttpResult *r)
{
	long		status = 0;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	r->status = (int) status;
	if (status >= 300 && status < 400)
	{
		char	   *location = NULL;

		/* the absolute target; never followed (CURLOPT_FOLLOWLOCATION 0) */
		if (curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &location) == CURLE_OK &&
			location != NULL)
		{
			strlcpy(r->location, location, sizeof(r->location));
			r->location_cross_host = !same_host(slot->url, location);
		}
	}
	if (t->len > 0)
	{
		if (store_body(t, area, &r->body, r->error, sizeof(r->error)))
			r->body_len = t->len;
		else
		{
			r->status = 0;
			r->transport_error = true;
			r->failure = MSM_HTTP_FAILURE_TRANSPORT;
		}
	}
}

/* No HTTP answer: which kind of failure, and its message. */
static void
result_of_transport_error(MsmTransfer *t, CURLcode code, MsmHttpResult *r)
{
	r->transport_error = true;
	if (t->too_large || code == CURLE_FILESIZE_EXCEEDED)
	{
		r->failure = MSM_HTTP_FAILURE_TOO_LARGE;
		snprintf(r->error, sizeof(r->error),
				 "response too large: more than %zu bytes", t->max);
		return;
	}
	if (t->oom)
	{
		r->failure = MSM_HTTP_FAILURE_TRANSPORT;
		strlcpy(r->error, "out of memory in the msm http worker", sizeof(r->error));
		return;
	}
	switch (code)
	{
		case CURLE_OPERATION_TIMEDOUT:
			r->failure = MSM_HTTP_FAILURE_TIMEOUT;
			break;
		case CURLE_COULDNT_RESOLVE_HOST:
		case CURLE_COULDNT_RESOLVE_PROXY:
		case CURLE_COULDNT_CONNECT:
			r->failure = MSM_HTTP_FAILURE_CONNECT;
			break;
		default:
			r->failure = MSM_HTTP_FAILURE_TRANSPORT;
			break;
	}
	if (t->errbuf[0] != '\0')
		snprintf(r->error, sizeof(r->error), "%s: %s",
				 curl_easy_strerror(code), t->errbuf);
	else
		strlcpy(r->error, curl_easy_strerror(code), sizeof(r->error));
}

void
msm_http_easy_result(MsmTransfer *t, const MsmHttpSlot *slot, CURLcode code,
					 dsa_area *area, MsmHttpResult *r)
{
	msm_http_result_clear(r);
	r->retry_after_s = t->retry_after_s;
	r->curl_code = (int) code;

	if (code == CURLE_OK)
		result_of_answer(t, slot, area, r);
	else
		result_of_transport_error(t, code, r);
}

void
msm_http_easy_cleanup(MsmTransfer *t)
{
	if (t->easy != NULL)
		curl_easy_cleanup(t->easy);
	if (t->headers != NULL)
	{
		/* the Authorization line holds the token: wipe before freeing */
		for (struct curl_slist *h = t->headers; h != NULL; h = h->next)
			if (h->data != NULL)
				explicit_bzero(h->data, strlen(h->data));
		curl_slist_free_all(t->headers);
	}
	if (t->buf != NULL)
		pfree(t->buf);
	memset(t, 0, sizeof(*t));
	t->retry_after_s = -1;
}

/* ---- request setup --------------------------------------------------------- */

/* Append one header line; on failure free the list and return NULL. */
static struct curl_slist *
append_header(struct curl_slist *h, const char *line)
{
	struct curl_slist *next = curl_slist_append(h, line);

	if (next == NULL && h != NULL)
		curl_slist_free_all(h);
	return next;
}

/*
 * The request headers; the token goes only into curl's copy (wiped in
 * msm_http_easy_cleanup) and is wiped from the slot here.  NULL when out
 * of memory.
 */
static struct curl_slist *
request_headers(MsmHttpSlot *slot)
{
	static const char *const fixed[] = {
		"Content-Type: application/json",
		"Accept: application/json",
		"Expect:",
	};
	struct curl_slist *h = NULL;

	for (int k = 0; k < lengthof(fixed); k++)
		if ((h = append_header(h, fixed[k])) == NULL)
			break;
	if (h != NULL && slot->has_bearer)
	{
		char		auth[MSM_HTTP_TOKEN_MAX + 32];

		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", slot->bearer);
		h = append_header(h, auth);
		explicit_bzero(auth, sizeof(auth));
	}
	explicit_bzero(slot->bearer, sizeof(slot->bearer));
	return h;
}

#define SETOPT(opt, val) \
	do { \
		if (rc == CURLE_OK) \
			rc = curl_easy_setopt(easy, opt, val); \
	} while (0)

/* only http and https, also for redirect targets (none are followed) */
static CURLcode
restrict_protocols(CURL *easy)
{
	CURLcode	rc = CURLE_OK;

#if LIBCURL_VERSION_NUM >= 0x075500
	rc = curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (rc == CURLE_UNKNOWN_OPTION)
#endif
	{
		/* older runtime library than headers */
		rc = curl_easy_setopt(easy, CURLOPT_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS, (long) (CURLPROTO_HTTP | CURLPROTO_HTTPS));
	}
	return rc;
}

/* URL, timeouts, TLS, headers, callbacks and the shared DNS/TLS caches */
static CURLcode
set_transfer_options(CURL *easy, const MsmHttpSlot *slot, MsmTransfer *t, CURLSH *share)
{
	CURLcode	rc = CURLE_OK;

	SETOPT(CURLOPT_URL, slot->url);
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, (long) slot->connect_timeout_ms);
	SETOPT(CURLOPT_TIMEOUT_MS, (long) slot->timeout_ms);
	SETOPT(CURLOPT_SSL_VERIFYPEER, slot->tls_verify ? 1L : 0L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, slot->tls_verify ? 2L : 0L);
	if (slot->tls_ca_file[0] != '\0')
		SETOPT(CURLOPT_CAINFO, slot->tls_ca_file);
	SETOPT(CURLOPT_HTTPHEADER, t->headers);
	SETOPT(CURLOPT_USERAGENT, "msm/" MSM_EXTENSION_VERSION);
	SETOPT(CURLOPT_TCP_KEEPALIVE, 1L);
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) t->max);
	SETOPT(CURLOPT_WRITEFUNCTION, easy_write_cb);
	SETOPT(CURLOPT_WRITEDATA, (void *) t);
	SETOPT(CURLOPT_HEADERFUNCTION, easy_header_cb);
	SETOPT(CURLOPT_HEADERDATA, (void *) t);
	SETOPT(CURLOPT_ERRORBUFFER, t->errbuf);
	SETOPT(CURLOPT_PRIVATE, (void *) t);
	SETOPT(CURLOPT_SHARE, share);
	return rc;
}

/* the method, and the request body of the methods that send one */
static CURLcode
set_method_and_body(CURL *easy, const MsmHttpSlot *slot, dsa_area *area)
{
	CURLcode	rc = CURLE_OK;
	const char *method = slot->method;
	bool		sends_body;

	sends_body = (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
				  strcmp(method, "PATCH") == 0 ||
				  (strcmp(method, "DELETE") == 0 && slot->req_body_len > 0));
	if (strcmp(method, "GET") == 0)
		SETOPT(CURLOPT_HTTPGET, 1L);
	else if (strcmp(method, "HEAD") == 0)
		SETOPT(CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "POST") != 0)
		SETOPT(CURLOPT_CUSTOMREQUEST, method);
	if (sends_body)
	{
		const char *body = "";

		if (slot->req_body_len > 0)
			body = dsa_get_address(area, slot->req_body);
		/* never NULL: a NULL body would make curl read stdin */
		SETOPT(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) slot->req_body_len);
		SETOPT(CURLOPT_POSTFIELDS, body);
	}
	return rc;
}

bool
msm_http_easy_setup(MsmTransfer *t, MsmHttpSlot *slot, dsa_area *area,
					CURLSH *share, MemoryContext cxt, char *err, size_t errsize)
{
	CURLcode	rc;

	memset(t, 0, sizeof(*t));
	t->slot_generation = slot->generation;
	t->retry_after_s = -1;
	t->cxt = cxt;
	t->max = MSM_HTTP_MAX_RESPONSE_BYTES;
	if (slot->max_response_bytes > 0 && slot->max_response_bytes < t->max)
		t->max = slot->max_response_bytes;

	t->easy = curl_easy_init();
	if (t->easy == NULL)
	{
		explicit_bzero(slot->bearer, sizeof(slot->bearer));
		strlcpy(err, "could not create a libcurl handle", errsize);
		return false;
	}
	t->headers = request_headers(slot);
	if (t->headers == NULL)
	{
		strlcpy(err, "out of memory in the msm http worker", errsize);
		return false;
	}

	rc = restrict_protocols(t->easy);
	if (rc == CURLE_OK)
		rc = set_transfer_options(t->easy, slot, t, share);
	if (rc == CURLE_OK)
		rc = set_method_and_body(t->easy, slot, area);
	if (rc != CURLE_OK)
	{
		snprintf(err, errsize, "could not configure the request: %s",
				 curl_easy_strerror(rc));
		return false;
	}
	return true;
}
