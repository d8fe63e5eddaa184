// The contract between the command implementations and everything that runs them.
//
// A command never writes bytes. It speaks to a `Reply` sink, as Redis's commands speak to
// addReply*(): the network layer's sink encodes RESP2 or RESP3 into the client's output
// buffer; the scripting layer's sink builds Lua values directly (redis.call needs no RESP
// round trip); the embedding API's sink builds JS values. Protocol differences (a RESP3 map
// is a flat array in RESP2, a null is $-1 or _) are the sink's business, not the command's.
//
// All strings here are byte strings: JS strings whose char codes are 0..255 (latin1).

import type { Database, Keyspace } from '../store/keyspace';

export interface Reply {
  /** Protocol the sink speaks (2 or 3). Commands rarely need it; sinks handle degradation. */
  readonly resp: 2 | 3;
  /** +OK style status line. Must not contain CR or LF. */
  status(s: string): void;
  /** Error line, including its code: 'ERR wrong number of arguments...', 'WRONGTYPE ...'. */
  error(s: string): void;
  integer(n: number | bigint): void;
  /** Bulk string; null = the null bulk ($-1 in RESP2, _ in RESP3). */
  bulk(s: string | null): void;
  /** Null array: *-1 in RESP2, _ in RESP3. */
  nullArray(): void;
  /** Header of an array of n elements; the n elements follow as further calls. */
  arrayLen(n: number): void;
  /** Header of a map of n pairs (2n following calls); RESP2 sees an array of 2n. */
  mapLen(n: number): void;
  /** Header of a set of n members; RESP2 sees an array of n. */
  setLen(n: number): void;
  /** Header of a RESP3 push message of n elements; RESP2 sees an array of n. */
  pushLen(n: number): void;
  /**
   * Double: RESP3 ',d'; RESP2 a bulk string of the same text (Redis's formatting). `text`,
   * when given, is the exact text to send (for replies Redis prints another way, as GEOPOS's
   * "%.17Lf" coordinates); sinks that build values rather than bytes ignore it.
   */
  double(d: number, text?: string): void;
  /** Boolean: RESP3 '#t'/'#f'; RESP2 :1/:0. */
  bool(b: boolean): void;
  /** RESP3 big number '(digits'; RESP2 bulk string. */
  bigNumber(digits: string): void;
  /** RESP3 verbatim string '=len\r\nfmt:text'; RESP2 bulk string of the text. */
  verbatim(format: string, text: string): void;
}

/** Command flags, named as in Redis's COMMAND INFO output. */
export type CommandFlag =
  | 'write' | 'readonly' | 'denyoom' | 'module' | 'admin' | 'pubsub' | 'noscript'
  | 'blocking' | 'loading' | 'stale' | 'skip_monitor' | 'skip_slowlog' | 'asking'
  | 'fast' | 'no_auth' | 'may_replicate' | 'sentinel' | 'only_sentinel' | 'no_mandatory_keys'
  | 'protected' | 'no_async_loading' | 'no_multi' | 'movablekeys' | 'allow_busy';

/** What a command needs while it runs. One object per call site (client or script). */
export interface CommandContext {
  /** The full argument vector, argv[0] is the command name as the client sent it. */
  argv: string[];
  reply: Reply;
  /** The client on whose behalf the command runs (for scripts: the script's fake client). */
  client: ClientState;
  /** The selected database. */
  db: Database;
  keyspace: Keyspace;
  /** The engine: config, stats, other clients, scripting. Typed loosely to keep layers apart. */
  engine: EngineServices;
}

/** Per-connection state the commands may read or change. */
export interface ClientState {
  id: number;
  name: string;
  resp: 2 | 3;
  dbIndex: number;
  authenticated: boolean;
  /** True for the fake client that runs redis.call() from scripts. */
  isScript: boolean;
}

/** Server-wide services commands may use; the server implements it. */
export interface EngineServices {
  /** Current time in ms, cached per command as Redis does (mstime at call start). */
  now(): number;
  /**
   * Publishes a keyspace notification of class `type` if `flags` (the keyspace's enabled
   * classes) has it: notify.c's notifyKeyspaceEvent. Handlers call notify() (notify.ts).
   */
  notifyKeyspaceEvent(flags: number, type: number, event: string, key: string, db: Database): void;
  config: { get(name: string): string | undefined; set(name: string, value: string): string | null };
}

export type CommandHandler = (ctx: CommandContext) => void;

/** One row of the command table, as Redis's commands/*.json describe a command. */
export interface CommandSpec {
  /** Lower-case name ('get', or 'config|get' for a subcommand). */
  name: string;
  /** Redis arity: n = exactly n args (name included), -n = at least n. */
  arity: number;
  flags: readonly CommandFlag[];
  /** ACL categories without '@' ('string', 'fast', 'read', ...). */
  categories: readonly string[];
  /** Key positions: first key index, last key index (-1 = last arg), step; 0,0,0 = no keys. */
  firstKey: number;
  lastKey: number;
  keyStep: number;
  /** Subcommands of a container command (CONFIG, CLIENT, OBJECT, SCRIPT, ...). */
  subcommands?: readonly CommandSpec[];
  /** For commands whose keys are not at fixed positions (EVAL numkeys, ZUNIONSTORE, ...). */
  getKeys?: (argv: string[]) => number[];
  /** COMMAND INFO tips ('nondeterministic_output', 'request_policy:all_shards', ...). */
  tips?: readonly string[];
  /** COMMAND INFO key specifications (Redis 7), in the order Redis lists them. */
  keySpecs?: readonly KeySpec[];
  handler: CommandHandler;
  /**
   * A small number unique to this row, given by the command table when the row is registered:
   * the dispatcher finds its per-engine statistics in an array by it, not in a Map keyed by
   * the row (a Map lookup is ~15 ns, paid on every command and every redis.call).
   */
  id?: number;
}

/** One key specification as COMMAND INFO reports it (begin_search + find_keys). */
export interface KeySpec {
  notes?: string;
  /** 'RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'incomplete', ... */
  flags: readonly string[];
  /** index: 'index' search from argv[index]; keyword: search for keyword from startFrom. */
  beginSearch: { index: number } | { keyword: string; startFrom: number } | 'unknown';
  /** range: keys up to lastKey (-1 = last arg) every keyStep; keynum: count read at keyNumIdx. */
  findKeys:
    | { lastKey: number; keyStep: number; limit: number }
    | { keyNumIdx: number; firstKey: number; keyStep: number }
    | 'unknown';
}
