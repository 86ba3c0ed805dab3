/**
 * A CEL parser that accepts and refuses what cel-go's parser does in the
 * environment Flux's controllers build (fluxcd/pkg runtime/cel
 * expression.go at e2cfd1a2: `cel.NewEnv` with `OptionalTypes()`, so the
 * standard macros, `optMap`/`optFlatMap` and the optional syntax `.?f`,
 * `[?i]`, `[?e]`, `{?k: v}`, `Msg{?f: v}`; no identifier escapes).
 *
 * Upstream: google/cel-go v0.26.1 (8e7beb65): parser/gen/CEL.g4 (the
 * grammar, followed rule by rule below), parser/parser.go (the visitor:
 * node positions, reserved identifiers, literal ranges, the recursion
 * limits), parser/helper.go (`balancedTree` for `&&` and `||`),
 * parser/unescape.go, parser/macro.go (`has`, `all`, `exists`,
 * `exists_one`, `map`, `filter`), cel/library.go (`optMap`, `optFlatMap`),
 * cel/macro.go `StandardMacros` (which, unlike parser.AllMacros, leaves out
 * `existsOne`, so a `cel.NewEnv` parser reads it as a plain call).
 *
 * Problems: syntax errors are placed where ANTLR reports them (the first
 * token that cannot continue the expression); the checks parser.go makes
 * while visiting (reserved names, literal ranges, macro arguments) are kept
 * in a list, as cel-go reports them all, and everything is sorted by
 * position as cel-go's `Errors.ToDisplayString` sorts. Parsing stops at the
 * first syntax error, where ANTLR would recover and go on. cel-go places
 * its limit errors nowhere (`<input>:-1:0`); they come first here, at offset 0.
 */
import { CelExpr, CelList, CelMacro, CelMap, CelSyntaxProblem, CelStruct } from './ast';
import { CelToken, CelTokenKind, lexCel } from './lexer';

/** The parser's limits (parser/options.go); `parseCel` uses the defaults a `cel.NewEnv` parser gets. */
export interface CelParseLimits {
  /** parser.go `maxRecursionDepth`, applied to both the ANTLR rule nesting and the visitor's depth. */
  readonly maxRecursionDepth: number;
  /** parser.go `expressionSizeCodePointLimit`. */
  readonly expressionSizeCodePointLimit: number;
}

/** `NewParser`'s defaults, which `cel.NewEnv` keeps unless `ParserRecursionLimit`/`ParserExpressionSizeLimit` are given (Flux gives neither). */
export const CEL_PARSER_DEFAULT_LIMITS: CelParseLimits = { maxRecursionDepth: 250, expressionSizeCodePointLimit: 100_000 };

/** The outcome of `parseCel`: `expr` whenever `problems` is empty. */
export interface CelParseResult {
  readonly expr?: CelExpr;
  readonly problems: readonly CelSyntaxProblem[];
}

/** Parses `source` as Flux's controllers parse a CEL expression. */
export function parseCel(source: string, limits: CelParseLimits = CEL_PARSER_DEFAULT_LIMITS): CelParseResult {
  const size = codePointCount(source);
  if (size > limits.expressionSizeCodePointLimit) {
    return { problems: [{ offset: 0, message: `the expression is ${size} characters long, over cel-go's limit of ${limits.expressionSizeCodePointLimit}` }] };
  }
  const lexed = lexCel(source);
  return new Parser(lexed.tokens, limits.maxRecursionDepth).run(lexed.problems);
}

/** parser.go `reservedIds`: refused as variables and function names, allowed as field names. */
const RESERVED = new Set([
  'as', 'break', 'const', 'continue', 'else', 'false', 'for', 'function', 'if', 'import', 'in',
  'let', 'loop', 'package', 'namespace', 'null', 'return', 'true', 'var', 'void', 'while',
]);

/** How a receiver macro's first argument is judged, and with which argument counts it applies. */
interface MacroSpec {
  readonly argCounts: readonly number[];
  /** 'quantifier': macro.go `makeQuantifier`; 'comprehension': `MakeMap`/`MakeFilter`; 'optional': library.go `optMap`/`optFlatMap` (no accumulator check). */
  readonly style: 'quantifier' | 'comprehension' | 'optional';
}

