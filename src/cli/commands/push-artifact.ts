import { Command } from '../command';
import { REGISTRY_USAGE } from '../registry-flags';

/** `flux-oci push artifact <dir> <oci://host/path:tag>`: `flux push artifact`. */
export const pushArtifactCommand: Command = {
  name: ['push', 'artifact'],
  summary: 'push a directory as a Flux OCI artifact (like flux push artifact)',
  usage: `Usage: flux-oci push artifact <dir> <oci://host/path:tag> --source <url> --revision <rev> [options]

Archives the directory as 'flux push artifact' does (relative paths, zeroed
ownership and times, symlinks skipped and reported on stderr, Flux's default
ignore list) and pushes it with Flux's media types and annotations; files of
any size are streamed. Point it at a cdk8s dist/ to deliver synthesized YAML
without committing it.

  --source <url>         where the content comes from (required)
  --revision <rev>       <branch|tag>@sha1:<commit> (required)
  --annotations <k=v>    extra manifest annotation (repeatable)
  --ignore-paths <pat>   extra ignore pattern, gitignore syntax (repeatable)
  --reproducible         created = 1970-01-01T00:00:00Z, so equal content gives an equal digest
  --mount-from <repo>    a repository on the same registry holding the blobs: mounted, not uploaded
  --json                 print {"reference","digest","tag","uploadedBytes","skippedBytes","files"}
                         (schemas/cli/push-artifact.schema.json)

${REGISTRY_USAGE}`,
  run: (args, io) => import('./push-artifact-run').then((m) => m.run(args, io)),
};
