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
 *	  trimmed and validated, then slugged: every run of characters outside
 *	  [A-Za-z0-9] becomes one '_', leading/trailing '_' are stripped, the
 *	  result is lowercased, a leading digit gets the prefix "t_" and an
 *	  empty slug becomes "table".  The slugs are joined with "__".  A
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
 *	  Parts are split on "__", each piece slugged, pieces and parts joined
 *	  with "__"; over 63 characters, the first 52 are kept (right-stripped of
 *	  '_') and '_' plus 10 hex digits of MD5 of the candidate are appended.
 *
 * Logical identifiers (doc/naming.md, "Logical identifiers")
 *	  identifier(base, namespace): the bare base in the default namespace
 *	  mainsequence.markets, otherwise "namespace.base" unless the base is
 *	  already qualified with that namespace.
 *
 * Trimming and the "letters or digits" check work on characters, not only
 * ASCII: a part made of non-ASCII letters (e.g. Japanese) is valid and slugs
 * to "table", a part of punctuation or emoji only is rejected, and Unicode
 * spaces are trimmed.  Inputs are classified in UTF-8 with a fixed table
 * (see codepoint_is_alnum), so results depend neither on the locale nor on
 * the database encoding.
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

/* ----------------------------------------------------------------
 *		character classification
 * ----------------------------------------------------------------
 */

static inline bool
ascii_is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9');
}

/* whitespace as understood by trimming (Unicode White_Space) */
static bool
codepoint_is_space(pg_wchar cp)
{
	if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F))
		return true;
	switch (cp)
	{
		case 0x85:
		case 0xA0:
		case 0x1680:
		case 0x2028:
		case 0x2029:
		case 0x202F:
		case 0x205F:
		case 0x3000:
			return true;
		default:
			break;
	}
	return cp >= 0x2000 && cp <= 0x200A;
}

/*
 * Is this code point a letter or a digit?
 *
 * ASCII is exact.  Beyond ASCII, code points count as letters or digits
 * unless they belong to the blocks of controls, combining marks,
 * punctuation, symbols, private use, or emoji listed below.  The table is
 * fixed on purpose: it is part of the naming rules.
 */
static bool
codepoint_is_alnum(pg_wchar cp)
{
	static const struct
	{
		pg_wchar	first;
		pg_wchar	last;
	}			not_alnum[] =
	{
		{0x0080, 0x00A9},		/* C1 controls, Latin-1 punctuation/signs */
		{0x00AB, 0x00B1},
		{0x00B4, 0x00B4},
		{0x00B6, 0x00B8},
		{0x00BB, 0x00BB},
		{0x00BF, 0x00BF},
		{0x00D7, 0x00D7},		/* multiplication sign */
		{0x00F7, 0x00F7},		/* division sign */
		{0x02C2, 0x02C5},		/* modifier symbols */
		{0x02D2, 0x02DF},
		{0x0300, 0x036F},		/* combining diacritical marks */
		{0x2000, 0x206F},		/* general punctuation */
		{0x20A0, 0x20FF},		/* currency symbols, combining marks */
		{0x2190, 0x245F},		/* arrows, math operators, technical */
		{0x2500, 0x2775},		/* box drawing ... dingbats */
		{0x2794, 0x2BFF},		/* dingbats ... misc symbols and arrows */
		{0x2E00, 0x2E7F},		/* supplemental punctuation */
		{0x3000, 0x3004},		/* CJK symbols and punctuation */
		{0x3008, 0x3020},
		{0x3030, 0x3030},
		{0x303D, 0x303F},
		{0xD800, 0xF8FF},		/* surrogates, private use */
		{0xFE00, 0xFE0F},		/* variation selectors */
		{0xFE10, 0xFE1F},		/* vertical forms */
		{0xFE20, 0xFE6F},		/* combining half marks, CJK compat forms */
		{0xFEFF, 0xFEFF},		/* byte order mark */
		{0xFF00, 0xFF0F},		/* fullwidth punctuation */
		{0xFF1A, 0xFF20},
		{0xFF3B, 0xFF40},
		{0xFF5B, 0xFF65},
		{0xFFF0, 0xFFFF},		/* specials */
		{0x1F000, 0x1FAFF},		/* mahjong ... emoji and pictographs */
		{0xE0000, 0xE007F},		/* tags */
		{0xF0000, 0x10FFFF},	/* supplementary private use */
	};

	if (cp < 0x80)
		return ascii_is_alnum((unsigned char) cp);
	if (codepoint_is_space(cp))
		return false;
	for (int i = 0; i < (int) lengthof(not_alnum); i++)
	{
		if (cp < not_alnum[i].first)
			break;
		if (cp <= not_alnum[i].last)
			return false;
	}
	return true;
}

/*
 * Decode the UTF-8 character at s (at most len bytes available) and store
 * its byte length in *clen.  Bytes that do not form valid UTF-8 (possible in
 * a SQL_ASCII database) are consumed one at a time and count as letters.
 */
#define NON_ASCII_LETTER ((pg_wchar) 0x10000)	/* LINEAR B SYLLABLE B008 A */

