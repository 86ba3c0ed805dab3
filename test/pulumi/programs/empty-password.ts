/** A password Output that resolves to an empty string: the program fails when it resolves. */
import * as pulumi from '@pulumi/pulumi';
import { PrivateRegistrySecret } from '../../../src/pulumi';

new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', username: 'deploy-user-7c1e', password: pulumi.secret(pulumi.output('')) });
