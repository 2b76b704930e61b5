import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, type TypePolicies } from '@apollo/client';
import { onError } from '@apollo/client/link/error';
import { relayStylePagination } from '@apollo/client/utilities';

/**
 * The normalised cache. Organisations are keyed by id *and* the day they are shown as of (the
 * supergraph's key is "id asOf": the same organisation on 2024-12-31 and today has another name,
 * parent and count); members likewise. Connections that the UI pages through are merged by
 * relayStylePagination, keyed by their filter (and order) arguments.
 */
export const typePolicies: TypePolicies = {
  Organization: {
    keyFields: ['id', 'asOf'],
    fields: {
      children: relayStylePagination(),
      // Each filter and order its own list: a new order starts from its first page, never mixed with another's.
      members: relayStylePagination(['filter', 'includeDescendants', 'orderBy']),
    },
  },
  Member: { keyFields: ['id', 'asOf'] },
  AdmissionTarget: { keyFields: false },
  Query: {
    fields: {
      searchMembers: relayStylePagination(['text', 'under', 'asOf']),
    },
  },
};

export function createCache(): InMemoryCache {
  return new InMemoryCache({ typePolicies });
}

export interface ClientOptions {
  getToken: () => string | null;
  /** The gateway refused the token (expired or invalid): sign out. */
  onUnauthenticated: () => void;
  uri?: string;
  fetch?: typeof fetch;
}

export function createApolloClient(opts: ClientOptions): ApolloClient<unknown> {
  const errors = onError(({ graphQLErrors, networkError }) => {
    const refused = graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED') || (networkError && 'statusCode' in networkError && networkError.statusCode === 401);
    if (refused) opts.onUnauthenticated();
  });
  const auth = new ApolloLink((operation, forward) => {
    const token = opts.getToken();
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      // content-type: application/json always: the gateway's CSRF prevention refuses "simple" requests.
      headers: { ...headers, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }));
    return forward(operation);
  });
  const http = new HttpLink({ uri: opts.uri ?? '/graphql', fetch: opts.fetch });
  return new ApolloClient({
    link: ApolloLink.from([errors, auth, http]),
    cache: createCache(),
  });
}
