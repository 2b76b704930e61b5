import type { Logger } from 'pino';
import type { Caller } from './identity';

/** What every resolver and service receives first. Built once per request. */
export interface BaseContext {
  requestId: string;
  caller: Caller;
  log: Logger;
}
