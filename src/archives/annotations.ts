import { goTimeJson } from './chart-lock';
import { ChartMetadata } from './chart-metadata';
import { ArtifactError } from './errors';

/** OCI image annotation keys (opencontainers/image-spec `annotations.md`). */
export const OCI_ANNOTATION = {
  created: 'org.opencontainers.image.created',
  authors: 'org.opencontainers.image.authors',
  url: 'org.opencontainers.image.url',
  source: 'org.opencontainers.image.source',
  version: 'org.opencontainers.image.version',
  revision: 'org.opencontainers.image.revision',
  title: 'org.opencontainers.image.title',
  description: 'org.opencontainers.image.description',
} as const;

/** `created` as both Helm and Flux write it by default. */
export const REPRODUCIBLE_CREATED = '1970-01-01T00:00:00Z';

/** Options of {@link chartAnnotations}. */
export interface ChartAnnotationOptions {
  /**
   * `org.opencontainers.image.created`: a date (written as RFC 3339 in UTC,
   * whole seconds) or a string used verbatim, as `helm push` takes it.
   * Pass {@link REPRODUCIBLE_CREATED} for a digest that does not change between pushes.
   * @default - the current time, as `helm push` does
   */
  readonly created?: Date | string;
}

/**
 * The manifest annotations `helm push` writes for a chart (helm
 * `pkg/registry/chart.go`): description, title (= name), version, url
 * (= home), created, source (= first of `sources`), authors (maintainers as
 * `Name (email), …`), each only when not blank; then every Chart.yaml
 * annotation except `org.opencontainers.image.title` and `.version`, which
 * may thus override the others (including `created`). Keys sorted.
 */
export function chartAnnotations(metadata: ChartMetadata, options: ChartAnnotationOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') out[key] = value;
  };
  add(OCI_ANNOTATION.description, metadata.description);
  add(OCI_ANNOTATION.title, metadata.name);
  add(OCI_ANNOTATION.version, metadata.version);
  add(OCI_ANNOTATION.url, metadata.home);
  add(OCI_ANNOTATION.created, formatCreated(options.created ?? new Date()));
  add(OCI_ANNOTATION.source, metadata.sources?.[0]);
  if (metadata.maintainers && metadata.maintainers.length > 0) {
    add(OCI_ANNOTATION.authors, metadata.maintainers
      .map((m) => `${m.name ?? ''}${m.email ? ` (${m.email})` : ''}`)
      .join(', '));
  }
  for (const [key, value] of Object.entries(metadata.annotations ?? {})) {
    if (key === OCI_ANNOTATION.title || key === OCI_ANNOTATION.version) continue;
    out[key] = value;
  }
  return sortKeys(out);
}

/** Options of {@link fluxArtifactAnnotations}, named after `flux push artifact`'s flags. */
export interface FluxArtifactAnnotationOptions {
  /** `--source`: where the content comes from, e.g. `https://github.com/acme/app`. */
  readonly source: string;
  /** `--revision`: `<branch|tag>@sha1:<commit>`, e.g. `main@sha1:1a2b3c…`. */
  readonly revision: string;
  /**
   * `org.opencontainers.image.created`: a date (RFC 3339 in UTC, whole
   * seconds) or an RFC 3339 string.
   * @default - the current time, or 1970-01-01T00:00:00Z when `reproducible`
   */
  readonly created?: Date | string;
  /**
   * `--reproducible`: created is `1970-01-01T00:00:00Z`, so pushing the same
   * content twice gives the same manifest digest. Ignored when `created` is set.
   * @default false
   */
  readonly reproducible?: boolean;
  /**
   * `--annotations key=value`: added last, so they can replace the three above.
   * @default - none
   */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The manifest annotations `flux push artifact` writes (fluxcd/pkg
 * `oci/meta.go`, `oci/push.go`): created, source, revision, then the extra
 * ones. Keys sorted.
 *
 * @throws ArtifactError when source or revision is empty or created is not RFC 3339
 */
export function fluxArtifactAnnotations(options: FluxArtifactAnnotationOptions): Record<string, string> {
  if (!options.source) throw new ArtifactError('source', 'is required (flux push artifact --source), e.g. "https://github.com/acme/app"');
  if (!options.revision) {
    throw new ArtifactError('revision', 'is required (flux push artifact --revision), in the form <branch|tag>@sha1:<commit>, e.g. "main@sha1:1a2b3c4d"');
  }
  const created = options.created ?? (options.reproducible ? REPRODUCIBLE_CREATED : new Date());
  const out: Record<string, string> = {
    [OCI_ANNOTATION.created]: formatCreated(created),
    [OCI_ANNOTATION.source]: options.source,
    [OCI_ANNOTATION.revision]: options.revision,
    ...options.extra,
  };
  if (!out[OCI_ANNOTATION.created]) out[OCI_ANNOTATION.created] = formatCreated(new Date());
  if (goTimeJson(out[OCI_ANNOTATION.created]) === undefined) {
    throw new ArtifactError(OCI_ANNOTATION.created, `${JSON.stringify(out[OCI_ANNOTATION.created])} is not an RFC 3339 time; use e.g. "2024-05-01T12:00:00Z"`);
  }
  return sortKeys(out);
}

/** RFC 3339 in UTC with whole seconds, as Go's `time.Now().UTC().Format(time.RFC3339)`. */
function formatCreated(created: Date | string): string {
  if (typeof created === 'string') return created;
  if (Number.isNaN(created.getTime())) throw new ArtifactError(OCI_ANNOTATION.created, 'is an invalid Date');
  return `${created.toISOString().slice(0, 19)}Z`;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) out[key] = record[key];
  return out;
}
