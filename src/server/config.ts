// The configuration registry, as data: every option Ferrous knows with its aliases, type,
// default, validation and whether CONFIG SET may change it (Redis's config.c standardConfig
// table). Values are stored as the canonical strings CONFIG GET returns; typed readers
// (getInt, getBool) parse them. Error texts are Redis 7's.

import * as fs from 'node:fs';
import { splitArgs } from '../commands/split-args';
import { stringMatch } from '../store/glob';

type Kind =
  | { type: 'bool' }
  | { type: 'int'; min: number; max: number; memory?: boolean }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'string' }
  | { type: 'special'; normalize: (value: string) => string | { error: string } };

export interface ConfigDef {
  name: string;
  aliases?: readonly string[];
  kind: Kind;
  default: string;
  immutable?: boolean;
  /** Redis's PROTECTED_CONFIG: CONFIG SET refuses it unless enable-protected-configs allows. */
  protected?: boolean;
  /** Not matched by glob patterns in CONFIG GET (as Redis's HIDDEN_CONFIG). */
  hidden?: boolean;
}

const INT_MAX = 2147483647;
const LLONG_MAX = Number.MAX_SAFE_INTEGER; // Redis: 9223372036854775807; doubles cannot hold more
const LLONG_MAX_TEXT = '9223372036854775807';

const bool = (): Kind => ({ type: 'bool' });
const int = (min: number, max: number): Kind => ({ type: 'int', min, max });
const mem = (min: number, max: number): Kind => ({ type: 'int', min, max, memory: true });
const oneOf = (...values: string[]): Kind => ({ type: 'enum', values });
const str = (): Kind => ({ type: 'string' });
const special = (normalize: (value: string) => string | { error: string }): Kind => ({ type: 'special', normalize });

export const MAXMEMORY_POLICIES = [
  'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl',
  'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction',
] as const;

/** save "<seconds> <changes> ..." pairs (or "" for none). */
function normalizeSave(value: string): string | { error: string } {
  const parts = value.split(' ').filter((p) => p !== '');
  if (parts.length % 2 !== 0) return { error: 'Invalid save parameters' };
  for (const p of parts) if (!/^\d+$/.test(p)) return { error: 'Invalid save parameters' };
  return parts.map((p) => String(Number(p))).join(' ');
}

function normalizeBind(value: string): string | { error: string } {
  const parts = value.split(' ').filter((p) => p !== '');
  if (parts.length > 16) return { error: 'Too many bind addresses specified.' };
  return parts.join(' ');
}

