import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type * as TS from 'typescript';
import { UsageError } from '../errors';

/**
 * Where a `new ChartRelease(...)` in the program's source says which chart
 * and version it wants. cdk8s calls it `(scope, id, props)`, Pulumi
 * `(name, args, opts?)`; both are found.
 */
export interface ReleaseCall {
  /** The construct id or resource name, when it is a string literal. */
  readonly id?: string;
  /** The `chart:` literal, when it is one. */
  readonly chart?: string;
  readonly file: string;
  /** 1-based line of the `new ChartRelease`. */
  readonly line: number;
  /** The `version:` property, if the call has one. */
  readonly version?: VersionProperty;
}

/** A `version:` property: a string literal flux-oci can rewrite, or why it cannot. */
export type VersionProperty =
  | { readonly literal: true; readonly value: string; readonly start: number; readonly end: number; readonly line: number }
  | { readonly literal: false; readonly what: string; readonly line: number };

/**
 * Every `new ChartRelease(...)` in the program that `entry` starts, read
 * with the TypeScript compiler API (the program's own `typescript`), so a
 * version is found as the string literal it is, never by a regular
 * expression over text.
 */
export function findReleaseCalls(ts: typeof TS, entry: string, root: string): ReleaseCall[] {
  const program = ts.createProgram([entry], { allowJs: true, noEmit: true, skipLibCheck: true, noResolve: false });
  const calls: ReleaseCall[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || /[\\/]node_modules[\\/]/.test(sourceFile.fileName)) continue;
    const visit = (node: TS.Node): void => {
      if (ts.isNewExpression(node) && isChartRelease(ts, node.expression)) {
        const call = releaseCall(ts, node, sourceFile, root);
        if (call) calls.push(call);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return calls.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

function isChartRelease(ts: typeof TS, expression: TS.Expression): boolean {
  if (ts.isIdentifier(expression)) return expression.text === 'ChartRelease';
  return ts.isPropertyAccessExpression(expression) && expression.name.text === 'ChartRelease';
}

function releaseCall(ts: typeof TS, node: TS.NewExpression, sourceFile: TS.SourceFile, root: string): ReleaseCall | undefined {
  const args = node.arguments ?? [];
  // cdk8s: (scope, 'id', { ... }); Pulumi: ('name', { ... }, opts?).
  const pulumiShape = args.length >= 2 && ts.isObjectLiteralExpression(args[1]);
  const idArg = pulumiShape ? args[0] : args[1];
  const props = pulumiShape ? args[1] : args[2];
  if (!props || !ts.isObjectLiteralExpression(props)) return undefined;
  const lineOf = (n: TS.Node) => sourceFile.getLineAndCharacterOfPosition(n.getStart(sourceFile)).line + 1;
  const property = (name: string) => props.properties.find((p): p is TS.PropertyAssignment =>
    ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name);
  const chart = property('chart')?.initializer;
  const version = property('version');
  return {
    id: idArg && isPlainString(ts, idArg) ? idArg.text : undefined,
    chart: chart && isPlainString(ts, chart) ? chart.text : undefined,
    file: relative(root, sourceFile.fileName),
    line: lineOf(node),
    version: version && versionProperty(ts, version.initializer, sourceFile, lineOf(version)),
  };
}

function isPlainString(ts: typeof TS, node: TS.Node): node is TS.StringLiteral | TS.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

function versionProperty(ts: typeof TS, init: TS.Expression, sourceFile: TS.SourceFile, line: number): VersionProperty {
  if (isPlainString(ts, init)) {
    // The text between the quotes: the rewrite keeps the quote style.
    return { literal: true, value: init.text, start: init.getStart(sourceFile) + 1, end: init.getEnd() - 1, line };
  }
  const what = ts.isIdentifier(init) ? `the variable '${init.text}'`
    : ts.isTemplateExpression(init) ? 'a template string with substitutions'
      : ts.isCallExpression(init) ? 'a function call'
        : ts.isPropertyAccessExpression(init) ? `'${init.getText(sourceFile)}'`
          : `an expression (${ts.SyntaxKind[init.kind]})`;
  return { literal: false, what, line };
}

/**
 * `source` with the text of `version` replaced by `to`: every other byte
 * stays as it was. The literal is checked to still hold what was read.
 */
export function rewriteVersion(file: string, version: Extract<VersionProperty, { literal: true }>, to: string): string {
  const text = readFileSync(file, 'utf8');
  if (text.slice(version.start, version.end) !== version.value) {
    throw new UsageError(`${file}:${version.line}: the version literal changed while flux-oci read it; run the command again`);
  }
  return text.slice(0, version.start) + to + text.slice(version.end);
}

/**
 * The project's own TypeScript compiler, as its build uses it: cdk8s and
 * Pulumi TypeScript projects have one. flux-oci does not carry its own.
 */
export function loadTypeScript(root: string): typeof TS {
  let path: string;
  try {
    path = require.resolve('typescript', { paths: [root] });
  } catch {
    throw new UsageError(`flux-oci bump reads the program with the TypeScript compiler, and ${root} has none installed; run 'npm install --save-dev typescript' there`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as typeof TS;
}
