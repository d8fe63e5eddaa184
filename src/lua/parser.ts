// The Lua 5.1 parser (lparser.c): recursive descent with the same error messages, producing
// an AST whose names are already resolved to locals, upvalues or globals.

import { Lexer, T, token2str } from './lexer';
import { luaPow } from './runtime';
import type { Block, BinOp, Chunk, Expr, FuncBody, Stat, TableItem, UnOp, VarInfo } from './ast';

const LUAI_MAXVARS = 200;
const LUAI_MAXUPVALUES = 60;
const LUAI_MAXCCALLS = 200;

interface BlockState {
  block: Block;
  breakable: boolean;
  nactive: number;
}

interface FuncState {
  f: FuncBody;
  parent: FuncState | undefined;
  actives: VarInfo[];
  blocks: BlockState[];
  upvals: Map<VarInfo, number>;
}

// Binary operator priorities (left, right), as lparser.c.
const PRIORITY: Record<string, [number, number]> = {
  '+': [6, 6], '-': [6, 6], '*': [7, 7], '/': [7, 7], '%': [7, 7],
  '^': [10, 9], '..': [5, 4],
  '==': [3, 3], '~=': [3, 3], '<': [3, 3], '<=': [3, 3], '>': [3, 3], '>=': [3, 3],
  'and': [2, 2], 'or': [1, 1],
};
const UNARY_PRIORITY = 8;

function binop(tok: number): BinOp | undefined {
  switch (tok) {
    case 43: return '+';
    case 45: return '-';
    case 42: return '*';
    case 47: return '/';
    case 37: return '%';
    case 94: return '^';
    case T.Concat: return '..';
    case T.Ne: return '~=';
    case T.Eq: return '==';
    case 60: return '<';
    case T.Le: return '<=';
    case 62: return '>';
    case T.Ge: return '>=';
    case T.And: return 'and';
    case T.Or: return 'or';
    default: return undefined;
  }
}

function unop(tok: number): UnOp | undefined {
  switch (tok) {
    case T.Not: return 'not';
    case 45: return '-';
    case 35: return '#';
    default: return undefined;
  }
}

function blockFollow(tok: number): boolean {
  return tok === T.Else || tok === T.Elseif || tok === T.End || tok === T.Until || tok === T.Eos;
}

export class Parser {
  private ls: Lexer;
  private fs!: FuncState;
  private nextVarId = 0;
  private nextBlockId = 0;
  private nextFuncId = 0;
  private funcs: FuncBody[] = [];
  private level = 0;

  /** Every call records its function's active locals (see Chunk.tracksLocals). */
  private tracksLocals: boolean;

  constructor(source: string, chunkName: string, reader?: () => string | undefined) {
    this.ls = new Lexer(source, chunkName, reader);
    this.tracksLocals = source.includes('getlocal');
    this.tracksClosures = source.includes('fenv');
  }

  /** See Chunk.tracksClosures. */
  private readonly tracksClosures: boolean;

  parseChunk(): Chunk {
    const ls = this.ls;
    const main = this.openFunction(0);
    main.isVararg = true;
    ls.advance();
    this.chunkBody();
    this.check(T.Eos);
    main.lastLine = ls.line;
    this.closeFunction();
    return { main, funcs: this.funcs, tracksLocals: this.tracksLocals, tracksClosures: this.tracksClosures };
  }

  // ---- helpers

  /** The current token (a method so that TypeScript does not narrow it). */
  private tok(): number {
    return this.ls.token;
  }

  private error(msg: string): never {
    return this.ls.syntaxError(msg);
  }

  private errorExpected(token: number): never {
    return this.error(`'${token2str(token)}' expected`);
  }

  private testNext(c: number): boolean {
    if (this.ls.token === c) {
      this.ls.advance();
      return true;
    }
    return false;
  }

  private check(c: number): void {
    if (this.ls.token !== c) this.errorExpected(c);
  }

  private checkNext(c: number): void {
    this.check(c);
    this.ls.advance();
  }

