import { fluxVariableIn, fluxVariablesIn, isFluxVariableName, substitutedVariableAt } from '../../src/model/flux-variables';

test('every ${…} envsubst expands, with the variable it reads and whether a default is written', () => {
  expect(fluxVariablesIn('${APP}-${ENV:=prod} ${#NAME} ${A:-x} ${B-y} ${C=z} ${D^^} ${E/a/b}')).toEqual([
    { expression: '${APP}', name: 'APP', defaulted: false },
    { expression: '${ENV:=prod}', name: 'ENV', defaulted: true },
    { expression: '${#NAME}', name: 'NAME', defaulted: false },
    { expression: '${A:-x}', name: 'A', defaulted: true },
    { expression: '${B-y}', name: 'B', defaulted: true },
    { expression: '${C=z}', name: 'C', defaulted: true },
    { expression: '${D^^}', name: 'D', defaulted: false },
    { expression: '${E/a/b}', name: 'E', defaulted: false },
  ]);
});

test('$$ escapes a dollar (so $${HOME} stays as written); a default may hold an expression; $VAR without braces and an unclosed one are not expanded', () => {
  expect(fluxVariablesIn('echo $${HOME} $HOME ${X:=${Y}} ${UNCLOSED')).toEqual([{ expression: '${X:=${Y}}', name: 'X', defaulted: true }]);
  expect(fluxVariableIn('$${HOME}')).toBeUndefined();
  expect(fluxVariableIn('a-${APP}')).toBe('${APP}');
  expect(fluxVariableIn(3)).toBeUndefined();
});

test('variable names kustomize-controller takes, and the opt-out label', () => {
  expect(['APP', '_x', 'a1'].every(isFluxVariableName)).toBe(true);
  expect(['my-var', '1A', 'A.B', ''].some(isFluxVariableName)).toBe(false);
  const manifest = { metadata: { labels: { 'kustomize.toolkit.fluxcd.io/substitute': 'disabled' } }, spec: { name: '${APP}' } };
  expect(substitutedVariableAt(manifest, '/spec/name')).toBeUndefined();
  expect(substitutedVariableAt({ spec: { name: '${APP}' } }, '/spec/name')).toBe('${APP}');
});
