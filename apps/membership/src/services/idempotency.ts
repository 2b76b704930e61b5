import { badInput, conflict } from '@party/subgraph-kit';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { MemberContext } from '../context';
import { MembershipLoaders } from '../loaders/membership.loader';

/** What a mutation stores to answer a retry: the ids of what it created or changed. */
export type Ref = Record<string, string>;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k, v]) => k !== 'idempotencyKey' && v !== undefined && v !== null)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * Runs a mutation in one transaction, at most once per (caller, idempotency
 * key): a retry with the same key and the same input gets the first answer;
 * the same key with a different input is refused. A concurrent retry waits on
 * the key's row and then replays.
 */
export async function runOnce(ctx: MemberContext, operation: string, input: { idempotencyKey?: string | null }, work: (m: EntityManager) => Promise<Ref>): Promise<Ref> {
  const key = input.idempotencyKey ?? null;
  if (key !== null && (key.length < 1 || key.length > 200)) throw badInput('input.idempotencyKey', 'must be 1 to 200 characters');
  return ctx.db.transaction(async (m) => {
    // While the transaction holds its connection, the request's other reads (scope checks, organisations)
    // go through it too: taking a second pooled connection, as many concurrent writes as the pool has
    // connections would each hold one and wait forever for another.
    const outer = ctx.loaders;
    ctx.loaders = new MembershipLoaders(m);
    try {
      return await once(m);
    } finally {
      ctx.loaders = outer;
    }
  });

  async function once(m: EntityManager): Promise<Ref> {
    if (key !== null) {
      const hash = createHash('sha256').update(operation).update(JSON.stringify(canonical(input))).digest('hex');
      const claimed = await m.query(
        `INSERT INTO idempotency_key (actor, key, operation, request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
        [ctx.caller.userId, key, operation, hash],
      );
      if (!claimed.length) {
        const [prior] = await m.query(`SELECT operation, request_hash, result FROM idempotency_key WHERE actor = $1 AND key = $2`, [ctx.caller.userId, key]);
        if (prior.operation !== operation || prior.request_hash !== hash) throw conflict('input.idempotencyKey: already used for a different request', 'input.idempotencyKey');
        return prior.result as Ref;
      }
      const ref = await work(m);
      await m.query(`UPDATE idempotency_key SET result = $3 WHERE actor = $1 AND key = $2`, [ctx.caller.userId, key, JSON.stringify(ref)]);
      return ref;
    }
    return work(m);
  }
}