  private checkMatch(what: number, who: number, where: number): void {
    if (!this.testNext(what)) {
      if (where === this.ls.line) this.errorExpected(what);
      else this.error(`'${token2str(what)}' expected (to close '${token2str(who)}' at line ${where})`);
    }
  }

  private checkName(): string {
    this.check(T.Name);
    const s = this.ls.value as string;
    this.ls.advance();
    return s;
  }

  private enterLevel(): void {
    if (++this.level > LUAI_MAXCCALLS) this.ls.error('chunk has too many syntax levels', 0);
  }

  private leaveLevel(): void {
    this.level--;
  }

  private errorLimit(limit: number, what: string): never {
    const f = this.fs.f;
    const msg = f.line === 0
      ? `main function has more than ${limit} ${what}`
      : `function at line ${f.line} has more than ${limit} ${what}`;
    return this.ls.error(msg, 0);
  }

  // ---- functions, blocks, variables

  private openFunction(line: number): FuncBody {
    const f: FuncBody = {
      params: [], isVararg: false,
      body: { stats: [], locals: [], id: this.nextBlockId++, loop: false },
      line, lastLine: line, id: this.nextFuncId++,
      parent: this.fs?.f, name: undefined, usesGlobals: false,
      outerBlocks: new Set(), upvalueNames: [], upvalues: [], children: [],
    };
    if (this.fs !== undefined) this.fs.f.children.push(f);
    this.funcs.push(f);
    this.fs = { f, parent: this.fs, actives: [], blocks: [], upvals: new Map() };
    this.fs.blocks.push({ block: f.body, breakable: false, nactive: 0 });
    return f;
  }

  private closeFunction(): void {
    this.fs = this.fs.parent!;
  }

  private enterBlock(breakable: boolean, loop = false): Block {
    const block: Block = { stats: [], locals: [], id: this.nextBlockId++, loop };
    this.fs.blocks.push({ block, breakable, nactive: this.fs.actives.length });
    return block;
  }

  private leaveBlock(): void {
    const bs = this.fs.blocks.pop()!;
    this.fs.actives.length = bs.nactive;
  }

  private currentBlock(): Block {
    return this.fs.blocks[this.fs.blocks.length - 1].block;
  }

  private newLocal(name: string, n: number): VarInfo {
    const fs = this.fs;
    if (fs.actives.length + n + 1 > LUAI_MAXVARS) this.errorLimit(LUAI_MAXVARS, 'local variables');
    const block = this.currentBlock();
    const v: VarInfo = { name, id: this.nextVarId++, captured: false, assigned: false, fn: fs.f, block };
    block.locals.push(v);
    return v;
  }

  /**
   * A for loop's control values as active locals, as C Lua declares them, when the chunk
   * tracks locals (they only show in debug.getlocal; no Lua name can refer to them).
   */
  private hiddenLocals(names: string[]): VarInfo[] | undefined {
    if (!this.tracksLocals) return undefined;
    const fs = this.fs;
    const block = this.currentBlock();
    const vars = names.map((name): VarInfo => ({ name, id: this.nextVarId++, captured: false, assigned: false, hidden: true, fn: fs.f, block }));
    for (const v of vars) fs.actives.push(v);
    return vars;
  }

  private activate(vars: VarInfo[]): void {
    for (const v of vars) this.fs.actives.push(v);
  }

  /** singlevar: resolves a name to a local, an upvalue or a global. */
  private singleVar(name: string, line: number): Expr {
    const fs = this.fs;
    for (let i = fs.actives.length - 1; i >= 0; i--) {
      if (fs.actives[i].name === name) return { k: 'local', v: fs.actives[i], line };
    }
    for (let p = fs.parent; p !== undefined; p = p.parent) {
      for (let i = p.actives.length - 1; i >= 0; i--) {
        const v = p.actives[i];
        if (v.name === name) {
          v.captured = true;
          // Every function from here out to the declaring one uses v as an upvalue.
          for (let q: FuncState | undefined = fs; q !== p; q = q!.parent) {
            q!.f.outerBlocks.add(v.block);
            if (!q!.upvals.has(v)) {
              if (q!.upvals.size + 1 > LUAI_MAXUPVALUES) {
                const saved = this.fs;
                this.fs = q!;
                try { this.errorLimit(LUAI_MAXUPVALUES, 'upvalues'); } finally { this.fs = saved; }
              }
              q!.upvals.set(v, q!.upvals.size);
              q!.f.upvalueNames.push(v.name);
              q!.f.upvalues.push(v);
            }
          }
          return { k: 'upval', v, line };
        }
      }
    }
    fs.f.usesGlobals = true;
    return { k: 'global', name, line };
  }

