/*-------------------------------------------------------------------------
 *
 * rows_batch.c
 *	  msm.upsert_many(model, rows): a JSON array, one statement, a count
 *	  (doc/rows.md, "Row API").
 *
 * Every element must be an object giving the same columns (the first
 * element decides; a batch is one statement with one SET list).  Values
 * are converted in C (rows_input.c), a key repeated in the batch keeps its
 * last row (hash on the typed, binary key values, so two spellings of one
 * timestamp are one key: ON CONFLICT DO UPDATE cannot touch a row twice),
 * and the survivors go as one array per column to
 *   INSERT ... SELECT ... FROM unnest($1, $2, ...) ON CONFLICT ...
 * Batches run in this database only.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "rows_exec.h"
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
	uint32	   *hashes;
} RowsBatch;

/* ---------------------------------------------------------------------
 * Repeated keys: the last row wins
 * ---------------------------------------------------------------------
 */

static uint32
rows_datum_hash(RowsColumn *col, Datum d)
{
	if (col->typbyval)
		return hash_bytes((const unsigned char *) &d, sizeof(Datum));
	if (col->typlen > 0)
		return hash_bytes((const unsigned char *) DatumGetPointer(d), col->typlen);
	if (col->typlen == -1)
	{
		struct varlena *v = (struct varlena *) DatumGetPointer(d);

		return hash_bytes((const unsigned char *) VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	}
	return hash_bytes((const unsigned char *) DatumGetCString(d), strlen(DatumGetCString(d)));
}

static bool
rows_datum_equal(RowsColumn *col, Datum a, Datum b)
{
	if (col->typbyval)
		return a == b;
	if (col->typlen > 0)
		return memcmp(DatumGetPointer(a), DatumGetPointer(b), col->typlen) == 0;
	if (col->typlen == -1)
	{
		struct varlena *x = (struct varlena *) DatumGetPointer(a);
		struct varlena *y = (struct varlena *) DatumGetPointer(b);

		return VARSIZE_ANY_EXHDR(x) == VARSIZE_ANY_EXHDR(y) &&
			memcmp(VARDATA_ANY(x), VARDATA_ANY(y), VARSIZE_ANY_EXHDR(x)) == 0;
	}
	return strcmp(DatumGetCString(a), DatumGetCString(b)) == 0;
}

static bool
rows_keys_equal(RowsCache *c, RowsBatch *b, int r1, int r2)
{
	for (int k = 0; k < c->nkeys; k++)
	{
		int			i = c->keys[k];

		if (!rows_datum_equal(&c->cols[i], b->values[i][r1], b->values[i][r2]))
			return false;
	}
	return true;
}

/*
 * Keep the last row of each key: returns the number of survivors and
 * compacts the column arrays in place (original order of the survivors).
 */
static int
rows_dedupe(RowsCache *c, RowsBatch *b)
{
	int			n = b->nrows;
	uint32		size = 16;
	uint32		mask;
	int		   *slots;
	bool	   *keep;
	int			m = 0;

	while (size < (uint32) n * 2)
		size <<= 1;
	mask = size - 1;
	slots = palloc(sizeof(int) * size);
	memset(slots, -1, sizeof(int) * size);
	keep = palloc0(n);

	for (int r = 0; r < n; r++)
	{
		uint32		h = 0;
		uint32		idx;

		for (int k = 0; k < c->nkeys; k++)
		{
			int			i = c->keys[k];

			h = hash_combine(h, rows_datum_hash(&c->cols[i], b->values[i][r]));
		}
		b->hashes[r] = h;
		idx = h & mask;
		for (;;)
		{
			int			s = slots[idx];

			if (s < 0)
			{
				slots[idx] = r;
				keep[r] = true;
				break;
			}
			if (b->hashes[s] == h && rows_keys_equal(c, b, s, r))
			{
				/* a later row with the same key wins */
				slots[idx] = r;
				keep[s] = false;
				keep[r] = true;
				break;
			}
			idx = (idx + 1) & mask;
		}
	}

	for (int r = 0; r < n; r++)
	{
		if (!keep[r])
			continue;
		if (m != r)
		{
			for (int i = 0; i < c->ncols; i++)
			{
				if (!b->provided[i])
					continue;
				b->values[i][m] = b->values[i][r];
				b->nulls[i][m] = b->nulls[i][r];
			}
		}
		m++;
	}
	pfree(slots);
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
	b->hashes = palloc(sizeof(uint32) * b->nrows);

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
	survivors = rows_dedupe(c, &b);
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
