import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorAcceptCallback, GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import type { BaseContext } from '@party/subgraph-kit';
import {
  GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { QueryLimits } from './config';

/** What a document measures against each limit (tokens are counted by the parser). */
export interface QueryFigures {
  depth: number;
  aliases: number;
  directives: number;
  cost: number;
  tokens: number;
}

type Limit = 'depth' | 'aliases' | 'directives' | 'cost';

const LABEL: Record<Limit, string> = { depth: 'depth', aliases: 'number of aliases', directives: 'number of directives', cost: 'cost' };

/** graphql-armor's cost model (its defaults): objects 2, scalars 1, ×1.5 per level, × a literal `first`/`last`. */
const COST_MODEL = { objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 } as const;

/** A refusal that names the limit, the figure and the request field at fault (`query`). */
function limitError(limit: Limit, found: number, max: number): GraphQLError {
  return new GraphQLError(`Query ${LABEL[limit]} ${found} exceeds the limit of ${max}`, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'query' } });
}

/** graphql-armor's rejection messages end with "…, found N."; the figure is kept for a clear error. */
const foundIn = (message: string) => Number(/found (\d+(?:\.\d+)?)/.exec(message)?.[1] ?? NaN);

/** Figures measured during validation, per document (read for the debug log line). */
const measured = new WeakMap<DocumentNode, Partial<QueryFigures>>();

function armorRules(
  limits: QueryLimits,
  onFigure?: (ctx: ValidationContext | null, limit: Limit, n: number) => void,
  only: readonly Limit[] = ['depth', 'aliases', 'directives', 'cost'],
): ValidationRule[] {
  const handlers = (limit: Limit, max: number) => {
    const onAccept: GraphQLArmorAcceptCallback = (ctx, details: { n: number }) => onFigure?.(ctx, limit, details.n);
    const onReject: GraphQLArmorRejectCallback = (ctx, error) => {
      const found = foundIn(error.message);
      onFigure?.(ctx, limit, found);
      ctx?.reportError(limitError(limit, found, max));
    };
    return { enabled: only.includes(limit), onAccept: [onAccept], onReject: [onReject], propagateOnRejection: false };
  };
  return new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...handlers('depth', limits.maxDepth) },
    // `__typename` counts like any other field: an alias flood of `__typename` is still a flood.
    maxAliases: { n: limits.maxAliases, allowList: [], ...handlers('aliases', limits.maxAliases) },
    maxDirectives: { n: limits.maxDirectives, ...handlers('directives', limits.maxDirectives) },
    costLimit: { maxCost: limits.maxCost, ...COST_MODEL, ...handlers('cost', limits.maxCost) },
    // Tokens: graphql-js's own parser limit (parseOptions), which stops parsing at the limit and
    // answers 400; armor's Apollo variant parses every document twice and answers 500 on refusal.
    maxTokens: { enabled: false },
    // Suggestions: hideSuggestionsPlugin below, which also hides enum-value suggestions.
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules;
}

/** Validation rules of the gateway: depth, aliases, directives and cost, each refused with 400 before execution. */
export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  return armorRules(limits, (ctx, limit, n) => {
    if (!ctx) return;
    const doc = ctx.getDocument();
    const figures = measured.get(doc) ?? {};
    figures[limit] = Math.max(figures[limit] ?? 0, n);
    measured.set(doc, figures);
  });
}

/** Parser options of the gateway: a document with more tokens than the limit is not parsed (400). */
export const limitParseOptions = (limits: QueryLimits): ParseOptions => ({ maxTokens: limits.maxTokens });

/** Lexical tokens of a document, as the parser's `maxTokens` counts them. */
export function countTokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) n++;
  } catch {
    // A lexing error ends the count; the parser reports it.
  }
  return n;
}

/** Every figure of a document (for tests, the decision record and the safelist check): nothing is refused. */
export function measureQuery(schema: GraphQLSchema, document: DocumentNode, source: string, variables: Record<string, unknown> = {}): QueryFigures {
  const figures: QueryFigures = { depth: 0, aliases: 0, directives: 0, cost: 0, tokens: countTokens(source) };
  const unlimited = { maxDepth: Number.MAX_SAFE_INTEGER, maxAliases: Number.MAX_SAFE_INTEGER, maxDirectives: Number.MAX_SAFE_INTEGER, maxTokens: Number.MAX_SAFE_INTEGER, maxCost: Number.MAX_SAFE_INTEGER };
  const rules = armorRules(unlimited, (_ctx, limit, n) => (figures[limit] = Math.max(figures[limit], n)));
  validate(schema, inlinePageSizes(document, variables), rules);
  return figures;
}

/** Whether a document passes a page size (`first`/`last`) as a variable; computed once per parsed document. */
const hasPageSizeVariables = new WeakMap<DocumentNode, boolean>();
function pageSizeVariables(document: DocumentNode): boolean {
  let found = hasPageSizeVariables.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      Argument(node) {
        if ((node.name.value === 'first' || node.name.value === 'last') && node.value.kind === Kind.VARIABLE) found = true;
      },
    });
    hasPageSizeVariables.set(document, found);
  }
  return found;
}

/**
 * armor's cost multiplies a connection by its page size only when `first`/`last` is
 * a literal. A page size passed as a variable (`first: $n`) is written into a copy
 * of the document so that it costs the same as the literal would.
 */
export function inlinePageSizes(document: DocumentNode, variables: Record<string, unknown> | undefined): DocumentNode {
  if (!variables || !pageSizeVariables(document)) return document;
  let changed = false;
  const inlined = visit(document, {
    Argument(node) {
      if ((node.name.value !== 'first' && node.name.value !== 'last') || node.value.kind !== Kind.VARIABLE) return undefined;
      const value = variables?.[node.value.name.value];
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      changed = true;
      return { ...node, value: { kind: Kind.INT, value: String(value) } };
    },
  });
  return changed ? inlined : document;
}

/**
 * Checks the cost again once the variables are known (page sizes passed as variables),
 * and logs each operation's figures at debug level (how close real clients are to the limits).
 */
export function costWithVariablesPlugin(limits: QueryLimits): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc: GraphQLRequestContextDidResolveOperation<BaseContext>) {
          const figures: Partial<QueryFigures> = { ...measured.get(rc.document) };
          const inlined = inlinePageSizes(rc.document, rc.request.variables);
          if (inlined !== rc.document) {
            const rules = armorRules(limits, (_ctx, _limit, n) => (figures.cost = n), ['cost']);
            const errors = validate(rc.schema, inlined, rules);
            if (errors.length) throw new GraphQLError(errors[0]!.message, { extensions: { ...errors[0]!.extensions, http: { status: 400 } } });
          }
          const log = rc.contextValue.log;
          if (log.isLevelEnabled('debug')) {
            const line = { operation: rc.operationName, hash: rc.queryHash, ...figures, tokens: countTokens(rc.source) };
            log.debug(log.isLevelEnabled('trace') ? { ...line, query: rc.source } : line, 'query figures');
          }
        },
      };
    },
  };
}

/** "Did you mean …?" of graphql-js (fields, arguments, types, enum values): gone, so the schema cannot be guessed. */
export const stripSuggestions = (message: string) => message.replace(/\s*Did you mean [^?]*\?/g, '');

/** Hides graphql-js's suggestions in every error of a request (production: introspection is off too). */
export function hideSuggestionsPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = stripSuggestions(error.message);
        },
      };
    },
  };
}
