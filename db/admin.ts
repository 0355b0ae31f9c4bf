import pg from 'pg';

/**
 * One statement on a connection of its own, outside any pool: CREATE and DROP DATABASE
 * cannot run inside a transaction or on the database they create or drop.
 */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
