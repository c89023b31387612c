/*-------------------------------------------------------------------------
 *
 * rows_batch_read.h
 *	  What the two paths of msm.upsert_many share (doc/rows.md, "Row API"
 *	  and "Large batches"): reading the elements of the rows array one at a
 *	  time, the key order of repeated keys, and the statement parameters of
 *	  a set of rows.
 *
 * rows_batch.c holds the entry point and the path of a batch that fits in
 * one chunk; rows_batch_sort.c the path of a larger one.  Both read the
 * elements with a RowsBatchReader, so a batch fails on the same element
 * with the same error whichever path it takes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef MSM_ROWS_BATCH_READ_H
#define MSM_ROWS_BATCH_READ_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/jsonb.h"

#include "rows_input.h"
#include "rows_plan.h"

/*
 * The elements of a rows array, read in order.  Every element must be an
 * object giving the same columns (the first element decides: a batch is
 * one statement with one SET list).
 */
typedef struct RowsBatchReader
{
	RowsCache  *cache;
	MemoryContext cxt;			/* where the reader's own state lives */
	JsonbIterator *it;
	int			count;			/* elements of the array */
	int			element;		/* the element read last, -1 before the first */
	RowsInput	in;				/* its values: provided, values, nulls */
	int		   *guess;			/* column of each key position */
	bool	   *provided;		/* the columns of every element; NULL until
								 * the first element is read */
} RowsBatchReader;

/* the rows argument (argument 1): a JSON array, not null */
extern Jsonb *msm_rows_batch_arg(FunctionCallInfo fcinfo);

/* start reading rows; the reader's state lives in the current context */
extern void msm_rows_batch_reader_init(RowsBatchReader *r, RowsCache *c,
									   Jsonb *rows);

/*
 * Read the next element into r->in: an object, matched to columns,
 * checked (same columns as element 0, every key present and not null) and
 * converted, its values in the current memory context.  Returns false
 * after the last element.
 */
extern bool msm_rows_batch_next(RowsBatchReader *r);

/*
 * How keys compare: each key column's default btree comparison and
 * ordering operator with the column's collation (the equality of the
 * unique index: numeric 1.0 = 1.00, bpchar 'a' = 'a ', nondeterministic
 * collations).
 */
typedef struct RowsKeyOrder
{
	FmgrInfo  **cmp;			/* [key] the type's btree comparison */
	Oid		   *lt_opr;			/* [key] its "<" operator */
	Oid		   *collation;		/* [key] the column's collation */
	int			missing;		/* first key whose type has none, or -1 */
} RowsKeyOrder;

/* look the comparisons up (no error: see msm_rows_key_order_check) */
extern void msm_rows_key_order_init(RowsCache *c, RowsKeyOrder *o);

/* the error of a key type without a default btree comparison, if any */
extern void msm_rows_key_order_check(RowsCache *c, RowsKeyOrder *o);

/* compare the values a and b of key k */
static inline int
msm_rows_key_compare(RowsKeyOrder *o, int k, Datum a, Datum b)
{
	return DatumGetInt32(FunctionCall2Coll(o->cmp[k], o->collation[k], a, b));
}

/*
 * The parameters of the batch statement p for nrows rows: one array per
 * provided column, from values[column][row] and nulls[column][row], in the
 * current memory context.
 */
extern void msm_rows_batch_params(RowsCache *c, RowsPlan *p, Datum **values,
								  bool **nulls, int nrows, Datum *params,
								  char *param_nulls);

#endif							/* MSM_ROWS_BATCH_READ_H */
