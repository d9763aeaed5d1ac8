import type { TransportObserver } from '../../../observability/transport-observer.js';
import type { Receive } from '../../platform.js';
import type { SlackEvent } from '../event.js';

/** What every listener is given by `registerListeners`: where commands go, and where ack times are counted. */
export interface ListenerDeps {
  receive: Receive<SlackEvent>;
  observer: Pick<TransportObserver, 'slackAcked'>;
}
