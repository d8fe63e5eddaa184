// The engine: dataset, clients, configuration, statistics, and the one narrow entry point
// `execute(client, argv, reply)` that runs a parsed command. It knows nothing of sockets:
// the network layer (server.ts, connection.ts) and the embedding API both drive it.
//
// Dispatch follows Redis's processCommand (server.c) in order: lookup (unknown command /
// unknown subcommand), arity, authentication, eviction and OOM for denyoom commands, -BUSY
// while another client's script runs in slices, then call() which runs the handler and
// records commandstats, slowlog and the MONITOR feed. Waiting (for a busy script before its
// threshold, for CLIENT PAUSE) is the connection's business: it holds the request and asks
// the engine when to go on (mustWait-style checks, waitForScript, waitForUnpause).
// There is no global mutable state: several engines may live in one process.

import { performance } from 'node:perf_hooks';
import type { ClientState, CommandContext, CommandFlag, CommandSpec, EngineServices, Reply } from '../commands/types';
import { Keyspace, type Database } from '../store/keyspace';
import { Client } from './client';
import { wallClockAt } from './clock';
import { setEncodingLimits } from '../store/encoding-limits';
import { LatencyMonitor, latencyBucket, LATENCY_BUCKETS } from './latency';
import { Config } from './config';
import { SlowLog } from './slowlog';
import { Logger, type LogLevel } from './log';
import { type CommandTable, sharedCommandTable } from './command-table';
import { performEvictions, evictionConfigFrom, memoryUsage, type EvictionConfig } from '../store/eviction';
import { activeExpireCycle } from '../store/expire';
import { randomBytes } from 'node:crypto';
import { JsReply, ReplyError, type JsValue } from './js-reply';
import { registerScriptingCommands } from '../scripting/commands';
import { registerServerCommands } from './commands';
import { installTransactions } from './multi';
import { installPubsub } from './pubsub';
import { installBlocking } from './blocking';
import { installNotify, notifyEvent } from './notify';
import { Acl, AclUser, ACL_OK } from './acl';
import { clientInfoLine } from './commands/connection';

// The server's own command families (./commands) and scripting's (EVAL, SCRIPT, FUNCTION,
// ...) add their rows to the shared command table.
registerServerCommands();
registerScriptingCommands();

/** Per command (and subcommand) counters: INFO commandstats. */
export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
  /** Calls per latency bucket (latency.ts; latency-tracking). */
  histogram: Uint32Array;
}

function newCommandStats(): CommandStats {
  return { calls: 0, usec: 0, rejected: 0, failed: 0, histogram: new Uint32Array(LATENCY_BUCKETS) };
}

/** Flag bits precomputed per command, so dispatch does not scan flag arrays. */
const F_DENYOOM = 1;
/** Commands a client in MULTI may still send when out of memory. */
const MULTI_OOM_EXEMPT = new Set(['exec', 'discard', 'quit', 'reset']);
const F_NO_AUTH = 2;
const F_SKIP_MONITOR = 4;
const F_SKIP_SLOWLOG = 8;
const F_ALLOW_BUSY = 16;
const F_WRITE = 32;
const F_FAST = 64;

/** What a RESP2 client in subscribed state may still run (processCommand's pubsub check). */
const PUBSUB_CONTEXT_COMMANDS = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

interface CommandInfo {
  bits: number;
  stats: CommandStats;
}

function flagBits(flags: readonly CommandFlag[]): number {
  let bits = 0;
  for (const f of flags) {
    if (f === 'denyoom') bits |= F_DENYOOM;
    else if (f === 'no_auth') bits |= F_NO_AUTH;
    else if (f === 'skip_monitor' || f === 'admin') bits |= F_SKIP_MONITOR;
    else if (f === 'skip_slowlog') bits |= F_SKIP_SLOWLOG;
    else if (f === 'allow_busy') bits |= F_ALLOW_BUSY;
    else if (f === 'write') bits |= F_WRITE;
    else if (f === 'fast') bits |= F_FAST;
  }
  return bits;
}

/** Server-wide counters reported by INFO stats. */
export class ServerStats {
  totalConnections = 0;
  rejectedConnections = 0;
  totalCommands = 0;
  totalErrorReplies = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  errors = new Map<string, number>();
  /** Ring of ops/sec samples (Redis's STATS_METRIC_SAMPLES = 16, every 100 ms). */
  opsSamples: number[] = [];
  lastSampleTime = 0;
  lastSampleCommands = 0;
  resetTime = Date.now();

  instantaneousOps(): number {
    if (this.opsSamples.length === 0) return 0;
    let sum = 0;
    for (const s of this.opsSamples) sum += s;
    return Math.round(sum / this.opsSamples.length);
  }
}

/** Redis's sdscatrepr: a quoted, escaped rendering of a byte string (MONITOR, CLIENT LIST). */
export function reprString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 92: out += '\\\\'; break;
      case 34: out += '\\"'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      case 7: out += '\\a'; break;
      case 8: out += '\\b'; break;
      default:
        out += c >= 32 && c <= 126 ? s[i] : '\\x' + (c < 16 ? '0' : '') + c.toString(16);
    }
  }
  return out + '"';
}

