/*-------------------------------------------------------------------------
 *
 * rows_batch.c
 *	  msm.upsert_many(model, rows): a JSON array, one call, a count
 *	  (doc/rows.md, "Row API" and "Large batches").
 *
 * Every element must be an object giving the same columns (the first
 * element decides; a batch has one SET list).  Values are converted in C
 * (rows_batch_read.c, rows_input.c), a key repeated in the batch keeps its
 * last row (keys compare with the default btree comparison of their type
 * and the column's collation, the equality of the unique index: numeric
 * 1.0 and 1.00, bpchar 'a' and 'a ', two spellings of one timestamp are one
 * key), the survivors are sorted by key (concurrent batches lock shared
 * rows in one order) and go, in that order, as one array per column to
 *   INSERT ... SELECT ... FROM (SELECT unnest($1), unnest($2), ...) ON CONFLICT ...
 * A batch of at most msm.upsert_chunk_rows elements is converted in memory
 * and written by one statement (here); a larger one is sorted with a
 * spilling sort and written in chunks of that many rows, in memory bounded
 * independently of its size (rows_batch_sort.c).  Either way the call is
 * one operation under the runtime's statement_timeout_ms, and all or
 * nothing.  Batches run in this database only.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "rows_batch_read.h"
#include "rows_batch_sort.h"
#include "rows_exec.h"
#include "rows_platform.h"
#include "rows_input.h"
#include "rows_plan.h"
#include "rows_settings.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(msm_row_upsert_many);

/* the rows of a batch, converted, one array of values per provided column */
typedef struct RowsBatch
{
	int			nrows;
	Datum	  **values;			/* [column][row] for provided columns */
	bool	  **nulls;
} RowsBatch;

/* ---------------------------------------------------------------------
 * Repeated keys: the last row wins; the survivors in key order
 * ---------------------------------------------------------------------
 */

/* what the row comparator needs */
typedef struct RowsBatchOrder
{
	RowsCache  *cache;
	RowsBatch  *batch;
	RowsKeyOrder keys;
} RowsBatchOrder;

/* rows in key order, rows of one key in batch order */
static int
rows_key_compare(const void *a, const void *b, void *arg)
{
	RowsBatchOrder *o = (RowsBatchOrder *) arg;
	int			r1 = *(const int *) a;
	int			r2 = *(const int *) b;

	for (int k = 0; k < o->cache->nkeys; k++)
	{
		Datum	   *v = o->batch->values[o->cache->keys[k]];
		int32		cmp = msm_rows_key_compare(&o->keys, k, v[r1], v[r2]);

		if (cmp != 0)
			return cmp < 0 ? -1 : 1;
	}
	return r1 < r2 ? -1 : (r1 > r2 ? 1 : 0);
}

static bool
rows_same_key(RowsBatchOrder *o, int r1, int r2)
{
	for (int k = 0; k < o->cache->nkeys; k++)
	{
		Datum	   *v = o->batch->values[o->cache->keys[k]];

		if (msm_rows_key_compare(&o->keys, k, v[r1], v[r2]) != 0)
			return false;
	}
	return true;
}

/*
 * Keep the last row of each key (keys compare with their type's own
 * equality, as the unique index does: ON CONFLICT DO UPDATE cannot touch a
 * row twice) and put the survivors in key order, so that concurrent
 * batches lock the rows they share in one order and cannot deadlock on
 * them.  Returns the number of survivors; the column arrays are replaced.
 */
