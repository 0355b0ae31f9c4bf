import type pg from 'pg';
import type { FileSpec } from './contract.ts';
import { stagingTable } from './staging.ts';

export interface MergeCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** History files: addresses whose stored rows were replaced by this delivery's. */
  replacedAddresses: number;
}

/**
 * Rows per address carry their address's municipality (migration 012), an address the
 * four digits after WK of its district code: written here in the same statement (by a
 * join for the rows of an address), so that the trigger that would otherwise look it up row by
 * row does not run. A row whose address is missing (ingest quarantines those before the
 * merge) would keep a null code, which the trigger cannot fill and NOT NULL refuses.
 */
function withMunicipality(spec: FileSpec, columns: string[], alias: string): { columns: string; select: string; join: string } {
  const select = columns.map((c) => `${alias}.${c}`).join(', ');
  if (spec.table === 'addresses')
    return { columns: `${columns.join(', ')}, municipality_code`, select: `${select}, substr(${alias}.district_code, 3, 4)`, join: '' };
  if (!columns.includes('address_id')) return { columns: columns.join(', '), select, join: '' };
  return {
    columns: `${columns.join(', ')}, municipality_code`,
    select: `${select}, m.municipality_code`,
    join: `LEFT JOIN addresses m ON m.address_id = ${alias}.address_id`,
  };
}

/** Moves the staged rows of one file into its table, per the contract's update rules. */
export function mergeStaged(client: pg.PoolClient, spec: FileSpec): Promise<MergeCounts> {
  return spec.kind === 'keyed' ? mergeKeyed(client, spec) : mergeHistory(client, spec);
}

/**
 * Keyed files: a new key is inserted; a stored key is replaced when its content
 * differs (updated) and left alone when identical (unchanged), so a repeated import
 * writes nothing.
 */
async function mergeKeyed(client: pg.PoolClient, spec: FileSpec): Promise<MergeCounts> {
  const stg = stagingTable(spec);
  const columns = spec.columns.map((c) => c.name);
  const on = spec.key.map((k) => `t.${k} = s.${k}`).join(' AND ');
  const rowOf = (alias: string) => `(${columns.map((c) => `${alias}.${c}`).join(', ')})`;
  const { rows } = await client.query<{ inserted: number; updated: number; unchanged: number }>(
    `SELECT count(*) FILTER (WHERE t.${spec.key[0]} IS NULL) AS inserted,
            count(*) FILTER (WHERE t.${spec.key[0]} IS NOT NULL AND ${rowOf('s')} IS DISTINCT FROM ${rowOf('t')}) AS updated,
            count(*) FILTER (WHERE t.${spec.key[0]} IS NOT NULL AND ${rowOf('s')} IS NOT DISTINCT FROM ${rowOf('t')}) AS unchanged
     FROM ${stg} s LEFT JOIN ${spec.table} t ON ${on}`,
  );
  const nonKey = columns.filter((c) => !spec.key.includes(c));
  // New keys and changed rows are written apart: a single INSERT … ON CONFLICT would
  // probe the index for every delivered row, also for the (usual) unchanged ones.
  const target = withMunicipality(spec, columns, 's');
  await client.query(
    `INSERT INTO ${spec.table} (${target.columns})
     SELECT ${target.select} FROM ${stg} s ${target.join}
     WHERE NOT EXISTS (SELECT 1 FROM ${spec.table} t WHERE ${on}) ORDER BY s.line`,
  );
  if (rows[0]!.updated > 0) {
    // An address's municipality follows its district code (migration 012).
    const municipality = spec.table === 'addresses' ? ', municipality_code = substr(s.district_code, 3, 4)' : '';
    await client.query(
      `UPDATE ${spec.table} t SET ${nonKey.map((c) => `${c} = s.${c}`).join(', ')}${municipality}
       FROM ${stg} s WHERE ${on} AND ${rowOf('s')} IS DISTINCT FROM ${rowOf('t')}`,
    );
  }
  const counts = rows[0]!;
  return { ...counts, replacedAddresses: 0 };
}

/**
 * History files: the rows delivered for an address replace all its stored rows. An
 * address whose delivered rows equal the stored ones is left untouched.
 */
async function mergeHistory(client: pg.PoolClient, spec: FileSpec): Promise<MergeCounts> {
  const stg = stagingTable(spec);
  const columns = spec.columns.map((c) => c.name);
  const content = `format('${columns.map(() => '%s').join('|')}', ${columns.join(', ')})`;
  const digests = (table: string) =>
    `SELECT address_id, string_agg(${content}, ';' ORDER BY ${content}) AS digest FROM ${table}
     WHERE address_id IN (SELECT address_id FROM ${stg}) GROUP BY address_id`;
  await client.query(
    `CREATE TEMP TABLE changed_addresses ON COMMIT DROP AS
     SELECT s.address_id FROM (${digests(stg)}) s LEFT JOIN (${digests(spec.table)}) t USING (address_id)
     WHERE s.digest IS DISTINCT FROM t.digest`,
  );
  await client.query(`DELETE FROM ${spec.table} WHERE address_id IN (SELECT address_id FROM changed_addresses)`);
  const target = withMunicipality(spec, columns, 's');
  const inserted = await client.query(
    `INSERT INTO ${spec.table} (${target.columns})
     SELECT ${target.select} FROM ${stg} s ${target.join} WHERE s.address_id IN (SELECT address_id FROM changed_addresses) ORDER BY s.line`,
  );
  const { rows } = await client.query<{ replaced: number; unchanged: number }>(
    `SELECT (SELECT count(*) FROM changed_addresses) AS replaced,
            (SELECT count(*) FROM ${stg} s WHERE NOT EXISTS (SELECT 1 FROM changed_addresses c WHERE c.address_id = s.address_id)) AS unchanged`,
  );
  await client.query('DROP TABLE changed_addresses');
  return { inserted: inserted.rowCount ?? 0, updated: 0, unchanged: rows[0]!.unchanged, replacedAddresses: rows[0]!.replaced };
}