/** The receiver macros of a `cel.NewEnv(cel.OptionalTypes())` parser, by name (a call with another argument count is a plain call). */
const RECEIVER_MACROS: ReadonlyMap<string, MacroSpec> = new Map<string, MacroSpec>([
  ['all', { argCounts: [2], style: 'quantifier' }],
  ['exists', { argCounts: [2], style: 'quantifier' }],
  ['exists_one', { argCounts: [2], style: 'quantifier' }],
  ['map', { argCounts: [2, 3], style: 'comprehension' }],
  ['filter', { argCounts: [2], style: 'comprehension' }],
  ['optMap', { argCounts: [2], style: 'optional' }],
  ['optFlatMap', { argCounts: [2], style: 'optional' }],
]);

/** macro.go `AccumulatorName`: an iteration variable may not take it (nor `@result`, which source cannot spell). */
const ACCUMULATOR_NAME = '__result__';

/** Relation operators (CEL.g4 `relation`) and their call names (common/operators). */
const RELATIONS: Partial<Record<CelTokenKind, string>> = {
  '<': '_<_', '<=': '_<=_', '>=': '_>=_', '>': '_>_', '==': '_==_', '!=': '_!=_', 'in': '@in',
};
/** CEL.g4 `calc` operators with their precedence level (the `precpred` of the generated parser) and call names. */
const CALCS: Partial<Record<CelTokenKind, { readonly level: number; readonly fn: string }>> = {
  '*': { level: 2, fn: '_*_' },
  '/': { level: 2, fn: '_/_' },
  '%': { level: 2, fn: '_%_' },
  '+': { level: 1, fn: '_+_' },
  '-': { level: 1, fn: '_-_' },
};
/** The calls parser.go's `Visit` counts toward its depth: relations, arithmetic, `?:` and index (selects and member calls too). */
const COUNTED_OPERATORS = new Set([...Object.values(RELATIONS), ...Object.values(CALCS).map((c) => c!.fn), '_?_:_', '_[_]', '_[?_]']);

/** The CEL.g4 rules, whose nesting the ANTLR parse listener in parser.go (`recursionListener`) counts one by one. */
type Rule = 'start' | 'expr' | 'conditionalOr' | 'conditionalAnd' | 'relation' | 'calc' | 'unary' | 'member' | 'primary'
  | 'exprList' | 'listInit' | 'fieldInitializerList' | 'optField' | 'mapInitializerList' | 'escapeIdent' | 'optExpr' | 'literal';

/** Thrown to end the parse: a syntax error, or a limit (`unplaced`: cel-go gives it no position). */
class ParseStop {
  constructor(readonly problem: CelSyntaxProblem, readonly unplaced: boolean) {}
}

/** A recursive-descent reading of CEL.g4 over the lexer's tokens, building nodes as parser.go's visitor does. */
class Parser {
  private at = 0;
  private readonly ruleDepth: Partial<Record<Rule, number>> = {};
  /** The visitor's depth below each node (parser.go `checkAndIncrementRecursionDepth`). */
  private readonly heights = new WeakMap<CelExpr, number>();
  /** Nodes standing for an error cel-go reported (its unspecified expression): no macro takes them as a name. */
  private readonly invalid = new WeakSet<CelExpr>();
  /** The visitor's problems, kept while parsing goes on. */
  private readonly problems: CelSyntaxProblem[] = [];

  constructor(private readonly tokens: readonly CelToken[], private readonly maxDepth: number) {}

  /** Parses, then merges the lexer's, the visitor's and the first syntax problem as cel-go orders them. */
  run(lexProblems: readonly CelSyntaxProblem[]): CelParseResult {
    let expr: CelExpr | undefined;
    let stop: ParseStop | undefined;
    try {
      expr = this.parseStart();
    } catch (e) {
      if (!(e instanceof ParseStop)) throw e;
      stop = e;
    }
    if (stop?.unplaced) return { problems: [stop.problem] };
    // Lexer and syntax errors are reported while ANTLR parses, before the visitor's: first on a tie (a stable sort keeps that order).
    const problems = [...lexProblems, ...(stop ? [stop.problem] : []), ...this.problems].sort((a, b) => a.offset - b.offset);
    return problems.length > 0 ? { problems } : { expr, problems };
  }

