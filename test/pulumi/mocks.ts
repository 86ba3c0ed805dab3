import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { expectValid } from '../support/validate';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> };

/** Pulumi's marker around a secret value in serialized resource inputs. */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const SECRET_SIG_VALUE = '1b47061264138c4ac30d75fd1eb44270';

export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  /** Inputs as the engine receives them: secrets inside Pulumi's secret envelope. */
  readonly inputs: any;
  readonly provider?: string;
  /** `urn:pulumi:<stack>::<project>::[<parent type>$]<type>::<name>`: the parent's type is in it. */
  readonly urn: string;
}

/**
 * Records every resource the program registers, as pulumi-awsx's tests do.
 * Each `useMocks` starts a fresh monitor, so tests do not see each other's
 * resources.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  private readonly calls: pulumi.runtime.MockResourceArgs[] = [];

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    this.calls.push(args);
    return { id: `${args.name}-id`, state: args.inputs };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    throw new Error(`unexpected provider function call ${args.token}`);
  }

  /** Waits for every pending registration, then lists what was registered. */
  async resources(): Promise<RegisteredResource[]> {
    await settings.waitForRPCs();
    const monitor = pulumi.runtime.getMonitor() as unknown as { resources: Map<string, { urn: string }> };
    const urns = [...monitor.resources.keys()];
    return this.calls.map((c) => {
      const urn = urns.find((u) => u.endsWith(`${c.type}::${c.name}`));
      if (!urn) throw new Error(`no URN for ${c.type} ${c.name}`);
      return { type: c.type, name: c.name, inputs: c.inputs, provider: c.provider, urn };
    });
  }
}

/** Waits for every pending registration: call after each test, so none lands on the next test's monitor. */
export function settle(): Promise<void> {
  return settings.waitForRPCs();
}

export async function useMocks(options: { preview?: boolean; project?: string } = {}): Promise<RecordingMocks> {
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, options.project ?? 'proj', 'dev', options.preview ?? true);
  return mocks;
}

/** `parentType$type::name` of a URN: which resource, under which parent type. */
export function urnTail(urn: string): string {
  return urn.split('::').slice(2).join('::');
}

export function isSecretEnvelope(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as any)[SECRET_SIG] === SECRET_SIG_VALUE;
}

/** The inputs with every secret envelope replaced by its value. */
export function revealed(value: any): any {
  if (isSecretEnvelope(value)) return revealed(value.value);
  if (Array.isArray(value)) return value.map(revealed);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealed(v)]));
  return value;
}

/** The value of an Output, for assertions. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // `apply` callbacks run only once the value is known; a rejected Output rejects here.
    (output as any).promise().then(resolve, reject);
  });
}

/** Kubernetes objects among the resources, as manifests (secrets revealed), for CRD validation and comparison. */
export function manifests(resources: RegisteredResource[]): any[] {
  return resources.filter((r) => r.type.startsWith('kubernetes:')).map((r) => {
    const { apiVersion, kind, ...rest } = revealed(r.inputs);
    return { apiVersion, kind, ...rest };
  });
}

/**
 * Per test: Pulumi mocks in preview, the registry check online
 * (`FLUX_OCI_RESOLVE=online`, restored after), and `pulumi.log.warn`
 * recorded. Call at the top of a test file; read the fields inside tests.
 */
export function onlinePreviewPerTest(): { readonly mocks: RecordingMocks; readonly warnings: jest.SpyInstance } {
  const state = {} as { mocks: RecordingMocks; warnings: jest.SpyInstance };
  let savedMode: string | undefined;
  beforeEach(async () => {
    savedMode = process.env.FLUX_OCI_RESOLVE;
    process.env.FLUX_OCI_RESOLVE = 'online';
    state.mocks = await useMocks({ preview: true });
    state.warnings = jest.spyOn(pulumi.log, 'warn').mockImplementation(async () => undefined);
  });
  afterEach(async () => {
    await settle();
    state.warnings.mockRestore();
    if (savedMode === undefined) delete process.env.FLUX_OCI_RESOLVE;
    else process.env.FLUX_OCI_RESOLVE = savedMode;
  });
  return state;
}

