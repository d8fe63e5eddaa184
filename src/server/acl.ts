// ACL users, their rules and the permission checks: Redis 7.4's acl.c.
//
// A user has flags (on/off, nopass, sanitize-payload), password hashes (SHA-256 hex) and a
// list of selectors; the first is the root selector (the rules written outside parentheses).
// A selector holds the commands it allows (a set of full command names, 'config|get'), the
// first arguments allowed for otherwise denied commands (+select|0), key patterns with their
// read/write permissions, channel patterns, and `commandRules`: the command rules in the order
// they were given, which ACL LIST / GETUSER print back (Redis 7.2+, ACLUpdateCommandRules).
//
// The hot path: a user whose selectors grant every command, key and channel is `unrestricted`
// (recomputed after each change); dispatch then skips the check with one field test.

import { createHash, randomBytes } from 'node:crypto';
import type { CommandSpec } from '../commands/types';
import type { CommandTable } from './command-table';
import { getKeys } from '../commands/table';
import { stringMatch } from '../store/glob';

/** Key pattern permissions (ACL_READ_PERMISSION / ACL_WRITE_PERMISSION). */
export const PERM_READ = 1;
export const PERM_WRITE = 2;
export const PERM_ALL = 3;

/** Why a check failed (ACL_DENIED_*, in Redis's order of relevance). */
export const ACL_OK = 0;
export const DENIED_CMD = 1;
export const DENIED_KEY = 2;
export const DENIED_AUTH = 3;
export const DENIED_CHANNEL = 4;

/** The 21 categories, in Redis's order (ACL CAT, the describe order). */
export const CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection',
  'transaction', 'scripting',
];

interface KeyPattern {
  pattern: string;
  flags: number;
}

/** The SETUSER error kinds (errno values of ACLSetUser) and their texts. */
const ERR_TEXT: Record<string, string> = {
  ENOENT: 'Unknown command or category name in ACL',
  EINVAL: 'Syntax error',
  EEXIST: "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  EISDIR: "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  ENODEV: 'The password you are trying to remove from the user does not exist',
  EBADMSG: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  ECHILD: 'Allowing first-arg of a subcommand is not supported',
};

class RuleError extends Error {
  constructor(readonly errno: string) { super(errno); }
}

/** Redis's ACLStringHasSpaces: isspace() or NUL anywhere. */
function hasSpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c === 32 || (c >= 9 && c <= 13)) return true;
  }
  return false;
}

export function hashPassword(pass: string): string {
  return createHash('sha256').update(Buffer.from(pass, 'latin1')).digest('hex');
}

function validHash(h: string): boolean {
  return /^[0-9a-f]{64}$/.test(h);
}

export class Selector {
  allKeys = false;
  allChannels = false;
  allCommands = false;
  /** The reserved "future commands" bit: set only by +@all / allcommands. */
  future = false;
  allowed = new Set<string>();
  firstArgs: Map<string, string[]> | null = null;
  patterns: KeyPattern[] = [];
  channels: string[] = [];
  commandRules: string[] = [];

  constructor(readonly root: boolean) {}

  copy(): Selector {
    const s = new Selector(this.root);
    s.allKeys = this.allKeys;
    s.allChannels = this.allChannels;
    s.allCommands = this.allCommands;
    s.future = this.future;
    s.allowed = new Set(this.allowed);
    if (this.firstArgs !== null) {
      s.firstArgs = new Map();
      for (const [k, v] of this.firstArgs) s.firstArgs.set(k, v.slice());
    }
    s.patterns = this.patterns.map((p) => ({ pattern: p.pattern, flags: p.flags }));
    s.channels = this.channels.slice();
    s.commandRules = this.commandRules.slice();
    return s;
  }
}

export class AclUser {
  enabled = false;
  nopass = false;
  /** 'sanitize-payload', 'skip-sanitize-payload' or neither (7.2+: new users sanitize). */
  sanitize: 'on' | 'skip' | null = 'on';
  passwords: string[] = [];
  selectors: Selector[] = [new Selector(true)];
  /** Every command, key and channel allowed: dispatch skips the check (see file comment). */
  unrestricted = false;

  constructor(readonly name: string) {}

  get root(): Selector {
    return this.selectors[0];
  }

  copyFrom(src: AclUser): void {
    this.enabled = src.enabled;
    this.nopass = src.nopass;
    this.sanitize = src.sanitize;
    this.passwords = src.passwords.slice();
    this.selectors = src.selectors.map((s) => s.copy());
    this.unrestricted = src.unrestricted;
  }
}

/** One ACL LOG entry (ACLLogEntry). */
interface LogEntry {
  count: number;
  reason: number;
  context: string;
  object: string;
  username: string;
  ctime: number;
  cinfo: string;
  entryId: number;
  created: number;
}

