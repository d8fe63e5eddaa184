// The math library of Lua 5.1.5 (lmathlib.c), with math.mod (LUA_COMPAT_MOD).
//
// math.random/randomseed draw from a replaceable generator. The default reproduces glibc's
// rand()/srand() (the TYPE_3 additive feedback generator), so the CLI gives the same sequence
// as lua5.1 on Linux for the same seed; the Redis scripting layer installs its lrand48-based
// generator with setRandomGenerator().

import { LuaTable, EMPTY, type LuaFunction, type LuaValue } from '../value';
import { argError, checkNumber, luaError, luaPow } from '../runtime';
import type { LuaState } from '../state';
import { toCInt } from './sformat';

/** A source for math.random: Lua computes r = next() and scales it. */
export interface RandomGenerator {
  /** The next number in [0, 1): C Lua uses (rand() % RAND_MAX) / RAND_MAX. */
  next(): number;
  /** math.randomseed(n), n already converted by luaL_checkint. */
  seed(n: number): void;
}

/** glibc's rand()/srand(): random_r TYPE_3 (degree 31, separation 3). */
export class GlibcRand implements RandomGenerator {
  private readonly state = new Int32Array(31);
  private f = 3;
  private r = 0;

  constructor(seed = 1) {
    this.seed(seed);
  }

  seed(n: number): void {
    let seed = n >>> 0; // srand takes an unsigned int
    if (seed === 0) seed = 1;
    const st = this.state;
    st[0] = seed | 0;
    let word = seed | 0; // an int32_t in glibc's __srandom_r
    for (let i = 1; i < 31; i++) {
      const hi = Math.trunc(word / 127773);
      const lo = word % 127773;
      word = (16807 * lo - 2836 * hi) | 0;
      if (word < 0) word += 2147483647;
      st[i] = word;
    }
    this.f = 3;
    this.r = 0;
    for (let i = 0; i < 310; i++) this.rand();
  }

  /** rand(): 0 .. 2^31-1. */
  rand(): number {
    const st = this.state;
    const v = (st[this.f] + st[this.r]) | 0;
    st[this.f] = v;
    if (++this.f >= 31) this.f = 0;
    if (++this.r >= 31) this.r = 0;
    return v >>> 1;
  }

  next(): number {
    return (this.rand() % 2147483647) / 2147483647;
  }
}

const generators = new WeakMap<LuaState, { gen: RandomGenerator }>();

/** Replaces the generator behind math.random/randomseed of state L. */
export function setRandomGenerator(L: LuaState, gen: RandomGenerator): void {
  const holder = generators.get(L);
  if (holder === undefined) throw new Error('math library not opened in this state');
  holder.gen = gen;
}

export function getRandomGenerator(L: LuaState): RandomGenerator | undefined {
  return generators.get(L)?.gen;
}

// ---------------------------------------------------------------------------------------------

function num(v: unknown, arg: number, fname: string, nargs: number): number {
  return typeof v === 'number' ? v : checkNumber(v, arg, fname, nargs);
}

// NaN signs as x86-64 glibc gives them (Lua prints them: "nan" / "-nan"): an invalid operation
// produces the default NaN, which has its sign bit set; a NaN argument passes through as is.
const nanBits = new DataView(new ArrayBuffer(8));
nanBits.setUint32(0, 0xfff80000);
const DEFAULT_NAN = nanBits.getFloat64(0);
nanBits.setUint32(0, 0x7ff80000);
const POSITIVE_NAN = nanBits.getFloat64(0);

function nanResult(r: number, a: number, b: number): number {
  if (r === r) return r;
  if (a !== a) return a;
  if (b !== b) return b;
  return DEFAULT_NAN;
}

