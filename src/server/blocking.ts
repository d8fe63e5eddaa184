// Blocked clients (Redis's blocked.c): BLPOP & co., BZPOPMIN & co., XREAD/XREADGROUP BLOCK
// and WAIT park their client here until a key they wait for can serve them, their timeout
// passes, CLIENT UNBLOCK frees them, or they disconnect.
//
// How a blocked client is served: as in Redis 7, the command is simply tried again. Every
// write to a key some client waits for marks the key ready (the keyspace's onModified hook);
// once the current top-level command has finished (the engine's afterCommand step: so pushes
// inside MULTI/EXEC or a script serve clients after the EXEC or the script), the clients
// waiting for each ready key retry their command in arrival order, as long as the key holds
// a value of the type they wait for. A retry that finds nothing leaves its client waiting.
//
// The connection holds a blocked client's pipelined commands (Client.blocked) and goes on
// with them once the client is unblocked.

import type { CommandContext, Reply } from '../commands/types';
import type { ObjectType } from '../store/object';
import type { Database } from '../store/keyspace';
import type { Client } from './client';
import type { Engine } from './engine';

/** What a blocking command leaves behind when it has to wait. */
export interface BlockRequest {
  /** Keys whose changes may serve the client (none for WAIT). */
  keys: readonly string[];
  /** The value type that can serve it (a key holding another type is not tried). */
  type: ObjectType | null;
  /** Milliseconds to wait; 0 = forever. */
  timeoutMs: number;
  /** Tries again: writes a complete reply and returns true, or writes nothing and returns false. */
  attempt(ctx: CommandContext): boolean;
  /** Writes the reply for an expired timeout (and CLIENT UNBLOCK ... TIMEOUT). */
  timedOut(reply: Reply): void;
  /**
   * XREADGROUP: the key was deleted or now holds another type; writes the error the client
   * is unblocked with (Redis's unblock_on_nokey). Others just keep waiting.
   */
  keyGone?(reply: Reply): void;
}

interface BlockedClient {
  client: Client;
  db: Database;
  argv: string[];
  request: BlockRequest;
  timer: NodeJS.Timeout | null;
}

/** Longest delay setTimeout takes; longer waits are re-armed. */
const MAX_TIMER_MS = 0x7fffffff;

class Blocking {
  /** db -> key -> clients waiting for it, in arrival order. */
  readonly byKey = new Map<Database, Map<string, BlockedClient[]>>();
  readonly byClient = new Map<Client, BlockedClient>();
  /** Keys written since the last serve, as db -> keys. */
  ready = new Map<Database, Set<string>>();
  private retryScheduled = false;

  constructor(readonly engine: Engine) {}

  block(ctx: CommandContext, request: BlockRequest): void {
    const client = ctx.client as Client;
    const b: BlockedClient = { client, db: ctx.db, argv: ctx.argv, request, timer: null };
    this.byClient.set(client, b);
    if (request.keys.length !== 0) {
      let byKey = this.byKey.get(ctx.db);
      if (byKey === undefined) { byKey = new Map(); this.byKey.set(ctx.db, byKey); }
      for (const key of request.keys) {
        let list = byKey.get(key);
        if (list === undefined) { list = []; byKey.set(key, list); }
        if (!list.includes(b)) list.push(b);
      }
    }
    if (request.timeoutMs > 0) this.armTimer(b, Date.now() + request.timeoutMs);
    client.blocked = true;
  }

  private armTimer(b: BlockedClient, deadline: number): void {
    const delay = deadline - Date.now();
    b.timer = setTimeout(() => {
      if (deadline - Date.now() > 0) { this.armTimer(b, deadline); return; }
      if (this.byClient.get(b.client) !== b) return;
      b.request.timedOut(b.client.writer);
      this.unblock(b);
    }, Math.min(Math.max(delay, 0), MAX_TIMER_MS));
    b.timer.unref();
  }

