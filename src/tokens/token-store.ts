import type { TokenPair } from './token-endpoint.js';

/** The renewal lock, while this instance holds it. */
export interface TokenLock {
  release(): Promise<void>;
}

/**
 * Where the newest token pair is kept, and the lock that lets one renewal happen at a time
 * (README, "Tokens that renew themselves"): Redis for instances that share it, memory for one alone.
 * Every method but `ready` may throw while the store cannot be reached.
 */
export interface TokenStore {
  /** Resolves once the store answers, or has given up waiting for now. */
  ready(): Promise<void>;
  /** The newest pair stored, if there is one this instance can read. */
  read(): Promise<TokenPair | undefined>;
  /** The lock, or undefined while another instance holds it. */
  lock(): Promise<TokenLock | undefined>;
  /** Whether an instance holds the lock now. */
  locked(): Promise<boolean>;
  /** Stores the pair if `lock` is still held (it may have expired); true when it was stored. */
  write(pair: TokenPair, lock: TokenLock): Promise<boolean>;
  /** Calls `listener` each time the store can be reached again after it could not; the returned function stops that. */
  onReturn(listener: () => void): () => void;
}

/** One instance alone: its renewals already happen one at a time, so the lock is always free. */
export function createMemoryTokenStore(): TokenStore {
  let stored: TokenPair | undefined;
  const lock: TokenLock = { release: async () => undefined };
  return {
    ready: async () => undefined,
    read: async () => stored,
    lock: async () => lock,
    locked: async () => false,
    write: async (pair) => {
      stored = pair;
      return true;
    },
    // Memory is never away.
    onReturn: () => () => undefined,
  };
}
