/*-------------------------------------------------------------------------
 *
 * tsmanager_answer.c
 *	  Validation of what TS Manager answers (doc/tsmanager.md, "Validating
 *	  answers").
 *
 * Nothing of an answer is trusted: its text reaches an error message only
 * through msm_answer_text() (no secret, valid in the database encoding,
 * bounded), uids are checked as uuids, and data (rows of execute-operation)
 * is parsed by PostgreSQL's own JSON parser into jsonb, so that numbers
 * never pass through a C double (doc/rows.md, "compiled-sql.v1").
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "tsmanager_secrets.h"
#include "spi_json.h"
#include "tsmanager_answer.h"

#define REDACTED "[redacted]"


bool
msm_answer_has_secret(const char *s)
{
	const char *secrets[MSM_TSMANAGER_SECRETS];
	int			n = msm_tsmanager_secrets(secrets);

	for (int i = 0; i < n; i++)
		if (strstr(s, secrets[i]) != NULL)
			return true;
	return false;
}

/* s (NUL-terminated) with every secret replaced */
static char *
redact(const char *s)
{
	const char *secrets[MSM_TSMANAGER_SECRETS];
	int			n = msm_tsmanager_secrets(secrets);
	char	   *cur = pstrdup(s);

	for (int i = 0; i < n; i++)
	{
		size_t		slen = strlen(secrets[i]);
		StringInfoData buf;
		const char *p = cur;
		const char *hit;

		if (strstr(cur, secrets[i]) == NULL)
			continue;
		initStringInfo(&buf);
		while ((hit = strstr(p, secrets[i])) != NULL)
		{
			appendBinaryStringInfo(&buf, p, hit - p);
			appendStringInfoString(&buf, REDACTED);
			p = hit + slen;
		}
		appendStringInfoString(&buf, p);
		pfree(cur);
		cur = buf.data;
	}
	return cur;
}

char *
msm_answer_text(const char *s, size_t len, int max)
{
	int			enc = GetDatabaseEncoding();
	char	   *raw;
	char	   *red;
	StringInfoData out;
	const unsigned char *p;
	const unsigned char *end;

	if (s == NULL)
		return pstrdup("");
	/* bounded work: a message never needs more than a few times max */
	if (len > (size_t) max * 4 + 1024)
	{
		const char *secrets[MSM_TSMANAGER_SECRETS];
		int			n = msm_tsmanager_secrets(secrets);

		len = (size_t) max * 4 + 1024;
		/* a secret cut in two at the end: drop its first part too */
		for (int i = 0; i < n; i++)
			for (size_t k = Min(strlen(secrets[i]) - 1, len); k > 0; k--)
				if (memcmp(s + len - k, secrets[i], k) == 0)
				{
					len -= k;
					break;
				}
	}
	raw = palloc(len + 1);
	for (size_t i = 0; i < len; i++)
		raw[i] = s[i] == '\0' ? ' ' : s[i];
	raw[len] = '\0';
	red = redact(raw);

	initStringInfo(&out);
	p = (const unsigned char *) red;
	end = p + strlen(red);
	while (p < end && out.len < max)
	{
		int			l;

		if (*p < 0x20 || *p == 0x7f)
		{
			appendStringInfoChar(&out, ' ');
			p++;
			continue;
		}
		if (*p < 0x80)
		{
			appendStringInfoChar(&out, (char) *p++);
			continue;
		}
		/* answers are UTF-8: keep valid characters when the database is UTF-8 too */
		l = pg_utf_mblen(p);
		if ((enc == PG_UTF8) && p + l <= end &&
			pg_verify_mbstr(PG_UTF8, (const char *) p, l, true) &&
			out.len + l <= max)
		{
			appendBinaryStringInfo(&out, (const char *) p, l);
			p += l;
		}
		else
		{
			appendStringInfoChar(&out, '?');
			p++;
		}
	}
	if (p < end)
		appendStringInfoString(&out, "...");
	return out.data;
}

bool
msm_answer_is_uuid(const char *s)
{
	static const int dashes[] = {8, 13, 18, 23};
	int			d = 0;

	if (s == NULL || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++)
	{
		if (d < 4 && i == dashes[d])
		{
			if (s[i] != '-')
				return false;
			d++;
		}
		else if (!isxdigit((unsigned char) s[i]))
			return false;
	}
	return true;
}

