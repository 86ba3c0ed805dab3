import { createHash } from 'node:crypto';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isTable } from './tables';
import { pointerSegment, valueAtPointer } from '../foundation/json-pointer';
import type { HelmRelease } from '../model/flux-version';

/**
 * A chart's values.schema.json, compiled to validate as the Helm of the
 * target Flux release does (helm/helm `pkg/chart/common/util/jsonschema.go`
 * @ v4.2.4, 3900f434fd3ef2b84065dc04508df48f288dba00; `pkg/chartutil/jsonschema.go`
 * @ v3.18.4 for gojsonschema):
 *
 * - the draft comes from `$schema` (http or https, an empty fragment
 *   allowed); without one, Helm ≥ 3.18.5 (santhosh-tekuri/jsonschema v6)
 *   assumes 2020-12, older Helm (xeipuuv/gojsonschema) a draft-04/06/07 hybrid;
 * - `format` is asserted for drafts 4, 6 and 7 only (gojsonschema: always),
 *   with the formats Helm's validator knows; unknown formats are ignored;
 * - siblings of `$ref` are ignored before 2019-09;
 * - patterns are Go RE2: a lookaround or backreference fails to compile in Helm;
 * - `$ref`s to other documents are not fetched here (Helm fetches http(s)
 *   from inside helm-controller at install time): they validate as `true`,
 *   with a warning naming them.
 */

/** A JSON Schema draft Helm can validate with. */
export type SchemaDraft = 'draft-04' | 'draft-06' | 'draft-07' | '2019-09' | '2020-12' | 'hybrid';

/** A values problem the schema found. */
export interface SchemaViolation {
  /** JSON pointer into the values (`''` is the root). */
  readonly pointer: string;
  /** What the schema expected, in the words of Helm's validator (`got string, want integer`). */
  readonly message: string;
  /** The schema keyword, e.g. `type`, `required`, `enum`. */
  readonly keyword: string;
}

/** A compiled schema, or why Helm could not use it. */
export type CompiledSchema =
  | {
    readonly ok: true;
    readonly draft: SchemaDraft;
    readonly warnings: readonly string[];
    validate(values: unknown, redact: (pointer: string) => boolean): SchemaViolation[];
  }
  | { readonly ok: false; readonly draft?: SchemaDraft; readonly error: string };

const DRAFT_BY_URL: Record<string, SchemaDraft> = {
  'json-schema.org/schema': '2020-12',
  'json-schema.org/draft/2020-12/schema': '2020-12',
  'json-schema.org/draft/2019-09/schema': '2019-09',
  'json-schema.org/draft-07/schema': 'draft-07',
  'json-schema.org/draft-06/schema': 'draft-06',
  'json-schema.org/draft-04/schema': 'draft-04',
};

const CANONICAL: Record<Exclude<SchemaDraft, 'hybrid'>, string> = {
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  'draft-06': 'http://json-schema.org/draft-06/schema#',
  'draft-04': 'http://json-schema.org/draft-04/schema#',
};

const OLD_DRAFTS: readonly SchemaDraft[] = ['draft-04', 'draft-06', 'draft-07', 'hybrid'];