/** domainNaN: the NaN glibc returns for an argument outside the domain (recorded per function). */
function unary(name: string, f: (x: number) => number, domainNaN = DEFAULT_NAN): LuaFunction {
  const fn = function (x: unknown): number {
    const a = typeof x === 'number' ? x : checkNumber(x, 1, name, arguments.length);
    const r = f(a);
    if (r === r) return r;
    return a !== a ? a : domainNaN;
  };
  return fn;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** frexp: x = m * 2^e with 0.5 <= |m| < 1 (exact, via the bits). */
function frexp(x: number): [number, number] {
  if (x === 0 || x !== x || x === Infinity || x === -Infinity) return [x, 0]; // NaN keeps its sign
  let e = 0;
  f64[0] = x;
  if (((u32[1] >>> 20) & 0x7ff) === 0) { // subnormal: scale into the normal range first
    f64[0] = x * 18446744073709551616; // 2^64
    e = -64;
  }
  const biased = (u32[1] >>> 20) & 0x7ff;
  e += biased - 1022;
  u32[1] = (u32[1] & 0x800fffff) | (1022 << 20);
  return [f64[0], e];
}

const P1023 = 2 ** 1023;
const PM969 = 2 ** -1022 * 2 ** 53; // 2^-969

/** ldexp/scalbn (musl's algorithm: no double rounding in the subnormal range). */
function ldexp(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= P1023;
    n -= 1023;
    if (n > 1023) {
      y *= P1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    y *= PM969;
    n += 1022 - 53;
    if (n < -1022) {
      y *= PM969;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  // 2^n exactly, n in [-1022, 1023]
  f64[0] = 0;
  u32[1] = (n + 1023) << 20;
  return y * f64[0];
}

function modf(x: number): [number, number] {
  if (x !== x) return [x, x];
  if (x === Infinity || x === -Infinity) return [x, x > 0 ? 0 : -0];
  const ip = Math.trunc(x);
  let fp = x - ip;
  if (fp === 0) fp = x < 0 || Object.is(x, -0) ? -0 : 0; // the fraction keeps x's sign
  return [ip, fp];
}

const RADIANS_PER_DEGREE = Math.PI / 180;

export function makeMathLibrary(holder: { gen: RandomGenerator }): LuaTable {
  const lib = new LuaTable();
  const set = (name: string, fn: LuaFunction): void => {
    fn.luaName = name;
    lib.set(name, fn);
  };
  set('abs', function (x: unknown): number {
    const a = Math.abs(typeof x === 'number' ? x : checkNumber(x, 1, 'abs', arguments.length));
    return a === a ? a : POSITIVE_NAN; // fabs clears the sign bit of a NaN too
  });
  set('acos', unary('acos', Math.acos, POSITIVE_NAN));
  set('asin', unary('asin', Math.asin, POSITIVE_NAN));
  set('atan', unary('atan', Math.atan));
  set('ceil', unary('ceil', Math.ceil));
  set('cos', unary('cos', Math.cos));
  set('cosh', unary('cosh', Math.cosh));
  set('deg', unary('deg', (x) => x / RADIANS_PER_DEGREE));
  set('exp', unary('exp', Math.exp));
  set('floor', unary('floor', Math.floor));
  set('log', unary('log', Math.log));
  set('log10', unary('log10', Math.log10, POSITIVE_NAN));
  set('rad', unary('rad', (x) => x * RADIANS_PER_DEGREE));
  set('sin', unary('sin', Math.sin));
  set('sinh', unary('sinh', Math.sinh));
  set('sqrt', unary('sqrt', Math.sqrt));
  set('tan', unary('tan', Math.tan));
  set('tanh', unary('tanh', Math.tanh));
  set('atan2', function (y: unknown, x: unknown): number {
    const n = arguments.length;
    // Checked second argument first: C evaluates atan2(luaL_checknumber(L, 1),
    // luaL_checknumber(L, 2))'s arguments right to left (gcc, x86-64), so a bad 2nd one is named.
    const b = num(x, 2, 'atan2', n), a = num(y, 1, 'atan2', n);
    return nanResult(Math.atan2(a, b), a, b);
  });
  const fmod = function (a: unknown, b: unknown): number {
    const n = arguments.length;
    const y = num(b, 2, 'fmod', n), x = num(a, 1, 'fmod', n); // 2nd first, as atan2
    return nanResult(x % y, x, y);
  };
  set('fmod', fmod);
  set('pow', function (a: unknown, b: unknown): number {
    const n = arguments.length;
    const y = num(b, 2, 'pow', n), x = num(a, 1, 'pow', n); // 2nd first, as atan2
    const r = luaPow(x, y);
    if (r === r) return r;
    // glibc's pow answers a NaN argument with a positive NaN (pow(0/0, 1) prints "nan").
    return x !== x || y !== y ? POSITIVE_NAN : DEFAULT_NAN;
  });
  set('frexp', function (x: unknown): number[] {
    return frexp(num(x, 1, 'frexp', arguments.length));
  });
  set('ldexp', function (x: unknown, e: unknown): number {
    const n = arguments.length;
    const exp = toCInt(num(e, 2, 'ldexp', n)); // 2nd first, as atan2
    return ldexp(num(x, 1, 'ldexp', n), exp);
  });
  set('modf', function (x: unknown): number[] {
    return modf(num(x, 1, 'modf', arguments.length));
  });
  set('max', function (): number {
    const n = arguments.length;
    let max = num(arguments[0], 1, 'max', n);
    for (let i = 1; i < n; i++) {
      const d = num(arguments[i], i + 1, 'max', n);
      if (d > max) max = d;
    }
    return max;
  });
  set('min', function (): number {
    const n = arguments.length;
    let min = num(arguments[0], 1, 'min', n);
    for (let i = 1; i < n; i++) {
      const d = num(arguments[i], i + 1, 'min', n);
      if (d < min) min = d;
    }
    return min;
  });
  set('random', function (a: unknown, b: unknown): number {
    const n = arguments.length;
    // rand() runs before the arguments are checked, as in C.
    const r = holder.gen.next();
    switch (n) {
      case 0:
        return r; // between 0 and 1
      case 1: {
        const u = toCInt(num(a, 1, 'random', n));
        if (!(1 <= u)) argError(1, 'random', 'interval is empty');
        return Math.floor(r * u) + 1; // between 1 and u
      }
      case 2: {
        const l = toCInt(num(a, 1, 'random', n));
        const u = toCInt(num(b, 2, 'random', n));
        if (!(l <= u)) argError(2, 'random', 'interval is empty');
        return Math.floor(r * ((u - l + 1) | 0)) + l; // C int arithmetic
      }
      default:
        return luaError('wrong number of arguments');
    }
  });
  set('randomseed', function (s: unknown): LuaValue[] {
    holder.gen.seed(toCInt(num(s, 1, 'randomseed', arguments.length)));
    return EMPTY;
  });
  lib.set('pi', Math.PI);
  lib.set('huge', Infinity);
  lib.set('mod', fmod); // LUA_COMPAT_MOD
  return lib;
}

export function openMath(L: LuaState): LuaTable {
  let holder = generators.get(L);
  if (holder === undefined) {
    holder = { gen: new GlibcRand(1) };
    generators.set(L, holder);
  }
  const lib = makeMathLibrary(holder);
  L.globals.set('math', lib);
  return lib;
}
