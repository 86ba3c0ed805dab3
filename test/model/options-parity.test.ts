/**
 * Every option is declared once, in the model, and both front ends take
 * it: cdk8s props extend the model's options, Pulumi args are derived from
 * them (each field an Input). The checks are types: the `typecheck` step
 * of `npm test` fails when a front end misses an option, adds one of its
 * own, or refuses a plain value the model accepts.
 */
import type * as cdk8s from '../../src/cdk8s';
import type {
  ChartReleaseOptions, ExistingHelmRepositoryFields, ExistingOciRepositoryFields, KustomizationOptions, ExistingRegistrySecretFields,
  OciArtifactSourceOptions, OciHelmSourceOptions, PrivateRegistrySecretOptions, RegistryProxySecretOptions, RegistryTlsSecretOptions,
} from '../../src/model';
import type * as pulumi from '../../src/pulumi';

/** `true` when A and B have the same keys. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
/** `true` when every plain value of `Options` is a valid `Args`. */
type Accepts<Args, Options> = [Options] extends [Args] ? true : false;

type PulumiRelease = ChartReleaseOptions<pulumi.IOciHelmSource, pulumi.ChartReleaseReference>;
type PulumiSource = OciHelmSourceOptions<pulumi.IRegistrySecret, pulumi.SecretReference>;
type PulumiArtifact = OciArtifactSourceOptions<pulumi.IRegistrySecret, pulumi.SecretReference>;
type PulumiKustomization = KustomizationOptions<pulumi.IOciArtifactSource, pulumi.KustomizationReference>;

const checks = {
  // cdk8s: the props are the model's options, no more, no less.
  cdk8sRelease: true satisfies SameKeys<cdk8s.ChartReleaseProps, ChartReleaseOptions<cdk8s.IOciHelmSource, cdk8s.IChartRelease>>,
  cdk8sSource: true satisfies SameKeys<cdk8s.OciHelmSourceProps, OciHelmSourceOptions<cdk8s.IRegistrySecret, cdk8s.ISecretReference>>,
  cdk8sArtifact: true satisfies SameKeys<cdk8s.OciArtifactSourceProps, OciArtifactSourceOptions<cdk8s.IRegistrySecret, cdk8s.ISecretReference>>,
  cdk8sExistingRepository: true satisfies SameKeys<cdk8s.ExistingHelmRepositoryOptions, ExistingHelmRepositoryFields<cdk8s.IRegistrySecret>>,
  cdk8sKustomization: true satisfies SameKeys<cdk8s.FluxKustomizationProps, KustomizationOptions<cdk8s.IOciArtifactSource, cdk8s.IFluxKustomization>>,
  cdk8sExistingSecret: true satisfies SameKeys<cdk8s.ExistingRegistrySecretOptions, ExistingRegistrySecretFields>,
  cdk8sExistingOciRepository: true satisfies SameKeys<cdk8s.ExistingOciRepositoryOptions, ExistingOciRepositoryFields>,
  // plaintext is cdk8s's own here too: the key or password would go to Git.
  cdk8sTlsSecret: true satisfies SameKeys<Omit<cdk8s.RegistryTlsSecretProps, 'plaintext'>, RegistryTlsSecretOptions>,
  cdk8sProxySecret: true satisfies SameKeys<Omit<cdk8s.RegistryProxySecretProps, 'plaintext'>, RegistryProxySecretOptions>,
  // plaintext is cdk8s's own: Pulumi keeps credentials as secrets instead of writing them to Git.
  cdk8sSecret: true satisfies SameKeys<Omit<cdk8s.PrivateRegistrySecretProps, 'plaintext'>, PrivateRegistrySecretOptions>,

  // Pulumi: the same keys (plus `settings`), and every plain value is accepted.
  pulumiRelease: true satisfies SameKeys<pulumi.ChartReleaseArgs, PulumiRelease>,
  pulumiReleaseAccepts: true satisfies Accepts<pulumi.ChartReleaseArgs, PulumiRelease>,
  pulumiSource: true satisfies SameKeys<Omit<pulumi.OciHelmSourceArgs, 'settings'>, PulumiSource>,
  pulumiSourceAccepts: true satisfies Accepts<pulumi.OciHelmSourceArgs, PulumiSource>,
  pulumiExistingRepository: true satisfies SameKeys<Omit<pulumi.ExistingHelmRepositoryOptions, 'settings'>, ExistingHelmRepositoryFields<pulumi.IRegistrySecret>>,
  pulumiSecret: true satisfies SameKeys<Omit<pulumi.PrivateRegistrySecretArgs, 'settings'>, PrivateRegistrySecretOptions>,
  pulumiSecretAccepts: true satisfies Accepts<pulumi.PrivateRegistrySecretArgs, PrivateRegistrySecretOptions>,
  pulumiExistingSecret: true satisfies SameKeys<pulumi.ExistingRegistrySecretOptions, ExistingRegistrySecretFields>,
  pulumiArtifact: true satisfies SameKeys<Omit<pulumi.OciArtifactSourceArgs, 'settings'>, PulumiArtifact>,
  pulumiArtifactAccepts: true satisfies Accepts<pulumi.OciArtifactSourceArgs, PulumiArtifact>,
  pulumiExistingOciRepository: true satisfies SameKeys<Omit<pulumi.ExistingOciRepositoryOptions, 'settings'>, ExistingOciRepositoryFields>,
  pulumiKustomization: true satisfies SameKeys<pulumi.FluxKustomizationArgs, PulumiKustomization>,
  pulumiKustomizationAccepts: true satisfies Accepts<pulumi.FluxKustomizationArgs, PulumiKustomization>,
  pulumiTlsSecret: true satisfies SameKeys<pulumi.RegistryTlsSecretArgs, RegistryTlsSecretOptions>,
  pulumiTlsSecretAccepts: true satisfies Accepts<pulumi.RegistryTlsSecretArgs, RegistryTlsSecretOptions>,
  pulumiProxySecret: true satisfies SameKeys<pulumi.RegistryProxySecretArgs, RegistryProxySecretOptions>,
  pulumiProxySecretAccepts: true satisfies Accepts<pulumi.RegistryProxySecretArgs, RegistryProxySecretOptions>,
};

// Pulumi args take Outputs where the model takes plain values, at any depth…
export const withOutputs: Pick<pulumi.ChartReleaseArgs, 'chart' | 'values' | 'valuesFrom'> = {
  chart: Promise.resolve('web'),
  values: { image: { tag: Promise.resolve('1.2.3') } },
  valuesFrom: [{ kind: 'ConfigMap', name: Promise.resolve('web-values') }],
};
// …but not values of another type.
// @ts-expect-error maxHistory is a number
export const wrongType: Pick<pulumi.ChartReleaseArgs, 'maxHistory'> = { maxHistory: '5' };
// Flux's dependencies are fluxDependsOn in both front ends; `dependsOn` is Pulumi's resource option only.
// @ts-expect-error dependsOn is not an arg
export const oldName: Pick<pulumi.ChartReleaseArgs, 'fluxDependsOn'> = { dependsOn: [] };
// @ts-expect-error dependsOn is not a prop
export const oldNameCdk8s: Pick<cdk8s.FluxKustomizationProps, 'fluxDependsOn'> = { dependsOn: [] };

test('both front ends take every option the model declares (checked by the compiler)', () => {
  expect(Object.values(checks).every((c) => c === true)).toBe(true);
});
