import { ValuesError } from './errors';
import { HelmChart } from './helm-chart';
import { concatPrefix, deepCopy, dropNulls, goBadVerb, goFormat, hasKey, isTable, Values } from './tables';
import type { HelmCoalesceBand } from '../model/flux-version';

/**
 * Helm's values coalescing: chart defaults under user values, subchart
 * defaults under their section, globals pushed down, `null` deleting a
 * default. A line-by-line port of helm/helm `pkg/chart/common/util/coalesce.go`
 * @ v4.2.4 (3900f434fd3ef2b84065dc04508df48f288dba00), equivalently
 * `pkg/chartutil/coalesce.go` @ v3.21.4 (813176c51bb5c181dbbd7901298ddcc104cd3417),
 * with the behaviour of older releases switched by band (see
 * `HelmCoalesceBand`); checked against Helm's own Go code of each band.
 */

interface BandFlags {
  /** 3.17.1: `childChartMergeTrue` — a subchart's own section is merged, nulls kept. */
  readonly childMergeTrue: boolean;
  /** 3.19.5: user nulls copied into the source so the key is visited. */
  readonly dstNilToSrc: boolean;
  /** 3.20.1: a null deletes only keys whose default was not null. */
  readonly srcOriginalNonNil: boolean;
  /** 4.2.0: `cleanNilValues` on defaults. */
  readonly cleanNil: boolean;
}

const BANDS: Record<HelmCoalesceBand, BandFlags> = {
  A: { childMergeTrue: false, dstNilToSrc: false, srcOriginalNonNil: false, cleanNil: false },
  B: { childMergeTrue: true, dstNilToSrc: false, srcOriginalNonNil: false, cleanNil: false },
  C: { childMergeTrue: true, dstNilToSrc: true, srcOriginalNonNil: false, cleanNil: false },
  D: { childMergeTrue: true, dstNilToSrc: true, srcOriginalNonNil: true, cleanNil: false },
  E: { childMergeTrue: true, dstNilToSrc: true, srcOriginalNonNil: true, cleanNil: true },
};

/** Coalescing as one Helm band does it; Helm's log warnings are collected in `warnings`. */
export class Coalescer {
  public readonly warnings: string[] = [];
  private readonly b: BandFlags;

  constructor(band: HelmCoalesceBand) {
    this.b = BANDS[band];
  }

  /** Helm `CoalesceValues`: defaults of the chart and its subcharts under `vals` (a copy); user nulls delete. */
  public coalesceValues(chart: HelmChart, vals: Values | undefined): Values {
    return this.coalesce(chart, deepCopy(vals ?? {}), '', false);
  }

  /** Helm `MergeValues`: as {@link coalesceValues}, but nulls are kept. */
  public mergeValues(chart: HelmChart, vals: Values | undefined): Values {
    return this.coalesce(chart, deepCopy(vals ?? {}), '', true);
  }

  /** Helm `CoalesceTables(dst, src)`: `src` under `dst`, nulls in `dst` delete. Mutates `dst`. */
  public coalesceTables(dst: Values, src: Values): Values {
    return this.tables(dst, src, '', false);
  }

  /** Helm `MergeTables(dst, src)`. Mutates `dst`. */
  public mergeTables(dst: Values, src: Values): Values {
    return this.tables(dst, src, '', true);
  }

  private coalesce(ch: HelmChart, dest: Values, prefix: string, merge: boolean): Values {
    this.chartValues(ch, dest, prefix, merge);
    return this.deps(ch, dest, prefix, merge);
  }

  private deps(chart: HelmChart, dest: Values, prefix: string, merge: boolean): Values {
    for (const sub of chart.subcharts) {
      if (!hasKey(dest, sub.name)) {
        dest[sub.name] = {};
      } else if (!isTable(dest[sub.name])) {
        throw new ValuesError(`type mismatch on ${sub.name}: ${goBadVerb(dest[sub.name])}`);
      }
      const section = dest[sub.name] as Values;
      const subPrefix = concatPrefix(prefix, chart.name);
      this.globals(section, dest, subPrefix);
      dest[sub.name] = this.coalesce(sub, section, subPrefix, merge);
    }
    return dest;
  }

