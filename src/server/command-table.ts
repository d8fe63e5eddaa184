// How the engine reaches the command table: lookup of argv (resolving subcommands) and the
// full list for COMMAND. By default the shared table (src/commands/table.ts); tests or
// embedders may pass their own.

import type { CommandSpec } from '../commands/types';
import { lookupCommand, allCommands } from '../commands/table';

export interface CommandTable {
  /** The command (or subcommand) argv names, undefined if unknown. Case-insensitive. */
  lookup(argv: readonly string[]): CommandSpec | undefined;
  /** Every top-level command (subcommands hang below their container). */
  all(): readonly CommandSpec[];
}

export const sharedCommandTable: CommandTable = { lookup: lookupCommand, all: allCommands };
