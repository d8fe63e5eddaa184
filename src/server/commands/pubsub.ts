// Pub/Sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB CHANNELS /
// NUMSUB / NUMPAT / SHARDCHANNELS / SHARDNUMSUB / HELP. State and delivery: src/server/pubsub.ts.

import type { CommandContext, CommandSpec } from '../../commands/types';
import type { Client } from '../client';
import type { Engine } from '../engine';
import { pubsubOf } from '../pubsub';
import { compileMatcher } from '../../store/glob';

const ps = (ctx: CommandContext) => pubsubOf(ctx.engine as unknown as Engine);
const clientOf = (ctx: CommandContext): Client => ctx.client as Client;

function subscribe(ctx: CommandContext): void {
  const state = ps(ctx), client = clientOf(ctx);
  for (let i = 1; i < ctx.argv.length; i++) state.subscribe(client, ctx.reply, ctx.argv[i], 'channel');
}

function ssubscribe(ctx: CommandContext): void {
  const state = ps(ctx), client = clientOf(ctx);
  for (let i = 1; i < ctx.argv.length; i++) state.subscribe(client, ctx.reply, ctx.argv[i], 'shard');
}

function psubscribe(ctx: CommandContext): void {
  const state = ps(ctx), client = clientOf(ctx);
  for (let i = 1; i < ctx.argv.length; i++) state.psubscribe(client, ctx.reply, ctx.argv[i]);
}

function unsubscribe(ctx: CommandContext): void {
  const state = ps(ctx), client = clientOf(ctx);
  if (ctx.argv.length === 1) { state.unsubscribeAll(client, ctx.reply, 'channel'); return; }
  for (let i = 1; i < ctx.argv.length; i++) state.unsubscribe(client, ctx.reply, ctx.argv[i], 'channel');
}

function sunsubscribe(ctx: CommandContext): void {
  const state = ps(ctx), client = clientOf(ctx);
  if (ctx.argv.length === 1) { state.unsubscribeAll(client, ctx.reply, 'shard'); return; }
  for (let i = 1; i < ctx.argv.length; i++) state.unsubscribe(client, ctx.reply, ctx.argv[i], 'shard');
}

function punsubscribe(ctx: CommandContext): void {
  const state = ps(ctx), client = clientOf(ctx);
  if (ctx.argv.length === 1) { state.punsubscribeAll(client, ctx.reply); return; }
  for (let i = 1; i < ctx.argv.length; i++) state.punsubscribe(client, ctx.reply, ctx.argv[i]);
}

function channelsReply(ctx: CommandContext, channels: Map<string, Set<Client>>): void {
  const match = ctx.argv.length > 2 ? compileMatcher(ctx.argv[2]) : null;
  const out: string[] = [];
  for (const ch of channels.keys()) if (match === null || match(ch)) out.push(ch);
  ctx.reply.arrayLen(out.length);
  for (const ch of out) ctx.reply.bulk(ch);
}

function numsubReply(ctx: CommandContext, channels: Map<string, Set<Client>>): void {
  // An array even in RESP3 (pubsubCommand's addReplyArrayLen).
  ctx.reply.arrayLen((ctx.argv.length - 2) * 2);
  for (let i = 2; i < ctx.argv.length; i++) {
    ctx.reply.bulk(ctx.argv[i]);
    ctx.reply.integer(channels.get(ctx.argv[i])?.size ?? 0);
  }
}

const PUBSUB_HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  '    Return the currently active shard level channels matching a <pattern> (default: \'*\').',
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

function sub(name: string, arity: number, handler: CommandSpec['handler'], flags: CommandSpec['flags'] = ['pubsub', 'loading', 'stale']): CommandSpec {
  return { name: `pubsub|${name}`, arity, flags, categories: ['pubsub', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0, handler };
}

const pubsubSubcommands: CommandSpec[] = [
  sub('channels', -2, (ctx) => channelsReply(ctx, ps(ctx).channels)),
  sub('numsub', -2, (ctx) => numsubReply(ctx, ps(ctx).channels)),
  sub('numpat', 2, (ctx) => ctx.reply.integer(ps(ctx).patterns.size)),
  sub('shardchannels', -2, (ctx) => channelsReply(ctx, ps(ctx).shardChannels)),
  sub('shardnumsub', -2, (ctx) => numsubReply(ctx, ps(ctx).shardChannels)),
  {
    name: 'pubsub|help', arity: 2, flags: ['loading', 'stale'], categories: ['slow'], firstKey: 0, lastKey: 0, keyStep: 0,
    handler: (ctx) => {
      ctx.reply.arrayLen(PUBSUB_HELP.length);
      for (const line of PUBSUB_HELP) ctx.reply.status(line);
    },
  },
];

const PS_FLAGS: CommandSpec['flags'] = ['pubsub', 'noscript', 'loading', 'stale'];
const shardKeys: Partial<CommandSpec> = {
  firstKey: 1, lastKey: -1, keyStep: 1,
  keySpecs: [{ flags: ['not_key'], beginSearch: { index: 1 }, findKeys: { lastKey: -1, keyStep: 1, limit: 0 } }],
};

function row(name: string, arity: number, flags: CommandSpec['flags'], categories: string[], handler: CommandSpec['handler'], extra: Partial<CommandSpec> = {}): CommandSpec {
  return { name, arity, flags, categories, firstKey: 0, lastKey: 0, keyStep: 0, handler, ...extra };
}

export const commands: CommandSpec[] = [
  row('subscribe', -2, PS_FLAGS, ['pubsub', 'slow'], subscribe),
  row('unsubscribe', -1, PS_FLAGS, ['pubsub', 'slow'], unsubscribe),
  row('psubscribe', -2, PS_FLAGS, ['pubsub', 'slow'], psubscribe),
  row('punsubscribe', -1, PS_FLAGS, ['pubsub', 'slow'], punsubscribe),
  row('ssubscribe', -2, PS_FLAGS, ['pubsub', 'slow'], ssubscribe, shardKeys),
  row('sunsubscribe', -1, PS_FLAGS, ['pubsub', 'slow'], sunsubscribe, shardKeys),
  // may_replicate (hidden by COMMAND INFO): read-only scripts refuse PUBLISH as a write.
  row('publish', 3, ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'], ['pubsub', 'fast'],
    (ctx) => ctx.reply.integer(ps(ctx).publish(ctx.argv[1], ctx.argv[2]))),
  row('spublish', 3, ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'], ['pubsub', 'fast'],
    (ctx) => ctx.reply.integer(ps(ctx).spublish(ctx.argv[1], ctx.argv[2])),
    { firstKey: 1, lastKey: 1, keyStep: 1, keySpecs: [{ flags: ['not_key'], beginSearch: { index: 1 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } }] }),
  {
    name: 'pubsub', arity: -2, flags: [], categories: ['slow'], firstKey: 0, lastKey: 0, keyStep: 0,
    subcommands: pubsubSubcommands, handler: (ctx) => ctx.reply.error(`ERR unknown subcommand '${ctx.argv[1]}'. Try PUBSUB HELP.`),
  },
];

/**
 * The (un)subscribe commands in the spellings clients send. Their confirmations are pushes
 * (Redis's CLIENT_PUSHING): they go out even under CLIENT REPLY OFF / SKIP.
 */
export const PUSH_REPLY_COMMANDS: ReadonlySet<string> = new Set(
  commands.filter((c) => c.name.endsWith('subscribe')).flatMap((c) => [c.name, c.name.toUpperCase()]),
);
