// The argument splitter of the golden corpus files: redis-cli's sdssplitargs, which is the
// server's own splitArgs (inline commands, config files), so corpus lines split exactly as
// redis-cli splits them when the goldens are recorded.

import { splitArgs as sdsSplitArgs } from '../../src/commands/split-args';

/** sdssplitargs of one corpus line; throws on unbalanced quotes or a quote not followed by a space. */
export function splitCorpusArgs(line: string): string[] {
  const argv = sdsSplitArgs(line);
  if (argv === null) throw new Error(`unbalanced quotes, or a closing quote not followed by a space: ${line}`);
  return argv;
}
