/**
 * Preloaded into the bot by shutdown.test.ts: on SIGUSR2 it rejects a promise nobody handles, as
 * the Webex framework sometimes does, to show that the bot logs it and carries on.
 */
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('a rejection nobody handles'));
});
