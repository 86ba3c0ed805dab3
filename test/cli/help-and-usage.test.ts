import { cli } from './run-cli';
import { COMMANDS } from '../../src/cli/commands';

/** Every command, by the words that select it. */
const NAMES = COMMANDS.map((c) => c.name.join(' '));

describe.each(COMMANDS.map((c) => [c.name.join(' '), c] as const))('%s', (name, command) => {
  const words = name.split(' ');

  test('--help, -h and help <command> print the usage on stdout, exit 0', async () => {
    for (const args of [[...words, '--help'], [...words, '-h'], ['help', ...words], [...words, 'some-arg', '--help']]) {
      expect(await cli(args)).toEqual({ code: 0, stdout: `${command.usage}\n`, stderr: '' });
    }
    expect(command.usage).toMatch(new RegExp(`^Usage: flux-oci ${name} `));
  });

  test('an unknown option names the closest one, shows the synopsis, exit 2; never Node\'s parseArgs text', async () => {
    const run = await cli([...words, '--josn']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`flux-oci ${name}: unknown option '--josn'; did you mean '--json'?\n\n${command.usage.split('\n\n')[0]}\n`
      + `Run 'flux-oci ${name} --help' for its options.\n`);
    const far = await cli([...words, '--zzzzzzzz=secret-value']);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(new RegExp(`^flux-oci ${name}: unknown option '--zzzzzzzz'\n`));
    expect(far.stderr).not.toContain('secret-value');
    expect(far.stderr).not.toMatch(/To specify a positional argument|ERR_PARSE_ARGS/);
  });

  test('--json is documented with its schema file', () => {
    expect(command.usage).toContain(`schemas/cli/${words.join('-')}.schema.json`);
  });
});

test('the registry flags: --plain-http, --insecure as its Flux-named alias, TLS flags as helm names them', () => {
  for (const words of [['tags'], ['show'], ['push', 'chart'], ['push', 'artifact'], ['login']]) {
    const usage = COMMANDS.find((c) => c.name.join(' ') === words.join(' '))!.usage;
    expect(usage).toMatch(/--plain-http {2,}reach the registry over plain HTTP/);
    expect(usage).toMatch(/--insecure {2,}the same as --plain-http: Flux's 'insecure: true'\n\s+\(it does not mean "skip TLS verification"\)/);
    for (const flag of ['--insecure-skip-tls-verify', '--ca-file <file>', '--cert-file <file>', '--key-file <file>']) expect(usage).toContain(flag);
  }
});

describe('groups and unknown commands', () => {
  test('push --help, help push, push -h: the commands of the group, exit 0', async () => {
    const expected = [
      'Usage: flux-oci push <chart|artifact> [options]',
      '',
      'Commands:',
      '  push chart     push a packaged chart to an OCI registry (like helm push)',
      '  push artifact  push a directory as a Flux OCI artifact (like flux push artifact)',
      '',
      "'flux-oci push <command> --help' shows a command's options.",
      '',
    ].join('\n');
    for (const args of [['push', '--help'], ['help', 'push'], ['push', '-h']]) expect(await cli(args)).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  test('push alone or with a wrong subcommand: what it takes, the closest, exit 2', async () => {
    const bare = await cli(['push']);
    expect(bare).toMatchObject({ code: 2, stdout: '' });
    expect(bare.stderr).toMatch(/^flux-oci push: needs a subcommand: chart or artifact\n\nUsage: flux-oci push <chart\|artifact>/);
    const typo = await cli(['push', 'chrt', 'x.tgz', 'oci://example.com/charts']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^flux-oci push: unknown subcommand 'chrt'; did you mean 'chart'\?\n/);
  });

  test("an unknown command names the closest and lists the commands, exit 2; 'help' with no command lists them, exit 0", async () => {
    const typo = await cli(['tagz', 'oci://example.com/charts/web']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^flux-oci: unknown command 'tagz'; did you mean 'tags'\?\n/);
    for (const name of NAMES) expect(typo.stderr).toContain(`  ${name} `);
    // A command of two words typed as one, with a hyphen or a slip in it: the command with its space.
    for (const [typed, meant] of [['push-chart', 'push chart'], ['show-vaules', 'show values'], ['push-artefact', 'push artifact']]) {
      const joined = await cli([typed, 'x']);
      expect(joined.code).toBe(2);
      expect(joined.stderr).toMatch(new RegExp(`^flux-oci: unknown command '${typed}'; did you mean '${meant}'\\?\n`));
    }
    expect((await cli(['help', 'nothing'])).code).toBe(2);
    const overview = await cli(['help']);
    expect(overview.code).toBe(0);
    expect(overview.stdout).toContain('Exit codes: 0 success, 1 failure (the message says why), 2 bad usage.');
    expect(await cli([])).toEqual(overview);
  });
});

describe("a program's file where YAML or release names go", () => {
  test('check, outdated and lock say what to do with a program instead of reading it as YAML or a name; exit 2', async () => {
    const check = await cli(['check', 'main.ts']);
    expect(check).toMatchObject({ code: 2, stdout: '' });
    expect(check.stderr).toMatch(/^flux-oci check: 'main\.ts' is a program, not YAML: check reads what a program writes; synthesize it first \(e\.g\. 'cdk8s synth'\) and check its output folder \(dist\/\)\n/);
    const outdated = await cli(['outdated', 'dist', 'src/main.ts']);
    expect(outdated.code).toBe(2);
    expect(outdated.stderr).toMatch(/^flux-oci outdated: 'src\/main\.ts' is a program, not YAML: to run it and report on the lockfile it uses, pass --app 'npx ts-node src\/main\.ts'\n/);
    const lock = await cli(['lock', 'app.mjs']);
    expect(lock.code).toBe(2);
    expect(lock.stderr).toMatch(/^flux-oci lock: 'app\.mjs' is a program, not a release or chart to update: to run it, pass --app 'node app\.mjs'\n/);
  });
});

describe('option values', () => {
  test('a string option without its value, a flag given a value: our wording, exit 2', async () => {
    const missing = await cli(['tags', 'oci://example.com/charts/web', '--ca-file']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^flux-oci tags: option '--ca-file' needs a value, e\.g\. --ca-file <value>; for a value starting with '-' write --ca-file=<value>\n/);
    const swallowed = await cli(['show', 'oci://example.com/charts/web', '--version', '--json']);
    expect(swallowed.stderr).toMatch(/^flux-oci show: option '--version' needs a value/);
    const flag = await cli(['tags', 'oci://example.com/charts/web', '--json=yes']);
    expect(flag.stderr).toMatch(/^flux-oci tags: option '--json' takes no value; write '--json' alone\n/);
  });

  test('--plain-http with a TLS flag is a contradiction, exit 2', async () => {
    for (const flags of [['--plain-http', '--insecure-skip-tls-verify'], ['--insecure', '--cert-file', 'c.pem', '--key-file', 'k.pem']]) {
      const run = await cli(['tags', 'oci://127.0.0.1:9/charts/web', ...flags]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/means plain HTTP, without TLS, so --(insecure-skip-tls-verify|cert-file) cannot apply/);
    }
  });
});