static int
rows_dedupe_sort(RowsCache *c, RowsBatch *b, const bool *provided)
{
	int			n = b->nrows;
	int		   *order = palloc(sizeof(int) * n);
	int		   *keep = palloc(sizeof(int) * n);
	int			m = 0;
	RowsBatchOrder o;

	o.cache = c;
	o.batch = b;
	msm_rows_key_order_init(c, &o.keys);
	msm_rows_key_order_check(c, &o.keys);
	for (int r = 0; r < n; r++)
		order[r] = r;
	qsort_arg(order, n, sizeof(int), rows_key_compare, &o);

	/* in a run of one key the last element is the batch's last row */
	for (int j = 0; j < n; j++)
	{
		if (j + 1 < n && rows_same_key(&o, order[j], order[j + 1]))
			continue;
		keep[m++] = order[j];
	}

	for (int i = 0; i < c->ncols; i++)
	{
		Datum	   *values;
		bool	   *nulls;

		if (!provided[i])
			continue;
		values = palloc(sizeof(Datum) * Max(m, 1));
		nulls = palloc(sizeof(bool) * Max(m, 1));
		for (int j = 0; j < m; j++)
		{
			values[j] = b->values[i][keep[j]];
			nulls[j] = b->nulls[i][keep[j]];
		}
		b->values[i] = values;
		b->nulls[i] = nulls;
	}
	pfree(order);
	pfree(keep);
	return m;
}

/*
 * A batch that fits in one chunk: every element converted in memory,
 * deduplicated and sorted, written by one statement.
 */
static uint64
rows_batch_in_memory(RowsCache *c, Jsonb *rows)
{
	RowsBatchReader r;
	RowsBatch	b;
	int			survivors;
	RowsPlan   *p;
	Datum	   *params;
	char	   *param_nulls;

	msm_rows_batch_reader_init(&r, c, rows);
	b.nrows = r.count;
	b.values = palloc0(sizeof(Datum *) * Max(c->ncols, 1));
	b.nulls = palloc0(sizeof(bool *) * Max(c->ncols, 1));
	while (msm_rows_batch_next(&r))
	{
		for (int i = 0; i < c->ncols; i++)
		{
			if (!r.provided[i])
				continue;
			if (r.element == 0)
			{
				b.values[i] = palloc(sizeof(Datum) * b.nrows);
				b.nulls[i] = palloc(sizeof(bool) * b.nrows);
			}
			b.values[i][r.element] = r.in.values[i];
			b.nulls[i][r.element] = r.in.nulls[i];
		}
	}

	survivors = rows_dedupe_sort(c, &b, r.provided);
	p = msm_rows_plan(c, ROWS_UPSERT_MANY, r.provided);
	params = palloc(sizeof(Datum) * Max(p->compiled->nparams, 1));
	param_nulls = palloc(Max(p->compiled->nparams, 1));
	msm_rows_batch_params(c, p, b.values, b.nulls, survivors, params, param_nulls);
	msm_rows_require_local("upsert_many");
	return msm_rows_execute(c, p, params, param_nulls, NULL);
}

/* ---------------------------------------------------------------------
 * msm.upsert_many(model, rows)
 * ---------------------------------------------------------------------
 */

typedef struct RowsManyCall
{
	RowsCache  *cache;
	Jsonb	   *rows;
	int			chunk_rows;
	uint64		count;
} RowsManyCall;

/* the whole call, under the runtime's statement_timeout_ms */
static void
rows_many_body(void *arg)
{
	RowsManyCall *call = (RowsManyCall *) arg;

	if (JB_ROOT_COUNT(call->rows) <= (uint32) call->chunk_rows)
		call->count = rows_batch_in_memory(call->cache, call->rows);
	else
		call->count = msm_rows_upsert_chunked(call->cache, call->rows, call->chunk_rows);
}

Datum
msm_row_upsert_many(PG_FUNCTION_ARGS)
{
	char	   *model = msm_rows_model_arg(fcinfo);
	RowsCache  *c = msm_rows_cache(msm_runtime_require(model));
	Jsonb	   *rows = msm_rows_batch_arg(fcinfo);
	MemoryContext batch_cxt;
	MemoryContext old;
	RowsManyCall call;

	if (JB_ROOT_COUNT(rows) == 0)
		PG_RETURN_INT64(0);

	batch_cxt = AllocSetContextCreate(CurrentMemoryContext, "msm upsert_many",
									  ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(batch_cxt);
	call.cache = c;
	call.rows = rows;
	call.chunk_rows = msm_upsert_chunk_rows;
	call.count = 0;
	msm_rows_bounded(c, ROWS_UPSERT_MANY, rows_many_body, &call);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(batch_cxt);
	PG_RETURN_INT64((int64) call.count);
}
