/* global process */
/**
 * Preloaded (`node --import`) into the bot's own process by bench/idle-rss.ts, and nothing else:
 * on the message "rss" over the IPC channel it collects garbage (when --expose-gc is on) and sends
 * back process.memoryUsage(). Plain JavaScript, so that the compiled bot runs without tsx.
 */
process.on('message', (message) => {
  if (message !== 'rss' || process.send === undefined) return;
  const gc = globalThis.gc;
  if (typeof gc === 'function') {
    gc();
    gc();
  }
  process.send({ ...process.memoryUsage(), gc: typeof gc === 'function' });
});
