import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { ChartRelease, FluxOci, OciHelmSource } from '../../src/cdk8s';
import { InvalidResolveModeError } from '../../src/check/errors';
import { Lockfile } from '../../src/check/lockfile';
import { checksNothing, RESOLVE_MODES, ResolveMode } from '../../src/check/mode';
import { Resolver } from '../../src/check/resolver';

/**
 * One precedence rule for the registry check's mode, whoever runs it:
 * FLUX_OCI_RESOLVE (the operator's knob: CI forces `locked`) over the
 * program's setting, over 'auto'. FLUX_OCI_RESOLVE is read in one function
 * (check/mode.ts `resolveModeFromEnv`), called only by the Resolver.
 */
describe('FLUX_OCI_RESOLVE over the program setting over auto', () => {
  const settings: (ResolveMode | undefined)[] = [undefined, ...RESOLVE_MODES];
  const environments: (string | undefined)[] = [undefined, '', ...RESOLVE_MODES];
  for (const env of environments) {
    for (const setting of settings) {
      const expected = env || setting || 'auto';
      test(`FLUX_OCI_RESOLVE=${env === undefined ? '(unset)' : `'${env}'`}, program mode ${setting ?? '(unset)'} → ${expected}`, () => {
        const resolver = new Resolver({ lockfile: false, mode: setting, env: env === undefined ? {} : { FLUX_OCI_RESOLVE: env } });
        expect(resolver.mode).toBe(expected);
      });
    }
  }

  test('a value that is not a mode fails naming the variable and the modes', () => {
    expect(() => new Resolver({ lockfile: false, env: { FLUX_OCI_RESOLVE: 'lockd' } })).toThrow(InvalidResolveModeError);
    expect(() => new Resolver({ lockfile: false, env: { FLUX_OCI_RESOLVE: 'lockd' } }))
      .toThrow("FLUX_OCI_RESOLVE='lockd' is not a mode; use one of auto, online, locked, verify, off");
  });

  test("only 'off' with no lockfile checks nothing (front ends then build no request)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-oci-mode-'));
    const missing = join(dir, 'missing.lock.json');
    const locked = join(dir, 'flux-oci.lock.json');
    const lock = Lockfile.load(locked);
    lock.set({ path: 'test', reference: 'oci://127.0.0.1:9/charts/web', version: '1.2.3', ruleSet: 'oci-repository' },
      { version: '1.2.3', tag: '1.2.3', digest: `sha256:${'a'.repeat(64)}` });
    lock.save();
    expect(checksNothing('off', false)).toBe(true);
    expect(checksNothing('off', missing)).toBe(true);
    // A lockfile entry still pins with checks off.
    expect(checksNothing('off', locked)).toBe(false);
    for (const mode of RESOLVE_MODES.filter((m) => m !== 'off')) expect(checksNothing(mode, missing)).toBe(false);
  });

  test('Resolver.shared gives one resolver per effective mode and lockfile', () => {
    const lockfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-mode-')), 'flux-oci.lock.json');
    const a = Resolver.shared({ lockfile, mode: 'auto', env: {} });
    expect(Resolver.shared({ lockfile, mode: 'auto', env: {} })).toBe(a);
    expect(Resolver.shared({ lockfile, mode: 'auto', env: { FLUX_OCI_RESOLVE: 'locked' } })).not.toBe(a);
    expect(Resolver.shared({ lockfile, mode: 'auto', env: { FLUX_OCI_RESOLVE: 'locked' } }).mode).toBe('locked');
  });
});

describe('the cdk8s front end follows the same rule', () => {
  const saved = process.env.FLUX_OCI_RESOLVE;
  afterEach(() => { process.env.FLUX_OCI_RESOLVE = saved; });

  function synthWith(programMode: ResolveMode): () => void {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'flux-oci-mode-app-')) });
    const lockfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-mode-lock-')), 'flux-oci.lock.json');
    FluxOci.configure(app, { resolve: { mode: programMode, lockfile } });
    const chart = new Chart(app, 'apps');
    // 127.0.0.1:9 (discard) answers nothing: a lookup would fail as unreachable.
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://127.0.0.1:9/charts' });
    new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.2.3' });
    return () => app.synth();
  }

  test("FLUX_OCI_RESOLVE=locked in CI beats a program's 'online': no lookup, the missing entry is the error", () => {
    process.env.FLUX_OCI_RESOLVE = 'locked';
    expect(synthWith('online')).toThrow(/has no entry for oci:\/\/127\.0\.0\.1:9\/charts\/web '1\.2\.3' and FLUX_OCI_RESOLVE=locked/);
  });

  test("FLUX_OCI_RESOLVE=off beats a program's 'locked': synth writes without checks", () => {
    process.env.FLUX_OCI_RESOLVE = 'off';
    expect(synthWith('locked')).not.toThrow();
  });

  test("unset, the program's 'locked' applies", () => {
    delete process.env.FLUX_OCI_RESOLVE;
    expect(synthWith('locked')).toThrow(/FLUX_OCI_RESOLVE=locked forbids looking it up/);
  });
});
