import { CliIo } from './io';
import { RegistryOptionValues } from './registry-flags';
import { registryClientFor } from './registry-options';
import { AnnotationsOf } from '../check/outdated';
import { FluxOciError } from '../foundation/errors';
import { parseOciReference } from '../foundation/reference';
import { RegistryClient } from '../registry/client';

/**
 * One client per registry host and scheme, with the engineer's login as
 * `flux-oci tags` uses it; each repository listed once, each manifest
 * read once. For the commands that look lockfile entries up again
 * (`outdated`, `lock --update`); close it when done.
 */
export class Registries {
  private readonly clients = new Map<string, RegistryClient>();
  private readonly listed = new Map<string, Promise<string[]>>();
  private readonly annotations = new Map<string, Promise<Readonly<Record<string, string>> | undefined>>();

  /** `flags`: the command's registry flags (TLS, CA), when it has them. */
  constructor(private readonly io: CliIo, private readonly flags: RegistryOptionValues = {}) {}

  /** The repository's tags (`oci://host/path`, no tag), listed once. */
  public tags(reference: string, insecure: boolean): Promise<string[]> {
    const key = `${insecure}\n${reference}`;
    let tags = this.listed.get(key);
    if (!tags) {
      const ref = parseOciReference(reference, { allowTag: false, allowDigest: false });
      tags = this.client(ref.host, insecure).listTags(ref);
      this.listed.set(key, tags);
    }
    return tags;
  }

  /** Manifest annotations, or undefined when the manifest cannot be read: an age or a changelog is never worth failing over. */
  public annotationsOf(insecure: boolean): AnnotationsOf {
    return (reference, at) => {
      const key = `${insecure}\n${reference}${at}`;
      let annotations = this.annotations.get(key);
      if (!annotations) {
        const ref = parseOciReference(`${reference}${at}`);
        annotations = this.client(ref.host, insecure).getManifest(ref)
          .then((m) => m.manifest.annotations, (e) => {
            if (e instanceof FluxOciError) return undefined;
            throw e;
          });
        this.annotations.set(key, annotations);
      }
      return annotations;
    };
  }

  public async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }

  /** The client for `host`, over plain HTTP when `insecure` (the source's `insecure: true`). */
  public client(host: string, insecure: boolean): RegistryClient {
    const key = `${insecure}\n${host}`;
    let client = this.clients.get(key);
    if (!client) {
      client = registryClientFor(this.io, host, this.flags);
      if (insecure) client.markInsecure(host);
      this.clients.set(key, client);
    }
    return client;
  }
}
