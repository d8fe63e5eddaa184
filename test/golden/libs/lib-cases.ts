// Shared by the libs golden recorder and the libs golden test: reads the case list.
//
// test/golden/libs/cases.txt format: one Lua script body per line (run as `EVAL <line> 0`).
// Blank lines and lines starting with `--` are comments. A line starting with `?order `
// produces output whose bytes depend on Lua 5.1's hash-table iteration order (objects/maps
// with several keys); it is recorded and compared, but a mismatch is reported as a known
// divergence instead of failing (see docs/lua-libs.md). `?nan ` marks output that depends on
// the sign bit of a NaN (x86's 0/0 is negative, -(0/0) positive), which JS numbers do not keep.
// `?name ` marks an argument error whose function name C takes from the call site
// (`local f = bit.bor; f(nil)` says 'f'): the engine's business, reported separately.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const CASES_PATH = 'test/golden/libs/cases.txt';
export const REPLIES_PATH = 'test/golden/libs/replies.json';

export interface LibCase { line: number; src: string; orderDependent: boolean; nanSign: boolean; callName: boolean }

export interface LibGolden {
  redis: string;
  recordedAt: string;
  cases: Array<{ line: number; src: string; reply: string }>;
}

export function readLibCases(root = process.cwd()): LibCase[] {
  const text = fs.readFileSync(path.join(root, CASES_PATH), 'latin1');
  const out: LibCase[] = [];
  text.split('\n').forEach((raw, i) => {
    let src = raw.replace(/\r$/, '');
    if (src.trim() === '' || src.startsWith('--')) return;
    let orderDependent = false;
    let nanSign = false;
    if (src.startsWith('?order ')) { orderDependent = true; src = src.slice(7); }
    if (src.startsWith('?nan ')) { nanSign = true; src = src.slice(5); }
    let callName = false;
    if (src.startsWith('?name ')) { callName = true; src = src.slice(6); }
    out.push({ line: i + 1, src, orderDependent, nanSign, callName });
  });
  return out;
}

export function readLibGolden(root = process.cwd()): LibGolden {
  return JSON.parse(fs.readFileSync(path.join(root, REPLIES_PATH), 'utf8')) as LibGolden;
}
