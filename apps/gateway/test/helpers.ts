import { loadEvaluationConfig, startEvaluationSubgraph, type EvaluationSubgraph } from '@party/evaluation';
import { loadMembershipConfig, startMembershipSubgraph, type MembershipSubgraph } from '@party/membership';
import { loadOrganizationConfig, startOrganizationSubgraph, type OrganizationSubgraph } from '@party/organization';
import { createLogger } from '@party/subgraph-kit';
import { ADMIN, startPlatform, StatementCounter, type PlatformOptions, type TestPlatform } from '@party/testing';
import diagnosticsChannel from 'node:diagnostics_channel';
import type http from 'node:http';

export { ADMIN };

export interface GatewayTestPlatform extends TestPlatform {
  organization: OrganizationSubgraph;
  membership: MembershipSubgraph;
  evaluation: EvaluationSubgraph;
  /** SQL statements the three subgraphs sent. */
  statements: StatementCounter;
  /** Requests that reached a subgraph (sent by the gateway). */
  subgraphRequests(): number;
  /** Sends a raw HTTP request to the gateway (as ADMIN unless `authorization` is given as null). */
  send(init: RequestInit & { path?: string; authorization?: string | null }): Promise<{ status: number; headers: Headers; text: string; body: any }>;
  bearer(): Promise<string>;
}

/**
 * The three subgraphs and the real gateway, by default as deployed (NODE_ENV=production,
 * identity provider behind a JWKS URL, every default limit), with a count of the requests
 * reaching the subgraphs and of the SQL they send: what a refused request must leave at zero.
 */
export async function startGatewayPlatform(options: PlatformOptions = { production: true }): Promise<GatewayTestPlatform> {
  const statements = new StatementCounter();
  let organization: OrganizationSubgraph | undefined;
  let membership: MembershipSubgraph | undefined;
  let evaluation: EvaluationSubgraph | undefined;
  const p = await startPlatform(
    {
      organization: async (env) => (organization = await startOrganizationSubgraph(loadOrganizationConfig(env), { log: createLogger('organization', env.LOG_LEVEL), ormLogger: statements })),
      membership: async (env) => (membership = await startMembershipSubgraph(loadMembershipConfig(env), { log: createLogger('membership', env.LOG_LEVEL), ormLogger: statements })),
      evaluation: async (env) => (evaluation = await startEvaluationSubgraph(loadEvaluationConfig(env), { log: createLogger('evaluation', env.LOG_LEVEL), ormLogger: statements })),
    },
    options,
  );
  statements.reset();

  // Requests arriving at a subgraph's HTTP server (whatever client the gateway uses), seen through
  // Node's diagnostics channel.
  const ports = new Set(Object.values(p.subgraphUrls).map((u) => Number(new URL(u).port)));
  let toSubgraphs = 0;
  const onRequest = (message: unknown) => {
    if (ports.has((message as { request: http.IncomingMessage }).request.socket.localPort ?? -1)) toSubgraphs++;
  };
  diagnosticsChannel.subscribe('http.server.request.start', onRequest);

  let adminToken: string | undefined;
  const bearer = async () => (adminToken ??= await p.token(ADMIN));
  const stop = p.stop.bind(p);
  return Object.assign(p, {
    organization: organization!,
    membership: membership!,
    evaluation: evaluation!,
    statements,
    subgraphRequests: () => toSubgraphs,
    bearer,
    async send(init: RequestInit & { path?: string; authorization?: string | null }) {
      const { path = '', authorization, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (authorization !== null) headers.set('authorization', authorization ?? `Bearer ${await bearer()}`);
      const res = await fetch(p.gatewayUrl + path, { ...rest, headers });
      const text = await res.text();
      let body: any;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: res.status, headers: res.headers, text, body };
    },
    async stop() {
      diagnosticsChannel.unsubscribe('http.server.request.start', onRequest);
      await stop();
    },
  });
}

/** A JSON POST of a GraphQL request, as clients send it. */
export const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/**
 * What no response may contain: stack frames, file paths, SQL, the subgraphs' internal
 * URLs or service names.
 */
export function leaks(text: string, subgraphUrls: Record<string, string>): string[] {
  const found: string[] = [];
  const patterns: [string, RegExp][] = [
    ['stack frame', /\bat [\w$.<>]+ \(|\.(?:js|ts):\d+:\d+/],
    ['file path', /node_modules|\/work\/|\/srv\/|[\\/](?:src|dist)[\\/]/],
    ['stacktrace field', /stacktrace|exception/i],
    ['SQL', /\b(?:select|insert|update|delete)\b[\s\S]{0,200}\b(?:from|into|set)\b\s+["\w]|\bpg_|relation "|syntax error at or near/i],
    ['internal host', /127\.0\.0\.1|localhost|\[::1\]/],
    ['service name', /serviceName|subgraph/i],
  ];
  for (const [label, re] of patterns) if (re.test(text)) found.push(label);
  for (const url of Object.values(subgraphUrls)) if (text.includes(`:${new URL(url).port}`)) found.push(`port of ${url}`);
  return found;
}
