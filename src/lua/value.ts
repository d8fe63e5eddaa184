// Lua values in JavaScript, and the one calling convention every Lua function follows.
//
//   nil      -> undefined
//   boolean  -> boolean
//   number   -> number (a double; Lua 5.1 has no integer subtype)
//   string   -> string whose char codes are all 0..255 (a byte string, decoded latin1)
//   table    -> LuaTable
//   function -> LuaFunction: a plain JS function (compiled Lua or host code)
//   userdata -> LuaUserdata
//   thread   -> LuaThread (defined by the coroutine runtime; recognised by its class here)
//
// Calling convention (compiled Lua and host functions alike):
//   - arguments are passed positionally; a missing argument is undefined (nil);
//   - a function that returns exactly ONE value returns it as is;
//   - a function that returns zero or two-plus values returns a JS Array of them
//     (zero values: the shared frozen EMPTY array).
// No Lua value is ever a JS Array, so the two cases cannot be confused, and the common
// single-result path allocates nothing. `first(r)` takes the first value; `toArray(r)` all.

export type LuaValue = undefined | boolean | number | string | LuaTable | LuaFunction | LuaUserdata | LuaThreadLike;

/** A Lua function: compiled Lua or a host (JS) function. See the calling convention above. */
export type LuaFunction = ((...args: any[]) => any) & { luaName?: string };

/** What a call returns: a single value, or an Array for 0 or 2+ values. */
export type LuaResult = LuaValue | LuaValue[];

export const EMPTY: LuaValue[] = Object.freeze([]) as unknown as LuaValue[];

export function first(r: LuaResult): LuaValue {
  return r instanceof Array ? r[0] : r;
}

export function toArray(r: LuaResult): LuaValue[] {
  return r instanceof Array ? r : [r];
}

/** Packs values into the convention: one value as is, otherwise an array. */
export function ret(values: LuaValue[]): LuaResult {
  return values.length === 1 ? values[0] : values;
}

/** Marker base class so `type()` can recognise coroutines without importing their runtime. */
export abstract class LuaThreadLike {
  readonly luaType = 'thread';
}

export class LuaUserdata {
  metatable: LuaTable | undefined = undefined;
  constructor(public data: unknown = undefined) {}
}

/**
 * An error carrying a Lua value (error(v) with any v). Runtime errors carry a string that
 * already has its `chunk:line:` prefix. `traceback` is filled in by whoever catches it
 * at the top when a traceback is wanted.
 */
export class LuaError extends Error {
  declare traceback: string | undefined;
  readonly value: LuaValue;
  constructor(value: LuaValue) {
    // An error raised under pcall (or in a coroutine) is always caught there: capturing the JS
    // stack (for tracebacks of uncaught errors) would only cost time.
    const limit = Error.stackTraceLimit;
    if (protectedCalls.depth > 0) Error.stackTraceLimit = 0;
    super(typeof value === 'string' ? value : typeof value === 'number' ? String(value) : 'non-string error');
    Error.stackTraceLimit = limit;
    this.value = value;
    this.name = 'LuaError';
  }
}

/** How many protected calls (pcall, xpcall, coroutine resumes) are running. */
export const protectedCalls = { depth: 0 };

/** Where next() stopped last (see LuaTable.next). */
class IterState {
  pkeys: string[] | undefined = undefined;
  pidx = 0;
  iterKey: unknown = undefined;
  iter: Iterator<[unknown, LuaValue]> | undefined = undefined;
}

/** String keys of a table, as properties of an object V8 gives hidden classes (fast fields). */
export interface StringProps { [key: string]: LuaValue }

// Objects made by `new Props()` have no Object.prototype in their chain ("toString",
// "__proto__" and "constructor" are plain keys) and, unlike Object.create(null), start in
// V8's fast (hidden class) mode.
const Props = function Props() { /* empty */ } as unknown as { new (): StringProps; prototype: object };
Props.prototype = Object.create(null);

/** Tables with more string keys keep their representation in compactProps(). */
const MAX_COMPACT_KEYS = 500;

/** A string JS objects would store as an element ("0", "17"): never a key of `p`. */
export function isIndexLike(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9][0-9]*)$/.test(key);
}

export function newProps(): StringProps {
  return new Props();
}

