import pg from 'pg';
import { DataSource, type DataSourceOptions, type Logger as OrmLogger, type MixedList, type EntitySchema } from 'typeorm';

// Calendar days stay strings end to end: no time zone can shift a decision date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export interface ProvisionOptions {
  /** Superuser (or CREATEROLE) URL of the database. */
  adminUrl: string;
  /** Subgraph name: the schema and the role share it. */
  name: string;
  password: string;
  /** Trusted extensions the subgraph needs, created in `public`. */
  extensions?: string[];
  /** Other subgraphs whose published read models this one reads (grants `<other>_reader`). */
  readsFrom?: string[];
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
};

async function ignoreDuplicate(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (e) {
    // Two processes provisioning at once: the loser sees duplicate_object / unique_violation.
    const code = (e as { code?: string }).code;
    if (code !== '42710' && code !== '23505' && code !== '42P06') throw e;
  }
}

/**
 * Creates (idempotently) the subgraph's role, its schema, a `<name>_reader`
 * role for its published read models, and the extensions it needs.
 * Runs with the administrative URL; everything after runs as the subgraph's role.
 */
export async function provisionSubgraphDatabase(opts: ProvisionOptions): Promise<void> {
  const client = new pg.Client({ connectionString: opts.adminUrl });
  await client.connect();
  try {
    const role = ident(opts.name);
    const reader = ident(`${opts.name}_reader`);
    const roles = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [[opts.name, `${opts.name}_reader`]]);
    const have = new Set(roles.rows.map((r) => r.rolname));
    if (!have.has(opts.name)) await ignoreDuplicate(() => client.query(`CREATE ROLE ${role} LOGIN`));
    if (!have.has(`${opts.name}_reader`)) await ignoreDuplicate(() => client.query(`CREATE ROLE ${reader} NOLOGIN`));
    await client.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD ${client.escapeLiteral(opts.password)}`);
    await ignoreDuplicate(() => client.query(`CREATE SCHEMA IF NOT EXISTS ${role} AUTHORIZATION ${role}`));
    await client.query(`GRANT USAGE ON SCHEMA ${role} TO ${reader}`);
    const db = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    await client.query(`GRANT CONNECT ON DATABASE "${db.replace(/"/g, '""')}" TO ${role}`);
    for (const ext of opts.extensions ?? []) await ignoreDuplicate(() => client.query(`CREATE EXTENSION IF NOT EXISTS ${ident(ext)} WITH SCHEMA public`));
    for (const other of opts.readsFrom ?? []) {
      await ignoreDuplicate(() => client.query(`CREATE ROLE ${ident(`${other}_reader`)} NOLOGIN`));
      await client.query(`GRANT ${ident(`${other}_reader`)} TO ${role}`);
    }
  } finally {
    await client.end();
  }
}

/** The URL the subgraph itself connects with: same server and database, its own role. */
export function subgraphUrl(adminUrl: string, name: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = encodeURIComponent(name);
  url.password = encodeURIComponent(password);
  return url.toString();
}

export interface SubgraphDataSourceOptions {
  url: string;
  schema: string;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  poolSize?: number;
  logger?: OrmLogger;
  applicationName?: string;
}

export function createSubgraphDataSource(opts: SubgraphDataSourceOptions): DataSource {
  const options: DataSourceOptions = {
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: opts.logger ? ['query', 'error'] : ['error'],
    logger: opts.logger,
    applicationName: opts.applicationName ?? opts.schema,
    extra: {
      max: opts.poolSize ?? 10,
      // jit=off: every statement here is a short, index-driven one; PostgreSQL's JIT, triggered by the cost
      // estimates of subtree joins, spent ~400 ms compiling a 16 ms query (evaluation facts, docs/decisions/0010).
      options: `-c search_path=${opts.schema},public -c jit=off`,
    },
  };
  return new DataSource(options);
}

/** Applies pending migrations, one at a time across processes (advisory lock), each in its own transaction. */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

/** Provisions, connects as the subgraph's role and migrates: what a subgraph does at start-up. */
export async function openSubgraphDatabase(opts: ProvisionOptions & Omit<SubgraphDataSourceOptions, 'url' | 'schema'>): Promise<DataSource> {
  await provisionSubgraphDatabase(opts);
  const dataSource = createSubgraphDataSource({ ...opts, url: subgraphUrl(opts.adminUrl, opts.name, opts.password), schema: opts.name });
  await dataSource.initialize();
  await runMigrations(dataSource, opts.name);
  return dataSource;
}