  // ---- statements

  /** chunk: statements until a block follow; 'return' and 'break' must be last. */
  private chunkBody(): void {
    this.enterLevel();
    const stats = this.currentBlock().stats;
    let isLast = false;
    while (!isLast && !blockFollow(this.ls.token)) {
      isLast = this.statement(stats);
      this.testNext(59); // ;
    }
    this.leaveLevel();
  }

  private block(breakable: boolean, loop: boolean): Block {
    const b = this.enterBlock(breakable, loop);
    this.chunkBody();
    this.leaveBlock();
    return b;
  }

  private statement(out: Stat[]): boolean {
    const ls = this.ls;
    const line = ls.line;
    switch (ls.token) {
      case T.If: out.push(this.ifStat(line)); return false;
      case T.While: {
        ls.advance();
        const cond = this.expr();
        this.checkNext(T.Do);
        const body = this.block(true, true);
        this.checkMatch(T.End, T.While, line);
        out.push({ k: 'while', cond, body, line });
        return false;
      }
      case T.Do: {
        ls.advance();
        const body = this.block(false, false);
        this.checkMatch(T.End, T.Do, line);
        out.push({ k: 'do', body, line });
        return false;
      }
      case T.For: out.push(this.forStat(line)); return false;
      case T.Repeat: {
        ls.advance();
        const body = this.enterBlock(true, true);
        this.chunkBody();
        this.checkMatch(T.Until, T.Repeat, line);
        const cond = this.expr();
        this.leaveBlock();
        out.push({ k: 'repeat', body, cond, line });
        return false;
      }
      case T.Function: out.push(this.funcStat(line)); return false;
      case T.Local:
        ls.advance();
        if (this.testNext(T.Function)) out.push(this.localFunc(line));
        else out.push(this.localStat(line));
        return false;
      case T.Return: {
        ls.advance();
        let exprs: Expr[] = [];
        if (!blockFollow(ls.token) && this.tok() !== 59) exprs = this.exprList();
        out.push({ k: 'return', exprs, line });
        return true;
      }
      case T.Break: {
        ls.advance();
        let found = false;
        for (let i = this.fs.blocks.length - 1; i >= 0; i--) if (this.fs.blocks[i].breakable) { found = true; break; }
        if (!found) this.error('no loop to break');
        out.push({ k: 'break', line });
        return true;
      }
      default:
        out.push(this.exprStat(line));
        return false;
    }
  }

  private ifStat(line: number): Stat {
    const conds: Expr[] = [];
    const blocks: Block[] = [];
    // IF cond THEN block {ELSEIF cond THEN block} [ELSE block] END
    this.ls.advance();
    conds.push(this.expr());
    this.checkNext(T.Then);
    blocks.push(this.block(false, false));
    while (this.ls.token === T.Elseif) {
      this.ls.advance();
      conds.push(this.expr());
      this.checkNext(T.Then);
      blocks.push(this.block(false, false));
    }
    let orelse: Block | undefined;
    if (this.ls.token === T.Else) {
      this.ls.advance();
      orelse = this.block(false, false);
    }
    this.checkMatch(T.End, T.If, line);
    return { k: 'if', conds, blocks, orelse, line };
  }

