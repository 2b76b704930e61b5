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
  /**
   * Tables the running subgraph may only append to (besides `audit_log`): its runtime role is
   * given INSERT and SELECT on them, never UPDATE or DELETE.
   */
  appendOnlyTables?: string[];
}

/** The role a subgraph runs as: owns nothing, holds only what `grantRuntimePrivileges` gives it. */
export const runtimeRole = (name: string) => `${name}_app`;

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
 * Creates (idempotently) the subgraph's two roles — `<name>`, which owns its schema and runs its
 * migrations, and `<name>_app`, which the running subgraph connects as (docs/decisions/0019) —
 * its schema, a `<name>_reader` role for its published read models, and the extensions it needs.
 * Runs with the administrative URL.
 */
export async function provisionSubgraphDatabase(opts: ProvisionOptions): Promise<void> {
  const client = new pg.Client({ connectionString: opts.adminUrl });
  await client.connect();
  try {
    const role = ident(opts.name);
    const reader = ident(`${opts.name}_reader`);
    const app = ident(runtimeRole(opts.name));
    const roles = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1)', [[opts.name, `${opts.name}_reader`, runtimeRole(opts.name)]]);
    const have = new Set(roles.rows.map((r) => r.rolname));
    if (!have.has(opts.name)) await ignoreDuplicate(() => client.query(`CREATE ROLE ${role} LOGIN`));
    if (!have.has(`${opts.name}_reader`)) await ignoreDuplicate(() => client.query(`CREATE ROLE ${reader} NOLOGIN`));
    if (!have.has(runtimeRole(opts.name))) await ignoreDuplicate(() => client.query(`CREATE ROLE ${app} LOGIN`));
    await client.query(`ALTER ROLE ${role} WITH LOGIN PASSWORD ${client.escapeLiteral(opts.password)}`);
    await client.query(`ALTER ROLE ${app} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(opts.password)}`);
    await ignoreDuplicate(() => client.query(`CREATE SCHEMA IF NOT EXISTS ${role} AUTHORIZATION ${role}`));
    await client.query(`GRANT USAGE ON SCHEMA ${role} TO ${reader}`);
    const db = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    await client.query(`GRANT CONNECT ON DATABASE "${db.replace(/"/g, '""')}" TO ${role}, ${app}`);
    for (const ext of opts.extensions ?? []) await ignoreDuplicate(() => client.query(`CREATE EXTENSION IF NOT EXISTS ${ident(ext)} WITH SCHEMA public`));
    for (const other of opts.readsFrom ?? []) {
      await ignoreDuplicate(() => client.query(`CREATE ROLE ${ident(`${other}_reader`)} NOLOGIN`));
      await client.query(`GRANT ${ident(`${other}_reader`)} TO ${role}, ${app}`);
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

/**
 * What the running subgraph may do in its schema (run as the owner after every migration, so new
 * tables are covered): read and write its tables, except the append-only ones (the audit log and
 * `appendOnly`), which it may only read and append to; use its sequences and functions. It owns
 * nothing, so it can neither change a table's definition or triggers nor grant itself more.
 */
export async function grantRuntimePrivileges(db: Pick<DataSource, 'query'>, name: string, appendOnly: readonly string[] = []): Promise<void> {
  const schema = ident(name);
  const app = ident(runtimeRole(name));
  await db.query(`GRANT USAGE ON SCHEMA ${schema} TO ${app}`);
  await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app}`);
  await db.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app}`);
  await db.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${app}`);
  await db.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${schema} FROM ${app}`);
  const existing = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename = ANY($2)`, [name, ['audit_log', ...appendOnly]])) as { tablename: string }[];
  for (const { tablename } of existing) await db.query(`REVOKE UPDATE, DELETE ON ${schema}.${ident(tablename)} FROM ${app}`);
}

/**
 * What a subgraph does at start-up: provisions, migrates as the schema's owner, grants the runtime
 * role its privileges, and returns a connection pool of the runtime role.
 */
export async function openSubgraphDatabase(opts: ProvisionOptions & Omit<SubgraphDataSourceOptions, 'url' | 'schema'>): Promise<DataSource> {
  await provisionSubgraphDatabase(opts);
  const owner = createSubgraphDataSource({ ...opts, logger: undefined, poolSize: 2, url: subgraphUrl(opts.adminUrl, opts.name, opts.password), schema: opts.name, applicationName: `${opts.name}-migrations` });
  await owner.initialize();
  try {
    await runMigrations(owner, opts.name);
    await grantRuntimePrivileges(owner, opts.name, opts.appendOnlyTables);
  } finally {
    await owner.destroy();
  }
  const dataSource = createSubgraphDataSource({ ...opts, url: subgraphUrl(opts.adminUrl, runtimeRole(opts.name), opts.password), schema: opts.name });
  await dataSource.initialize();
  return dataSource;
}