  // ---- CEL.g4 rules ----

  /** `start: expr EOF`. */
  private parseStart(): CelExpr {
    this.enter('start');
    const expr = this.parseExpr();
    const next = this.peek();
    if (next.kind !== 'EOF') this.fail(next, `unexpected ${describe(next)}: expected an operator or the end of the expression`);
    this.exit('start');
    return expr;
  }

  /** `expr: conditionalOr ('?' conditionalOr ':' expr)?`: the middle is no `expr`, so `a ? b ? c : d : e` is refused; the right nests. */
  private parseExpr(): CelExpr {
    this.enter('expr');
    let result = this.parseConditionalOr();
    if (this.peek().kind === '?') {
      const question = this.take();
      const ifTrue = this.parseConditionalOr();
      this.expect(':', "to separate the branches of '? :'");
      const ifFalse = this.parseExpr();
      result = this.call('_?_:_', question.start, [result, ifTrue, ifFalse]);
    }
    this.exit('expr');
    return result;
  }

  /** `conditionalOr: conditionalAnd ('||' conditionalAnd)*`, built as helper.go's balanced tree. */
  private parseConditionalOr(): CelExpr {
    return this.parseLogical('conditionalOr', '||', () => this.parseConditionalAnd());
  }

  /** `conditionalAnd: relation ('&&' relation)*`. */
  private parseConditionalAnd(): CelExpr {
    return this.parseLogical('conditionalAnd', '&&', () => this.parseRelation());
  }

  /** A run of `&&` or `||` over `term`s, as one balanced tree of calls. */
  private parseLogical(rule: 'conditionalOr' | 'conditionalAnd', op: '||' | '&&', term: () => CelExpr): CelExpr {
    this.enter(rule);
    const terms = [term()];
    const ops: number[] = [];
    while (this.peek().kind === op) {
      ops.push(this.take().start);
      terms.push(term());
    }
    this.exit(rule);
    return this.balanced(`_${op}_`, terms, ops, 0, ops.length - 1);
  }

  /** `relation: calc | relation op relation`: one level, left-associative (`a < b < c` is `(a < b) < c`); the right side is a nested `relation`. */
  private parseRelation(): CelExpr {
    this.enter('relation');
    let left = this.parseCalc(0);
    for (let fn = RELATIONS[this.peek().kind]; fn !== undefined; fn = RELATIONS[this.peek().kind]) {
      const op = this.take();
      this.enter('relation');
      const right = this.parseCalc(0);
      this.exit('relation');
      left = this.call(fn, op.start, [left, right]);
    }
    this.exit('relation');
    return left;
  }

  /** `calc`, precedence climbing as ANTLR generates it: `* / %` (level 2) bind tighter than `+ -` (level 1), both left-associative. */
  private parseCalc(minLevel: number): CelExpr {
    this.enter('calc');
    let left = this.parseUnary();
    for (let op = CALCS[this.peek().kind]; op !== undefined && op.level >= minLevel; op = CALCS[this.peek().kind]) {
      const token = this.take();
      const right = this.parseCalc(op.level + 1);
      left = this.call(op.fn, token.start, [left, right]);
    }
    this.exit('calc');
    return left;
  }

  /**
   * `unary: member | '!'+ member | '-'+ member`. A `-` right before a number
   * is the number's sign (ANTLR takes the first alternative on a tie, so
   * `-1` is the literal -1 and `-9223372036854775808` is in range), but after
   * another `-` it is one more negation (the loop is greedy: `--1` is 1).
   * An even run of `!` or `-` cancels out (parser.go `VisitLogicalNot`).
   */
  private parseUnary(): CelExpr {
    this.enter('unary');
    const first = this.peek();
    let result: CelExpr;
    if (first.kind === '!' || (first.kind === '-' && !isNumber(this.peek(1).kind))) {
      let count = 0;
      for (; this.peek().kind === first.kind; count++) this.take();
      const operand = this.parseMember();
      result = count % 2 === 0 ? operand : this.call(first.kind === '!' ? '!_' : '-_', first.start, [operand]);
    } else {
      result = this.parseMember();
    }
    this.exit('unary');
    return result;
  }

