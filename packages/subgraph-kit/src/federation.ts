import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { permissionAuthChecker } from './authorization';

/** Federation 2 link every subgraph declares. */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@override"])`;

export type ReferenceResolvers = Record<string, { __resolveReference: (reference: any, context: any, info: any) => unknown }>;

/**
 * Builds a Federation 2 subgraph schema from type-graphql resolvers.
 * Entities are declared with `@Directive('@key(fields: "id")')`; extended
 * foreign entities are small stub classes in the subgraph that extends them;
 * `__resolveReference` functions are merged into the resolver map here.
 */
export async function buildFederatedSchema(options: Omit<BuildSchemaOptions, 'skipCheck'>, referenceResolvers: ReferenceResolvers = {}): Promise<GraphQLSchema> {
  // type-graphql keeps decorator metadata per process, and refuses any `@Authorized` field without an auth
  // checker: every subgraph gets the kit's permission checker unless it brings its own.
  const schema = await buildSchema({ authChecker: permissionAuthChecker as never, ...options, skipCheck: true });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, resolver] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...resolver } as never;
  }
  return buildSubgraphSchema({ typeDefs, resolvers });
}

/** The subgraph SDL with federation directives, as checked in next to each subgraph. */
export function printFederatedSchema(schema: GraphQLSchema): string {
  return printSubgraphSchema(schema).trim() + '\n';
}
