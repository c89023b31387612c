/*-------------------------------------------------------------------------
 *
 * names.c
 *	  Naming rules of msm (doc/naming.md): physical table names, bounded
 *	  constraint/index identifiers and logical MetaTable identifiers.
 *
 * These rules are a compatibility boundary: the names they produce are
 * stored in catalogs and on the platform, so once released they never
 * change.  All functions are deterministic and depend neither on locale nor
 * on settings.
 *
 * Physical table names (doc/naming.md, "Physical table names")
 *	  Each part (storage_app, identifier, optional namespace suffix) is
 *	  trimmed and validated (a given suffix too: a blank suffix is an
 *	  error, only NULL means none), then slugged: every run of characters
 *	  outside [A-Za-z0-9] becomes one '_', leading/trailing '_' are
 *	  stripped, the result is lowercased, a leading digit gets the prefix
 *	  "t_" and an empty slug becomes "table".  The slugs are joined with "__".  A
 *	  candidate longer than 63 characters is shortened around a marker made
 *	  of '_' and the first 10 hex digits of the MD5 of the candidate:
 *
 *		  app__<concept head><marker>
 *		  app__<concept head><marker>__<suffix tail>
 *
 *	  With a suffix, remaining = 63 - len(app) - 2 - 11 - 2 characters are
 *	  shared: the suffix is offered min(len(suffix), max(1, remaining / 2)),
 *	  the concept gets the rest, and whatever the concept cannot use (it is
 *	  shorter than its budget) goes back to the suffix, up to the suffix's
 *	  length.  The concept keeps its head, the suffix its tail.
 *
 * Bounded identifiers (doc/naming.md, "Constraint and index names")
 *	  Parts are trimmed and split on "__"; each piece is trimmed and must
 *	  have a letter or digit like a part above ("a____b", "a__" and "__a"
 *	  are errors), then it is slugged; pieces and parts are joined
 *	  with "__"; over 63 characters, the first 52 are kept (right-stripped of
 *	  '_') and '_' plus 10 hex digits of MD5 of the candidate are appended.
 *
 * Logical identifiers (doc/naming.md, "Logical identifiers")
 *	  identifier(base, namespace): the bare base in the default namespace
 *	  mainsequence.markets, otherwise "namespace.base" unless the base is
 *	  already qualified with that namespace.
 *
 * Trimming and the "letters or digits" check work on characters, exactly as
 * Python's str.strip() and str.isalnum() (the SDK's own checks): a part
 * made of non-ASCII letters (e.g. Japanese) is valid and slugs to "table",
 * a part of punctuation, symbols ("™", "・", "￥"), combining marks or emoji
 * only is rejected, and Unicode spaces are trimmed.  src/names_unicode.c
 * decides both from generated tables (doc/naming.md, "Letters, digits and
 * whitespace"), so results depend neither on the locale nor on the database
 * encoding.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type_d.h"
#include "common/md5.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "names.h"
#include "names_unicode.h"

/* length of the MD5 digest prefix used in shortened names */
#define MSM_DIGEST_LEN 10
/* "_" + digest */
#define MSM_MARKER_LEN (1 + MSM_DIGEST_LEN)
/* characters kept of an over-long bounded identifier before its marker */
#define MSM_BOUNDED_HEAD_LEN (MSM_MAX_IDENTIFIER - MSM_MARKER_LEN)

PG_FUNCTION_INFO_V1(msm_physical_table_name_sql);
PG_FUNCTION_INFO_V1(msm_bounded_identifier_sql);
PG_FUNCTION_INFO_V1(msm_metatable_identifier_sql);
PG_FUNCTION_INFO_V1(msm_check_namespace_sql);

static inline bool
ascii_is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9');
}

/* ----------------------------------------------------------------
 *		helpers
 * ----------------------------------------------------------------
 */

