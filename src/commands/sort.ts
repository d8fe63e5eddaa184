// SORT and SORT_RO (Redis's sort.c): sort a list, set or sorted set numerically or
// lexicographically (ALPHA), by external keys (BY pattern, with "->field" for hash fields),
// fetch external values (GET pattern, GET #), LIMIT, ASC/DESC and STORE into a list.
// Comparison ties are broken as Redis does (numeric: by the element bytes), with a stable
// sort where Redis's qsort is glibc's merge sort.

import type { CommandContext, CommandSpec } from './types';
import type { Value } from '../store/object';
import { ListObject } from '../store/t_list';
import type { SetObject } from '../store/t_set';
import type { ZSetObject } from '../store/t_zset';
import type { HashObject } from '../store/t_hash';
import { ERR_SYNTAX, ERR_WRONGTYPE } from './util';
import { keySpec, longArg } from './type-helpers';
import { notify, NOTIFY_LIST, NOTIFY_GENERIC } from './notify';

/** strtod over the whole string, with errno == ERANGE and NaN counted as failures. */
function sortScore(s: string): number | null {
  const nul = s.indexOf('\0');
  let t = nul < 0 ? s : s.slice(0, nul);
  t = t.replace(/^[ \t\n\v\f\r]+/, '');
  if (t === '') return 0;
  if (!/^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity)$/i.test(t)) {
    if (/^[+-]?0[xX]/.test(t)) {
      const v = Number(t.replace(/^[+-]/, ''));
      return Number.isNaN(v) ? null : t[0] === '-' ? -v : v;
    }
    return null;
  }
  const lower = t.toLowerCase();
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return t[0] === '-' ? -Infinity : Infinity;
  const v = Number(t);
  if (!Number.isFinite(v)) return null; // overflow: ERANGE
  if (v === 0 && /[1-9]/.test(t.replace(/[eE].*$/, ''))) return null; // underflow: ERANGE
  return v;
}

/**
 * lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by the
 * element and the key read as a string, or with "->field" as a hash field. null when absent.
 */
function lookupByPattern(ctx: CommandContext, pattern: string, subst: string): string | null {
  if (pattern === '#' || (pattern[0] === '#' && pattern[1] === '\0')) return subst;
  const cpat = pattern.indexOf('\0') < 0 ? pattern : pattern.slice(0, pattern.indexOf('\0'));
  const star = cpat.indexOf('*');
  if (star < 0) return null;
  const arrow = pattern.indexOf('->', star + 1);
  let field: string | null = null;
  let keyPattern = pattern;
  if (arrow >= 0 && arrow + 2 < pattern.length) {
    field = pattern.slice(arrow + 2);
    keyPattern = pattern.slice(0, arrow);
  }
  const key = keyPattern.slice(0, star) + subst + keyPattern.slice(star + 1);
  const v: Value | undefined = ctx.db.lookupRead(key);
  if (v === undefined) return null;
  if (field !== null) {
    if (typeof v === 'string' || v.type !== 'hash') return null;
    return (v as HashObject).get(field) ?? null;
  }
  return typeof v === 'string' ? v : null;
}

interface SortItem { obj: string; score: number; cmp: string | null }

