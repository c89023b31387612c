-- msm install script, part 70: HTTP mode transport (SPEC 9).
--
-- TS Manager calls go through the msm http worker (src/http_worker.c),
-- which needs msm in shared_preload_libraries.  msm._http_probe is a
-- superuser-only debugging entry point of that transport, used by the
-- integration tests; the TS Manager registry backend calls the same C API.

CREATE FUNCTION msm._http_probe(
    method text,
    url text,
    request_body text DEFAULT NULL,
    timeout_ms integer DEFAULT NULL)
RETURNS TABLE(status integer, body text, retry_after integer,
              transport_error boolean, error text)
LANGUAGE C VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'msm_http_probe_sql';
COMMENT ON FUNCTION msm._http_probe(text, text, text, integer) IS
    'Debugging probe of the HTTP transport (superuser only): one request through the msm http worker; only http/https, no redirects followed, response size capped, status 0 and transport_error on network failures; timeout_ms bounds the wait (NULL: msm.http_timeout_ms only). Sends msm.access_token only to URLs under msm.endpoint.';
REVOKE EXECUTE ON FUNCTION msm._http_probe(text, text, text, integer) FROM PUBLIC;
