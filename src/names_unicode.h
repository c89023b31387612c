/*-------------------------------------------------------------------------
 *
 * names_unicode.h
 *	  Characters in the naming rules (doc/naming.md, "Letters, digits and
 *	  whitespace"): what is a letter or digit (Python's str.isalnum()) and
 *	  what is whitespace (Python's str.strip()), decided by tables generated
 *	  from Python's Unicode database (src/names_unicode_table.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_NAMES_UNICODE_H
#define MSM_NAMES_UNICODE_H

#include "mb/pg_wchar.h"

/* an inclusive range of code points */
typedef struct MsmCodepointRange
{
	pg_wchar	first;
	pg_wchar	last;
} MsmCodepointRange;

/* generated tables (src/names_unicode_table.c): sorted, disjoint ranges */
extern const char *const msm_unicode_version;
extern const MsmCodepointRange msm_unicode_alnum[];
extern const int msm_unicode_alnum_count;
extern const MsmCodepointRange msm_unicode_space[];
extern const int msm_unicode_space_count;

/*
 * What an undecodable byte (possible in a SQL_ASCII database) counts as: a
 * letter (LINEAR B SYLLABLE B008 A), never whitespace.
 */
#define MSM_UNDECODABLE_LETTER ((pg_wchar) 0x10000)

/* Python's str.isalnum() for one code point */
extern bool msm_codepoint_is_alnum(pg_wchar cp);

/* Python's str.isspace() for one code point: what str.strip() removes */
extern bool msm_codepoint_is_space(pg_wchar cp);

/*
 * The code point at s (len bytes available) in UTF-8, its byte length in
 * *clen; an invalid byte is consumed alone and is MSM_UNDECODABLE_LETTER.
 */
extern pg_wchar msm_utf8_decode(const char *s, int len, int *clen);

/* palloc'd copy of UTF-8 s without leading and trailing whitespace */
extern char *msm_utf8_strip(const char *s);

/* does UTF-8 s hold a letter or digit? */
extern bool msm_utf8_has_alnum(const char *s);

/*
 * s from the database encoding to UTF-8 and back.  Nothing is converted in
 * a UTF8 or SQL_ASCII database (so no conversion error can occur there).
 */
extern char *msm_name_to_utf8(const char *s);
extern char *msm_name_from_utf8(const char *s);

/* s (database encoding) trimmed as by str.strip(), in the database encoding */
extern char *msm_name_strip(const char *s);

#endif							/* MSM_NAMES_UNICODE_H */
