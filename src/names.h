/*-------------------------------------------------------------------------
 *
 * names.h
 *	  Naming rules of msm (doc/naming.md): physical table names, bounded
 *	  constraint/index identifiers and logical MetaTable identifiers.
 *
 * These rules are a compatibility boundary: once released they never change.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_NAMES_H
#define MSM_NAMES_H

#define MSM_MAX_IDENTIFIER 63
#define MSM_DEFAULT_METATABLE_NAMESPACE "mainsequence.markets"
#define MSM_MAX_NAMESPACE_LEN 255

/*
 * The namespace rule (deployment and metatable namespaces; doc/naming.md,
 * "Deployment namespaces"): once trimmed, 1 to MSM_MAX_NAMESPACE_LEN
 * characters, only letters, digits, '.', '_' and '-', at least one letter
 * or digit.
 */
typedef enum MsmNamespaceProblem
{
	MSM_NS_OK,
	MSM_NS_EMPTY,
	MSM_NS_TOO_LONG,			/* info: the number of characters */
	MSM_NS_BAD_CHARACTER,		/* info: the code point of the first bad one */
	MSM_NS_NO_LETTER_OR_DIGIT
} MsmNamespaceProblem;

/*
 * What is wrong with namespace ns (database encoding, not trimmed), without
 * raising an error (usable from GUC check hooks); *info as above, *position
 * the 1-based character position of a bad character.
 */
extern MsmNamespaceProblem msm_namespace_problem(const char *ns, int *info,
												 int *position);

/*
 * Error unless ns follows the namespace rule; what names the argument or
 * setting in messages, example is a valid value for the hint.  Blank input
 * is an error too.
 */
extern void msm_check_namespace(const char *ns, const char *what,
								const char *example);

/* slug of one part: non-alnum runs -> '_', trimmed, lowercased, t_ prefix */
extern char *msm_slug(const char *s);

/*
 * physical_table_name(storage_app, identifier, suffix); suffix is NULL for
 * "no deployment namespace" (an empty deployment namespace must be passed
 * as NULL: a given suffix that is empty or blank is an error).  Raises an
 * error on bad input.
 */
extern char *msm_physical_table_name(const char *storage_app,
									 const char *identifier,
									 const char *suffix);

/* bounded_identifier(part, ...) */
extern char *msm_bounded_identifier(const char *const *parts, int nparts);

/* identifier(base, metatable_namespace) */
extern char *msm_metatable_identifier(const char *base, const char *ns);

#endif							/* MSM_NAMES_H */