/**
 * Passwords never reach MONITOR or SLOWLOG: Redis replaces them with "(redacted)"
 * (redactClientCommandArgument in AUTH and HELLO ... AUTH user pass).
 */
function redactArgv(name: string, argv: string[]): string[] {
  if (name === 'auth') return argv.map((a, i) => (i === 0 ? a : '(redacted)'));
  // ACL SETUSER / DELUSER / GETUSER: everything after the subcommand.
  if (name === 'acl|setuser' || name === 'acl|deluser' || name === 'acl|getuser') return argv.map((a, i) => (i < 2 ? a : '(redacted)'));
  if (name === 'hello') {
    let out: string[] | null = null;
    for (let i = 2; i + 2 < argv.length; i++) {
      if (argv[i].toLowerCase() === 'auth') {
        out ??= argv.slice();
        out[i + 1] = '(redacted)';
        out[i + 2] = '(redacted)';
        i += 2;
      }
    }
    return out ?? argv;
  }
  return argv;
}

export interface EngineOptions {
  config?: Record<string, string>;
  /** Write log lines (default: false for embedded engines, the CLI turns it on). */
  logging?: boolean;
  /** Command table; defaults to the shared table of all families. */
  commands?: CommandTable;
}

export class Engine implements EngineServices {
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly log: Logger;
  readonly stats = new ServerStats();
  readonly slowlog: SlowLog;
  readonly clients = new Map<number, Client>();
  readonly monitors = new Set<Client>();
  readonly commandTable: CommandTable;
  /** ACL users, the ACL log and the permission checks (acl.ts). */
  readonly acl: Acl;
  readonly startTime = Date.now();
  /** Unix time (s) of the last successful save (LASTSAVE): startup until persistence exists. */
  lastSave = Math.floor(Date.now() / 1000);
  /** Set by the network layer: the port it listens on (INFO tcp_port). */
  tcpPort = 0;
  /** Called by SHUTDOWN; the network layer closes everything. Returns false to refuse. */
  shutdownHandler: ((opts: { save: boolean | null }) => void) | null = null;
  /**
   * Eviction hook: frees memory per maxmemory-policy and returns true if still over
   * maxmemory (Redis's performEvictions() == EVICT_FAIL). Installed by the store's evictor.
   */
  performEvictions: (() => boolean) | null = null;
  /** Called at every cron tick (hz per second): active expiry and other periodic jobs. */
  readonly cronJobs: Array<(engine: Engine) => void> = [];
  /**
   * Set by scripting while a script runs in time slices (a busy script, DESIGN.md "One thread,
   * like Redis"): its caller, whether busy-reply-threshold has passed, and the -BUSY text.
   */
  busyScript: { caller: ClientState; pastThreshold(): boolean; busyError: string } | null = null;
  /** Callbacks of connections waiting for the busy script (to end, or to pass the threshold). */
  private busyWaiters: Array<() => void> = [];

  /** A connection holds its next command until the busy script ends or passes the threshold. */
  waitForScript(resume: () => void): void {
    this.busyWaiters.push(resume);
  }

  /** Wakes every waiting connection (scripting calls it at the threshold and at the end). */
  wakeScriptWaiters(): void {
    const waiters = this.busyWaiters;
    this.busyWaiters = [];
    for (const w of waiters) w();
  }


  /** 40 hex chars identifying this run (INFO run_id). */
  readonly runId = randomBytes(20).toString('hex');
  /** Heap in use after startup, and the highest used_memory seen (INFO memory). */
  startupMemory = 0;
  peakMemory = 0;
  /** Pub/sub counts for INFO stats; the pub/sub family replaces it. */
  pubsubCounts: () => { channels: number; patterns: number } = () => ({ channels: 0, patterns: 0 });

  // ---- CLIENT PAUSE ---------------------------------------------------------------------

  /** End (ms) of a CLIENT PAUSE in effect, 0 = none; pauseAll false = only writes wait. */
  pauseEnd = 0;
  pauseAll = false;
  private pauseWaiters: Array<() => void> = [];
  private pauseTimer: NodeJS.Timeout | null = null;