// santhosh-tekuri/jsonschema v6 format.go (and gojsonschema format_checkers.go) that ajv-formats implements.
const HELM_FORMATS = [
  'json-pointer', 'relative-json-pointer', 'uuid', 'duration', 'ipv4', 'ipv6', 'hostname', 'email',
  'date', 'time', 'date-time', 'uri', 'uri-reference', 'uri-template', 'regex',
] as const;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Which draft Helm would validate `schema` with, or why it could not. */
export function detectDraft(schema: unknown, engine: HelmRelease['schemaEngine']): { draft: SchemaDraft } | { error: string } {
  const declared = isTable(schema) ? schema.$schema : undefined;
  if (declared === undefined) return { draft: engine === 'jsonschema-v6' ? '2020-12' : 'hybrid' };
  if (typeof declared !== 'string') return { error: `$schema must be a string, got ${JSON.stringify(declared)}` };
  const [base, fragment = ''] = declared.split('#');
  if (engine === 'gojsonschema') {
    const m = /^http:\/\/json-schema\.org\/draft-0([467])\/schema$/.exec(base);
    return { draft: m && fragment === '' ? (`draft-0${m[1]}` as SchemaDraft) : 'hybrid' };
  }
  const draft = DRAFT_BY_URL[base.replace(/^https?:\/\//, '')];
  if (!draft || fragment !== '') {
    return { error: `$schema '${declared}' is not a JSON Schema draft Helm knows (4, 6, 7, 2019-09, 2020-12); Helm would try to download it as a meta-schema` };
  }
  return { draft };
}

const compiled = new Map<string, CompiledSchema>();

/**
 * Compiles a chart's schema text for a Helm release (cached by text and
 * engine: charts share schemas across versions).
 */
export function compileValuesSchema(text: string, helm: Pick<HelmRelease, 'schemaEngine'>): CompiledSchema {
  const key = `${helm.schemaEngine} ${createHash('sha256').update(text).digest('hex')}`;
  let result = compiled.get(key);
  if (!result) {
    result = compile(text, helm.schemaEngine);
    compiled.set(key, result);
  }
  return result;
}

function compile(text: string, engine: HelmRelease['schemaEngine']): CompiledSchema {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `values.schema.json is not valid JSON: ${(e as Error).message}` };
  }
  if (typeof schema === 'boolean') schema = schema ? {} : { not: {} };
  if (!isTable(schema)) return { ok: false, error: 'values.schema.json must hold a JSON object (or a boolean)' };
  const detected = detectDraft(schema, engine);
  if ('error' in detected) return { ok: false, error: detected.error };
  const { draft } = detected;
  const warnings: string[] = [];
  const badPattern = goIncompatiblePattern(schema);
  if (badPattern !== undefined) {
    return { ok: false, draft, error: `pattern ${JSON.stringify(badPattern)} uses a lookaround or backreference, which Go's regexp (RE2) cannot compile; Helm fails on this schema` };
  }
  let target: Record<string, unknown> = { ...schema };
  if (target.$schema !== undefined) target.$schema = draft === 'hybrid' ? CANONICAL['draft-07'] : CANONICAL[draft];
  if (target.$id === undefined && target.id === undefined && draft !== 'draft-04') target.$id = 'file:///values.schema.json';
  const external = externalRefs(schema);
  for (const ref of external) {
    const what = ref.startsWith('urn:') ? 'Helm accepts any value there'
      : /^https?:/.test(ref) ? 'Helm fetches it from inside helm-controller at install time' : 'Helm looks for it on the controller\'s filesystem, where it is usually missing';
    warnings.push(`$ref '${ref}' points outside values.schema.json and is not fetched; values there are not checked (${what})`);
  }
  if (external.length) target = stubExternalRefs(target, new Set(external), OLD_DRAFTS.includes(draft)) as Record<string, unknown>;
  if (OLD_DRAFTS.includes(draft)) target = dropRefSiblings(target) as Record<string, unknown>;
  if (draft === 'hybrid') target = hybridToDraft07(target) as Record<string, unknown>;

  const ajv = ajvFor(draft, engine, warnings);
  if (draft !== 'hybrid' && !ajv.validateSchema(target)) {
    const lines = (ajv.errors ?? []).map((e) => `at '${e.instancePath}': ${e.message ?? e.keyword}`);
    return { ok: false, draft, error: `values.schema.json is not a valid ${draft} schema: ${[...new Set(lines)].join('; ')}` };
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(target);
  } catch (e) {
    return { ok: false, draft, error: `values.schema.json cannot be compiled: ${(e as Error).message}` };
  }
  return {
    ok: true,
    draft,
    warnings,
    validate: (values, redact) => (validate(values) ? [] : violations(validate.errors ?? [], values, redact)),
  };
}

