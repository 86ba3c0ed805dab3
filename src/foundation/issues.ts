import { ValidationError, ValidationIssue } from './errors';

/**
 * Collects what is wrong with one construct's props, so a user sees every
 * problem at once, each with the construct path and the field.
 * @internal
 */
export class IssueList {
  private readonly list: ValidationIssue[] = [];

  constructor(public readonly path: string) {}

  add(field: string, message: string): void {
    this.list.push({ path: this.path, field, message });
  }

  get issues(): readonly ValidationIssue[] {
    return this.list;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError([...this.list]);
  }
}

/** Throws a ValidationError with one issue: for checks that fail before a construct exists. @internal */
export function failWith(path: string, field: string, message: string): never {
  throw new ValidationError([{ path, field, message }]);
}
