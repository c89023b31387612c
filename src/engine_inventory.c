/*-------------------------------------------------------------------------
 *
 * engine_inventory.c
 *	  The models of a deployment namespace as attachment reads them
 *	  (msm.models_of), selector matching (doc/runtime.md, "Selectors") and
 *	  the resolved, FK-ordered model list (doc/runtime.md, "Dependency
 *	  expansion and order").
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "depgraph.h"
#include "engine.h"

static const char *models_sql =
"SELECT m.model_name, m.class_name, m.identifier, m.physical_schema::pg_catalog.text, m.table_name::pg_catalog.text,"
"       m.kind, m.is_builtin, m.position, m.upsert_keys, m.time_index_column,"
"       pg_catalog.to_regclass(pg_catalog.format('%I.%I', m.physical_schema, m.table_name))::pg_catalog.oid"
"  FROM msm.models_of($1) m"
" WHERE NOT m.is_root"
" ORDER BY m.position";

/* a text[] argument as C strings; NULL elements and bad selectors error */
char	  **
msm_engine_text_array(ArrayType *arr, int *n, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	char	  **out;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what),
				 errdetail("The array has %d dimensions.", ARR_NDIM(arr)),
				 errhint("Pass a flat array of names, e.g. ARRAY['Asset'].")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	out = palloc(sizeof(char *) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL", what),
					 errdetail("Element %d is NULL.", i + 1),
					 errhint("Name each model, e.g. models => ARRAY['Asset'].")));
		out[i] = TextDatumGetCString(elems[i]);
		if (out[i][0] == '\0' || strlen(out[i]) > 255)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown markets MetaTable model \"%.255s\"", out[i]),
					 errdetail("Model selectors are 1 to 255 characters long."),
					 errhint("Name a model by model name, class name, identifier or physical table name.")));
	}
	return out;
}

/* one row of models_sql as a model (strings live in the SPI context) */
static void
model_from_tuple(MsmModel *m, HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	Datum		d;
	MemoryContext old;

	memset(m, 0, sizeof(MsmModel));
	m->model_name = SPI_getvalue(tup, desc, 1);
	m->class_name = SPI_getvalue(tup, desc, 2);
	m->identifier = SPI_getvalue(tup, desc, 3);
	m->physical_schema = SPI_getvalue(tup, desc, 4);
	m->table_name = SPI_getvalue(tup, desc, 5);
	m->is_time_index = strcmp(SPI_getvalue(tup, desc, 6), "time_index") == 0;
	m->is_builtin = DatumGetBool(SPI_getbinval(tup, desc, 7, &isnull));
	m->builtin_position = m->is_builtin ? DatumGetInt32(SPI_getbinval(tup, desc, 8, &isnull)) : 0;
	d = SPI_getbinval(tup, desc, 9, &isnull);
	old = MemoryContextSwitchTo(SPI_tuptable->tuptabcxt);
	m->upsert_keys = msm_engine_text_array(DatumGetArrayTypeP(d), &m->n_upsert_keys, "upsert_keys");
	MemoryContextSwitchTo(old);
	m->time_index_column = SPI_getvalue(tup, desc, 10);
	d = SPI_getbinval(tup, desc, 11, &isnull);
	m->relid = isnull ? InvalidOid : DatumGetObjectId(d);
}

/*
 * Every model of the namespace but the registry root, by position.  Must
 * run between SPI_connect and SPI_finish; the array is allocated in the
 * caller's context, its strings until SPI_finish.
 */
MsmModel *
msm_engine_load_inventory(const char *ns, int *n)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	MsmModel   *models;

	values[0] = CStringGetTextDatum(ns);
	if (SPI_execute_with_args(models_sql, 1, argtypes, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "msm: could not read the model inventory");

	*n = (int) SPI_processed;
	models = SPI_palloc(sizeof(MsmModel) * Max(*n, 1));
	for (int r = 0; r < *n; r++)
		model_from_tuple(&models[r], SPI_tuptable->vals[r], SPI_tuptable->tupdesc);
	return models;
}

/* index of the first model the selector names, or -1 */
int
msm_engine_match(const MsmModel *models, int n, const char *selector)
{
	for (int i = 0; i < n; i++)
		if (msm_model_matches(&models[i], selector))
			return i;
	return -1;
}

void
msm_engine_unknown_model(const char *selector, const char *ns)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_OBJECT),
			 errmsg("unknown markets MetaTable model \"%s\"", selector),
			 errdetail("No model of deployment namespace %s has this model name, class name, identifier or physical table name.",
					   ns[0] ? ns : "(none)"),
			 errhint("SELECT model_name, identifier, table_name FROM msm.models_of(); lists the models.")));
	pg_unreachable();
}

/*
 * The models to attach, in order: for req == NULL the built-ins in their
 * fixed order, else the requested models expanded along their foreign keys
 * and sorted by msm_depgraph_order.  Returns shallow copies of inventory
 * entries; must run between SPI_connect and SPI_finish.
 */
MsmModel *
msm_engine_resolve(MsmModel *inventory, int ninventory, char **req, int nreq,
				   const char *ns, int *nresult)
{
	MsmModel   *result;
	int		   *order;
	int			n = 0;

	if (req == NULL)
	{
		result = palloc(sizeof(MsmModel) * Max(ninventory, 1));
		for (int i = 0; i < ninventory; i++)
			if (inventory[i].is_builtin)
				result[n++] = inventory[i];
		*nresult = n;
		return result;
	}

	order = palloc(sizeof(int) * Max(nreq, 1));
	for (int r = 0; r < nreq; r++)
	{
		order[r] = msm_engine_match(inventory, ninventory, req[r]);
		if (order[r] < 0)
			msm_engine_unknown_model(req[r], ns);
	}
	msm_depgraph_load_edges(inventory, ninventory);
	order = msm_depgraph_order(inventory, ninventory, order, nreq, &n);

	result = palloc(sizeof(MsmModel) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		result[i] = inventory[order[i]];
		result[i].nedges = 0;	/* the edges stay with the inventory */
		result[i].edges = NULL;
	}
	*nresult = n;
	return result;
}
