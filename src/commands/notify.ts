// Keyspace notifications as command handlers raise them (Redis's notify.c): with
// notify-keyspace-events set, a change publishes "__keyspace@<db>__:<key>" -> event and
// "__keyevent@<db>__:<event>" -> key through pub/sub. Handlers call notify(ctx, NOTIFY_*,
// 'event', key) after a change; the first test is one AND against the keyspace's cached
// bitmask, so it costs nothing when off. Publishing is the engine's job
// (EngineServices.notifyKeyspaceEvent, src/server/notify.ts).

import type { CommandContext } from './types';

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

/**
 * The helper command handlers call after a change: notify(ctx, NOTIFY_LIST, 'lpush', key).
 * Free when notifications are off (one field read and a compare).
 */
export function notify(ctx: CommandContext, type: number, event: string, key: string): void {
  const flags = ctx.keyspace.keyspaceEvents;
  if (flags === 0 || (flags & type) === 0) return;
  ctx.engine.notifyKeyspaceEvent(flags, type, event, key, ctx.db);
}