/** A key reference of a call: its argv position and the key spec's access flags. */
interface KeyRef {
  pos: number;
  /** PERM_READ / PERM_WRITE bits the key needs (0: any pattern will do). */
  need: number;
}

/** The users of one engine, the ACL log and the checks. */
export class Acl {
  readonly users = new Map<string, AclUser>();
  readonly defaultUser: AclUser;
  readonly log: LogEntry[] = [];
  logMaxLen = 128;
  private nextEntryId = 0;
  /** acl_access_denied_* in INFO stats. */
  deniedAuth = 0;
  deniedCmd = 0;
  deniedKey = 0;
  deniedChannel = 0;
  private allNames: string[] | null = null;

  constructor(private readonly table: CommandTable) {
    const u = new AclUser('default');
    this.setUser(u, '+@all');
    this.setUser(u, '~*');
    this.setUser(u, '&*');
    this.setUser(u, 'on');
    this.setUser(u, 'nopass');
    this.refresh(u);
    this.users.set('default', u);
    this.defaultUser = u;
  }

  // ---- command lookup (ACLLookupCommand) --------------------------------------------------

  /** 'get' or 'config|get' (any case) as a command row, undefined if unknown. */
  lookup(name: string): CommandSpec | undefined {
    const parts = name.split('|');
    if (parts.length > 2) return undefined;
    const cmd = this.table.lookup([parts[0]]);
    if (cmd === undefined || parts.length === 1) return cmd;
    if (cmd.subcommands === undefined) return undefined;
    return this.table.lookup(parts);
  }

  /** Every command and subcommand name, for +@all. */
  private everyName(): string[] {
    if (this.allNames === null) {
      const names: string[] = [];
      for (const c of this.table.all()) {
        names.push(c.name);
        for (const s of c.subcommands ?? []) names.push(s.name);
      }
      this.allNames = names;
    }
    return this.allNames;
  }

  // ---- rules (ACLSetSelector / ACLSetUser) ------------------------------------------------

  private changePerm(sel: Selector, cmd: CommandSpec, allow: boolean): void {
    this.setBit(sel, cmd.name, allow);
    sel.firstArgs?.delete(cmd.name);
    for (const sub of cmd.subcommands ?? []) this.setBit(sel, sub.name, allow);
  }

  private setBit(sel: Selector, name: string, allow: boolean): void {
    if (allow) sel.allowed.add(name);
    else {
      sel.allowed.delete(name);
      sel.allCommands = false;
    }
  }

  /** ACLSelectorRemoveCommandRule + append: the rule moves to the end, replacing older ones. */
  private updateCommandRules(sel: Selector, rule: string, allow: boolean): void {
    const r = rule.toLowerCase();
    sel.commandRules = sel.commandRules.filter((old) => {
      const o = old.slice(1);
      return !(o === r || (o.length > r.length && o.startsWith(r) && o[r.length] === '|'));
    });
    sel.commandRules.push((allow ? '+' : '-') + r);
  }

  private setCategory(sel: Selector, category: string, allow: boolean): void {
    const cat = category.toLowerCase();
    if (!CATEGORIES.includes(cat)) throw new RuleError('ENOENT');
    this.updateCommandRules(sel, '@' + cat, allow);
    for (const c of this.table.all()) {
      if (c.categories.includes(cat)) this.changePerm(sel, c, allow);
      for (const s of c.subcommands ?? []) if (s.categories.includes(cat)) this.changePerm(sel, s, allow);
    }
  }

