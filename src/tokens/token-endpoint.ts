import { z } from 'zod';
import { webexErrorSchema } from '../participants/schema.js';

/** What a renewal brings: an access token, and the refresh token to renew with next time. */
export interface TokenPair {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  /** Epoch ms when Webex issued it, by our clock: the lifetime the renewal schedule is cut from. */
  issuedAt: number;
  refreshToken: string;
  /** Epoch ms; absent when Webex did not say. */
  refreshExpiresAt?: number;
}

export type RenewalResult =
  | { ok: true; pair: TokenPair }
  /** `refused`: Webex said no to this refresh token (400, 401); anything else is worth another try later. */
  | { ok: false; refused: boolean; status?: number; trackingId?: string; detail: string };

export interface TokenEndpointOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  now: () => number;
  fetch?: typeof fetch;
}

const answerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1),
  refresh_token_expires_in: z.number().positive().optional(),
});

/**
 * `POST {baseUrl}/access_token` with `grant_type=refresh_token`
 * (README, "Tokens that renew themselves"). Nothing of the request or the answer's tokens ever
 * reaches a result's `detail`: callers log it.
 */
export function createTokenEndpoint(options: TokenEndpointOptions): (refreshToken: string) => Promise<RenewalResult> {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/access_token`;
  return async (refreshToken) => {
    const issuedAt = options.now();
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: options.clientId,
          client_secret: options.clientSecret,
          refresh_token: refreshToken,
        }),
        signal: AbortSignal.timeout(options.timeoutMs),
        // A redirect could carry the client secret somewhere else.
        redirect: 'manual',
      });
      text = await response.text();
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : 'could not reach Webex';
      return { ok: false, refused: false, detail: reason };
    }
    const trackingId = response.headers.get('trackingid') || undefined;
    const tracking = trackingId !== undefined ? { trackingId } : {};
    if (response.status !== 200) {
      return {
        ok: false,
        // 400 invalid_grant and 401 invalid_client both say: this refresh token will not do.
        refused: response.status === 400 || response.status === 401,
        status: response.status,
        ...tracking,
        detail: `Webex answered ${response.status}${webexMessage(text, [refreshToken, options.clientSecret])}`,
      };
    }
    const parsed = answerSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      // Paths only: the values are tokens.
      const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
      return { ok: false, refused: false, status: 200, ...tracking, detail: `an answer that is not a token pair, at ${where}` };
    }
    const answer = parsed.data;
    return {
      ok: true,
      pair: {
        accessToken: answer.access_token,
        accessExpiresAt: issuedAt + answer.expires_in * 1000,
        issuedAt,
        refreshToken: answer.refresh_token,
        ...(answer.refresh_token_expires_in !== undefined
          ? { refreshExpiresAt: issuedAt + answer.refresh_token_expires_in * 1000 }
          : {}),
      },
    };
  };
}

/** Webex's own words (`: invalid_grant`, say), short, and without what we sent should it echo it. */
function webexMessage(text: string, secrets: string[]): string {
  const parsed = webexErrorSchema.safeParse(parseJson(text));
  const message = parsed.success ? parsed.data.message : undefined;
  if (message === undefined) return '';
  return `: ${secrets.reduce((said, secret) => said.split(secret).join('[redacted]'), message).slice(0, 200)}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
