// Transactions: MULTI / EXEC / DISCARD and optimistic locking with WATCH (Redis's multi.c).
//
// A client in MULTI has its commands queued by the engine's interceptCommand hook (which runs
// after every dispatch check, as Redis's processCommand queues just before call()); commands
// refused before running (unknown, arity, no_multi, OOM ...) flag the transaction, and EXEC
// then answers EXECABORT. EXEC runs the queue through the engine's call path with stats, the
// client still marked as in MULTI (so blocking commands time out at once and scripts never go
// busy), and blocked clients are served once EXEC is over (the engine's afterCommand step).
//
// WATCH records (db, key, expired-at-watch-time). Any change to a watched key (the keyspace's
// onModified hook fires for every write, deletion and expiry, also from scripts), FLUSHDB /
// FLUSHALL / SWAPDB touching a watched key, or a watched key that is logically expired at EXEC
// time marks the client dirty: its EXEC answers a null array.

import type { CommandSpec, Reply } from '../commands/types';
import type { Database } from '../store/keyspace';
import type { Client } from './client';
import type { Engine } from './engine';

/** Commands that run immediately inside MULTI instead of being queued (processCommand). */
const NOT_QUEUED = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

interface QueuedCommand {
  cmd: CommandSpec;
  argv: string[];
}

interface WatchedKey {
  db: Database;
  key: string;
  /** The key was logically expired when WATCH ran: its deletion by expiry is no change. */
  expired: boolean;
}

/** Per-client transaction state. */
interface ClientMulti {
  queue: QueuedCommand[] | null;
  /** A queued command was refused: EXEC answers EXECABORT (CLIENT_DIRTY_EXEC). */
  dirtyExec: boolean;
  /** A watched key changed: EXEC answers a null array (CLIENT_DIRTY_CAS). */
  dirtyCas: boolean;
  watched: WatchedKey[];
}

/** Per-engine transaction state: who watches what. */
class Transactions {
  readonly perClient = new WeakMap<Client, ClientMulti>();
  /** db -> key -> clients watching it. */
  readonly watchers = new Map<Database, Map<string, Set<Client>>>();
  watchedKeys = 0;

  constructor(readonly engine: Engine) {}

  stateOf(client: Client): ClientMulti {
    let s = this.perClient.get(client);
    if (s === undefined) {
      s = { queue: null, dirtyExec: false, dirtyCas: false, watched: [] };
      this.perClient.set(client, s);
    }
    return s;
  }

  /** touchWatchedKey: a write to db/key marks every client watching it dirty. */
  touch(db: Database, key: string): void {
    const byKey = this.watchers.get(db);
    if (byKey === undefined) return;
    const clients = byKey.get(key);
    if (clients === undefined) return;
    for (const c of [...clients]) {
      const s = this.stateOf(c);
      const wk = s.watched.find((w) => w.db === db && w.key === key);
      if (wk !== undefined && wk.expired && db.peek(key) === undefined) {
        // Already expired when watched, and now deleted: logically nothing changed.
        wk.expired = false;
        continue;
      }
      s.dirtyCas = true;
      // Dirty for good: no point in tracking its keys until EXEC.
      this.unwatchAll(c);
    }
  }

  /** touchAllWatchedKeysInDb: flags the clients watching keys that exist in db. */
  /**
   * touchAllWatchedKeysInDb around FLUSHDB / FLUSHALL / SWAPDB: called before the database is
   * emptied or swapped (`after` false: the keys it held) and after (`after` true: the keys it
   * holds now). A key already expired when watched, and still expired, is no change; nor is a
   * key that appears already expired (SWAPDB bringing a stale key), which is then watched as
   * expired.
   */
  touchExisting(db: Database, after = false): void {
    const byKey = this.watchers.get(db);
    if (byKey === undefined) return;
    for (const [key, clients] of [...byKey]) {
      if (db.peek(key) === undefined) continue;
      const stillExpired = db.isExpired(key);
      for (const c of [...clients]) {
        const s = this.stateOf(c);
        const wk = s.watched.find((w) => w.db === db && w.key === key);
        if (stillExpired && wk !== undefined && (wk.expired || after)) {
          wk.expired = true;
          continue;
        }
        s.dirtyCas = true;
        this.unwatchAll(c);
      }
    }
  }

