// A typedoc plugin: `@default` tags read as the sentence or value they are.
// The TSDoc here writes a value (`@default 'OCIRepository'`, `@default false`)
// or, after "- ", a description (`@default - the Chart's namespace`), the
// jsii convention. Parsed as markdown (api-docs.mjs turns typedoc's
// code-block default off), a description would render as a bullet list and
// a value as plain text; this renders the value as code and the
// description as text, so neither reads as a code block holding `- none`.
import { Converter, ReflectionKind } from 'typedoc';

/** A leading literal: a quoted string, a number, a boolean, an empty array or object. */
const LITERAL = /^('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|-?\d[\d_.]*|true|false|\[\]|\{\})(.*)$/s;

/** The display parts of a `@default` tag, rewritten. Exported for the API-docs test. */
export function defaultParts(parts) {
  if (parts.some((p) => p.kind !== 'text' && p.kind !== 'code')) return stripDash(parts);
  const text = parts.map((p) => p.text).join('').trim();
  if (text.startsWith('- ')) return [{ kind: 'text', text: text.slice(2) }];
  const literal = LITERAL.exec(text);
  if (!literal) return [{ kind: 'text', text }];
  const value = literal[1].startsWith('`') ? literal[1] : `\`${literal[1]}\``;
  return literal[2] ? [{ kind: 'code', text: value }, { kind: 'text', text: literal[2] }] : [{ kind: 'code', text: value }];
}

function stripDash(parts) {
  const [first, ...rest] = parts;
  return first?.kind === 'text' && first.text.startsWith('- ') ? [{ ...first, text: first.text.slice(2) }, ...rest] : parts;
}

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.All)) {
      const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
      for (const comment of comments) {
        for (const tag of comment?.blockTags ?? []) {
          if (tag.tag === '@default' || tag.tag === '@defaultValue') tag.content = defaultParts(tag.content);
        }
      }
    }
  });
}
