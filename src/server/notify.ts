// Keyspace notifications (Redis's notify.c): with notify-keyspace-events set, commands publish
// "__keyspace@<db>__:<key>" -> event and "__keyevent@<db>__:<event>" -> key messages through
// pub/sub. Command handlers call notify(ctx, NOTIFY_*, 'event', key) after a change; the
// first test is one AND against the keyspace's cached bitmask, so it costs nothing when off.

import type { CommandContext } from '../commands/types';
import type { Database } from '../store/keyspace';
import type { Engine } from './engine';
import { pubsubOf } from './pubsub';

export const NOTIFY_KEYSPACE = 1 << 0; // K
export const NOTIFY_KEYEVENT = 1 << 1; // E
export const NOTIFY_GENERIC = 1 << 2; // g
export const NOTIFY_STRING = 1 << 3; // $
export const NOTIFY_LIST = 1 << 4; // l
export const NOTIFY_SET = 1 << 5; // s
export const NOTIFY_HASH = 1 << 6; // h
export const NOTIFY_ZSET = 1 << 7; // z
export const NOTIFY_EXPIRED = 1 << 8; // x
export const NOTIFY_EVICTED = 1 << 9; // e
export const NOTIFY_STREAM = 1 << 10; // t
export const NOTIFY_KEY_MISS = 1 << 11; // m
export const NOTIFY_MODULE = 1 << 13; // d
export const NOTIFY_NEW = 1 << 14; // n
/** 'A': every class except m and n. */
const NOTIFY_ALL = NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET
  | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

/** keyspaceEventsStringToFlags. */
export function parseKeyspaceEvents(s: string): number {
  let flags = 0;
  for (const ch of s) {
    switch (ch) {
      case 'A': flags |= NOTIFY_ALL; break;
      case 'g': flags |= NOTIFY_GENERIC; break;
      case '$': flags |= NOTIFY_STRING; break;
      case 'l': flags |= NOTIFY_LIST; break;
      case 's': flags |= NOTIFY_SET; break;
      case 'h': flags |= NOTIFY_HASH; break;
      case 'z': flags |= NOTIFY_ZSET; break;
      case 'x': flags |= NOTIFY_EXPIRED; break;
      case 'e': flags |= NOTIFY_EVICTED; break;
      case 'K': flags |= NOTIFY_KEYSPACE; break;
      case 'E': flags |= NOTIFY_KEYEVENT; break;
      case 't': flags |= NOTIFY_STREAM; break;
      case 'm': flags |= NOTIFY_KEY_MISS; break;
      case 'd': flags |= NOTIFY_MODULE; break;
      case 'n': flags |= NOTIFY_NEW; break;
      default: break;
    }
  }
  // Neither K nor E: nothing is ever published (Redis stores the flags but sends nothing).
  if ((flags & (NOTIFY_KEYSPACE | NOTIFY_KEYEVENT)) === 0) return 0;
  return flags;
}

/** notifyKeyspaceEvent: publishes the event for key in db if its class is enabled. */
export function notifyEvent(engine: Engine, flags: number, type: number, event: string, key: string, db: Database): void {
  if ((flags & type) === 0) return;
  const ps = pubsubOf(engine);
  if ((flags & NOTIFY_KEYSPACE) !== 0) ps.publish(`__keyspace@${db.id}__:${key}`, event);
  if ((flags & NOTIFY_KEYEVENT) !== 0) ps.publish(`__keyevent@${db.id}__:${event}`, key);
}

/**
 * The helper command handlers call after a change: notify(ctx, NOTIFY_LIST, 'lpush', key).
 * Free when notifications are off (one field read and a compare).
 */
export function notify(ctx: CommandContext, type: number, event: string, key: string): void {
  const flags = ctx.keyspace.keyspaceEvents;
  if (flags === 0 || (flags & type) === 0) return;
  notifyEvent(ctx.engine as unknown as Engine, flags, type, event, key, ctx.db);
}

export function installNotify(engine: Engine): void {
  const ks = engine.keyspace;
  const refresh = () => { ks.keyspaceEvents = parseKeyspaceEvents(engine.config.get('notify-keyspace-events') ?? ''); };
  refresh();
  engine.config.onChange((name) => { if (name === 'notify-keyspace-events') refresh(); });
  // Keys removed by expiry (lazily or by the active cycle) and by eviction.
  const prevExpired = ks.onExpired;
  ks.onExpired = (db, key) => {
    if (prevExpired !== null) prevExpired(db, key);
    const flags = ks.keyspaceEvents;
    if (flags !== 0) notifyEvent(engine, flags, NOTIFY_EXPIRED, 'expired', key, db);
  };
  // Called by the keyspace only while some event class is enabled.
  ks.onNewKey = (db, key) => notifyEvent(engine, ks.keyspaceEvents, NOTIFY_NEW, 'new', key, db);
  ks.onKeyMiss = (db, key) => notifyEvent(engine, ks.keyspaceEvents, NOTIFY_KEY_MISS, 'keymiss', key, db);
  ks.onEvicted = (db, key) => notifyEvent(engine, ks.keyspaceEvents, NOTIFY_EVICTED, 'evicted', key, db);
}