  private forStat(line: number): Stat {
    this.ls.advance();
    const name1 = this.checkName();
    switch (this.ls.token) {
      case 61: { // =
        this.ls.advance();
        const start = this.expr();
        this.checkNext(44);
        const limit = this.expr();
        let step: Expr | undefined;
        if (this.testNext(44)) step = this.expr();
        this.checkNext(T.Do);
        const prepLine = this.ls.lastLine; // OP_FORPREP's line: the 'do'
        const body = this.enterBlock(true, true);
        const hidden = this.hiddenLocals(['(for index)', '(for limit)', '(for step)']);
        const v = this.newLocal(name1, 0);
        this.activate([v]);
        this.chunkBody();
        this.leaveBlock();
        this.checkMatch(T.End, T.For, line);
        return { k: 'fornum', v, start, limit, step, body, line, prepLine, hidden };
      }
      case 44: case T.In: {
        const names = [name1];
        while (this.testNext(44)) names.push(this.checkName());
        this.checkNext(T.In);
        const exprs = this.exprList();
        this.checkNext(T.Do);
        const body = this.enterBlock(true, true);
        const hidden = this.hiddenLocals(['(for generator)', '(for state)', '(for control)']);
        const vars = names.map((n, i) => this.newLocal(n, i));
        this.activate(vars);
        this.chunkBody();
        this.leaveBlock();
        this.checkMatch(T.End, T.For, line);
        return { k: 'forin', vars, exprs, body, line, hidden };
      }
      default:
        return this.error("'=' or 'in' expected");
    }
  }

  private funcStat(line: number): Stat {
    // FUNCTION funcname body
    this.ls.advance();
    const nameLine = this.ls.line;
    let n = this.checkName();
    let target: Expr = this.singleVar(n, nameLine);
    let fullName = n;
    let isMethod = false;
    while (this.ls.token === 46) { // .
      this.ls.advance();
      const key = this.checkName();
      target = { k: 'index', obj: target, key: { k: 'str', v: key }, line: this.ls.lastLine };
      fullName += '.' + key;
      n = key;
    }
    if (this.ls.token === 58) { // :
      this.ls.advance();
      const key = this.checkName();
      target = { k: 'index', obj: target, key: { k: 'str', v: key }, line: this.ls.lastLine };
      fullName += ':' + key;
      isMethod = true;
    }
    const f = this.body(isMethod, line);
    f.name = fullName;
    if (target.k === 'local' || target.k === 'upval') target.v.assigned = true;
    return { k: 'assign', targets: [target], exprs: [{ k: 'func', f }], line: f.lastLine };
  }

  private localFunc(line: number): Stat {
    const name = this.checkName();
    const v = this.newLocal(name, 0);
    this.activate([v]);
    const f = this.body(false, this.ls.line);
    f.name = name;
    void line;
    return { k: 'localfunc', v, f, line: f.lastLine };
  }

  private localStat(line: number): Stat {
    const vars: VarInfo[] = [];
    let n = 0;
    do {
      vars.push(this.newLocal(this.checkName(), n++));
    } while (this.testNext(44));
    let exprs: Expr[] = [];
    if (this.testNext(61)) exprs = this.exprList();
    this.activate(vars);
    return { k: 'local', vars, exprs, line };
  }

  private exprStat(line: number): Stat {
    // exprstat -> func | assignment (a call is a statement; anything else must be assigned to)
    const e = this.primaryExp();
    if (e.k === 'call' || e.k === 'method') return { k: 'call', call: e, line };
    const targets: Expr[] = [e];
    this.checkAssignable(e);
    while (this.testNext(44)) {
      const t = this.primaryExp();
      this.checkAssignable(t);
      targets.push(t);
    }
    this.checkNext(61);
    const exprs = this.exprList();
    for (const t of targets) if (t.k === 'local' || t.k === 'upval') t.v.assigned = true;
    return { k: 'assign', targets, exprs, line };
  }

  private checkAssignable(e: Expr): void {
    if (e.k !== 'local' && e.k !== 'upval' && e.k !== 'global' && e.k !== 'index') this.error('syntax error');
  }

  // ---- functions

