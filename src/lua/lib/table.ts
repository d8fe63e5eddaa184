// The table library of Lua 5.1.5 (ltablib.c): concat foreach foreachi getn insert maxn remove
// setn sort. LUA_COMPAT_GETN is off, so setn raises "'setn' is obsolete" and getn is #t.
//
// Writes go through rawSetI, which honours Redis's readonly tables: like lua_rawseti in Redis,
// the error carries no position (it is raised from C code).

import { LuaTable, LuaError, EMPTY, luaType, type LuaFunction, type LuaValue } from '../value';
import { call, checkNumber, getMetafield, lessThan, luaError, typeError } from '../runtime';
import type { LuaState } from '../state';
import { numberToString14, toCInt } from './sformat';

function checkTable(v: unknown, arg: number, fname: string, nargs: number): LuaTable {
  if (v instanceof LuaTable) return v;
  return typeError(arg, fname, 'table', v, nargs);
}

function checkFunction(v: unknown, arg: number, fname: string, nargs: number): LuaFunction {
  if (typeof v === 'function') return v as LuaFunction;
  return typeError(arg, fname, 'function', v, nargs);
}

function checkInt(v: unknown, arg: number, fname: string, nargs: number): number {
  return toCInt(typeof v === 'number' ? v : checkNumber(v, arg, fname, nargs));
}

/** lua_rawseti with Redis's readonly check. */
function rawSetI(t: LuaTable, i: number, v: LuaValue): void {
  if (t.readonly) throw new LuaError('Attempt to modify a readonly table');
  t.set(i, v);
}

function first(r: unknown): LuaValue {
  return (r instanceof Array ? r[0] : r) as LuaValue;
}

// ---------------------------------------------------------------------------------------------

function tinsert(t: unknown, a: unknown, b: unknown): LuaValue[] {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, 'insert', nargs);
  let e = tbl.length() + 1; // first empty element
  let pos: number;
  let value: LuaValue;
  switch (nargs) {
    case 2:
      pos = e; // insert the new element at the end
      value = a as LuaValue;
      break;
    case 3: {
      pos = checkInt(a, 2, 'insert', nargs);
      if (pos > e) e = pos; // `grow' array if necessary
      for (let i = e; i > pos; i--) rawSetI(tbl, i, tbl.get(i - 1)); // move up elements
      value = b as LuaValue;
      break;
    }
    default:
      return luaError("wrong number of arguments to 'insert'");
  }
  rawSetI(tbl, pos, value);
  return EMPTY;
}

function tremove(t: unknown, p: unknown): LuaValue | LuaValue[] {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, 'remove', nargs);
  const e = tbl.length();
  let pos = p === undefined ? e : checkInt(p, 2, 'remove', nargs);
  if (!(1 <= pos && pos <= e)) return EMPTY; // position is outside bounds: nothing to remove
  const result = tbl.get(pos);
  for (; pos < e; pos++) rawSetI(tbl, pos, tbl.get(pos + 1));
  rawSetI(tbl, e, undefined);
  return result;
}

function tconcat(t: unknown, sep: unknown, i: unknown, j: unknown): string {
  const nargs = arguments.length;
  let separator = '';
  if (sep !== undefined) {
    if (typeof sep === 'string') separator = sep;
    else if (typeof sep === 'number') separator = numberToString14(sep);
    else typeError(2, 'concat', 'string', sep, nargs);
  }
  const tbl = checkTable(t, 1, 'concat', nargs);
  let k = i === undefined ? 1 : checkInt(i, 3, 'concat', nargs);
  const last = j === undefined ? tbl.length() : checkInt(j, 4, 'concat', nargs);
  if (k > last) return '';
  const parts: string[] = [];
  for (; k <= last; k++) {
    const v = tbl.get(k);
    if (typeof v === 'string') parts.push(v);
    else if (typeof v === 'number') parts.push(numberToString14(v));
    else luaError(`invalid value (${luaType(v)}) at index ${k} in table for 'concat'`);
  }
  return parts.join(separator);
}

