// The command table: every command family's rows in one registry, read by dispatch (lookup,
// arity, flags), by COMMAND / COMMAND INFO / COMMAND GETKEYS, and by scripting (EVAL_RO checks
// need the flags and key positions). Rows carry the metadata Redis's COMMAND INFO reports.
//
// Lookup is on the hot path: the map holds each name in lower and in upper case, so the two
// spellings clients actually send (redis-benchmark: "SET", most clients: "set") are found
// without allocating a lowered copy; mixed case falls back to toLowerCase().

import type { CommandSpec } from './types';
import { commands as stringCommands } from './strings';
import { commands as keyCommands } from './keys';
import { commands as bitCommands } from './bitops';
import { commands as dbCommands } from './db';
import { commands as listCommands } from './lists';
import { commands as hashCommands } from './hashes';
import { commands as setCommands } from './sets';
import { commands as zsetCommands } from './zsets';
import { commands as hyperloglogCommands } from './hyperloglog';
import { commands as sortCommands } from './sort';
import { commands as streamCommands } from './streams';
import { commands as geoCommands } from './geo';
import { commands as persistenceCommands } from './persistence';

const byName = new Map<string, CommandSpec>();
/** container spec -> (lower-case subcommand name -> spec) */
const subcommandsOf = new Map<CommandSpec, Map<string, CommandSpec>>();
const topLevel: CommandSpec[] = [];
let nextCommandId = 0;

function assignId(spec: CommandSpec): void {
  if (spec.id === undefined) spec.id = nextCommandId++;
}

/**
 * Adds command rows to the table (later families, e.g. scripting, call this at load time).
 * A row with an existing name replaces the old one.
 */
export function registerCommands(specs: readonly CommandSpec[]): void {
  for (const spec of specs) {
    const old = byName.get(spec.name);
    if (old !== undefined) {
      topLevel.splice(topLevel.indexOf(old), 1);
      subcommandsOf.delete(old);
    }
    topLevel.push(spec);
    assignId(spec);
    for (const sub of spec.subcommands ?? []) assignId(sub);
    byName.set(spec.name, spec);
    byName.set(spec.name.toUpperCase(), spec);
    if (spec.subcommands !== undefined) {
      const subs = new Map<string, CommandSpec>();
      for (const sub of spec.subcommands) subs.set(sub.name.slice(sub.name.indexOf('|') + 1), sub);
      subcommandsOf.set(spec, subs);
    }
  }
}

registerCommands(stringCommands);
registerCommands(keyCommands);
registerCommands(bitCommands);
registerCommands(dbCommands);
registerCommands(listCommands);
registerCommands(hashCommands);
registerCommands(setCommands);
registerCommands(zsetCommands);
registerCommands(hyperloglogCommands);
registerCommands(sortCommands);
registerCommands(streamCommands);
registerCommands(geoCommands);
registerCommands(persistenceCommands);

/** The top-level command named argv0 (any case), ignoring subcommands. */
export function lookupCommandName(argv0: string): CommandSpec | undefined {
  return byName.get(argv0) ?? byName.get(argv0.toLowerCase());
}

/**
 * The command argv runs: a top-level command, or for a container (CONFIG, OBJECT, CLIENT...)
 * with a second argument, its subcommand ('config|get'). undefined when the command or the
 * subcommand is unknown. A container given no subcommand resolves to itself, so dispatch
 * reports the container's arity error as Redis does.
 */
export function lookupCommand(argv: readonly string[]): CommandSpec | undefined {
  const base = byName.get(argv[0]) ?? byName.get(argv[0].toLowerCase());
  if (base === undefined) return undefined;
  if (base.subcommands === undefined || argv.length < 2) return base;
  return subcommandsOf.get(base)!.get(argv[1].toLowerCase());
}

/** Every spelling the name map holds (lower and upper case of each command), for interning. */
export function commandNameSpellings(): IterableIterator<string> {
  return byName.keys();
}

/** Every top-level command (subcommands hang below their container), for COMMAND. */
export function allCommands(): readonly CommandSpec[] {
  return topLevel;
}

/** Same list, under the name the engine's loader also looks for. */
export const commandTable: readonly CommandSpec[] = topLevel;

/** Number of top-level commands (COMMAND COUNT). */
export function commandCount(): number {
  return topLevel.length;
}

/**
 * Key positions (argv indexes) of a call: spec.getKeys for movable keys, else the legacy
 * firstKey/lastKey/keyStep range (lastKey < 0 counts from the end). Positions past the end
 * of argv are dropped, as Redis's getKeysUsingLegacyRangeSpec does for variadic commands.
 */
export function getKeys(spec: CommandSpec, argv: readonly string[]): number[] {
  if (spec.getKeys !== undefined) return spec.getKeys(argv as string[]);
  if (spec.firstKey === 0) return [];
  const last = spec.lastKey >= 0 ? spec.lastKey : argv.length + spec.lastKey;
  const keys: number[] = [];
  const step = spec.keyStep > 0 ? spec.keyStep : 1;
  for (let i = spec.firstKey; i <= last && i < argv.length; i += step) keys.push(i);
  return keys;
}

/** The key names of a call (convenience for scripting and ACL-like checks). */
export function getKeyNames(spec: CommandSpec, argv: readonly string[]): string[] {
  return getKeys(spec, argv).map((i) => argv[i]);
}
