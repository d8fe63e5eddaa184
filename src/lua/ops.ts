// Small helpers called by compiled code. They are tiny so that V8 inlines them; the slow paths
// live in runtime.ts.

import { LuaTable, EMPTY, isIndexLike, type LuaValue, type LuaResult } from './value';
import {
  index, setIndex, callMeta, typeErrorOp, getMetafield, runError, tonumber, twinOf,
  lessThan, lessEqual, eqMeta, len as lenSlow, concat as concatSlow, numberToString,
  rawSetChecked, isLuaClosure, type GenFunction,
} from './runtime';

export function first(r: LuaResult): LuaValue {
  return Array.isArray(r) ? r[0] : r;
}

/** All values of a call result as an array (may be shared: never mutate it). */
export function arr(r: LuaResult): LuaValue[] {
  return Array.isArray(r) ? r : [r];
}

/** An array of values in the calling convention (a single value as is). */
export function pack(a: LuaValue[]): LuaResult {
  return a.length === 1 ? a[0] : a;
}

export function truthy(v: unknown): boolean {
  return v !== undefined && v !== false;
}

/** o[k] */
export function idx(o: unknown, k: unknown, d?: string): LuaValue {
  if (o instanceof LuaTable) {
    if (typeof k === 'number') {
      const a = o.arr;
      const i = k - 1;
      if (i >= 0 && i < a.length && (i | 0) === i) {
        const v = a[i];
        if (v !== undefined || o.metatable === undefined) return v;
      }
    } else if (typeof k === 'string' && o.p !== undefined) {
      const v = o.p[k];
      if (v !== undefined || o.metatable === undefined) return v;
    } else if (o.h !== undefined) {
      const v = o.h.get(k);
      if (v !== undefined) return v;
    }
  }
  return index(o, k, d);
}

/** o.k for a constant string k */
export function idxs(o: unknown, k: string, d?: string): LuaValue {
  if (o instanceof LuaTable) {
    const p = o.p;
    if (p !== undefined) {
      const v = p[k];
      if (v !== undefined) return v;
    } else if (o.h !== undefined) {
      const v = o.h.get(k);
      if (v !== undefined) return v;
    }
    if (o.metatable === undefined) return undefined;
  }
  return index(o, k, d);
}

/** o[k] = v. The common cases (array slot, append, string key) stay small to be inlined. */
export function setv(o: unknown, k: unknown, v: LuaValue, d?: string): void {
  if (o instanceof LuaTable && o.metatable === undefined && !o.readonly) {
    if (typeof k === 'number') {
      const a = o.arr;
      const i = k - 1;
      if (i >= 0 && i <= a.length && (i | 0) === i && v !== undefined) {
        if (i < a.length) { a[i] = v; return; }
        if (i < o.reserveAt && (o.h === undefined || o.h.size === 0)) { a.push(v); return; }
      }
    } else if (typeof k === 'string') {
      o.setStr(k, v);
      return;
    }
  }
  setIndex(o, k, v, d);
}

/** o.k = v for a constant string k */
export function sets(o: unknown, k: string, v: LuaValue, d?: string): void {
  if (o instanceof LuaTable && o.metatable === undefined && !o.readonly) {
    const p = o.p;
    // An index-like key ("3") never goes into `p`: a JS object would list it before the other
    // keys, losing the insertion order next() and the Lua 5.1 order model depend on
    // (t.a = 0 t['3'] = 1 iterated '3' first). setStr moves the keys into the Map instead.
    if (p !== undefined && v !== undefined && !isIndexLike(k)) p[k] = v;
    else o.setStr(k, v);
    return;
  }
  setIndex(o, k, v, d);
}

/** The function to call for callee f: f itself, a __call wrapper, or an error. */
export function callable(f: unknown, d?: string): (...args: any[]) => LuaResult {
  if (typeof f === 'function') return f as any;
  const h = getMetafield(f, '__call');
  if (typeof h === 'function') return (...args: unknown[]) => callMeta(f, d, args);
  return typeErrorOp(f, d, 'call');
}