/** Every Kubernetes object registered, validated against the CRD of the apiVersion it claims. */
export async function validObjects(mocks: RecordingMocks): Promise<any[]> {
  const objects = manifests(await mocks.resources());
  expectValid(objects);
  return objects;
}

/** The one object of `kind` (and `name`), or an error saying how many there were. */
export function findObject(objects: any[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${found.length}`);
  return found[0];
}

export interface ChildOptions {
  readonly parent?: pulumi.Resource;
  readonly dependsOn: pulumi.Resource[];
}

/**
 * A `transformations` option that records, for the resource it is given to
 * and all its children, the parent and `dependsOn` each was created with
 * (keyed `<type>::<name>`); mocks do not report either.
 */
export function optionRecorder(): { transformations: pulumi.ResourceTransformation[]; options: Map<string, ChildOptions> } {
  const options = new Map<string, ChildOptions>();
  const transformations: pulumi.ResourceTransformation[] = [(args) => {
    const dependsOn = args.opts.dependsOn;
    options.set(`${args.type}::${args.name}`, {
      parent: args.opts.parent,
      dependsOn: Array.isArray(dependsOn) ? dependsOn as pulumi.Resource[] : dependsOn ? [dependsOn as pulumi.Resource] : [],
    });
    return undefined;
  }];
  return { transformations, options };
}

/** The inputs with secrets replaced by a marker: what a preview diff would print. */
export function printable(value: any): any {
  if (isSecretEnvelope(value)) return '[secret]';
  if (Array.isArray(value)) return value.map(printable);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v)]));
  return value;
}

/** An error that ended a program, with what Pulumi's language host would print it as. */
export interface ProgramFailure {
  readonly name?: string;
  readonly code?: string;
  readonly message: string;
  /** A Pulumi ResourceError: printed as its message under `resource`, not as an unhandled exception. */
  readonly resourceError: boolean;
  /** The stack is left out of the report. */
  readonly hideStack?: boolean;
  /** Name of the resource the error is reported under. */
  readonly resource?: string;
}

/**
 * Asserts that a program failed the way a user should see it: with `code`,
 * as the error of resource `resource`, with the message starting with
 * `message`, without a stack or Pulumi's `error serializing property` prefix.
 */
export function expectResourceFailure(run: ProgramRun, code: string, resource: string, message: string): void {
  const failure = run.failures.find((f) => f.code === code);
  expect(failure).toMatchObject({ resourceError: true, hideStack: true, resource });
  expect(failure!.message.startsWith(message)).toBe(true);
  for (const f of run.failures) expect(f.message).not.toContain('error serializing property');
}

export interface ProgramRun {
  readonly resources: { type: string; name: string; inputs: any }[];
  readonly failures: ProgramFailure[];
}

/**
 * Runs `test/pulumi/programs/<program>.ts` in its own Node process under
 * mocks, as the Pulumi language host would: a failed Output fails the
 * program instead of the test runner.
 */
export function runProgram(
  program: string, options: { preview?: boolean; config?: Record<string, string>; secretKeys?: string[]; env?: NodeJS.ProcessEnv } = {},
): ProgramRun {
  const dir = path.join(__dirname, 'programs');
  // A failed program exits non-zero (Pulumi also reports the promises it left pending): the JSON line is the result.
  const child = spawnSync(process.execPath, [
    '-r', 'ts-node/register/transpile-only', path.join(dir, 'run-under-mocks.ts'), path.join(dir, `${program}.ts`), JSON.stringify({ ...options, env: undefined }),
  ], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', env: options.env ?? process.env });
  const last = child.stdout.trim().split('\n').pop();
  if (!last?.startsWith('{')) throw new Error(`program ${program} printed no result (exit ${child.status}): ${child.stderr.slice(0, 2000)}`);
  return JSON.parse(last) as ProgramRun;
}