  watch(client: Client, db: Database, key: string): void {
    const s = this.stateOf(client);
    for (const w of s.watched) if (w.db === db && w.key === key) return;
    s.watched.push({ db, key, expired: db.peek(key) !== undefined && db.isExpired(key) });
    let byKey = this.watchers.get(db);
    if (byKey === undefined) { byKey = new Map(); this.watchers.set(db, byKey); }
    let clients = byKey.get(key);
    if (clients === undefined) { clients = new Set(); byKey.set(key, clients); }
    clients.add(client);
    this.watchedKeys++;
  }

  unwatchAll(client: Client): void {
    const s = this.perClient.get(client);
    if (s === undefined || s.watched.length === 0) return;
    for (const w of s.watched) {
      const byKey = this.watchers.get(w.db);
      const clients = byKey?.get(w.key);
      if (clients === undefined) continue;
      clients.delete(client);
      if (clients.size === 0) byKey!.delete(w.key);
      this.watchedKeys--;
    }
    s.watched = [];
  }

  /** isWatchedKeyExpired: a watched key (alive when watched) has expired since. */
  watchedKeyExpired(s: ClientMulti): boolean {
    for (const w of s.watched) {
      if (!w.expired && w.db.peek(w.key) !== undefined && w.db.isExpired(w.key)) return true;
    }
    return false;
  }

  /** discardTransaction: leaves MULTI, forgets the queue and the WATCHes. */
  discard(client: Client): void {
    const s = this.stateOf(client);
    s.queue = null;
    s.dirtyExec = false;
    s.dirtyCas = false;
    client.multiCount = -1;
    this.unwatchAll(client);
  }
}

const states = new WeakMap<Engine, Transactions>();

function transactionsOf(engine: Engine): Transactions {
  const t = states.get(engine);
  if (t === undefined) throw new Error('transactions are not installed on this engine');
  return t;
}

/** Installs the MULTI hooks on an engine (called once by the engine's constructor). */
export function installTransactions(engine: Engine): void {
  const t = new Transactions(engine);
  states.set(engine, t);
  const ks = engine.keyspace;

  const prevModified = ks.onModified;
  ks.onModified = (db, key) => {
    if (prevModified !== null) prevModified(db, key);
    if (t.watchedKeys !== 0) t.touch(db, key);
  };
  const prevBefore = ks.beforeDatabaseChanged;
  ks.beforeDatabaseChanged = (db) => {
    if (prevBefore !== null) prevBefore(db);
    if (t.watchedKeys !== 0) t.touchExisting(db);
  };
  const prevChanged = ks.onDatabaseChanged;
  ks.onDatabaseChanged = (db) => {
    if (prevChanged !== null) prevChanged(db);
    // SWAPDB: keys that exist in the database now (brought by the swap) count too.
    if (t.watchedKeys !== 0) t.touchExisting(db, true);
  };

  engine.interceptCommand = (client, cmd, argv, reply) => {
    if (client.multiCount < 0) return false;
    if (NOT_QUEUED.has(cmd.name)) return false;
    const s = t.stateOf(client);
    if (cmd.flags.includes('no_multi')) {
      reply.error('ERR Command not allowed inside a transaction');
      s.dirtyExec = true;
      return true;
    }
    s.queue!.push({ cmd, argv });
    client.multiCount = s.queue!.length;
    reply.status('QUEUED');
    return true;
  };
  engine.onCommandRejected = (client, cmdName, text) => {
    if (client.multiCount >= 0) t.stateOf(client).dirtyExec = true;
    if (cmdName === 'exec' && text !== undefined) {
      // execCommandAbort: a refused EXEC (in MULTI or not, as Redis 7.0) ends the
      // transaction and says why.
      if (client.multiCount >= 0) t.discard(client);
      return `EXECABORT Transaction discarded because of: ${text.startsWith('ERR ') ? text.slice(4) : text}`;
    }
  };
  engine.queuedDenyoom = (client) => t.stateOf(client).queue?.some((q) => q.cmd.flags.includes('denyoom')) ?? false;
  engine.resetHooks.push((client) => { if (client.multiCount >= 0 || t.perClient.has(client)) t.discard(client); });
  engine.removeHooks.push((client) => t.unwatchAll(client));
}