  setSelector(sel: Selector, op: string): void {
    const lower = op.toLowerCase();
    if (lower === 'allkeys' || op === '~*') {
      sel.allKeys = true;
      sel.patterns = [];
    } else if (lower === 'resetkeys') {
      sel.allKeys = false;
      sel.patterns = [];
    } else if (lower === 'allchannels' || op === '&*') {
      sel.allChannels = true;
      sel.channels = [];
    } else if (lower === 'resetchannels') {
      sel.allChannels = false;
      sel.channels = [];
    } else if (lower === 'allcommands' || lower === '+@all') {
      sel.allowed = new Set(this.everyName());
      sel.allCommands = true;
      sel.future = true;
      sel.commandRules = [];
      sel.firstArgs = null;
    } else if (lower === 'nocommands' || lower === '-@all') {
      sel.allowed = new Set();
      sel.allCommands = false;
      sel.future = false;
      sel.commandRules = [];
      sel.firstArgs = null;
    } else if (op[0] === '~' || op[0] === '%') {
      if (sel.allKeys) throw new RuleError('EEXIST');
      let flags = 0;
      let offset = 1;
      if (op[0] === '%') {
        let ok = true;
        for (; offset < op.length; offset++) {
          const ch = op[offset].toUpperCase();
          if (ch === 'R' && (flags & PERM_READ) === 0) flags |= PERM_READ;
          else if (ch === 'W' && (flags & PERM_WRITE) === 0) flags |= PERM_WRITE;
          else if (op[offset] === '~') { offset++; break; }
          else { ok = false; break; }
        }
        if (flags === 0 || !ok) throw new RuleError('EINVAL');
      } else {
        flags = PERM_ALL;
      }
      const pattern = op.slice(offset);
      if (hasSpaces(pattern)) throw new RuleError('EINVAL');
      const existing = sel.patterns.find((p) => p.pattern === pattern);
      if (existing === undefined) sel.patterns.push({ pattern, flags });
      else existing.flags |= flags;
      sel.allKeys = false;
    } else if (op[0] === '&') {
      if (sel.allChannels) throw new RuleError('EISDIR');
      const pattern = op.slice(1);
      if (hasSpaces(pattern)) throw new RuleError('EINVAL');
      if (!sel.channels.includes(pattern)) sel.channels.push(pattern);
      sel.allChannels = false;
    } else if (op[0] === '+' && op[1] !== '@') {
      const name = op.slice(1);
      const bar = name.lastIndexOf('|');
      if (bar < 0) {
        const cmd = this.lookup(name);
        if (cmd === undefined) throw new RuleError('ENOENT');
        this.changePerm(sel, cmd, true);
        this.updateCommandRules(sel, cmd.name, true);
      } else {
        const base = this.lookup(name.slice(0, bar));
        const sub = name.slice(bar + 1);
        if (base === undefined) throw new RuleError('ENOENT');
        if (base.name.includes('|')) throw new RuleError('ECHILD');
        if (sub.length === 0) throw new RuleError('EINVAL');
        if (base.subcommands !== undefined) {
          const cmd = this.lookup(name);
          if (cmd === undefined) throw new RuleError('ENOENT');
          this.changePerm(sel, cmd, true);
        } else {
          // +select|0: a first argument allowed for an otherwise denied command.
          sel.firstArgs ??= new Map();
          const list = sel.firstArgs.get(base.name) ?? [];
          if (!list.some((a) => a.toLowerCase() === sub.toLowerCase())) list.push(sub);
          sel.firstArgs.set(base.name, list);
        }
        this.updateCommandRules(sel, name, true);
      }
    } else if (op[0] === '-' && op[1] !== '@') {
      const cmd = this.lookup(op.slice(1));
      if (cmd === undefined) throw new RuleError('ENOENT');
      this.changePerm(sel, cmd, false);
      this.updateCommandRules(sel, cmd.name, false);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      this.setCategory(sel, op.slice(2), op[0] === '+');
    } else {
      throw new RuleError('EINVAL');
    }
  }

  /** One SETUSER rule applied to u (ACLSetUser); throws RuleError. */
  setUser(u: AclUser, op: string): void {
    if (op.length === 0) return;
    const lower = op.toLowerCase();
    if (lower === 'on') u.enabled = true;
    else if (lower === 'off') u.enabled = false;
    else if (lower === 'skip-sanitize-payload') u.sanitize = 'skip';
    else if (lower === 'sanitize-payload') u.sanitize = 'on';
    else if (lower === 'nopass') {
      u.nopass = true;
      u.passwords = [];
    } else if (lower === 'resetpass') {
      u.nopass = false;
      u.passwords = [];
    } else if (op[0] === '>' || op[0] === '#') {
      let hash: string;
      if (op[0] === '>') hash = hashPassword(op.slice(1));
      else {
        hash = op.slice(1);
        if (!validHash(hash)) throw new RuleError('EBADMSG');
      }
      if (!u.passwords.includes(hash)) u.passwords.push(hash);
      u.nopass = false;
    } else if (op[0] === '<' || op[0] === '!') {
      let hash: string;
      if (op[0] === '<') hash = hashPassword(op.slice(1));
      else {
        hash = op.slice(1);
        if (!validHash(hash)) throw new RuleError('EBADMSG');
      }
      const i = u.passwords.indexOf(hash);
      if (i < 0) throw new RuleError('ENODEV');
      u.passwords.splice(i, 1);
    } else if (op[0] === '(' && op[op.length - 1] === ')') {
      const sel = new Selector(false);
      for (const part of splitArgs(op.slice(1, -1))) this.setSelector(sel, part);
      u.selectors.push(sel);
    } else if (lower === 'clearselectors') {
      u.selectors.length = 1;
    } else if (lower === 'reset') {
      this.setUser(u, 'resetpass');
      this.setUser(u, 'resetkeys');
      this.setUser(u, 'resetchannels');
      this.setUser(u, 'off');
      this.setUser(u, 'sanitize-payload');
      this.setUser(u, 'clearselectors');
      this.setUser(u, '-@all');
    } else {
      this.setSelector(u.root, op);
    }
  }