  /** CLIENT PAUSE: a longer or stricter pause wins over the one in effect. */
  pauseClients(ms: number, all: boolean): void {
    const now = Date.now();
    const active = this.pauseEnd > now;
    const end = now + ms;
    if (!active || end > this.pauseEnd) this.pauseEnd = end;
    this.pauseAll = all || (active && this.pauseAll);
    if (this.pauseTimer !== null) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => this.unpauseClients(), Math.max(0, this.pauseEnd - now));
    this.pauseTimer.unref();
  }

  /** CLIENT UNPAUSE, or the pause's end: waiting connections go on. */
  unpauseClients(): void {
    this.pauseEnd = 0;
    this.pauseAll = false;
    if (this.pauseTimer !== null) clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    const waiters = this.pauseWaiters;
    this.pauseWaiters = [];
    for (const w of waiters) w();
  }

  /** Whether argv must wait for the pause (all commands, or writes and may_replicate ones). */
  mustPause(argv: readonly string[]): boolean {
    if (this.pauseEnd === 0) return false;
    if (Date.now() >= this.pauseEnd) {
      this.unpauseClients();
      return false;
    }
    if (this.pauseAll) return true;
    const cmd = this.commandTable.lookup(argv);
    return cmd !== undefined && (cmd.flags.includes('write') || cmd.flags.includes('may_replicate'));
  }

  /** A connection holds its next command until the pause ends. */
  waitForUnpause(resume: () => void): void {
    this.pauseWaiters.push(resume);
  }

  /** DEBUG SET-ACTIVE-EXPIRE: the periodic expire cycle runs only while true. */
  activeExpireEnabled = true;

  private evictionConfig: EvictionConfig;
  private nextClientId = 1;
  private cachedNow = Date.now();
  private readonly commandInfo = new Map<CommandSpec, CommandInfo>();
  /** The same CommandInfo objects by CommandSpec.id: the dispatcher's lookup. */
  private readonly commandInfoById: Array<CommandInfo | undefined> = [];
  private cron: NodeJS.Timeout | null = null;
  private maxmemory = 0;
  /**
   * min-replicas-to-write is set (with a max lag): a server with no replicas never has enough
   * good ones, so write commands are refused (Redis's checkGoodReplicasStatus; scripts ask too).
   */
  writesNeedReplicas = false;
  private requirepass = '';
  private requirepassApplied = false;
  private slowlogThreshold = 10000;
  /** latency-tracking (per-command histograms) and latency-monitor-threshold (ms; 0 = off). */
  private latencyTracking = true;
  private latencyThresholdMs = 0;
  /** LATENCY LATEST / HISTORY / RESET data (latency.ts). */
  readonly latency = new LatencyMonitor();
  /** Error replies emitted while the current command ran (to count failed_calls). */
  private errorsInCommand = 0;

  constructor(options: EngineOptions = {}) {
    this.config = new Config(options.config ?? {});
    this.log = new Logger(this.config.get('loglevel') as LogLevel, this.config.get('logfile'));
    this.log.enabled = options.logging ?? false;
    this.keyspace = new Keyspace({ databases: this.config.getInt('databases'), clock: () => this.cachedNow });
    this.slowlog = new SlowLog(this.config.getInt('slowlog-max-len'));
    this.commandTable = options.commands ?? sharedCommandTable;
    this.acl = new Acl(this.commandTable);
    this.evictionConfig = evictionConfigFrom((name) => this.config.get(name));
    this.performEvictions = () => performEvictions(this.keyspace, this.evictionConfig);
    this.cronJobs.push(() => {
      if (!this.activeExpireEnabled) return;
      // Redis gives the active expire cycle 25% of each cron period.
      const hz = Math.min(500, Math.max(1, this.config.getInt('hz')));
      const started = performance.now();
      activeExpireCycle(this.keyspace, 250 / hz);
      // latencyAddSampleIfNeeded("expire-cycle", ...)
      const tookMs = Math.floor(performance.now() - started);
      if (this.latencyThresholdMs > 0 && tookMs >= this.latencyThresholdMs) this.latency.add('expire-cycle', tookMs, Math.floor(Date.now() / 1000));
    });
    this.cronJobs.push(() => this.closeIdleClients());
    this.applyConfig();
    this.startupMemory = memoryUsage(this.keyspace);
    this.peakMemory = this.startupMemory;
    this.config.onChange((name) => {
      this.applyConfig();
      // updateMaxmemory: a lower maxmemory evicts at once, inside CONFIG SET (its keyspace
      // events go out before the reply), not at the next command.
      if (name === 'maxmemory' && this.maxmemory > 0 && this.performEvictions !== null) this.performEvictions();
      if (name === 'hz' && this.cron !== null) {
        clearInterval(this.cron);
        this.startCron();
      }
    });
    this.startCron();
    // Families with per-client or per-engine state (MULTI/WATCH, pub/sub, blocked clients,
    // keyspace notifications) install their hooks.
    installTransactions(this);
    installPubsub(this);
    installBlocking(this);
    installNotify(this);
  }

  /** Reads the options the hot path needs into fields (on start and on CONFIG SET). */
  private applyConfig(): void {
    this.maxmemory = this.config.getInt('maxmemory');
    this.keyspace.lazyUserDel = this.config.get('lazyfree-lazy-user-del') === 'yes';
    this.keyspace.lazyUserFlush = this.config.get('lazyfree-lazy-user-flush') === 'yes';
    this.writesNeedReplicas = this.config.getInt('min-replicas-to-write') > 0 && this.config.getInt('min-replicas-max-lag') > 0;
    const limit = (name: string) => this.config.getInt(name);
    setEncodingLimits({
      hashMaxListpackEntries: limit('hash-max-listpack-entries'),
      hashMaxListpackValue: limit('hash-max-listpack-value'),
      setMaxIntsetEntries: limit('set-max-intset-entries'),
      setMaxListpackEntries: limit('set-max-listpack-entries'),
      setMaxListpackValue: limit('set-max-listpack-value'),
      zsetMaxListpackEntries: limit('zset-max-listpack-entries'),
      zsetMaxListpackValue: limit('zset-max-listpack-value'),
      listMaxListpackSize: limit('list-max-listpack-size'),
    });
    this.evictionConfig = evictionConfigFrom((name) => this.config.get(name));
    const requirepass = this.config.get('requirepass') ?? '';
    // requirepass is the default user's password (ACLUpdateDefaultUserPassword), set when it changes.
    if (requirepass !== this.requirepass || this.requirepassApplied === false) {
      this.acl.setDefaultPassword(requirepass);
      this.acl.refresh(this.acl.defaultUser);
      this.requirepassApplied = true;
    }
    this.requirepass = requirepass;
    this.slowlogThreshold = this.config.getInt('slowlog-log-slower-than');
    this.latencyTracking = this.config.get('latency-tracking') === 'yes';
    this.latencyThresholdMs = this.config.getInt('latency-monitor-threshold');
    this.slowlog.maxLen = this.config.getInt('slowlog-max-len');
    this.slowlog.trim();
    this.log.level = this.config.get('loglevel') as LogLevel;
    this.keyspace.lfuMode = this.evictionConfig.policy.includes('lfu');
    this.keyspace.lfuLogFactor = this.config.getInt('lfu-log-factor');
    this.keyspace.lfuDecayTime = this.config.getInt('lfu-decay-time');
  }

  // ---- EngineServices ----------------------------------------------------------------------

  notifyKeyspaceEvent(flags: number, type: number, event: string, key: string, db: Database): void {
    notifyEvent(this, flags, type, event, key, db);
  }

  now(): number {
    return this.cachedNow;
  }

  // ---- clients ----------------------------------------------------------------------------

  /** True when the default user needs a password (or is off): new clients start unauthenticated. */
  get authRequired(): boolean {
    return this.acl.authRequired;
  }

  checkPassword(password: string): boolean {
    return this.acl.checkCredentials('default', password) !== null;
  }

  /**
   * Authenticates client as user/pass (ACLAuthenticateUser); a failure is logged in the ACL
   * log with the command name as its object. Returns whether it succeeded.
   */
  authenticate(client: Client, user: string, pass: string, cmdName: string): boolean {
    const u = this.acl.checkCredentials(user, pass);
    if (u !== null) {
      client.authenticated = true;
      client.user = u;
      return true;
    }
    this.acl.addLogEntry(3, client.multiCount >= 0 ? 'multi' : 'toplevel', cmdName, user, clientInfoLine(client, Date.now(), this), Date.now());
    return false;
  }

  /** ACL DELUSER: the user's clients lose their authentication and are closed (after the reply for `current`). */
  disconnectUser(u: AclUser, current: Client | null): void {
    for (const c of [...this.clients.values()]) if (c.user === u) this.disconnectClientOfUser(c, current);
  }

  /** deauthenticateAndCloseClient: back to the default user, unauthenticated, closed. */
  disconnectClientOfUser(c: Client, current: Client | null): void {
    c.user = this.acl.defaultUser;
    c.authenticated = false;
    if (c === current) c.closeAfterReply = true;
    else if (c.transport !== null) c.transport.close(c, false);
  }

  /**
   * ACLCheckAllPerm for a client whose user is restricted: on denial logs it, counts it and
   * returns the text (without the error code); null when allowed.
   */
  aclDenied(client: Client, cmd: CommandSpec, argv: readonly string[], context: string, infoClient: Client = client): string | null {
    const acl = this.acl;
    const u = client.user;
    const result = acl.check(u, cmd, argv);
    if (result === ACL_OK) return null;
    const pos = acl.deniedPos;
    if (infoClient === client) client.lastCommand = cmd.name; // Redis sets lastcmd before the check: the log's cmd= shows it
    const object = result === 1 ? cmd.name : argv[pos];
    acl.addLogEntry(result, context, object, u.name, clientInfoLine(infoClient, Date.now(), this), Date.now());
    return acl.errorMessage(result, u, cmd, argv[pos], false);
  }

  /**
   * A redis.call (or redis.acl_check_cmd when logDenial is false) of a script whose caller's
   * user is restricted: the script client carries that user. The log shows the real caller.
   */
  aclCheckFromScript(scriptClient: ClientState, cmd: CommandSpec, argv: readonly string[], logDenial: boolean): string | null {
    const client = scriptClient as Client;
    if (client.user === undefined || client.user.unrestricted) return null;
    if (!logDenial) return this.acl.check(client.user, cmd, argv) === ACL_OK ? null : 'denied';
    const caller = (this.executingClient ?? this.busyScript?.caller ?? scriptClient) as Client;
    return this.aclDenied(client, cmd, argv, 'lua', caller.transport !== undefined ? caller : client);
  }

  createClient(): Client {
    const id = this.nextClientId++;
    const client = new Client(id, Date.now(), !this.acl.authRequired, (text) => this.countError(text));
    client.user = this.acl.defaultUser;
    this.clients.set(id, client);
    return client;
  }

  /** Called by RESET for each client: families with per-client state (MULTI, pub/sub) hook in. */
  readonly resetHooks: Array<(client: Client) => void> = [];

  /** RESET: back to a fresh connection's state (clearClientConnectionState). */
  resetClient(client: Client): void {
    for (const hook of this.resetHooks) hook(client);
    client.setResp(2);
    client.dbIndex = 0;
    client.name = '';
    client.user = this.acl.defaultUser;
    client.authenticated = !this.acl.authRequired;
    client.replyMode = 'on';
    client.noEvict = false;
    client.noTouch = false;
    client.monitor = false;
    this.monitors.delete(client);
  }

  /** Called when a client goes away: families with per-client state forget it. */
  readonly removeHooks: Array<(client: Client) => void> = [];

  removeClient(client: Client): void {
    if (!client.closed) for (const hook of this.removeHooks) hook(client);
    client.closed = true;
    this.clients.delete(client.id);
    this.monitors.delete(client);
  }

  /** Error replies counted so far (a caller compares before and after some work). */
  errorReplies(): number {
    return this.errorsInCommand;
  }

  /**
   * A blocked command answered later with an error (its key went away, its group was
   * destroyed, CLIENT UNBLOCK ... ERROR): failed_calls of the command, as Redis counts it when
   * it re-runs or releases the command (updateStatsOnUnblock).
   */
  countFailedCall(argv: readonly string[]): void {
    const cmd = this.commandTable.lookup(argv);
    if (cmd !== undefined) this.info(cmd).stats.failed++;
  }

  /** Counts an error reply (errorstats, total_error_replies, failed_calls). */
  countError(text: string): void {
    this.errorsInCommand++;
    if (this.skipNextErrorStats) {
      // A script's error already counted when the command inside it failed (Redis's
      // ERR_REPLY_FLAG_NO_STATS_UPDATE): the script command still counts as failed.
      this.skipNextErrorStats = false;
      return;
    }
    this.stats.totalErrorReplies++;
    // Redis (afterErrorReply) looks for the code's end in the first 32 bytes of "-<text>":
    // no space there (an empty error, a long first word) counts as ERR.
    const space = text.indexOf(' ');
    const code = space < 0 || space > 30 ? 'ERR' : text.slice(0, space);
    const errors = this.stats.errors;
    const count = errors.get(code);
    if (count !== undefined) {
      errors.set(code, count + 1);
    } else if (!this.errorStatsDisabled) {
      // Redis 7.4 (incrementErrorCount) keeps at most 128 codes: one more replaces them all
      // with ERRORSTATS_DISABLED (count 1) and no code is added until CONFIG RESETSTAT.
      if (errors.size >= 128) {
        errors.clear();
        errors.set('ERRORSTATS_DISABLED', 1);
        this.errorStatsDisabled = true;
      } else {
        errors.set(code, 1);
      }
    }
  }

  private info(cmd: CommandSpec): CommandInfo {
    const id = cmd.id;
    if (id !== undefined && id < this.commandInfoById.length) {
      const known = this.commandInfoById[id];
      if (known !== undefined) return known;
    }
    let info = this.commandInfo.get(cmd);
    if (info === undefined) {
      info = { bits: flagBits(cmd.flags), stats: newCommandStats() };
      this.commandInfo.set(cmd, info);
    }
    if (id !== undefined) {
      // Grown by push, so the array stays a packed list of elements (no holes ahead of it).
      while (this.commandInfoById.length <= id) this.commandInfoById.push(undefined);
      this.commandInfoById[id] = info;
    }
    return info;
  }

  /** Command statistics for INFO commandstats: [fullname, stats] of commands used so far. */
  commandStats(): Array<[string, CommandStats]> {
    const out: Array<[string, CommandStats]> = [];
    for (const [cmd, info] of this.commandInfo) {
      const s = info.stats;
      if (s.calls > 0 || s.rejected > 0 || s.failed > 0) out.push([cmd.name, s]);
    }
    return out;
  }

  /** Called by CONFIG RESETSTAT, for statistics kept outside the engine (scripting's). */
  readonly resetStatsHooks: Array<() => void> = [];
  /** Set when errorstats reached its 128 codes (see countError). */
  private errorStatsDisabled = false;

  resetStats(): void {
    for (const hook of this.resetStatsHooks) hook();
    this.errorStatsDisabled = false;
    for (const info of this.commandInfo.values()) info.stats = newCommandStats();
    const s = this.stats;
    s.totalCommands = 0;
    s.totalConnections = 0;
    s.rejectedConnections = 0;
    s.totalErrorReplies = 0;
    s.netInputBytes = 0;
    s.netOutputBytes = 0;
    s.errors.clear();
    s.opsSamples = [];
    const ks = this.keyspace.stats;
    ks.expiredKeys = 0;
    ks.evictedKeys = 0;
    ks.keyspaceHits = 0;
    ks.keyspaceMisses = 0;
    ks.lazyfreedObjects = 0;
  }

  // ---- execution --------------------------------------------------------------------------

  /** A rejection before the command runs (Redis's rejectCommand). */
  private reject(reply: Reply, text: string, info: CommandInfo | null, client?: Client, cmdName?: string): void {
    if (info !== null) info.stats.rejected++;
    // The MULTI hook may answer instead (a refused EXEC inside MULTI answers EXECABORT).
    const replaced = client !== undefined && this.onCommandRejected !== null ? this.onCommandRejected(client, cmdName, text) : undefined;
    reply.error(typeof replaced === 'string' ? replaced : text);
  }

  /**
   * Runs one parsed command for a client, writing its reply into `reply`. argv[0] is the
   * command name as sent. Never throws for a command's own errors: a handler exception
   * becomes an error reply. `start` is the monotonic time the command starts at: a caller
   * running a pipeline passes the previous command's end (lastCallEnd), so each command
   * costs one clock read, not two.
   */
  execute(client: Client, argv: string[], reply: Reply, start = performance.now()): void {
    this.cachedNow = wallClockAt(start);
    client.lastInteraction = this.cachedNow;
    const cmd = this.commandTable.lookup(argv);
    if (cmd === undefined) {
      this.rejectUnknown(argv, reply, client);
      return;
    }
    const info = this.info(cmd);
    const arity = cmd.arity;
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity) {
      this.reject(reply, `ERR wrong number of arguments for '${cmd.name}' command`, info, client, cmd.name);
      return;
    }
    if (!client.authenticated && (info.bits & F_NO_AUTH) === 0) {
      this.reject(reply, 'NOAUTH Authentication required.', info, client, cmd.name);
      return;
    }
    // ACL: one field test for users that may run everything (the default user).
    if (!client.user.unrestricted) {
      const denied = this.aclDenied(client, cmd, argv, client.multiCount >= 0 ? 'multi' : 'toplevel');
      if (denied !== null) {
        this.reject(reply, 'NOPERM ' + denied, info, client, cmd.name);
        return;
      }
    }
    const busy = this.busyScript;
    if (busy !== null && client !== busy.caller && (info.bits & F_ALLOW_BUSY) === 0) {
      this.reject(reply, busy.busyError, info, client, cmd.name);
      return;
    }
    if (this.maxmemory > 0 && this.performEvictions !== null) {
      // As Redis: evict before every command; refuse only commands that may grow memory.
      const outOfMemory = this.performEvictions();
      // Inside MULTI every command but EXEC/DISCARD/QUIT/RESET counts as denyoom: queueing
      // takes memory too (Redis's processCommand, reject_cmd_on_oom).
      // EXEC is deny-oom when its queue holds a deny-oom command (mstate.cmd_flags).
      const denyoom = (info.bits & F_DENYOOM) !== 0
        || (cmd.name === 'exec' && client.multiCount >= 0 && this.queuedDenyoom !== null && this.queuedDenyoom(client));
      if (outOfMemory && (denyoom || (client.multiCount >= 0 && !MULTI_OOM_EXEMPT.has(cmd.name)))) {
        this.reject(reply, "OOM command not allowed when used memory > 'maxmemory'.", info, client, cmd.name);
        return;
      }
    }
    // After OOM, as processCommand orders them.
    if (this.writesNeedReplicas && (info.bits & F_WRITE) !== 0) {
      this.reject(reply, 'NOREPLICAS Not enough good replicas to write.', info, client, cmd.name);
      return;
    }
    if (client.resp === 2 && client.subscriptions + client.patternSubscriptions + client.shardSubscriptions > 0
      && !PUBSUB_CONTEXT_COMMANDS.has(cmd.name)) {
      this.reject(reply, `ERR Can't execute '${cmd.name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`, info, client, cmd.name);
      return;
    }
    if (this.interceptCommand !== null && this.interceptCommand(client, cmd, argv, reply)) return;
    this.executingClient = client;
    try {
      this.call(client, cmd, info, argv, reply, start);
    } finally {
      this.executingClient = null;
    }
    // Messages the command published to its own client follow its reply (unless a script is
    // still running in slices: its caller's reply is not written yet; it flushes them at its end).
    if (this.pendingPushes.length !== 0 && this.busyScript === null) this.flushPendingPushes();
    // Keys made ready for blocked clients (pushes, also by EXEC or a script) are served now.
    if (this.afterCommand !== null) this.afterCommand();
  }

  /** Monotonic time (performance.now()) at which the last command's handler returned. */
  lastCallEnd = 0;

  /** The client whose top-level command is running (execute). */
  executingClient: Client | null = null;
  /** Push messages to a client that is running a command, written after its reply. */
  private pendingPushes: Array<() => void> = [];

  /**
   * True when a push message (pub/sub) to `client` must wait for the reply of the command it
   * is running: a PUBLISH to itself, from a script or inside EXEC (Redis 7.2+ defers them,
   * server.pending_push_messages). The caller then passes the write to deferPush.
   */
  pushMustWait(client: ClientState): boolean {
    return client === this.executingClient || (this.busyScript !== null && this.busyScript.caller === client);
  }

  deferPush(write: () => void): void {
    this.pendingPushes.push(write);
  }

  /** Writes the deferred push messages (after the command's reply, or a busy script's end). */
  flushPendingPushes(): void {
    const pending = this.pendingPushes;
    if (pending.length === 0) return;
    this.pendingPushes = [];
    for (const write of pending) write();
  }

  /** Hook for MULTI: whether a client's queued commands include a deny-oom one. */
  queuedDenyoom: ((client: Client) => boolean) | null = null;

  /** Set while work waits for the end of the current top-level command (blocking.ts). */
  afterCommand: (() => void) | null = null;
  /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: installed by blocking.ts; true if a client was unblocked. */
  unblockClient: ((id: number, withError: boolean) => boolean) | null = null;

  /**
   * Hook for MULTI (the transactions family installs it): may take a command that passed
   * every check instead of running it (queue it, reply +QUEUED) and return true. Redis's
   * processCommand does this last, just before call().
   */
  interceptCommand: ((client: Client, cmd: CommandSpec, argv: string[], reply: Reply) => boolean) | null = null;
  /**
   * Hook for MULTI: told about every command refused before running (unknown, arity, NOAUTH,
   * OOM, ...), as Redis's rejectCommand calls flagTransaction (EXEC then fails EXECABORT).
   */
  onCommandRejected: ((client: Client, cmdName?: string, text?: string) => string | void) | null = null;

  /** redis.call() from a script: run a looked-up command for the script's client with stats. */
  callFromScript(client: ClientState, cmd: CommandSpec, argv: string[], reply: Reply, now?: number): void {
    // EXEC runs its queue through here: permissions are checked again, in case they changed
    // after the commands were queued (execCommand). Scripts check in scripting itself.
    const user = (client as Client).user;
    if (user !== undefined && !user.unrestricted && !client.isScript && (client as Client).multiCount >= 0
      && this.execDenied(client as Client, cmd, argv, reply)) return;
    // Time is frozen at the script's start (a sliced busy script runs between other commands).
    if (now !== undefined) this.cachedNow = now;
    // Errors of the inner command count for it, not as a failure of the script command.
    const errors = this.errorsInCommand;
    // A command called from a script runs to its end and keeps no reference to its context
    // (scripts cannot block, queue or subscribe), so one context object serves every call;
    // a call nested inside another (none today) gets its own.
    let ctx = this.scriptCallContext;
    this.scriptCallContext = null;
    const db = this.keyspace.dbs[client.dbIndex];
    if (ctx === null) {
      ctx = { argv, reply, client, db, keyspace: this.keyspace, engine: this };
    } else {
      ctx.argv = argv;
      ctx.reply = reply;
      ctx.client = client;
      ctx.db = db;
    }
    this.call(client as Client, cmd, this.info(cmd), argv, reply, performance.now(), ctx);
    this.scriptCallContext = ctx;
    this.errorsInCommand = errors;
  }

  /** execCommand's ACL re-check of a queued command: replies the NOPERM error if denied. */
  private execDenied(client: Client, cmd: CommandSpec, argv: string[], reply: Reply): boolean {
    const result = this.acl.check(client.user, cmd, argv);
    if (result === ACL_OK) return false;
    const pos = this.acl.deniedPos;
    const reason = result === 1 ? 'no permission to execute the command or subcommand'
      : result === 2 ? 'no permission to touch the specified keys'
        : 'no permission to access one of the channels used as arguments';
    this.acl.addLogEntry(result, 'multi', result === 1 ? cmd.name : argv[pos], client.user.name, clientInfoLine(client, Date.now(), this), Date.now());
    reply.error('NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ' + reason);
    return true;
  }

  /** The context object redis.call() reuses (see callFromScript); null while one is in use. */
  private scriptCallContext: CommandContext | null = null;

  /** A redis.call() rejected by a script check: rejected_calls of cmd and the error stats. */
  rejectFromScript(cmd: CommandSpec | undefined, text: string): void {
    if (cmd !== undefined) this.info(cmd).stats.rejected++;
    const errors = this.errorsInCommand;
    this.countError(text);
    this.errorsInCommand = errors;
  }

  /** Set by scripting before it writes an error already counted inside the script. */
  skipNextErrorStats = false;
  /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call noscript commands. */
  disableDenyScripts = false;

  /** Redis's call(): run the handler, then stats, slowlog and the MONITOR feed. */
  private call(
    client: Client, cmd: CommandSpec, info: CommandInfo, argv: string[], reply: Reply, start = performance.now(),
    ctx: CommandContext = { argv, reply, client, db: this.keyspace.dbs[client.dbIndex], keyspace: this.keyspace, engine: this },
  ): void {
    const errorsBefore = this.errorsInCommand;
    client.lastCommand = cmd.name;
    try {
      cmd.handler(ctx);
    } catch (e) {
      // A bug in a handler must not take the server down; Redis would have crashed here.
      this.log.warning(`command '${cmd.name}' threw: ${(e as Error)?.stack ?? String(e)}`);
      reply.error(`ERR internal error in '${cmd.name}': ${(e as Error)?.message ?? String(e)}`);
    }
    const end = performance.now();
    this.lastCallEnd = end;
    const durationUs = (end - start) * 1000;
    const stats = info.stats;
    stats.calls++;
    stats.usec += durationUs;
    if (this.errorsInCommand !== errorsBefore) stats.failed++;
    this.stats.totalCommands++;
    client.commandsProcessed++;
    const bits = info.bits;
    if (this.slowlogThreshold >= 0 && durationUs >= this.slowlogThreshold && (bits & F_SKIP_SLOWLOG) === 0) {
      this.slowlog.push(redactArgv(cmd.name, argv), durationUs, client.addr, client.name);
    }
    if (this.latencyTracking) stats.histogram[latencyBucket(durationUs)]++;
    if (this.latencyThresholdMs > 0 && durationUs >= this.latencyThresholdMs * 1000) {
      this.latency.add((bits & F_FAST) !== 0 ? 'fast-command' : 'command', Math.floor(durationUs / 1000), Math.floor(this.cachedNow / 1000));
    }
    if (this.monitors.size !== 0 && (bits & F_SKIP_MONITOR) === 0) this.feedMonitors(client, redactArgv(cmd.name, argv));
  }

  private rejectUnknown(argv: string[], reply: Reply, client?: Client): void {
    if (client !== undefined && this.onCommandRejected !== null) this.onCommandRejected(client);
    const base = argv.length >= 2 ? this.commandTable.lookup([argv[0]]) : undefined;
    if (base !== undefined && base.subcommands !== undefined) {
      reply.error(`ERR unknown subcommand '${argv[1].slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`);
      return;
    }
    let args = '';
    for (let i = 1; i < argv.length && args.length < 128; i++) {
      args += `'${argv[i].slice(0, 128 - args.length)}' `;
    }
    reply.error(`ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`);
  }

  /** Sends a command to every MONITOR client, in Redis's line format. */
  feedMonitors(client: Client, argv: readonly string[]): void {
    const t = Date.now() * 1000 + Math.floor((performance.now() * 1000) % 1000);
    const sec = Math.floor(t / 1e6);
    const usec = String(t % 1e6).padStart(6, '0');
    const who = client.isScript ? 'lua' : client.addr;
    let line = `${sec}.${usec} [${client.dbIndex} ${who}]`;
    for (const a of argv) line += ' ' + reprString(a);
    for (const m of this.monitors) {
      if (m !== client) m.writer.status(line);
    }
  }

  // ---- embedding ------------------------------------------------------------------------

  private embeddedClient: Client | null = null;

  /**
   * Runs a command as this engine's own embedded client and returns the reply as JS values
   * (see JsReply). An error reply is thrown as a ReplyError. Arguments may be strings
   * (latin1 bytes), numbers (written as Redis clients write them) or Buffers, given one by
   * one or as a single array.
   */
  command(...args: Array<string | number | Buffer> | [Array<string | number | Buffer>]): JsValue {
    const list = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as Array<string | number | Buffer>;
    const argv = list.map(toArgument);
    if (argv.length === 0) throw new ReplyError('ERR empty command');
    if (this.embeddedClient === null) {
      // Not registered in `clients`: it is no connection (CLIENT LIST, INFO do not show it).
      this.embeddedClient = new Client(this.nextClientId++, Date.now(), true, (text) => this.countError(text));
      this.embeddedClient.authenticated = true;
      this.embeddedClient.setResp(3);
      this.embeddedClient.addr = 'embedded:0';
    }
    const reply = new JsReply();
    this.execute(this.embeddedClient, argv, reply);
    const v = reply.value;
    if (v instanceof ReplyError) throw v;
    return v;
  }

  // ---- periodic work ----------------------------------------------------------------------

  private startCron(): void {
    const hz = Math.min(500, Math.max(1, this.config.getInt('hz')));
    this.cron = setInterval(() => this.serverCron(), Math.floor(1000 / hz));
    this.cron.unref();
  }

  private serverCron(): void {
    this.cachedNow = Date.now();
    const s = this.stats;
    const now = this.cachedNow;
    if (now - s.lastSampleTime >= 100) {
      const elapsed = now - s.lastSampleTime;
      const ops = s.lastSampleTime === 0 ? 0 : ((s.totalCommands - s.lastSampleCommands) * 1000) / elapsed;
      s.opsSamples.push(ops);
      if (s.opsSamples.length > 16) s.opsSamples.shift();
      s.lastSampleTime = now;
      s.lastSampleCommands = s.totalCommands;
    }
    // While a busy script runs in slices, the dataset must not change under it (no expiry).
    if (this.busyScript !== null) return;
    for (const job of this.cronJobs) {
      try { job(this); } catch (e) { this.log.warning(`cron job failed: ${(e as Error).message}`); }
    }
  }

  /** The `timeout` option: close clients idle for longer (not MONITOR or pub/sub ones). */
  private closeIdleClients(): void {
    const timeout = this.config.getInt('timeout');
    if (timeout <= 0) return;
    const limit = this.cachedNow - timeout * 1000;
    for (const c of this.clients.values()) {
      if (c.lastInteraction >= limit || c.monitor || c.transport === null) continue;
      if (c.subscriptions + c.patternSubscriptions + c.shardSubscriptions > 0) continue;
      this.log.verbose('Closing idle client');
      c.transport.close(c, false);
    }
  }

  /** Stops timers; the engine must not be used afterwards. */
  /** Called by close(): parts that run work of their own (a busy script in slices) stop it. */
  readonly closeHooks: Array<() => void> = [];

  close(): void {
    for (const hook of this.closeHooks) hook();
    if (this.pauseTimer !== null) clearTimeout(this.pauseTimer);
    if (this.cron !== null) clearInterval(this.cron);
    this.cron = null;
  }
}

/** An embedding argument as the byte string a client would have sent. */
function toArgument(a: string | number | Buffer): string {
  if (typeof a === 'string') return a;
  if (typeof a === 'number') return String(a);
  if (Buffer.isBuffer(a)) return a.toString('latin1');
  throw new TypeError(`command arguments must be strings, numbers or Buffers, got ${a === null ? 'null' : typeof a}`);
}
