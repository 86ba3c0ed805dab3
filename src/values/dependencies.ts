import { Coalescer } from './coalesce';
import { HelmChart, Requirement } from './helm-chart';
import { hasKey, isTable, pathValue, tableAt, Values } from './tables';
import { tryParseConstraint, tryParseVersion } from '../versions/semver';

/**
 * Helm's dependency processing before it coalesces values for install or
 * upgrade: which subcharts are enabled (tags, then conditions), aliases
 * applied, and `import-values` folded into the parent's defaults. A port
 * of helm/helm `pkg/chart/v2/util/dependencies.go` @ v4.2.4
 * (3900f434fd3ef2b84065dc04508df48f288dba00) `ProcessDependencies`, which is
 * Helm 3's `ProcessDependenciesWithMerge` (`pkg/chartutil/dependencies.go`
 * @ v3.21.4, 813176c51bb5c181dbbd7901298ddcc104cd3417) — the variant
 * install and upgrade call.
 *
 * Mutates `chart`: afterwards only enabled subcharts remain, named by
 * their alias, and the chart's values already hold every enabled
 * subchart's defaults and pushed-down globals.
 */
export function processDependencies(coalescer: Coalescer, chart: HelmChart, vals: Values): void {
  processEnabled(coalescer, chart, vals, '');
  processImportValues(coalescer, chart);
}

/** Helm `IsCompatibleRange`: false when either side does not parse. */
function isCompatibleRange(constraint: string | undefined, version: string): boolean {
  const v = tryParseVersion(version);
  const c = tryParseConstraint(constraint ?? '');
  return v !== undefined && c !== undefined && c.check(v);
}

function processEnabled(coalescer: Coalescer, c: HelmChart, v: Values, path: string): void {
  if (c.requirements.length === 0) return;
  const dependencies: HelmChart[] = [];
  // Subcharts that no Chart.yaml entry names (name and version range) are always enabled.
  for (const existing of c.subcharts) {
    if (!c.requirements.some((req) => existing.name === req.name && isCompatibleRange(req.version, existing.version))) {
      dependencies.push(existing);
    }
  }
  for (const req of c.requirements) {
    const found = c.subcharts.find((x) => x.name === req.name && isCompatibleRange(req.version, x.version));
    // getAliasDependency: a shallow copy renamed to the alias (one chart can serve two aliases).
    if (found) dependencies.push({ ...found, name: req.alias || found.name, requirements: [...found.requirements], subcharts: [...found.subcharts] });
    if (req.alias) req.name = req.alias;
  }
  c.subcharts = dependencies;
  for (const req of c.requirements) req.enabled = true;
  const cvals = coalescer.coalesceValues(c, v);
  processTags(c.requirements, cvals, coalescer.warnings);
  processConditions(c.requirements, cvals, path, coalescer.warnings);
  const disabled = new Set(c.requirements.filter((r) => !r.enabled).map((r) => r.name));
  c.subcharts = c.subcharts.filter((s) => !disabled.has(s.name));
  c.requirements = c.requirements.filter((r) => !disabled.has(r.name));
  for (const sub of c.subcharts) processEnabled(coalescer, sub, cvals, `${path}${sub.name}.`);
}

/** Conditions win over tags: the first condition path holding a bool decides. */
function processConditions(reqs: readonly Requirement[], cvals: Values, cpath: string, warnings: string[]): void {
  for (const r of reqs) {
    for (const condition of (r.condition ?? '').trim().split(',')) {
      if (condition.length === 0) continue;
      const pv = pathValue(cvals, cpath + condition);
      if (!pv.found) continue;
      if (typeof pv.value === 'boolean') {
        r.enabled = pv.value;
        break;
      }
      warnings.push(`Warning: Condition path '${condition}' for chart ${r.name} returned non-bool value`);
    }
  }
}

/** Any true tag enables; else any false tag disables. */
function processTags(reqs: readonly Requirement[], cvals: Values, warnings: string[]): void {
  const tags = tableAt(cvals, 'tags');
  if (tags === undefined) return;
  for (const r of reqs) {
    let anyTrue = false;
    let anyFalse = false;
    for (const k of r.tags) {
      if (!hasKey(tags, k)) continue;
      if (typeof tags[k] === 'boolean') {
        if (tags[k]) anyTrue = true;
        else anyFalse = true;
      } else {
        warnings.push(`Warning: Tag '${k}' for chart ${r.name} returned non-bool value`);
      }
    }
    if (!anyTrue && anyFalse) r.enabled = false;
    else r.enabled = true;
  }
}

/** Children first, then this chart. */
function processImportValues(coalescer: Coalescer, c: HelmChart): void {
  for (const sub of c.subcharts) processImportValues(coalescer, sub);
  if (c.requirements.length === 0) return;
  const cvals = coalescer.mergeValues(c, undefined);
  let imported: Values = {};
  for (const r of c.requirements) {
    const normalized: { child: string; parent: string }[] = [];
    for (const iv of r.importValues) {
      if (isTable(iv)) {
        const child = String(iv.child);
        const parent = String(iv.parent);
        normalized.push({ child, parent });
        const vv = tableAt(cvals, `${r.name}.${child}`);
        if (vv === undefined) {
          coalescer.warnings.push(`Warning: ImportValues missing table from chart ${r.name}: ${child}`);
          continue;
        }
        imported = coalescer.mergeTables(imported, parent === '.' ? vv : nestUnder(parent, vv));
      } else if (typeof iv === 'string') {
        const child = `exports.${iv}`;
        normalized.push({ child, parent: '.' });
        const vm = tableAt(cvals, `${r.name}.${child}`);
        if (vm === undefined) {
          coalescer.warnings.push(`Warning: ImportValues missing table: ${child}`);
          continue;
        }
        imported = coalescer.mergeTables(imported, vm);
      }
    }
    r.importValues = normalized;
  }
  // The parent's own values win over what it imports.
  c.values = coalescer.mergeTables(structuredClone(cvals), imported);
}

/** `{a: {b: data}}` for the path `a.b`. */
function nestUnder(path: string, data: Values): Values {
  return path.split('.').reverse().reduce<Values>((inner, key) => ({ [key]: inner }), data);
}
