/**
 * What cel-go's checker refuses in a parsed CEL expression, where Flux
 * compiles one (fluxcd/pkg runtime/cel/expression.go at e2cfd1a2:
 * `NewExpression` with `WithCompile`, `WithStructVariables`,
 * `WithOutputType`), as far as it can be told without a full type checker
 * (google/cel-go v0.26.1, 8e7beb65: checker/checker.go, common/stdlib,
 * ext/strings.go, ext/sets.go, ext/encoders.go, cel/library.go):
 *
 * - a name that is neither a declared variable, a macro's variable nor one
 *   of the standard type names: "undeclared reference to 'deps'";
 * - a function the environment does not declare (`.any(...)`, which CEL
 *   spells `exists`): "undeclared reference to 'any'";
 * - a result of another type than Flux asks for. The variables are
 *   `google.protobuf.Struct`s, so each field read from them is `dyn`, and
 *   `NewExpression` compares the checked type with the one asked for as it
 *   is: `dep.status.ready` is `dyn`, not `bool`, and refused.
 *
 * Types are followed only where cel-go's result is certain; anything else
 * (a call whose overload depends on types not known here, a message
 * literal) is "can't tell" and never reported. An overload that does not
 * exist for its arguments (`self == 'x'`) is not judged.
 */
import type { CelCall, CelExpr, CelMacro, CelProblem, CelSelect } from './ast';
import { wordList } from '../../foundation/word-list';

/** A CEL type as cel-go prints it (`bool`, `dyn`, `map(string, dyn)`, `list(string)`), or undefined where it cannot be told here. */
type CelType = string | undefined;

/** How Flux compiles one kind of expression. */
export interface CelCompileEnvironment {
  /** The variables declared, each a `google.protobuf.Struct` (a `map(string, dyn)` to the checker). */
  readonly variables: readonly string[];
  /** The result type asked for (`WithOutputType`). */
  readonly output?: 'bool' | 'string';
}

const STRUCT = 'map(string, dyn)';

/** The identifiers every environment declares: the standard library's type names and the optional library's (common/stdlib/standard.go `stdTypes`, cel/library.go). */
const TYPE_NAMES = new Set([
  'bool', 'bytes', 'double', 'google.protobuf.Duration', 'int', 'list', 'map', 'null_type', 'string', 'google.protobuf.Timestamp', 'type', 'uint',
  'optional_type',
]);

/**
 * Each function Flux's environment declares, with its result type where
 * every overload agrees on it (undefined where it depends on the
 * arguments): the standard library, ext.Strings, ext.Sets, ext.Encoders
 * and the optional library at their latest versions.
 */