  /** Recomputes the unrestricted flag after a change. */
  refresh(u: AclUser): void {
    u.unrestricted = u.selectors.some((s) => s.allCommands && s.allKeys && s.allChannels);
  }

  /**
   * ACL SETUSER name rules...: all rules are staged on a copy and applied together.
   * Returns null on success or the error text (without "ERR ").
   */
  setUserRules(name: string, rules: readonly string[], beforeApply?: (updated: AclUser, original: AclUser) => void): string | null {
    // Selectors may be spread over several arguments: "(~x" "+get)" (ACLMergeSelectorArguments).
    const merged: string[] = [];
    let open = -1;
    let acc = '';
    for (let j = 0; j < rules.length; j++) {
      const op = rules[j];
      if (open === -1 && op[0] === '(' && op[op.length - 1] !== ')') {
        acc = op;
        open = j;
        continue;
      }
      if (open !== -1) {
        acc += ' ' + op;
        if (op[op.length - 1] === ')') {
          open = -1;
          merged.push(acc);
        }
        continue;
      }
      merged.push(op);
    }
    if (open !== -1) return `Unmatched parenthesis in acl selector starting at '${rules[open]}'.`;
    const existing = this.users.get(name);
    const temp = new AclUser(name);
    if (existing !== undefined) temp.copyFrom(existing);
    for (const op of merged) {
      try {
        this.setUser(temp, op);
      } catch (e) {
        if (!(e instanceof RuleError)) throw e;
        return `Error in ACL SETUSER modifier '${op}': ${ERR_TEXT[e.errno] ?? 'Wrong format'}`;
      }
    }
    this.refresh(temp);
    if (existing !== undefined && beforeApply !== undefined) beforeApply(temp, existing);
    if (existing !== undefined) existing.copyFrom(temp);
    else this.users.set(name, temp);
    return null;
  }

  /** requirepass: the default user's password (ACLUpdateDefaultUserPassword). */
  setDefaultPassword(pass: string): void {
    this.setUser(this.defaultUser, 'resetpass');
    this.setUser(this.defaultUser, pass === '' ? 'nopass' : '>' + pass);
  }

  /** New connections must AUTH when the default user needs a password or is off. */
  get authRequired(): boolean {
    return !this.defaultUser.nopass || !this.defaultUser.enabled;
  }

  /** ACLCheckUserCredentials: the user if the pair is valid, else null. */
  checkCredentials(name: string, pass: string): AclUser | null {
    const u = this.users.get(name);
    if (u === undefined || !u.enabled) return null;
    if (u.nopass) return u;
    const hash = hashPassword(pass);
    return u.passwords.includes(hash) ? u : null;
  }

  // ---- describing users -------------------------------------------------------------------

  describeCommandRules(sel: Selector): string {
    let out = sel.future ? '+@all' : '-@all';
    if (sel.commandRules.length !== 0) out += ' ' + sel.commandRules.join(' ');
    return out;
  }

  private describeSelector(sel: Selector): string {
    let res = '';
    if (sel.allKeys) res += '~* ';
    else for (const p of sel.patterns) res += patternString(p) + ' ';
    if (sel.allChannels) res += '&* ';
    else {
      res += 'resetchannels ';
      for (const c of sel.channels) res += '&' + c + ' ';
    }
    return res + this.describeCommandRules(sel);
  }

  /** ACLDescribeUser: the rules after "user <name> " in ACL LIST. */
  describeUser(u: AclUser): string {
    let res = '';
    for (const f of userFlags(u)) res += f + ' ';
    for (const p of u.passwords) res += '#' + p + ' ';
    for (const sel of u.selectors) {
      const d = this.describeSelector(sel);
      res += sel.root ? d : ` (${d})`;
    }
    return res;
  }

  keysString(sel: Selector): string {
    if (sel.allKeys) return '~*';
    return sel.patterns.map(patternString).join(' ');
  }

  channelsString(sel: Selector): string {
    if (sel.allChannels) return '&*';
    return sel.channels.map((c) => '&' + c).join(' ');
  }