// The generator wrapper of a host function. (Made by new Function, in sloppy mode; but the
// Generator.prototype.next frames between generator frames still hide the functions of the
// frames below; getfenv/setfenv by level find generator-form closures in rt.gcl instead.)
const hostGen = new Function('f', 'return function* $host(...a) { return f(...a); };') as (f: Function) => GenFunction;

const hostWrappers = new WeakMap<Function, GenFunction>();

/** Generator-form callee: the twin of a Lua function, or a wrapper of a host function. */
export function gtw(f: unknown, d?: string): GenFunction {
  if (typeof f === 'function') {
    const g = twinOf(f);
    if (g !== null) return g;
    // Not stored as f.$g: that property marks host functions with a real twin (gtw2 calls
    // every other host function directly).
    let w = hostWrappers.get(f);
    if (w === undefined) {
      w = hostGen(f);
      hostWrappers.set(f, w);
    }
    return w;
  }
  const h = getMetafield(f, '__call');
  if (typeof h === 'function') {
    const hg = gtw(h);
    return function* (...args: unknown[]) { return yield* hg(f, ...args); };
  }
  return typeErrorOp(f, d, 'call');
}

/**
 * Generator-form call: null when f is a plain host function (called directly: it can neither
 * yield nor pause), else the generator to delegate to (a Lua twin, a host function's own
 * twin such as pcall's, or a __call wrapper).
 */
export function gtw2(f: unknown, d?: string): GenFunction | null {
  if (typeof f === 'function') {
    const g = (f as any).$g;
    if (g !== undefined) return g;
    return isLuaClosure(f) ? twinOf(f) : null;
  }
  return gtw(f, d);
}

// ---- comparison (slow paths are in runtime)

export function eq(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && eqMeta(a, b));
}

export function lt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a < b : lessThan(a, b);
}

export function le(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a <= b : lessEqual(a, b);
}

/** a > b, evaluated as b < a (operands already evaluated left to right). */
export function gt(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a > b : lessThan(b, a);
}

export function ge(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a >= b : lessEqual(b, a);
}

export function len(v: unknown, d?: string): LuaValue {
  if (v instanceof LuaTable && v.metatable === undefined) return v.length();
  if (typeof v === 'string') return v.length;
  return lenSlow(v, d);
}

export function concat(a: unknown, b: unknown, da?: string, db?: string): LuaValue {
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    if (typeof b === 'number') return a + numberToString(b);
  } else if (typeof a === 'number') {
    if (typeof b === 'string') return numberToString(a) + b;
    if (typeof b === 'number') return numberToString(a) + numberToString(b);
  }
  return concatSlow(a, b, da, db);
}

/** Numeric for: converts a control value or raises "'for' initial value must be a number". */
export function fornum(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  const n = tonumber(v);
  if (n === undefined) runError(`'for' ${what} must be a number`);
  return n;
}

// ---- table constructors

export function tnew(a: LuaValue[]): LuaTable {
  return new LuaTable(a);
}

/** LUA_COMPAT_VARARG's `arg` table: the varargs and n (luaD_precall's adjust_varargs). */
export function argt(va: LuaValue[]): LuaTable {
  const t = new LuaTable(va.slice());
  t.setStr('n', va.length);
  return t;
}

/** {k1 = v1, ..., [positional...]}: keyed items first, positional ones win (as SETLIST does). */
export function tkv(kv: LuaValue[], a: LuaValue[] | undefined): LuaTable {
  const t = new LuaTable();
  // OP_NEWTABLE's hash size: the number of record fields (the Redis libraries use it to
  // reproduce Lua 5.1's next() order).
  t.sizeHint = kv.length >> 1;
  t.sizeHint = kv.length >> 1; // keyed items: Lua presizes the hash part for them
  for (let i = 0; i < kv.length; i += 2) {
    const k = kv[i];
    const v = kv[i + 1];
    if (typeof k === 'string') {
      t.setStr(k, v);
    } else {
      rawSetChecked(t, k, v);
    }
  }
  if (a !== undefined) for (let i = 0; i < a.length; i++) t.set(i + 1, a[i]);
  return t;
}

