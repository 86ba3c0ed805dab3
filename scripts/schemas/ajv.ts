/**
 * The ajv instance that compiles the translated schemas, with the
 * Kubernetes pieces JSON Schema lacks: the custom keywords emitted by
 * `structural.ts` and the formats of src/model/crd/formats.ts.
 *
 * The keywords generate code that calls src/model/crd/keyword-runtime.ts,
 * so the same definitions serve both modes: `standalone` emits a CommonJS
 * module that `require`s the runtime and the formats by relative path (from
 * src/model/crd/generated/), and the in-process mode (tests, benchmarks)
 * calls the same functions directly.
 */
import Ajv, { _, CodeKeywordDefinition, KeywordCxt, stringify } from 'ajv';
import { FORMATS } from '../../src/model/crd/formats';
import * as runtime from '../../src/model/crd/keyword-runtime';

/** Where the generated module finds the runtime, relative to src/model/crd/generated/. */
const RUNTIME_MODULE = '../keyword-runtime';
const FORMATS_MODULE = '../formats';

export interface AjvOptions {
  /** Compile for `ajv/dist/standalone` (code that loads the runtime by path). */
  readonly standalone?: boolean;
  /**
   * Inline the code of referenced schemas (ajv's `inlineRefs`).
   * @default true
   */
  readonly inlineRefs?: boolean;
}

export function createAjv(options: AjvOptions = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Messages are written from the error params (src/model/crd/describe.ts);
    // ajv's own would only grow the generated code.
    messages: false,
    // unknown keywords and formats throw at compile time
    strictSchema: true,
    strictNumbers: true,
    // structural schemas legitimately put `pattern` next to int-or-string,
    // and `required` next to preserve-unknown-fields
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // Kubernetes patterns are RE2; the `u` flag would reject escapes like `\-`
    unicodeRegExp: false,
    code: options.standalone ? { source: true, formats: _`require(${FORMATS_MODULE}).FORMATS` } : undefined,
    inlineRefs: options.inlineRefs ?? true,
  });

  for (const [name, format] of Object.entries(FORMATS)) {
    if (format.type === 'number') ajv.addFormat(name, { type: 'number', validate: format.validate });
    else ajv.addFormat(name, { type: 'string', validate: format.validate });
  }
  ajv.addKeyword(runtimeKeyword('k8sCel', 'celRules', 'object'));
  ajv.addKeyword(runtimeKeyword('k8sListMapKeys', 'listMapDuplicates', 'array'));
  return ajv;
}

/**
 * A keyword whose check is a runtime function returning `KeywordProblem[]`
 * or undefined; the problems travel in the error's `params.problems`.
 */
function runtimeKeyword(keyword: string, helper: 'celRules' | 'listMapDuplicates', schemaType: 'object' | 'array'): CodeKeywordDefinition {
  return {
    keyword,
    schemaType,
    error: {
      message: keyword,
      params: ({ params }) => _`{problems: ${params.problems}}`,
    },
    code(cxt: KeywordCxt) {
      const { gen, data, schema } = cxt;
      const check = gen.scopeValue('func', { ref: runtime[helper], code: _`require(${RUNTIME_MODULE})[${helper}]` });
      const value = gen.scopeValue('obj', { ref: schema, code: stringify(schema) });
      const problems = gen.const('problems', _`${check}(${data}, ${value})`);
      cxt.setParams({ problems });
      cxt.fail(_`${problems} !== undefined`);
    },
  };
}