  /** Helm `coalesceGlobals`: the parent's globals over the subchart's; every subchart section gets `global`. */
  private globals(dest: Values, src: Values, prefix: string): void {
    let dg: Values;
    let sg: Values;
    if (!hasKey(dest, 'global')) {dg = {};} else if (isTable(dest.global)) {dg = dest.global;} else {
      this.warnings.push('warning: skipping globals because destination global is not a table.');
      return;
    }
    if (!hasKey(src, 'global')) {sg = {};} else if (isTable(src.global)) {sg = src.global;} else {
      this.warnings.push('warning: skipping globals because source global is not a table.');
      return;
    }
    for (const [key, val] of Object.entries(sg)) {
      if (isTable(val)) {
        const vv: Values = { ...val }; // Helm's copyMap is shallow: nested tables stay shared.
        if (!hasKey(dg, key)) {
          dg[key] = vv;
        } else if (!isTable(dg[key])) {
          this.warnings.push(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
        } else {
          this.tables(vv, dg[key] as Values, concatPrefix(prefix, key), true);
          dg[key] = vv;
        }
      } else if (hasKey(dg, key) && isTable(dg[key])) {
        this.warnings.push(`key ${key} is table. Skipping`);
      } else {
        dg[key] = val;
      }
    }
    dest.global = dg;
  }

  /** Helm `coalesceValues` (the unexported one): the chart's defaults into `v`. */
  private chartValues(c: HelmChart, v: Values, prefix: string, merge: boolean): void {
    const subPrefix = concatPrefix(prefix, c.name);
    const defaults = deepCopy(c.values ?? {});
    for (const [key, val] of Object.entries(defaults)) {
      if (hasKey(v, key)) {
        const value = v[key];
        if (value === null && !merge) {
          delete v[key];
        } else if (isTable(value)) {
          if (!isTable(val)) {
            if (val !== null) this.warnings.push(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
          } else {
            const m = this.b.childMergeTrue && c.subcharts.some((d) => d.name === key) ? true : merge;
            if (this.b.cleanNil && !m) dropNulls(val);
            this.tables(value, val, concatPrefix(subPrefix, key), m);
          }
        }
      } else {
        if (this.b.cleanNil && !merge) {
          if (val === null) continue;
          if (isTable(val)) dropNulls(val);
        }
        v[key] = val;
      }
    }
  }

  /** Helm `coalesceTablesFullKey`: `src` under `dst`. Mutates and returns `dst`. */
  private tables(dst: Values, src: Values | undefined, prefix: string, merge: boolean): Values {
    if (src === null || src === undefined) return dst;
    const originalNonNil = new Set<string>();
    if (this.b.srcOriginalNonNil) for (const [k, val] of Object.entries(src)) if (val !== null) originalNonNil.add(k);
    if (this.b.dstNilToSrc) for (const [k, val] of Object.entries(dst)) if (val === null) src[k] = null;
    for (const [key, val] of Object.entries(src)) {
      const fullKey = concatPrefix(prefix, key);
      const present = hasKey(dst, key);
      const dv = dst[key];
      const nullify = this.b.srcOriginalNonNil ? originalNonNil.has(key) : true;
      if (present && !merge && dv === null && nullify) {
        delete dst[key];
      } else if (!present) {
        dst[key] = val;
      } else if (isTable(val)) {
        if (isTable(dv)) this.tables(dv, val, fullKey, merge);
        else this.warnings.push(`warning: cannot overwrite table with non table for ${fullKey} (${goFormat(val)})`);
      } else if (isTable(dv) && val !== null) {
        this.warnings.push(`warning: destination for ${fullKey} is a table. Ignoring non-table value (${goFormat(val)})`);
      }
    }
    return dst;
  }
}