/**
 * A Lua table: an array part for keys 1..n, string keys as properties of `p` (when present),
 * and a Map for everything else.
 * Invariant: arr[i] holds key i+1; arr never ends with undefined (nil); keys 1..arr.length
 * may hold nil holes only in the middle. Integral float keys are the same JS number as the
 * integer, so normalisation is free; -0 and +0 are one Map key (SameValueZero), as in Lua.
 * String keys all live in `p` if it exists, otherwise in the Map; while `p` exists the Map is
 * empty and `p` has no array-index-like keys ("1"), so Object.keys(p) is the insertion order.
 * `hash` (all non-array keys as one Map, in insertion order) moves them back into the Map:
 * code outside the engine may use it freely.
 */
/**
 * Source of every new table's array part. Not a `[]` literal: V8 gives a literal an
 * allocation site that remembers the most general elements kind any array made there ever
 * reached, so once one table held a string or a nil hole, every later table started generic
 * and stored its numbers boxed (1M numbers: 23 MB instead of 8). A copy of an empty array
 * starts packed-integer every time and widens per table.
 */
const EMPTY_PACKED: LuaValue[] = [];

/** Array-part length from which LuaTable reserves capacity itself (the store passes 128 KB). */
const ARRAY_RESERVE_FROM = 1 << 14;

export class LuaTable {
  arr: LuaValue[];
  /** Non-array keys (string keys too while `p` is undefined). Outside the engine use `hash`. */
  h: Map<unknown, LuaValue> | undefined = undefined;
  /** String keys, when the table keeps them as properties (the compiled code's fast path). */
  p: StringProps | undefined = undefined;
  metatable: LuaTable | undefined = undefined;
  /** Redis's readonly-table patch: any write raises "Attempt to modify a readonly table". */
  readonly = false;
  /**
   * The hash size a table constructor declared ({a=1, b=2} -> 2; Lua's OP_NEWTABLE hint), 0 for
   * tables built empty. Lua 5.1's next() order depends on it; the Redis libraries (cjson,
   * cmsgpack) use it to reproduce that order.
   */
  sizeHint = 0;
  /**
   * Array-part length at which the next append reserves room itself (see reserveArray); the
   * compiled code's inline append stops below it. Only a hint: other paths may grow `arr`.
   */
  reserveAt = ARRAY_RESERVE_FROM;

  /**
   * Always true, on the prototype: a type test for compiled code that is one property load
   * (instanceof walks the prototype chain, a loop of its own in optimised code).
   */
  declare readonly isLuaTable: true;

  constructor(arr?: LuaValue[]) {
    if (arr) {
      let n = arr.length;
      while (n > 0 && arr[n - 1] === undefined) n--;
      this.arr = n === arr.length ? arr : arr.slice(0, n);
    } else {
      this.arr = EMPTY_PACKED.slice();
    }
  }

  /** Every non-array key in one Map (string keys are moved into it first). */
  get hash(): Map<unknown, LuaValue> | undefined {
    if (this.p !== undefined) this.propsToMap();
    return this.h;
  }

  set hash(m: Map<unknown, LuaValue> | undefined) {
    this.p = undefined;
    this.h = m;
  }

  /**
   * Gives the string keys V8's fast (hidden-class) form again, for tables read far more
   * often than written (the sandboxed globals and libraries). Deleted keys, or more than a
   * dozen keys added by computed name, leave the object in V8's dictionary form, where each
   * `redis` or `KEYS` a script reads is a hash lookup through a generic IC (~15 ns, against
   * ~1 ns for a field). One object literal holding the same keys in the same order is fast;
   * iteration order and values are unchanged. Skipped for a key the literal cannot hold
   * plainly (`__proto__`) and for tables too big for one literal to be worth it.
   */
  compactProps(): void {
    const p = this.p;
    if (p === undefined) return;
    const keys = Object.keys(p).filter((k) => p[k] !== undefined);
    if (keys.length > MAX_COMPACT_KEYS || keys.includes('__proto__')) return;
    const literal = `return {__proto__: P, ${keys.map((k, i) => `${JSON.stringify(k)}: v[${i}]`).join(', ')}};`;
    this.p = new Function('P', 'v', literal)(Props.prototype, keys.map((k) => p[k])) as StringProps;
    if (this.cur !== undefined) this.cur.pkeys = undefined;
  }

