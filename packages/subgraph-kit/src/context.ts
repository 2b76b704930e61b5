import type { Logger } from 'pino';
import type { RequestAudit } from './audit';
import type { Caller } from './identity';

/** What every resolver and service receives first. Built once per request. */
export interface BaseContext {
  requestId: string;
  caller: Caller;
  log: Logger;
  /** What this request reports into its audit entry (subgraphs; written by `auditPlugin` at the end). */
  audit?: RequestAudit;
  /** Smallest count shown to callers whose small cells are withheld (AGGREGATE_MIN_CELL; default 5). */
  aggregateMinCell?: number;
}
