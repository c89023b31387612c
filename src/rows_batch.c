/*-------------------------------------------------------------------------
 *
 * rows_batch.c
 *	  msm.upsert_many(model, rows): a JSON array, one statement, a count
 *	  (doc/rows.md, "Row API").
 *
 * Every element must be an object giving the same columns (the first
 * element decides; a batch is one statement with one SET list).  Values
 * are converted in C (rows_input.c), a key repeated in the batch keeps its
 * last row (keys compare with the default btree comparison of their type
 * and the column's collation, the equality of the unique index: numeric
 * 1.0 and 1.00, bpchar 'a' and 'a ', two spellings of one timestamp are one
 * key), the survivors are sorted by key (concurrent batches lock shared
 * rows in one order) and go, in that order, as one array per column to
 *   INSERT ... SELECT ... FROM (SELECT unnest($1), unnest($2), ...) ON CONFLICT ...
 * Batches run in this database only.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "rows_exec.h"
#include "rows_platform.h"
#include "rows_input.h"
#include "rows_plan.h"
#include "runtime.h"

PG_FUNCTION_INFO_V1(msm_row_upsert_many);

#define ROWS_BATCH_HINT "Pass a JSON array of row objects, e.g. '[{\"unique_identifier\": \"AAPL\"}]'."

/* the rows of a batch, converted, one array of values per provided column */
typedef struct RowsBatch
{
	int			nrows;
	bool	   *provided;		/* the columns of every row; NULL until the
								 * first row is read */
	Datum	  **values;			/* [column][row] for provided columns */
	bool	  **nulls;
} RowsBatch;

/* ---------------------------------------------------------------------
 * Repeated keys: the last row wins; the survivors in key order
 * ---------------------------------------------------------------------
 */

/* what the row comparator needs: the key columns' btree comparisons */
typedef struct RowsKeyOrder
{
	RowsCache  *cache;
	RowsBatch  *batch;
	FmgrInfo  **cmp;			/* [key] the type's default btree comparison */
	Oid		   *collation;		/* [key] the column's collation */
} RowsKeyOrder;

/*
 * The default btree comparison of each key column's type: the equality a
 * unique index of the key uses (numeric 1.0 = 1.00, bpchar 'a' = 'a ',
 * nondeterministic collations), and one total order to lock rows in.
 */
static void
rows_key_order_init(RowsCache *c, RowsBatch *b, RowsKeyOrder *o)
{
	o->cache = c;
	o->batch = b;
	o->cmp = palloc(sizeof(FmgrInfo *) * c->nkeys);
	o->collation = palloc(sizeof(Oid) * c->nkeys);
	for (int k = 0; k < c->nkeys; k++)
	{
		RowsColumn *col = &c->cols[c->keys[k]];
		TypeCacheEntry *tc = lookup_type_cache(col->typid, TYPECACHE_CMP_PROC_FINFO);

		if (!OidIsValid(tc->cmp_proc_finfo.fn_oid))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FUNCTION),
					 errmsg("upsert key \"%s\" of model %s has type %s, which has no default btree comparison",
							col->name, c->model, format_type_be(col->typid)),
					 errdetail("A batch compares the keys of its rows to find repeated keys and to lock rows in key order."),
					 errhint("Use msm.upsert() for each row.")));
		o->cmp[k] = &tc->cmp_proc_finfo;
		o->collation[k] = col->collation;
	}
}

/* rows in key order, rows of one key in batch order */
static int
rows_key_compare(const void *a, const void *b, void *arg)
{
	RowsKeyOrder *o = (RowsKeyOrder *) arg;
	int			r1 = *(const int *) a;
	int			r2 = *(const int *) b;

	for (int k = 0; k < o->cache->nkeys; k++)
	{
		Datum	   *v = o->batch->values[o->cache->keys[k]];
		int32		cmp;

		cmp = DatumGetInt32(FunctionCall2Coll(o->cmp[k], o->collation[k], v[r1], v[r2]));
		if (cmp != 0)
			return cmp < 0 ? -1 : 1;
	}
	return r1 < r2 ? -1 : (r1 > r2 ? 1 : 0);
}

static bool
rows_same_key(RowsKeyOrder *o, int r1, int r2)
{
	for (int k = 0; k < o->cache->nkeys; k++)
	{
		Datum	   *v = o->batch->values[o->cache->keys[k]];

		if (DatumGetInt32(FunctionCall2Coll(o->cmp[k], o->collation[k], v[r1], v[r2])) != 0)
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
rows_dedupe_sort(RowsCache *c, RowsBatch *b)
{
	int			n = b->nrows;
	int		   *order = palloc(sizeof(int) * n);
	int		   *keep = palloc(sizeof(int) * n);
	int			m = 0;
	RowsKeyOrder o;

	rows_key_order_init(c, b, &o);
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

		if (!b->provided[i])
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

/* ---------------------------------------------------------------------
 * Reading the rows
 * ---------------------------------------------------------------------
 */

/* the rows argument: a JSON array (of objects, checked per element) */
static Jsonb *
rows_batch_arg(FunctionCallInfo fcinfo)
{
	Jsonb	   *rows;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("rows must not be null"),
				 errdetail("The rows argument of msm.upsert_many is NULL."),
				 errhint(ROWS_BATCH_HINT)));
	rows = PG_GETARG_JSONB_P(1);
	if (!JB_ROOT_IS_ARRAY(rows) || JB_ROOT_IS_SCALAR(rows))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rows must be a JSON array of objects"),
				 errdetail("Got a JSON %s.", msm_rows_jsonb_root_type_name(rows)),
				 errhint(ROWS_BATCH_HINT)));
	return rows;
}

