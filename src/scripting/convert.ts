// Conversions between Lua values and Redis replies (spec §4.1-4.3), with no RESP in between:
//   - Lua arguments of redis.call -> command argv strings (formatArg);
//   - a command's reply -> Lua value: LuaReplyBuilder is a Reply sink that builds the value;
//   - the script's result -> calls on the caller's Reply sink (luaToReply).

import type { Reply } from '../commands/types';
import { LuaTable, type LuaValue } from '../lua/value';
import { redisKeyOrder } from './libs/lua51-order';
import { fpconvDtoa } from '../store/number-text';

// ---------------------------------------------------------------------------------------------
// Numbers as text

const LLONG_MAX_HALF = 4611686018427387904; // (double)LLONG_MAX / 2 = 2^62

/** Redis 7.4's number -> command argument text: integers within ±2^62 plainly, else fpconv. */
export function formatArgNumber(n: number): string {
  if (Number.isInteger(n) && n >= -LLONG_MAX_HALF && n <= LLONG_MAX_HALF) return n === 0 ? '0' : integerDigits(n);
  return fpconvDtoa(n);
}

/**
 * ll2string of an integral double: every digit. Past 2^53 String() gives the shortest
 * round-trip form padded with zeros (2^60 -> 1152921504606847000), not the integer
 * (1152921504606846976).
 */
function integerDigits(n: number): string {
  return n <= 9007199254740992 && n >= -9007199254740992 ? String(n) : BigInt(n).toString();
}

/** Redis's d2string (7.2+): the text of a double reply ({double=} and RESP2 doubles). */
export function d2string(d: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return 1 / d < 0 ? '-0' : '0';
  if (Number.isInteger(d) && d >= -LLONG_MAX_HALF && d <= LLONG_MAX_HALF) return integerDigits(d);
  return fpconvDtoa(d);
}

/** (long long)d on x86-64: truncation; NaN, infinities and out-of-range give LLONG_MIN. */
export function luaNumberToInteger(d: number): number | bigint {
  if (d !== d || d >= 9223372036854775808 || d < -9223372036854775808) return -9223372036854775808n;
  const t = Math.trunc(d);
  return t === 0 ? 0 : Number.isSafeInteger(t) ? t : BigInt(t);
}

// ---------------------------------------------------------------------------------------------
// Error texts

/** CR and LF become spaces (Redis's error and status lines must stay on one line). */
export function sanitizeLine(s: string): string {
  if (s.indexOf('\r') < 0 && s.indexOf('\n') < 0) return s;
  return s.replace(/[\r\n]/g, ' ');
}

/**
 * The text up to the first NUL byte: Redis copies the `err` and `ok` fields of a reply table
 * with sdsnew(lua_tostring(...)), a C string, so a status or error ends at a NUL.
 */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** Trailing CR/LF removed (luaPushError / redisProtocolToLuaType_Error). */
export function trimCrLf(s: string): string {
  let n = s.length;
  while (n > 0 && (s.charCodeAt(n - 1) === 10 || s.charCodeAt(n - 1) === 13)) n--;
  return n === s.length ? s : s.slice(0, n);
}

/**
 * luaPushError's code rule for a C message: "-CODE msg" keeps its code, a message without a
 * leading '-' gets "ERR ". Returns the text for the `err` field.
 */
export function errorCodeText(msg: string): string {
  msg = trimCrLf(msg);
  if (msg.startsWith('-')) {
    const space = msg.indexOf(' ');
    return space < 0 ? 'ERR ' + msg.slice(1) : msg.slice(1);
  }
  return 'ERR ' + msg;
}