char *
msm_answer_server_text(const char *what, const char *body, size_t *len)
{
	char	   *conv;

	if (body == NULL)
		return pstrdup("");
	if (memchr(body, '\0', *len) != NULL ||
		!pg_verify_mbstr(PG_UTF8, body, (int) *len, true))
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("TS Manager answered %s with text that is not valid UTF-8", what),
				 errdetail("The %zu-byte answer is not shown: only valid text is used.", *len),
				 errhint("Check that msm.endpoint points at TS Manager's API, not at a proxy or another service.")));
	conv = pg_any_to_server(body, (int) *len, PG_UTF8);
	if (conv != body)
		*len = strlen(conv);
	return conv;
}

Jsonb *
msm_answer_jsonb(const char *what, const char *body, size_t len)
{
	char	   *text = msm_answer_server_text(what, body, &len);
	JsonLexContext *lex;
	JsonParseErrorType rc;
	FmgrInfo	flinfo;
	Datum		result;
	ErrorData  *edata;

	/* checked first: the parser reports, where jsonb_in would raise */
	lex = makeJsonLexContextCstringLen(text, (int) len, GetDatabaseEncoding(), true);
	rc = pg_parse_json(lex, &nullSemAction);
	if (rc != JSON_SUCCESS)
	{
		char	   *why = json_errdetail(rc, lex);

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("TS Manager answered %s with malformed JSON", what),
				 errdetail("%zu bytes: %s", len, msm_answer_text(why, strlen(why), MSM_ANSWER_TEXT_MAX)),
				 errhint("Check that msm.endpoint points at TS Manager's API, not at a proxy or web page.")));
	}

	/* a number beyond numeric's range is the one thing left to fail */
	fmgr_info(F_JSONB_IN, &flinfo);
	edata = msm_answer_input(&flinfo, text, InvalidOid, -1, &result);
	if (edata != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("TS Manager answered %s with JSON that cannot be read", what),
				 errdetail("%s", edata->message ?
						   msm_answer_text(edata->message, strlen(edata->message), MSM_ANSWER_TEXT_MAX) : "unknown error"),
				 errhint("Check TS Manager's answer: numbers must fit PostgreSQL's numeric type.")));
	return DatumGetJsonbP(result);
}

ErrorData *
msm_answer_input(FmgrInfo *flinfo, char *text, Oid ioparam, int32 typmod, Datum *result)
{
	MemoryContext cxt = CurrentMemoryContext;
	volatile Datum value = (Datum) 0;
	ErrorData  *volatile edata = NULL;

	PG_TRY();
	{
		value = InputFunctionCall(flinfo, text, ioparam, typmod);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		if (edata->sqlerrcode == ERRCODE_QUERY_CANCELED ||
			edata->sqlerrcode == ERRCODE_ADMIN_SHUTDOWN)
			ReThrowError(edata);
	}
	PG_END_TRY();
	*result = value;
	return edata;
}

/* ----------------------------------------------------------------------
 * registry answers (control documents, parsed with cJSON: no data values)
 * ---------------------------------------------------------------------- */

static void
registry_answer_error(const char *what, const char *msg, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("TS Manager answered %s with %s", what, msg),
			 errdetail("%s", detail),
			 errhint("Check that msm.endpoint points at TS Manager and that its answers follow its API; nothing of this answer was used.")));
}

/* a string member, checked: valid text without a secret; NULL when not a string */
static const char *
checked_string(const char *what, const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *s;

	/* other shapes are left alone: msm reads only strings */
	if (v == NULL || !cJSON_IsString(v))
		return NULL;
	s = v->valuestring;
	if (!pg_verify_mbstr(GetDatabaseEncoding(), s, strlen(s), true))
		registry_answer_error(what, psprintf("a \"%s\" that is not valid in the database encoding", key),
							  "The value is not shown.");
	if (msm_answer_has_secret(s))
		registry_answer_error(what, psprintf("a \"%s\" that holds a credential", key),
							  "The value is not shown: it holds the token or secret of the request.");
	return s;
}

