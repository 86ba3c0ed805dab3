import { compileGoRegexp } from '../go-regexp';
import { expandGoTemplate } from './go-expand';
import type { ImageTagFilter } from './types';

/**
 * An ImagePolicy's `filterTags` as image-reflector-controller applies it
 * (fluxcd/image-reflector-controller `internal/policy/filter.go` @debe2aaa,
 * `RegexFilter`): `regexp.Compile(pattern)`; for each tag,
 * `FindStringSubmatchIndex` (the leftmost match anywhere in the tag); a tag
 * with a match is kept, as the `ExpandString` of `extract` over that first
 * match when `extract` is not empty. The kept values are the keys of a Go
 * map whose value is the original tag, written in list order, so when two
 * tags extract to the same value the later tag is the one reported.
 */
export type CompiledTagFilter =
  | { readonly ok: true; apply(tags: readonly string[]): Map<string, string> }
  | { readonly ok: false; readonly reason: string; readonly hint?: string };

/**
 * `NewRegexFilter(pattern, extract)`: the filter, or Go's `invalid regular
 * expression pattern '%s': %w` (the controller prefixes it with `failed to
 * filter tags: `).
 *
 * `apply` gives the kept values mapped to their original tags; the Map's
 * order (where each value first appeared) stands in for Go's map, which
 * has none (see `ImagePolicyPick.alsoPossible`).
 */
export function compileTagFilter(filter: ImageTagFilter): CompiledTagFilter {
  const compiled = compileGoRegexp(filter.pattern);
  if (!compiled.ok) {
    const reason = `invalid regular expression pattern '${filter.pattern}': ${compiled.reason}`;
    return compiled.hint === undefined ? { ok: false, reason } : { ok: false, reason, hint: compiled.hint };
  }
  const regexp = compiled.regexp;
  const extract = filter.extract ?? '';
  const groups = regexp.groupCount();
  const names: string[] = new Array<string>(groups + 1).fill('');
  for (const [name, index] of Object.entries(regexp.namedGroups())) names[index] = name;
  return {
    ok: true,
    apply(tags) {
      const kept = new Map<string, string>();
      for (const tag of tags) {
        const matcher = regexp.matcher(tag);
        if (!matcher.find()) continue;
        let value = tag;
        if (extract !== '') {
          const match: number[] = [];
          for (let g = 0; g <= groups; g++) match.push(matcher.start(g), matcher.end(g));
          value = expandGoTemplate(extract, tag, match, names);
        }
        kept.set(value, tag);
      }
      return kept;
    },
  };
}
