// Keyspace notifications, the publishing side (Redis's notify.c): the engine's
// notifyKeyspaceEvent (what src/commands/notify.ts's notify() calls) and the events the
// keyspace raises itself (expired, evicted, new, keymiss).

import { NOTIFY_KEYSPACE, NOTIFY_KEYEVENT, NOTIFY_EXPIRED, NOTIFY_EVICTED, NOTIFY_KEY_MISS, NOTIFY_NEW, parseKeyspaceEvents } from '../commands/notify';
import type { Database } from '../store/keyspace';
import type { Engine } from './engine';
import { pubsubOf } from './pubsub';

/** notifyKeyspaceEvent: publishes the event for key in db if its class is enabled. */
export function notifyEvent(engine: Engine, flags: number, type: number, event: string, key: string, db: Database): void {
  if ((flags & type) === 0) return;
  const ps = pubsubOf(engine);
  if ((flags & NOTIFY_KEYSPACE) !== 0) ps.publish(`__keyspace@${db.id}__:${key}`, event);
  if ((flags & NOTIFY_KEYEVENT) !== 0) ps.publish(`__keyevent@${db.id}__:${event}`, key);
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
