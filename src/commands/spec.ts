// Building blocks of command table rows shared by every family: the row constructor, container
// commands (CLIENT, CONFIG, OBJECT, ...) and Redis's HELP reply.

import type { CommandContext, CommandFlag, CommandSpec, Reply } from './types';
import { ERR_SYNTAX } from './util';


/** Builds a command table row; key positions default to none. */
export function spec(
  name: string, arity: number, flags: readonly CommandFlag[], categories: readonly string[],
  handler: (ctx: CommandContext) => void, extra: Partial<CommandSpec> = {},
): CommandSpec {
  return { name, arity, flags, categories, firstKey: 0, lastKey: 0, keyStep: 0, handler, ...extra };
}

/** A container command (CLIENT, CONFIG, ...): the engine dispatches to its subcommands. */
export function container(name: string, arity: number, subcommands: CommandSpec[]): CommandSpec {
  return spec(name, arity, [], ['slow'], (ctx) => {
    // Reached only when called with no subcommand and arity allowed it.
    ctx.reply.error(`ERR unknown subcommand '${ctx.argv[1] ?? ''}'. Try ${name.toUpperCase()} HELP.`);
  }, { subcommands });
}

/** Replies with a HELP text as Redis's addReplyHelp does. */
export function replyHelp(reply: Reply, command: string, lines: readonly string[]): void {
  const all = [`${command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`, ...lines, 'HELP', '    Prints this help.'];
  reply.arrayLen(all.length);
  for (const l of all) reply.status(l);
}
