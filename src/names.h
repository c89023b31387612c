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

/* slug of one part: non-alnum runs -> '_', trimmed, lowercased, t_ prefix */
extern char *msm_slug(const char *s);

/*
 * physical_table_name(storage_app, identifier, suffix); suffix may be NULL or
 * empty for "no deployment namespace".  Raises an error on bad input.
 */
extern char *msm_physical_table_name(const char *storage_app,
									 const char *identifier,
									 const char *suffix);

/* bounded_identifier(part, ...) */
extern char *msm_bounded_identifier(const char *const *parts, int nparts);

/* identifier(base, metatable_namespace) */
extern char *msm_metatable_identifier(const char *base, const char *ns);

#endif							/* MSM_NAMES_H */