function sortGeneric(ctx: CommandContext, readonly: boolean): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  let desc = false, alpha = false, dontsort = false;
  let limitStart = 0, limitCount = -1;
  let sortBy: string | null = null;
  let storeKey: string | null = null;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j].toLowerCase();
    if (opt === 'asc') desc = false;
    else if (opt === 'desc') desc = true;
    else if (opt === 'alpha') alpha = true;
    else if (opt === 'limit' && left >= 2) {
      const s = longArg(reply, argv[j + 1]);
      if (s === null) return;
      const c = longArg(reply, argv[j + 2]);
      if (c === null) return;
      limitStart = s;
      limitCount = c;
      j += 2;
    } else if (!readonly && opt === 'store' && left >= 1) {
      storeKey = argv[++j];
    } else if (opt === 'by' && left >= 1) {
      sortBy = argv[++j];
      const c = sortBy.indexOf('\0');
      if ((c < 0 ? sortBy : sortBy.slice(0, c)).indexOf('*') < 0) dontsort = true;
    } else if (opt === 'get' && left >= 1) {
      gets.push(argv[++j]);
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const sortval = ctx.db.lookupRead(argv[1]); // lookupKeyRead even with STORE, as Redis
  if (sortval !== undefined && (typeof sortval === 'string' ||
      (sortval.type !== 'list' && sortval.type !== 'set' && sortval.type !== 'zset'))) {
    reply.error(ERR_WRONGTYPE);
    return;
  }
  const type = sortval === undefined ? 'list' : sortval.type;
  // A set has no order of its own: with nothing to sort by, sort it when the result is stored
  // or seen by a script, so replicas and script effects are deterministic.
  if (dontsort && type === 'set' && (storeKey !== null || ctx.client.isScript)) {
    dontsort = false;
    alpha = true;
    sortBy = null;
  }
  let vectorLen = sortval === undefined ? 0
    : type === 'list' ? (sortval as ListObject).length
    : type === 'set' ? (sortval as SetObject).size : (sortval as ZSetObject).size;
  let start = limitStart < 0 ? 0 : limitStart;
  let end = limitCount < 0 ? vectorLen - 1 : start + limitCount - 1;
  if (start >= vectorLen) {
    start = vectorLen - 1;
    end = vectorLen - 2;
  }
  if (end >= vectorLen) end = vectorLen - 1;

  const items: SortItem[] = [];
  const push = (s: string) => { items.push({ obj: s, score: 0, cmp: null }); };
  if ((type === 'list' || type === 'zset') && dontsort) {
    // Native order (reversed for DESC), only the LIMIT range is loaded.
    if (end >= start && sortval !== undefined) {
      const n = end - start + 1;
      if (type === 'list') {
        const l = sortval as ListObject;
        for (let i = 0; i < n; i++) push(l.get(desc ? l.length - 1 - start - i : start + i));
      } else {
        const z = sortval as ZSetObject;
        let node = desc ? z.at(z.size - 1 - start) : z.at(start);
        for (let i = 0; i < n && node !== null; i++) {
          push(node.member);
          node = desc ? node.backward : node.next;
        }
      }
    }
    end -= start;
    start = 0;
    vectorLen = items.length;
  } else if (sortval !== undefined) {
    if (type === 'list') for (const s of (sortval as ListObject).toArray()) push(s);
    else if (type === 'set') for (const s of (sortval as SetObject).members) push(s);
    else for (const m of (sortval as ZSetObject).dict.keys()) push(m);
  }

  let conversionError = false;
  if (!dontsort) {
    for (const it of items) {
      let byval: string | null;
      if (sortBy !== null) {
        byval = lookupByPattern(ctx, sortBy, it.obj);
        if (byval === null) continue;
      } else {
        byval = it.obj;
      }
      if (alpha) {
        if (sortBy !== null) it.cmp = byval;
      } else {
        const s = sortScore(byval);
        if (s === null) conversionError = true;
        else it.score = s;
      }
    }
    const byPattern = sortBy !== null;
    const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    items.sort((a, b) => {
      let cmp: number;
      if (!alpha) {
        cmp = a.score > b.score ? 1 : a.score < b.score ? -1 : cmpStr(a.obj, b.obj);
      } else if (byPattern) {
        if (a.cmp === null || b.cmp === null) cmp = a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
        else cmp = cmpStr(a.cmp, b.cmp);
      } else {
        cmp = cmpStr(a.obj, b.obj);
      }
      return desc ? -cmp : cmp;
    });
  }

  const count = end - start + 1 > 0 ? end - start + 1 : 0;
  const outputLen = gets.length > 0 ? gets.length * count : count;
  if (conversionError) {
    reply.error("ERR One or more scores can't be converted into double");
    return;
  }
  if (storeKey === null) {
    reply.arrayLen(outputLen);
    for (let j = start; j <= end; j++) {
      if (gets.length === 0) reply.bulk(items[j].obj);
      for (const g of gets) reply.bulk(lookupByPattern(ctx, g, items[j].obj));
    }
    return;
  }
  const out = new ListObject(outputLen);
  for (let j = start; j <= end; j++) {
    if (gets.length === 0) out.pushTail(items[j].obj);
    for (const g of gets) out.pushTail(lookupByPattern(ctx, g, items[j].obj) ?? '');
  }
  if (outputLen > 0) {
    out.settleEncoding();
    ctx.db.set(storeKey, out);
    ctx.keyspace.dirty += outputLen;
    notify(ctx, NOTIFY_LIST, 'sortstore', storeKey);
  } else if (ctx.db.delete(storeKey)) {
    ctx.keyspace.dirty++;
    notify(ctx, NOTIFY_GENERIC, 'del', storeKey);
  }
  reply.integer(outputLen);
}

function sortCommand(ctx: CommandContext): void { sortGeneric(ctx, false); }
function sortRoCommand(ctx: CommandContext): void { sortGeneric(ctx, true); }

/** SORT's keys: the sorted key and the STORE destination (BY/GET patterns are not keys). */
function sortKeys(argv: string[]): number[] {
  const keys = [1];
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === 'limit') j += 2;
    else if (opt === 'get' || opt === 'by') j += 1;
    else if (opt === 'store' && j + 1 < argv.length) { keys.push(j + 1); j += 1; }
  }
  return keys;
}

export const commands: CommandSpec[] = [
  {
    name: 'sort', arity: -2, flags: ['write', 'denyoom', 'movablekeys'],
    categories: ['write', 'set', 'sortedset', 'list', 'slow', 'dangerous'],
    firstKey: 1, lastKey: 1, keyStep: 1, getKeys: sortKeys,
    keySpecs: [
      keySpec(['RO', 'access'], 1),
      { notes: 'For the optional BY/GET keyword. It is marked \'unknown\' because the key names derive from the content of the key we sort', flags: ['RO', 'access'], beginSearch: 'unknown', findKeys: 'unknown' },
      { notes: 'For the optional STORE keyword. It is marked \'unknown\' because the keyword can appear anywhere in the argument array', flags: ['OW', 'update'], beginSearch: 'unknown', findKeys: 'unknown' },
    ],
    handler: sortCommand,
  },
  {
    name: 'sort_ro', arity: -2, flags: ['readonly'],
    categories: ['read', 'set', 'sortedset', 'list', 'slow', 'dangerous'],
    firstKey: 1, lastKey: 1, keyStep: 1,
    keySpecs: [
      keySpec(['RO', 'access'], 1),
      { notes: 'For the optional BY/GET keyword. It is marked \'unknown\' because the key names derive from the content of the key we sort', flags: ['RO', 'access'], beginSearch: 'unknown', findKeys: 'unknown' },
    ],
    handler: sortRoCommand,
  },
];