  /** `member: primary ('.' '?'? escapeIdent | '.' IDENTIFIER '(' exprList? ')' | '[' '?'? expr ']')*`. */
  private parseMember(): CelExpr {
    this.enter('member');
    let expr = this.parsePrimary();
    for (let kind = this.peek().kind; kind === '.' || kind === '['; kind = this.peek().kind) {
      expr = kind === '.' ? this.parseDotSuffix(expr) : this.parseIndexSuffix(expr);
    }
    this.exit('member');
    return expr;
  }

  /** `.f`, `.?f` or `.f(args)`: a select is placed at its dot, a member call at its `(` (parser.go `VisitSelect`, `VisitMemberCall`). */
  private parseDotSuffix(operand: CelExpr): CelExpr {
    const dot = this.take();
    const optional = this.peek().kind === '?';
    if (optional) this.take();
    if (!optional && this.peek().kind === 'IDENT' && this.peek(1).kind === '(') {
      const name = this.take();
      const open = this.take();
      return this.receiverCallOrMacro(name.text, operand, this.parseCallArgs(), open.start);
    }
    const field = this.parseEscapeIdent(optional ? "'.?'" : "'.'");
    if (field.escaped) this.report(field.token.start, `${BACKTICKS_OFF}: write ${describe(field.token)} without backticks, or index with a string`);
    return this.node({ kind: 'select', offset: dot.start, operand, field: field.name, optional, test: false }, true, [operand]);
  }

  /** `[i]` or `[?i]`, placed at the `[`. */
  private parseIndexSuffix(operand: CelExpr): CelExpr {
    const open = this.take();
    const optional = this.peek().kind === '?';
    if (optional) this.take();
    const index = this.parseExpr();
    this.expect(']', "to close the index opened by '['");
    return this.call(optional ? '_[?_]' : '_[_]', open.start, [operand, index]);
  }

  /** `primary`: a name, call or message literal; `(expr)`; a list; a map; a literal. */
  private parsePrimary(): CelExpr {
    this.enter('primary');
    const token = this.peek();
    let result: CelExpr;
    if (token.kind === '.' || token.kind === 'IDENT') {
      result = this.isMessageStart() ? this.parseCreateMessage() : this.parseNameOrCall();
    } else if (token.kind === '(') {
      this.take();
      result = this.parseExpr();
      this.expect(')', "to close the '('");
    } else if (token.kind === '[') {
      result = this.parseCreateList();
    } else if (token.kind === '{') {
      result = this.parseCreateMap();
    } else if (isLiteralStart(token.kind)) {
      result = this.parseLiteral();
    } else {
      return this.fail(token, expectedExpression(token));
    }
    this.exit('primary');
    return result;
  }

  /** `'.'? IDENTIFIER` or `'.'? IDENTIFIER '(' exprList? ')'`; a reserved name is refused as either (parser.go `VisitIdent`, `VisitGlobalCall`). */
  private parseNameOrCall(): CelExpr {
    const start = this.peek();
    const dot = start.kind === '.' ? this.take() : undefined;
    const id = this.peek();
    if (id.kind !== 'IDENT') return this.fail(id, `unexpected ${describe(id)}: expected a name after the leading '.'`);
    this.take();
    const name = (dot ? '.' : '') + id.text;
    const reserved = RESERVED.has(id.text);
    if (reserved) this.report(start.start, `'${id.text}' is a reserved word and cannot be used as an identifier`);
    const result = this.peek().kind === '(' ? this.parseGlobalCall(name) : this.node({ kind: 'ident', offset: id.start, name }, false, []);
    if (reserved) this.invalid.add(result);
    return result;
  }

