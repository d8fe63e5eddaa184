// Shared by the golden recorder (test/golden/record-lua-stdlib.ts) and the stdlib tests.
//
// A case is a library call with literal arguments (format, find, match, gmatch, gsub), or a
// piece of Lua code (expr/chunk) that only the engine can run. Every case becomes one Lua
// statement; a small Lua prelude runs it under pcall and prints one line encoding the results
// (strings as hex, numbers with %.17g, errors with their message). lua5.1 runs the program to
// record the lines; the tests decode the lines and compare with what our code returns, or run
// the very same program through our engine and compare the lines.

/** A special number that JSON and JS literals cannot carry reliably. */
export interface SpecialNumber { num: 'nan' | '-nan' | 'inf' | '-inf' | '-0' }
/** A gsub replacement that is a Lua function: join = concat of tostring(captures) with ",". */
export interface ReplFunction { fn: 'join' | 'nil' | 'false' | 'table' | 'number' }
/** A gsub replacement table (string keys to string/number/boolean values). */
export interface ReplTable { tbl: Record<string, string | number | boolean> }
/** A long string built by string.rep (keeps the golden file small): rep x n, then tail. */
export interface RepString { rep: string; n: number; tail?: string }
export type Arg = string | number | SpecialNumber | ReplFunction | ReplTable | RepString | null | boolean;

export type Case =
  | { kind: 'format' | 'find' | 'match' | 'gmatch' | 'gsub'; args: Arg[] }
  | { kind: 'expr'; code: string }
  | { kind: 'chunk'; code: string };

/** A case as stored in a golden file: [kind, ...args] or [kind, code]. */
export type StoredCase = [string, ...Arg[]];

export function storeCase(c: Case): StoredCase {
  return c.kind === 'expr' || c.kind === 'chunk' ? [c.kind, c.code] : [c.kind, ...c.args];
}

export function loadCase(s: StoredCase): Case {
  const kind = s[0];
  if (kind === 'expr' || kind === 'chunk') return { kind, code: s[1] as string };
  return { kind: kind as 'format', args: s.slice(1) as Arg[] };
}

export interface GoldenFile {
  /** How the file was made. */
  recordedWith: string;
  cases: StoredCase[];
  /** One encoded line per case (see LUA_PRELUDE). */
  expected: string[];
}

function luaString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c >= 32 && c < 127) out += s[i];
    else {
      // \ddd with three digits so a following digit cannot join the escape
      out += '\\' + String(c).padStart(3, '0');
    }
  }
  return out + '"';
}

/** Lua source for one argument. */
export function luaArg(a: Arg): string {
  if (a === null) return 'nil';
  if (typeof a === 'boolean') return String(a);
  if (typeof a === 'string') return luaString(a);
  if (typeof a === 'number') {
    // Shortest round-trip repr; Lua's strtod reads it back exactly. Negative zero handled below.
    return a < 0 ? '(' + String(a) + ')' : String(a);
  }
  if ('num' in a) {
    switch (a.num) {
      case 'nan': return '(-(0/0))'; // x86: 0/0 is a negative NaN, so its negation is positive
      case '-nan': return '(0/0)';
      case 'inf': return 'math.huge';
      case '-inf': return '(-math.huge)';
      case '-0': return 'tonumber("-0")'; // a literal -0 can be folded into the constant 0
    }
  }
  if ('fn' in a) {
    switch (a.fn) {
      case 'join': return 'JOIN';
      case 'nil': return 'function() return nil end';
      case 'false': return 'function() return false end';
      case 'table': return 'function() return {} end';
      case 'number': return 'function(s) return #s + 0.5 end';
    }
  }
  if ('rep' in a) return '(string.rep(' + luaString(a.rep) + ', ' + a.n + ')' + (a.tail ? ' .. ' + luaString(a.tail) : '') + ')';
  if ('tbl' in a) {
    const parts: string[] = [];
    for (const k of Object.keys(a.tbl)) parts.push('[' + luaString(k) + ']=' + luaArg(a.tbl[k]));
    return '{' + parts.join(',') + '}';
  }
  throw new Error('bad arg ' + JSON.stringify(a));
}

const LIB_FUNCTION: Record<string, string> = {
  format: 'string.format', find: 'string.find', match: 'string.match', gsub: 'string.gsub',
};

/** The Lua statement for one case (prints exactly one line when run after LUA_PRELUDE). */
export function caseToLua(c: Case): string {
  switch (c.kind) {
    case 'expr': return 'R(function() return ' + c.code + ' end)';
    case 'chunk': return 'R(function() ' + c.code + ' end)';
    case 'gmatch': return 'G(' + c.args.map(luaArg).join(', ') + ')';
    default: return 'R(function() return ' + LIB_FUNCTION[c.kind] + '(' + c.args.map(luaArg).join(', ') + ') end)';
  }
}

/**
 * Defines R (run a function under pcall and print its results) and G (print every iteration
 * of a gmatch). Line format: "ok" followed by encoded values, or "err" and the message;
 * value encodings: s<text> string (control bytes, backslash and bytes >= 128 as \\ddd), n<%.17g> number, nil, true, false, t<type> other.
 * Error positions of this chunk ("stdlib:N: ") are cut so line numbers do not matter.
 */
