import { ApiObject, ApiObjectMetadataDefinition, ApiObjectProps, JsonPatch } from 'cdk8s';
import { Construct, IConstruct, IValidation } from 'constructs';
import { FluxOci } from './settings';
import { FluxOciError } from '../foundation/errors';
import { builtObjectProblems, describeBuiltObjectProblems } from '../model/built-objects';
import { INVALID_BUILT_OBJECT_PREFIX } from '../model/errors';
import { KubeManifest } from '../model/kube-object';

/** What a CheckedApiObject needs beyond cdk8s's props. */
export interface CheckedApiObjectOptions {
  /** The flux-oci construct the object belongs to (its Flux target decides the CRDs). */
  readonly owner: IConstruct;
  /**
   * The builder's manifest, for objects whose body is built at synth: it
   * must return the same object as long as what it is built from is
   * unchanged (the constructs memoize it), which is how a checked JSON is
   * known to be still current.
   * @default - the body was given whole to the constructor
   */
  readonly produce?: () => KubeManifest;
  /**
   * Called with `owner` each time the object is serialized for writing
   * (lockfile entries are written then, never for the check); one function
   * for every object, so an object costs no closure.
   */
  readonly onWrite?: (owner: IConstruct) => void;
  /**
   * The owner runs the check in its own validation (by calling `validate()`)
   * and the object adds none to the construct tree. cdk8s validates the
   * whole app once per chart file it writes, calling every validation each
   * time: an object checked by its owner costs those passes nothing.
   * @default false - the object's own validation runs the check
   */
  readonly checkedByOwner?: boolean;
}

/** What the JSON of an object is made of, besides what cannot change after construction. */
interface ObjectState {
  readonly manifest: KubeManifest | undefined;
  readonly revision: number;
  /** The synchronous run it was checked in: a later one checks again. */
  readonly epoch: number;
}

/** The mutators cdk8s's ApiObjectMetadataDefinition offers; each changes the JSON. */
const METADATA_MUTATORS = ['add', 'addLabel', 'addAnnotation', 'addFinalizers', 'addOwnerReference'] as const;

/** The object a metadata definition belongs to. */
const kObject = Symbol('flux-oci.checkedApiObject');

/**
 * Each metadata mutator, counting the change on the object first: set on
 * each object's metadata (shared functions, so an object costs no closures).
 */
const COUNTING_MUTATORS = Object.fromEntries(METADATA_MUTATORS.map((name) => [name, function (this: ApiObjectMetadataDefinition, ...args: unknown[]) {
  (this as unknown as Record<symbol, CheckedApiObject>)[kObject]._changed();
  return (ApiObjectMetadataDefinition.prototype[name] as (...a: unknown[]) => unknown).apply(this, args);
}]));

/**
 * An object flux-oci built, checked when cdk8s validates, before any file
 * is written: that it serializes at all, and that its final JSON (chart
 * labels and JSON patches applied) passes its CRD. This runs after the
 * app's registry check (the root's validation runs first).
 *
 * cdk8s validates every construct, then writes one chart file at a time; an
 * object that fails to serialize only then would leave the files of the
 * charts before it in dist/, so serializing here moves that failure before
 * the first file. Errors the builder raises on purpose (`FluxOciError`)
 * are left to the owner's own validation, which reports them.
 *
 * cdk8s validates the whole app again before writing each chart, all in one
 * synchronous `synth()`; the object is checked in the first of those
 * passes, and the JSON it checked is the JSON written, so a synth
 * serializes and checks each object once. Anything that changes the JSON
 * in between (a JSON patch, a metadata change, a new `fluxDependsOn`)
 * makes it check and serialize again; so does a later synchronous run.
 */
export class CheckedApiObject extends ApiObject implements IValidation {
  // The options are kept as fields, and the object is its own validation: an object per
  // release the app holds is an object more for V8's heap to carry through the synth.
  private readonly owner: IConstruct;
  private readonly produce?: () => KubeManifest;
  private readonly onWrite?: (owner: IConstruct) => void;
  /** Bumped by every change cdk8s lets a program make to the object after construction. */
  private revision = 0;
  /** The state last checked, and its JSON until that is written (one object: it lives as long as the app). */
  private checked?: ObjectState & { json?: unknown };

  constructor(scope: Construct, id: string, props: ApiObjectProps, options: CheckedApiObjectOptions) {
    super(scope, id, props);
    this.owner = options.owner;
    this.produce = options.produce;
    this.onWrite = options.onWrite;
    Object.defineProperty(this.metadata, kObject, { value: this });
    Object.assign(this.metadata, COUNTING_MUTATORS);
    if (!options.checkedByOwner) this.node.addValidation(this);
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this._changed();
    super.addJsonPatch(...ops);
  }

  /** Counts a change to what the JSON is made of (a patch, a metadata mutator). @internal */
  public _changed(): void {
    this.revision++;
  }

  /** How many such changes there have been (it only grows). @internal */
  public get _revision(): number {
    return this.revision;
  }

  /** The JSON checked at validation while it is current (once), otherwise cdk8s's serialization. */
  public override toJson(): any {
    const checked = this.checked;
    let json: unknown;
    if (checked?.json !== undefined && this.isCurrent(checked)) {
      json = checked.json;
      checked.json = undefined;
    } else {
      json = super.toJson();
    }
    this.onWrite?.(this.owner);
    return json;
  }

  /** The check, as cdk8s runs it when it validates the app (the object is its own `IValidation`) or as its owner runs it. @internal */
  public validate(): string[] {
    if (this.checked && this.isCurrent(this.checked)) return NO_ERRORS;
    let manifest: KubeManifest | undefined;
    if (this.produce) {
      try {
        manifest = this.produce();
      } catch (e) {
        if (e instanceof FluxOciError) return NO_ERRORS;
      }
    }
    const revision = this.revision;
    const epochNow = currentEpoch();
    let json: unknown;
    try {
      json = super.toJson();
    } catch (e) {
      return [`${this.kind} '${this.name}' cannot be written: ${(e as Error).message}`];
    }
    const problems = builtObjectProblems(json, FluxOci._targetOf(this.owner));
    if (problems.length) return [`${INVALID_BUILT_OBJECT_PREFIX}:\n    ${describeBuiltObjectProblems(problems).join('\n    ')}`];
    this.checked = { manifest, revision, epoch: epochNow, json };
    return NO_ERRORS;
  }

  private isCurrent(state: ObjectState): boolean {
    if (state.epoch !== currentEpoch() || state.revision !== this.revision) return false;
    if (!this.produce) return true;
    try {
      return this.produce() === state.manifest;
    } catch {
      return false;
    }
  }
}

/** What a passing validation returns: one array for every pass of every object (cdk8s copies what validations return). */
const NO_ERRORS: string[] = [];

let epoch = 0;
let epochEnding = false;

/** A number that changes once the current synchronous run (one `synth()`) has ended. @internal */
export function currentEpoch(): number {
  if (!epochEnding) {
    epochEnding = true;
    queueMicrotask(() => {
      epoch++;
      epochEnding = false;
    });
  }
  return epoch;
}
