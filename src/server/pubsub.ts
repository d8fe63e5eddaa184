// Pub/Sub (Redis's pubsub.c): channel, pattern and shard-channel subscriptions, PUBLISH /
// SPUBLISH delivery, and the PUBSUB introspection subcommands.
//
// Messages are written with Reply.pushLen: a RESP3 client gets push frames ('>'), a RESP2
// client plain arrays, exactly as Redis's addReplyPubsubMessage does. The subscription
// counts on Client (subscriptions, patternSubscriptions, shardSubscriptions) are kept here:
// the engine's RESP2 subscribed-mode restriction, CLIENT LIST and the output limits read them.
//
// A message to the client whose command is publishing it (PUBLISH to itself, a keyspace
// notification of its own write, from a script or inside EXEC too) is written after that
// command's reply, as Redis 7.2+ does (server.pending_push_messages): the engine defers it.

import type { Reply } from '../commands/types';
import { compileMatcher } from '../store/glob';
import type { Client } from './client';
import type { Engine } from './engine';

interface ClientSubs {
  channels: Set<string>;
  patterns: Set<string>;
  shards: Set<string>;
}

export type SubscriptionKind = 'channel' | 'shard';

interface Pattern {
  match: (s: string) => boolean;
  clients: Set<Client>;
}

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Pattern>();
  private readonly perClient = new WeakMap<Client, ClientSubs>();
  /** Set by installPubsub: a message to a client running a command waits for its reply. */
  pushMustWait: ((c: Client) => boolean) | null = null;
  deferPush: ((write: () => void) => void) | null = null;

  subsOf(client: Client): ClientSubs {
    let s = this.perClient.get(client);
    if (s === undefined) {
      s = { channels: new Set(), patterns: new Set(), shards: new Set() };
      this.perClient.set(client, s);
    }
    return s;
  }

  /** Channels + patterns: the count SUBSCRIBE/PSUBSCRIBE replies carry. */
  private static count(c: Client): number {
    return c.subscriptions + c.patternSubscriptions;
  }

  subscribe(client: Client, reply: Reply, channel: string, kind: SubscriptionKind): void {
    const s = this.subsOf(client);
    const mine = kind === 'shard' ? s.shards : s.channels;
    if (!mine.has(channel)) {
      mine.add(channel);
      const all = kind === 'shard' ? this.shardChannels : this.channels;
      let set = all.get(channel);
      if (set === undefined) { set = new Set(); all.set(channel, set); }
      set.add(client);
      if (kind === 'shard') client.shardSubscriptions++; else client.subscriptions++;
    }
    reply.pushLen(3);
    reply.bulk(kind === 'shard' ? 'ssubscribe' : 'subscribe');
    reply.bulk(channel);
    reply.integer(kind === 'shard' ? client.shardSubscriptions : PubSub.count(client));
  }

  /** Removes one channel subscription; replies when reply is given (not for RESET / close). */
  unsubscribe(client: Client, reply: Reply | null, channel: string, kind: SubscriptionKind): void {
    const s = this.subsOf(client);
    const mine = kind === 'shard' ? s.shards : s.channels;
    if (mine.delete(channel)) {
      const all = kind === 'shard' ? this.shardChannels : this.channels;
      const set = all.get(channel);
      if (set !== undefined) {
        set.delete(client);
        if (set.size === 0) all.delete(channel);
      }
      if (kind === 'shard') client.shardSubscriptions--; else client.subscriptions--;
    }
    if (reply === null) return;
    reply.pushLen(3);
    reply.bulk(kind === 'shard' ? 'sunsubscribe' : 'unsubscribe');
    reply.bulk(channel);
    reply.integer(kind === 'shard' ? client.shardSubscriptions : PubSub.count(client));
  }

  /** UNSUBSCRIBE / SUNSUBSCRIBE without arguments: every channel, or one reply with a null. */
  unsubscribeAll(client: Client, reply: Reply | null, kind: SubscriptionKind): void {
    const s = this.subsOf(client);
    const mine = kind === 'shard' ? s.shards : s.channels;
    if (mine.size === 0) {
      if (reply === null) return;
      reply.pushLen(3);
      reply.bulk(kind === 'shard' ? 'sunsubscribe' : 'unsubscribe');
      reply.bulk(null);
      reply.integer(kind === 'shard' ? client.shardSubscriptions : PubSub.count(client));
      return;
    }
    for (const ch of [...mine]) this.unsubscribe(client, reply, ch, kind);
  }

  psubscribe(client: Client, reply: Reply, pattern: string): void {
    const s = this.subsOf(client);
    if (!s.patterns.has(pattern)) {
      s.patterns.add(pattern);
      let p = this.patterns.get(pattern);
      if (p === undefined) { p = { match: compileMatcher(pattern), clients: new Set() }; this.patterns.set(pattern, p); }
      p.clients.add(client);
      client.patternSubscriptions++;
    }
    reply.pushLen(3);
    reply.bulk('psubscribe');
    reply.bulk(pattern);
    reply.integer(PubSub.count(client));
  }

  punsubscribe(client: Client, reply: Reply | null, pattern: string): void {
    const s = this.subsOf(client);
    if (s.patterns.delete(pattern)) {
      const p = this.patterns.get(pattern);
      if (p !== undefined) {
        p.clients.delete(client);
        if (p.clients.size === 0) this.patterns.delete(pattern);
      }
      client.patternSubscriptions--;
    }
    if (reply === null) return;
    reply.pushLen(3);
    reply.bulk('punsubscribe');
    reply.bulk(pattern);
    reply.integer(PubSub.count(client));
  }

  punsubscribeAll(client: Client, reply: Reply | null): void {
    const s = this.subsOf(client);
    if (s.patterns.size === 0) {
      if (reply === null) return;
      reply.pushLen(3);
      reply.bulk('punsubscribe');
      reply.bulk(null);
      reply.integer(PubSub.count(client));
      return;
    }
    for (const p of [...s.patterns]) this.punsubscribe(client, reply, p);
  }

  /** Forgets every subscription of a client (RESET, disconnect), without replies. */
  dropClient(client: Client): void {
    if (client.subscriptions + client.patternSubscriptions + client.shardSubscriptions === 0) return;
    this.unsubscribeAll(client, null, 'channel');
    this.unsubscribeAll(client, null, 'shard');
    this.punsubscribeAll(client, null);
  }

  /** PUBLISH: delivers to channel subscribers, then to matching patterns; returns receivers. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs !== undefined) {
      for (const c of subs) {
        receivers++;
        this.deliver(c, 'message', channel, message, undefined);
      }
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, p] of this.patterns) {
        if (!p.match(channel)) continue;
        for (const c of p.clients) {
          receivers++;
          this.deliver(c, 'pmessage', pattern, channel, message);
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: delivers to the shard channel's subscribers. */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (subs === undefined) return 0;
    for (const c of subs) this.deliver(c, 'smessage', channel, message, undefined);
    return subs.size;
  }

  /**
   * Writes one message push ([kind, a, b] or [kind, a, b, c]) to a subscriber, or, when the
   * subscriber is the client running the publishing command, after that command's reply
   * (Redis 7.2+ order).
   */
  private deliver(client: Client, kind: string, a: string, b: string, c: string | undefined): void {
    if (this.pushMustWait !== null && this.pushMustWait(client)) {
      this.deferPush!(() => writeMessage(client, kind, a, b, c));
    } else {
      writeMessage(client, kind, a, b, c);
    }
  }
}

/** A message push frame (message / pmessage / smessage) written to a client. */
function writeMessage(client: Client, kind: string, a: string, b: string, c: string | undefined): void {
  const w = client.writer;
  w.pushLen(c === undefined ? 3 : 4);
  w.bulk(kind);
  w.bulk(a);
  w.bulk(b);
  if (c !== undefined) w.bulk(c);
}

const states = new WeakMap<Engine, PubSub>();

export function installPubsub(engine: Engine): void {
  const ps = new PubSub();
  ps.pushMustWait = (c) => engine.pushMustWait(c);
  ps.deferPush = (write) => engine.deferPush(write);
  states.set(engine, ps);
  engine.pubsubCounts = () => ({ channels: ps.channels.size, patterns: ps.patterns.size });
  engine.resetHooks.push((client) => ps.dropClient(client));
  engine.removeHooks.push((client) => ps.dropClient(client));
}

/** The pub/sub state of an engine. */
export function pubsubOf(engine: Engine): PubSub {
  const ps = states.get(engine);
  if (ps === undefined) throw new Error('pub/sub is not installed on this engine');
  return ps;
}
