/**
 * `x-kubernetes-validations` rules run on a CEL engine (@bufbuild/cel), not
 * re-typed by hand. The API server type-checks a rule when the CRD is
 * written; this engine exports no type checker, so `compileRule` walks the
 * parsed rule instead and rejects any function or variable the environment
 * lacks. The schema generator compiles every rule, which makes a rule this
 * engine cannot run a build failure rather than a check that never fires.
 *
 * Kubernetes gives rules the CEL standard library plus its own libraries
 * (k8s.io/apiserver/pkg/cel/environment/base.go: strings, lists, regex,
 * URLs, quantity, IP/CIDR, format, …). Only the standard library and the
 * strings extension are here, which is all Flux's CRDs use; add a library
 * function when a CRD starts calling it, and the build will say which.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

type Expr = ReturnType<typeof parse>['expr'];

/** Variables a rule may read: the node's value, and the stored one for transition rules. */
export interface RuleBindings {
  readonly self: unknown;
  readonly oldSelf?: unknown;
}

/** The outcome of one evaluation: a value, or the engine's error text. */
export type RuleResult = { readonly value: unknown } | { readonly error: string };

export interface CompiledRule {
  readonly rule: string;
  /** Reads `oldSelf`: a transition rule, which the API server skips on create. */
  readonly usesOldSelf: boolean;
  evaluate(bindings: RuleBindings): RuleResult;
}

const env = celEnv({ funcs: [...strings] });

// Operators and macros the planner implements itself: _&&_, _[_], !_, -_, @in, @not_strictly_false, …
const OPERATOR = /^(_.*_|!_|-_|@.*)$/;
// Type names the standard environment resolves as identifiers (`type(x) == int`).
const TYPE_IDENTIFIERS = ['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type'];

const compiled = new Map<string, CompiledRule>();

/**
 * Parses and plans a rule once per process. Throws `Error` naming what the
 * engine lacks, or the parser's message, when the rule cannot run here.
 */
export function compileRule(rule: string): CompiledRule {
  let result = compiled.get(rule);
  if (result) return result;
  const parsed = parse(rule);
  const { unknown, usesOldSelf } = scan(parsed.expr);
  if (unknown.length > 0) throw new Error(`uses ${unknown.join(', ')}, which this CEL environment does not provide`);
  const program = plan(env, parsed);
  result = {
    rule,
    usesOldSelf,
    evaluate: (bindings) => {
      // `self` is JSON converted by values.ts: maps, lists, bigints, doubles, strings, bools
      const value = program(bindings as unknown as Parameters<typeof program>[0]);
      return isCelError(value) ? { error: value.message } : { value };
    },
  };
  compiled.set(rule, result);
  return result;
}

/** Unknown functions and variables of a parsed rule, and whether it reads oldSelf. */
function scan(root: Expr): { unknown: string[]; usesOldSelf: boolean } {
  const unknown = new Set<string>();
  let usesOldSelf = false;
  const visit = (e: Expr | undefined, bound: ReadonlySet<string>): void => {
    if (!e) return;
    const kind = e.exprKind;
    switch (kind.case) {
      case 'identExpr':
        if (kind.value.name === 'oldSelf') usesOldSelf = true;
        if (!bound.has(kind.value.name)) unknown.add(`variable ${kind.value.name}`);
        return;
      case 'selectExpr':
        return visit(kind.value.operand, bound);
      case 'callExpr': {
        const { target, args } = kind.value;
        const namespaced = qualifiedName(target, bound);
        if (namespaced !== undefined && env.funcs.find(`${namespaced}.${kind.value.function}`)) {
          // a namespaced function such as sets.contains(a, b), not a method on a variable
        } else {
          if (!OPERATOR.test(kind.value.function) && !env.funcs.find(kind.value.function)) unknown.add(`function ${kind.value.function}`);
          visit(target, bound);
        }
        for (const arg of args) visit(arg, bound);
        return;
      }
      case 'listExpr':
        for (const element of kind.value.elements) visit(element, bound);
        return;
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') visit(entry.keyKind.value, bound);
          visit(entry.value, bound);
        }
        return;
      case 'comprehensionExpr': {
        const c = kind.value;
        visit(c.iterRange, bound);
        visit(c.accuInit, bound);
        const inner = new Set([...bound, c.iterVar, c.iterVar2, c.accuVar].filter((n) => n !== ''));
        visit(c.loopCondition, inner);
        visit(c.loopStep, inner);
        visit(c.result, inner);
        return;
      }
      default:
        return; // constants
    }
  };
  visit(root, new Set(['self', 'oldSelf', ...TYPE_IDENTIFIERS]));
  return { unknown: [...unknown].sort(), usesOldSelf };
}

/** `a.b.c` for a chain of selects on an unbound identifier: the namespace of a function call. */
function qualifiedName(e: Expr | undefined, bound: ReadonlySet<string>): string | undefined {
  const kind = e?.exprKind;
  if (kind?.case === 'identExpr') return bound.has(kind.value.name) ? undefined : kind.value.name;
  if (kind?.case === 'selectExpr' && !kind.value.testOnly) {
    const operand = qualifiedName(kind.value.operand, bound);
    return operand === undefined ? undefined : `${operand}.${kind.value.field}`;
  }
  return undefined;
}
