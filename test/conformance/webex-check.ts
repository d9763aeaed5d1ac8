import type { WebexExchange } from '../../src/sandbox/webex-api-emulator.js';
import { findOperation, requestSchema, responseSchema, validatorFor, type SchemaError, type SpecOperation } from './webex-spec.js';
import { DEVIATIONS } from './webex-scope.js';

/**
 * Holds one exchange with a Webex emulator to the published spec: the request always, the answer
 * when the emulator made it (a test's scripted fault is off the spec on purpose). Returns what is
 * wrong, each as a sentence; an empty list means it conforms.
 */
export function checkExchange(exchange: WebexExchange): string[] {
  const found = findOperation(exchange.method, exchange.path);
  if (found === undefined) return [`${exchange.method} ${exchange.path}: not an operation of the published spec`];
  const { operation } = found;
  const problems = [...checkQuery(operation, exchange.query), ...checkRequestBody(operation, exchange)];
  if (exchange.answeredBy === 'emulator' && exchange.status !== undefined) problems.push(...checkResponse(operation, exchange));
  return problems.map((problem) => `${operation.name}: ${problem}`);
}

/**
 * A paged list's next page is asked with what its `Link: rel="next"` header says, an opaque cursor
 * that Webex writes and the spec does not declare (README, "Conformance with Webex's API").
 */
const PAGE_CURSOR = 'cursor';

function checkQuery(operation: SpecOperation, query: Array<[string, string]>): string[] {
  const declared = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of query) {
    const parameter = declared.get(name);
    if (parameter === undefined && name === PAGE_CURSOR && declared.has('max')) continue;
    if (parameter === undefined) {
      problems.push(`query parameter ${name} is not declared`);
      continue;
    }
    if (seen.has(name) && parameter.schema?.type !== 'array') problems.push(`query parameter ${name} is repeated`);
    seen.add(name);
    if (parameter.schema === undefined) continue;
    const validate = validatorFor(operation, `query ${name}`, parameter.schema);
    if (!validate(fromQueryString(value, parameter.schema.type))) {
      problems.push(`query parameter ${name}=${JSON.stringify(value)} ${describe(validate.errors ?? [])}`);
    }
  }
  for (const parameter of declared.values()) {
    if (parameter.required === true && !seen.has(parameter.name)) problems.push(`required query parameter ${parameter.name} is missing`);
  }
  return problems;
}

/** A query value is text; the spec types it, so `max=10` is the number 10 when it says number. */
function fromQueryString(value: string, type: unknown): unknown {
  if ((type === 'number' || type === 'integer') && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function checkRequestBody(operation: SpecOperation, exchange: WebexExchange): string[] {
  const schema = requestSchema(operation);
  if (schema === undefined) return exchange.requestBody === '' ? [] : ['sends a body the operation does not take'];
  if (exchange.requestBody === '') return operation.operation.requestBody?.required === true ? ['the required body is missing'] : [];
  const contentType = exchange.requestContentType ?? '';
  // A message with a local file goes as multipart/form-data (Webex's "Message Attachments" guide),
  // which the spec leaves out: README, "Conformance with Webex's API".
  if (contentType.startsWith('multipart/form-data') && operation.name === 'POST /messages') return [];
  if (!contentType.startsWith('application/json')) {
    return [`request body sent as ${exchange.requestContentType ?? 'no content type'}, not application/json`];
  }
  return checkJson(operation, 'request', schema, exchange.requestBody);
}

function checkResponse(operation: SpecOperation, exchange: WebexExchange): string[] {
  const status = exchange.status ?? 0;
  if (operation.operation.responses[String(status)] === undefined && operation.operation.responses.default === undefined) {
    return [`answers ${status}, a status the operation does not declare`];
  }
  if (status === 204) return exchange.responseBody === undefined ? [] : ['answers 204 with a body'];
  const schema = responseSchema(operation, status);
  if (schema === undefined) return [];
  if (!(exchange.responseContentType ?? '').startsWith('application/json')) {
    return [`answers ${status} as ${exchange.responseContentType ?? 'no content type'}, not application/json`];
  }
  return checkJson(operation, `response ${status}`, schema, exchange.responseBody ?? '');
}

function checkJson(operation: SpecOperation, where: string, schema: Record<string, unknown>, text: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`${where} body is not JSON`];
  }
  const validate = validatorFor(operation, where, schema);
  if (validate(body)) return [];
  const errors = (validate.errors ?? []).filter((error) => !isListedDeviation(operation, error));
  return errors.length === 0 ? [] : [`${where} body ${describe(errors)}`];
}

/** Whether `error` falls on a deviation listed, with its reason, in webex-scope.ts. */
export function isListedDeviation(operation: SpecOperation, error: SchemaError): boolean {
  return DEVIATIONS.some(
    (entry) =>
      entry.operations.includes(operation.name) &&
      entry.at.test(error.instancePath) &&
      (entry.value === undefined || error.data === entry.value),
  );
}

/** Where and which rule, not the value: bodies carry people's names and emails. */
function describe(errors: SchemaError[]): string {
  return errors.map((error) => `at ${error.instancePath || '(root)'} ${error.message ?? error.keyword}`).join('; ');
}
