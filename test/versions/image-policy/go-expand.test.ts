/**
 * `expandGoTemplate` against the rules of Go src/regexp/regexp.go `expand`
 * and `extract` (go1.26), each case chosen so a plausible misreading of
 * them gives another answer.
 */
import { compileGoRegexp } from '../../../src/versions/go-regexp';
import { expandGoTemplate } from '../../../src/versions/image-policy/go-expand';

/** `re.ExpandString(nil, template, subject, re.FindStringSubmatchIndex(subject))`. */
function expand(pattern: string, subject: string, template: string): string {
  const compiled = compileGoRegexp(pattern);
  if (!compiled.ok) throw new Error(compiled.reason);
  const matcher = compiled.regexp.matcher(subject);
  if (!matcher.find()) throw new Error('no match');
  const groups = compiled.regexp.groupCount();
  const match: number[] = [];
  for (let g = 0; g <= groups; g++) match.push(matcher.start(g), matcher.end(g));
  const names = new Array<string>(groups + 1).fill('');
  for (const [name, index] of Object.entries(compiled.regexp.namedGroups())) names[index] = name;
  return expandGoTemplate(template, subject, match, names);
}

const PATTERN = '(?P<major>\\d+)\\.(?P<minor>\\d+)(?:-(?P<pre>\\w+))?';
const SUBJECT = 'v12.34-rc';

describe('Go Regexp.ExpandString', () => {
  test.each([
    // template, expansion
    ['$1', '12'],
    ['${1}', '12'],
    ['$0', '12.34-rc'],
    ['${0}', '12.34-rc'],
    ['$1.$2', '12.34'],
    ['$1x', ''], // the name is "1x", no such group
    ['${1}x', '12x'],
    ['$1_', ''], // "_" continues the name
    ['$1-', '12-'], // "-" ends it
    ['$1é', ''], // a Unicode letter continues the name too
    ['$1٣', ''], // and so does a Unicode digit (Arabic-Indic three); the name is not a number then
    ['$major', '12'],
    ['${major}', '12'],
    ['${major}.${minor}', '12.34'],
    ['$major.$minor-$pre', '12.34-rc'],
    ['$majorx', ''],
    ['$unknown', ''],
    ['$4', ''], // out of range
    ['$999999999', ''], // nine digits: a number, out of range
    ['$01', ''], // a leading zero makes it a name, and there is no group "01"
    ['$$', '$'],
    ['$$1', '$1'],
    ['$$$1', '$12'],
    ['a$$b', 'a$b'],
    ['$', '$'], // trailing $
    ['x$', 'x$'],
    ['$-', '$-'],
    ['$.1', '$.1'],
    ['${', '${'],
    ['${1', '${1'], // unclosed brace: the $ is literal and the rest read again
    ['${}', '${}'],
    ['${1x}', ''],
    ['${-}$1', '${-}12'],
    ['$ 1', '$ 1'],
    ['no references', 'no references'],
    ['', ''],
  ])('%p → %p', (template, expected) => {
    expect(expand(PATTERN, SUBJECT, template)).toBe(expected);
  });

  test('a group that did not take part expands to nothing, by number or by name', () => {
    expect(expand(PATTERN, '1.2', '[$3][$pre][${pre}]')).toBe('[][][]');
  });

  test('a name made of digits: a leading zero or ten digits make it a name, found as such', () => {
    expect(expand('(?P<01>a)(?P<1234567890>b)', 'ab', '$01|$1234567890|$1|$2')).toBe('a|b|a|b');
  });

  test('substrings are cut from the subject by string index, astral characters included', () => {
    expect(expand('(😀+)(.)', 'x😀😀y', '$2$1')).toBe('y😀😀');
  });

  test('the match indices are used as given: a pair of -1 is a group that did not take part', () => {
    expect(expandGoTemplate('<$1><$2><$name>', 'abc', [0, 3, 0, 1, -1, -1], ['', '', 'name'])).toBe('<a><><>');
    // a name is looked up among the groups that took part: the first one named so wins
    expect(expandGoTemplate('$n', 'abc', [0, 3, -1, -1, 1, 2], ['', 'n', 'n'])).toBe('b');
  });
});