export const LUA_PRELUDE = `
local format, byte, gsub, select, tostring, type, concat, pcall, print = string.format, string.byte, string.gsub, select, tostring, type, table.concat, pcall, print
local BS, SPECIAL = string.char(92), "[%c" .. string.char(92, 128) .. "-" .. string.char(255) .. "]"
local function esc(s) return (gsub(s, SPECIAL, function(c) return format("%s%03d", BS, byte(c)) end)) end
local function enc(v)
  local t = type(v)
  if t == "string" then return "s" .. esc(v)
  elseif t == "number" then return "n" .. format("%.17g", v)
  elseif t == "nil" then return "nil"
  elseif t == "boolean" then return tostring(v)
  else return "t" .. t end
end
local function line(ok, ...)
  local n = select("#", ...)
  local parts = {}
  if not ok then
    local e = ...
    if type(e) == "string" then e = gsub(e, "^stdlib:%d+: ", "") end
    return "err\t" .. enc(e)
  end
  for i = 1, n do parts[i] = enc((select(i, ...))) end
  return concat({"ok", unpack(parts)}, "\t")
end
function R(f) print(line(pcall(f))) end
function JOIN(...)
  local t = {...}
  for i = 1, select("#", ...) do t[i] = tostring(t[i]) end
  return concat(t, ",")
end
local function gm(...) return string.gmatch(...) end
function G(...)
  local ok, it = pcall(gm, ...)
  if not ok then print(line(false, it)) return end
  local rounds = {}
  for i = 1, 200 do
    local r = {pcall(it)}
    if not r[1] then print(line(false, r[2])) return end
    if r[2] == nil and #r <= 2 then break end
    rounds[#rounds + 1] = line(unpack(r))
  end
  print("gm\t" .. #rounds .. "\t" .. concat(rounds, "\t|\t"))
end
`;

/** Cases per chunk when recording (error positions inside messages depend on it). */
export const RECORD_BATCH = 800;

/** The whole program for a list of cases, to be loaded with chunk name "=stdlib". */
export function casesToLua(cases: Case[]): string {
  return cases.map(caseToLua).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Decoding on the JS side

const nanBits = new DataView(new ArrayBuffer(8));
/** A NaN with the given sign bit (x86 gives 0/0 a set sign bit; Lua prints it "-nan"). */
export function makeNaN(negative: boolean): number {
  nanBits.setUint32(0, negative ? 0xfff80000 : 0x7ff80000);
  nanBits.setUint32(4, 0);
  return nanBits.getFloat64(0);
}

export function jsArg(a: Arg): unknown {
  if (a === null) return undefined;
  if (typeof a === 'object' && 'num' in a) {
    switch (a.num) {
      case 'nan': return makeNaN(false);
      case '-nan': return makeNaN(true);
      case 'inf': return Infinity;
      case '-inf': return -Infinity;
      case '-0': return -0;
    }
  }
  if (a !== null && typeof a === 'object' && 'rep' in a) return a.rep.repeat(a.n) + (a.tail ?? '');
  return a;
}

function unescape(t: string): string {
  return t.replace(/\\(\d\d\d)/g, (_m, d: string) => String.fromCharCode(Number(d)));
}

export function decodeValue(tok: string): unknown {
  if (tok === 'nil') return undefined;
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  if (tok[0] === 's') return unescape(tok.slice(1));
  if (tok[0] === 'n') {
    const t = tok.slice(1);
    if (t === 'nan') return makeNaN(false);
    if (t === '-nan') return makeNaN(true);
    if (t === 'inf') return Infinity;
    if (t === '-inf') return -Infinity;
    return Number(t);
  }
  return { type: tok.slice(1) };
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
function numberKey(x: number): string {
  if (x !== x) { f64[0] = x; return (u32[1] >>> 31) ? '-nan' : 'nan'; }
  if (x === 0) return 1 / x < 0 ? '-0' : '0';
  return String(x);
}

/** Encodes JS-side results the way the Lua prelude does, for comparison with golden lines. */
export function encodeValue(v: unknown): string {
  if (v === undefined) return 'nil';
  if (v === true || v === false) return String(v);
  if (typeof v === 'string') {
    let t = '';
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      // Lua's %c class, backslash, and bytes >= 128 are escaped (see LUA_PRELUDE).
      t += c < 32 || c === 127 || c === 92 || c >= 128 ? '\\' + String(c).padStart(3, '0') : v[i];
    }
    return 's' + t;
  }
  if (typeof v === 'number') return 'n' + numberKey(v);
  return 't' + typeof v;
}

/** Normalises a golden line so numbers compare by value rather than by %.17g spelling. */
export function normaliseLine(line: string): string {
  return line.split('\t').map((tok) => {
    if (tok.length > 1 && tok[0] === 'n' && tok !== 'nil') return 'n' + numberKey(decodeValue(tok) as number);
    return tok;
  }).join('\t');
}

/** The line for a successful call returning `values` (the calling convention's result). */
export function okLine(result: unknown): string {
  const values = result instanceof Array ? result : [result];
  return ['ok', ...values.map(encodeValue)].join('\t');
}

export function errLine(message: string): string {
  return 'err\t' + encodeValue(message.replace(/^stdlib:\d+: /, ''));
}
