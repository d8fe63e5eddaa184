// MULTI, EXEC, DISCARD, WATCH, UNWATCH: the command rows; the state machine lives in
// src/server/multi.ts (queueing happens in the engine's dispatch hook installed there).

import type { CommandContext, CommandSpec } from '../../commands/types';
import type { Client } from '../client';
import type { Engine } from '../engine';
import { multi, exec, discard, watch, unwatch } from '../multi';

const engineOf = (ctx: CommandContext): Engine => ctx.engine as unknown as Engine;
const clientOf = (ctx: CommandContext): Client => ctx.client as Client;

function row(name: string, arity: number, flags: CommandSpec['flags'], categories: string[], handler: CommandSpec['handler'], keys: Partial<CommandSpec> = {}): CommandSpec {
  return { name, arity, flags, categories, firstKey: 0, lastKey: 0, keyStep: 0, handler, ...keys };
}

export const commands: CommandSpec[] = [
  row('multi', 1, ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], ['fast', 'transaction'],
    (ctx) => multi(engineOf(ctx), clientOf(ctx), ctx.reply)),
  row('exec', 1, ['noscript', 'loading', 'stale', 'skip_slowlog'], ['slow', 'transaction'],
    (ctx) => exec(engineOf(ctx), clientOf(ctx), ctx.reply)),
  row('discard', 1, ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], ['fast', 'transaction'],
    (ctx) => discard(engineOf(ctx), clientOf(ctx), ctx.reply)),
  row('watch', -2, ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], ['fast', 'transaction'],
    (ctx) => watch(engineOf(ctx), clientOf(ctx), ctx.db, ctx.argv.slice(1), ctx.reply),
    { firstKey: 1, lastKey: -1, keyStep: 1, keySpecs: [{ flags: ['RO'], beginSearch: { index: 1 }, findKeys: { lastKey: -1, keyStep: 1, limit: 0 } }] }),
  row('unwatch', 1, ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], ['fast', 'transaction'],
    (ctx) => unwatch(engineOf(ctx), clientOf(ctx), ctx.reply)),
];
