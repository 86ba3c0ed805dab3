import { parse } from 'yaml';
import { goYamlText } from '../../src/archives/go-yaml-names';
import { parseHelmYaml } from '../../src/archives/yaml-input';

/** What go-yaml (Helm, kustomize, the Flux controllers) reads, through the yaml package. */
function asGoYamlReads(source: string): unknown {
  const read = goYamlText(source);
  if (read.refused) throw new Error(read.refused.message);
  return parse(read.text);
}

describe('anchor and alias names as go-yaml reads them', () => {
  test("an alias key written '*app:' is the alias app, as bjw-s app-template HelmReleases write it", () => {
    const source = 'metadata:\n  name: &app web\nspec:\n  values:\n    controllers:\n      *app:\n        replicas: 2\n';
    // The yaml package alone reads the alias 'app:' and fails the document.
    expect(() => parse(source)).toThrow();
    expect(asGoYamlReads(source)).toEqual({ metadata: { name: 'web' }, spec: { values: { controllers: { web: { replicas: 2 } } } } });
  });

  test("'*' and '&' inside scalars, quoted strings and block scalars are text, left as written", () => {
    const source = "a: &x-1_b v\nb: '*.yaml'\nc: a*b:c\nd: |\n  *bold*: yes\ne: [*x-1_b, *x-1_b]\nf: {*x-1_b: 2}\n";
    expect(goYamlText(source).text).toBe(source.replace('{*x-1_b:', '{*x-1_b :'));
    expect(asGoYamlReads(source)).toEqual({ a: 'v', b: '*.yaml', c: 'a*b:c', d: '*bold*: yes\n', e: ['v', 'v'], f: { v: 2 } });
  });

  test('positions map back to the text as written', () => {
    const source = 'a: &app x\nm:\n  *app: 1\n  *app: 2\nz: [oops\n';
    const read = goYamlText(source);
    expect(read.text).toBe('a: &app x\nm:\n  *app : 1\n  *app : 2\nz: [oops\n');
    const last = read.text.indexOf('oops');
    expect(read.sourceOffset(last)).toBe(source.indexOf('oops'));
    expect(read.sourceOffset(read.text.indexOf('*app : 2'))).toBe(source.indexOf('*app: 2'));
  });

  test('a name go-yaml refuses is named, where it is written', () => {
    const dotted = goYamlText('a: &app v\nb: *app.x\n');
    expect(dotted.refused).toEqual({
      offset: 13,
      message: "the alias *app followed by '.', which go-yaml (which Flux and Helm read YAML with) refuses: a name holds letters, digits, '_' and '-' only; quote '*app.x' if it is text",
    });
    // An unquoted glob is an alias with no name at all for go-yaml.
    expect(goYamlText('paths: **/*.yaml\n').refused?.message).toMatch(/^an alias with no name \('\*' followed by '\*'\), .*; quote '\*\*\/\*\.yaml' if it is text$/);
    expect(goYamlText('a: &app. v\n').refused?.message).toMatch(/^the anchor &app followed by '\.', .* '-' only$/);
  });

  test('text with no long name is returned as it is', () => {
    const source = 'a: &app v\nb: *app\nc: "x * y"\n';
    expect(goYamlText(source).text).toBe(source);
  });
});

describe('chart YAML (values.yaml, valuesFrom) reads names as Helm does', () => {
  test("values.yaml with an alias key written '*k:' loads; a refused name fails naming the file", () => {
    expect(parseHelmYaml('a: &k key\nm:\n  *k: 1\n', 'values.yaml')).toEqual({ a: 'key', m: { key: 1 } });
    expect(() => parseHelmYaml('a: &k key\nm: *k.x\n', 'values.yaml'))
      .toThrow(/values\.yaml.*unable to parse YAML: the alias \*k followed by '\.', which go-yaml/);
  });
});