static pg_wchar
decode_utf8_char(const char *s, int len, int *clen)
{
	const unsigned char *u = (const unsigned char *) s;
	int			n;

	if (u[0] < 0x80)
	{
		*clen = 1;
		return u[0];
	}
	n = pg_utf_mblen(u);
	if (n > 1 && n <= len && pg_utf8_islegal(u, n))
	{
		*clen = n;
		return utf8_to_unicode(u);
	}
	*clen = 1;
	return NON_ASCII_LETTER;
}

/* ----------------------------------------------------------------
 *		helpers
 * ----------------------------------------------------------------
 */

/*
 * Inputs are classified in UTF-8 whatever the database encoding, so that
 * the rules give the same answer everywhere.  Every server encoding is
 * ASCII-safe, so the ASCII characters that make up a slug are unchanged by
 * the conversion.
 */
static char *
server_to_utf8(const char *s)
{
	return pg_server_to_any(s, strlen(s), PG_UTF8);
}

static char *
utf8_to_server(const char *s)
{
	return pg_any_to_server(s, strlen(s), PG_UTF8);
}

/* palloc'd copy of the UTF-8 string s without leading/trailing whitespace */
static char *
trim_whitespace_utf8(const char *s)
{
	int			len = strlen(s);
	int			start = -1;
	int			end = 0;
	int			pos = 0;

	while (pos < len)
	{
		int			clen;
		pg_wchar	cp = decode_utf8_char(s + pos, len - pos, &clen);

		if (!codepoint_is_space(cp))
		{
			if (start < 0)
				start = pos;
			end = pos + clen;
		}
		pos += clen;
	}
	if (start < 0)
		return pstrdup("");
	return pnstrdup(s + start, end - start);
}

static bool
has_letter_or_digit_utf8(const char *s)
{
	int			len = strlen(s);
	int			pos = 0;

	while (pos < len)
	{
		int			clen;

		if (codepoint_is_alnum(decode_utf8_char(s + pos, len - pos, &clen)))
			return true;
		pos += clen;
	}
	return false;
}

/*
 * Trim and validate one part of a name (in the database encoding); what
 * names the part in messages.  Returns the trimmed part in UTF-8.  With
 * optional, NULL or blank input is accepted and NULL is returned.
 */
static char *
checked_part(const char *raw, const char *what, bool optional)
{
	char	   *trimmed;

	trimmed = raw ? trim_whitespace_utf8(server_to_utf8(raw)) : NULL;
	if (trimmed == NULL || trimmed[0] == '\0')
	{
		if (optional)
			return NULL;
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s is required", what),
				 raw ? errdetail("The %s is empty or contains only whitespace.", what) :
				 errdetail("The %s is NULL.", what),
				 errhint("Pass a non-empty %s.", what)));
	}
	if (!has_letter_or_digit_utf8(trimmed))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must contain letters or digits", what),
				 errdetail("The %s \"%s\" has no letter or digit.",
						   what, utf8_to_server(trimmed)),
				 errhint("Use letters and digits in the %s; other characters only separate words.", what)));
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
	return codepoint_is_alnum(cp) || cp == '.' || cp == '_' || cp == '-';
}

MsmNamespaceProblem
msm_namespace_problem(const char *ns, int *info, int *position)
{
	int			enc = GetDatabaseEncoding();
	const char *utf8;
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
	utf8 = (enc == PG_UTF8 || enc == PG_SQL_ASCII) ? ns : server_to_utf8(ns);
	trimmed = trim_whitespace_utf8(utf8);
	len = strlen(trimmed);
	if (len == 0)
		return MSM_NS_EMPTY;
	while (pos < len)
	{
		int			clen;
		pg_wchar	cp = decode_utf8_char(trimmed + pos, len - pos, &clen);

		nchars++;
		if (!namespace_char_allowed(cp) && *position == 0)
		{
			/* an undecodable byte is reported as itself */
			*info = (cp == NON_ASCII_LETTER && clen == 1) ? (unsigned char) trimmed[pos] : (int) cp;
			*position = nchars;
		}
		alnum |= codepoint_is_alnum(cp);
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

	app = msm_slug(checked_part(storage_app, "storage_app", false));
	concept = msm_slug(checked_part(identifier, "identifier", false));
	suffix = checked_part(suffix, "namespace", true);
	if (suffix != NULL)
		sfx = msm_slug(suffix);

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

		/* split on "__", slug each piece, rejoin with "__" */
		piece = part;
		for (;;)
		{
			const char *sep = strstr(piece, "__");
			char	   *p;

			p = sep ? pnstrdup(piece, sep - piece) : pstrdup(piece);
			appendStringInfoString(&cand, msm_slug(p));
			pfree(p);
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

	b = trim_whitespace_utf8(server_to_utf8(base ? base : ""));
	if (b[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("base is required"),
				 base ? errdetail("The base is empty or contains only whitespace.") :
				 errdetail("The base is NULL."),
				 errhint("Pass the MetaTable base identifier, e.g. \"Asset\".")));

	n = ns ? trim_whitespace_utf8(server_to_utf8(ns)) : NULL;
	if (n == NULL || n[0] == '\0')
		n = MSM_DEFAULT_METATABLE_NAMESPACE;

	if (strcmp(n, MSM_DEFAULT_METATABLE_NAMESPACE) == 0)
		return utf8_to_server(b);

	nlen = strlen(n);
	if (strncmp(b, n, nlen) == 0 && b[nlen] == '.')
		return utf8_to_server(b);

	return utf8_to_server(psprintf("%s.%s", n, b));
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
