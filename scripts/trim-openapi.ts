import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Trims Webex's published OpenAPI specs down to the operations this bot uses or will use, for the
 * conformance tests (test/fixtures/webex-openapi/README.md says where the specs come from):
 *
 *   npm run specs:trim -- path/to/webex-meeting.json path/to/webex-messaging.json
 *
 * Each input is written to test/fixtures/webex-openapi/ under its own name. What stays: the chosen
 * operations with their parameters, request bodies, responses, enums and examples, and every
 * component they reference (kept as `$ref`s). What goes: prose (`description`, tags) and the rest
 * of the API. The output depends on the input only, so the same spec gives the same bytes.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Path → methods, per spec file. People and webhooks are in both specs, the same: taken once. */
export const OPERATIONS: Record<string, Record<string, string[]>> = {
  'webex-meeting.json': {
    '/meetingParticipants': ['get'],
    '/meetingParticipants/query': ['post'],
    '/meetingParticipants/{participantId}': ['get'],
    '/meetings': ['get'],
  },
  'webex-messaging.json': {
    '/attachment/actions/{id}': ['get'],
    // webex-node-bot-framework reads the space and its members before it hands a message over.
    '/memberships': ['get'],
    '/messages': ['post'],
    '/messages/{messageId}': ['get', 'delete'],
    '/people/me': ['get'],
    '/people/{personId}': ['get'],
    '/rooms/{roomId}': ['get'],
    '/webhooks': ['get', 'post'],
    '/webhooks/{webhookId}': ['get', 'put', 'delete'],
  },
};

const OPERATION_FIELDS = ['operationId', 'summary', 'parameters', 'requestBody', 'responses'];

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Drops prose: every `description` text, except inside examples, which are data. */
function withoutProse(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutProse);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'description' && typeof child === 'string') continue;
    out[key] = key === 'example' || key === 'examples' ? child : withoutProse(child);
  }
  return out;
}

/** OpenAPI 3.0 requires a `description` on every response object; an empty one is enough. */
function trimResponses(responses: Json | undefined): JsonObject {
  const out: JsonObject = {};
  if (!isObject(responses)) return out;
  for (const [status, response] of Object.entries(responses)) {
    out[status] = isObject(response) ? { description: '', ...(withoutProse(response) as JsonObject) } : response;
  }
  return out;
}

function collectRefs(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) value.forEach((item) => collectRefs(item, into));
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.add(child);
      else collectRefs(child, into);
    }
  }
}

function resolvePointer(spec: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are kept, not ${ref}`);
  let node: Json | undefined = spec;
  for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  if (node === undefined) throw new Error(`$ref ${ref} points at nothing`);
  return node;
}

export function trimSpec(spec: JsonObject, operations: Record<string, string[]>): JsonObject {
  const paths: JsonObject = {};
  for (const [path, methods] of Object.entries(operations)) {
    const item = isObject(spec.paths) ? spec.paths[path] : undefined;
    if (!isObject(item)) throw new Error(`the spec has no path ${path}`);
    const kept: JsonObject = {};
    if (item.parameters !== undefined) kept.parameters = withoutProse(item.parameters);
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) throw new Error(`the spec has no ${method.toUpperCase()} ${path}`);
      const trimmed: JsonObject = {};
      for (const field of OPERATION_FIELDS) {
        const value = operation[field];
        if (value === undefined) continue;
        trimmed[field] = field === 'responses' ? trimResponses(value) : withoutProse(value);
      }
      kept[method] = trimmed;
    }
    paths[path] = kept;
  }

  // Components the kept operations reach, directly or through other components.
  const components: Record<string, JsonObject> = {};
  const seen = new Set<string>();
  const pending = new Set<string>();
  collectRefs(paths, pending);
  for (const ref of pending) {
    pending.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const [, , kind, name] = ref.split('/');
    if (kind === undefined || name === undefined) throw new Error(`unexpected $ref ${ref}`);
    const component = withoutProse(resolvePointer(spec, ref));
    (components[kind] ??= {})[name] = component;
    collectRefs(component, pending);
  }
  const sortedComponents: JsonObject = {};
  for (const kind of Object.keys(components).sort()) {
    const byName = components[kind] ?? {};
    sortedComponents[kind] = Object.fromEntries(Object.keys(byName).sort().map((name) => [name, byName[name] ?? null]));
  }

  const info = isObject(spec.info) ? spec.info : {};
  return {
    openapi: spec.openapi ?? null,
    info: { title: info.title ?? null, version: info.version ?? null },
    paths,
    components: sortedComponents,
  };
}

export const serialize = (spec: JsonObject): string => `${JSON.stringify(spec, null, 2)}\n`;

const FIXTURE_DIR = join('test', 'fixtures', 'webex-openapi');

function main(files: string[]): void {
  if (files.length === 0) throw new Error('usage: npm run specs:trim -- <webex-meeting.json> <webex-messaging.json>');
  for (const file of files) {
    const name = basename(file);
    const operations = OPERATIONS[name];
    if (operations === undefined) throw new Error(`no operations chosen for ${name}; known: ${Object.keys(OPERATIONS).join(', ')}`);
    const spec = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
    const out = join(FIXTURE_DIR, name);
    writeFileSync(out, serialize(trimSpec(spec, operations)));
    process.stdout.write(`${file} → ${out}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