const FUNCTIONS = new Map<string, CelType>([
  ['size', 'int'], ['int', 'int'], ['uint', 'uint'], ['double', 'double'], ['string', 'string'], ['bytes', 'bytes'], ['bool', 'bool'],
  ['duration', 'google.protobuf.Duration'], ['timestamp', 'google.protobuf.Timestamp'], ['dyn', 'dyn'], ['type', undefined],
  ['contains', 'bool'], ['endsWith', 'bool'], ['startsWith', 'bool'], ['matches', 'bool'],
  ...['getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth', 'getDate', 'getDayOfWeek', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds']
    .map((name): [string, CelType] => [name, 'int']),
  ...['charAt', 'format', 'join', 'lowerAscii', 'replace', 'reverse', 'substring', 'trim', 'upperAscii', 'strings.quote']
    .map((name): [string, CelType] => [name, 'string']),
  ['indexOf', 'int'], ['lastIndexOf', 'int'], ['split', 'list(string)'],
  ['sets.contains', 'bool'], ['sets.equivalent', 'bool'], ['sets.intersects', 'bool'],
  ['base64.decode', 'bytes'], ['base64.encode', 'string'],
  ['hasValue', 'bool'], ['value', undefined], ['or', undefined], ['orValue', undefined], ['unwrapOpt', undefined], ['optional.unwrap', undefined],
  ['optional.of', 'optional_type'], ['optional.ofNonZeroValue', 'optional_type'], ['optional.none', 'optional_type'],
  ['first', 'optional_type'], ['last', 'optional_type'],
]);

/** The operators whose every overload gives a bool. */
const BOOLEAN_OPERATORS = new Set(['_&&_', '_||_', '!_', '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '@in', '@not_strictly_false']);

/** The arithmetic operators' overloads as [left, right, result] (common/stdlib/standard.go); `list` stands for any list. */
const ARITHMETIC: Record<string, readonly (readonly [string, string, string])[]> = {
  '_+_': [
    ['int', 'int', 'int'], ['uint', 'uint', 'uint'], ['double', 'double', 'double'], ['string', 'string', 'string'], ['bytes', 'bytes', 'bytes'],
    ['list', 'list', 'list'], ['google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.Timestamp'],
    ['google.protobuf.Duration', 'google.protobuf.Timestamp', 'google.protobuf.Timestamp'],
    ['google.protobuf.Duration', 'google.protobuf.Duration', 'google.protobuf.Duration'],
  ],
  '_-_': [
    ['int', 'int', 'int'], ['uint', 'uint', 'uint'], ['double', 'double', 'double'],
    ['google.protobuf.Timestamp', 'google.protobuf.Timestamp', 'google.protobuf.Duration'],
    ['google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.Timestamp'],
    ['google.protobuf.Duration', 'google.protobuf.Duration', 'google.protobuf.Duration'],
  ],
  '_*_': [['int', 'int', 'int'], ['uint', 'uint', 'uint'], ['double', 'double', 'double']],
  '_/_': [['int', 'int', 'int'], ['uint', 'uint', 'uint'], ['double', 'double', 'double']],
  '_%_': [['int', 'int', 'int'], ['uint', 'uint', 'uint']],
};

/** The problems cel-go's checker reports for `expr` in `env`, each at the node it names. */
export function checkCompiled(expr: CelExpr, env: CelCompileEnvironment): CelProblem[] {
  const problems: CelProblem[] = [];
  const declared = new Map<string, CelType>(env.variables.map((name) => [name, STRUCT]));
  const type = new Checker(declared, problems).typeOf(expr);
  if (env.output && problems.length === 0 && type !== undefined && type !== env.output) {
    const hint = type !== 'dyn' ? '' : env.output === 'bool'
      ? `: a field of ${wordList(env.variables, 'or')} is dyn, so compare it (\`== true\`, \`== 'Ready'\`) or test it with has()`
      : `: a field of ${wordList(env.variables, 'or')} is dyn, so convert it with string() or join it to a string literal`;
    problems.push({ message: `the expression's type is ${type}, and Flux compiles it to require ${env.output}${hint}` });
  }
  // cel-go lists its errors by position.
  return problems.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0));
}

class Checker {
  constructor(private readonly scope: ReadonlyMap<string, CelType>, private readonly problems: CelProblem[]) {}

  typeOf(expr: CelExpr): CelType {
    switch (expr.kind) {
      case 'literal': return expr.type;
      case 'ident': return this.identType(expr.name, expr.offset);
      case 'select': return this.selectType(expr);
      case 'call': return this.callType(expr);
      case 'list': return listOf(this.sameType(expr.elements.map((e) => this.typeOf(e))));
      case 'map':
        for (const entry of expr.entries) {
          this.typeOf(entry.key);
          this.typeOf(entry.value);
        }
        return 'map';
      case 'struct':
        expr.fields.forEach((f) => this.typeOf(f.value));
        return undefined;
      case 'macro': return this.macroType(expr);
    }
  }

  private identType(written: string, offset: number): CelType {
    const name = written.startsWith('.') ? written.slice(1) : written;
    if (this.scope.has(name)) return this.scope.get(name);
    if (TYPE_NAMES.has(name)) return 'type';
    // The protobuf types the Struct variables bring in (google.protobuf.*) resolve through cel-go's type provider: not judged.
    if (name.startsWith('google.protobuf.')) return undefined;
    const variables = [...this.scope.keys()].filter((v) => this.scope.get(v) === STRUCT);
    this.problems.push({ offset, message: `undeclared reference to '${name}': the variables declared are ${wordList(variables.map((v) => `'${v}'`))}` });
    return undefined;
  }

  private selectType(expr: CelSelect): CelType {
    const qualified = qualifiedName(expr);
    // cel-go resolves `a.b.c` as one qualified identifier first (a type name such as google.protobuf.Duration).
    if (qualified !== undefined && !this.scope.has(rootOf(qualified)) && (TYPE_NAMES.has(qualified) || qualified.startsWith('google.protobuf.'))) {
      return TYPE_NAMES.has(qualified) ? 'type' : undefined;
    }
    const operand = this.typeOf(expr.operand);
    if (expr.test) return 'bool';
    if (expr.optional) return 'optional_type';
    return operand === STRUCT || operand === 'dyn' ? 'dyn' : undefined;
  }

  private callType(call: CelCall): CelType {
    const qualified = call.target && qualifiedName(call.target);
    if (qualified !== undefined && FUNCTIONS.has(`${qualified}.${call.fn}`) && !this.scope.has(rootOf(qualified))) {
      call.args.forEach((a) => this.typeOf(a));
      return FUNCTIONS.get(`${qualified}.${call.fn}`);
    }
    if (call.target) this.typeOf(call.target);
    const args = call.args.map((a) => this.typeOf(a));
    if (BOOLEAN_OPERATORS.has(call.fn)) return 'bool';
    if (call.fn === '_?_:_') return args[1] === args[2] ? args[1] : undefined;
    if (call.fn in ARITHMETIC) return arithmeticType(ARITHMETIC[call.fn], args[0], args[1]);
    if (call.fn === '-_') return args[0] === 'int' || args[0] === 'double' ? args[0] : args[0] === 'dyn' ? 'dyn' : undefined;
    if (call.fn === '_[_]') return indexType(args[0]);
    if (call.fn === '_[?_]') return 'optional_type';
    if (call.fn.startsWith('_') || call.fn.startsWith('@') || call.fn.startsWith('!')) return undefined;
    if (!FUNCTIONS.has(call.fn)) {
      this.problems.push({ offset: call.offset, message: `undeclared reference to '${call.fn}': no such function in Flux's CEL environment${suggestion(call.fn)}` });
      return undefined;
    }
    return FUNCTIONS.get(call.fn);
  }

  private macroType(macro: CelMacro): CelType {
    const range = this.typeOf(macro.range);
    const element = range === STRUCT || range === 'dyn' ? 'dyn' : elementOf(range);
    const inner = new Checker(new Map([...this.scope, [macro.iterVar, element], ['__result__', undefined], ['@result', undefined]]), this.problems);
    const args = macro.args.map((a) => inner.typeOf(a));
    switch (macro.macro) {
      case 'all': case 'exists': case 'exists_one': return 'bool';
      case 'map': return listOf(args[args.length - 1]);
      case 'filter': return range?.startsWith('list(') ? range : listOf(element);
      case 'optMap': return 'optional_type';
      case 'optFlatMap': return undefined;
    }
  }

  /** The one type every element has, or undefined (cel-go then types the list by the first element or dyn, which is not followed here). */
  private sameType(types: readonly CelType[]): CelType {
    return types.length > 0 && types.every((t) => t !== undefined && t === types[0]) ? types[0] : undefined;
  }
}

/** `list(T)`, or a list of unknown elements (still certainly a list). */
function listOf(element: CelType): string {
  return element === undefined ? 'list' : `list(${element})`;
}

function elementOf(type: CelType): CelType {
  return type?.startsWith('list(') ? type.slice(5, -1) : undefined;
}

/** A Struct's or dyn's entries are dyn; a list literal's, its elements' type; a map literal's are not followed (its value type is not kept). */
function indexType(operand: CelType): CelType {
  if (operand === STRUCT || operand === 'dyn') return 'dyn';
  return elementOf(operand);
}

/** cel-go's overload resolution for a binary operator: the result every matching overload agrees on, else dyn (checker.go `resolveOverload`). */
function arithmeticType(overloads: readonly (readonly [string, string, string])[], left: CelType, right: CelType): CelType {
  if (left === undefined || right === undefined) return undefined;
  const matches = (param: string, arg: string) => arg === 'dyn' || arg === param || (param === 'list' && (arg === 'list' || arg.startsWith('list(')));
  const results = new Set(overloads.filter(([l, r]) => matches(l, left) && matches(r, right)).map(([, , result]) => result));
  if (results.size === 0) return undefined;
  if (results.size > 1) return 'dyn';
  const [result] = results;
  return result === 'list' ? (left.startsWith('list(') ? left : right.startsWith('list(') ? right : 'list') : result;
}

/** `a.b.c` for a chain of selects on an identifier, else undefined. */
function qualifiedName(expr: CelExpr): string | undefined {
  if (expr.kind === 'ident') return expr.name.startsWith('.') ? expr.name.slice(1) : expr.name;
  if (expr.kind !== 'select' || expr.optional || expr.test) return undefined;
  const operand = qualifiedName(expr.operand);
  return operand === undefined ? undefined : `${operand}.${expr.field}`;
}

function rootOf(qualified: string): string {
  return qualified.split('.')[0];
}

/** The CEL spelling of a function people write from other languages. */
function suggestion(fn: string): string {
  const known: Record<string, string> = {
    any: 'exists',
    some: 'exists',
    every: 'all',
    length: 'size',
    len: 'size',
    count: 'size',
    includes: 'contains',
    has: 'has() around a field select',
    lower: 'lowerAscii',
    upper: 'upperAscii',
    toLowerCase: 'lowerAscii',
    toUpperCase: 'upperAscii',
    find: 'exists',
    find_one: 'exists_one',
  };
  return known[fn] ? ` (CEL spells it ${known[fn]})` : '';
}