/** A fresh error table {err=text} (plus ignore_error_stats_update when from a command). */
export function errorTable(text: string, ignoreStats: boolean): LuaTable {
  const t = new LuaTable();
  t.set('err', text);
  if (ignoreStats) t.set('ignore_error_stats_update', true);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Command reply -> Lua value

const K_ARRAY = 0;
const K_MAP = 1;
const K_SET = 2;
/** A push message: Redis's reply parser has no push type, so it converts to nil. */
const K_DISCARD = 3;

interface Frame {
  kind: number;
  /** The table under construction (for K_MAP/K_SET the inner table of {map=}/{set=}). */
  table: LuaTable;
  /** The value to emit when done ({map=table} or the array itself). */
  result: LuaTable;
  remaining: number;
  index: number;
  /** Map: the key waiting for its value. */
  key: LuaValue;
  haveKey: boolean;
}

/**
 * The Reply sink redis.call() hands to commands: it builds the Lua value directly, as
 * redisProtocolToLuaType would after parsing RESP (spec §4.2). RESP2 mode turns nulls into
 * false and RESP3 types into their RESP2 forms; RESP3 mode gives nil, booleans and the
 * {double=}/{map=}/{set=}/{big_number=}/{verbatim_string=} tables.
 */
export class LuaReplyBuilder implements Reply {
  resp: 2 | 3 = 2;
  /** The complete top-level value, once emitted. */
  value: LuaValue = undefined;
  done = false;
  /** True when the top-level reply was an error (redis.call raises it). */
  topLevelError = false;
  /** Called for every error reply (the engine's error statistics). */
  onError: ((text: string) => void) | null = null;
  private stack: Frame[] = [];

  reset(resp: 2 | 3): void {
    this.resp = resp;
    this.value = undefined;
    this.done = false;
    this.topLevelError = false;
    if (this.stack.length !== 0) this.stack.length = 0;
  }

  private emit(v: LuaValue): void {
    for (;;) {
      const top = this.stack.length === 0 ? undefined : this.stack[this.stack.length - 1];
      if (top === undefined) {
        if (!this.done) { this.value = v; this.done = true; }
        return;
      }
      if (top.kind === K_ARRAY) {
        top.index++;
        if (v !== undefined) top.table.set(top.index, v);
        top.remaining--;
      } else if (top.kind === K_MAP) {
        if (!top.haveKey) { top.key = v; top.haveKey = true; return; }
        top.haveKey = false;
        if (top.key !== undefined && top.key === top.key) top.table.set(top.key, v);
        top.remaining--;
      } else if (top.kind === K_SET) {
        if (v !== undefined && v === v) top.table.set(v, true);
        top.remaining--;
      } else {
        top.remaining--;
      }
      if (top.remaining > 0) return;
      this.stack.pop();
      v = top.kind === K_DISCARD ? undefined : top.result;
    }
  }

  private open(kind: number, n: number, wrapKey: string | null): void {
    const table = new LuaTable();
    let result = table;
    if (wrapKey !== null) { result = new LuaTable(); result.set(wrapKey, table); }
    if (n <= 0) { this.emit(kind === K_DISCARD ? undefined : result); return; }
    this.stack.push({ kind, table, result, remaining: n, index: 0, key: undefined, haveKey: false });
  }

  status(s: string): void {
    const t = new LuaTable();
    t.set('ok', s);
    this.emit(t);
  }

  error(s: string): void {
    if (this.onError !== null) this.onError(s);
    const text = trimCrLf(s.startsWith('-') ? s.slice(1) : s);
    if (this.stack.length === 0 && !this.done) this.topLevelError = true;
    this.emit(errorTable(text, this.stack.length === 0));
  }

  integer(n: number | bigint): void {
    this.emit(typeof n === 'bigint' ? Number(n) : n);
  }

  bulk(s: string | null): void {
    this.emit(s === null ? (this.resp === 2 ? false : undefined) : s);
  }

  nullArray(): void {
    this.emit(this.resp === 2 ? false : undefined);
  }

  arrayLen(n: number): void {
    this.open(K_ARRAY, n, null);
  }

  mapLen(n: number): void {
    if (this.resp === 2) this.open(K_ARRAY, n * 2, null);
    else this.open(K_MAP, n, 'map');
  }

  setLen(n: number): void {
    if (this.resp === 2) this.open(K_ARRAY, n, null);
    else this.open(K_SET, n, 'set');
  }

  pushLen(n: number): void {
    this.open(K_DISCARD, n, null);
  }

  double(d: number): void {
    if (this.resp === 2) { this.emit(d2string(d)); return; }
    const t = new LuaTable();
    t.set('double', d);
    this.emit(t);
  }

  bool(b: boolean): void {
    this.emit(this.resp === 2 ? (b ? 1 : 0) : b);
  }

  bigNumber(digits: string): void {
    if (this.resp === 2) { this.emit(digits); return; }
    const t = new LuaTable();
    t.set('big_number', digits);
    this.emit(t);
  }

  verbatim(format: string, text: string): void {
    if (this.resp === 2) { this.emit(text); return; }
    // In Redis's order (redisProtocolToLuaType_VerbatimString): `string`, then `format`; the
    // Lua 5.1 node order that cjson.encode and pairs-based code see follows from it.
    const inner = new LuaTable();
    inner.set('string', text);
    inner.set('format', format);
    const t = new LuaTable();
    t.set('verbatim_string', inner);
    this.emit(t);
  }
}

// ---------------------------------------------------------------------------------------------
// Lua value -> client reply

/**
 * Visits a table's pairs in the order Redis's Lua 5.1 next() gives them: the array part, then
 * the hash part as Lua's node array orders it (modelled in libs/lua51-order.ts; when a key
 * cannot be modelled, insertion order).
 */
function forEachInLuaOrder(t: LuaTable, visit: (k: LuaValue, v: LuaValue) => void): void {
  const arr = t.arr;
  for (let i = 0; i < arr.length; i++) if (arr[i] !== undefined) visit(i + 1, arr[i]);
  const hash = t.hash;
  if (hash === undefined || hash.size === 0) return;
  const order = hash.size < 2 ? undefined : redisKeyOrder(hash, (t as LuaTable & { sizeHint?: number }).sizeHint ?? 0);
  if (order === undefined) {
    for (const [k, val] of hash) if (val !== undefined) visit(k as LuaValue, val);
    return;
  }
  for (let i = 0; i < order.length; i++) {
    const val = hash.get(order[i]);
    if (val !== undefined) visit(order[i] as LuaValue, val);
  }
}

/** Lua's C stack budget as Redis hits it (LUAI_MAXCSTACK 8000 with lua_checkstack(4)). */
const STACK_SLOTS = 7994;
/** Beyond this many converted tables, nested tables are cut with the stack-limit error. */
const MAX_TABLES = 1_000_000;

/**
 * Writes a script's result to the client (luaReplyToRedisReply). `scriptResp` is the
 * protocol the script selected with redis.setresp (booleans depend on it). Field checks use
 * raw access, so no metamethod ever runs here. The walk is iterative (an explicit stack of
 * values still to convert, each with the Lua stack slots Redis would be using at that depth)
 * so 8000-deep nesting cannot overflow the JS stack.
 */
export function luaToReply(root: LuaValue, reply: Reply, scriptResp: 2 | 3): void {
  // The common results (a number, a string, nil) need none of the walk's stacks.
  switch (typeof root) {
    case 'string': reply.bulk(root); return;
    case 'number': reply.integer(luaNumberToInteger(root)); return;
    case 'undefined': reply.bulk(null); return;
    default: break;
  }
  const values: LuaValue[] = [root];
  const slotsOf: number[] = [0];
  let tables = 0;
  while (values.length > 0) {
    const v = values.pop();
    const slots = slotsOf.pop()!;
    if (slots > STACK_SLOTS) {
      reply.error('ERR reached lua stack limit');
      continue;
    }
    switch (typeof v) {
      case 'string':
        reply.bulk(v);
        continue;
      case 'number':
        reply.integer(luaNumberToInteger(v));
        continue;
      case 'boolean':
        if (scriptResp === 2) {
          if (v) reply.integer(1); else reply.bulk(null);
        } else {
          reply.bool(v);
        }
        continue;
      default:
        break;
    }
    if (!(v instanceof LuaTable)) {
      reply.bulk(null);
      continue;
    }
    if (++tables > MAX_TABLES) {
      reply.error('ERR reached lua stack limit');
      continue;
    }
    const err = v.get('err');
    if (typeof err === 'string') {
      reply.error(sanitizeLine(trimCrLf(cString(err))));
      continue;
    }
    const ok = v.get('ok');
    if (typeof ok === 'string') {
      reply.status(sanitizeLine(cString(ok))); // sdsmapchars only: a trailing CR/LF becomes a space
      continue;
    }
    const dbl = v.get('double');
    if (typeof dbl === 'number') {
      // RESP2 clients get the 7.4 text (d2string) as a bulk string.
      if (reply.resp === 2) reply.bulk(d2string(dbl)); else reply.double(dbl);
      continue;
    }
    const big = v.get('big_number');
    if (typeof big === 'string') {
      reply.bigNumber(sanitizeLine(big));
      continue;
    }
    const verb = v.get('verbatim_string');
    if (verb instanceof LuaTable) {
      const format = verb.get('format');
      const text = verb.get('string');
      if (typeof format === 'string' && typeof text === 'string') {
        reply.verbatim((cString(format) + '   ').slice(0, 3), text); // addReplyVerbatim stops at a NUL
        continue;
      }
    }
    const map = v.get('map');
    if (map instanceof LuaTable) {
      const pairs: LuaValue[] = [];
      forEachInLuaOrder(map, (k, val) => { pairs.push(k, val); });
      reply.mapLen(pairs.length / 2);
      for (let i = pairs.length - 1; i >= 0; i--) { values.push(pairs[i]); slotsOf.push(slots + 3); }
      continue;
    }
    const set = v.get('set');
    if (set instanceof LuaTable) {
      const members: LuaValue[] = [];
      forEachInLuaOrder(set, (k) => { members.push(k); });
      reply.setLen(members.length);
      for (let i = members.length - 1; i >= 0; i--) { values.push(members[i]); slotsOf.push(slots + 3); }
      continue;
    }
    // An array: t[1], t[2], ... up to the first nil.
    let n = 0;
    while (v.get(n + 1) !== undefined) n++;
    reply.arrayLen(n);
    for (let i = n; i >= 1; i--) { values.push(v.get(i)); slotsOf.push(slots + 1); }
  }
}