  /** Users sorted as Redis's radix tree iterates them (by bytes). */
  sortedUsers(): AclUser[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  // ---- checks (ACLCheckAllUserCommandPerm) ------------------------------------------------

  /**
   * Whether u may run cmd with argv. Returns ACL_OK or a DENIED_* reason; on denial
   * `this.deniedPos` is the argv index of the offending key or channel (0 for the command).
   */
  check(u: AclUser, cmd: CommandSpec, argv: readonly string[]): number {
    let relevant = DENIED_CMD;
    let lastIdx = 0;
    let keys: KeyRef[] | null = null;
    const traits = traitsOf(cmd);
    for (const sel of u.selectors) {
      this.deniedPos = 0;
      let ret = traits.noAuth ? ACL_OK : this.checkCommandBits(sel, cmd, argv);
      if (ret === ACL_OK && !sel.allKeys && traits.hasKeys) {
        if (traits.singleKeyNeed !== -1) {
          // One key at a fixed position (GET, INCR, HSET ...): no key list to build. SET
          // (-2) only writes its key unless GET is given (setGetKeys).
          const pos = cmd.firstKey;
          const need = traits.singleKeyNeed === -2 ? setNeed(argv) : traits.singleKeyNeed;
          if (pos < argv.length && !keyAllowed(sel, argv[pos], need)) {
            ret = DENIED_KEY;
            this.deniedPos = pos;
          }
        } else {
          keys ??= keyRefs(cmd, argv);
          for (const k of keys) {
            if (!keyAllowed(sel, argv[k.pos], k.need)) {
              ret = DENIED_KEY;
              this.deniedPos = k.pos;
              break;
            }
          }
        }
      }
      if (ret === ACL_OK && !sel.allChannels && traits.channels !== CH_NONE) {
        const pattern = traits.channels === CH_PATTERNS;
        const end = traits.channels === CH_ONE ? 2 : argv.length;
        for (let i = 1; i < end; i++) {
          if (!channelAllowed(sel.channels, argv[i], pattern)) {
            ret = DENIED_CHANNEL;
            this.deniedPos = i;
            break;
          }
        }
      }
      if (ret === ACL_OK) return ACL_OK;
      if (ret > relevant || (ret === relevant && this.deniedPos > lastIdx)) {
        relevant = ret;
        lastIdx = this.deniedPos;
      }
    }
    this.deniedPos = lastIdx;
    return relevant;
  }

  /** The argv index the last failed check() blamed. */
  deniedPos = 0;

  private checkCommandBits(sel: Selector, cmd: CommandSpec, argv: readonly string[]): number {
    if (sel.allCommands) return ACL_OK;
    if (sel.allowed.has(cmd.name)) return ACL_OK;
    const args = sel.firstArgs?.get(cmd.name);
    if (args === undefined || argv.length < 2) return DENIED_CMD;
    const idx = cmd.name.includes('|') ? 2 : 1;
    const first = (argv[idx] ?? '').toLowerCase();
    return args.some((a) => a.toLowerCase() === first) ? ACL_OK : DENIED_CMD;
  }

  /** getAclErrorMessage. */
  errorMessage(reason: number, u: AclUser, cmd: CommandSpec, value: string, verbose: boolean): string {
    switch (reason) {
      case DENIED_CMD: return `User ${u.name} has no permissions to run the '${cmd.name}' command`;
      case DENIED_KEY: return verbose ? `User ${u.name} has no permissions to access the '${value}' key` : 'No permissions to access a key';
      default: return verbose ? `User ${u.name} has no permissions to access the '${value}' channel` : 'No permissions to access a channel';
    }
  }

  // ---- the ACL log ------------------------------------------------------------------------

  /** addACLLogEntry: counts the denial and records (or bumps) a log entry. */
  addLogEntry(reason: number, context: string, object: string, username: string, cinfo: string, now: number): void {
    if (reason === DENIED_AUTH) this.deniedAuth++;
    else if (reason === DENIED_CMD) this.deniedCmd++;
    else if (reason === DENIED_KEY) this.deniedKey++;
    else this.deniedChannel++;
    if (this.logMaxLen === 0) {
      this.log.length = 0;
      return;
    }
    // Similar entries within 60 s are grouped (ACLLogMatchEntry), among the 10 newest.
    for (let i = 0; i < this.log.length && i < 10; i++) {
      const e = this.log[i];
      if (e.reason === reason && e.context === context && Math.abs(e.ctime - now) <= 60000
        && e.object === object && e.username === username) {
        e.cinfo = cinfo;
        e.ctime = now;
        e.count++;
        this.log.splice(i, 1);
        this.log.unshift(e);
        return;
      }
    }
    this.log.unshift({ count: 1, reason, context, object, username, ctime: now, cinfo, entryId: this.nextEntryId++, created: now });
    if (this.log.length > this.logMaxLen) this.log.length = this.logMaxLen;
  }

  /** The ACL LOG entries to show, newest first. */
  logEntries(count: number): readonly LogEntry[] {
    return this.log.slice(0, Math.max(0, count));
  }

  resetLog(): void {
    this.log.length = 0;
  }

  static reasonName(reason: number): string {
    switch (reason) {
      case DENIED_CMD: return 'command';
      case DENIED_KEY: return 'key';
      case DENIED_CHANNEL: return 'channel';
      case DENIED_AUTH: return 'auth';
      default: return 'unknown';
    }
  }

  /** ACL GENPASS: bits/4 random hex characters (rounded up). */
  static genpass(bits: number): string {
    const chars = Math.floor((bits + 3) / 4);
    return randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
  }
}

export function userFlags(u: AclUser): string[] {
  const flags = [u.enabled ? 'on' : 'off'];
  if (u.nopass) flags.push('nopass');
  if (u.sanitize === 'skip') flags.push('skip-sanitize-payload');
  else if (u.sanitize === 'on') flags.push('sanitize-payload');
  return flags;
}

function patternString(p: KeyPattern): string {
  const prefix = p.flags === PERM_ALL ? '~' : p.flags === PERM_READ ? '%R~' : '%W~';
  return prefix + p.pattern;
}

function keyAllowed(sel: Selector, key: string, need: number): boolean {
  for (const p of sel.patterns) {
    if ((p.flags & need) !== need) continue;
    if (stringMatch(p.pattern, key)) return true;
  }
  return false;
}

function channelAllowed(list: readonly string[], channel: string, isPattern: boolean): boolean {
  for (const p of list) {
    // A PSUBSCRIBE pattern must equal an ACL pattern literally; channels are matched.
    if (isPattern ? p === channel : stringMatch(p, channel)) return true;
  }
  return false;
}

function hasKeys(cmd: CommandSpec): boolean {
  // Shard channels (SPUBLISH, SSUBSCRIBE) are key specs flagged not_key: no keys for ACL.
  if (cmd.keySpecs !== undefined && cmd.keySpecs.length !== 0 && cmd.keySpecs.every((k) => k.flags.includes('not_key'))) return false;
  return cmd.firstKey !== 0 || cmd.getKeys !== undefined || (cmd.keySpecs !== undefined && cmd.keySpecs.length !== 0);
}

/** SET's key: write only, read and write with GET (setGetKeys). */
function setNeed(argv: readonly string[]): number {
  for (let i = 3; i < argv.length; i++) {
    const a = argv[i];
    if (a.length === 3 && a.toLowerCase() === 'get') return PERM_ALL;
  }
  return PERM_WRITE;
}

/** Which arguments are channels: none, argv[1] (PUBLISH), argv[1..] (SUBSCRIBE), patterns (PSUBSCRIBE). */
const CH_NONE = 0;
const CH_ONE = 1;
const CH_ALL = 2;
const CH_PATTERNS = 3;

/** What the check needs to know of a command, computed once per command row. */
interface CommandTraits {
  noAuth: boolean;
  hasKeys: boolean;
  /** The need of the only key when the command has exactly one, at firstKey; else -1. */
  singleKeyNeed: number;
  channels: number;
}

const traitsCache = new WeakMap<CommandSpec, CommandTraits>();

function traitsOf(cmd: CommandSpec): CommandTraits {
  let t = traitsCache.get(cmd);
  if (t !== undefined) return t;
  const keys = hasKeys(cmd);
  let single = -1;
  if (cmd.name === 'set') single = -2;
  else if (keys && cmd.getKeys === undefined && cmd.firstKey > 0 && cmd.lastKey === cmd.firstKey
    && (cmd.keySpecs === undefined || cmd.keySpecs.length <= 1)) {
    const declared = REDIS_KEY_NEEDS.get(cmd.name);
    if (declared !== undefined && declared.length === 1) single = declared.charCodeAt(0) - 48;
    else if (cmd.keySpecs !== undefined && cmd.keySpecs.length === 1) single = needOf(cmd.keySpecs[0].flags);
    else single = cmd.flags.includes('write') ? PERM_WRITE : PERM_READ;
    if (single === 4) single = -1;
  }
  let channels = CH_NONE;
  if (cmd.name === 'publish' || cmd.name === 'spublish') channels = CH_ONE;
  else if (cmd.name === 'subscribe' || cmd.name === 'ssubscribe') channels = CH_ALL;
  else if (cmd.name === 'psubscribe') channels = CH_PATTERNS;
  t = { noAuth: cmd.flags.includes('no_auth'), hasKeys: keys, singleKeyNeed: single, channels };
  traitsCache.set(cmd, t);
  return t;
}

/**
 * What each key spec of a command needs, as Redis declares it: redis-server 7.0.15's COMMAND,
 * one digit per key spec in order (0: no flag test, 1: read, 2: write, 3: both, 4: not a key).
 * Our own rows do not all carry Redis's access details (some say only 'RO' / 'RW'); these
 * digits win when the spec count matches.
 */
const REDIS_KEY_NEEDS = new Map<string, string>(
  (
  'append:2 bitcount:1 bitfield:3 bitfield_ro:1 bitop:21 bitpos:1 blmove:32 blmpop:3 blpop:3 '
  + 'brpop:3 brpoplpush:32 bzmpop:3 bzpopmax:3 bzpopmin:3 copy:12 decr:3 decrby:3 del:2 dump:1 eval:3 '
  + 'eval_ro:1 evalsha:3 evalsha_ro:1 exists:0 expire:2 expireat:2 expiretime:1 fcall:3 fcall_ro:1 '
  + 'geoadd:2 geodist:1 geohash:1 geopos:1 georadius:122 georadius_ro:1 georadiusbymember:122 '
  + 'georadiusbymember_ro:1 geosearch:1 geosearchstore:21 get:1 getbit:1 getdel:3 getex:3 getrange:1 '
  + 'getset:3 hdel:2 hexists:0 hget:1 hgetall:1 hincrby:3 hincrbyfloat:3 hkeys:1 hlen:0 hmget:1 '
  + 'hmset:2 hrandfield:1 hscan:1 hset:2 hsetnx:2 hstrlen:0 hvals:1 incr:3 incrby:3 incrbyfloat:3 '
  + 'lcs:1 lindex:1 linsert:2 llen:0 lmove:32 lmpop:3 lpop:3 lpos:1 lpush:2 lpushx:2 lrange:1 lrem:2 '
  + 'lset:2 ltrim:2 memory|usage:0 mget:1 migrate:33 move:3 mset:2 msetnx:2 object|encoding:0 '
  + 'object|freq:0 object|idletime:0 object|refcount:0 persist:2 pexpire:2 pexpireat:2 pexpiretime:1 '
  + 'pfadd:2 pfcount:1 pfdebug:1 pfmerge:31 psetex:2 pttl:1 rename:32 renamenx:32 restore-asking:2 '
  + 'restore:2 rpop:3 rpoplpush:32 rpush:2 rpushx:2 sadd:2 scard:0 sdiff:1 sdiffstore:21 set:3 '
  + 'setbit:3 setex:2 setnx:2 setrange:2 sinter:1 sintercard:1 sinterstore:21 sismember:0 smembers:1 '
  + 'smismember:1 smove:32 sort:112 sort_ro:11 spop:3 spublish:4 srandmember:1 srem:2 sscan:1 '
  + 'ssubscribe:4 strlen:0 substr:1 sunion:1 sunionstore:21 sunsubscribe:4 touch:0 ttl:1 type:0 '
  + 'unlink:2 watch:0 xack:2 xadd:2 xautoclaim:2 xclaim:2 xdel:2 xgroup|create:2 '
  + 'xgroup|createconsumer:2 xgroup|delconsumer:2 xgroup|destroy:2 xgroup|setid:2 xinfo|consumers:1 '
  + 'xinfo|groups:1 xinfo|stream:1 xlen:0 xpending:1 xrange:1 xread:1 xreadgroup:1 xrevrange:1 '
  + 'xsetid:2 xtrim:2 zadd:2 zcard:0 zcount:1 zdiff:1 zdiffstore:21 zincrby:3 zinter:1 zintercard:1 '
  + 'zinterstore:21 zlexcount:1 zmpop:3 zmscore:1 zpopmax:3 zpopmin:3 zrandmember:1 zrange:1 '
  + 'zrangebylex:1 zrangebyscore:1 zrangestore:21 zrank:1 zrem:2 zremrangebylex:2 zremrangebyrank:2 '
  + 'zremrangebyscore:2 zrevrange:1 zrevrangebylex:1 zrevrangebyscore:1 zrevrank:1 zscan:1 zscore:1 '
  + 'zunion:1 zunionstore:21 '
  ).trim().split(' ').map((e) => {
    const i = e.lastIndexOf(':');
    return [e.slice(0, i), e.slice(i + 1)] as [string, string];
  }),
);

/** What a key spec's flags need from a pattern (ACLSelectorCheckKey). */
function needOf(flags: readonly string[]): number {
  let need = 0;
  let detailed = false;
  for (const f of flags) {
    if (f === 'access') need |= PERM_READ;
    else if (f === 'insert' || f === 'delete' || f === 'update') need |= PERM_WRITE;
    else continue;
    detailed = true;
  }
  if (detailed) return need;
  // A spec without access details: RO reads, OW / RM write, RW reads and writes.
  if (flags.includes('RO')) return PERM_READ;
  if (flags.includes('OW') || flags.includes('RM')) return PERM_WRITE;
  if (flags.includes('RW')) return PERM_ALL;
  return 0;
}

/**
 * The keys of a call with the access each needs: positions from the command table (legacy
 * range or getkeys), flags from the key specs that cover them (getKeysFromCommandWithSpecs).
 */
function keyRefs(cmd: CommandSpec, argv: readonly string[]): KeyRef[] {
  const positions = getKeys(cmd, argv);
  const specs = cmd.keySpecs;
  const byPos = new Map<number, number>();
  if (specs !== undefined) {
    const declared = REDIS_KEY_NEEDS.get(cmd.name);
    const useDeclared = declared !== undefined && declared.length === specs.length;
    for (let s = 0; s < specs.length; s++) {
      const ks = specs[s];
      const range = specRange(ks, argv);
      if (range === null) continue;
      const need = useDeclared ? declared.charCodeAt(s) - 48 : ks.flags.includes('not_key') ? 4 : needOf(ks.flags);
      for (let i = range.first; i <= range.last && i < argv.length; i += range.step) {
        if (!byPos.has(i)) byPos.set(i, need);
      }
    }
  }
  // SET without GET only overwrites its key (setGetKeys: OW update).
  const setWithoutGet = cmd.name === 'set' && setNeed(argv) === PERM_WRITE;
  const declared = REDIS_KEY_NEEDS.get(cmd.name);
  const fallback = declared !== undefined && declared.length === 1 ? declared.charCodeAt(0) - 48
    : specs !== undefined && specs.length === 1 ? needOf(specs[0].flags) : cmd.flags.includes('write') ? PERM_WRITE : PERM_READ;
  const refs: KeyRef[] = [];
  for (const pos of positions) {
    const need = setWithoutGet ? PERM_WRITE : byPos.get(pos) ?? fallback;
    if (need !== 4) refs.push({ pos, need }); // 4: not a key (shard channels)
  }
  return refs;
}

/** The argv range one key spec covers in argv, or null when it cannot be evaluated. */
function specRange(ks: NonNullable<CommandSpec['keySpecs']>[number], argv: readonly string[]): { first: number; last: number; step: number } | null {
  const argc = argv.length;
  let start: number;
  const bs = ks.beginSearch;
  if (bs === 'unknown') return null;
  if ('index' in bs) start = bs.index;
  else {
    const kw = bs.keyword.toLowerCase();
    start = -1;
    if (bs.startFrom >= 0) {
      for (let i = bs.startFrom; i < argc; i++) if (argv[i].toLowerCase() === kw) { start = i + 1; break; }
    } else {
      for (let i = argc + bs.startFrom; i > 0; i--) if (argv[i].toLowerCase() === kw) { start = i + 1; break; }
    }
    if (start < 0) return null;
  }
  if (start >= argc) return null;
  const fk = ks.findKeys;
  if (fk === 'unknown') return null;
  if ('lastKey' in fk) {
    const step = Math.max(1, fk.keyStep);
    let last: number;
    if (fk.lastKey >= 0) last = start + fk.lastKey;
    else if (fk.limit > 1) last = start + Math.floor((argc - start) / fk.limit) - 1;
    else last = argc + fk.lastKey;
    return { first: start, last, step };
  }
  const n = Number(argv[start + fk.keyNumIdx]);
  if (!Number.isInteger(n) || n < 0) return null;
  const first = start + fk.firstKey;
  const step = Math.max(1, fk.keyStep);
  return { first, last: first + (n - 1) * step, step };
}

/** sdssplitargs for selector contents: space-separated, with "..." and '...' quoting. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    let cur = '';
    if (s[i] === '"' || s[i] === "'") {
      const q = s[i++];
      while (i < s.length && s[i] !== q) {
        if (q === '"' && s[i] === '\\' && i + 1 < s.length) i++;
        cur += s[i++];
      }
      i++;
    } else {
      while (i < s.length && !/\s/.test(s[i])) cur += s[i++];
    }
    out.push(cur);
  }
  return out;
}

/**
 * The user of clients made outside any connection (embedded engines, Redis's NULL user): may
 * run everything. Connections get the engine's default user instead.
 */
export const UNRESTRICTED_USER = new AclUser('default');
UNRESTRICTED_USER.unrestricted = true;
UNRESTRICTED_USER.enabled = true;
UNRESTRICTED_USER.nopass = true;

/**
 * getUpcomingChannelList: null when `updated` may use every channel `original` could (no
 * subscriber can lose access), else the channel patterns `updated` allows.
 */
export function upcomingChannels(updated: AclUser, original: AclUser): string[] | null {
  if (updated.selectors.some((s) => s.allChannels)) return null;
  const upcoming: string[] = [];
  for (const s of updated.selectors) upcoming.push(...s.channels);
  for (const s of original.selectors) {
    if (s.allChannels) return upcoming;
    for (const c of s.channels) if (!upcoming.includes(c)) return upcoming;
  }
  return null;
}

/** ACLShouldKillPubsubClient: a subscription the upcoming channel list no longer allows. */
export function loosesSubscription(upcoming: readonly string[], channels: Iterable<string>, patterns: Iterable<string>): boolean {
  for (const p of patterns) if (!channelAllowed(upcoming, p, true)) return true;
  for (const c of channels) if (!channelAllowed(upcoming, c, false)) return true;
  return false;
}
