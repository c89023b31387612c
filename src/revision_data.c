/*-------------------------------------------------------------------------
 *
 * revision_data.c
 *	  Helpers of the data steps of the markets chain: name-based UUIDs
 *	  (revision 0003) and the key_nodes codec (revision 0010).
 *	  doc/migrations.md, "Data steps".
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <zlib.h>

#include "common/base64.h"
#include "common/cryptohash.h"
#include "common/sha1.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/uuid.h"

#define KEY_NODES_PREFIX "msm_pricing.key_nodes.zlib+base64.v1:"

PG_FUNCTION_INFO_V1(msm_uuid_v5_sql);
PG_FUNCTION_INFO_V1(msm_key_nodes_encode_sql);
PG_FUNCTION_INFO_V1(msm_key_nodes_decode_sql);

/* RFC 4122 version 5: SHA-1 of namespace bytes and name, version and variant bits set */
Datum
msm_uuid_v5_sql(PG_FUNCTION_ARGS)
{
	pg_uuid_t  *ns = PG_GETARG_UUID_P(0);
	text	   *name = PG_GETARG_TEXT_PP(1);
	uint8		digest[SHA1_DIGEST_LENGTH];
	pg_uuid_t  *result = palloc(sizeof(pg_uuid_t));
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA1);

	if (ctx == NULL || pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, ns->data, UUID_LEN) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name)) < 0 ||
		pg_cryptohash_final(ctx, digest, sizeof(digest)) < 0)
	{
		pg_cryptohash_free(ctx);
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compute a SHA-1 digest")));
	}
	pg_cryptohash_free(ctx);
	memcpy(result->data, digest, UUID_LEN);
	result->data[6] = (result->data[6] & 0x0f) | 0x50;
	result->data[8] = (result->data[8] & 0x3f) | 0x80;
	PG_RETURN_UUID_P(result);
}

/* jsonb's text form without the blanks it puts after ':' and ',' */
static char *
compact_json(Jsonb *jb, int *len)
{
	char	   *s = JsonbToCString(NULL, &jb->root, VARSIZE(jb));
	char	   *out = palloc(strlen(s) + 1);
	bool		in_string = false;
	int			n = 0;

	for (const char *p = s; *p; p++)
	{
		if (in_string)
		{
			out[n++] = *p;
			if (*p == '\\' && p[1] != '\0')
				out[n++] = *++p;
			else if (*p == '"')
				in_string = false;
		}
		else if (*p == '"')
		{
			in_string = true;
			out[n++] = *p;
		}
		else if (*p != ' ')
			out[n++] = *p;
	}
	out[n] = '\0';
	*len = n;
	return out;
}

Datum
msm_key_nodes_encode_sql(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	int			len;
	char	   *json;
	uLongf		zlen;
	Bytef	   *z;
	int			blen;
	char	   *out;
	int			plen = strlen(KEY_NODES_PREFIX);

	if (JB_ROOT_IS_SCALAR(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key_nodes must be a JSON object or array"),
				 errdetail("Revision 0010 compresses discount curve key nodes, which are objects or arrays."),
				 errhint("Correct or clear the key_nodes values that are scalars, then migrate again.")));
	json = compact_json(jb, &len);
	zlen = compressBound(len);
	z = palloc(zlen);
	if (compress2(z, &zlen, (const Bytef *) json, len, Z_DEFAULT_COMPRESSION) != Z_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not compress key_nodes")));
	blen = pg_b64_enc_len(zlen);
	out = palloc(plen + blen + 1);
	memcpy(out, KEY_NODES_PREFIX, plen);
	blen = pg_b64_encode((const char *) z, zlen, out + plen, blen);
	if (blen < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not encode key_nodes")));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, plen + blen));
}

Datum
msm_key_nodes_decode_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);
	int			plen = strlen(KEY_NODES_PREFIX);
	char	   *z;
	int			zlen;
	StringInfoData buf;
	z_stream	strm;
	Bytef		chunk[8192];
	int			rc;
	Datum		result;

	if (len < plen || memcmp(s, KEY_NODES_PREFIX, plen) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key_nodes value is not in the compressed format"),
				 errhint("Compressed values start with \"%s\".", KEY_NODES_PREFIX)));
	z = palloc(pg_b64_dec_len(len - plen) + 1);
	zlen = pg_b64_decode(s + plen, len - plen, z, pg_b64_dec_len(len - plen));
	if (zlen < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key_nodes value is not valid base64")));
	memset(&strm, 0, sizeof(strm));
	if (inflateInit(&strm) != Z_OK)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("could not start decompressing key_nodes")));
	strm.next_in = (Bytef *) z;
	strm.avail_in = zlen;
	initStringInfo(&buf);
	do
	{
		strm.next_out = chunk;
		strm.avail_out = sizeof(chunk);
		rc = inflate(&strm, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
		{
			inflateEnd(&strm);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("key_nodes value is not valid zlib data")));
		}
		appendBinaryStringInfo(&buf, (const char *) chunk, sizeof(chunk) - strm.avail_out);
	} while (rc != Z_STREAM_END && strm.avail_in > 0);
	inflateEnd(&strm);
	if (rc != Z_STREAM_END)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key_nodes value is truncated")));
	result = DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
	if (JB_ROOT_IS_SCALAR(DatumGetJsonbP(result)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("decoded key_nodes is not a JSON object or array")));
	PG_RETURN_DATUM(result);
}
