import { isAbsolute, relative, sep } from 'node:path';

/** Whether `path` is `dir` or lies below it (a name that merely starts with `..` is below). */
export function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Whether `path` lies below `dir`, not `dir` itself. */
export function isBelow(dir: string, path: string): boolean {
  return relative(dir, path) !== '' && isWithin(dir, path);
}
