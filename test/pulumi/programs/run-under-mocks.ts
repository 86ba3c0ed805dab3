/**
 * Runs a Pulumi program under the SDK's mocks in its own Node process, the
 * way the Node language host runs one: errors that reach no handler (a
 * rejected input of a registered resource) fail the program. Prints one
 * JSON line: the registered resources and the failures.
 *
 * Usage: node -r ts-node/register/transpile-only run-under-mocks.ts <program> '<options JSON>'
 */
import * as pulumi from '@pulumi/pulumi';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> };

interface RunOptions {
  readonly preview?: boolean;
  readonly project?: string;
  readonly config?: Record<string, string>;
  readonly secretKeys?: string[];
}

const failures: { name?: string; code?: string; message: string; resourceError: boolean; hideStack?: boolean; resource?: string }[] = [];
const record = (e: unknown) => {
  const err = e as { name?: string; code?: string; message?: string; hideStack?: boolean; resource?: { __name?: string } };
  failures.push({
    name: err?.name,
    code: err?.code,
    message: String(err?.message ?? e),
    // What the language host keys its report on: a ResourceError is printed as its message, under `resource`.
    resourceError: pulumi.ResourceError.isInstance(e),
    hideStack: err?.hideStack,
    resource: err?.resource?.__name,
  });
};
process.on('unhandledRejection', record);
process.on('uncaughtException', record);

const registered: pulumi.runtime.MockResourceArgs[] = [];
let printed = false;
function printResult(): void {
  if (printed) return;
  printed = true;
  process.stdout.write(JSON.stringify({
    resources: registered.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs })),
    failures,
  }) + '\n');
}
// A resource waiting on one that failed never registers: the event loop
// empties with RPCs pending, as in a real run after the first error.
process.on('beforeExit', printResult);

async function main(): Promise<void> {
  const [program, json] = process.argv.slice(2);
  const options = JSON.parse(json ?? '{}') as RunOptions;
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      registered.push(args);
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => {
      throw new Error(`unexpected provider function call ${args.token}`);
    },
  }, options.project ?? 'proj', 'dev', options.preview ?? true);
  if (options.config) pulumi.runtime.setAllConfig(options.config, options.secretKeys);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(program);
  } catch (e) {
    record(e);
  }
  await settings.waitForRPCs().catch(record);
  // Let rejections from the last registrations reach the handler.
  await new Promise((resolve) => setTimeout(resolve, 20));
  printResult();
}

main().catch((e) => {
  record(e);
  printResult();
});