function normalizeOutputLimits(value: string): string | { error: string } {
  const parts = value.split(' ').filter((p) => p !== '');
  if (parts.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
  const limits = new Map<string, string>([
    ['normal', '0 0 0'], ['slave', '268435456 67108864 60'], ['pubsub', '33554432 8388608 60'],
  ]);
  for (let i = 0; i < parts.length; i += 4) {
    let cls = parts[i].toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!limits.has(cls)) return { error: 'Invalid client class specified in buffer limit configuration.' };
    const hard = parseMemory(parts[i + 1]);
    const soft = parseMemory(parts[i + 2]);
    const secs = parseStrictInt(parts[i + 3]);
    if (hard === null || soft === null || secs === null || hard < 0 || soft < 0 || secs < 0) {
      return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
    limits.set(cls, `${hard} ${soft} ${secs}`);
  }
  return [...limits].map(([k, v]) => `${k} ${v}`).join(' ');
}

// Keyspace notification classes, as notify.c.
const NOTIFY_CLASSES = 'g$lshzxetd';
function normalizeNotify(value: string): string | { error: string } {
  const flags = new Set<string>();
  for (const ch of value) {
    if (ch === 'A') for (const c of NOTIFY_CLASSES) flags.add(c);
    else if ('g$lshzxeKEtmdn'.includes(ch)) flags.add(ch);
    else return { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
  }
  let out = '';
  if ([...NOTIFY_CLASSES].every((c) => flags.has(c))) out = 'A';
  else for (const c of 'g$lshzxetdn') if (flags.has(c)) out += c;
  if (out === 'A' && flags.has('n')) out += 'n';
  for (const c of 'KEm') if (flags.has(c)) out += c;
  return out;
}

export const CONFIG_DEFS: readonly ConfigDef[] = [
  // network
  { name: 'port', kind: int(0, 65535), default: '6379' },
  { name: 'bind', kind: special(normalizeBind), default: '127.0.0.1' },
  { name: 'protected-mode', kind: bool(), default: 'yes' },
  { name: 'tcp-backlog', kind: int(0, INT_MAX), default: '511', immutable: true },
  { name: 'unixsocket', kind: str(), default: '', immutable: true },
  { name: 'timeout', kind: int(0, INT_MAX), default: '0' },
  { name: 'tcp-keepalive', kind: int(0, INT_MAX), default: '300' },
  { name: 'maxclients', kind: int(1, INT_MAX), default: '10000' },
  { name: 'io-threads', kind: int(1, 128), default: '1', immutable: true },
  // general
  { name: 'daemonize', kind: bool(), default: 'no', immutable: true },
  { name: 'supervised', kind: oneOf('upstart', 'systemd', 'auto', 'no'), default: 'no', immutable: true },
  { name: 'pidfile', kind: str(), default: '', immutable: true },
  { name: 'loglevel', kind: oneOf('debug', 'verbose', 'notice', 'warning'), default: 'notice' },
  { name: 'logfile', kind: str(), default: '', immutable: true },
  { name: 'syslog-enabled', kind: bool(), default: 'no', immutable: true },
  { name: 'databases', kind: int(1, INT_MAX), default: '16', immutable: true },
  { name: 'always-show-logo', kind: bool(), default: 'no', immutable: true },
  { name: 'set-proc-title', kind: bool(), default: 'yes', immutable: true },
  { name: 'hz', kind: int(0, INT_MAX), default: '10' },
  { name: 'dynamic-hz', kind: bool(), default: 'yes' },
  { name: 'enable-debug-command', kind: oneOf('no', 'yes', 'local'), default: 'no', immutable: true },
  { name: 'enable-protected-configs', kind: oneOf('no', 'yes', 'local'), default: 'no', immutable: true },
  { name: 'enable-module-command', kind: oneOf('no', 'yes', 'local'), default: 'no', immutable: true },
  { name: 'crash-log-enabled', kind: bool(), default: 'yes' },
  { name: 'oom-score-adj', kind: oneOf('no', 'yes', 'relative', 'absolute'), default: 'no' },
  // security
  { name: 'requirepass', kind: str(), default: '' },
  // persistence (accepted; snapshots and AOF come later)
  { name: 'save', kind: special(normalizeSave), default: '3600 1 300 100 60 10000' },
  { name: 'dir', kind: str(), default: process.cwd(), protected: true },
  { name: 'dbfilename', kind: str(), default: 'dump.rdb', protected: true },
  { name: 'rdbcompression', kind: bool(), default: 'yes' },
  { name: 'rdbchecksum', kind: bool(), default: 'yes' },
  { name: 'stop-writes-on-bgsave-error', kind: bool(), default: 'yes' },
  { name: 'appendonly', kind: bool(), default: 'no' },
  { name: 'appendfilename', kind: str(), default: 'appendonly.aof', immutable: true },
  { name: 'appenddirname', kind: str(), default: 'appendonlydir', immutable: true },
  { name: 'appendfsync', kind: oneOf('always', 'everysec', 'no'), default: 'everysec' },
  // memory
  { name: 'maxmemory', kind: mem(0, LLONG_MAX), default: '0' },
  { name: 'maxmemory-policy', kind: oneOf(...MAXMEMORY_POLICIES), default: 'noeviction' },
  { name: 'maxmemory-samples', kind: int(1, INT_MAX), default: '5' },
  { name: 'maxmemory-eviction-tenacity', kind: int(0, 100), default: '10' },
  { name: 'maxmemory-clients', kind: mem(0, LLONG_MAX), default: '0' },
  { name: 'lfu-log-factor', kind: int(0, INT_MAX), default: '10' },
  { name: 'lfu-decay-time', kind: int(0, INT_MAX), default: '1' },
  { name: 'active-expire-effort', kind: int(1, 10), default: '1' },
  { name: 'lazyfree-lazy-eviction', kind: bool(), default: 'no' },
  { name: 'lazyfree-lazy-expire', kind: bool(), default: 'no' },
  { name: 'lazyfree-lazy-server-del', kind: bool(), default: 'no' },
  { name: 'lazyfree-lazy-user-del', kind: bool(), default: 'no' },
  { name: 'lazyfree-lazy-user-flush', kind: bool(), default: 'no' },
  { name: 'activedefrag', kind: bool(), default: 'no' },
  // clients and protocol
  { name: 'proto-max-bulk-len', kind: mem(1024 * 1024, LLONG_MAX), default: String(512 * 1024 * 1024) },
  { name: 'client-query-buffer-limit', kind: mem(1024 * 1024, LLONG_MAX), default: String(1024 * 1024 * 1024) },
  { name: 'client-output-buffer-limit', kind: special(normalizeOutputLimits), default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60' },
  // scripting
  { name: 'busy-reply-threshold', aliases: ['lua-time-limit'], kind: int(0, LLONG_MAX), default: '5000' },
  /** Ferrous: memory budget of the Lua engine in bytes, 0 = unlimited. */
  { name: 'lua-maxmemory', kind: mem(0, LLONG_MAX), default: '0' },
  /** Ferrous: a script still running after this many ms without having written is re-run in time slices (busy-script mode). */
  { name: 'script-pause-threshold', kind: int(0, LLONG_MAX), default: '100' },
  // events and diagnostics
  { name: 'notify-keyspace-events', kind: special(normalizeNotify), default: '' },
  { name: 'slowlog-log-slower-than', kind: int(-1, LLONG_MAX), default: '10000' },
  { name: 'slowlog-max-len', kind: int(0, LLONG_MAX), default: '128' },
  { name: 'latency-monitor-threshold', kind: int(0, LLONG_MAX), default: '0' },
  { name: 'latency-tracking', kind: bool(), default: 'yes' },
  // replication (standalone only; accepted for compatibility)
  { name: 'replica-read-only', aliases: ['slave-read-only'], kind: bool(), default: 'yes' },
  { name: 'replica-serve-stale-data', aliases: ['slave-serve-stale-data'], kind: bool(), default: 'yes' },
  { name: 'cluster-enabled', kind: bool(), default: 'no', immutable: true },
  // No replica ever connects, so any min-replicas-to-write > 0 refuses writes (NOREPLICAS).
  { name: 'min-replicas-to-write', aliases: ['min-slaves-to-write'], kind: int(0, INT_MAX), default: '0' },
  { name: 'min-replicas-max-lag', aliases: ['min-slaves-max-lag'], kind: int(0, INT_MAX), default: '10' },
  // encodings of the data types
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], kind: int(0, LLONG_MAX), default: '512' },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], kind: int(0, LLONG_MAX), default: '64' },
  { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], kind: int(-5, INT_MAX), default: '-2' },
  { name: 'list-compress-depth', kind: int(0, INT_MAX), default: '0' },
  { name: 'set-max-intset-entries', kind: int(0, LLONG_MAX), default: '512' },
  { name: 'set-max-listpack-entries', kind: int(0, LLONG_MAX), default: '128' },
  { name: 'set-max-listpack-value', kind: int(0, LLONG_MAX), default: '64' },
  { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], kind: int(0, LLONG_MAX), default: '128' },
  { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], kind: int(0, LLONG_MAX), default: '64' },
  { name: 'stream-node-max-bytes', kind: mem(0, LLONG_MAX), default: '4096' },
  { name: 'hll-sparse-max-bytes', kind: mem(0, LLONG_MAX), default: '3000' },
  { name: 'stream-node-max-entries', kind: int(0, LLONG_MAX), default: '100' },
];

