// A tiny evaluator for the simplest golden cases: `return <expression list>` where the
// expressions are literals, table constructors, arithmetic/concatenation on literals and calls
// of the library functions (plus pcall, tostring, type, select, string.rep/sub, #).
// It lets the libraries be checked against recorded Redis replies without the Lua compiler.
// Anything outside this subset makes evaluate() return UNSUPPORTED (the case is then only
// run through the real engine).

import { LuaError, LuaTable, luaType } from '../../../src/lua/value';
import { formatG } from '../../../src/scripting/libs/fpconv';

export const UNSUPPORTED = Symbol('unsupported');
class Unsupported extends Error {}

type Tok = { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 'name'; v: string } | { k: 'op'; v: string } | { k: 'eof' };

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]*(?:[eE][-+]?[0-9]+)?)/.exec(src.slice(i))!;
      out.push({ k: 'num', v: Number(m[1]) });
      i += m[1].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ k: 'name', v: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let s = '';
      i++;
      while (src[i] !== c) {
        if (i >= src.length) throw new Unsupported('unfinished string');
        if (src[i] === '\\') {
          const e = src[i + 1];
          const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'", '\n': '\n' };
          if (e in simple) { s += simple[e]; i += 2; continue; }
          const m = /^[0-9]{1,3}/.exec(src.slice(i + 1));
          if (m === null) throw new Unsupported('escape');
          s += String.fromCharCode(Number(m[0]));
          i += 1 + m[0].length;
          continue;
        }
        s += src[i++];
      }
      i++;
      out.push({ k: 'str', v: s });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '..' || two === '==' || two === '~=') {
      if (src.slice(i, i + 3) === '...') throw new Unsupported('vararg');
      out.push({ k: 'op', v: two }); i += 2; continue;
    }
    if ('{}()[],=+-*/^#.%'.includes(c)) { out.push({ k: 'op', v: c }); i++; continue; }
    throw new Unsupported(`char ${c}`);
  }
  out.push({ k: 'eof' });
  return out;
}

type Multi = unknown[];

function first(v: unknown): unknown { return Array.isArray(v) ? v[0] : v; }
function all(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function tostring(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatG(v, 14);
  if (typeof v === 'boolean' || v === undefined) return String(v ?? 'nil');
  throw new Unsupported('tostring of object');
}

function arith(op: string, a: unknown, b: unknown): number {
  if (typeof a !== 'number' || typeof b !== 'number') throw new Unsupported('arith on non-number');
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a - Math.floor(a / b) * b;
    default: return Math.pow(a, b);
  }
}

export interface MiniEnv { [name: string]: unknown }

class Parser {
  p = 0;
  constructor(readonly t: Tok[], readonly env: MiniEnv) {}

  peek(): Tok { return this.t[this.p]; }
  isOp(v: string): boolean { const t = this.peek(); return t.k === 'op' && t.v === v; }
  expectOp(v: string): void { if (!this.isOp(v)) throw new Unsupported(`expected ${v}`); this.p++; }

  chunk(): Multi {
    const t = this.peek();
    if (t.k !== 'name' || t.v !== 'return') throw new Unsupported('not a return');
    this.p++;
    const vals = this.explist();
    if (this.peek().k !== 'eof') throw new Unsupported('trailing tokens');
    return vals;
  }

  explist(): Multi {
    const out: unknown[] = [];
    for (;;) {
      const v = this.expr(0);
      if (this.isOp(',')) { out.push(first(v)); this.p++; continue; }
      out.push(...all(v));
      return out;
    }
  }

  static BIN: Record<string, [number, number]> = {
    '==': [3, 3], '~=': [3, 3], '..': [5, 4], '+': [6, 6], '-': [6, 6], '*': [7, 7], '/': [7, 7], '%': [7, 7], '^': [10, 9],
  };

  expr(limit: number): unknown {
    let left: unknown;
    if (this.isOp('-') || this.isOp('#')) {
      const op = (this.peek() as { v: string }).v;
      this.p++;
      const v = first(this.expr(8));
      if (op === '-') {
        if (typeof v !== 'number') throw new Unsupported('unary minus');
        left = -v;
      } else {
        if (typeof v === 'string') left = v.length;
        else if (v instanceof LuaTable) left = v.length();
        else throw new Unsupported('#');
      }
    } else {
      left = this.simple();
    }
    for (;;) {
      const t = this.peek();
      if (t.k !== 'op' || !(t.v in Parser.BIN)) return left;
      const [lp, rp] = Parser.BIN[t.v];
      if (lp <= limit) return left;
      this.p++;
      const right = first(this.expr(rp));
      const l = first(left);
      if (t.v === '..') {
        left = tostring(l) + tostring(right);
      } else if (t.v === '==' || t.v === '~=') {
        left = (l === right) === (t.v === '==');
      } else {
        left = arith(t.v, l, right);
      }
    }
  }

