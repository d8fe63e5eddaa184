// The Lua 5.1 AST. Names are resolved by the parser (as lparser.c does): a name expression
// refers to a local variable (VarInfo, possibly of an enclosing function: an upvalue) or is a
// global.

export interface VarInfo {
  name: string;
  /** Unique within the chunk; used to build the JS identifier. */
  id: number;
  /** Referenced from a nested function: lives in a scope object shared with closures. */
  captured: boolean;
  /** Assigned after its declaration (a local function or a reassigned local). */
  assigned: boolean;
  /** Always holds a number (set by the compiler: for-loop counters, numeric constants). */
  numeric?: boolean;
  /**
   * One of the control values of a for loop, "(for index)" and the like, which C Lua keeps
   * as locals and debug.getlocal lists: only present in Chunk.tracksLocals chunks.
   */
  hidden?: true;
  /** The function that declares it. */
  fn: FuncBody;
  /** The block that declares it. */
  block: Block;
}

export interface Block {
  stats: Stat[];
  /** Locals declared directly in this block, in order. */
  locals: VarInfo[];
  /** Unique id (names the scope object of captured locals). */
  id: number;
  /** Is this the body of a loop (a fresh scope per iteration)? */
  loop: boolean;
}

export interface FuncBody {
  params: VarInfo[];
  isVararg: boolean;
  /**
   * A `...` function whose body never uses `...` (LUA_COMPAT_VARARG, on in Lua 5.1 and Redis):
   * its local `arg` holds the varargs as a table with n; otherwise `arg` is a nil local.
   */
  needsArg?: boolean;
  body: Block;
  line: number;
  lastLine: number;
  /** Unique within the chunk. */
  id: number;
  parent: FuncBody | undefined;
  /** Name hint for tracebacks ("f", "t.f", "t:m"), if any. */
  name: string | undefined;
  /** Uses globals (directly). */
  usesGlobals: boolean;
  /** Blocks of enclosing functions whose captured locals this function (or a nested one) uses. */
  outerBlocks: Set<Block>;
  /** Upvalue names in order of first use (debug.getupvalue). */
  upvalueNames: string[];
  /** The upvalues themselves, same order. */
  upvalues: VarInfo[];
  /** Nested function literals. */
  children: FuncBody[];
}

export type BinOp =
  | '+' | '-' | '*' | '/' | '%' | '^' | '..'
  | '==' | '~=' | '<' | '<=' | '>' | '>='
  | 'and' | 'or';

export type UnOp = 'not' | '-' | '#';

export type Expr =
  | { k: 'nil' }
  | { k: 'true' }
  | { k: 'false' }
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'vararg'; line: number }
  /** LUA_COMPAT_VARARG's `arg`: a table of the varargs with n (only as arg's initializer). */
  | { k: 'argtable' }
  | { k: 'func'; f: FuncBody }
  | { k: 'table'; items: TableItem[]; line: number }
  | { k: 'bin'; op: BinOp; a: Expr; b: Expr; line: number }
  | { k: 'un'; op: UnOp; a: Expr; line: number }
  | { k: 'local'; v: VarInfo; line: number }
  | { k: 'upval'; v: VarInfo; line: number }
  | { k: 'global'; name: string; line: number }
  | { k: 'index'; obj: Expr; key: Expr; line: number }
  | { k: 'call'; fn: Expr; args: Expr[]; line: number; locals?: VarInfo[] }
  | { k: 'method'; obj: Expr; name: string; args: Expr[]; line: number; locals?: VarInfo[] }
  | { k: 'paren'; e: Expr };

export type TableItem =
  | { k: 'pos'; v: Expr }
  | { k: 'keyed'; key: Expr; v: Expr };

export type Stat =
  | { k: 'local'; vars: VarInfo[]; exprs: Expr[]; line: number }
  | { k: 'assign'; targets: Expr[]; exprs: Expr[]; line: number }
  | { k: 'call'; call: Expr; line: number }
  | { k: 'do'; body: Block; line: number }
  | { k: 'while'; cond: Expr; body: Block; line: number }
  | { k: 'repeat'; body: Block; cond: Expr; line: number }
  | { k: 'if'; conds: Expr[]; blocks: Block[]; orelse: Block | undefined; line: number }
  | { k: 'fornum'; v: VarInfo; start: Expr; limit: Expr; step: Expr | undefined; body: Block; line: number; prepLine: number; hidden?: VarInfo[] }
  | { k: 'forin'; vars: VarInfo[]; exprs: Expr[]; body: Block; line: number; hidden?: VarInfo[] }
  | { k: 'localfunc'; v: VarInfo; f: FuncBody; line: number }
  | { k: 'return'; exprs: Expr[]; line: number }
  | { k: 'break'; line: number };

export interface Chunk {
  main: FuncBody;
  funcs: FuncBody[];
  /**
   * Calls list the active locals of their function (`locals`), for debug.getlocal at any
   * level: set when the source mentions getlocal (and for a direct debug.getlocal call).
   */
  tracksLocals: boolean;
  /**
   * Generator-form functions record their closures (for getfenv/setfenv by level, which the
   * JS stack cannot tell in that form): set when the source mentions fenv.
   */
  tracksClosures: boolean;
}