/*
 * Validate one trimmed name part (UTF-8; doc/naming.md, "Physical table
 * names"): empty is "<what> is required", no letter or digit is "<what> must
 * contain letters or digits".  piece > 0 is the number of the "__"-separated
 * piece of a bounded identifier part (doc/naming.md, "Constraint and index
 * names").
 */
static void
check_trimmed_part(const char *trimmed, const char *what, int piece,
				   bool need_alnum)
{
	if (trimmed[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is required", what),
				 piece > 0 ?
				 errdetail("Piece %d of the %s (pieces are separated by \"__\") is empty or contains only whitespace.",
						   piece, what) :
				 errdetail("The %s is empty or contains only whitespace.", what),
				 piece > 0 ?
				 errhint("Separate words with a single \"_\"; each piece between \"__\" needs letters or digits.") :
				 errhint("Pass a non-empty %s.", what)));
	if (need_alnum && !msm_utf8_has_alnum(trimmed))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must contain letters or digits", what),
				 piece > 0 ?
				 errdetail("Piece %d of the %s, \"%s\", has no letter or digit.",
						   piece, what, msm_name_from_utf8(trimmed)) :
				 errdetail("The %s \"%s\" has no letter or digit.",
						   what, msm_name_from_utf8(trimmed)),
				 errhint("Use letters and digits in the %s; other characters only separate words.", what)));
}

/*
 * Trim (as Python's str.strip()) and validate one part of a name given in
 * the database encoding; what names the part in messages.  NULL is an error
 * too.  Without need_alnum only emptiness is checked (a bounded identifier
 * part, whose pieces are checked one by one).  Returns the trimmed part in
 * UTF-8.
 */
static char *
checked_part(const char *raw, const char *what, bool need_alnum)
{
	char	   *trimmed;

	if (raw == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is required", what),
				 errdetail("The %s is NULL.", what),
				 errhint("Pass a non-empty %s.", what)));
	trimmed = msm_utf8_strip(msm_name_to_utf8(raw));
	check_trimmed_part(trimmed, what, 0, need_alnum);
	return trimmed;
}

/* first MSM_DIGEST_LEN hex digits of the MD5 of s, into out[11] */
static void
short_digest(const char *s, char *out)
{
	char		hexsum[MD5_DIGEST_LENGTH * 2 + 1];
	const char *errstr = NULL;

	if (!pg_md5_hash(s, strlen(s), hexsum, &errstr))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute MD5 hash: %s",
						errstr ? errstr : "unknown error"),
				 errdetail("The MD5 marker shortens names longer than %d characters.", MSM_MAX_IDENTIFIER),
				 errhint("Check the server's cryptographic library (MD5 must be available, e.g. not disabled by FIPS mode).")));
	memcpy(out, hexsum, MSM_DIGEST_LEN);
	out[MSM_DIGEST_LEN] = '\0';
}

/* length of s[0..len) once trailing '_' are removed */
static int
rstrip_underscores(const char *s, int len)
{
	while (len > 0 && s[len - 1] == '_')
		len--;
	return len;
}

/* ----------------------------------------------------------------
 *		the namespace rule
 * ----------------------------------------------------------------
 */

static bool
namespace_char_allowed(pg_wchar cp)
{
	return msm_codepoint_is_alnum(cp) || cp == '.' || cp == '_' || cp == '-';
}

