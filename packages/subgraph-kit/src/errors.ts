import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ZodType } from 'zod';

/** The codes clients may rely on (shared/api.md). */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An expected business failure. Mapped once, in `formatError`, to a GraphQL error with `extensions.code`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly problems?: FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', `${field}: ${message}`, field);
export const notFound = (field: string | undefined, message: string) => new DomainError('NOT_FOUND', message, field);
export const conflict = (message: string, field?: string) => new DomainError('CONFLICT', message, field);
export const forbidden = (message = 'Not allowed for this caller') => new DomainError('FORBIDDEN', message);

/**
 * Validates `value` against a zod schema; on failure throws one BAD_USER_INPUT
 * error naming every offending field (`input.name`, `input.parts.1.code`, ...).
 */
export function parseInput<T>(schema: ZodType<T>, value: unknown, root = 'input'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: [root, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  throw new DomainError('BAD_USER_INPUT', message, problems[0]!.field, problems);
}

/**
 * The input field a variable-coercion error is about, in the same form as
 * domain errors' `field`: graphql-js says `Variable "$input" got invalid value
 * "x" at "input.effectiveOn"; …` (or names only the variable).
 */
export function variableField(message: string): string | null {
  const m = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" got invalid value .*? at "([^"]+)"/.exec(message) ?? /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" (?:got invalid value|of required type|of non-null type)/.exec(message);
  if (!m) return null;
  return (m[2] ?? m[1]!).replace(/\[(\d+)\]/g, '.$1');
}

const PUBLIC_EXTENSION_KEYS = new Set(['code', 'field', 'problems']);
const PUBLIC_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST', 'RATE_LIMITED', 'OPERATION_NOT_SAFELISTED']);

/**
 * The one error mapping of every server: domain errors become coded GraphQL
 * errors; anything unexpected is logged and masked so no stack or internal
 * detail reaches a client.
 */
export function createFormatError(onUnexpected: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      const extensions: Record<string, unknown> = { code: original.code };
      if (original.field) extensions.field = original.field;
      if (original.problems) extensions.problems = original.problems;
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      // Keep only what clients rely on: no stack, no service names or URLs.
      const ext = formatted.extensions ?? {};
      const extensions = Object.fromEntries(Object.entries(ext).filter(([k]) => PUBLIC_EXTENSION_KEYS.has(k)));
      if (code === 'BAD_USER_INPUT' && !extensions.field) {
        const field = variableField(formatted.message);
        if (field) extensions.field = field;
      }
      // A document that does not parse or validate: the request's `query` is at fault.
      if ((code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED') && !extensions.field) extensions.field = 'query';
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    // Apollo's own refusals of a malformed request carry a 4xx status but no code
    // (e.g. "provided sha does not match query"): the client's mistake, said as BAD_REQUEST.
    const status = (original as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http?.status;
    if (code === 'INTERNAL_SERVER_ERROR' && typeof status === 'number' && status >= 400 && status < 500 && !(original as { originalError?: unknown }).originalError) {
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
    }
    onUnexpected(original);
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