  private body(isMethod: boolean, line: number): FuncBody {
    // body -> `(' parlist `)' chunk END
    const f = this.openFunction(line);
    const params: VarInfo[] = [];
    if (isMethod) params.push(this.newLocal('self', 0));
    this.checkNext(40); // (
    if (this.ls.token !== 41) {
      do {
        switch (this.ls.token) {
          case T.Name:
            params.push(this.newLocal(this.checkName(), params.length));
            break;
          case T.Dots:
            this.ls.advance();
            f.isVararg = true;
            f.needsArg = true;
            break;
          default:
            this.error("<name> or '...' expected");
        }
      } while (!f.isVararg && this.testNext(44));
    }
    f.params = params;
    this.activate(params);
    // LUA_COMPAT_VARARG: a `...` function has a local `arg` after its parameters.
    const arg = f.isVararg ? this.newLocal('arg', params.length) : undefined;
    if (arg !== undefined) this.activate([arg]);
    this.checkNext(41); // )
    this.chunkBody();
    if (arg !== undefined) {
      f.body.stats.unshift({ k: 'local', vars: [arg], exprs: f.needsArg ? [{ k: 'argtable' }] : [], line: f.line });
    }
    f.lastLine = this.ls.line;
    this.checkMatch(T.End, T.Function, line);
    this.closeFunction();
    return f;
  }

  // ---- expressions

  private exprList(): Expr[] {
    const list = [this.expr()];
    while (this.testNext(44)) list.push(this.expr());
    return list;
  }

  private expr(): Expr {
    return this.subExpr(0).e;
  }

  private subExpr(limit: number): { e: Expr; op: BinOp | undefined } {
    this.enterLevel();
    let e: Expr;
    const uop = unop(this.ls.token);
    if (uop !== undefined) {
      this.ls.advance();
      const a = this.subExpr(UNARY_PRIORITY).e;
      e = this.foldUnary(uop, a);
    } else {
      e = this.simpleExp();
    }
    let op = binop(this.ls.token);
    while (op !== undefined && PRIORITY[op][0] > limit) {
      this.ls.advance();
      const r = this.subExpr(PRIORITY[op][1]);
      e = this.foldBinary(op, e, r.e, this.ls.lastLine);
      op = r.op;
    }
    this.leaveLevel();
    return { e, op };
  }

  private foldUnary(op: UnOp, a: Expr): Expr {
    if (op === '-' && a.k === 'num') return { k: 'num', v: -a.v };
    return { k: 'un', op, a, line: this.ls.lastLine };
  }

  private foldBinary(op: BinOp, a: Expr, b: Expr, line: number): Expr {
    // Constant folding of numeric arithmetic, as lcode.c constfolding (no division by zero,
    // no NaN results).
    if (a.k === 'num' && b.k === 'num') {
      let r: number | undefined;
      const x = a.v, y = b.v;
      switch (op) {
        case '+': r = x + y; break;
        case '-': r = x - y; break;
        case '*': r = x * y; break;
        case '/': r = y === 0 ? undefined : x / y; break;
        case '%': r = y === 0 ? undefined : x - Math.floor(x / y) * y; break;
        case '^': r = luaPow(x, y); break;
        default: r = undefined;
      }
      if (r !== undefined && r === r) return { k: 'num', v: r };
    }
    return { k: 'bin', op, a, b, line };
  }

  private simpleExp(): Expr {
    const ls = this.ls;
    switch (ls.token) {
      case T.Number: {
        const v = ls.value as number;
        ls.advance();
        return { k: 'num', v };
      }
      case T.String: {
        const v = ls.value as string;
        ls.advance();
        return { k: 'str', v };
      }
      case T.Nil: ls.advance(); return { k: 'nil' };
      case T.True: ls.advance(); return { k: 'true' };
      case T.False: ls.advance(); return { k: 'false' };
      case T.Dots: {
        if (!this.fs.f.isVararg) this.error("cannot use '...' outside a vararg function");
        this.fs.f.needsArg = false; // the body uses `...`: no `arg` table
        const line = ls.line;
        ls.advance();
        return { k: 'vararg', line };
      }
      case 123: return this.constructor_();
      case T.Function: {
        const line = ls.line;
        ls.advance();
        const f = this.body(false, line);
        return { k: 'func', f };
      }
      default:
        return this.primaryExp();
    }
  }