MsmNamespaceProblem
msm_namespace_problem(const char *ns, int *info, int *position)
{
	char	   *trimmed;
	int			len;
	int			pos = 0;
	int			nchars = 0;
	bool		alnum = false;

	*info = 0;
	*position = 0;
	if (ns == NULL)
		return MSM_NS_EMPTY;
	/* no conversion (that could raise an error) when there is none to do */
	trimmed = msm_utf8_strip(msm_name_to_utf8(ns));
	len = strlen(trimmed);
	if (len == 0)
		return MSM_NS_EMPTY;
	while (pos < len)
	{
		int			clen;
		pg_wchar	cp = msm_utf8_decode(trimmed + pos, len - pos, &clen);

		nchars++;
		if (!namespace_char_allowed(cp) && *position == 0)
		{
			/* an undecodable byte is reported as itself */
			*info = (cp == MSM_UNDECODABLE_LETTER && clen == 1) ? (unsigned char) trimmed[pos] : (int) cp;
			*position = nchars;
		}
		alnum |= msm_codepoint_is_alnum(cp);
		pos += clen;
	}
	if (nchars > MSM_MAX_NAMESPACE_LEN)
	{
		*info = nchars;
		*position = 0;
		return MSM_NS_TOO_LONG;
	}
	if (*position > 0)
		return MSM_NS_BAD_CHARACTER;
	if (!alnum)
		return MSM_NS_NO_LETTER_OR_DIGIT;
	return MSM_NS_OK;
}

void
msm_check_namespace(const char *ns, const char *what, const char *example)
{
	int			info;
	int			position;

	switch (msm_namespace_problem(ns, &info, &position))
	{
		case MSM_NS_OK:
			return;
		case MSM_NS_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is required", what),
					 errdetail("The %s is empty or contains only whitespace.", what),
					 errhint("Pass a %s such as \"%s\".", what, example)));
			break;
		case MSM_NS_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_NAME_TOO_LONG),
					 errmsg("%s is too long", what),
					 errdetail("The %s has %d characters; at most %d are allowed.",
							   what, info, MSM_MAX_NAMESPACE_LEN),
					 errhint("Use a shorter %s such as \"%s\".", what, example)));
			break;
		case MSM_NS_BAD_CHARACTER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s contains a character that is not allowed", what),
					 errdetail("Character %d of the %s is U+%04X; a namespace has only letters, digits, \".\", \"_\" and \"-\".",
							   position, what, (unsigned int) info),
					 errhint("Use a dotted name such as \"%s\".", example)));
			break;
		case MSM_NS_NO_LETTER_OR_DIGIT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must contain letters or digits", what),
					 errdetail("The %s \"%s\" has no letter or digit.", what, ns),
					 errhint("Use letters and digits in the %s; other characters only separate words.", what)));
			break;
	}
}

/* ----------------------------------------------------------------
 *		naming rules
 * ----------------------------------------------------------------
 */

/*
 * Slug of one part: each run of characters outside [A-Za-z0-9] becomes one
 * '_', leading and trailing '_' are dropped, letters are lowercased, a slug
 * starting with a digit is prefixed with "t_", and an empty slug becomes
 * "table".  CamelCase is not split.
 */
char *
msm_slug(const char *s)
{
	StringInfoData buf;
	bool		pending_sep = false;

	initStringInfo(&buf);
	for (const unsigned char *p = (const unsigned char *) s; *p; p++)
	{
		if (ascii_is_alnum(*p))
		{
			if (pending_sep && buf.len > 0)
				appendStringInfoChar(&buf, '_');
			pending_sep = false;
			if (buf.len == 0 && *p >= '0' && *p <= '9')
				appendStringInfoString(&buf, "t_");
			appendStringInfoChar(&buf, pg_ascii_tolower((char) *p));
		}
		else
			pending_sep = true;
	}
	if (buf.len == 0)
		appendStringInfoString(&buf, "table");
	return buf.data;
}

static void
report_app_too_long(const char *app_slug)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("storage_app is too long"),
			 errdetail("The storage_app slug has %d characters, which leaves no room for the identifier in a %d-character table name.",
					   (int) strlen(app_slug), MSM_MAX_IDENTIFIER),
			 errhint("Use a shorter storage_app.")));
}