/**
 * tkv for a constructor whose items were evaluated in source order: `items` holds them as
 * they came, `layout` says what each fixed item is ('p' a positional value, 'k' a key followed
 * by its value); items beyond the layout are the expansion of a trailing multi-value item.
 */
export function tkvo(items: LuaValue[], layout: string): LuaTable {
  const kv: LuaValue[] = [];
  const pos: LuaValue[] = [];
  let i = 0;
  for (let j = 0; j < layout.length; j++) {
    if (layout.charCodeAt(j) === 112 /* p */) {
      pos.push(items[i++]);
    } else {
      kv.push(items[i], items[i + 1]);
      i += 2;
    }
  }
  for (; i < items.length; i++) pos.push(items[i]);
  return tkv(kv, pos);
}

// ---- generic for: fast steppers for next (pairs) and ipairs

export interface Stepper {
  /** Advances; returns false at the end. The key and value are in k and v. */
  step(): boolean;
  k: LuaValue;
  v: LuaValue;
}

class PairsStepper implements Stepper {
  k: LuaValue = undefined;
  v: LuaValue = undefined;
  private i = 0;
  /** 0: array part, 1: string keys, 2: the Map, 3: done. */
  private phase = 0;
  private keys: string[] | undefined = undefined;
  private it: Iterator<[unknown, LuaValue]> | undefined = undefined;
  constructor(private readonly t: LuaTable) {}
  step(): boolean {
    const t = this.t;
    if (this.phase === 0) {
      const a = t.arr;
      while (this.i < a.length) {
        const v = a[this.i++];
        if (v !== undefined) {
          this.k = this.i;
          this.v = v;
          return true;
        }
      }
      this.phase = 1;
      this.i = 0;
      if (t.p !== undefined) this.keys = Object.keys(t.p);
    }
    if (this.phase === 1) {
      const keys = this.keys;
      const p = t.p;
      if (keys !== undefined && p !== undefined) {
        while (this.i < keys.length) {
          const k = keys[this.i++];
          const v = p[k];
          if (v !== undefined) {
            this.k = k;
            this.v = v;
            return true;
          }
        }
      }
      this.keys = undefined;
      this.phase = 2;
      if (t.h !== undefined) this.it = t.h.entries();
    }
    if (this.phase === 2 && this.it !== undefined) {
      for (;;) {
        const r = this.it.next();
        if (r.done) break;
        const e = r.value;
        if (e[1] !== undefined) {
          this.k = e[0] as LuaValue;
          this.v = e[1];
          return true;
        }
      }
    }
    this.it = undefined;
    this.phase = 3;
    return false;
  }
}

class IpairsStepper implements Stepper {
  k: LuaValue = undefined;
  v: LuaValue = undefined;
  private i = 0;
  constructor(private readonly t: LuaTable) {}
  step(): boolean {
    const i = this.i + 1;
    const a = this.t.arr;
    const v = i <= a.length ? a[i - 1] : this.t.get(i);
    if (v === undefined) return false;
    this.i = i;
    this.k = i;
    this.v = v;
    return true;
  }
}

/** The fast stepper for `for k, v in f, s, c` when f is next/ipairs' iterator, else null. */
export const iterFns = { next: undefined as unknown, next2: undefined as unknown, inext: undefined as unknown };

export function stepper(f: unknown, s: unknown, c: unknown): Stepper | null {
  if (s instanceof LuaTable) {
    if ((f === iterFns.next || f === iterFns.next2) && c === undefined) return new PairsStepper(s);
    if (f === iterFns.inext && c === 0) return new IpairsStepper(s);
  }
  return null;
}