function ajvFor(draft: SchemaDraft, engine: HelmRelease['schemaEngine'], warnings: string[]): Ajv {
  const options = {
    strict: false, // Helm ignores keywords it does not know.
    allErrors: true, // and reports every failing one.
    validateFormats: false,
    multipleOfPrecision: 12, // Helm's validator divides exactly (big.Rat); this is the closest float rule.
    unicodeRegExp: false, // Go's RE2 accepts escapes (`\_`) a JavaScript `u` RegExp refuses.
    logger: { log: () => undefined, warn: (m: unknown) => void warnings.push(String(m)), error: (m: unknown) => void warnings.push(String(m)) },
  };
  const engines = ajvEngines();
  let ajv: Ajv;
  switch (draft) {
    case 'draft-04': ajv = new engines.AjvDraft04(options) as unknown as Ajv; break;
    case '2019-09': ajv = new engines.Ajv2019(options); break;
    case '2020-12': ajv = new engines.Ajv2020(options); break;
    default:
      ajv = new engines.Ajv(options);
      if (draft === 'draft-06') ajv.addMetaSchema(engines.draft06MetaSchema);
  }
  if (engine === 'gojsonschema' || OLD_DRAFTS.includes(draft)) {
    ajv.opts.validateFormats = true;
    engines.addFormats(ajv, { mode: 'full', formats: [...HELM_FORMATS] });
    ajv.addFormat('iri', { validate: (s: string) => URL.canParse(s) });
    ajv.addFormat('iri-reference', true);
    ajv.addFormat('semver', SEMVER);
  }
  return ajv;
}

/**
 * Ajv for each draft, loaded with the first chart schema compiled: a check
 * or synth with no chart to check values against does not load its 96
 * modules (the packaged CRD validators are Ajv's standalone code).
 */
function ajvEngines() {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, see above */
  return {
    Ajv: (require('ajv') as typeof import('ajv')).default,
    Ajv2019: (require('ajv/dist/2019') as typeof import('ajv/dist/2019')).default,
    Ajv2020: (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default,
    AjvDraft04: (require('ajv-draft-04') as typeof import('ajv-draft-04')).default,
    addFormats: (require('ajv-formats') as typeof import('ajv-formats')).default,
    draft06MetaSchema: require('ajv/dist/refs/json-schema-draft-06.json') as typeof import('ajv/dist/refs/json-schema-draft-06.json'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** `$ref` targets outside the document (not `#…`), each once. */
export function externalRefs(schema: unknown): string[] {
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) {n.forEach(walk);} else if (isTable(n)) {
      for (const [k, v] of Object.entries(n)) {
        if ((k === '$ref' || k === '$dynamicRef' || k === '$recursiveRef') && typeof v === 'string' && !v.startsWith('#')) out.add(v.split('#')[0]);
        else walk(v);
      }
    }
  };
  walk(schema);
  return [...out];
}

/** Before 2019-09 a `$ref` node is the reference alone; from 2019-09 `$ref` is one keyword among others. */
function stubExternalRefs(node: unknown, external: ReadonlySet<string>, refIsWholeNode: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => stubExternalRefs(n, external, refIsWholeNode));
  if (!isTable(node)) return node;
  if (typeof node.$ref === 'string' && external.has(node.$ref.split('#')[0])) {
    if (refIsWholeNode) return {};
    const { $ref: _ref, ...rest } = node;
    return stubExternalRefs(rest, external, refIsWholeNode);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, stubExternalRefs(v, external, refIsWholeNode)]));
}

/** Drafts 4–7: "All other properties in a `$ref` object MUST be ignored" (Helm's validator does; ajv 8 does not). */
function dropRefSiblings(node: unknown, root = true): unknown {
  if (Array.isArray(node)) return node.map((n) => dropRefSiblings(n, false));
  if (!isTable(node)) return node;
  const hasRef = typeof node.$ref === 'string';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (hasRef && !['$ref', 'definitions', '$defs'].includes(k) && !(root && ['$schema', '$id', 'id'].includes(k))) continue;
    out[k] = ['enum', 'const', 'default', 'examples'].includes(k) ? v : dropRefSiblings(v, false);
  }
  return out;
}