char *
msm_physical_table_name(const char *storage_app, const char *identifier,
						const char *suffix)
{
	char	   *app;
	char	   *concept;
	char	   *sfx = NULL;
	int			app_len;
	int			concept_len;
	int			sfx_len;
	StringInfoData cand;
	StringInfoData res;
	char		digest[MSM_DIGEST_LEN + 1];

	app = msm_slug(checked_part(storage_app, "storage_app", true));
	concept = msm_slug(checked_part(identifier, "identifier", true));
	/* NULL is "no suffix"; a given suffix follows the rule, blank is an error */
	if (suffix != NULL)
		sfx = msm_slug(checked_part(suffix, "namespace", true));

	initStringInfo(&cand);
	appendStringInfo(&cand, "%s__%s", app, concept);
	if (sfx != NULL)
		appendStringInfo(&cand, "__%s", sfx);
	if (cand.len <= MSM_MAX_IDENTIFIER)
		return cand.data;

	short_digest(cand.data, digest);
	app_len = strlen(app);
	concept_len = strlen(concept);
	initStringInfo(&res);

	if (sfx == NULL)
	{
		int			keep = MSM_MAX_IDENTIFIER - app_len - 2 - MSM_MARKER_LEN;
		int			head;

		if (keep < 1)
			report_app_too_long(app);
		keep = Min(keep, concept_len);
		head = rstrip_underscores(concept, keep);
		if (head == 0)
			head = 1;
		appendStringInfo(&res, "%s__%.*s_%s", app, head, concept, digest);
	}
	else
	{
		int			remaining = MSM_MAX_IDENTIFIER - app_len - 2 - MSM_MARKER_LEN - 2;
		int			sfx_budget;
		int			concept_budget;
		int			head;
		int			tail_start;
		int			tail_end;

		sfx_len = strlen(sfx);
		if (remaining < 2)
			report_app_too_long(app);
		sfx_budget = Min(sfx_len, Max(1, remaining / 2));
		concept_budget = remaining - sfx_budget;
		if (concept_budget < 1)
			report_app_too_long(app);
		/* budget the concept cannot use goes to the suffix */
		if (concept_budget > concept_len)
		{
			sfx_budget = Min(sfx_len, sfx_budget + concept_budget - concept_len);
			concept_budget = concept_len;
		}

		/* concept keeps its head, right-stripped of '_' */
		head = rstrip_underscores(concept, concept_budget);
		if (head == 0)
			head = 1;

		/* suffix keeps its tail, stripped of '_' on both sides */
		tail_start = sfx_len - sfx_budget;
		tail_end = sfx_len;
		while (tail_start < tail_end && sfx[tail_start] == '_')
			tail_start++;
		while (tail_end > tail_start && sfx[tail_end - 1] == '_')
			tail_end--;
		if (tail_start == tail_end)
		{
			tail_start = sfx_len - 1;
			tail_end = sfx_len;
		}

		appendStringInfo(&res, "%s__%.*s_%s__%.*s", app, head, concept, digest,
						 tail_end - tail_start, sfx + tail_start);
	}

	pfree(cand.data);
	return res.data;
}

char *
msm_bounded_identifier(const char *const *parts, int nparts)
{
	StringInfoData cand;
	char		digest[MSM_DIGEST_LEN + 1];
	int			head;
	char	   *result;

	if (nparts < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bounded identifier parts are required"),
				 errdetail("No part was given."),
				 errhint("Pass at least one part, e.g. a prefix and a table name.")));

	initStringInfo(&cand);
	for (int i = 0; i < nparts; i++)
	{
		char		what[64];
		const char *part;
		const char *piece;

		snprintf(what, sizeof(what), "bounded identifier part %d", i + 1);
		part = checked_part(parts[i], what, false);

		if (i > 0)
			appendStringInfoString(&cand, "__");

		/* split on "__"; each piece is trimmed, checked and slugged */
		piece = part;
		for (int pieceno = 1;; pieceno++)
		{
			const char *sep = strstr(piece, "__");
			char	   *p;

			p = sep ? pnstrdup(piece, sep - piece) : pstrdup(piece);
			p = msm_utf8_strip(p);
			check_trimmed_part(p, what, pieceno, true);
			appendStringInfoString(&cand, msm_slug(p));
			if (sep == NULL)
				break;
			appendStringInfoString(&cand, "__");
			piece = sep + 2;
		}
	}

	if (cand.len <= MSM_MAX_IDENTIFIER)
		return cand.data;

	short_digest(cand.data, digest);
	head = rstrip_underscores(cand.data, MSM_BOUNDED_HEAD_LEN);
	if (head == 0)
		head = 1;
	result = psprintf("%.*s_%s", head, cand.data, digest);
	pfree(cand.data);
	return result;
}

