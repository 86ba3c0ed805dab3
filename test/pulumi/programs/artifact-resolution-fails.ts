/**
 * An artifact source whose tag the local test registry does not have,
 * checked by the registry check (`FLUX_OCI_RESOLVE` from the test).
 * Config: `url` of the artifact repository, `tag`.
 */
import * as pulumi from '@pulumi/pulumi';
import { FluxKustomization, OciArtifactSource } from '../../../src/pulumi';

const config = new pulumi.Config();
const source = new OciArtifactSource('manifests', { url: config.require('url'), tag: config.require('tag'), insecure: true, settings: { resolve: { lockfile: false } } });
new FluxKustomization('app', { source, prune: true });