/** True while the client is inside MULTI (or while its EXEC runs). */
export function inMulti(client: { multiCount?: number }): boolean {
  return typeof client.multiCount === 'number' && client.multiCount >= 0;
}

// ---- the commands ----------------------------------------------------------------------------

export function multi(engine: Engine, client: Client, reply: Reply): void {
  if (client.multiCount >= 0) { reply.error('ERR MULTI calls can not be nested'); return; }
  const s = transactionsOf(engine).stateOf(client);
  s.queue = [];
  s.dirtyExec = false;
  client.multiCount = 0;
  reply.status('OK');
}

export function discard(engine: Engine, client: Client, reply: Reply): void {
  if (client.multiCount < 0) { reply.error('ERR DISCARD without MULTI'); return; }
  transactionsOf(engine).discard(client);
  reply.status('OK');
}

export function exec(engine: Engine, client: Client, reply: Reply): void {
  if (client.multiCount < 0) { reply.error('ERR EXEC without MULTI'); return; }
  const t = transactionsOf(engine);
  const s = t.stateOf(client);
  if (s.dirtyExec) {
    reply.error('EXECABORT Transaction discarded because of previous errors.');
    t.discard(client);
    return;
  }
  if (s.dirtyCas || t.watchedKeyExpired(s)) {
    reply.nullArray();
    t.discard(client);
    return;
  }
  const queue = s.queue!;
  // Unwatch first: the transaction's own writes must not flag anybody's EXEC (ours is running).
  t.unwatchAll(client);
  reply.arrayLen(queue.length);
  for (const q of queue) {
    // The client stays "in MULTI" (multiCount >= 0) while its queue runs: blocking commands
    // then time out at once and scripts never go busy, as in Redis.
    engine.callFromScript(client, q.cmd, q.argv, reply);
  }
  t.discard(client);
}

export function watch(engine: Engine, client: Client, db: Database, keys: readonly string[], reply: Reply): void {
  if (client.multiCount >= 0) { reply.error('ERR WATCH inside MULTI is not allowed'); return; }
  const t = transactionsOf(engine);
  const s = t.stateOf(client);
  // Already dirty: EXEC will fail anyway, no need to watch more keys.
  if (!s.dirtyCas) for (const key of keys) t.watch(client, db, key);
  reply.status('OK');
}

export function unwatch(engine: Engine, client: Client, reply: Reply): void {
  const t = transactionsOf(engine);
  t.unwatchAll(client);
  const s = t.perClient.get(client);
  if (s !== undefined) s.dirtyCas = false;
  reply.status('OK');
}

/**
 * INFO clients: watching_clients (clients watching at least one key) and total_watched_keys
 * (distinct watched keys over all databases, as Redis counts its per-db watched_keys dicts).
 */
export function watchingInfo(engine: Engine): { clients: number; keys: number } {
  const t = states.get(engine);
  if (t === undefined || t.watchedKeys === 0) return { clients: 0, keys: 0 };
  const clients = new Set<Client>();
  let keys = 0;
  for (const byKey of t.watchers.values()) {
    keys += byKey.size;
    for (const watching of byKey.values()) for (const c of watching) clients.add(c);
  }
  return { clients: clients.size, keys };
}

/** Number of keys a client watches (CLIENT LIST watch=). */
export function watchCount(engine: Engine, client: Client): number {
  return states.get(engine)?.perClient.get(client)?.watched.length ?? 0;
}
