import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PushInputError } from './errors';
import { parseDestination, pushImage, PushOptions, PushResult } from './image';
import { fluxArtifactAnnotations } from '../archives/annotations';
import { BuildArtifactOptions, SkippedPath, writeArtifact } from '../archives/artifact';
import { FLUX_CONFIG_MEDIA_TYPE, FLUX_CONTENT_MEDIA_TYPE } from '../foundation/media-types';
import { OciReference } from '../foundation/reference';
import type { RegistryClient } from '../registry/client';

/** Options for {@link pushArtifact}, named after `flux push artifact`'s flags. */
export interface PushArtifactOptions extends PushOptions, BuildArtifactOptions {
  /** `--source`, e.g. `https://github.com/acme/app`. */
  readonly source: string;
  /** `--revision`, `<branch|tag>@sha1:<commit>`. */
  readonly revision: string;
  /** `--annotations`. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** `--reproducible`: created = 1970-01-01T00:00:00Z. @default false */
  readonly reproducible?: boolean;
  /** `org.opencontainers.image.created`. @default - now, or the epoch when `reproducible` */
  readonly created?: Date | string;
}

/** What {@link pushArtifact} pushed. */
export interface PushedArtifact extends PushResult {
  /** Files archived, relative paths. */
  readonly files: readonly string[];
  /** Symlinks and irregular files left out (Flux skips them silently; report them). */
  readonly skipped: readonly SkippedPath[];
}

/**
 * Pushes a directory like `flux push artifact oci://host/path:tag --path dir`:
 * Flux config (`{}`) and content media types, the created/source/revision
 * annotations, the reproducible tar+gzip `buildArtifact` makes. The layer
 * is streamed through a temporary file (as `flux push artifact` stages it),
 * so memory use does not depend on the size of what is archived.
 *
 * @param path directory (or file) to archive
 * @param destination `oci://host/path:tag`
 * @throws PushInputError when the destination has no tag
 * @throws ArtifactError when source/revision are missing or the path does not exist
 */
export async function pushArtifact(
  client: RegistryClient, path: string, destination: OciReference | string, options: PushArtifactOptions,
): Promise<PushedArtifact> {
  const ref = parseDestination(destination, 'oci://ghcr.io/acme/manifests:latest');
  if (ref.tag === undefined || ref.digest !== undefined) {
    throw new PushInputError('reference', `${ref.format()} needs a tag and no digest, e.g. oci://${ref.host}/${ref.path}:latest`);
  }
  // Annotations first: a missing --source fails before the directory is read.
  const annotations = fluxArtifactAnnotations({
    source: options.source, revision: options.revision, created: options.created, reproducible: options.reproducible, extra: options.annotations,
  });
  const staging = await mkdtemp(join(tmpdir(), 'flux-oci-artifact-'));
  try {
    const artifact = await writeArtifact(path, join(staging, 'artifact.tar.gz'), { ignore: options.ignore, useDefaultIgnore: options.useDefaultIgnore });
    const result = await pushImage(client, ref, {
      config: { mediaType: FLUX_CONFIG_MEDIA_TYPE, content: Buffer.from('{}') },
      layers: [{ mediaType: FLUX_CONTENT_MEDIA_TYPE, content: { path: artifact.path, digest: artifact.digest } }],
      annotations,
    }, options);
    return { ...result, files: artifact.files, skipped: artifact.skipped };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
