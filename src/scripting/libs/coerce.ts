// Lua 5.1's string -> number coercion (luaO_str2d), as the C libraries see it through
// lua_tonumber / lua_isnumber / luaL_checknumber: glibc strtod after optional leading
// whitespace, optional trailing whitespace, a NUL byte ends the text.

import { strtod, type StrtodResult } from './fpconv';

const scratch: StrtodResult = { value: 0, end: 0 };

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The number a string converts to, or undefined if it is not numeric. */
export function stringToNumber(s: string): number | undefined {
  let i = 0;
  const n = s.length;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  const r = strtod(s, i, scratch);
  if (r.end === i) return undefined;
  let j = r.end;
  while (j < n && isSpace(s.charCodeAt(j))) j++;
  if (j < n && s.charCodeAt(j) !== 0) return undefined;
  return r.value;
}

/** lua_tonumber: numbers as is, numeric strings converted, anything else undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return stringToNumber(v);
  return undefined;
}