char *
msm_metatable_identifier(const char *base, const char *ns)
{
	char	   *b;
	char	   *n;
	size_t		nlen;

	b = msm_utf8_strip(msm_name_to_utf8(base ? base : ""));
	if (b[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("base is required"),
				 base ? errdetail("The base is empty or contains only whitespace.") :
				 errdetail("The base is NULL."),
				 errhint("Pass the MetaTable base identifier, e.g. \"Asset\".")));

	n = ns ? msm_utf8_strip(msm_name_to_utf8(ns)) : NULL;
	if (n == NULL || n[0] == '\0')
		n = MSM_DEFAULT_METATABLE_NAMESPACE;

	if (strcmp(n, MSM_DEFAULT_METATABLE_NAMESPACE) == 0)
		return msm_name_from_utf8(b);

	nlen = strlen(n);
	if (strncmp(b, n, nlen) == 0 && b[nlen] == '.')
		return msm_name_from_utf8(b);

	return msm_name_from_utf8(psprintf("%s.%s", n, b));
}

/* ----------------------------------------------------------------
 *		SQL-callable wrappers
 * ----------------------------------------------------------------
 */

static inline char *
text_arg_or_null(FunctionCallInfo fcinfo, int argno)
{
	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return NULL;
	return text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

/*
 * msm.physical_table_name(storage_app text, identifier text,
 *						   namespace text DEFAULT NULL) RETURNS text
 */
Datum
msm_physical_table_name_sql(PG_FUNCTION_ARGS)
{
	char	   *result;

	result = msm_physical_table_name(text_arg_or_null(fcinfo, 0),
									 text_arg_or_null(fcinfo, 1),
									 text_arg_or_null(fcinfo, 2));
	PG_RETURN_TEXT_P(cstring_to_text(result));
}

/*
 * msm.bounded_identifier(VARIADIC parts text[]) RETURNS text
 */
Datum
msm_bounded_identifier_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	const char **parts;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bounded identifier parts are required"),
				 errdetail("The parts array is NULL."),
				 errhint("Pass at least one part, e.g. a prefix and a table name.")));

	arr = PG_GETARG_ARRAYTYPE_P(0);
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &nulls, &n);

	parts = (const char **) palloc0(sizeof(char *) * Max(n, 1));
	for (int i = 0; i < n; i++)
		parts[i] = nulls[i] ? NULL : TextDatumGetCString(elems[i]);

	PG_RETURN_TEXT_P(cstring_to_text(msm_bounded_identifier(parts, n)));
}

/*
 * msm._check_namespace(ns text, what text, example text) RETURNS void:
 * the namespace rule for SQL functions taking a namespace
 */
Datum
msm_check_namespace_sql(PG_FUNCTION_ARGS)
{
	char	   *what = text_arg_or_null(fcinfo, 1);
	char	   *example = text_arg_or_null(fcinfo, 2);

	msm_check_namespace(text_arg_or_null(fcinfo, 0), what ? what : "namespace",
						example ? example : "mainsequence.examples");
	PG_RETURN_VOID();
}

/*
 * msm.metatable_identifier(base text, namespace text DEFAULT NULL)
 *		RETURNS text
 */
Datum
msm_metatable_identifier_sql(PG_FUNCTION_ARGS)
{
	char	   *result;

	result = msm_metatable_identifier(text_arg_or_null(fcinfo, 0),
									  text_arg_or_null(fcinfo, 1));
	PG_RETURN_TEXT_P(cstring_to_text(result));
}
