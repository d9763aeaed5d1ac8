import type { Logger } from 'pino';
import type { TransportObserver } from '../../../observability/transport-observer.js';
import type { Deduplicator } from '../../deduplicator.js';
import type { AnswerDeps } from '../answer.js';

/** What every listener is given by `registerListeners`. */
export interface ListenerDeps extends AnswerDeps {
  dedupe: Deduplicator;
  logger: Logger;
  /** Records ack times and lost replies for GET /metrics. */
  observer?: TransportObserver;
}