/*
 * The columns of rows element r: the first element decides them (and the
 * value arrays are allocated), every later one must give the same.
 */
static void
rows_batch_columns(RowsCache *c, RowsBatch *b, RowsInput *in, int r)
{
	StringInfoData diff;
	bool		first = true;

	if (b->provided == NULL)
	{
		msm_rows_check_keys(c, in, r, "rows element");
		b->provided = palloc(c->ncols);
		memcpy(b->provided, in->provided, c->ncols);
		for (int i = 0; i < c->ncols; i++)
		{
			if (!b->provided[i])
				continue;
			b->values[i] = palloc(sizeof(Datum) * b->nrows);
			b->nulls[i] = palloc(sizeof(bool) * b->nrows);
		}
		return;
	}
	if (memcmp(b->provided, in->provided, c->ncols) == 0)
	{
		msm_rows_check_keys(c, in, r, "rows element");
		return;
	}

	initStringInfo(&diff);
	for (int i = 0; i < c->ncols; i++)
	{
		if (b->provided[i] == in->provided[i])
			continue;
		appendStringInfo(&diff, "%s%s \"%s\"", first ? "" : ", ",
						 b->provided[i] ? "lacks" : "adds", c->cols[i].name);
		first = false;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("rows element %d does not give the same columns as rows element 0", r),
			 errdetail("Compared with element 0 it %s.", diff.data),
			 errhint("Give every row the same keys (use null for an explicit NULL); one batch is one statement with one SET list.")));
}

/* every element of rows, matched, checked and converted into b */
static void
rows_batch_read(RowsCache *c, Jsonb *rows, RowsBatch *b)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	RowsInput	in;
	int		   *guess;
	int			r = 0;

	b->nrows = JB_ROOT_COUNT(rows);
	b->provided = NULL;
	b->values = palloc0(sizeof(Datum *) * c->ncols);
	b->nulls = palloc0(sizeof(bool *) * c->ncols);

	msm_rows_input_init(c, &in);
	guess = palloc(sizeof(int) * Max(c->ncols, 1));
	for (int i = 0; i < c->ncols; i++)
		guess[i] = -1;

	it = JsonbIteratorInit(&rows->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok != WJB_ELEM)
			continue;
		if (v.type != jbvBinary || !JsonContainerIsObject(v.val.binary.data))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rows element %d is not a JSON object", r),
					 errdetail("Got a JSON %s.", msm_rows_json_type_name(&v)),
					 errhint(ROWS_BATCH_HINT)));
		msm_rows_match_object(c, v.val.binary.data, &in, guess, r, "rows");
		rows_batch_columns(c, b, &in, r);
		msm_rows_convert(c, &in, r);
		for (int i = 0; i < c->ncols; i++)
		{
			if (!b->provided[i])
				continue;
			b->values[i][r] = in.values[i];
			b->nulls[i][r] = in.nulls[i];
		}
		r++;
	}
	Assert(r == b->nrows);
}

/* the parameters of the batch statement: one array per provided column */
static void
rows_batch_arrays(RowsCache *c, RowsBatch *b, RowsPlan *p, int nrows,
				  Datum *values, char *nulls)
{
	for (int k = 0; k < p->compiled->nparams; k++)
	{
		int			i = p->compiled->params[k].column;
		RowsColumn *col = &c->cols[i];
		int			dims[1] = {nrows};
		int			lbs[1] = {1};

		values[k] = PointerGetDatum(construct_md_array(b->values[i], b->nulls[i], 1, dims, lbs,
													   col->typid, col->typlen,
													   col->typbyval, col->typalign));
		nulls[k] = ' ';
	}
}

/* ---------------------------------------------------------------------
 * msm.upsert_many(model, rows)
 * ---------------------------------------------------------------------
 */
Datum
msm_row_upsert_many(PG_FUNCTION_ARGS)
{
	char	   *model = msm_rows_model_arg(fcinfo);
	RowsCache  *c = msm_rows_cache(msm_runtime_require(model));
	Jsonb	   *rows = rows_batch_arg(fcinfo);
	MemoryContext batch_cxt;
	MemoryContext old;
	RowsBatch	b;
	int			survivors;
	RowsPlan   *p;
	Datum	   *values;
	char	   *nulls;
	uint64		count;

	if (JB_ROOT_COUNT(rows) == 0)
		PG_RETURN_INT64(0);

	batch_cxt = AllocSetContextCreate(CurrentMemoryContext, "msm upsert_many",
									  ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(batch_cxt);

	rows_batch_read(c, rows, &b);
	survivors = rows_dedupe_sort(c, &b);
	p = msm_rows_plan(c, ROWS_UPSERT_MANY, b.provided);
	values = palloc(sizeof(Datum) * Max(p->compiled->nparams, 1));
	nulls = palloc(Max(p->compiled->nparams, 1));
	rows_batch_arrays(c, &b, p, survivors, values, nulls);
	msm_rows_require_local("upsert_many");

	MemoryContextSwitchTo(old);
	count = msm_rows_execute(c, p, values, nulls, NULL);
	MemoryContextDelete(batch_cxt);
	PG_RETURN_INT64((int64) count);
}