  /** A global call, placed at its `(`; `has(x.f)` becomes a presence test there (macro.go `MakeHas`). */
  private parseGlobalCall(name: string): CelExpr {
    const open = this.take();
    const args = this.parseCallArgs();
    if (name !== 'has' || args.length !== 1) return this.call(name, open.start, args);
    const [arg] = args;
    if (arg.kind === 'select' && !arg.optional && !this.invalid.has(arg)) {
      // `a.?f` is a call (`_?._`) in cel-go's AST, not a select: has() refuses it.
      return this.node({ ...arg, offset: open.start, test: true }, false, [arg]);
    }
    this.report(arg.offset, 'has() expects a field selection such as has(a.b), with no `?`');
    return this.markInvalid(this.call(name, open.start, args));
  }

  /** `'.'? IDENTIFIER ('.' IDENTIFIER)*` followed by `{`: a message literal, which ANTLR tells from a name by looking that far ahead. */
  private isMessageStart(): boolean {
    let k = this.peek().kind === '.' ? 1 : 0;
    if (this.peek(k).kind !== 'IDENT') return false;
    k++;
    while (this.peek(k).kind === '.' && this.peek(k + 1).kind === 'IDENT') k += 2;
    return this.peek(k).kind === '{';
  }

  /** `Type{field: value, ?field: value}`, placed at its `{`; the type name is not checked against the reserved words. */
  private parseCreateMessage(): CelStruct {
    const parts: string[] = [];
    if (this.peek().kind === '.') parts.push(this.take().text);
    parts.push(this.take().text);
    while (this.peek().kind === '.') parts.push(this.take().text, this.take().text);
    const open = this.take();
    const fields = this.peek().kind === '}' || this.peek().kind === ',' ? [] : this.parseFieldInitializerList();
    this.closeAggregate('}', 'message');
    return this.node({ kind: 'struct', offset: open.start, typeName: parts.join(''), fields }, false, fields.map((f) => f.value));
  }

  /** `'[' listInit? ','? ']'`: `[,]` is an empty list, and one trailing comma is allowed. */
  private parseCreateList(): CelList {
    const open = this.take();
    const items = this.peek().kind === ']' || this.peek().kind === ',' ? [] : this.parseListInit();
    this.closeAggregate(']', 'list');
    const elements = items.map((i) => i.expr);
    return this.node({ kind: 'list', offset: open.start, elements, optional: items.map((i) => i.optional) }, false, elements);
  }

  /** `'{' mapInitializerList? ','? '}'`. */
  private parseCreateMap(): CelMap {
    const open = this.take();
    const entries = this.peek().kind === '}' || this.peek().kind === ',' ? [] : this.parseMapInitializerList();
    this.closeAggregate('}', 'map');
    return this.node({ kind: 'map', offset: open.start, entries }, false, entries.flatMap((e) => [e.key, e.value]));
  }

  /** The optional trailing comma and the closing bracket of a list, map or message. */
  private closeAggregate(close: ']' | '}', what: string): void {
    if (this.peek().kind === ',') this.take();
    this.expect(close, `or ',' to continue the ${what}`);
  }

  /** `exprList: expr (',' expr)*`, between the parentheses of a call (no trailing comma). */
  private parseCallArgs(): CelExpr[] {
    if (this.peek().kind === ')') {
      this.take();
      return [];
    }
    this.enter('exprList');
    const args = [this.parseExpr()];
    while (this.peek().kind === ',') {
      this.take();
      args.push(this.parseExpr());
    }
    this.exit('exprList');
    this.expect(')', "or ',' to continue the call's arguments");
    return args;
  }

  /** `listInit: optExpr (',' optExpr)*`; a comma before `]` is left to `parseCreateList`. */
  private parseListInit(): { expr: CelExpr; optional: boolean }[] {
    this.enter('listInit');
    const items = [this.parseOptExpr()];
    while (this.peek().kind === ',' && this.peek(1).kind !== ']') {
      this.take();
      items.push(this.parseOptExpr());
    }
    this.exit('listInit');
    return items;
  }

