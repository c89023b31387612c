/*-------------------------------------------------------------------------
 *
 * tsmanager_answer.h
 *	  What comes back from TS Manager is validated before use
 *	  (doc/tsmanager.md, "Validating answers"): text fit for messages
 *	  (no secret, valid in the database encoding, bounded), answers parsed
 *	  into jsonb by PostgreSQL's own JSON parser (exact numbers), uids
 *	  checked as uuids.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_TSMANAGER_ANSWER_H
#define MSM_TSMANAGER_ANSWER_H

#include "postgres.h"

#include "nodes/pg_list.h"
#include "utils/jsonb.h"

#include <cjson/cJSON.h>

/* longest text of an answer put into an error message (bytes) */
#define MSM_ANSWER_TEXT_MAX 300

/*
 * Text of an answer (len bytes, may hold NULs) fit for an error message or
 * a value: every secret the session holds for TS Manager (msm.access_token,
 * the token from the runtime credentials, msm.runtime_credential_secret)
 * replaced by "[redacted]", bytes that are not valid in the database
 * encoding and control characters replaced, clipped to max bytes on a
 * character boundary.  palloc'd.
 */
extern char *msm_answer_text(const char *s, size_t len, int max);

/* whether s contains one of the secrets msm_answer_text removes */
extern bool msm_answer_has_secret(const char *s);

/* whether s is a uuid in its canonical text form (8-4-4-4-12 hex digits) */
extern bool msm_answer_is_uuid(const char *s);

/*
 * ERROR unless an answer body is valid UTF-8 (JSON's encoding); what names
 * the call for the message.  Returns the body in the database encoding
 * (body itself when that is UTF-8), NUL-terminated, *len updated.
 */
extern char *msm_answer_server_text(const char *what, const char *body, size_t *len);

/*
 * The answer body of a call parsed by PostgreSQL's JSON parser into jsonb:
 * integers keep every digit and decimals their exact text.  A body that
 * is not valid UTF-8 or not JSON is an ERROR naming the call (what).
 */
extern Jsonb *msm_answer_jsonb(const char *what, const char *body, size_t len);

/*
 * text through an input function, its error as data: NULL and *result set
 * when it was read, else the error (the caller reports it without echoing
 * the value); a cancel or shutdown is raised as it is.
 */
extern ErrorData *msm_answer_input(FmgrInfo *flinfo, char *text, Oid ioparam,
								   int32 typmod, Datum *result);

/*
 * Registry answers (doc/tsmanager.md, "Validating answers"): ERROR unless
 * every row is an object whose uid is a uuid and whose strings are valid
 * and hold no secret, and ...
 */
/* ... (one row: registration) */
extern void msm_answer_check_row(const char *what, const cJSON *row);

/* ... every physical_table_name is one of names, no uid twice (lookups) */
extern void msm_answer_check_lookup(const char *what, const cJSON *rows, List *names);

/* ... row i is for the table of requested row i (reservations; same length) */
extern void msm_answer_check_reservation(const char *what, const cJSON *answer,
										 const cJSON *request);

/* ... every table is one of the requested meta_table_uids (finalize-managed) */
extern void msm_answer_check_finalize(const char *what, const cJSON *answer,
									  const cJSON *request);

#endif							/* MSM_TSMANAGER_ANSWER_H */
