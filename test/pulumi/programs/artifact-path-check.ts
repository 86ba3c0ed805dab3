/**
 * An artifact source and a Kustomization of the path the test passes,
 * checked against the local registry during preview. Config: `url` of the
 * artifact repository, `tag`, `path`, and the source's `ignore` (optional).
 */
import * as pulumi from '@pulumi/pulumi';
import { FluxKustomization, OciArtifactSource } from '../../../src/pulumi';

const config = new pulumi.Config();
const source = new OciArtifactSource('manifests', {
  url: config.require('url'), tag: config.require('tag'), ignore: config.get('ignore'), insecure: true, settings: { resolve: { lockfile: false } },
});
new FluxKustomization('app', { source, prune: true, path: config.require('path') });
