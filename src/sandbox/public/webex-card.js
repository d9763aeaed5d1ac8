// Draws an Adaptive Card with Microsoft's renderer (the global AdaptiveCards, served from the
// adaptivecards package), as a Webex client would.

/* global AdaptiveCards */

// Webex reads TextBlocks and Facts as markdown. The bot only ever sends backslash escapes and
// **bold**, so that is all this reads; the HTML handed to the renderer is built from DOM text
// nodes and serialised, so it cannot carry markup from the data.
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  const box = document.createElement('span');
  let bold = false;
  let run = '';
  const flush = () => {
    if (run === '') return;
    const node = bold ? document.createElement('strong') : document.createElement('span');
    node.textContent = run;
    box.append(node);
    run = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
      run += text[i + 1];
      i += 1;
    } else if (c === '*' && text[i + 1] === '*') {
      flush();
      bold = !bold;
      i += 1;
    } else {
      run += c;
    }
  }
  flush();
  result.outputHtml = box.innerHTML;
  result.didProcess = true;
};

/**
 * The rendered card, or a line saying it could not be drawn. A click on an Action.Submit runs its
 * `data.command` through `onCommand`, as Webex would post it back to the bot.
 */
export function renderWebexCard(card, onCommand) {
  const adaptiveCard = new AdaptiveCards.AdaptiveCard();
  adaptiveCard.hostConfig = new AdaptiveCards.HostConfig({
    fontFamily: '"Segoe UI", system-ui, sans-serif',
    supportsInteractivity: true,
  });
  adaptiveCard.onExecuteAction = (action) => {
    const command = action instanceof AdaptiveCards.SubmitAction ? action.data?.command : undefined;
    if (typeof command === 'string') onCommand(command);
  };
  adaptiveCard.parse(card);
  const rendered = adaptiveCard.render();
  if (rendered) return rendered;
  const failed = document.createElement('p');
  failed.textContent = 'The Adaptive Cards renderer could not draw this card.';
  return failed;
}
