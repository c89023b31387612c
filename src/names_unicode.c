/*-------------------------------------------------------------------------
 *
 * names_unicode.c
 *	  Characters in the naming rules (doc/naming.md, "Letters, digits and
 *	  whitespace").
 *
 * The naming rules must give exactly the names the SDK gives, and the SDK
 * trims a name part with Python's str.strip() and requires a letter or
 * digit as Python's str.isalnum() counts them (general categories L* and
 * N*: "™", "・", "￥", combining marks and emoji are neither).  Both are
 * decided here from tables generated from Python's own Unicode database by
 * test/tools/gen_unicode_tables.py (src/names_unicode_table.c), searched by
 * bisection.  Names are classified in UTF-8 whatever the database encoding,
 * so the answer depends neither on the locale nor on the encoding.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "mb/pg_wchar.h"

#include "names_unicode.h"

/* is cp in one of the n sorted, disjoint ranges r? */
static bool
in_ranges(pg_wchar cp, const MsmCodepointRange *r, int n)
{
	int			lo = 0;
	int			hi = n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cp < r[mid].first)
			hi = mid - 1;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool
msm_codepoint_is_alnum(pg_wchar cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			(cp >= '0' && cp <= '9');
	return in_ranges(cp, msm_unicode_alnum, msm_unicode_alnum_count);
}

bool
msm_codepoint_is_space(pg_wchar cp)
{
	return in_ranges(cp, msm_unicode_space, msm_unicode_space_count);
}

pg_wchar
msm_utf8_decode(const char *s, int len, int *clen)
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
	return MSM_UNDECODABLE_LETTER;
}

char *
msm_utf8_strip(const char *s)
{
	int			len = strlen(s);
	int			start = -1;
	int			end = 0;
	int			pos = 0;

	while (pos < len)
	{
		int			clen;
		pg_wchar	cp = msm_utf8_decode(s + pos, len - pos, &clen);

		if (!msm_codepoint_is_space(cp))
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

bool
msm_utf8_has_alnum(const char *s)
{
	int			len = strlen(s);
	int			pos = 0;

	while (pos < len)
	{
		int			clen;

		if (msm_codepoint_is_alnum(msm_utf8_decode(s + pos, len - pos, &clen)))
			return true;
		pos += clen;
	}
	return false;
}

/*
 * Every server encoding is ASCII-safe, so the ASCII characters that make up
 * a slug are the same before and after a conversion.
 */
char *
msm_name_to_utf8(const char *s)
{
	int			enc = GetDatabaseEncoding();

	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
		return (char *) s;
	return pg_server_to_any(s, strlen(s), PG_UTF8);
}

char *
msm_name_from_utf8(const char *s)
{
	int			enc = GetDatabaseEncoding();

	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
		return (char *) s;
	return pg_any_to_server(s, strlen(s), PG_UTF8);
}

char *
msm_name_strip(const char *s)
{
	return msm_name_from_utf8(msm_utf8_strip(msm_name_to_utf8(s)));
}
