import { positionOf } from '../../../src/model/flux-cel/ast';
import { CelCompileEnvironment, checkCompiled } from '../../../src/model/flux-cel/checker';
import { celExpressionProblem, COMMIT_STATUS_EXPRESSION, HEALTH_CHECK_EXPRESSION, READY_EXPRESSION } from '../../../src/model/flux-cel/expressions';
import { parseCel } from '../../../src/model/flux-cel/parser';

/**
 * What cel-go's checker refuses where Flux compiles an expression
 * (`NewExpression` with `WithCompile`, Struct variables and an output
 * type): undeclared names and functions, and a result of another type
 * than the one asked for. The refusals and acceptances come from
 * fluxcd/pkg runtime/cel/expression_test.go and the controllers' tests.
 */

function problemsOf(source: string, env: CelCompileEnvironment): string[] {
  const parsed = parseCel(source);
  expect(parsed.problems).toEqual([]);
  return checkCompiled(parsed.expr!, env).map((p) => `${p.offset === undefined ? 'whole' : positionOf(source, p.offset).column}: ${p.message}`);
}

const READY = { variables: ['self', 'dep'], output: 'bool' } as const;

test.each([
  'self.generation == dep.generation',
  "self.metadata.annotations['app/version'] == dep.metadata.annotations['app/version']",
  'dep.status.ready == true',
  'has(dep.status) && has(dep.status.conditions)',
  "dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')",
  "dep.status.conditions.filter(c, c.type == 'Ready').size() == 1",
  'size(dep.status.conditions) > 0',
  "dep.metadata.labels.exists(k, k.startsWith('app'))",
  '[1, 2].all(x, x > 0)',
  'optional.of(1).hasValue()',
  "dep.?status.?phase.orValue('') == 'Ready'",
  "google.protobuf.Duration{seconds: 1} == duration('1s')",
  'self.x ? true : false',
  // Not followed here: cel-go types it by unifying the branches; not judged.
  'self.x ? dep.y : false',
  '.self.spec.suspend == false',
  // A map literal's values keep their type in cel-go (map(string, bool)): not taken for dyn here.
  "{'a': true}['a']",
  "{'a': true}.a",
  "sets.contains(['a'], [dep.metadata.name])",
  "dep.metadata.name.matches('^infra-') && !dep.spec.suspend",
  "'a'.upperAscii() + base64.encode(b'x') != dep.metadata.name",
  // fluxcd/helm-controller helmrelease_controller_test.go (0f61a86), a readyExpr over several lines.
  "\ndep.metadata.labels['app/version'] == self.metadata.labels['app/version'] &&\n"
    + "dep.status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True') &&\n"
    + 'dep.metadata.generation == dep.status.observedGeneration\n',
])('cel-go compiles %s to a bool with self and dep', (source) => {
  expect(problemsOf(source, READY)).toEqual([]);
});

test.each([
  // fluxcd/kustomize-controller and helm-controller: "fails terminally with invalid readyExpr".
  ['self.generation == deps.generation', ["20: undeclared reference to 'deps': the variables declared are 'self' and 'dep'"]],
  ['c.type == dep.metadata.name', ["1: undeclared reference to 'c': the variables declared are 'self' and 'dep'"]],
  ['__result__', ["1: undeclared reference to '__result__': the variables declared are 'self' and 'dep'"]],
  // fluxcd/pkg expression_test.go: "compilation checking output type can't predict type of struct field".
  ['dep.status.ready', [
    "whole: the expression's type is dyn, and Flux compiles it to require bool: a field of self or dep is dyn, so compare it (`== true`, `== 'Ready'`) "
      + 'or test it with has()',
  ]],
  ["'Ready'", ["whole: the expression's type is string, and Flux compiles it to require bool"]],
  ['size(dep.status.conditions)', ["whole: the expression's type is int, and Flux compiles it to require bool"]],
  ["dep.metadata.name + '-ready'", ["whole: the expression's type is string, and Flux compiles it to require bool"]],
  ['dep.status.conditions.map(c, c.type)', ["whole: the expression's type is list(dyn), and Flux compiles it to require bool"]],
  ['true ? 1 : 2', ["whole: the expression's type is int, and Flux compiles it to require bool"]],
  ['-dep.status.replicas', [expect.stringMatching(/^whole: the expression's type is dyn, /)]],
])('cel-go refuses %s with self and dep', (source, problems) => {
  expect(problemsOf(source, READY)).toEqual(problems);
});

test('an undeclared function names what CEL calls it, at the call', () => {
  const [problem] = problemsOf('dep.status.conditions.any(c, c.type == "Ready")', READY);
  expect(problem).toMatch(/^\d+: undeclared reference to 'any': no such function in Flux's CEL environment \(CEL spells it exists\)$/);
  expect(problemsOf('dep.metadata.name.lower() == "x"', READY)).toEqual([
    expect.stringMatching(/undeclared reference to 'lower': no such function in Flux's CEL environment \(CEL spells it lowerAscii\)$/),
  ]);
});

test("a Provider's commitStatusExpr must give a string: dyn + string does, dyn + dyn does not", () => {
  const env = { variables: ['event', 'alert', 'provider'], output: 'string' } as const;
  expect(problemsOf("event.metadata.namespace + '/' + event.involvedObject.name + '/' + provider.metadata.uid", env)).toEqual([]);
  expect(problemsOf('string(event.involvedObject.name)', env)).toEqual([]);
  // fluxcd/notification-controller event_handlers_test.go (2e46958): wantErr.
  expect(problemsOf("event.involvedObject.kind == 'Kustomization'", env)).toEqual(["whole: the expression's type is bool, and Flux compiles it to require string"]);
  expect(problemsOf('event.metadata.namespace + event.involvedObject.name', env)).toEqual([
    expect.stringMatching(/^whole: the expression's type is dyn, and Flux compiles it to require string: a field of event, alert or provider is dyn/),
  ]);
});

test('celExpressionProblem parses only where Flux parses only, and gives the line and column in the expression', () => {
  // A health check expression reads the object's own fields: any name is fine to the parser.
  expect(celExpressionProblem("status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')", HEALTH_CHECK_EXPRESSION)).toBeUndefined();
  expect(celExpressionProblem('status.phase == "Ready"', READY_EXPRESSION)).toMatchObject({
    position: { line: 1, column: 1 }, message: expect.stringMatching(/'status'/),
  });
  expect(celExpressionProblem('status.ready &&\n  status.phase ==', HEALTH_CHECK_EXPRESSION)).toMatchObject({ position: { line: 2, column: 18 } });
  expect(celExpressionProblem('dep.status.ready', READY_EXPRESSION)).toEqual({ message: expect.stringMatching(/type is dyn/) });
  expect(celExpressionProblem("event.metadata.name + '/'", COMMIT_STATUS_EXPRESSION)).toBeUndefined();
});
