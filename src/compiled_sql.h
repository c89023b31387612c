/*-------------------------------------------------------------------------
 *
 * compiled_sql.h
 *	  The compiled-sql.v1 statement compiler (doc/rows.md, "compiled-sql.v1").
 *
 * A row operation on a model table is compiled once into a template: one
 * SQL statement in pyformat (%(name)s placeholders), its parameters (name,
 * column, SQL type, temporal parameter type) and its scope.  The template
 * holds no values: the envelope a platform executor POSTs is rendered from
 * it with the operation's values only when asked (msm_compiled_envelope),
 * and local execution prepares the very same statement with the
 * placeholders translated to $n (msm_compiled_local_sql).
 *
 * Nothing here touches the catalog or the runtime: the caller describes the
 * table (MsmSqlTable) and says which columns the operation provides.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_COMPILED_SQL_H
#define MSM_COMPILED_SQL_H

#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/jsonb.h"

#define MSM_COMPILED_SQL_VERSION "compiled-sql.v1"

typedef enum MsmSqlOperation
{
	MSM_SQL_SELECT,
	MSM_SQL_INSERT,
	MSM_SQL_UPDATE,
	MSM_SQL_DELETE,
	MSM_SQL_UPSERT
} MsmSqlOperation;

/* One (non-dropped) column of a model table. */
typedef struct MsmSqlColumn
{
	const char *name;
	Oid			typid;
	int32		typmod;
	const char *default_expr;	/* model default filled on INSERT, or NULL */
	bool		is_conflict_key;	/* one of the model's upsert keys */
	bool		is_primary_key;
} MsmSqlColumn;

/* A model table as the compiler sees it. */
typedef struct MsmSqlTable
{
	const char *schema;
	const char *table;
	const char *meta_table_uid;
	int			ncols;
	const MsmSqlColumn *cols;	/* table order */
	int			nkeys;
	const int  *keys;			/* column indexes of the upsert keys, declared
								 * order */
} MsmSqlTable;

typedef struct MsmSqlParam
{
	char	   *name;			/* pyformat name */
	int			column;			/* column index in MsmSqlTable.cols */
	Oid			typid;			/* SQL type of the value (an array type for
								 * batch statements) */
	const char *parameter_type; /* "date", "timestamp with time zone" or NULL */
} MsmSqlParam;

/* A compiled statement template. */
typedef struct MsmCompiledSql
{
	MsmSqlOperation operation;
	bool		batch;			/* parameters are arrays, one element a row */
	char	   *sql;			/* pyformat */
	int			nparams;
	MsmSqlParam *params;		/* in order of first appearance in sql */
	bool		returns_row;	/* selects/returns every column, table order */
	bool		reads_back;		/* a one-row upsert with nothing to update:
								 * the row inserted, else the existing row
								 * read in the same statement (which under
								 * READ COMMITTED misses a row committed
								 * after its snapshot: run it again) */
	char	   *meta_table_uid;
} MsmCompiledSql;

extern const char *msm_sql_operation_name(MsmSqlOperation op);

/*
 * Pyformat SQL text for statements built elsewhere (rows_from.c): literal
 * text with '%' doubled, an identifier always double-quoted.
 */
extern void msm_sql_append_text(StringInfo buf, const char *s);
extern void msm_sql_append_ident(StringInfo buf, const char *ident);

/*
 * INSERT ... ON CONFLICT (upsert keys) DO UPDATE SET ... of one row
 * (batch = false: VALUES, RETURNING every column) or of many rows (batch =
 * true: one array parameter per provided column, unnested in lockstep, no
 * RETURNING; the caller removes repeated keys).  provided[i] says whether
 * the operation gives column i; omitted columns with a default_expr get it,
 * other omitted columns are left to the table.  The SET list holds the
 * provided columns that are neither upsert keys nor primary key columns;
 * when there is none the conflict action is DO NOTHING (an existing row is
 * left alone: no UPDATE privilege, no UPDATE trigger), and the one-row
 * statement becomes
 *   WITH "ins" AS (INSERT ... ON CONFLICT (keys) DO NOTHING RETURNING ...)
 *   SELECT ... FROM "ins" UNION ALL
 *   SELECT ... FROM table WHERE keys = ... AND NOT EXISTS (SELECT 1 FROM "ins")
 * so that it still returns the stored row (reads_back).
 */
extern MsmCompiledSql *msm_compile_upsert(const MsmSqlTable *t,
										  const bool *provided, bool batch);

/* SELECT every column WHERE upsert keys = parameters */
extern MsmCompiledSql *msm_compile_select(const MsmSqlTable *t);

/* DELETE WHERE upsert keys = parameters */
extern MsmCompiledSql *msm_compile_delete(const MsmSqlTable *t);

/*
 * The statement with %(name)s translated to $n (n = 1 + index in params)
 * and %% to %, for SPI_prepare with the params' types.
 */
extern char *msm_compiled_local_sql(const MsmCompiledSql *c);

/*
 * The compiled-sql.v1 envelope of one operation.  values[i] is the JSON
 * value of params[i] (NULL or jbvNull = JSON null).  statement_timeout_ms
 * <= 0 and max_rows <= 0 are omitted (null-valued optional fields are
 * omitted), as is an empty parameter_types.
 */
extern Jsonb *msm_compiled_envelope(const MsmCompiledSql *c,
									JsonbValue *const *values,
									int max_rows, int offset,
									int statement_timeout_ms);

/* parameter_types entry of a column type: "date", "timestamp with time
 * zone", or NULL */
extern const char *msm_sql_temporal_type(Oid typid);

#endif							/* MSM_COMPILED_SQL_H */
