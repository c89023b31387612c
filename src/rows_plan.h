/*-------------------------------------------------------------------------
 *
 * rows_plan.h
 *	  The per-model cache of the row API (doc/rows.md, "Row API"): column
 *	  metadata and the statement templates with their kept SPI plans.
 *
 * Per model, MsmModel.row_cache holds a RowsCache in a child context
 * of the runtime's memory context: the table's column metadata (read once
 * from the relation cache), the model defaults of built-ins, and one
 * compiled statement template (compiled_sql.h) per (operation, set of
 * provided columns), each with its SPI plan prepared and kept on first
 * local use (rows_exec.c).  Dropping or replacing the runtime drops the
 * cache and frees the plans (a reset callback on the cache context).
 *
 * The cache follows the catalog (doc/runtime.md, "Caching"): the
 * invalidation callbacks (invalidation.c) bump MsmModel.inval_generation
 * when the table or one of its column types changes; msm_rows_cache()
 * then retires the cache (freed at the end of the transaction, since an
 * outer operation may still use it) and builds a new one from the table as
 * it is now, or raises an msm error that says to re-attach.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_PLAN_H
#define MSM_ROWS_PLAN_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "storage/lmgr.h"

#include "compiled_sql.h"
#include "runtime.h"

/* how a JSON value reaches a column */
typedef enum RowsValueKind
{
	ROWS_VALUE_TEXT,			/* text form through the input function */
	ROWS_VALUE_JSON,			/* JSON text through the input function */
	ROWS_VALUE_JSONB			/* plain jsonb: the value itself */
} RowsValueKind;

/* how to_jsonb converts a column (rows_json.c) */
typedef enum RowsJsonCategory
{
	ROWS_JSON_SLOW,				/* not a plain scalar: to_jsonb(record) */
	ROWS_JSON_BOOL,
	ROWS_JSON_NUMBER,			/* float4/8: output, then numeric_in */
	ROWS_JSON_INTEGER,			/* int2/4/8: the value as a numeric */
	ROWS_JSON_NUMERIC,			/* numeric: itself (NaN, infinities: text) */
	ROWS_JSON_DATETIME,
	ROWS_JSON_TEXT,				/* text, varchar, bpchar: the bytes */
	ROWS_JSON_STRING			/* other scalars: the text output */
} RowsJsonCategory;

typedef struct RowsColumn
{
	char	   *name;
	int			name_len;
	AttrNumber	attnum;			/* in the table as it was when the cache was built */
	Oid			typid;
	int32		typmod;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Oid			collation;		/* the column's collation (key comparisons) */
	RowsValueKind kind;
	FmgrInfo	input;
	Oid			ioparam;
	bool		is_temporal;	/* date / timestamptz: ISO text in envelopes */
	RowsJsonCategory json_cat;	/* result rows (rows_json.c) */
	Oid			json_base;		/* the base type of a date or timestamp */
	FmgrInfo	json_output;	/* the base type's output, numbers and strings */
} RowsColumn;

typedef enum RowsOp
{
	ROWS_UPSERT,
	ROWS_UPSERT_MANY,
	ROWS_GET,
	ROWS_DELETE,
	ROWS_UPSERT_FROM			/* msm.upsert_from (rows_from.c) */
} RowsOp;

typedef struct RowsPlan
{
	struct RowsPlan *next;
	RowsOp		op;
	bool	   *provided;		/* ncols flags (upserts), else NULL */
	MsmCompiledSql *compiled;
	Oid		   *argtypes;
	SPIPlanPtr	plan;			/* kept; NULL until first local run */
} RowsPlan;

typedef struct RowsCache
{
	MemoryContext cxt;
	char	   *model;			/* model name, for messages */
	char	   *qualified;		/* "schema"."table", for messages */
	int			ncols;
	RowsColumn *cols;
	MsmSqlColumn *sqlcols;
	int			nkeys;
	int		   *keys;
	MsmSqlTable table;
	TupleDesc	rowdesc;		/* blessed record of every column */
	int			json_direct;	/* every column a plain scalar (rows_json.c):
								 * 0 not known yet, 1 yes, -1 no */
	int		   *json_order;		/* column indexes in jsonb key order */
	RowsPlan   *plans;
	/* msm.upsert_asset (rows_asset.c): plans without / with asset_type */
	RowsPlan   *asset_plan[2];
	int			asset_uid;		/* column indexes, -1 until prepared */
	int			asset_identifier;
	int			asset_type;
	TupleDesc	asset_desc;		/* msm.asset_row */
	/* invalidation (doc/runtime.md, "Caching") */
	uint32		generation;		/* MsmModel.inval_generation when built */
	bool		has_key_index;	/* a unique index ON CONFLICT (keys) can use */
	int			ntypes;
	uint32	   *type_hashes;	/* TYPEOID syscache hashes of the column types */
	/* msm.upsert_from (rows_from.c): plans per source, NULL until used */
	struct RowsFromPlans *from_plans;
} RowsCache;

/* The cache of a runtime model, built on first use and after invalidation. */
extern RowsCache *msm_rows_build_cache(MsmModel *m);

static inline RowsCache *
msm_rows_cache(MsmModel *m)
{
	RowsCache  *c;

	/*
	 * The lock every operation takes anyway, first: acquiring it processes
	 * the invalidations that DDL committed since (AcceptInvalidationMessages),
	 * so that a stale cache is seen here and not by the planner.
	 */
	if (OidIsValid(m->relid))
		LockRelationOid(m->relid, AccessShareLock);
	c = (RowsCache *) m->row_cache;
	if (likely(c != NULL && c->generation == m->inval_generation))
		return c;
	return msm_rows_build_cache(m);
}

/*
 * The template of op for the given provided columns (upserts; NULL for get
 * and delete), compiled on first use and kept in the cache.
 */
extern RowsPlan *msm_rows_plan(RowsCache *c, RowsOp op, const bool *provided);

/*
 * Error unless the table has a unique index ON CONFLICT (upsert keys) can
 * use (upserts of every kind).
 */
extern void msm_rows_require_key_index(RowsCache *c, RowsOp op);

/* index of the column called name, or -1 */
extern int	msm_rows_column_index(RowsCache *c, const char *name);

/* the function name of op, for messages */
extern const char *msm_rows_op_name(RowsOp op);

#endif							/* MSM_ROWS_PLAN_H */
