import { LOCKFILE_NAME } from '../../check/lockfile-name';
import { Command } from '../command';

/**
 * `flux-oci lock`: runs the app(s) the way `cdk8s synth` does (the `app`
 * command of cdk8s.yaml, or each `--app`), with output to a scratch folder
 * so `dist/` is untouched, and the registry check in the mode the flags
 * ask for. Each check records the lockfile it used and the keys it asked
 * for (`FLUX_OCI_LOCK_USAGE`), which is how this command finds a lockfile
 * that lives beside a program elsewhere, and what `--prune` keeps.
 */
export const lockCommand: Command = {
  name: ['lock'],
  summary: 'write, refresh, prune or verify flux-oci.lock.json by running the app',
  usage: `Usage: flux-oci lock [--update [<release|chart>...] [--patch|--minor]] [--prune] [--verify]
                     [--app <command>]... [--lockfile <file>] [--json|--markdown]

Runs the cdk8s app (the 'app' command in ./cdk8s.yaml, or each --app) with
registry checks on and its output in a scratch folder, and reports the
lockfile it writes beside the program: every ChartRelease's version, tag
and digest. Commit the lockfile; later synths reuse it offline, and
FLUX_OCI_RESOLVE=locked makes CI fail on a release it lacks.

  --update           look every chart up again (new versions in ranges);
                     entries other programs use are kept
  <release|chart>    with --update: move only the entries these releases
                     use: a construct path or Pulumi resource name (also a
                     path prefix, or its last segment: 'web' for 'prod/web'),
                     or a chart (the reference's last segment, or the whole
                     oci:// reference); every other entry stays as it is
  --patch            with --update: stay within the locked major.minor
  --minor            with --update: stay within the locked major
  --prune            then drop every entry none of the apps run here uses;
                     when programs share a lockfile, name each with --app
  --verify           write nothing: check that every entry the apps use
                     still has its digest under its tag in the registry
                     (FLUX_OCI_RESOLVE=verify); exit 1 naming each entry
                     that does not
  --app <command>    a command that runs the app, e.g. 'npx ts-node main.ts'
                     or 'pulumi preview --stack dev' (repeatable; default:
                     cdk8s.yaml's 'app')
  --lockfile <file>  the lockfile to report on when the apps check nothing
                     (default: ./${LOCKFILE_NAME}); the apps' settings decide
                     which lockfile they use
  --json             print {"lockfiles":[{"file","charts","added","changed",
                     "removed","unchanged","unused"}]}
                     (schemas/cli/lock.schema.json); the apps' own output
                     goes to stderr either way
  --markdown         print what changed as a Markdown table for a pull
                     request: releases, chart, constraint, old → new version
                     and digest, and how many entries stayed unchanged`,
  run: (args, io) => import('./lock-run').then((m) => m.run(args, io)),
};
