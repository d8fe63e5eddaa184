// The `#!lua flags=...` first line of an EVAL script (spec §5.2) and the script flags.

export const SCRIPT_FLAG_NO_WRITES = 1;
export const SCRIPT_FLAG_ALLOW_OOM = 2;
export const SCRIPT_FLAG_ALLOW_STALE = 4;
export const SCRIPT_FLAG_NO_CLUSTER = 8;
export const SCRIPT_FLAG_ALLOW_CROSS_SLOT = 16;
/** No shebang: the script runs in compat mode (no declared flags). */
export const SCRIPT_FLAG_EVAL_COMPAT_MODE = 32;

const FLAG_NAMES: ReadonlyArray<[string, number]> = [
  ['no-writes', SCRIPT_FLAG_NO_WRITES],
  ['allow-oom', SCRIPT_FLAG_ALLOW_OOM],
  ['allow-stale', SCRIPT_FLAG_ALLOW_STALE],
  ['no-cluster', SCRIPT_FLAG_NO_CLUSTER],
  ['allow-cross-slot-keys', SCRIPT_FLAG_ALLOW_CROSS_SLOT],
];

export interface ParsedScript {
  flags: number;
  /** The body to compile: the shebang line's text removed, its newline kept. */
  code: string;
}

/** Thrown for a bad shebang; the message is the full error reply text. */
export class ShebangError extends Error {}

/**
 * Parses the shebang (evalExtractShebangFlags). Returns the flags and the code to compile,
 * or throws ShebangError with Redis's exact text.
 */
export function parseShebang(body: string): ParsedScript {
  if (!body.startsWith('#!')) return { flags: SCRIPT_FLAG_EVAL_COMPAT_MODE, code: body };
  const nl = body.indexOf('\n');
  if (nl < 0) throw new ShebangError('ERR Invalid script shebang');
  const line = body.slice(0, nl);
  // sdssplitargs on the shebang line; Redis's shebang has no quoting in practice, so split on
  // whitespace (an unbalanced quote is what makes sdssplitargs fail: treat it the same way).
  const parts = line.split(/[ \t\r\v\f]+/).filter((p) => p !== '');
  if (parts.length === 0 || /["']/.test(line)) throw new ShebangError('ERR Invalid engine in script shebang');
  if (parts[0] !== '#!lua') throw new ShebangError(`ERR Unexpected engine in script shebang: ${parts[0]}`);
  let flags = 0;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    if (!part.startsWith('flags=')) throw new ShebangError(`ERR Unknown lua shebang option: ${part}`);
    const list = part.slice(6);
    if (list === '') continue;
    for (const name of list.split(',')) {
      const found = FLAG_NAMES.find(([n]) => n === name);
      if (found === undefined) throw new ShebangError(`ERR Unexpected flag in script shebang: ${name}`);
      flags |= found[1];
    }
  }
  return { flags, code: body.slice(nl) };
}
