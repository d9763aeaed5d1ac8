// An approximation of how Slack draws the Block Kit blocks this bot sends (header, section with
// text and fields, context, divider, actions with buttons). Every string goes in through
// textContent; mrkdwn is read for *bold* and Slack's three entities only, which is all the bot's
// own mrkdwn uses.

/**
 * Draws `blocks` into a new element, under a sender line as Slack shows a bot's message. A click on
 * a button runs its `value` through `onCommand`, as Slack would send it to the bot.
 */
export function renderSlackMessage(blocks, onCommand) {
  const message = el('div', 'message');
  const sender = el('div', 'sender', 'participant-bot');
  sender.append(el('small', '', 'APP'));
  message.append(sender);
  for (const block of blocks) message.append(renderBlock(block, onCommand));
  return message;
}

function renderBlock(block, onCommand) {
  switch (block.type) {
    case 'actions': {
      const actions = el('div', 'actions');
      for (const element of block.elements ?? []) {
        if (element.type === 'button') actions.append(buttonFor(element, onCommand));
      }
      return actions;
    }
    case 'header':
      return textInto(el('div', 'header'), block.text);
    case 'section': {
      const section = el('div', 'section');
      if (block.text) section.append(textInto(el('div', 'text'), block.text));
      if (Array.isArray(block.fields)) {
        const fields = el('div', 'fields');
        for (const field of block.fields) fields.append(textInto(el('div'), field));
        section.append(fields);
      }
      // Slack puts a section's accessory on its right.
      if (block.accessory?.type === 'button') {
        section.classList.add('with-accessory');
        section.append(buttonFor(block.accessory, onCommand));
      }
      return section;
    }
    case 'context': {
      const context = el('div', 'context');
      for (const element of block.elements ?? []) context.append(textInto(el('span'), element));
      return context;
    }
    case 'divider':
      return el('hr');
    default:
      return el('div', 'unknown', `(a ${String(block.type)} block, not drawn here)`);
  }
}

function buttonFor(element, onCommand) {
  const button = textInto(el('button', 'slack-button'), element.text);
  button.type = 'button';
  button.addEventListener('click', () => onCommand(element.value));
  return button;
}

/** A text object: plain_text as it is; mrkdwn with *bold* and &amp; &lt; &gt; decoded. */
function textInto(target, textObject) {
  if (!textObject || typeof textObject.text !== 'string') return target;
  if (textObject.type !== 'mrkdwn') {
    target.textContent = textObject.text;
    return target;
  }
  // Slack bolds *text* only at word boundaries; the bot's escaping puts a zero-width space (not
  // matched by \s) around a user's own asterisks, so those stay literal here too.
  const bold = /(^|[\s(])\*([^*\s](?:[^*]*[^*\s])?)\*(?=$|[\s.,:;!?)])/g;
  let last = 0;
  for (const match of textObject.text.matchAll(bold)) {
    const start = match.index + match[1].length;
    target.append(decode(textObject.text.slice(last, start)));
    target.append(el('b', '', decode(match[2])));
    last = start + match[2].length + 2;
  }
  target.append(decode(textObject.text.slice(last)));
  return target;
}

function decode(mrkdwn) {
  return mrkdwn.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function el(tag, className = '', text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
