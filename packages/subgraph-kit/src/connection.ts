import { Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { z } from 'zod';
import { badInput } from './errors';

@ObjectType({ description: 'Relay page information.', simpleResolvers: true })
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * Builds the Relay connection and edge types for a node type:
 * `Connection(Organization, 'Organization')` gives `OrganizationConnection` and `OrganizationEdge`.
 */
export function Connection<T extends object>(nodeClass: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => nodeClass)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All items matching, regardless of paging.' })
    totalCount!: number;
  }
  return ConnectionType;
}

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

/** Checks `first` (1..500, default 50) and returns the page size. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw badInput(field, `must be a whole number from 0 to ${MAX_PAGE_SIZE}`);
  return first;
}

/** Opaque keyset cursors: base64url of a JSON array of sort-key values. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | null | undefined, shape: T, field = 'after'): z.infer<T> | null {
  if (cursor === undefined || cursor === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(field, 'is not a cursor returned by this API');
  }
  const parsed = shape.safeParse(raw);
  if (!parsed.success) throw badInput(field, 'is not a cursor returned by this API');
  return parsed.data;
}

/** Turns `limit + 1` fetched rows into a connection page. */
export function toConnection<R, T>(rows: R[], limit: number, totalCount: number, node: (row: R) => T, cursor: (row: R) => string): ConnectionShape<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({ cursor: cursor(row), node: node(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null }, totalCount };
}

/**
 * A connection whose page and count are fetched only when a client asks for
 * them: `{ totalCount }` alone costs a count, never a page of rows. When the
 * page is loaded anyway and carries the total (`pageHasTotal`), no separate count runs.
 */
export function lazyConnection<T>(
  page: () => Promise<ConnectionShape<T>>,
  count: () => Promise<number>,
  { pageHasTotal = true }: { pageHasTotal?: boolean } = {},
): ConnectionShape<T> {
  let loaded: Promise<ConnectionShape<T>> | undefined;
  const load = () => (loaded ??= page());
  const lazy = {
    get edges() {
      return load().then((c) => c.edges);
    },
    get pageInfo() {
      return load().then((c) => c.pageInfo);
    },
    get totalCount() {
      // The fields of one object are resolved in one synchronous pass: wait for its end, so that
      // `edges` asked after `totalCount` still answers both with one statement.
      return new Promise<void>((resolve) => process.nextTick(resolve)).then(() => (loaded && pageHasTotal ? loaded.then((c) => c.totalCount) : count()));
    },
  };
  // GraphQL resolves each field from these getters; the promises stand in for the values.
  return lazy as unknown as ConnectionShape<T>;
}
