// Lua AST -> JavaScript source -> new Function.
//
// Shape of the generated code for one chunk:
//
//   "use strict";
//   const $R = H.rt, $idx = H.idx, ...;          // runtime helpers
//   let E_;                                      // the chunk's environment
//   function $tw3($L, E1, S4) { ... }            // meta/twin maker of function 3
//   ...
//   return function (env) { E_ = env; return <closure of the main function> };
//
// A Lua function is a JS closure named $L. Locals are JS `let` variables, except those captured
// by nested functions: they live in a scope object (S<block id>) created where their block is
// entered (so loops get one per iteration). Calling a closure with MAGIC as first argument asks
// its twin maker (at chunk level, so that code size stays linear) for its generator twin, its
// environment or its static info; the twin shares the upvalues through the scope objects.
//
// Each Lua line change inserts a marker; markers become JS line breaks, and the chunk's line map
// turns the JS line of a stack frame back into the Lua line (see runtime.where).

import { parse } from './parser';
import type { Block, Expr, FuncBody, Stat, VarInfo } from './ast';
import {
  rt, MAGIC, magic, PAUSE, registerChunk, newChunkUrl, chunkId, type ChunkInfo, type ProtoInfo,
  add, sub, mul, div, mod, pow, unm, luaPow,
} from './runtime';
import * as ops from './ops';
import { LuaTable, EMPTY, isIndexLike, type LuaFunction } from './value';

const HELPERS = {
  rt, MAGIC, magic, PAUSE, LuaTable, EMPTY, luaPow,
  add, sub, mul, div, mod, pow, unm,
  ...ops,
};

const HELPER_NAMES = [
  'first', 'arr', 'pack', 'truthy', 'idx', 'idxs', 'setv', 'sets', 'callable', 'gtw', 'gtw2',
  'eq', 'lt', 'le', 'gt', 'ge', 'len', 'concat', 'fornum', 'tnew', 'tkv', 'tkvo', 'argt', 'stepper',
  'add', 'sub', 'mul', 'div', 'mod', 'pow', 'unm', 'luaPow',
];

const ARITH_FN: Record<string, string> = { '+': '$add', '-': '$sub', '*': '$mul', '/': '$div', '%': '$mod', '^': '$pow' };

// Markers in the generated text: \x01<line>\x02 (string literals never contain raw \x01).
const mark = (line: number) => `\x01${line}\x02`;

/** A JS string literal for a Lua byte string. */
function strLit(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c < 127) {
      if (c === 34) out += '\\"';
      else if (c === 92) out += '\\\\';
      else out += s[i];
    } else if (c === 10) out += '\\n';
    else out += '\\x' + (c < 16 ? '0' : '') + c.toString(16);
  }
  return out + '"';
}

function numLit(v: number): string {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  if (v !== v) return 'NaN';
  if (v === 0 && 1 / v < 0) return '(-0)';
  return v < 0 ? `(${v})` : String(v);
}

const SIMPLE_JS = /^(?:[A-Za-z_$][\w$]*|\d+(?:\.\d+)?(?:e[-+]?\d+)?|\(-\d+(?:\.\d+)?(?:e[-+]?\d+)?\)|"(?:[^"\\]|\\.)*"|undefined|true|false)$/;

/** JS test that the value of expression x (evaluated once) is a LuaTable. */
function isTable(x: string): string {
  return `${x} instanceof $T`;
}

/** A JS identifier (a variable, a temp): property accesses can be written on it directly. */
const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * Can this value be read again later in the same statement? Constants and plain (uncaptured)
 * locals can; anything else goes to a temp first.
 */
