import type { App } from '@slack/bolt';
import * as commandButton from './actions/command-button.js';
import * as participantCommand from './commands/participant.js';
import type { ListenerDeps } from './deps.js';
import * as appMention from './events/app-mention.js';
import * as directMessage from './events/direct-message.js';

export type { ListenerDeps } from './deps.js';

export function registerListeners(app: App, deps: ListenerDeps): void {
  participantCommand.register(app, deps);
  directMessage.register(app, deps);
  appMention.register(app, deps);
  commandButton.register(app, deps);
}