  simple(): unknown {
    const t = this.peek();
    if (t.k === 'num') { this.p++; return t.v; }
    if (t.k === 'str') { this.p++; return t.v; }
    if (t.k === 'op' && t.v === '{') return this.table();
    if (t.k === 'op' && t.v === '(') {
      this.p++;
      const v = first(this.expr(0));
      this.expectOp(')');
      return this.suffixes(v);
    }
    if (t.k === 'name') {
      if (t.v === 'nil') { this.p++; return undefined; }
      if (t.v === 'true') { this.p++; return true; }
      if (t.v === 'false') { this.p++; return false; }
      if (t.v === 'function' || t.v === 'local' || t.v === 'for' || t.v === 'if') throw new Unsupported(t.v);
      this.p++;
      if (!(t.v in this.env)) throw new Unsupported(`global ${t.v}`);
      return this.suffixes(this.env[t.v]);
    }
    throw new Unsupported('expression');
  }

  suffixes(v: unknown): unknown {
    for (;;) {
      if (this.isOp('.')) {
        this.p++;
        const n = this.peek();
        if (n.k !== 'name') throw new Unsupported('field');
        this.p++;
        if (!(v instanceof LuaTable)) throw new Unsupported('index non-table');
        v = v.get(n.v);
      } else if (this.isOp('[')) {
        this.p++;
        const k = first(this.expr(0));
        this.expectOp(']');
        if (!(v instanceof LuaTable)) throw new Unsupported('index non-table');
        v = v.get(k);
      } else if (this.isOp('(')) {
        this.p++;
        const args = this.isOp(')') ? [] : this.explist();
        this.expectOp(')');
        if (typeof v !== 'function') throw new Unsupported('call non-function');
        v = (v as (...a: unknown[]) => unknown)(...args);
      } else {
        return v;
      }
    }
  }

  table(): LuaTable {
    this.expectOp('{');
    const t = new LuaTable();
    let n = 1;
    let keyed = 0;
    while (!this.isOp('}')) {
      if (this.isOp('[')) {
        this.p++;
        const k = first(this.expr(0));
        this.expectOp(']');
        this.expectOp('=');
        t.set(k, first(this.expr(0)) as never);
        keyed++;
      } else if (this.peek().k === 'name' && this.t[this.p + 1].k === 'op' && (this.t[this.p + 1] as { v: string }).v === '=') {
        const k = (this.peek() as { v: string }).v;
        this.p += 2;
        t.set(k, first(this.expr(0)) as never);
        keyed++;
      } else {
        const v = this.expr(0);
        if (this.isOp('}')) { for (const x of all(v)) t.set(n++, x as never); break; }
        t.set(n++, first(v) as never);
      }
      if (this.isOp(',') || this.isOp(';')) this.p++;
    }
    this.expectOp('}');
    t.sizeHint = keyed; // as the compiled constructor does (Lua's OP_NEWTABLE hash hint)
    return t;
  }
}

/** The helper functions the subset understands, plus the given library tables. */
export function miniEnv(libs: Record<string, LuaTable>): MiniEnv {
  const str = new LuaTable();
  str.set('len', ((s: string) => s.length) as never);
  str.set('rep', ((s: string, n: number) => s.repeat(Math.max(0, Math.floor(n)))) as never);
  str.set('sub', ((s: string, i: number, j?: number) => {
    const len = s.length;
    let a = i < 0 ? len + i + 1 : i; let b = j === undefined ? len : j < 0 ? len + j + 1 : j;
    if (a < 1) a = 1; if (b > len) b = len;
    return a > b ? '' : s.slice(a - 1, b);
  }) as never);
  return {
    ...libs,
    string: str,
    tostring: (v: unknown) => tostring(v),
    type: (v: unknown) => luaType(v),
    select: (n: unknown, ...rest: unknown[]) => {
      if (n === '#') return rest.length;
      throw new Unsupported('select');
    },
    // Named like the engine's pcall, which the runtime recognises as a C boundary: functions
    // it calls directly report no position and are named '?' in argument errors, as in C.
    pcall: function luaB_pcall(f: unknown, ...args: unknown[]) {
      if (typeof f !== 'function') throw new Unsupported('pcall of non-function');
      try {
        return [true, ...all(f(...args))];
      } catch (e) {
        if (e instanceof LuaError) return [false, e.value];
        throw e;
      }
    },
  };
}

/** Evaluates `return ...` in the subset; UNSUPPORTED when the source is outside it. */
export function evaluate(src: string, env: MiniEnv): unknown[] | typeof UNSUPPORTED {
  try {
    return new Parser(lex(src), env).chunk();
  } catch (e) {
    if (e instanceof Unsupported) return UNSUPPORTED;
    throw e;
  }
}