  /** Forgets a blocked client; if it is still connected, its pipelined commands go on. */
  unblock(b: BlockedClient, resume = true): void {
    if (this.byClient.get(b.client) !== b) return;
    this.byClient.delete(b.client);
    if (b.timer !== null) clearTimeout(b.timer);
    const byKey = this.byKey.get(b.db);
    if (byKey !== undefined) {
      for (const key of b.request.keys) {
        const list = byKey.get(key);
        if (list === undefined) continue;
        const i = list.indexOf(b);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) byKey.delete(key);
      }
    }
    const client = b.client;
    client.blocked = false;
    const resume_ = client.resumeAfterUnblock;
    client.resumeAfterUnblock = null;
    if (resume && resume_ !== null && !client.closed) setImmediate(resume_);
  }

  /**
   * FLUSHDB / FLUSHALL / SWAPDB changed a whole database: every key waited for in it is looked
   * at again (Redis's scanDatabaseForDeletedKeys and scanDatabaseForReadyKeys): a stream gone
   * releases XREADGROUP with its error, a key brought by SWAPDB serves its waiters.
   */
  databaseChanged(db: Database): void {
    const byKey = this.byKey.get(db);
    if (byKey === undefined || byKey.size === 0) return;
    for (const key of byKey.keys()) this.markReady(db, key);
  }

  keyWritten(db: Database, key: string): void {
    const byKey = this.byKey.get(db);
    if (byKey === undefined || !byKey.has(key)) return;
    this.markReady(db, key);
  }

  /** signalKeyAsReady: the key's waiters are served after the current command. */
  private markReady(db: Database, key: string): void {
    let keys = this.ready.get(db);
    if (keys === undefined) { keys = new Set(); this.ready.set(db, keys); }
    keys.add(key);
    this.engine.afterCommand = this.serveReady;
  }

  /** handleClientsBlockedOnKeys: serve the clients waiting for the keys written meanwhile. */
  readonly serveReady = (): void => {
    const engine = this.engine;
    engine.afterCommand = null;
    if (engine.busyScript !== null) {
      // A script running in slices must look atomic: serve once it has ended.
      if (!this.retryScheduled) {
        this.retryScheduled = true;
        setTimeout(() => { this.retryScheduled = false; this.serveReady(); }, 1).unref();
      }
      return;
    }
    // Serving may write further waited-for keys (BLMOVE into a key another client waits
    // for): go on until nothing is ready. Every round serves or drops at least one key.
    for (let round = 0; round < 1_000_000 && this.ready.size !== 0; round++) {
      const ready = this.ready;
      this.ready = new Map();
      for (const [db, keys] of ready) {
        for (const key of keys) this.serveKey(db, key);
      }
    }
    engine.afterCommand = null;
  };

  private serveKey(db: Database, key: string): void {
    const waiting = this.byKey.get(db)?.get(key);
    if (waiting === undefined) return;
    for (const b of [...waiting]) {
      if (this.byClient.get(b.client) !== b) continue;
      const v = db.peek(key);
      const errorsBefore = this.engine.errorReplies();
      if (v === undefined || db.isExpired(key) || (b.request.type !== null && (typeof v === 'string' || v.type !== b.request.type))) {
        if (b.request.keyGone !== undefined) {
          b.request.keyGone(b.client.writer);
          this.engine.countFailedCall(b.argv);
          this.unblock(b);
        }
        continue;
      }
      const client = b.client;
      const ctx: CommandContext = {
        argv: b.argv, reply: client.writer, client, db, keyspace: this.engine.keyspace, engine: this.engine,
      };
      if (b.request.attempt(ctx)) {
        if (this.engine.errorReplies() !== errorsBefore) this.engine.countFailedCall(b.argv);
        this.unblock(b);
      }
    }
  }
}

const states = new WeakMap<Engine, Blocking>();

export function installBlocking(engine: Engine): void {
  const state = new Blocking(engine);
  states.set(engine, state);
  const ks = engine.keyspace;
  const prev = ks.onModified;
  ks.onModified = (db, key) => {
    if (prev !== null) prev(db, key);
    if (state.byClient.size !== 0) state.keyWritten(db, key);
  };
  const prevChanged = ks.onDatabaseChanged;
  ks.onDatabaseChanged = (db) => {
    if (prevChanged !== null) prevChanged(db);
    if (state.byClient.size !== 0) state.databaseChanged(db);
  };
  engine.removeHooks.push((client) => {
    const b = state.byClient.get(client);
    if (b !== undefined) state.unblock(b, false);
  });
  engine.resetHooks.push((client) => {
    const b = state.byClient.get(client);
    if (b !== undefined) state.unblock(b, false);
  });
  engine.unblockClient = (id, withError) => {
    for (const [client, b] of state.byClient) {
      if (client.id !== id) continue;
      if (withError) {
        client.writer.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
        engine.countFailedCall(b.argv);
      } else {
        b.request.timedOut(client.writer);
      }
      state.unblock(b);
      return true;
    }
    return false;
  };
}

/**
 * True when the command may block: a real connection, not a script, not inside MULTI/EXEC
 * (Redis's CLIENT_DENY_BLOCKING); there the command behaves as if its timeout had passed.
 */
export function canBlock(ctx: CommandContext): boolean {
  const c = ctx.client as Partial<Client>;
  if (ctx.client.isScript) return false;
  if (typeof c.multiCount === 'number' && c.multiCount >= 0) return false;
  return c.transport !== undefined && c.transport !== null && states.has(ctx.engine as unknown as Engine);
}

/** Parks the client until request.attempt serves it (the caller checked canBlock). */
export function blockClient(ctx: CommandContext, request: BlockRequest): void {
  states.get(ctx.engine as unknown as Engine)!.block(ctx, request);
}

/**
 * INFO clients: total_blocking_keys (distinct keys some client waits for, over all databases),
 * total_blocking_keys_on_nokey (those with a waiter unblocked when the key goes away: XREADGROUP,
 * Redis's blocking_keys_unblock_on_nokey) and clients_in_timeout_table (blocked with a timeout).
 */
export function blockingInfo(engine: Engine): { keys: number; keysOnNokey: number; withTimeout: number } {
  const state = states.get(engine);
  if (state === undefined || state.byClient.size === 0) return { keys: 0, keysOnNokey: 0, withTimeout: 0 };
  let keys = 0, keysOnNokey = 0, withTimeout = 0;
  for (const byKey of state.byKey.values()) {
    keys += byKey.size;
    for (const waiting of byKey.values()) {
      if (waiting.some((b) => b.request.keyGone !== undefined)) keysOnNokey++;
    }
  }
  for (const b of state.byClient.values()) if (b.request.timeoutMs > 0) withTimeout++;
  return { keys, keysOnNokey, withTimeout };
}

/** Number of blocked clients (INFO blocked_clients). */
export function blockedClientCount(engine: Engine): number {
  return states.get(engine)?.byClient.size ?? 0;
}
