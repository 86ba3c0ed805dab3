import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { FluxOci, FluxOciSettings } from '../../src/cdk8s';
import type { FluxVersion } from '../../src/model/flux-version';
import { expectValid } from '../support/validate';

/**
 * Each example program produces the objects its seed guide shows, with the
 * same meaning: in the guide's own API versions (its fluxVersion), and
 * migrated to the current ones by default.
 */

const GUIDES = join(__dirname, 'guides');
const EXAMPLES = join(__dirname, '..', '..', 'examples');

interface Guide {
  readonly name: string;
  readonly settings: FluxOciSettings;
  readonly objects: any[];
}

function loadGuide(file: string): Guide {
  const text = readFileSync(join(GUIDES, file), 'utf8');
  const fluxVersion = /^# fluxVersion: "([0-9.]+)"/m.exec(text)?.[1] as FluxVersion | undefined;
  const target = /^# target: (helm-operator)/m.exec(text)?.[1] as 'helm-operator' | undefined;
  return {
    name: file.replace(/\.yaml$/, ''),
    settings: target ? { target } : { fluxVersion },
    objects: parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean),
  };
}

function synthExample(name: string, settings: FluxOciSettings): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defineApp } = require(join(EXAMPLES, name, 'main.ts')) as { defineApp: (app: App) => void };
  const app = Testing.app();
  FluxOci.configure(app, settings);
  defineApp(app);
  const objects = app.charts.flatMap((c) => Testing.synth(c));
  expectValid(objects);
  return objects;
}

const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `5m0s` and `5m` mean the same; helm-operator values are YAML text. */
function normalize(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && /(interval|timeout)$/i.test(key) && DURATION.test(value)) {
    let ms = 0;
    for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)) ms += Number(m[1]) * UNIT_MS[m[2]];
    return `${ms}ms`;
  }
  if (typeof value === 'string' && key === 'values') return parse(value);
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, k)]));
  }
  return value;
}

function dockerConfigHosts(json: string): string[] {
  return Object.keys(JSON.parse(json).auths).sort();
}

/** What a Secret means to Flux: its type, its keys, and for registry Secrets the hosts it serves. */
function secretMeaning(obj: any): unknown {
  if (obj.kind === 'ExternalSecret') {
    const t = obj.spec.target.template;
    return {
      name: obj.spec.target.name,
      type: t.type,
      keys: Object.keys(t.data).sort(),
      hosts: t.data['.dockerconfigjson'] ? dockerConfigHosts(t.data['.dockerconfigjson']) : undefined,
    };
  }
  const data = obj.stringData ?? obj.data ?? {};
  const raw = data['.dockerconfigjson'];
  return {
    name: obj.metadata.name,
    type: obj.type,
    keys: Object.keys(data).sort(),
    hosts: raw ? dockerConfigHosts(obj.stringData ? raw : Buffer.from(raw, 'base64').toString('utf8')) : undefined,
  };
}

function counterpart(objects: any[], guideObj: any): any {
  const sameName = (o: any) => o.metadata.name === guideObj.metadata.name && o.metadata.namespace === guideObj.metadata.namespace;
  if (guideObj.kind === 'Secret') {
    return objects.find((o) => o.kind === 'Secret' && sameName(o))
      ?? objects.find((o) => o.kind === 'ExternalSecret' && o.spec.target.name === guideObj.metadata.name && o.metadata.namespace === guideObj.metadata.namespace);
  }
  return objects.find((o) => o.kind === guideObj.kind && sameName(o));
}

function expectSameMeaning(guide: Guide, objects: any[], apiVersionOf: (guideApiVersion: string) => string): void {
  expect(objects).toHaveLength(guide.objects.length);
  for (const g of guide.objects) {
    const ours = counterpart(objects, g);
    expect(ours).toBeDefined();
    if (g.kind === 'Secret') {
      expect(secretMeaning(ours)).toStrictEqual(secretMeaning(g));
      continue;
    }
    expect(ours.apiVersion).toBe(apiVersionOf(g.apiVersion));
    expect(normalize(ours.spec)).toStrictEqual(normalize(g.spec));
  }
}

const CURRENT: Record<string, string> = {
  'source.toolkit.fluxcd.io': 'source.toolkit.fluxcd.io/v1',
  'helm.toolkit.fluxcd.io': 'helm.toolkit.fluxcd.io/v2',
};

describe.each(readdirSync(GUIDES).filter((f) => f.endsWith('.yaml')).map(loadGuide))('seed guide $name', (guide) => {
  test('the example reproduces the guide in its own API versions', () => {
    expectSameMeaning(guide, synthExample(guide.name, guide.settings), (v) => v);
  });

  test('by default the same objects use the APIs current Flux serves', () => {
    const settings = guide.settings.target ? guide.settings : {};
    expectSameMeaning(guide, synthExample(guide.name, settings), (v) => CURRENT[v.split('/')[0]] ?? v);
  });
});

test('every example has a seed guide to compare with, and every guide an example', () => {
  // Pulumi examples are checked under Pulumi's mocks in test/pulumi.
  const examples = readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('pulumi-')).map((d) => d.name).sort();
  const guides = readdirSync(GUIDES).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
  expect(examples).toEqual(guides);
});