  /** `mapInitializerList: optExpr ':' expr (',' optExpr ':' expr)*`. */
  private parseMapInitializerList(): { key: CelExpr; value: CelExpr; optional: boolean }[] {
    this.enter('mapInitializerList');
    const entries: { key: CelExpr; value: CelExpr; optional: boolean }[] = [];
    do {
      if (entries.length > 0) this.take();
      const key = this.parseOptExpr();
      this.expect(':', 'between the key and the value of a map entry');
      entries.push({ key: key.expr, value: this.parseExpr(), optional: key.optional });
    } while (this.peek().kind === ',' && this.peek(1).kind !== '}');
    this.exit('mapInitializerList');
    return entries;
  }

  /**
   * `fieldInitializerList: optField ':' expr (',' optField ':' expr)*`. A
   * backquoted field is refused at the start of the list, where parser.go
   * `VisitIFieldInitializerList` reports it.
   */
  private parseFieldInitializerList(): { name: string; value: CelExpr; optional: boolean }[] {
    this.enter('fieldInitializerList');
    const listStart = this.peek().start;
    const fields: { name: string; value: CelExpr; optional: boolean }[] = [];
    do {
      if (fields.length > 0) this.take();
      this.enter('optField');
      const optional = this.peek().kind === '?';
      if (optional) this.take();
      const field = this.parseEscapeIdent('in a message literal');
      this.exit('optField');
      if (field.escaped) this.report(listStart, `${BACKTICKS_OFF}: write the field name ${describe(field.token)} without backticks`);
      this.expect(':', 'between the field name and its value');
      fields.push({ name: field.name, value: this.parseExpr(), optional });
    } while (this.peek().kind === ',' && this.peek(1).kind !== '}');
    this.exit('fieldInitializerList');
    return fields;
  }

  /** `optExpr: '?'? expr`. */
  private parseOptExpr(): { expr: CelExpr; optional: boolean } {
    this.enter('optExpr');
    const optional = this.peek().kind === '?';
    if (optional) this.take();
    const expr = this.parseExpr();
    this.exit('optExpr');
    return { expr, optional };
  }

  /** `escapeIdent: IDENTIFIER | ESC_IDENTIFIER`; the caller refuses the second, which Flux's environment does not enable. */
  private parseEscapeIdent(after: string): { name: string; escaped: boolean; token: CelToken } {
    this.enter('escapeIdent');
    const token = this.peek();
    if (token.kind !== 'IDENT' && token.kind !== 'ESC_IDENT') {
      const keyword = token.kind === 'true' || token.kind === 'false' || token.kind === 'null' || token.kind === 'in';
      return this.fail(token, keyword ? `'${token.text}' is a keyword and cannot be used as a field name`
        : `unexpected ${describe(token)}: expected a field name ${after}`);
    }
    this.take();
    this.exit('escapeIdent');
    const escaped = token.kind === 'ESC_IDENT';
    return { name: escaped ? token.text.slice(1, -1) : token.text, escaped, token };
  }

  /** `literal`, with the range checks of parser.go `VisitInt`/`VisitUint`/`VisitDouble` and the escapes of unescape.go. */
  private parseLiteral(): CelExpr {
    this.enter('literal');
    const sign = this.peek().kind === '-' ? this.take() : undefined;
    const token = this.peek();
    if (sign && !isNumber(token.kind)) return this.fail(token, `unexpected ${describe(token)}: expected a number after '-'`);
    this.take();
    const offset = sign?.start ?? token.start;
    const problem = literalProblem(token, sign !== undefined);
    if (problem) this.report(offset, problem);
    this.exit('literal');
    return this.node({ kind: 'literal', offset, type: LITERAL_TYPES[token.kind]! }, false, []);
  }

  // ---- macros (parser.go `receiverCallOrMacro`, macro.go, cel/library.go) ----

  /** A member call, or the macro it names; a macro's node is placed at the call's `(`, where cel-go places the comprehension. */
  private receiverCallOrMacro(name: string, target: CelExpr, args: CelExpr[], open: number): CelExpr {
    const spec = RECEIVER_MACROS.get(name);
    const counted = [target, ...args];
    if (!spec || !spec.argCounts.includes(args.length)) return this.node({ kind: 'call', offset: open, fn: name, target, args }, true, counted);
    const [variable, ...rest] = args;
    const problem = this.macroVariableProblem(name, spec, variable);
    if (problem) {
      this.report(variable.offset, problem);
      return this.markInvalid(this.node({ kind: 'call', offset: open, fn: name, target, args }, true, counted));
    }
    const iterVar = variable.kind === 'ident' ? variable.name : '';
    const macro: CelMacro = { kind: 'macro', offset: open, macro: name as CelMacro['macro'], range: target, iterVar, args: rest };
    return this.node(macro, true, counted);
  }

