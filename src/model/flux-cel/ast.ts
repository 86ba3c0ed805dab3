/**
 * The parsed form of a CEL expression, as cel-go's parser leaves it for its
 * checker (google/cel-go v0.26.1, 8e7beb65: parser/parser.go builds
 * `ast.Expr` nodes; parser/macro.go expands the macros). Only what the
 * checks need is kept: each node's kind, its parts and where it starts.
 * Operators are calls named as cel-go names them (common/operators:
 * `_+_`, `_==_`, `_&&_`, `_?_:_`, `_[_]`, `_[?_]`, `!_`, `-_`, `@in`), so
 * the checker resolves them as the functions they are.
 */

/** Where a node starts: the UTF-16 offset into the expression, for messages (see `positionOf`). */
export interface CelNodeBase {
  readonly offset: number;
}

/** A literal; `type` is its CEL type (`null_type` for `null`). */
export interface CelLiteral extends CelNodeBase {
  readonly kind: 'literal';
  readonly type: 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'bool' | 'null_type';
}

/** An identifier; a leading `.` (the root namespace) is kept in `name`. */
export interface CelIdent extends CelNodeBase {
  readonly kind: 'ident';
  readonly name: string;
}

/** `operand.field`; `optional` for `operand.?field`; `test` for the select inside `has(...)`. */
export interface CelSelect extends CelNodeBase {
  readonly kind: 'select';
  readonly operand: CelExpr;
  readonly field: string;
  readonly optional: boolean;
  readonly test: boolean;
}

/** A function or operator call; `target` is the receiver of a member call (`target.fn(args)`). */
export interface CelCall extends CelNodeBase {
  readonly kind: 'call';
  readonly fn: string;
  readonly target?: CelExpr;
  readonly args: readonly CelExpr[];
}

/** `[a, ?b]`; `optional[i]` is true for an element written `?b`. */
export interface CelList extends CelNodeBase {
  readonly kind: 'list';
  readonly elements: readonly CelExpr[];
  readonly optional: readonly boolean[];
}

/** `{k: v, ?k2: v2}`. */
export interface CelMap extends CelNodeBase {
  readonly kind: 'map';
  readonly entries: readonly { readonly key: CelExpr; readonly value: CelExpr; readonly optional: boolean }[];
}

/** `Type{field: value, ?f: v}` (a message literal); `typeName` as written, dots included. */
export interface CelStruct extends CelNodeBase {
  readonly kind: 'struct';
  readonly typeName: string;
  readonly fields: readonly { readonly name: string; readonly value: CelExpr; readonly optional: boolean }[];
}

/**
 * A macro, expanded: `range.all(v, e)`, `range.exists(v, e)`,
 * `range.exists_one(v, e)`, `range.map(v, e)`,
 * `range.map(v, filter, e)`, `range.filter(v, e)`, `target.optMap(v, e)`,
 * `target.optFlatMap(v, e)`. `iterVar` is the variable the body sees;
 * `args` are the expressions after it (one, or two for the three-argument
 * `map`). `has(x.f)` is not a macro node but a `select` with `test`.
 */
export interface CelMacro extends CelNodeBase {
  readonly kind: 'macro';
  readonly macro: 'all' | 'exists' | 'exists_one' | 'map' | 'filter' | 'optMap' | 'optFlatMap';
  readonly range: CelExpr;
  readonly iterVar: string;
  readonly args: readonly CelExpr[];
}

export type CelExpr = CelLiteral | CelIdent | CelSelect | CelCall | CelList | CelMap | CelStruct | CelMacro;

/** An error at an offset of the expression; cel-go reports the first it meets. */
export interface CelProblem {
  /** UTF-16 offset into the expression; none for a problem of the whole expression (its result type), which cel-go reports without a position. */
  readonly offset?: number;
  /** What is wrong, in words (not cel-go's ANTLR wording: a reader needs the cause, not the token set). */
  readonly message: string;
}

/** A syntax error: always at an offset. */
export interface CelSyntaxProblem extends CelProblem {
  readonly offset: number;
}

/** `line:column` of an offset as cel-go prints it (`<input>:1:5`): 1-based, columns in code points. */
export function positionOf(source: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 0x0a) {
      line++;
      column = 1;
    } else if (code < 0xd800 || code > 0xdbff) {
      // A high surrogate starts a code point its low half finishes: count the pair once.
      column++;
    }
  }
  return { line, column };
}