  private propsToMap(): void {
    const p = this.p!;
    const h = this.h ?? new Map<unknown, LuaValue>();
    for (const k of Object.keys(p)) {
      const v = p[k];
      if (v !== undefined) h.set(k, v);
    }
    this.p = undefined;
    this.h = h;
    if (this.cur !== undefined) this.cur.pkeys = undefined;
  }

  /** Raw get (no metamethods). */
  get(key: unknown): LuaValue {
    if (typeof key === 'number') {
      const i = key - 1;
      if (i >= 0 && i < this.arr.length && (i | 0) === i) return this.arr[i];
    } else if (typeof key === 'string') {
      const p = this.p;
      if (p !== undefined) return p[key];
    }
    return this.h === undefined ? undefined : this.h.get(key);
  }

  /** Raw get for a string key (the compiled code's field access). */
  getStr(key: string): LuaValue {
    const p = this.p;
    if (p !== undefined) return p[key];
    return this.h === undefined ? undefined : this.h.get(key);
  }

  /** Raw set (no metamethods, no readonly check). Throws on nil or NaN keys as Lua does. */
  set(key: unknown, value: LuaValue): void {
    if (typeof key === 'number') {
      const arr = this.arr;
      const i = key - 1;
      if ((i | 0) === i && i >= 0) {
        if (i < arr.length) {
          arr[i] = value;
          if (value === undefined && i === arr.length - 1) this.trimArray();
          return;
        }
        if (i === arr.length) {
          if (value === undefined) { this.h?.delete(key); return; }
          if (i >= this.reserveAt) this.reserveArray(i);
          arr.push(value);
          if (this.h !== undefined && this.h.size > 0) this.migrateFromHash();
          return;
        }
      } else if (key !== key) {
        throw new LuaError('table index is NaN');
      }
    } else if (typeof key === 'string') {
      this.setStr(key, value);
      return;
    } else if (key === undefined) {
      throw new LuaError('table index is nil');
    }
    if (value === undefined) {
      this.h?.delete(key);
    } else {
      if (this.p !== undefined) this.propsToMap();
      (this.h ??= new Map()).set(key, value);
    }
  }

  /** Raw set of a string key. */
  setStr(key: string, value: LuaValue): void {
    const p = this.p;
    if (p !== undefined) {
      if (value === undefined) {
        if (p[key] !== undefined) delete p[key];
        return;
      }
      if (!isIndexLike(key)) {
        p[key] = value;
        return;
      }
      this.propsToMap();
    }
    const h = this.h;
    if (h === undefined || h.size === 0) {
      if (value === undefined) return;
      if (!isIndexLike(key)) {
        const np = newProps();
        np[key] = value;
        this.p = np;
        return;
      }
    }
    if (value === undefined) this.h?.delete(key);
    else (this.h ??= new Map()).set(key, value);
  }

  /**
   * Doubles the array part's capacity ahead of appends, for big arrays only. V8 grows a full
   * array by 1.5x, and every backing store of more than 128 KB is a fresh mapping whose pages
   * the kernel must fault in and zero: growing 10M appends that way touched 315 MB (3x the
   * final store) and cost more than the stores. Setting `length` up and back reserves the
   * capacity (V8 keeps it when at least half is used); the array becomes HOLEY, which reads
   * handle as cheaply (holes only ever lie beyond `length`).
   */
  private reserveArray(n: number): void {
    const arr = this.arr;
    const cap = n * 2;
    arr.length = cap;
    arr.length = n;
    this.reserveAt = cap;
  }

  private trimArray(): void {
    const arr = this.arr;
    let n = arr.length;
    while (n > 0 && arr[n - 1] === undefined) n--;
    arr.length = n;
  }

  /** After an append, keys n+1, n+2, ... that live in the hash move into the array part. */
  private migrateFromHash(): void {
    const hash = this.h!;
    let next = this.arr.length + 1;
    let v = hash.get(next);
    while (v !== undefined) {
      this.arr.push(v);
      hash.delete(next);
      next++;
      v = hash.get(next);
    }
  }

  /** The length operator without __len: a border (t[n] ~= nil and t[n+1] == nil). */
  length(): number {
    const n = this.arr.length;
    const h = this.h;
    if (n > 0 && this.arr[n - 1] !== undefined) {
      if (h === undefined || h.size === 0 || h.get(n + 1) === undefined) return n;
      let j = n + 1;
      while (h.get(j + 1) !== undefined) j++;
      return j;
    }
    if (n === 0) {
      if (h === undefined || h.get(1) === undefined) return 0;
      let j = 1;
      while (h.get(j + 1) !== undefined) j++;
      return j;
    }
    // Binary search for a border inside the array part (as luaH_getn does).
    let lo = 0, hi = n;
    while (hi - lo > 1) {
      const m = (lo + hi) >>> 1;
      if (this.arr[m - 1] === undefined) hi = m; else lo = m;
    }
    return lo;
  }