  private prefixExp(): Expr {
    const ls = this.ls;
    switch (ls.token) {
      case 40: { // (
        const line = ls.line;
        ls.advance();
        const e = this.expr();
        this.checkMatch(41, 40, line);
        return { k: 'paren', e };
      }
      case T.Name: {
        const line = ls.line;
        const name = this.checkName();
        return this.singleVar(name, line);
      }
      default:
        return this.error('unexpected symbol');
    }
  }

  private primaryExp(): Expr {
    const ls = this.ls;
    let e = this.prefixExp();
    for (;;) {
      switch (ls.token) {
        case 46: { // .
          ls.advance();
          const key = this.checkName();
          e = { k: 'index', obj: e, key: { k: 'str', v: key }, line: ls.lastLine };
          break;
        }
        case 91: { // [
          ls.advance();
          const key = this.expr();
          this.checkNext(93);
          e = { k: 'index', obj: e, key, line: ls.lastLine };
          break;
        }
        case 58: { // :
          ls.advance();
          const name = this.checkName();
          const line = ls.line;
          const args = this.funcArgs();
          e = { k: 'method', obj: e, name, args, line };
          if (this.tracksLocals) e.locals = [...this.fs.actives];
          break;
        }
        case 40: case T.String: case 123: {
          const line = ls.line;
          const args = this.funcArgs();
          const call: Expr = { k: 'call', fn: e, args, line };
          // debug.getlocal can only see a function's locals at the call it is making if the
          // call site lists them: every call does in a chunk that mentions getlocal.
          if (this.tracksLocals || (e.k === 'index' && e.obj.k === 'global' && e.obj.name === 'debug' && e.key.k === 'str' && e.key.v === 'getlocal')) {
            call.locals = [...this.fs.actives];
            this.tracksLocals = true;
          }
          e = call;
          break;
        }
        default:
          return e;
      }
    }
  }

  private funcArgs(): Expr[] {
    const ls = this.ls;
    const line = ls.line;
    switch (ls.token) {
      case 40: { // (
        if (line !== ls.lastLine) this.error('ambiguous syntax (function call x new statement)');
        ls.advance();
        let args: Expr[] = [];
        if (this.tok() !== 41) args = this.exprList();
        this.checkMatch(41, 40, line);
        // C Lua emits a pending index in the last argument after the ')' (luaK_exp2nextreg
        // after check_match), so its errors carry that line.
        const last = args[args.length - 1];
        if (last !== undefined && last.k === 'index') last.line = ls.lastLine;
        return args;
      }
      case 123: return [this.constructor_()];
      case T.String: {
        const v = ls.value as string;
        ls.advance();
        return [{ k: 'str', v }];
      }
      default:
        return this.error('function arguments expected');
    }
  }

  private constructor_(): Expr {
    const ls = this.ls;
    const line = ls.line;
    const items: TableItem[] = [];
    this.checkNext(123);
    do {
      if (ls.token === 125) break;
      switch (ls.token) {
        case T.Name: {
          if (ls.lookahead() !== 61) items.push({ k: 'pos', v: this.expr() });
          else items.push(this.recField());
          break;
        }
        case 91:
          items.push(this.recField());
          break;
        default:
          items.push({ k: 'pos', v: this.expr() });
      }
    } while (this.testNext(44) || this.testNext(59));
    this.checkMatch(125, 123, line);
    return { k: 'table', items, line };
  }

  private recField(): TableItem {
    let key: Expr;
    if (this.ls.token === T.Name) {
      key = { k: 'str', v: this.checkName() };
    } else {
      this.ls.advance(); // [
      key = this.expr();
      this.checkNext(93);
    }
    this.checkNext(61);
    return { k: 'keyed', key, v: this.expr() };
  }
}

export function parse(source: string, chunkName: string, reader?: () => string | undefined): Chunk {
  return new Parser(source, chunkName, reader).parseChunk();
}
