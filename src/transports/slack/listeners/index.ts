import type { App } from '@slack/bolt';
import * as commandButton from './actions/command-button.js';
import * as slashCommands from './commands/slash-commands.js';
import type { ListenerDeps } from './deps.js';
import * as appMention from './events/app-mention.js';
import * as directMessage from './events/direct-message.js';

export type { ListenerDeps } from './deps.js';

export function registerListeners(app: App, deps: ListenerDeps): void {
  slashCommands.register(app, deps);
  directMessage.register(app, deps);
  appMention.register(app, deps);
  commandButton.register(app, deps);
}
