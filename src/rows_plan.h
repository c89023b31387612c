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
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_PLAN_H
#define MSM_ROWS_PLAN_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "executor/spi.h"
#include "fmgr.h"

#include "compiled_sql.h"
#include "runtime.h"

/* how a JSON value reaches a column */
typedef enum RowsValueKind
{
	ROWS_VALUE_TEXT,			/* text form through the input function */
	ROWS_VALUE_JSON,			/* JSON text through the input function */
	ROWS_VALUE_JSONB			/* plain jsonb: the value itself */
} RowsValueKind;

typedef struct RowsColumn
{
	char	   *name;
	int			name_len;
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
} RowsColumn;

typedef enum RowsOp
{
	ROWS_UPSERT,
	ROWS_UPSERT_MANY,
	ROWS_GET,
	ROWS_DELETE
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
	RowsPlan   *plans;
	/* msm.upsert_asset (rows_asset.c): plans without / with asset_type */
	RowsPlan   *asset_plan[2];
	int			asset_uid;		/* column indexes, -1 until prepared */
	int			asset_identifier;
	int			asset_type;
	TupleDesc	asset_desc;		/* msm.asset_row */
} RowsCache;

/* The cache of a runtime model, built on first use. */
extern RowsCache *msm_rows_build_cache(MsmModel *m);

static inline RowsCache *
msm_rows_cache(MsmModel *m)
{
	if (likely(m->row_cache != NULL))
		return (RowsCache *) m->row_cache;
	return msm_rows_build_cache(m);
}

/*
 * The template of op for the given provided columns (upserts; NULL for get
 * and delete), compiled on first use and kept in the cache.
 */
extern RowsPlan *msm_rows_plan(RowsCache *c, RowsOp op, const bool *provided);

/* index of the column called name, or -1 */
extern int	msm_rows_column_index(RowsCache *c, const char *name);

/* the function name of op, for messages */
extern const char *msm_rows_op_name(RowsOp op);

#endif							/* MSM_ROWS_PLAN_H */
