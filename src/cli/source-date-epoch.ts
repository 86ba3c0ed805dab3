import { UsageError } from './errors';
import { CliIo } from './io';

/**
 * `SOURCE_DATE_EPOCH` (reproducible-builds.org: whole seconds since
 * 1970-01-01 UTC, usually the last commit's time) as a Date; undefined
 * when unset or empty.
 *
 * @throws UsageError when it is set to anything but digits
 */
export function sourceDateEpoch(io: CliIo): Date | undefined {
  const text = io.env.SOURCE_DATE_EPOCH;
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,12}$/.test(text)) {
    throw new UsageError(`SOURCE_DATE_EPOCH=${JSON.stringify(text)} is not a number of seconds since 1970-01-01 UTC, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)`);
  }
  return new Date(Number(text) * 1000);
}