function maxn(t: unknown): number {
  const tbl = checkTable(t, 1, 'maxn', arguments.length);
  let max = 0;
  // Every key, as lua_next would visit them; only numbers count.
  for (let k = tbl.next(undefined); k !== undefined; k = tbl.next(k[0])) {
    const key = k[0];
    if (typeof key === 'number' && key > max) max = key;
  }
  return max;
}

function getn(t: unknown): number {
  return checkTable(t, 1, 'getn', arguments.length).length();
}

function setn(t: unknown): never {
  checkTable(t, 1, 'setn', arguments.length);
  return luaError("'setn' is obsolete");
}

function foreachi(t: unknown, f: unknown): LuaValue | LuaValue[] {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, 'foreachi', nargs);
  const n = tbl.length();
  const fn = checkFunction(f, 2, 'foreachi', nargs);
  for (let i = 1; i <= n; i++) {
    const r = first(call(fn, i, tbl.get(i)));
    if (r !== undefined) return r;
  }
  return EMPTY;
}

function foreach(t: unknown, f: unknown): LuaValue | LuaValue[] {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, 'foreach', nargs);
  const fn = checkFunction(f, 2, 'foreach', nargs);
  for (let k = tbl.next(undefined); k !== undefined; k = tbl.next(k[0])) {
    const r = first(call(fn, k[0], k[1]));
    if (r !== undefined) return r;
  }
  return EMPTY;
}

// ---------------------------------------------------------------------------------------------
// sort: ltablib.c's quicksort, step for step, so the comparator sees the same calls in the same
// order and a broken comparator fails the same way ("invalid order function for sorting").

type Less = (a: LuaValue, b: LuaValue) => boolean;

function auxsort(t: LuaTable, l: number, u: number, lt: Less): void {
  while (l < u) { // for tail recursion
    // sort elements a[l], a[(l+u)/2] and a[u]
    let al = t.get(l);
    let au = t.get(u);
    if (lt(au, al)) { // a[u] < a[l]?
      rawSetI(t, l, au);
      rawSetI(t, u, al);
    }
    if (u - l === 1) break; // only 2 elements
    let i = Math.floor((l + u) / 2);
    let ai = t.get(i);
    al = t.get(l);
    if (lt(ai, al)) { // a[i] < a[l]?
      rawSetI(t, i, al);
      rawSetI(t, l, ai);
    } else {
      au = t.get(u);
      if (lt(au, ai)) { // a[u] < a[i]?
        rawSetI(t, i, au);
        rawSetI(t, u, ai);
      }
    }
    if (u - l === 2) break; // only 3 elements
    const pivot = t.get(i);
    rawSetI(t, i, t.get(u - 1));
    rawSetI(t, u - 1, pivot);
    // a[l] <= P == a[u-1] <= a[u], only need to sort from l+1 to u-2
    i = l;
    let j = u - 1;
    for (;;) { // invariant: a[l..i] <= P <= a[j..u]
      // repeat ++i until a[i] >= P
      let vi = t.get(++i);
      while (lt(vi, pivot)) {
        if (i > u) luaError('invalid order function for sorting');
        vi = t.get(++i);
      }
      // repeat --j until a[j] <= P
      let vj = t.get(--j);
      while (lt(pivot, vj)) {
        if (j < l) luaError('invalid order function for sorting');
        vj = t.get(--j);
      }
      if (j < i) break;
      rawSetI(t, i, vj);
      rawSetI(t, j, vi);
    }
    const top = t.get(u - 1);
    rawSetI(t, u - 1, t.get(i));
    rawSetI(t, i, top); // swap pivot (a[u-1]) with a[i]
    // a[l..i-1] <= a[i] == P <= a[i+1..u]; sort the smaller half recursively, loop on the larger
    if (i - l < u - i) {
      j = l; i = i - 1; l = i + 2;
    } else {
      j = i + 1; i = u; u = j - 2;
    }
    auxsort(t, j, i, lt);
  }
}

