import { readFileSync } from 'node:fs';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

// Guards against schema.prisma and the SQL migrations drifting apart: the Prisma schema engine
// cannot run here to diff them, so this compares the parsed schema with the migrated database.

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  nativeType?: [string, string[]] | null;
};
type DmmfModel = {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueIndexes: { fields: string[] }[];
};
type Dmmf = { datamodel: { models: DmmfModel[]; enums: { name: string; dbName: string | null; values: { name: string; dbName: string | null }[] }[] } };

const dmmf: Dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', readFileSync('prisma/schema.prisma', 'utf8')]] })));

function expectedType(f: DmmfField): string {
  if (f.isList) return 'ARRAY';
  if (f.kind === 'enum') return `enum:${dmmf.datamodel.enums.find((e) => e.name === f.type)!.dbName ?? f.type}`;
  const native = f.nativeType?.[0];
  switch (f.type) {
    case 'String':
      return native === 'Uuid' ? 'uuid' : native === 'Char' ? 'character' : native === 'VarChar' ? 'character varying' : 'text';
    case 'DateTime':
      return native === 'Timestamptz' ? 'timestamp with time zone' : native === 'Date' ? 'date' : 'timestamp without time zone';
    case 'Int':
      return 'integer';
    case 'BigInt':
      return 'bigint';
    case 'Boolean':
      return 'boolean';
    case 'Decimal':
      return 'numeric';
    case 'Float':
      return 'double precision';
    case 'Json':
      return 'jsonb';
    case 'Bytes':
      return 'bytea';
    default:
      return `unknown:${f.type}`;
  }
}

async function inspect() {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }>(`
      SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable
      FROM information_schema.columns c
      JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace
      WHERE c.table_schema = 'public' AND NOT k.relispartition AND c.table_name <> '_prisma_migrations'`);
    const uniques = await client.query<{ table_name: string; columns: string[] }>(`
      SELECT t.relname::text AS table_name, array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid AND t.relnamespace = 'public'::regnamespace
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE i.indisunique AND NOT t.relispartition AND t.relname <> '_prisma_migrations'
      GROUP BY i.indexrelid, t.relname`);
    const enums = await client.query<{ name: string; values: string[] }>(`
      SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    return { columns: columns.rows, uniques: uniques.rows, enums: enums.rows };
  } finally {
    await client.end();
  }
}

describe('schema.prisma and the migrated database', async () => {
  const db = await inspect();
  const models = dmmf.datamodel.models;
  const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
  const columnOf = (m: DmmfModel, name: string) => {
    const f = m.fields.find((x) => x.name === name)!;
    return f.dbName ?? f.name;
  };

  it('have the same tables', () => {
    expect([...new Set(db.columns.map((c) => c.table_name))].sort()).toEqual(models.map(tableOf).sort());
  });

  it.each(models.map((m) => [m.name, m] as const))('%s has the same columns, types and nullability', (_name, model) => {
    const expected = model.fields
      .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
      .map((f) => ({ column: f.dbName ?? f.name, type: expectedType(f), nullable: !f.isRequired }))
      .sort((a, b) => a.column.localeCompare(b.column));
    const actual = db.columns
      .filter((c) => c.table_name === tableOf(model))
      .map((c) => ({
        column: c.column_name,
        type: c.data_type === 'USER-DEFINED' ? `enum:${c.udt_name}` : c.data_type,
        nullable: c.is_nullable === 'YES',
      }))
      .sort((a, b) => a.column.localeCompare(b.column));
    expect(actual).toEqual(expected);
  });

  it.each(models.map((m) => [m.name, m] as const))('%s has the same primary and unique keys', (_name, model) => {
    const keys: string[][] = [];
    const id = model.fields.find((f) => f.isId);
    if (id) keys.push([id.dbName ?? id.name]);
    if (model.primaryKey) keys.push(model.primaryKey.fields.map((f) => columnOf(model, f)));
    for (const f of model.fields.filter((x) => x.isUnique)) keys.push([f.dbName ?? f.name]);
    for (const u of model.uniqueIndexes) keys.push(u.fields.map((f) => columnOf(model, f)));
    const actual = db.uniques.filter((u) => u.table_name === tableOf(model)).map((u) => u.columns);
    expect(actual.map((k) => k.join(',')).sort()).toEqual(keys.map((k) => k.join(',')).sort());
  });

  it('have the same enums', () => {
    const expected = dmmf.datamodel.enums.map((e) => ({ name: e.dbName ?? e.name, values: e.values.map((v) => v.dbName ?? v.name) }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...db.enums].sort(byName)).toEqual(expected.sort(byName));
  });
});