  /** What is wrong with a macro's variable: not a plain name (`extractIdent`), or the accumulator's name. */
  private macroVariableProblem(name: string, spec: MacroSpec, variable: CelExpr): string | undefined {
    if (variable.kind !== 'ident' || this.invalid.has(variable)) {
      const bound = spec.style === 'optional' ? "the optional's value" : 'each element';
      return `'${name}' expects a simple name as its first argument (the variable ${bound} is bound to), not an expression`;
    }
    if (spec.style !== 'optional' && variable.name === ACCUMULATOR_NAME) {
      return `'${ACCUMULATOR_NAME}' cannot be the variable of '${name}': the macro's accumulator has that name`;
    }
    return undefined;
  }

  // ---- nodes ----

  /** `left op right` as helper.go `balancedTree` builds a run of `&&` or `||`: the middle operator at the root. */
  private balanced(fn: string, terms: readonly CelExpr[], ops: readonly number[], lo: number, hi: number): CelExpr {
    if (ops.length === 0) return terms[0];
    const mid = Math.floor((lo + hi + 1) / 2);
    const left = mid === lo ? terms[mid] : this.balanced(fn, terms, ops, lo, mid - 1);
    const right = mid === hi ? terms[mid + 1] : this.balanced(fn, terms, ops, mid + 1, hi);
    return this.call(fn, ops[mid], [left, right]);
  }

  /** An operator or global call; relations, arithmetic, `?:` and indexing count toward the visitor's depth. */
  private call(fn: string, offset: number, args: CelExpr[]): CelExpr {
    return this.node({ kind: 'call', offset, fn, args }, COUNTED_OPERATORS.has(fn), args);
  }

  /**
   * Records how deep parser.go's visitor goes below `expr` (it counts
   * `?:`, relations, arithmetic, selects, member calls and indexing, and
   * refuses more than the limit: "max recursion depth exceeded").
   */
  private node<T extends CelExpr>(expr: T, counted: boolean, children: readonly CelExpr[]): T {
    let height = 0;
    for (const child of children) height = Math.max(height, this.heights.get(child) ?? 0);
    if (counted) height++;
    if (height > this.maxDepth) this.stop(`the expression nests more than ${this.maxDepth} operations deep, cel-go's limit`);
    this.heights.set(expr, height);
    return expr;
  }

  private markInvalid(expr: CelExpr): CelExpr {
    this.invalid.add(expr);
    return expr;
  }

  // ---- tokens, rules and problems ----

  private peek(ahead = 0): CelToken {
    return this.tokens[Math.min(this.at + ahead, this.tokens.length - 1)];
  }

  private take(): CelToken {
    const token = this.peek();
    if (token.kind !== 'EOF') this.at++;
    return token;
  }

  private expect(kind: CelTokenKind, purpose: string): CelToken {
    const token = this.peek();
    if (token.kind !== kind) this.fail(token, `unexpected ${describe(token)}: expected '${kind}' ${purpose}`);
    return this.take();
  }

  /** Enters a rule as the ANTLR parse listener counts it; more nested invocations of one rule than the limit end the parse. */
  private enter(rule: Rule): void {
    const depth = (this.ruleDepth[rule] ?? 0) + 1;
    this.ruleDepth[rule] = depth;
    if (depth > this.maxDepth) this.stop(`the expression nests more than ${this.maxDepth} levels deep, cel-go's limit`);
  }

  private exit(rule: Rule): void {
    this.ruleDepth[rule] = (this.ruleDepth[rule] ?? 1) - 1;
  }

  private report(offset: number, message: string): void {
    this.problems.push({ offset, message });
  }