/** auxsort over a 0-based array of numbers (or of strings) with the primitive <. */
function auxsortPlain(a: (number | string)[], l: number, u: number): void {
  while (l < u) {
    let t: number | string;
    if (a[u] < a[l]) { t = a[l]; a[l] = a[u]; a[u] = t; }
    if (u - l === 1) break;
    // (l+u)/2 on the 1-based indices of the C code
    let i = Math.floor((l + u + 2) / 2) - 1;
    if (a[i] < a[l]) { t = a[i]; a[i] = a[l]; a[l] = t; }
    else if (a[u] < a[i]) { t = a[i]; a[i] = a[u]; a[u] = t; }
    if (u - l === 2) break;
    const pivot = a[i];
    a[i] = a[u - 1];
    a[u - 1] = pivot;
    i = l;
    let j = u - 1;
    for (;;) {
      while (a[++i] < pivot) { /* a[u-1] == pivot stops the scan */ }
      while (pivot < a[--j]) { /* a[l] <= pivot stops the scan */ }
      if (j < i) break;
      t = a[i]; a[i] = a[j]; a[j] = t;
    }
    t = a[u - 1]; a[u - 1] = a[i]; a[i] = t;
    if (i - l < u - i) {
      j = l; i = i - 1; l = i + 2;
    } else {
      j = i + 1; i = u; u = j - 2;
    }
    auxsortPlain(a, j, i);
  }
}

/**
 * lua_lessthan called from C: numbers and strings directly, __lt when both operands share the
 * handler, otherwise luaG_ordererror, which adds no position because the running function is
 * C code (sort).
 */
function defaultLess(a: LuaValue, b: LuaValue): boolean {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') return (a as number) < (b as number);
    if (ta === 'string') return (a as string) < (b as string);
    const h = getMetafield(a, '__lt');
    if (h !== undefined && luaType(a) === luaType(b) && h === getMetafield(b, '__lt')) return lessThan(a, b);
  }
  const t1 = luaType(a), t2 = luaType(b);
  throw new LuaError(t1 === t2 ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`);
}

function sort(t: unknown, comp: unknown): LuaValue[] {
  const nargs = arguments.length;
  const tbl = checkTable(t, 1, 'sort', nargs);
  const n = tbl.length();
  let lt: Less;
  if (comp !== undefined) {
    const f = checkFunction(comp, 2, 'sort', nargs);
    lt = (a, b) => {
      const r = first(f(a, b));
      return r !== undefined && r !== false;
    };
  } else {
    // All numbers or all strings in the array part, no comparator: the comparisons can neither
    // fail nor run Lua code, so the same algorithm runs on a plain copy and is written back.
    if (n > 1 && !tbl.readonly && tbl.arr.length >= n) {
      const arr = tbl.arr;
      const kind = typeof arr[0];
      if (kind === 'number' || kind === 'string') {
        let uniform = true;
        for (let k = 1; k < n; k++) if (typeof arr[k] !== kind) { uniform = false; break; }
        if (uniform) {
          const a = arr.slice(0, n) as (number | string)[];
          auxsortPlain(a, 0, n - 1);
          for (let k = 0; k < n; k++) arr[k] = a[k];
          return EMPTY;
        }
      }
    }
    lt = defaultLess;
  }
  auxsort(tbl, 1, n, lt);
  return EMPTY;
}

// ---------------------------------------------------------------------------------------------

export function makeTableLibrary(): LuaTable {
  const lib = new LuaTable();
  const fns: [string, LuaFunction][] = [
    ['concat', tconcat], ['foreach', foreach], ['foreachi', foreachi], ['getn', getn], ['maxn', maxn],
    ['insert', tinsert], ['remove', tremove], ['setn', setn], ['sort', sort],
  ];
  for (const [name, fn] of fns) {
    fn.luaName = name;
    lib.set(name, fn);
  }
  return lib;
}

export function openTable(L: LuaState): LuaTable {
  const lib = makeTableLibrary();
  L.globals.set('table', lib);
  return lib;
}