/* a row's uid: present and a uuid */
static const char *
checked_uid(const char *what, const cJSON *row, const char *key)
{
	const char *uid = checked_string(what, row, key);

	if (!msm_answer_is_uuid(uid))
		registry_answer_error(what, psprintf("a %s that is not a uuid", key),
							  uid ? psprintf("%s is \"%s\".", key, msm_answer_text(uid, strlen(uid), 80)) :
							  psprintf("A row has no %s.", key));
	return uid;
}

/* the string fields msm keeps of a registry row, checked */
static void
check_row_strings(const char *what, const cJSON *row)
{
	static const char *const fields[] = {"physical_table_name", "physical_schema",
		"provisioning_status", "management_mode", "data_source_uid", "identifier", "namespace"};

	if (!cJSON_IsObject(row))
		registry_answer_error(what, "a row that is not an object", "Every row of the answer must be a JSON object.");
	for (int i = 0; i < lengthof(fields); i++)
		(void) checked_string(what, row, fields[i]);
	(void) checked_uid(what, row, "uid");
}

void
msm_answer_check_row(const char *what, const cJSON *row)
{
	check_row_strings(what, row);
}

void
msm_answer_check_lookup(const char *what, const cJSON *rows, List *names)
{
	const cJSON *row;

	cJSON_ArrayForEach(row, rows)
	{
		const char *name;
		bool		requested = false;
		const cJSON *other;
		ListCell   *lc;

		check_row_strings(what, row);
		name = msm_json_string(row, "physical_table_name");
		foreach(lc, names)
			if (name != NULL && strcmp(name, (char *) lfirst(lc)) == 0)
				requested = true;
		if (!requested)
			registry_answer_error(what, name ?
								  psprintf("an unexpected physical_table_name \"%s\"",
										   msm_answer_text(name, strlen(name), 80)) :
								  pstrdup("a row without physical_table_name"),
								  "A lookup answers rows of the requested tables only.");
		/* an answer that repeats a row */
		for (other = rows->child; other != row; other = other->next)
			if (strcmp(msm_json_string(other, "uid"), msm_json_string(row, "uid")) == 0)
				registry_answer_error(what, "the same row twice",
									  psprintf("uid %s comes twice in the answer.",
											   msm_json_string(row, "uid")));
	}
}

void
msm_answer_check_reservation(const char *what, const cJSON *answer, const cJSON *request)
{
	const cJSON *got = answer->child;
	const cJSON *asked;
	int			i = 0;

	cJSON_ArrayForEach(asked, request)
	{
		const char *want = msm_json_string(asked, "physical_table_name");
		const char *name;

		check_row_strings(what, got);
		name = msm_json_string(got, "physical_table_name");
		if (want != NULL && (name == NULL || strcmp(want, name) != 0))
			registry_answer_error(what, "a row for another table",
								  psprintf("Row %d was asked for \"%s\" and answered for \"%s\".",
										   i + 1,
										   want, name ? msm_answer_text(name, strlen(name), 80) : "(none)"));
		got = got->next;
		i++;
	}
}

void
msm_answer_check_finalize(const char *what, const cJSON *answer, const cJSON *request)
{
	const cJSON *tables = cJSON_GetObjectItemCaseSensitive(answer, "tables");
	const cJSON *asked = cJSON_GetObjectItemCaseSensitive(request, "meta_table_uids");
	const cJSON *t;

	if (tables == NULL || cJSON_IsNull(tables))
		return;
	if (!cJSON_IsArray(tables))
		registry_answer_error(what, "a \"tables\" that is not a list",
							  "finalize-managed answers {ok, ..., tables: [...]}.");
	cJSON_ArrayForEach(t, tables)
	{
		const char *uid;
		const cJSON *a;
		bool		requested = false;

		if (!cJSON_IsObject(t))
			registry_answer_error(what, "a table that is not an object", "Every entry of tables must be a JSON object.");
		uid = checked_uid(what, t, "meta_table_uid");
		(void) checked_string(what, t, "physical_table_name");
		(void) checked_string(what, t, "provisioning_status");
		(void) checked_string(what, t, "error");
		cJSON_ArrayForEach(a, asked)
			if (cJSON_IsString(a) && pg_strcasecmp(a->valuestring, uid) == 0)
				requested = true;
		if (!requested)
			registry_answer_error(what, "a table that was not asked for",
								  psprintf("meta_table_uid %s is not among the requested meta_table_uids.", uid));
	}
}
