import { parseRetryAfter } from '../../participants/retry-after.js';
import type { FileToSend } from '../platform.js';
import { WebexSendError, type Destination } from './framework.js';

export interface UploadOptions {
  apiBaseUrl: string;
  botToken: string;
  timeoutMs: number;
}

/**
 * A message with a file, as Webex takes a local file: `POST /messages` as multipart/form-data. Sent
 * with Node's own fetch and FormData rather than through the Webex SDK, whose `request` stack
 * carries form-data@2.3.3 (CVE-2025-7783, predictable multipart boundaries; README, "Operations").
 */
export async function postFile(options: UploadOptions, destination: Destination, markdown: string, file: FileToSend): Promise<void> {
  const form = new FormData();
  for (const [field, value] of Object.entries(destination)) form.set(field, value);
  form.set('markdown', markdown);
  form.set('files', new Blob([file.content], { type: file.mimeType }), file.name);
  let response: Response;
  try {
    response = await fetch(`${options.apiBaseUrl.replace(/\/+$/, '')}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.botToken}` },
      body: form,
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'manual',
    });
  } catch {
    // No answer at all: the cause would name the request, which holds the token.
    throw new WebexSendError(undefined, undefined, undefined);
  }
  await response.body?.cancel();
  if (!response.ok) {
    throw new WebexSendError(
      response.status,
      response.headers.get('trackingid') ?? undefined,
      parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    );
  }
}
