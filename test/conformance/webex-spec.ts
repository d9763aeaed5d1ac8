import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Webex's published API, trimmed to what the bot uses (test/fixtures/webex-openapi/README.md), as
 * a lookup from a request to its operation and as JSON Schema validators for its parts.
 */

type SchemaObject = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: SchemaObject }> };
  responses: Record<string, { content?: Record<string, { schema?: SchemaObject; example?: unknown }> }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation | Parameter[]>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

const SPEC_FILES = ['webex-meeting.json', 'webex-messaging.json'] as const;

function loadSpec(file: (typeof SPEC_FILES)[number]): Spec {
  return JSON.parse(readFileSync(new URL(`../fixtures/webex-openapi/${file}`, import.meta.url), 'utf8')) as Spec;
}

/** One operation, found by method and path template, with everything a check needs. */
export interface SpecOperation {
  /** `GET /meetingParticipants/{participantId}` */
  name: string;
  spec: string;
  method: string;
  template: string;
  parameters: Parameter[];
  operation: Operation;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function operationsOf(file: (typeof SPEC_FILES)[number]): SpecOperation[] {
  const spec = loadSpec(file);
  return Object.entries(spec.paths).flatMap(([template, item]) => {
    const shared = (item.parameters ?? []) as Parameter[];
    return Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, value]) => {
        const operation = value as Operation;
        const own = operation.parameters ?? [];
        // An operation's own parameter overrides a path-level one of the same name and place.
        const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
        return { name: `${method.toUpperCase()} ${template}`, spec: file, method: method.toUpperCase(), template, parameters, operation };
      });
  });
}

export const OPERATIONS: readonly SpecOperation[] = SPEC_FILES.flatMap(operationsOf);

/** `path` is without `/v1` and still percent-encoded; one segment per `{name}`, kept encoded. */
function matchPath(template: string, path: string): Record<string, string> | undefined {
  const expected = template.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const segment = actual[index] ?? '';
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (part !== segment) return undefined;
    } else {
      if (segment === '') return undefined;
      params[name] = segment;
    }
  }
  return params;
}

/**
 * The operation a request is for. As OpenAPI says, a concrete path wins over a templated one:
 * `/people/me` is "Get My Own Details", not "Get Person Details" for a person called `me`.
 */
export function findOperation(
  method: string,
  path: string,
): { operation: SpecOperation; pathParams: Record<string, string> } | undefined {
  const hits = OPERATIONS.filter((op) => op.method === method)
    .map((operation) => ({ operation, pathParams: matchPath(operation.template, path) }))
    .filter((hit): hit is { operation: SpecOperation; pathParams: Record<string, string> } => hit.pathParams !== undefined);
  hits.sort((a, b) => Object.keys(a.pathParams).length - Object.keys(b.pathParams).length);
  return hits[0];
}

/**
 * Ajv, strict: a keyword it does not know is an error, so a spec update that brings one in (a
 * `discriminator`, say) fails here instead of being skipped. OpenAPI 3.0's `nullable` Ajv knows;
 * `example` is OpenAPI's annotation, and carries no rule.
 */
function createAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, verbose: true });
  // ajv-formats is CommonJS: under ESM its default import is `module.exports`, the plugin is `.default`.
  addFormats.default(ajv);
  ajv.addKeyword('example');
  for (const file of SPEC_FILES) {
    ajv.addSchema({ $id: file, definitions: rewriteRefs(loadSpec(file).components?.schemas ?? {}, file) });
  }
  return ajv;
}

/** `#/components/schemas/X` of spec `file` becomes `file#/definitions/X`, where Ajv keeps it. */
function rewriteRefs<T>(value: T, file: string): T {
  if (Array.isArray(value)) return value.map((item: unknown) => rewriteRefs(item, file)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === '$ref' && typeof child === 'string'
        ? child.replace(/^#\/components\/schemas\//, `${file}#/definitions/`)
        : key === 'example' || key === 'examples'
          ? child
          : rewriteRefs(child, file),
    ]),
  ) as T;
}

const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();

/** A validator for a schema of `operation`, compiled once. */
export function validatorFor(operation: SpecOperation, where: string, schema: SchemaObject): ValidateFunction {
  const key = `${operation.name} ${where}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    validate = ajv.compile(rewriteRefs(schema, operation.spec));
    compiled.set(key, validate);
  }
  return validate;
}

export type SchemaError = ErrorObject;

/** The JSON body schema of a response, or undefined where the spec gives none (error answers). */
export function responseSchema(operation: SpecOperation, status: number): SchemaObject | undefined {
  const content = operation.operation.responses[String(status)]?.content ?? {};
  return Object.entries(content).find(([type]) => type.startsWith('application/json'))?.[1].schema;
}

export function requestSchema(operation: SpecOperation): SchemaObject | undefined {
  const content = operation.operation.requestBody?.content ?? {};
  return Object.entries(content).find(([type]) => type.startsWith('application/json'))?.[1].schema;
}
