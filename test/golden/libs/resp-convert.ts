// Converts what a script returned (or raised) to the RESP2 reply Redis sends for EVAL, so a
// result computed by Ferrous can be compared byte for byte with a recorded Redis reply.
// Rules: ../shared/spec/redis-scripting.md section 4.3/4.4 (RESP2 client, script protocol 2).

import { createHash } from 'node:crypto';
import { LuaError, LuaTable } from '../../../src/lua/value';

function sanitize(s: string): string {
  return s.replace(/[\r\n]/g, ' ');
}

/** (long long) of a double on x86-64: truncation; NaN, +-inf and out-of-range give INT64_MIN. */
function toLongLong(d: number): string {
  if (!(d > -9223372036854775808 && d < 9223372036854775808)) return '-9223372036854775808';
  const t = Math.trunc(d);
  return Number.isSafeInteger(t) ? String(t === 0 ? 0 : t) : BigInt(t).toString();
}

/** The reply of one Lua value (the first value a script returns). */
export function luaValueToResp(v: unknown, depth = 0): string {
  switch (typeof v) {
    case 'string': return `$${v.length}\r\n${v}\r\n`;
    case 'number': return `:${toLongLong(v)}\r\n`;
    case 'boolean': return v ? ':1\r\n' : '$-1\r\n';
    case 'undefined': return '$-1\r\n';
  }
  if (!(v instanceof LuaTable)) return '$-1\r\n';
  if (depth > 7990) return '-ERR reached lua stack limit\r\n';
  const err = v.get('err');
  if (typeof err === 'string') return `-${sanitize(err)}\r\n`;
  const ok = v.get('ok');
  if (typeof ok === 'string') return `+${sanitize(ok)}\r\n`;
  const items: string[] = [];
  for (let i = 1; ; i++) {
    const e = v.get(i);
    if (e === undefined) break;
    items.push(luaValueToResp(e, depth + 1));
  }
  return `*${items.length}\r\n${items.join('')}`;
}

/** The reply of a script that raised `e` (uncaught), for EVAL of `src`. */
export function luaErrorToResp(e: LuaError, src: string): string {
  const sha = createHash('sha1').update(Buffer.from(src, 'latin1')).digest('hex');
  const suffix = ` script: ${sha}, on @user_script:1.`;
  const v = e.value;
  if (v instanceof LuaTable) {
    const err = v.get('err');
    return `-${sanitize(typeof err === 'string' ? err : 'ERR unknown error')}${suffix}\r\n`;
  }
  const msg = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : 'unknown error';
  return `-ERR ${sanitize(msg)}${suffix}\r\n`;
}