  /**
   * Iteration for next(): returns the key after `key` (undefined = start), or undefined at
   * the end. Keys present in the array part come first, in order, then the string keys, then
   * the Map in insertion order. Throws "invalid key to 'next'" for a key that is not in the
   * table.
   */
  next(key: unknown): [unknown, LuaValue] | undefined {
    const arr = this.arr;
    let i = 0;
    if (key !== undefined) {
      if (typeof key === 'number' && (key | 0) === key && key >= 1 && key <= arr.length) {
        i = key;
      } else if (typeof key === 'string' && this.p !== undefined) {
        return this.nextInProps(key);
      } else {
        return this.nextInHash(key);
      }
    }
    for (; i < arr.length; i++) {
      if (arr[i] !== undefined) return [i + 1, arr[i]];
    }
    return this.p !== undefined ? this.nextInProps(undefined) : this.nextInHash(undefined);
  }

  // next() keeps its position between calls (so a walk is O(n)) in one lazily made object:
  // a snapshot of the string keys (keys cleared meanwhile stay valid positions) and the
  // Map iterator.
  private cur: IterState | undefined = undefined;

  private nextInProps(key: string | undefined): [unknown, LuaValue] | undefined {
    const p = this.p!;
    let keys: string[];
    let i: number;
    if (key === undefined) {
      keys = Object.keys(p);
      i = 0;
    } else if (this.cur !== undefined && this.cur.pkeys !== undefined && this.cur.pkeys[this.cur.pidx] === key) {
      keys = this.cur.pkeys;
      i = this.cur.pidx + 1;
    } else {
      keys = Object.keys(p);
      i = keys.indexOf(key);
      if (i < 0) throw new LuaError("invalid key to 'next'");
      i++;
    }
    for (; i < keys.length; i++) {
      const v = p[keys[i]];
      if (v !== undefined) {
        const c = (this.cur ??= new IterState());
        c.pkeys = keys;
        c.pidx = i;
        return [keys[i], v];
      }
    }
    if (this.cur !== undefined) this.cur.pkeys = undefined;
    return this.nextInHash(undefined);
  }


  private nextInHash(key: unknown): [unknown, LuaValue] | undefined {
    const hash = this.h;
    if (hash === undefined || hash.size === 0) {
      if (key !== undefined) throw new LuaError("invalid key to 'next'");
      return undefined;
    }
    let it: Iterator<[unknown, LuaValue]>;
    if (key === undefined) {
      it = hash.entries();
    } else if (this.cur !== undefined && this.cur.iter !== undefined && this.cur.iterKey === key) {
      it = this.cur.iter;
    } else {
      // Slow path: someone called next() with a key we did not just return.
      if (!hash.has(key)) throw new LuaError("invalid key to 'next'");
      it = hash.entries();
      for (let r = it.next(); !r.done; r = it.next()) if (r.value[0] === key || (key !== key && r.value[0] !== r.value[0])) break;
    }
    for (let r = it.next(); !r.done; r = it.next()) {
      // Entries whose value was set to nil during traversal were deleted; skip none needed.
      const [k, v] = r.value;
      if (v !== undefined) {
        const c = (this.cur ??= new IterState());
        c.iter = it;
        c.iterKey = k;
        return [k, v];
      }
    }
    if (this.cur !== undefined) {
      this.cur.iter = undefined;
      this.cur.iterKey = undefined;
    }
    return undefined;
  }
}
// The brand behind LuaTable.isLuaTable (a prototype property: no per-table field).
(LuaTable.prototype as { isLuaTable: boolean }).isLuaTable = true;

/** Lua's type() name of a value. */
export function luaType(v: unknown): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return 'boolean';
    case 'number': return 'number';
    case 'string': return 'string';
    case 'function': return 'function';
    default:
      if (v instanceof LuaTable) return 'table';
      if (v instanceof LuaUserdata) return 'userdata';
      if (v instanceof LuaThreadLike) return 'thread';
      return 'userdata';
  }
}
