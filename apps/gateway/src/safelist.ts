import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from '@party/subgraph-kit';
import { GraphQLError, parse } from 'graphql';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SafelistMode } from './config';

/** sha256 of a document, hex: the id of a persisted operation (what Apollo's `persistedQuery.sha256Hash` carries). */
export const operationId = (body: string) => createHash('sha256').update(body).digest('hex');

export interface SafelistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
  /** The manifest file it comes from (its client: web, reporting, …). */
  client: string;
}

/**
 * One manifest file, in the format of Apollo's persisted query manifests
 * (`@apollo/generate-persisted-query-manifest`): the id of each operation is the
 * sha256 of its body, exactly as the client sends it.
 */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex sha256'),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

/**
 * Reads every `*.json` manifest of `dir`. Every problem is listed at once (bad JSON,
 * wrong format, an id that is not the sha256 of its body, a body that does not parse).
 */
export function loadSafelist(dir: string, mode: SafelistMode): Map<string, SafelistedOperation> {
  const operations = new Map<string, SafelistedOperation>();
  if (!existsSync(dir)) {
    if (mode === 'off') return operations;
    throw new Error(`Invalid safelist: SAFELIST_DIR ${dir} does not exist (SAFELIST_MODE=${mode})`);
  }
  const problems: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const client = path.basename(file, '.json');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch (e) {
      problems.push(`${file}: not JSON (${(e as Error).message})`);
      continue;
    }
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
      continue;
    }
    parsed.data.operations.forEach((op, i) => {
      const where = `${file}: operations.${i} (${op.name})`;
      if (operationId(op.body) !== op.id) problems.push(`${where}: id is not the sha256 of its body (expected ${operationId(op.body)})`);
      try {
        parse(op.body);
      } catch (e) {
        problems.push(`${where}: body does not parse: ${(e as Error).message}`);
      }
      operations.set(op.id, { ...op, client });
    });
  }
  if (problems.length) throw new Error(`Invalid safelist in ${dir}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  if (mode !== 'off' && operations.size === 0) throw new Error(`Invalid safelist: no operations in ${dir} (SAFELIST_MODE=${mode})`);
  return operations;
}

/**
 * Apollo's persisted-query store: safelisted operations are always found by their
 * hash; others may be registered (automatic persisted queries) unless the safelist is enforced.
 */
export class SafelistCache implements KeyValueCache<string> {
  private readonly registered?: KeyValueCache<string>;

  constructor(
    private readonly operations: Map<string, SafelistedOperation>,
    enforce: boolean,
  ) {
    if (!enforce) this.registered = new InMemoryLRUCache<string>({ maxSize: 8 * 1024 * 1024 });
  }

  /** Apollo prefixes its keys (`apq:`); the manifest is keyed by the bare hash. */
  private static hash(key: string): string {
    return key.slice(key.lastIndexOf(':') + 1);
  }

  async get(key: string): Promise<string | undefined> {
    return this.operations.get(SafelistCache.hash(key))?.body ?? (await this.registered?.get(key));
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (!this.operations.has(SafelistCache.hash(key))) await this.registered?.set(key, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    return this.registered?.delete(key);
  }
}

/** What the safelist check reads of a request: its method, parsed JSON body and query string. */
export interface SafelistRequest {
  method: string;
  body?: unknown;
  query?: unknown;
}

const asRecord = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** The document and persisted-query id a request carries (POST body or GET query string). */
function operationOf(req: SafelistRequest): { query?: string; hash?: string } | undefined {
  const params = asRecord(req.method === 'GET' ? req.query : req.body);
  if (!params) return undefined; // no body, or a batch: Apollo refuses those itself
  let extensions: unknown = params.extensions;
  if (typeof extensions === 'string') {
    try {
      extensions = JSON.parse(extensions);
    } catch {
      extensions = undefined;
    }
  }
  const hash = asRecord(asRecord(extensions)?.persistedQuery)?.sha256Hash;
  return { query: typeof params.query === 'string' ? params.query : undefined, hash: typeof hash === 'string' ? hash : undefined };
}

/**
 * The safelist check, run with the caller's identity before the document is parsed.
 * `log`: an operation outside the safelist runs and is logged (a warning with its id).
 * `enforce`: it is refused with 403 OPERATION_NOT_SAFELISTED — a document whose sha256 is not
 * in a manifest, or an id that is not. Requests with neither are left to Apollo (400).
 */
export function createSafelistCheck(operations: Map<string, SafelistedOperation>, mode: SafelistMode): (req: SafelistRequest, log: Logger) => void {
  return (req, log) => {
    if (mode === 'off') return;
    const op = operationOf(req);
    if (!op || (op.query === undefined && op.hash === undefined)) return;
    const id = op.query !== undefined ? operationId(op.query) : op.hash!;
    if (operations.has(id)) return;
    log.warn({ id, enforced: mode === 'enforce' }, 'operation not in the safelist');
    if (mode === 'enforce') {
      throw new GraphQLError('This operation is not in the safelist of persisted operations', {
        extensions: { code: 'OPERATION_NOT_SAFELISTED', field: op.query !== undefined ? 'query' : 'extensions.persistedQuery.sha256Hash', http: { status: 403 } },
      });
    }
  };
}