  private fail(token: CelToken, message: string): never {
    throw new ParseStop({ offset: token.start, message }, false);
  }

  private stop(message: string): never {
    throw new ParseStop({ offset: 0, message }, true);
  }
}

/** The message for a backquoted name: cel-go parses it, and refuses it unless `EnableIdentifierEscapeSyntax` is set, which Flux does not set. */
const BACKTICKS_OFF = "backquoted names are not enabled in Flux's CEL environment";

/** Each literal token's CEL type. */
const LITERAL_TYPES: Partial<Record<CelTokenKind, 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'bool' | 'null_type'>> = {
  INT: 'int', UINT: 'uint', DOUBLE: 'double', STRING: 'string', BYTES: 'bytes', true: 'bool', false: 'bool', null: 'null_type',
};

function isNumber(kind: CelTokenKind): boolean {
  return kind === 'INT' || kind === 'DOUBLE';
}

function isLiteralStart(kind: CelTokenKind): boolean {
  return kind === '-' || LITERAL_TYPES[kind] !== undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** What cel-go refuses in a well-formed literal token: a number out of range, or an escape unescape.go rejects. */
function literalProblem(token: CelToken, negative: boolean): string | undefined {
  switch (token.kind) {
    case 'INT': {
      // strconv.ParseInt(sign + digits, base, 64); BigInt reads the `0x` prefix itself.
      const value = negative ? -BigInt(token.text) : BigInt(token.text);
      return value < INT64_MIN || value > INT64_MAX ? `int literal out of range: ${negative ? '-' : ''}${token.text} does not fit in 64 bits` : undefined;
    }
    case 'UINT':
      return BigInt(token.text.slice(0, -1)) > UINT64_MAX ? `uint literal out of range: ${token.text} does not fit in 64 bits` : undefined;
    case 'DOUBLE':
      // strconv.ParseFloat fails only on overflow to infinity (underflow gives 0), as Number does.
      return Number.isFinite(Number(token.text)) ? undefined : `double literal out of range: ${token.text} is beyond the largest double`;
    case 'STRING':
    case 'BYTES':
      return escapeProblem(token.text, token.kind === 'BYTES');
    default:
      return undefined;
  }
}

/**
 * unescape.go on a literal the lexer accepted (so each escape is whole): a
 * `\u`/`\U` escape must be a Unicode scalar value, and a bytes literal may
 * not use one at all; raw literals are not unescaped.
 */
function escapeProblem(text: string, isBytes: boolean): string | undefined {
  const body = isBytes ? text.slice(1) : text;
  if (body[0] === 'r' || body[0] === 'R') return undefined;
  for (let i = body.indexOf('\\'); i >= 0; i = body.indexOf('\\', i)) {
    const c = body[i + 1];
    const digits = c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (digits > 0 && isBytes) return `'\\${c}' escapes are not allowed in a bytes literal: use '\\x' or octal escapes for its bytes`;
    if (digits > 0) {
      const value = parseInt(body.slice(i + 2, i + 2 + digits), 16);
      if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return `invalid unicode code point '${body.slice(i, i + 2 + digits)}' in a string literal`;
    }
    i += 2 + digits;
  }
  return undefined;
}

/** What a token reads as in a message. */
function describe(token: CelToken): string {
  if (token.kind === 'EOF') return 'end of expression';
  const text = token.text.length > 24 ? `${token.text.slice(0, 21)}...` : token.text;
  return `'${text}'`;
}

/** The message when an expression was expected at `token`. */
function expectedExpression(token: CelToken): string {
  if (token.kind === 'in') return "'in' is a reserved word and cannot be used as an identifier";
  if (token.kind === 'ESC_IDENT') return `${BACKTICKS_OFF}, and a backquoted name may only follow '.' or name a message field`;
  return `unexpected ${describe(token)}: expected an expression`;
}

/** The length in code points, as cel-go's `runes.Buffer.Len()` counts it. */
function codePointCount(source: string): number {
  let count = 0;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff || i === 0 || source.charCodeAt(i - 1) < 0xd800 || source.charCodeAt(i - 1) > 0xdbff) count++;
  }
  return count;
}