/** gojsonschema's hybrid draft reads draft-04 boolean `exclusiveMaximum`/`exclusiveMinimum` as well; ajv's draft-07 wants numbers. */
function hybridToDraft07(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(hybridToDraft07);
  if (!isTable(node)) return node;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, ['enum', 'const', 'default'].includes(k) ? v : hybridToDraft07(v)]));
  for (const [flag, bound] of [['exclusiveMaximum', 'maximum'], ['exclusiveMinimum', 'minimum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  return out;
}

/** The first `pattern` or `patternProperties` key Go's RE2 cannot compile. */
function goIncompatiblePattern(schema: unknown): string | undefined {
  const bad = (p: string) => /\(\?<?[=!]|\\[1-9]/.test(p);
  let found: string | undefined;
  const walk = (n: unknown): void => {
    if (found !== undefined) return;
    if (Array.isArray(n)) {n.forEach(walk);} else if (isTable(n)) {
      if (typeof n.pattern === 'string' && bad(n.pattern)) found = n.pattern;
      if (isTable(n.patternProperties)) for (const p of Object.keys(n.patternProperties)) if (bad(p)) found ??= p;
      Object.values(n).forEach(walk);
    }
  };
  walk(schema);
  return found;
}

/** Ajv's errors in the words of Helm's validator (santhosh-tekuri/jsonschema v6 `kind` messages), one per line and place. */
function violations(errors: readonly ErrorObject[], values: unknown, redact: (pointer: string) => boolean): SchemaViolation[] {
  const out = new Map<string, SchemaViolation>();
  const add = (pointer: string, keyword: string, message: string) => out.set(`${pointer}\n${message}`, { pointer, keyword, message });
  for (const e of errors) {
    const p = e.instancePath;
    const value = valueAtPointer(values, p);
    const shown = (v: unknown) => (redact(p) ? '(value from a Secret)' : quote(v));
    const params = e.params as Record<string, any>;
    switch (e.keyword) {
      case 'type': add(p, e.keyword, `got ${typeName(value)}, want ${[params.type].flat().join(' or ')}`); break;
      case 'required': add(p, e.keyword, `missing property '${params.missingProperty}'`); break;
      case 'additionalProperties': add(`${p}/${pointerSegment(params.additionalProperty)}`, e.keyword, 'not allowed by the schema (additionalProperties: false)'); break;
      case 'unevaluatedProperties': add(`${p}/${pointerSegment(params.unevaluatedProperty)}`, e.keyword, 'not allowed by the schema (unevaluatedProperties: false)'); break;
      case 'enum': add(p, e.keyword, `value must be one of ${(params.allowedValues as unknown[]).map(quote).join(', ')}; got ${shown(value)}`); break;
      case 'const': add(p, e.keyword, `value must be ${quote(params.allowedValue)}; got ${shown(value)}`); break;
      case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': {
        const name = e.keyword === 'minimum' && params.comparison === '>' ? 'exclusiveMinimum'
          : e.keyword === 'maximum' && params.comparison === '<' ? 'exclusiveMaximum' : e.keyword;
        add(p, e.keyword, `${name}: got ${shown(value)}, want ${params.limit}`);
        break;
      }
      case 'multipleOf': add(p, e.keyword, `multipleOf: got ${shown(value)}, want a multiple of ${params.multipleOf}`); break;
      case 'pattern': add(p, e.keyword, `${shown(value)} does not match pattern ${quote(params.pattern)}`); break;
      case 'format': add(p, e.keyword, `${shown(value)} is not valid ${params.format}`); break;
      case 'minLength': case 'maxLength': add(p, e.keyword, `${e.keyword}: got ${typeof value === 'string' ? [...value].length : '?'}, want ${params.limit}`); break;
      case 'minItems': case 'maxItems': add(p, e.keyword, `${e.keyword}: got ${Array.isArray(value) ? value.length : '?'}, want ${params.limit}`); break;
      case 'minProperties': case 'maxProperties': add(p, e.keyword, `${e.keyword}: got ${isTable(value) ? Object.keys(value).length : '?'}, want ${params.limit}`); break;
      case 'dependentRequired': case 'dependencies':
        add(p, e.keyword, `properties '${params.missingProperty}' required, if '${params.property}' exists`); break;
      case 'false schema': add(p, e.keyword, 'false schema: no value is allowed here'); break;
      case 'anyOf': case 'oneOf': case 'allOf': case 'not': case 'if': case 'contains': case 'uniqueItems': case 'propertyNames':
        add(p, e.keyword, `${e.keyword}: ${e.message ?? 'failed'}`); break;
      default: add(p, e.keyword, `${e.keyword}: ${e.message ?? 'failed'}`);
    }
  }
  return [...out.values()];
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (isTable(v)) return 'object';
  return typeof v === 'number' ? 'number' : typeof v;
}

function quote(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  return JSON.stringify(v) ?? String(v);
}
