import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts what the bot stores in Redis (README, "Tokens that renew themselves"): AES-256-GCM under
 * a key derived from the OAuth client secret, so that a Redis dump alone hands out no token. HKDF
 * rather than a password hash: a client secret is long and random already. The key name is the
 * additional data, so a value copied under another key does not open either.
 */
export interface Sealer {
  seal(plain: string, context: string): string;
  /** Undefined when it does not open: another secret, another key, or tampered with. */
  open(sealed: string, context: string): string | undefined;
}

const VERSION = 'v1';
const IV_BYTES = 12;

export function createSealer(secret: string, salt: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', secret, salt, 'participant-bot webex tokens', 32));
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64'))).join('.');
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
