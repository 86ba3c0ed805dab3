/** A Kustomization path known only once an Output resolves, and absolute: the program fails when it resolves. */
import * as pulumi from '@pulumi/pulumi';
import { FluxKustomization, OciArtifactSource } from '../../../src/pulumi';

const source = new OciArtifactSource('manifests', { url: 'oci://ghcr.io/acme/manifests', namespace: 'flux-system' });
new FluxKustomization('app', { source, prune: true, path: pulumi.output('/deploy') });
