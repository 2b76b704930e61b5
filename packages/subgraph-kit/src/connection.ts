import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
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

/** Turns `limit + 1` fetched rows into a connection page; an edge's cursor is encoded only if read. */
export function toConnection<R, T>(rows: R[], limit: number, totalCount: number, node: (row: R) => T, cursor: (row: R) => string): ConnectionShape<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((row) => ({
    get cursor() {
      return cursor(row);
    },
    node: node(row),
  }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: page.length ? cursor(page[page.length - 1]!) : null }, totalCount };
}

/**
 * Names of the fields a client selected under the current field (through
 * fragments too; `@skip`/`@include` are not evaluated, so this may over-select).
 */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) names.add(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else visit(info.fragments[sel.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

/**
 * Resolves a connection with only what the client asked for: `{ totalCount }`
 * alone costs a count, never a page of rows; a page that carries its total
 * (`pageHasTotal`) spares the count. The result is a plain object, so GraphQL
 * completes it without waiting on each field.
 */
export async function resolveConnection<T>(
  fields: ReadonlySet<string> | null,
  page: () => Promise<ConnectionShape<T>>,
  count: () => Promise<number>,
  { pageHasTotal = true }: { pageHasTotal?: boolean } = {},
): Promise<ConnectionShape<T>> {
  const all = fields === null;
  const wantsPage = all || fields.has('edges') || fields.has('pageInfo');
  const wantsTotal = all || fields.has('totalCount');
  if (!wantsPage) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: wantsTotal ? await count() : 0 };
  const result = await page();
  if (wantsTotal && !pageHasTotal) result.totalCount = await count();
  return result;
}