function rereadable(v: string): boolean {
  return isSimple(v) && (/^[A-Za-z_]\w*\$\d+$/.test(v) || /^(?:\d|\(-|"|undefined$|true$|false$)/.test(v));
}

/** Is the compiled JS expression free of side effects and cheap to repeat? */
function isSimple(code: string): boolean {
  return SIMPLE_JS.test(code);
}

function isMulti(e: Expr | undefined): boolean {
  return e !== undefined && (e.k === 'call' || e.k === 'method' || e.k === 'vararg');
}

/** The variable description C Lua gives in error messages, if any. */
function describe(e: Expr): string | undefined {
  switch (e.k) {
    case 'local': return `local '${e.v.name}'`;
    case 'upval': return `upvalue '${e.v.name}'`;
    case 'global': return `global '${e.name}'`;
    case 'index': return e.key.k === 'str' ? `field '${e.key.v}'` : "field '?'";
    case 'paren': return describe(e.e);
    default: return undefined;
  }
}

function descLit(d: string | undefined): string {
  return d === undefined ? 'undefined' : strLit(d);
}

/**
 * Marks the locals that always hold a number: declared with a number (or a for counter) and
 * only ever assigned numbers, where "number" may rely on other such locals (a fixpoint from
 * "all candidates are numeric" down).
 */
function inferNumeric(funcs: FuncBody[]): void {
  const init = new Map<VarInfo, Expr | 'num'>();
  const assigned = new Map<VarInfo, (Expr | undefined)[]>();
  const addAssign = (v: VarInfo, e: Expr | undefined) => {
    const list = assigned.get(v);
    if (list === undefined) assigned.set(v, [e]); else list.push(e);
  };
  const walk = (stats: Stat[]): void => {
    for (const st of stats) {
      switch (st.k) {
        case 'local':
          st.vars.forEach((v, i) => {
            const e = st.exprs[i];
            if (e !== undefined && !isMulti(e)) init.set(v, e);
          });
          break;
        case 'assign':
          st.targets.forEach((t, i) => {
            if (t.k === 'local' || t.k === 'upval') addAssign(t.v, st.exprs[i]);
          });
          break;
        case 'do': walk(st.body.stats); break;
        case 'while': case 'repeat': walk(st.body.stats); break;
        case 'if':
          for (const b of st.blocks) walk(b.stats);
          if (st.orelse !== undefined) walk(st.orelse.stats);
          break;
        case 'fornum': init.set(st.v, 'num'); walk(st.body.stats); break;
        case 'forin': walk(st.body.stats); break;
        default: break;
      }
    }
  };
  for (const f of funcs) walk(f.body.stats);
  const candidates = [...init.keys()];
  for (const v of candidates) v.numeric = true;
  for (let changed = true; changed;) {
    changed = false;
    for (const v of candidates) {
      if (!v.numeric) continue;
      const i = init.get(v)!;
      const ok = (i === 'num' || isNum(i)) && (assigned.get(v) ?? []).every((e) => e !== undefined && isNum(e));
      if (!ok) { v.numeric = false; changed = true; }
    }
  }
}

/** Is e statically known to be a number (so arithmetic on it needs no type check)? */
function isNum(e: Expr): boolean {
  switch (e.k) {
    case 'num': return true;
    case 'local': case 'upval': return e.v.numeric === true;
    case 'paren': return isNum(e.e);
    case 'un': return e.op === '-' && isNum(e.a);
    case 'bin':
      switch (e.op) {
        case '+': case '-': case '*': case '/': case '%': case '^': return isNum(e.a) && isNum(e.b);
        default: return false;
      }
    default: return false;
  }
}

function isBoolExpr(e: Expr): boolean {
  switch (e.k) {
    case 'true': case 'false': return true;
    case 'un': return e.op === 'not';
    case 'bin':
      switch (e.op) {
        case '==': case '~=': case '<': case '<=': case '>': case '>=': return true;
        case 'and': case 'or': return isBoolExpr(e.a) && isBoolExpr(e.b);
        default: return false;
      }
    case 'paren': return isBoolExpr(e.e);
    default: return false;
  }
}

export interface CallSiteInfo {
  /** The name of the called value ("rep"), if any. */
  name: string | undefined;
  /** global, local, upvalue, field, method; undefined for an unnamed value. */
  what: string | undefined;
  /** A tail call (return f(...)): C Lua's traceback shows "(tail call)" for the caller. */
  tail?: boolean;
}

/** Name of a called expression as getfuncname/getobjname of ldebug.c sees it. */
function callName(e: Expr): CallSiteInfo {
  switch (e.k) {
    case 'local': return { name: e.v.name, what: 'local' };
    case 'upval': return { name: e.v.name, what: 'upvalue' };
    case 'global': return { name: e.name, what: 'global' };
    case 'index': return { name: e.key.k === 'str' ? e.key.v : '?', what: 'field' };
    case 'paren': return callName(e.e);
    default: return { name: undefined, what: undefined };
  }
}

/** Per-function compilation context. */
class FnCtx {
  temps = 0;
  maxTemps = 0;
  zero: number | undefined = undefined;
  constructor(readonly f: FuncBody, readonly gen: boolean) {}
  alloc(): string {
    const t = `$${this.temps++}`;
    if (this.temps > this.maxTemps) this.maxTemps = this.temps;
    return t;
  }
  free(n = 1): void {
    this.temps -= n;
  }
}

/**
 * The temps of one inline fast path: operands that cannot be read twice are evaluated once into
 * a temp (in order: the assignments are the path's prelude), scratch temps are taken after
 * them, and all are given back together once the path's code is built.
 */
class Temps {
  /** `temp = code` assignments, in evaluation order. */
  readonly assigns: string[] = [];
  private count = 0;
  constructor(private readonly fn: FnCtx) {}

  /** `code` itself when `reusable(code)`, else a temp that holds it. */
  hold(code: string, reusable: (code: string) => boolean): string {
    if (reusable(code)) return code;
    const t = this.take();
    this.assigns.push(`${t} = ${code}`);
    return t;
  }

  /** A scratch temp. */
  take(): string {
    this.count++;
    return this.fn.alloc();
  }

  free(): void {
    this.fn.free(this.count);
  }

  /** The assignments as statements. */
  statements(): string {
    let out = '';
    for (const a of this.assigns) out += `${a};\n`;
    return out;
  }
}

function isIdent(code: string): boolean {
  return IDENT.test(code);
}

export class Compiler {
  private fn!: FnCtx;
  private line = 0;
  /** The call of a `return f(...)` being compiled (a tail call in C Lua). */
  private tailCall: Expr | undefined = undefined;

  /** Labels of the enclosing Lua loops (a Lua break leaves the innermost one). */
  private loops: string[] = [];
  private nextLabel = 0;

  /** Compiles a loop's code with a fresh label on the loop stack. */
  private loop(fn: (label: string) => string): string {
    const label = `$l${this.nextLabel++}`;
    this.loops.push(label);
    try {
      return fn(label);
    } finally {
      this.loops.pop();
    }
  }

  /** Call sites: name and kind of the called value, for error messages (luaL_argerror). */
  readonly calls: CallSiteInfo[] = [];
  private makers: string[] = [];
  private madeTwin = new Set<FuncBody>();


  // ---- names

  private varName(v: VarInfo): string {
    return `${v.name}$${v.id}`;
  }

  /** JS lvalue/rvalue for a local variable. */
  private varRef(v: VarInfo): string {
    return v.captured ? `S${v.block.id}.${v.name}$${v.id}` : this.varName(v);
  }

  /**
   * The environment of function f, read at each global access: f's own (set by setfenv) or,
   * by default, its parent's. The main function's environment is the chunk's E_ itself.
   */
  private envExpr(f: FuncBody | undefined): string {
    if (f === undefined || f.parent === undefined) return 'E_';
    return `($L${f.id}.e || ${this.envExpr(f.parent)})`;
  }

  /** Enclosing functions (not the main one) whose closures a nested function refers to. */
  private ancestors(f: FuncBody): string[] {
    const out: string[] = [];
    for (let p = f.parent; p !== undefined && p.parent !== undefined; p = p.parent) out.push(`$L${p.id}`);
    return out;
  }

  /**
   * C Lua keeps one constant per value in a function's constant table, and 0 == -0, so every
   * zero literal of a function takes the sign of the first one.
   */
  private zero(v: number): number {
    if (this.fn.zero === undefined) this.fn.zero = v;
    return this.fn.zero;
  }

  // ---- lines

  private withLine(line: number, fn: () => string): string {
    if (line === this.line || line <= 0) return fn();
    const saved = this.line;
    this.line = line;
    const code = fn();
    this.line = saved;
    return mark(line) + code + mark(saved);
  }

  // ---- chunk

  /** Calls record their function's locals for debug.getlocal (Chunk.tracksLocals). */
  private tracksLocals = false;
  /** JS expressions for the hidden control locals of the for loops being compiled. */
  private hiddenRefs = new Map<VarInfo, string>();

  /** Generator-form functions record their closures in $R.gcl (Chunk.tracksClosures). */
  private tracksClosures = false;

  compile(chunk: { main: FuncBody; funcs: FuncBody[]; tracksLocals?: boolean; tracksClosures?: boolean }): { code: string; protos: ProtoInfo[] } {
    this.tracksLocals = chunk.tracksLocals === true;
    this.tracksClosures = chunk.tracksClosures === true;
    inferNumeric(chunk.funcs);
    const mainCode = this.closure(chunk.main);
    const protos: ProtoInfo[] = chunk.funcs.map((f) => ({
      chunk: undefined as unknown as ChunkInfo,
      id: f.id,
      lineDefined: f.line,
      lastLineDefined: f.lastLine,
      numParams: f.params.length,
      isVararg: f.isVararg,
      nups: f.upvalueNames.length,
      upvalueNames: f.upvalueNames,
      name: f.name,
    }));
    const head = `const $C = C, $R = H.rt, $M = H.MAGIC, $mg = H.magic, $PAUSE = H.PAUSE, $E = H.EMPTY, $T = H.LuaTable, `
      + HELPER_NAMES.map((n) => `$${n} = H.${n}`).join(', ') + ';\nlet E_;\n';
    const code = head + this.makers.join('\n') + `\nreturn function (env) { E_ = env; return (${mainCode}); };\n`;
    return { code, protos };
  }

  /** The fast closure expression of f (a `function $L` literal), compiled in the current context. */
  private closure(f: FuncBody): string {
    const outer = [...f.outerBlocks].map((b) => `S${b.id}`);
    const makerArgs = [`$L${f.id}`, ...this.ancestors(f), ...outer].join(', ');
    // The twin maker (chunk level), once per function.
    if (!this.madeTwin.has(f)) {
      this.madeTwin.add(f);
      this.makers.push(this.twinMaker(f, makerArgs));
    }
    const savedFn = this.fn;
    const savedLine = this.line;
    const savedLoops = this.loops;
    this.loops = [];
    this.fn = new FnCtx(f, false);
    this.line = f.line;
    const params = this.paramList(f);
    const first = f.params.length > 0 ? this.varName(f.params[0]) : f.isVararg ? '$va[0]' : '$p';
    const body = this.functionBody(f);
    const temps = this.tempDecl();
    this.fn = savedFn;
    this.line = savedLine;
    this.loops = savedLoops;
    return mark(f.line) + `function $L${f.id}(${params}) {\nif (${first} === $M) return $tw${f.id}(${makerArgs});\n`
      + `if (--$R.budget < 0) $R.tick();\n${temps}${this.localsMark()}${body}}` + mark(savedLine);
  }

  private twinMaker(f: FuncBody, makerArgs: string): string {
    const savedFn = this.fn;
    const savedLine = this.line;
    const savedLoops = this.loops;
    this.loops = [];
    this.fn = new FnCtx(f, true);
    this.line = f.line;
    const params = this.paramList(f);
    const body = this.functionBody(f);
    const self = `$L${f.id}`;
    const env = this.envExpr(f);
    const setEnv = f.parent === undefined ? 'E_ = $mg.arg' : `${self}.e = $mg.arg`;
    const temps = this.tempDecl();
    this.fn = savedFn;
    this.line = savedLine;
    this.loops = savedLoops;
    // The generator twin is one chunk-level generator function per prototype, taking the
    // closure's context (itself, enclosing closures, scope objects) as leading arguments: a
    // generator function made per closure would cost V8 a new prototype and map each time.
    // The closure's record for getfenv/setfenv by level: generator frames on the JS stack
    // show the (shared) generator function, not the closure (see luaFunctionAt).
    const closureMark = this.tracksClosures ? `const $gd = $R.gcl.length; $R.gcl.push(${self});\n` : '';
    return mark(f.line) + `function* $G${f.id}(${makerArgs}, ${params}) {\nif (--$R.budget < 0 && $R.tick()) yield $PAUSE;\n${temps}${closureMark}${this.localsMark()}${body}}`
      + mark(0) + `\nfunction $tw${f.id}(${makerArgs}) {\nswitch ($mg.op) {\n`
      + `case 1: return ${self}.$g || (${self}.$g = (${params}) => $G${f.id}(${makerArgs}, ${params}));\n`
      + `case 2: return ${env};\ncase 3: ${setEnv}; return;\n`
      + `case 5: switch ($mg.arg) {\n${f.upvalues.map((v, i) => `case ${i + 1}: return ${this.varRef(v)};\n`).join('')}default: return;\n}\n`
      + `case 6: switch ($mg.arg) {\n${f.upvalues.map((v, i) => `case ${i + 1}: ${this.varRef(v)} = $mg.arg2; return;\n`).join('')}default: return;\n}\n`
      + `default: return $C.protos[${f.id}];\n}\n}`;
  }

  /**
   * In a chunk that tracks locals, each function notes where its record goes in $R.ls (the
   * stack of the locals of Lua functions at the calls they are making; see recordLocals).
   */
  private localsMark(): string {
    return this.tracksLocals ? 'const $ld = $R.ls.length;\n' : '';
  }

  /**
   * A call that first records the calling function's active locals for debug.getlocal:
   * [chunk, function id, names, values] at the function's own index of $R.ls (dropping what
   * calls made earlier left above it), so the records of the Lua functions on the stack are
   * in stack order, the callee's just above its caller's.
   */
  private withLocalsRecord(e: Extract<Expr, { k: 'call' | 'method' }>): string {
    const inner = { ...e, locals: undefined };
    // A tail call's caller is gone in C Lua: its level shows no locals.
    const tail = this.tailCall === e;
    if (tail) this.tailCall = inner;
    return this.recordLocals(tail ? [] : e.locals!, this.callExpr(inner));
  }

  private recordLocals(locals: VarInfo[], call: string): string {
    const names = locals.map((v) => strLit(v.name)).join(', ');
    const vals = locals.map((v) => this.hiddenRefs.get(v) ?? this.varRef(v)).join(', ');
    return `($R.ls.length = $ld, $R.ls.push([$C, ${this.fn.f.id}, [${names}], [${vals}]]), ${call})`;
  }

  private paramList(f: FuncBody): string {
    const ps = f.params.map((p) => this.varName(p));
    if (f.isVararg) ps.push('...$va');
    else if (ps.length === 0) ps.push('$p');
    return ps.join(', ');
  }

  private tempDecl(): string {
    const n = this.fn.maxTemps;
    if (n === 0) return '';
    const names: string[] = [];
    for (let i = 0; i < n; i++) names.push(`$${i}`);
    return `let ${names.join(', ')};\n`;
  }

  private functionBody(f: FuncBody): string {
    let out = '';
    // The top block's scope object holds captured parameters.
    out += this.blockOpen(f.body, (v) => (f.params.includes(v) ? this.varName(v) : 'undefined'));
    out += this.stats(f.body.stats);
    const last = f.body.stats[f.body.stats.length - 1];
    if (last === undefined || last.k !== 'return') out += 'return $E;\n';
    return out;
  }

  /** Creates the scope object of a block if it has captured locals. */
  private blockOpen(b: Block, init: (v: VarInfo) => string = () => 'undefined'): string {
    const caps = b.locals.filter((v) => v.captured);
    if (caps.length === 0) return '';
    return `const S${b.id} = {${caps.map((v) => `${v.name}$${v.id}: ${init(v)}`).join(', ')}};\n`;
  }

  private tick(): string {
    return this.fn.gen ? 'if (--$R.budget < 0 && $R.tick()) yield $PAUSE;\n' : 'if (--$R.budget < 0) $R.tick();\n';
  }

  /**
   * A loop statement with its budget check: `open` is the JS loop head ('while (..)' or
   * 'do'), `body` the code of one iteration, `close` what follows the body's brace (' while
   * (true);' for do). The generator form checks at the top of each iteration, where it may
   * pause. The fast form checks at the back-edge, and to call tick() it leaves the loop for an
   * enclosing one that calls it and re-enters the loop (the same as going round, since the
   * check is the last thing in an iteration):
   *     let $kN; for (;;) { $kN = 0; $lN: while (..) { ..body..; if (--$R.budget < 0) { $kN = 1; break $lN; } }
   *                         if ($kN === 0) break; $R.tick(); }
   * so the hot loop holds no call. A call there costs even when never made: with no call
   * feedback V8 puts a deoptimisation exit in the loop, which keeps it from peeling the
   * loop's first iteration, and under on-stack replacement (a long loop in code run once,
   * such as a main chunk) an unpeeled loop keeps its non-integer number locals boxed, a heap
   * number per iteration (`s = s + i * 0.5` ran 5x slower); with feedback (a tick taken) the
   * call makes V8 keep less in registers (n-body 1.7x slower). Only this exact shape was
   * seen to peel: `continue` to the outer loop, or the flag set before the outer loop, did not.
   */
  private loopStat(label: string, open: string, body: string, close = ''): string {
    if (this.fn.gen) return `${label}: ${open} {\n${this.tick()}${body}}${close}\n`;
    const k = `$k${label.slice(2)}`;
    return `let ${k};\nfor (;;) {\n${k} = 0;\n${label}: ${open} {\n${body}if (--$R.budget < 0) { ${k} = 1; break ${label}; }\n}${close}\n`
      + `if (${k} === 0) break;\n$R.tick();\n}\n`;
  }

  // ---- statements

  private stats(list: Stat[]): string {
    let out = '';
    for (const s of list) out += this.stat(s);
    return out;
  }

  private block(b: Block, init?: (v: VarInfo) => string): string {
    return this.blockOpen(b, init) + this.stats(b.stats);
  }

  private stat(s: Stat): string {
    const saved = this.line;
    this.line = s.line;
    const code = mark(s.line) + this.statInner(s);
    this.line = saved;
    return code;
  }

  private statInner(s: Stat): string {
    switch (s.k) {
      case 'local': return this.localStat(s.vars, s.exprs);
      case 'assign': return this.assignStat(s.targets, s.exprs);
      case 'call': return this.callExpr(s.call) + ';\n';
      case 'do': return `{\n${this.block(s.body)}}\n`;
      case 'while':
        return this.loop((l) => this.loopStat(l, `while (${this.cond(s.cond)})`, this.block(s.body)));
      case 'repeat':
        return this.loop((l) => this.loopStat(l, 'do', `${this.block(s.body)}if (${this.cond(s.cond)}) break;\n`, ' while (true);'));
      case 'if': {
        let out = '';
        for (let i = 0; i < s.conds.length; i++) {
          out += (i === 0 ? 'if (' : ' else if (') + this.cond(s.conds[i]) + `) {\n${this.block(s.blocks[i])}}`;
        }
        if (s.orelse !== undefined) out += ` else {\n${this.block(s.orelse)}}`;
        return out + '\n';
      }
      case 'fornum': return this.loop((l) => this.forNum(s, l));
      case 'forin': return this.loop((l) => this.forIn(s, l));
      case 'localfunc': {
        const ref = this.varRef(s.v);
        const decl = s.v.captured ? '' : `let ${ref};\n`;
        return `${decl}${ref} = ${this.closure(s.f)};\n`;
      }
      case 'return': return this.returnStat(s.exprs);
      case 'break': return `break ${this.loops[this.loops.length - 1]};\n`;
    }
  }

  private localStat(vars: VarInfo[], exprs: Expr[]): string {
    let out = '';
    const assign = (v: VarInfo, code: string) => {
      out += v.captured ? `${this.varRef(v)} = ${code};\n` : `let ${this.varName(v)} = ${code};\n`;
    };
    if (exprs.length === vars.length && !(vars.length > 1 && exprs.some(isMulti))) {
      if (vars.length === 1) {
        assign(vars[0], this.expr(exprs[0]));
        return out;
      }
      // local a, b = x, y: evaluate all, then bind (names are unique, so direct binding is fine)
      for (let i = 0; i < vars.length; i++) assign(vars[i], this.expr(exprs[i]));
      return out;
    }
    const vals = this.explistToTemps(exprs, vars.length);
    for (let i = 0; i < vars.length; i++) assign(vars[i], vals.refs[i]);
    this.fn.free(vals.ntemps);
    return vals.pre + out;
  }

  /**
   * Evaluates an expression list adjusted to n values into temporaries (extra expressions are
   * evaluated and dropped). Returns the code and the n value expressions; the caller frees the
   * temporaries.
   */
  private explistToTemps(exprs: Expr[], n: number): { pre: string; refs: string[]; ntemps: number } {
    let pre = '';
    const refs: string[] = [];
    let ntemps = 0;
    for (let i = 0; i < exprs.length; i++) {
      const e = exprs[i];
      const isLast = i === exprs.length - 1;
      if (isLast && isMulti(e) && refs.length < n) {
        const t = this.fn.alloc();
        ntemps++;
        pre += `${t} = ${this.multi(e)};\n`;
        const need = n - refs.length;
        if (need === 1) {
          refs.push(`$first(${t})`);
        } else {
          pre += `if (!Array.isArray(${t})) ${t} = [${t}];\n`;
          for (let j = 0; j < need; j++) refs.push(`${t}[${j}]`);
        }
      } else if (refs.length < n) {
        const code = this.expr(e);
        if (isSimple(code) && !/^[A-Za-z_][\w]*\$\d+$/.test(code)) {
          refs.push(code);
        } else {
          const t = this.fn.alloc();
          ntemps++;
          pre += `${t} = ${code};\n`;
          refs.push(t);
        }
      } else {
        pre += `${this.expr(e)};\n`;
      }
    }
    while (refs.length < n) refs.push('undefined');
    return { pre, refs, ntemps };
  }

  private assignStat(targets: Expr[], exprs: Expr[]): string {
    if (targets.length === 1 && exprs.length === 1) {
      const t = targets[0];
      return this.assignTo(t, () => this.expr(exprs[0]));
    }
    // General case: evaluate the targets' table and key expressions, then the values, then
    // assign right to left (as C Lua does).
    let pre = '';
    let ntemps = 0;
    const setters: ((v: string) => string)[] = [];
    for (const t of targets) {
      if (t.k === 'index') {
        const o = this.fn.alloc();
        const k = this.fn.alloc();
        ntemps += 2;
        pre += `${o} = ${this.expr(t.obj)};\n${k} = ${this.expr(t.key)};\n`;
        const d = descLit(describe(t.obj));
        setters.push((v) => this.withLine(t.line, () => `$setv(${o}, ${k}, ${v}, ${d});\n`));
      } else {
        setters.push((v) => this.assignTo(t, () => v));
      }
    }
    // The values are constants or temps (explistToTemps copies locals), so assigning one
    // target cannot change a value still to be assigned.
    const vals = this.explistToTemps(exprs, targets.length);
    let out = pre + vals.pre;
    for (let i = targets.length - 1; i >= 0; i--) out += setters[i](vals.refs[i]);
    this.fn.free(ntemps + vals.ntemps);
    return out;
  }

  private assignTo(t: Expr, value: () => string): string {
    switch (t.k) {
      case 'local':
      case 'upval':
        return `${this.varRef(t.v)} = ${value()};\n`;
      case 'global':
        return this.withLine(t.line, () => this.fieldSet(this.envExpr(this.fn.f), t.name, value, 'undefined'));
      case 'index': {
        const d = descLit(describe(t.obj));
        return this.withLine(t.line, () => {
          const o = this.expr(t.obj);
          if (t.key.k === 'str') return this.fieldSet(o, t.key.v, value, d);
          const k = this.expr(t.key);
          if (isNum(t.key)) return this.arraySet(o, k, value, d);
          const v = value();
          return `$setv(${o}, ${k}, ${v}, ${d});\n`;
        });
      }
      default:
        throw new Error('cannot assign to ' + t.k);
    }
  }

  private returnStat(exprs: Expr[]): string {
    if (exprs.length === 0) return 'return $E;\n';
    if (exprs.length === 1) {
      const e = exprs[0];
      if (e.k === 'vararg') return 'return $pack($va);\n';
      if (isMulti(e)) {
        this.tailCall = e;
        return `return (${this.multi(e)});\n`;
      }
      return `return (${this.expr(e)});\n`;
    }
    return `return (${this.valuesArray(exprs)});\n`;
  }

  /** An expression evaluating to the values of an expression list in the calling convention. */
  private valuesArray(exprs: Expr[]): string {
    const last = exprs[exprs.length - 1];
    if (isMulti(last)) {
      const init = exprs.slice(0, -1).map((e) => this.expr(e));
      return `$pack([${init.join(', ')}${init.length ? ', ' : ''}...${this.spread(last)}])`;
    }
    return `[${exprs.map((e) => this.expr(e)).join(', ')}]`;
  }

  /** JS code for the values of a multi-valued expression as an array (to spread). */
  private spread(e: Expr): string {
    if (e.k === 'vararg') return '$va';
    return `$arr(${this.multi(e)})`;
  }

  private forNum(s: Extract<Stat, { k: 'fornum' }>, label: string): string {
    const i = this.fn.alloc();
    const lim = this.fn.alloc();
    const step = this.fn.alloc();
    // The control values are checked by OP_FORPREP, whose line is the 'do'.
    const ctl = (e: Expr, what: string) => {
      const code = this.expr(e);
      if (isNum(e)) return code;
      // The value's own text stays on the statement's line, the check on the 'do' line.
      return this.withLine(s.prepLine, () => `$fornum(${this.withLine(s.line, () => code)}, "${what}")`);
    };
    const startCode = ctl(s.start, 'initial value');
    const limCode = ctl(s.limit, 'limit');
    const stepCode = s.step === undefined ? '1' : ctl(s.step, 'step');
    let test: string;
    if (s.step === undefined || (s.step.k === 'num' && s.step.v > 0)) test = `(${i} += ${step}) <= ${lim}`;
    else if (s.step.k === 'num' && s.step.v < 0) test = `(${i} += ${step}) >= ${lim}`;
    else test = `${step} > 0 ? (${i} += ${step}) <= ${lim} : (${i} += ${step}) >= ${lim}`;
    const v = s.v;
    const bind = v.captured ? '' : `let ${this.varName(v)} = ${i};\n`;
    if (s.hidden !== undefined) [i, lim, step].forEach((t, j) => this.hiddenRefs.set(s.hidden![j], t));
    const body = this.block(s.body, (x) => (x === v ? i : 'undefined'));
    let out = `${i} = ${startCode}; ${lim} = ${limCode}; ${step} = ${stepCode};\n${i} -= ${step};\n`;
    const kernel = this.fn.gen || v.captured ? undefined : this.numericKernel(s.body, v, label);
    out += kernel === undefined
      ? this.loopStat(label, `while (${test})`, bind + body)
      : this.kernelLoopStat(label, test, bind, kernel, s.body);
    this.fn.free(3);
    return out;
  }

  // ---- numeric kernels: loops summing numbers, with a fast copy of the body

  /**
   * The fast copy of a numeric for loop's body made only of accumulations `x = x op e` or
   * `x = e op x` (x a local, op + - * /, the operand first for - and /) where e is built
   * from locals, number constants, + - * / % and unary minus, and reads `t[k]` of a local
   * with a number key; undefined for any other body. Returns the accumulators and the code.
   *
   * Why: V8 enters a long loop of a main chunk by on-stack replacement, where the loop's
   * entry values are untyped, and keeps a float accumulator unboxed (no heap number per
   * iteration) only if it can peel the loop's first iteration and no exit of the loop reads
   * the accumulator's value from before the iteration. The generic code has calls that never
   * run in its body ($add, $idx: deoptimisation exits) and `s = s + t[i]` allocated a heap
   * number per iteration (table_int's read loop 0.05-0.1 s instead of 0.025 s). So each
   * statement evaluates its checks (operands are numbers, the read hits the array part with
   * a number) into $ok without side effects and always commits, with the operation's
   * identity when a check failed (x + -0, x - 0, x * 1, x / 1 are x for every number x):
   *     $ok = <checks>; s = s + ($ok ? <e> : -0); if (!$ok) { $kN = 2 + j; break $lN; }
   * so every exit reads an accumulator as the result of an operation done in the iteration;
   * kernelLoopStat then runs the rest of the iteration, from statement j, in the generic code.
   * The accumulators are checked to be numbers before entering the fast loop (in it they
   * only ever receive numbers). A table is recognised by LuaTable.prototype.isLuaTable: not
   * instanceof, whose prototype walk is an inner loop (V8 peels innermost loops only), nor a
   * comparison with $T, a `const` of the chunk whose hole check is a throw before the commit.
   */
  private numericKernel(b: Block, loopVar: VarInfo, label: string): { accs: string[]; code: string } | undefined {
    if (b.stats.length === 0 || b.stats.length > 8) return undefined;
    if (b.locals.some((x) => x !== loopVar && x.hidden !== true)) return undefined;
    const k = `$k${label.slice(2)}`;
    const accs: string[] = [];
    let code = '';
    let guarded = false;
    for (let j = 0; j < b.stats.length; j++) {
      const st = b.stats[j];
      if (st.k !== 'assign' || st.targets.length !== 1 || st.exprs.length !== 1) return undefined;
      const t = st.targets[0];
      if ((t.k !== 'local' && t.k !== 'upval') || t.v === loopVar) return undefined;
      let e = st.exprs[0];
      while (e.k === 'paren') e = e.e;
      if (e.k !== 'bin' || (e.op !== '+' && e.op !== '-' && e.op !== '*' && e.op !== '/')) return undefined;
      const isAcc = (x: Expr) => (x.k === 'local' || x.k === 'upval') && x.v === t.v;
      let operand: Expr;
      if (isAcc(e.a)) operand = e.b;
      else if (isAcc(e.b) && (e.op === '+' || e.op === '*')) operand = e.a;
      else return undefined;
      const guards: string[] = [];
      const before = this.fn.temps;
      const ok = this.fn.alloc();
      const value = this.kernelExpr(operand, guards, t.v);
      this.fn.free(this.fn.temps - before);
      if (value === undefined) return undefined;
      const x = this.varRef(t.v);
      if (!accs.includes(x)) accs.push(x);
      if (guards.length === 0) {
        code += `${x} = ${x} ${e.op} ${value};\n`;
        continue;
      }
      guarded = true;
      const identity = e.op === '+' ? '-0' : e.op === '-' ? '0' : '1';
      code += `${ok} = ${guards.join(' && ')};\n${x} = ${x} ${e.op} (${ok} ? ${value} : ${identity});\n`
        + `if (!${ok}) { ${k} = ${2 + j}; break ${label}; }\n`;
    }
    return guarded ? { accs, code } : undefined;
  }

  /**
   * A JS number expression for e, valid once the checks pushed on `guards` (evaluated in
   * order, free of side effects, possibly loading temps) are true; undefined if e is not a
   * kernel expression. `acc` (the statement's accumulator) is known to be a number.
   */
  private kernelExpr(e: Expr, guards: string[], acc: VarInfo): string | undefined {
    switch (e.k) {
      case 'num': return this.expr(e);
      case 'paren': return this.kernelExpr(e.e, guards, acc);
      case 'local': case 'upval': {
        const ref = this.varRef(e.v);
        if (!isNum(e) && e.v !== acc) guards.push(`typeof ${ref} === 'number'`);
        return ref;
      }
      case 'un': {
        if (e.op !== '-') return undefined;
        const a = this.kernelExpr(e.a, guards, acc);
        return a === undefined ? undefined : `(-${a})`;
      }
      case 'bin': {
        if (e.op !== '+' && e.op !== '-' && e.op !== '*' && e.op !== '/' && e.op !== '%') return undefined;
        const a = this.kernelExpr(e.a, guards, acc);
        if (a === undefined) return undefined;
        const b = this.kernelExpr(e.b, guards, acc);
        if (b === undefined) return undefined;
        // % as the runtime's mod(); operands are locals, constants or temps (read twice).
        if (e.op === '%') {
          if (!isSimple(a) || !isSimple(b)) return undefined;
          return `(${a} - Math.floor(${a} / ${b}) * ${b})`;
        }
        return `(${a} ${e.op} ${b})`;
      }
      case 'index': {
        const o = e.obj.k === 'paren' ? e.obj.e : e.obj;
        if (o.k !== 'local' && o.k !== 'upval') return undefined;
        const key = this.kernelExpr(e.key, guards, acc);
        if (key === undefined) return undefined;
        const obj = this.varRef(o.v);
        const v = this.fn.alloc();
        // An array-part hit with a number is t[k] whatever the metatable (__index is for
        // absent keys only); a non-integer or out-of-range key reads undefined.
        guards.push(`${obj} !== undefined && ${obj}.isLuaTable === true && typeof (${v} = ${obj}.arr[${key} - 1]) === 'number'`);
        return v;
      }
      default: return undefined;
    }
  }

  /**
   * loopStat for a numeric kernel. The fast loop runs while the accumulators are numbers;
   * a failed check ($kN >= 2) runs the rest of that iteration, from the statement whose check
   * failed, in the generic code (as does an iteration entered with an accumulator that is
   * not a number), counts the iteration's tick and goes round again.
   */
  private kernelLoopStat(label: string, test: string, bind: string, kernel: { accs: string[]; code: string }, body: Block): string {
    const k = `$k${label.slice(2)}`;
    let generic = '';
    for (let j = 0; j < body.stats.length; j++) generic += `case ${2 + j}:\n${this.stat(body.stats[j])}`;
    const numbers = kernel.accs.map((x) => `typeof ${x} === 'number'`).join(' && ');
    return `let ${k};\nfor (;;) {\n${k} = 0;\n`
      + `if (${numbers}) {\n${label}: while (${test}) {\n${bind}${kernel.code}if (--$R.budget < 0) { ${k} = 1; break ${label}; }\n}\n}`
      + ` else if (${test}) ${k} = 2;\n`
      + `if (${k} === 0) break;\nif (${k} === 1) { $R.tick(); continue; }\n{\n${bind}switch (${k}) {\n${generic}}\n}\n`
      + `if (--$R.budget < 0) $R.tick();\n}\n`;
  }

  private forIn(s: Extract<Stat, { k: 'forin' }>, label: string): string {
    const f = this.fn.alloc();
    const st = this.fn.alloc();
    const c = this.fn.alloc();
    const it = this.fn.alloc();
    const r = this.fn.alloc();
    const vals = this.explistToTemps(s.exprs, 3);
    let out = vals.pre + `${f} = ${vals.refs[0]}; ${st} = ${vals.refs[1]}; ${c} = ${vals.refs[2]};\n`;
    this.fn.free(vals.ntemps);
    out += `${it} = $stepper(${f}, ${st}, ${c});\n`;
    const vars = s.vars;
    const call = this.fn.gen
      ? `((${r} = $gtw2(${f})) === null ? ${f}(${st}, ${c}) : (yield* ${r}(${st}, ${c})))`
      : `(typeof ${f} === 'function' ? ${f} : $callable(${f}))(${st}, ${c})`;
    // Values of the iteration: k = first, then the rest.
    const init = (x: VarInfo): string => {
      const j = vars.indexOf(x);
      if (j < 0) return 'undefined';
      return `$${j}v`;
    };
    let loop = `let $0v, $1v${vars.length > 2 ? ', ' + vars.slice(2).map((_, j) => `$${j + 2}v`).join(', ') : ''};\n`;
    loop += `if (${it} !== null) { if (!${it}.step()) break; $0v = ${it}.k; $1v = ${it}.v; }\n`;
    loop += `else { ${r} = ${call};\n`
      + `if (Array.isArray(${r})) { ${vars.map((_, j) => `$${j}v = ${r}[${j}]`).join('; ')}; } else { $0v = ${r}; }\n`
      + `if ($0v === undefined) break; ${c} = $0v; }\n`;
    for (let j = 0; j < vars.length; j++) {
      if (!vars[j].captured) loop += `let ${this.varName(vars[j])} = $${j}v;\n`;
    }
    if (s.hidden !== undefined) [f, st, '$0v'].forEach((t, j) => this.hiddenRefs.set(s.hidden![j], t));
    loop += this.block(s.body, init);
    this.fn.free(5);
    return out + this.loopStat(label, 'while (true)', loop);
  }

  // ---- expressions

  /** A JS boolean expression for the truth of e. */
  private cond(e: Expr): string {
    switch (e.k) {
      case 'true': return 'true';
      case 'false': case 'nil': return 'false';
      case 'num': case 'str': case 'func': return 'true';
      case 'table': return `(${this.expr(e)}, true)`;
      case 'paren': return this.cond(e.e);
      case 'un':
        if (e.op === 'not') return `!(${this.cond(e.a)})`;
        break;
      case 'bin':
        if (e.op === 'and') return `(${this.cond(e.a)} && ${this.cond(e.b)})`;
        if (e.op === 'or') return `(${this.cond(e.a)} || ${this.cond(e.b)})`;
        if (isBoolExpr(e)) return this.expr(e);
        break;
      default:
        break;
    }
    const code = this.expr(e);
    if (isSimple(code)) return `(${code} !== undefined && ${code} !== false)`;
    return `$truthy(${code})`;
  }

  /** A JS expression for the (first) value of e. */
  expr(e: Expr): string {
    switch (e.k) {
      case 'nil': return 'undefined';
      case 'true': return 'true';
      case 'false': return 'false';
      case 'num': return numLit(e.v === 0 ? this.zero(e.v) : e.v);
      case 'str': return strLit(e.v);
      case 'vararg': return '$va[0]';
      case 'argtable': return '$argt($va)';
      case 'func': return this.closure(e.f);
      case 'table': return this.withLine(e.line, () => this.tableCons(e.items));
      case 'local': case 'upval': return this.varRef(e.v);
      case 'global':
        return this.withLine(e.line, () => this.fieldGet(this.envExpr(this.fn.f), e.name, strLit(`global '${e.name}'`)));
      case 'index': {
        // Sub-expressions are compiled inside withLine so that the text after them is
        // attributed to this node's line.
        const d = descLit(describe(e.obj));
        return this.withLine(e.line, () => {
          const o = this.expr(e.obj);
          if (e.key.k === 'str') return this.fieldGet(o, e.key.v, d);
          const k = this.expr(e.key);
          if (isNum(e.key)) return this.arrayGet(o, k, d);
          return `$idx(${o}, ${k}, ${d})`;
        });
      }
      case 'call': case 'method': return `$first(${this.callExpr(e)})`;
      case 'paren': return this.expr(e.e);
      case 'un': return this.withLine(e.line, () => this.unary(e));
      case 'bin': return this.withLine(e.line, () => this.binary(e));
    }
  }

  /**
   * Read of a constant string key: inline hidden-class property load on the table's string
   * part (an inline cache per site), falling back to $idxs for everything else.
   */
  private fieldGet(o: string, key: string, d: string): string {
    const k = strLit(key);
    if (isIndexLike(key)) return `$idxs(${o}, ${k}, ${d})`;
    let pre = '';
    let obj = o;
    let n = 0;
    if (!IDENT.test(o)) {
      obj = this.fn.alloc();
      n++;
      pre = isTable(`(${obj} = ${o})`);
    } else {
      pre = isTable(obj);
    }
    const p = this.fn.alloc();
    const v = this.fn.alloc();
    n += 2;
    this.fn.free(n);
    return `(${pre} && (${p} = ${obj}.p) !== undefined && (${v} = ${p}[${k}]) !== undefined ? ${v} : $idxs(${obj}, ${k}, ${d}))`;
  }

  /**
   * The method `name` of `self` (an identifier or constant): the object's own field, else the
   * field of its metatable's __index table (the usual class layout), inline with per-site
   * caches; anything else through $idxs.
   */
  private methodGet(self: string, name: string, d: string): string {
    const k = strLit(name);
    if (isIndexLike(name) || !IDENT.test(self)) return `$idxs(${self}, ${k}, ${d})`;
    const p = this.fn.alloc();
    const v = this.fn.alloc();
    const m = this.fn.alloc();
    this.fn.free(3);
    const slow = `$idxs(${self}, ${k}, ${d})`;
    return `(${isTable(self)} && (${p} = ${self}.p) !== undefined ? ((${v} = ${p}[${k}]) !== undefined ? ${v} : `
      + `(${m} = ${self}.metatable) !== undefined && (${m} = ${m}.p) !== undefined && ${isTable(`(${m} = ${m}.__index)`)} `
      + `&& (${m} = ${m}.p) !== undefined && (${v} = ${m}[${k}]) !== undefined ? ${v} : ${slow}) : ${slow})`;
  }

  /** o[k] for a key known to be a number: inline array-part load. */
  private arrayGet(o: string, k: string, d: string): string {
    const temps = new Temps(this.fn);
    const obj = temps.hold(o, isIdent);
    const key = temps.hold(k, isSimple);
    const v = temps.take();
    temps.free();
    // Table, then key, are evaluated first (in Lua's order), then the load.
    return `(${[...temps.assigns, `${isTable(obj)} && (${v} = ${obj}.arr[${key} - 1]) !== undefined ? ${v} : $idx(${obj}, ${key}, ${d})`].join(', ')})`;
  }

  /** Statement: o[k] = value for a key known to be a number (array slot or append inline). */
  private arraySet(o: string, k: string, value: () => string, d: string): string {
    const temps = new Temps(this.fn);
    const obj = temps.hold(o, isIdent);
    const key = temps.hold(k, isSimple);
    const v = temps.hold(value(), rereadable);
    const a = temps.take();
    const j = temps.take();
    temps.free();
    return temps.statements() + `if (${isTable(obj)} && ${v} !== undefined && ${obj}.metatable === undefined && !${obj}.readonly && (${j} = ${key} - 1) >= 0 && `
      + `(${j} < (${a} = ${obj}.arr).length ? (${j} | 0) === ${j} : ${j} === ${a}.length && ${j} < ${obj}.reserveAt && (${obj}.h === undefined || ${obj}.h.size === 0))) ${a}[${j}] = ${v}; `
      + `else $setv(${obj}, ${key}, ${v}, ${d});\n`;
  }

  /** Statement: o[key] = value for a constant string key (o evaluated before value). */
  private fieldSet(o: string, key: string, value: () => string, d: string): string {
    const k = strLit(key);
    if (isIndexLike(key)) return `$sets(${o}, ${k}, ${value()}, ${d});\n`;
    const temps = new Temps(this.fn);
    const obj = temps.hold(o, isIdent);
    const v = temps.hold(value(), rereadable);
    const p = temps.take();
    temps.free();
    return temps.statements() + `if (${isTable(obj)} && (${p} = ${obj}.p) !== undefined && ${v} !== undefined && ${obj}.metatable === undefined && !${obj}.readonly) ${p}[${k}] = ${v}; else $sets(${obj}, ${k}, ${v}, ${d});\n`;
  }

  /** A JS expression for all values of a call or vararg (LuaResult convention). */
  private multi(e: Expr): string {
    if (e.k === 'vararg') return '$pack($va)';
    return this.callExpr(e);
  }

  private unary(e: Extract<Expr, { k: 'un' }>): string {
    const a = this.expr(e.a);
    const d = descLit(describe(e.a));
    switch (e.op) {
      case 'not': return isBoolExpr(e.a) ? `!(${a})` : isSimple(a) ? `(${a} === undefined || ${a} === false)` : `!$truthy(${a})`;
      case '-':
        if (isNum(e.a)) return `(-${a})`;
        if (isSimple(a)) return `(typeof ${a} === 'number' ? -${a} : $unm(${a}, ${d}))`;
        return `$unm(${a}, ${d})`;
      case '#': return `$len(${a}, ${d})`;
    }
  }

  private binary(e: Extract<Expr, { k: 'bin' }>): string {
    const op = e.op;
    if (op === 'and' || op === 'or') return this.logical(e);
    const a = this.expr(e.a);
    const b = this.expr(e.b);
    const da = describe(e.a);
    const db = describe(e.b);
    const sa = isSimple(a);
    const sb = isSimple(b);
    // Two literals left unfolded by the parser are a division by zero (0/0, 5%0): compute them
    // at run time, where the NaN gets the sign C gives it (V8 would fold 0/0 to +nan).
    const lits = e.a.k === 'num' && e.b.k === 'num';
    const numA = isNum(e.a) && !lits;
    const numB = isNum(e.b) && !lits;
    switch (op) {
      case '+': case '-': case '*': case '/': {
        if (numA && numB) return `(${a} ${op} ${b})`;
        if (sa && sb && !lits) {
          const checks = [numA ? '' : `typeof ${a} === 'number'`, numB || a === b ? '' : `typeof ${b} === 'number'`].filter(Boolean).join(' && ');
          return `(${checks} ? ${a} ${op} ${b} : ${ARITH_FN[op]}(${a}, ${b}, ${descLit(da)}, ${descLit(db)}))`;
        }
        return `${ARITH_FN[op]}(${a}, ${b}, ${descLit(da)}, ${descLit(db)})`;
      }
      case '%':
        if (numA && numB && sa && sb) return `(${a} - Math.floor(${a} / ${b}) * ${b})`;
        return `${ARITH_FN[op]}(${a}, ${b}, ${descLit(da)}, ${descLit(db)})`;
      case '^':
        if (numA && numB) return `$luaPow(${a}, ${b})`;
        return `${ARITH_FN[op]}(${a}, ${b}, ${descLit(da)}, ${descLit(db)})`;
      case '..':
        return `$concat(${a}, ${b}, ${descLit(da)}, ${descLit(db)})`;
      case '==': case '~=': {
        const neg = op === '~=';
        const constSide = (x: Expr) => x.k === 'num' || x.k === 'str' || x.k === 'nil' || x.k === 'true' || x.k === 'false';
        if (constSide(e.a) || constSide(e.b)) return `(${a} ${neg ? '!==' : '==='} ${b})`;
        return neg ? `!$eq(${a}, ${b})` : `$eq(${a}, ${b})`;
      }
      case '<': case '<=': case '>': case '>=': {
        const fn = op === '<' ? '$lt' : op === '<=' ? '$le' : op === '>' ? '$gt' : '$ge';
        if (numA && numB) return `(${a} ${op} ${b})`;
        if (sa && sb && (numA || numB)) {
          const check = numA ? `typeof ${b} === 'number'` : `typeof ${a} === 'number'`;
          return `(${check} ? ${a} ${op} ${b} : ${fn}(${a}, ${b}))`;
        }
        return `${fn}(${a}, ${b})`;
      }
    }
    throw new Error('unknown operator ' + op);
  }

  private logical(e: Extract<Expr, { k: 'bin' }>): string {
    const isAnd = e.op === 'and';
    if (isBoolExpr(e.a)) {
      const a = this.expr(e.a);
      const b = this.expr(e.b);
      return isAnd ? `(${a} && ${b})` : `(${a} || ${b})`;
    }
    const a = this.expr(e.a);
    if (isSimple(a)) {
      const b = this.expr(e.b);
      return isAnd
        ? `(${a} === undefined || ${a} === false ? ${a} : ${b})`
        : `(${a} !== undefined && ${a} !== false ? ${a} : ${b})`;
    }
    const t = this.fn.alloc();
    const b = this.expr(e.b);
    this.fn.free();
    return isAnd
      ? `((${t} = ${a}) === undefined || ${t} === false ? ${t} : ${b})`
      : `((${t} = ${a}) !== undefined && ${t} !== false ? ${t} : ${b})`;
  }

  private tableCons(items: Extract<Expr, { k: 'table' }>['items']): string {
    if (items.length === 0) return 'new $T()';
    const pos: string[] = [];
    const kv: string[] = [];
    // Every item's code in source order, and its kind: 'p' positional, 'k' key then value.
    const ordered: string[] = [];
    let layout = '';
    let sideEffects = false;
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if (it.k === 'pos') {
        const code = i === items.length - 1 && isMulti(it.v) ? '...' + this.spread(it.v) : this.expr(it.v);
        pos.push(code);
        ordered.push(code);
        if (!code.startsWith('...')) layout += 'p';
        if (!isSimple(code)) sideEffects = true;
      } else {
        const key = this.expr(it.key);
        const value = this.expr(it.v);
        kv.push(key, value);
        ordered.push(key, value);
        layout += 'k';
        if (!isSimple(key) || !isSimple(value)) sideEffects = true;
      }
    }
    if (kv.length === 0) return `$tnew([${pos.join(', ')}])`;
    // Lua evaluates the items in source order (record fields stored at once, positional ones
    // at the end): with calls among them, evaluate in that order and sort them out after.
    if (sideEffects && pos.length > 0) return `$tkvo([${ordered.join(', ')}], '${layout}')`;
    return `$tkv([${kv.join(', ')}], ${pos.length ? `[${pos.join(', ')}]` : 'undefined'})`;
  }

  /** A call (function or method); returns the LuaResult expression. */
  private callExpr(e: Expr): string {
    if (e.k === 'call') {
      const d = descLit(describe(e.fn));
      if (e.locals !== undefined) return this.withLocalsRecord(e);
      return this.withLine(e.line, () => {
        const tail = this.tailCall === e;
        const fcode = this.expr(e.fn);
        const cm = this.callMark({ ...callName(e.fn), tail });
        if (this.fn.gen) return this.genCall(fcode, () => this.args(e.args), d, cm);
        if (e.fn.k === 'global' && (e.fn.name === 'error' || e.fn.name === 'assert') && !isMulti(e.args[e.args.length - 1])) {
          return this.hintedCall(e, fcode, d, cm);
        }
        const args = this.args(e.args);
        if (isSimple(fcode)) return `(typeof ${fcode} === 'function' ? ${fcode} : $callable(${fcode}, ${d}))${cm}(${args})`;
        const t = this.fn.alloc();
        this.fn.free();
        // The temp is only live until the callee is determined (args are evaluated after).
        return `(typeof (${t} = ${fcode}) === 'function' ? ${t} : $callable(${t}, ${d}))${cm}(${args})`;
      });
    }
    if (e.k === 'method') {
      if (e.locals !== undefined) return this.withLocalsRecord(e);
      const dobj = descLit(describe(e.obj));
      const dm = strLit(`method '${e.name}'`);
      return this.withLine(e.line, () => {
        const o = this.expr(e.obj);
        let self: string;
        let pre = '';
        let nt = 0;
        if (isSimple(o)) {
          self = o;
        } else {
          self = this.fn.alloc();
          nt++;
          pre = `${self} = ${o}, `;
        }
        const ft = this.fn.alloc();
        nt++;
        // The lookup's temps are dead once the callee is known, so the arguments may reuse them.
        const get = this.methodGet(self, e.name, dobj);
        const cm = this.callMark({ name: e.name, what: 'method', tail: this.tailCall === e });
        const withSelf = () => {
          const args = this.args(e.args);
          return args.length ? `${self}, ${args}` : self;
        };
        if (this.fn.gen) {
          const code = `(${pre}${this.genCall(get, withSelf, dm, cm)})`;
          this.fn.free(nt);
          return code;
        }
        const allArgs = withSelf();
        this.fn.free(nt);
        return `(${pre}typeof (${ft} = ${get}) === 'function' ? ${ft} : $callable(${ft}, ${dm}))${cm}(${allArgs})`;
      });
    }
    throw new Error('not a call');
  }

  /**
   * A call of the global error or assert (fast form, fixed arguments): the callee and the
   * arguments are evaluated first, then the position is left in $R.hint* for the callee (see
   * takeWhereHint) right before the call, so raising the error needs no JS stack walk.
   */
  private hintedCall(e: Extract<Expr, { k: 'call' }>, fcode: string, d: string, cm: string): string {
    const t = this.fn.alloc();
    const temps = e.args.map(() => this.fn.alloc());
    const evals = e.args.map((a, j) => `${temps[j]} = ${this.expr(a)}, `).join('');
    this.fn.free(temps.length + 1);
    return `(${t} = ${fcode}, ${evals}$R.hintFn = ${t}, $R.hintChunk = $C, $R.hintLine = ${e.line}, `
      + `(typeof ${t} === 'function' ? ${t} : $callable(${t}, ${d}))${cm}(${temps.join(', ')}))`;
  }

  /**
   * A call in the generator form: host functions are called directly, Lua functions (and host
   * functions with a twin, like pcall) through yield*. The callee, then the arguments are
   * evaluated once (the arguments into an array, so they are not written twice).
   */
  private genCall(fcode: string, argsOf: () => string, d: string, cm: string): string {
    // The temps are taken before the arguments are compiled: they live across them.
    const f = this.fn.alloc();
    const g = this.fn.alloc();
    const a = this.fn.alloc();
    const args = argsOf();
    this.fn.free(3);
    // V8 reports a call whose callee is a plain identifier at the identifier: the mark goes there.
    // In a chunk that tracks closures, the callee's record goes just above this function's.
    const mark = this.tracksClosures ? '$R.gcl.length = $gd + 1, ' : '';
    if (args.length === 0) return `(${f} = ${fcode}, ${mark}(${g} = $gtw2(${f}, ${d})) === null ? ${cm}${f}() : (yield* ${g}()))`;
    return `(${f} = ${fcode}, ${a} = [${args}], ${mark}(${g} = $gtw2(${f}, ${d})) === null ? ${cm}${f}(...${a}) : (yield* ${g}(...${a})))`;
  }

  /** A call-site marker (placed just before the argument list, where V8 reports the call). */
  private callMark(info: CallSiteInfo): string {
    this.calls.push(info);
    return `\x03${this.calls.length - 1}\x04`;
  }

  private args(list: Expr[]): string {
    if (list.length === 0) return '';
    const last = list[list.length - 1];
    const parts = list.slice(0, -1).map((a) => this.expr(a));
    if (isMulti(last)) parts.push('...' + this.spread(last));
    else parts.push(this.expr(last));
    return parts.join(', ');
  }
}

// ---------------------------------------------------------------------------------------------

let lineOffset: number | undefined;

/** Line of the first body line of a `new Function` in stack traces (V8 adds a header). */
function bodyLineOffset(): number {
  if (lineOffset !== undefined) return lineOffset;
  const f = new Function('return new Error().stack;\n//# sourceURL=lua-probe');
  const stack = String(f());
  const m = /lua-probe:(\d+):/.exec(stack);
  lineOffset = m ? Number(m[1]) - 1 : 2;
  return lineOffset;
}

export interface CompiledChunk {
  code: string;
  info: ChunkInfo;
}

/** Parses and compiles a chunk to JS source (exposed for tests and debugging). */
export function compileToJs(source: string, chunkName: string, reader?: () => string | undefined): CompiledChunk {
  const chunk = parse(source, chunkName, reader);
  const compiler = new Compiler();
  const { code, protos } = compiler.compile(chunk);
  const url = newChunkUrl();
  // Turn line markers into line breaks and build the JS line -> Lua line map; record the
  // position (line:column) of each call-site marker.
  const offset = bodyLineOffset();
  const lines: number[] = [];
  const callAt = new Map<number, CallSiteInfo>();
  const out: string[] = [];
  let cur = 0;
  let jsLine = offset + 1;
  let col = 1; // column (1-based) of the next character on the current line
  const parts = code.split(/\x01(\d+)\x02|\x03(\d+)\x04/);
  // split with two groups yields: text, g1, g2, text, g1, g2, ...
  for (let i = 0; i < parts.length; i += 3) {
    const text = parts[i];
    if (text !== undefined && text.length > 0) {
      const nl = text.lastIndexOf('\n');
      if (nl < 0) {
        col += text.length;
      } else {
        for (let j = text.indexOf('\n'); j >= 0; j = text.indexOf('\n', j + 1)) {
          jsLine++;
          lines[jsLine] = cur;
        }
        col = text.length - nl;
      }
      out.push(text);
    }
    const lineMark = parts[i + 1];
    const callMark = parts[i + 2];
    if (lineMark !== undefined) {
      const l = Number(lineMark);
      if (l !== cur) {
        cur = l;
        out.push('\n');
        jsLine++;
        lines[jsLine] = cur;
        col = 1;
      }
    } else if (callMark !== undefined) {
      callAt.set(jsLine * 100000 + col, compiler.calls[Number(callMark)]);
    }
  }
  const lineMap = new Int32Array(jsLine + 2);
  let last = 0;
  for (let j = 0; j < lineMap.length; j++) {
    if (lines[j] !== undefined) last = lines[j];
    lineMap[j] = last;
  }
  const info: ChunkInfo = {
    url, chunkName, shortSrc: chunkId(chunkName), lineMap, protos, calls: callAt,
  };
  for (const p of protos) p.chunk = info;
  return { code: out.join('') + `\n//# sourceURL=${url}`, info };
}

/** Compiles a chunk; the result makes the main function for a given environment. */
export function compileChunk(source: string, chunkName: string, reader?: () => string | undefined): (env: LuaTable) => LuaFunction {
  const { code, info } = compileToJs(source, chunkName, reader);
  registerChunk(info);
  const factory = new Function('H', 'C', code) as (h: typeof HELPERS, c: ChunkInfo) => (env: LuaTable) => LuaFunction;
  return factory(HELPERS, info);
}