/** Redis's memtoull: digits with an optional unit b, k, kb, m, mb, g, gb (any case). */
export function parseMemory(value: string): number | null {
  const m = /^(\d+)([a-z]*)$/i.exec(value); // memtoull: no sign
  if (m === null) return null;
  const units: Record<string, number> = {
    '': 1, b: 1, k: 1000, kb: 1024, m: 1000 * 1000, mb: 1024 * 1024, g: 1000 * 1000 * 1000, gb: 1024 * 1024 * 1024,
  };
  const mul = units[m[2].toLowerCase()];
  if (mul === undefined) return null;
  return Number(m[1]) * mul;
}

/** Redis's string2ll: optional '-', digits, no leading zeros or '+'. */
export function parseStrictInt(value: string): number | null {
  if (!/^(0|-?[1-9]\d*)$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

const DEFS_BY_NAME = new Map<string, ConfigDef>();
for (const def of CONFIG_DEFS) {
  DEFS_BY_NAME.set(def.name, def);
  for (const alias of def.aliases ?? []) DEFS_BY_NAME.set(alias, def);
}

export function lookupConfigDef(name: string): ConfigDef | undefined {
  return DEFS_BY_NAME.get(name.toLowerCase());
}

/** Validates a value for an option; returns the canonical value or an error text. */
export function normalizeValue(def: ConfigDef, value: string): string | { error: string } {
  const kind = def.kind;
  switch (kind.type) {
    case 'bool': {
      const v = value.toLowerCase();
      if (v !== 'yes' && v !== 'no') return { error: "argument must be 'yes' or 'no'" };
      return v;
    }
    case 'int': {
      const n = kind.memory ? parseMemory(value) : parseStrictInt(value);
      if (n === null) {
        return { error: kind.memory ? 'argument must be a memory value' : "argument couldn't be parsed into an integer" };
      }
      if (n < kind.min || n > kind.max) {
        const max = kind.max === LLONG_MAX ? LLONG_MAX_TEXT : String(kind.max);
        return { error: `argument must be between ${kind.min} and ${max} inclusive` };
      }
      return String(n);
    }
    case 'enum': {
      const v = value.toLowerCase();
      if (!kind.values.includes(v)) return { error: `argument(s) must be one of the following: ${kind.values.join(', ')}` };
      return v;
    }
    case 'string':
      return value;
    case 'special':
      return kind.normalize(value);
  }
}

export type ConfigListener = (name: string, value: string) => void;

export class Config {
  private readonly values = new Map<string, string>();
  private readonly listeners: ConfigListener[] = [];
  /** The config file the server was started with (for CONFIG REWRITE), if any. */
  configFile: string | null = null;

  constructor(initial: Record<string, string> = {}) {
    for (const def of CONFIG_DEFS) this.values.set(def.name, def.default);
    for (const [name, value] of Object.entries(initial)) {
      const err = this.apply(name, value, true);
      if (err !== null) throw new Error(`config '${name}': ${err}`);
    }
  }

  /** Canonical value of an option (by name or alias), undefined if unknown. */
  get(name: string): string | undefined {
    const def = lookupConfigDef(name);
    return def === undefined ? undefined : this.values.get(def.name);
  }

  getInt(name: string): number {
    return Number(this.get(name));
  }

  getBool(name: string): boolean {
    return this.get(name) === 'yes';
  }

  /** Sets one option at run time (CONFIG SET rules); returns null or an error text. */
  set(name: string, value: string): string | null {
    return this.apply(name, value, false);
  }

  /** Sets an option; at startup (initial) immutable ones are allowed. */
  apply(name: string, value: string, initial: boolean): string | null {
    const def = lookupConfigDef(name);
    if (def === undefined) return 'Unknown option';
    if (def.immutable && !initial) return "can't set immutable config";
    const v = normalizeValue(def, value);
    if (typeof v !== 'string') return v.error;
    this.values.set(def.name, v);
    for (const l of this.listeners) l(def.name, v);
    return null;
  }

  /** Called with the canonical name and value after every change. */
  onChange(listener: ConfigListener): void {
    this.listeners.push(listener);
  }

  /**
   * CONFIG GET: the options matching any of the patterns, as [name, value] pairs. A pattern
   * without glob characters is an exact (case-insensitive) lookup and is answered under the
   * name as given; patterns match names and aliases.
   */
  match(patterns: readonly string[]): Array<[string, string]> {
    const out = new Map<string, string>();
    for (const pattern of patterns) {
      if (!/[[*?]/.test(pattern)) {
        const def = lookupConfigDef(pattern);
        if (def !== undefined && !out.has(pattern)) out.set(pattern, this.values.get(def.name)!);
        continue;
      }
      for (const def of CONFIG_DEFS) {
        if (def.hidden) continue;
        for (const name of [def.name, ...(def.aliases ?? [])]) {
          if (!out.has(name) && stringMatch(pattern, name, true)) out.set(name, this.values.get(def.name)!);
        }
      }
    }
    return [...out];
  }

  /** Canonical names of all options whose value differs from the default. */
  changed(): string[] {
    return CONFIG_DEFS.filter((d) => this.values.get(d.name) !== d.default).map((d) => d.name);
  }

  /**
   * CONFIG REWRITE: rewrites the config file keeping its comments and layout; options it
   * sets get their current value, options changed since and not in it are appended.
   */
  rewrite(): string | null {
    if (this.configFile === null) return 'ERR The server is running without a config file';
    let lines: string[] = [];
    try {
      lines = fs.existsSync(this.configFile) ? fs.readFileSync(this.configFile, 'latin1').split('\n') : [];
    } catch (e) {
      return `ERR Rewriting config file: ${(e as Error).message}`;
    }
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const written = new Set<string>();
    const out: string[] = [];
    for (const line of lines) {
      const args = splitArgs(line.trim());
      const def = args !== null && args.length > 0 && !line.trim().startsWith('#') ? lookupConfigDef(args[0]) : undefined;
      if (def === undefined) { out.push(line); continue; }
      if (written.has(def.name)) continue;
      written.add(def.name);
      out.push(this.configLine(def));
    }
    const extra = this.changed().filter((n) => !written.has(n));
    if (extra.length > 0) {
      out.push('# Generated by CONFIG REWRITE');
      for (const name of extra) out.push(this.configLine(DEFS_BY_NAME.get(name)!));
    }
    try {
      fs.writeFileSync(this.configFile, out.join('\n') + '\n', 'latin1');
    } catch (e) {
      return `ERR Rewriting config file: ${(e as Error).message}`;
    }
    return null;
  }

  private configLine(def: ConfigDef): string {
    const value = this.values.get(def.name)!;
    if (def.name === 'save' && value === '') return 'save ""';
    const quoted = def.kind.type === 'string' || value === '' || /[\s"'\\]/.test(value);
    if (!quoted) return `${def.name} ${value}`;
    if (def.kind.type === 'special') return `${def.name} ${value}`;
    return `${def.name} ${quoteArg(value)}`;
  }
}

/** Quotes a value so that splitArgs gives it back (Redis's sdscatrepr). */
export function quoteArg(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c < 32 || c > 126) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/**
 * Parses redis.conf text into [name, value] pairs (several arguments are joined by spaces;
 * repeated 'save' lines accumulate). Throws an Error shaped like Redis's fatal config error.
 */
export function parseConfigText(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const lines = text.split('\n');
  let saveSeen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const args = splitArgs(line);
    const fail = (why: string) => {
      throw new Error(`\n*** FATAL CONFIG FILE ERROR (Ferrous) ***\nReading the configuration file, at line ${i + 1}\n>>> '${line}'\n${why}`);
    };
    if (args === null) fail('Unbalanced quotes in configuration line');
    if (args!.length === 0) continue;
    const name = args![0].toLowerCase();
    const def = lookupConfigDef(name);
    if (def === undefined || args!.length < 2) fail('Bad directive or wrong number of arguments');
    let value = args!.slice(1).join(' ');
    if (def!.name === 'save') {
      // Each save line adds a point; `save ""` clears them.
      const previous = saveSeen ? out.filter(([n]) => n === 'save').map(([, v]) => v).pop() ?? '' : '';
      if (value !== '' && previous !== '') value = `${previous} ${value}`;
      saveSeen = true;
    }
    const v = normalizeValue(def!, value);
    if (typeof v !== 'string') fail(v.error);
    out.push([def!.name, value]);
  }
  return out;
}
