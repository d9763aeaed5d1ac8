/** The emulator is production code now (the sandbox runs it); tests keep importing it from here. */
export * from '../../src/sandbox/webex-api-emulator.js';
