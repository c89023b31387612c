/*-------------------------------------------------------------------------
 *
 * depgraph.c
 *	  Foreign-key dependency expansion and deterministic topological order
 *	  of markets models (SPEC 6.3).
 *
 * Edges come from the PostgreSQL catalog (pg_constraint), never from model
 * metadata, so project tables with ordinary foreign keys to markets tables
 * take part exactly like built-ins.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "depgraph.h"

static const char *edges_sql =
"SELECT con.conrelid, con.confrelid, con.conname::text,"
"       pg_catalog.format('%I.%I', n.nspname, c.relname)"
"  FROM pg_catalog.pg_constraint con"
"  JOIN pg_catalog.pg_class c ON c.oid = con.confrelid"
"  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
" WHERE con.contype = 'f' AND con.conrelid OPERATOR(pg_catalog.=) ANY ($1)"
"   AND con.conrelid <> con.confrelid"
" ORDER BY con.conrelid, con.conname";

static int
model_by_relid(MsmDepModel *models, int n, Oid relid)
{
	for (int i = 0; i < n; i++)
		if (models[i].relid == relid)
			return i;
	return -1;
}

void
msm_depgraph_load_edges(MsmDepModel *models, int n)
{
	Datum	   *oids = palloc(sizeof(Datum) * Max(n, 1));
	int			noids = 0;
	Oid			argtypes[1] = {OIDARRAYOID};
	Datum		values[1];
	MemoryContext outer = CurrentMemoryContext;

	for (int i = 0; i < n; i++)
	{
		models[i].nedges = 0;
		models[i].edges = NULL;
		if (OidIsValid(models[i].relid))
			oids[noids++] = ObjectIdGetDatum(models[i].relid);
	}
	if (noids == 0)
		return;
	values[0] = PointerGetDatum(construct_array(oids, noids, OIDOID, sizeof(Oid), true, TYPALIGN_INT));

	if (SPI_execute_with_args(edges_sql, 1, argtypes, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read foreign keys from pg_constraint");

	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Oid			from = DatumGetObjectId(SPI_getbinval(tup, desc, 1, &isnull));
		Oid			to = DatumGetObjectId(SPI_getbinval(tup, desc, 2, &isnull));
		int			mi = model_by_relid(models, n, from);
		MsmDepModel *m;
		MsmDepEdge *e;
		MemoryContext old;

		if (mi < 0)
			continue;
		m = &models[mi];
		old = MemoryContextSwitchTo(outer);
		if (m->edges == NULL)
			m->edges = palloc(sizeof(MsmDepEdge) * 8);
		else if ((m->nedges & 7) == 0)
			m->edges = repalloc(m->edges, sizeof(MsmDepEdge) * (m->nedges + 8));
		e = &m->edges[m->nedges++];
		e->target = model_by_relid(models, n, to);
		e->constraint_name = pstrdup(SPI_getvalue(tup, desc, 3));
		e->target_table = pstrdup(SPI_getvalue(tup, desc, 4));
		MemoryContextSwitchTo(old);
	}
}

typedef struct DepState
{
	MsmDepModel *models;
	int			n;
	int		   *discovery;		/* discovery position, -1 = not discovered */
	int			ndiscovered;
} DepState;

static void
discover(DepState *st, int mi)
{
	MsmDepModel *m = &st->models[mi];

	if (st->discovery[mi] >= 0)
		return;
	check_stack_depth();
	st->discovery[mi] = st->ndiscovered++;
	for (int e = 0; e < m->nedges; e++)
	{
		if (m->edges[e].target < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
					 errmsg("foreign key target %s of model %s is no markets model",
							m->edges[e].target_table, m->name),
					 errdetail("Foreign key %s of table %s references %s, which is not a model of this deployment namespace.",
							   m->edges[e].constraint_name, m->table_name, m->edges[e].target_table),
					 errhint("Declare the target table with msm.declare_model() or drop the foreign key.")));
		discover(st, m->edges[e].target);
	}
}

/* key of a model for the Kahn tie-break: smaller is earlier */
static void
model_key(DepState *st, int mi, const int *caller_pos, int *k1, int *k2)
{
	if (st->models[mi].is_builtin)
	{
		*k1 = 0;
		*k2 = st->models[mi].builtin_position;
	}
	else if (caller_pos[mi] >= 0)
	{
		*k1 = 1;
		*k2 = caller_pos[mi];
	}
	else
	{
		*k1 = 2;
		*k2 = st->discovery[mi];
	}
}

int *
msm_depgraph_order(MsmDepModel *models, int n, const int *requested,
				   int nrequested, int *nresult)
{
	DepState	st;
	int		   *caller_pos = palloc(sizeof(int) * Max(n, 1));
	bool	   *placed = palloc0(sizeof(bool) * Max(n, 1));
	int		   *order = palloc(sizeof(int) * Max(n, 1));
	int			norder = 0;

	st.models = models;
	st.n = n;
	st.discovery = palloc(sizeof(int) * Max(n, 1));
	st.ndiscovered = 0;
	for (int i = 0; i < n; i++)
	{
		st.discovery[i] = -1;
		caller_pos[i] = -1;
	}
	for (int r = 0; r < nrequested; r++)
		if (caller_pos[requested[r]] < 0)
			caller_pos[requested[r]] = r;

	for (int r = 0; r < nrequested; r++)
		discover(&st, requested[r]);

	/* Kahn: repeatedly place the lowest-key model whose targets are placed */
	for (;;)
	{
		int			best = -1;
		int			bk1 = 0,
					bk2 = 0;

		for (int i = 0; i < n; i++)
		{
			bool		ready = true;
			int			k1,
						k2;

			if (st.discovery[i] < 0 || placed[i])
				continue;
			for (int e = 0; e < models[i].nedges && ready; e++)
				if (!placed[models[i].edges[e].target])
					ready = false;
			if (!ready)
				continue;
			model_key(&st, i, caller_pos, &k1, &k2);
			if (best < 0 || k1 < bk1 || (k1 == bk1 && k2 < bk2))
			{
				best = i;
				bk1 = k1;
				bk2 = k2;
			}
		}
		if (best < 0)
			break;
		placed[best] = true;
		order[norder++] = best;
	}

	if (norder < st.ndiscovered)
	{
		/* a cycle: walk unplaced dependencies from the first leftover */
		int		   *seen_at = palloc(sizeof(int) * n);
		int		   *path = palloc(sizeof(int) * (n + 1));
		int			len = 0;
		int			cur = -1;
		StringInfoData buf;

		for (int i = 0; i < n; i++)
		{
			seen_at[i] = -1;
			if (cur < 0 && st.discovery[i] >= 0 && !placed[i])
				cur = i;
		}
		while (seen_at[cur] < 0)
		{
			int			next = -1;

			seen_at[cur] = len;
			path[len++] = cur;
			for (int e = 0; e < models[cur].nedges; e++)
				if (!placed[models[cur].edges[e].target])
				{
					next = models[cur].edges[e].target;
					break;
				}
			Assert(next >= 0);
			cur = next;
		}
		initStringInfo(&buf);
		for (int i = seen_at[cur]; i < len; i++)
			appendStringInfo(&buf, "%s -> ", models[path[i]].name);
		appendStringInfoString(&buf, models[cur].name);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TABLE_DEFINITION),
				 errmsg("foreign keys between markets models form a cycle: %s", buf.data),
				 errdetail("Models in a cycle cannot be ordered for attachment."),
				 errhint("Drop or defer one of the foreign keys of the cycle.")));
	}

	*nresult = norder;
	return order;
}
