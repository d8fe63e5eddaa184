// Command line of ferrous-server, as redis-server's: an optional config file path first, then
// `--name value...` pairs for any known config option (`--save ''`, `--bind a b`). Returns the
// option pairs in order (file first, then flags, so flags win), or an error text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { lookupConfigDef, parseConfigText } from '../server/config';

export interface ServerArgs {
  configFile: string | null;
  options: Array<[string, string]>;
  help: boolean;
  version: boolean;
}

export type ParseResult = { ok: true; args: ServerArgs } | { ok: false; error: string };

export function parseServerArgs(argv: readonly string[]): ParseResult {
  const args: ServerArgs = { configFile: null, options: [], help: false, version: false };
  let i = 0;
  if (argv.length > 0) {
    const first = argv[0];
    if (first === '-h' || first === '--help') { args.help = true; return { ok: true, args }; }
    if (first === '-v' || first === '--version') { args.version = true; return { ok: true, args }; }
    if (!first.startsWith('--')) {
      args.configFile = path.resolve(first);
      i = 1;
    }
  }
  const flagPairs: Array<[string, string[]]> = [];
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--') && a.length > 2) {
      flagPairs.push([a.slice(2), []]);
    } else if (flagPairs.length === 0) {
      return { ok: false, error: `Invalid argument '${a}': options must start with '--' (the config file, if any, comes first)` };
    } else {
      flagPairs[flagPairs.length - 1][1].push(a);
    }
  }
  if (args.configFile !== null) {
    let text: string;
    try {
      text = fs.readFileSync(args.configFile, 'latin1');
    } catch (e) {
      return { ok: false, error: `Fatal error, can't open config file '${args.configFile}': ${(e as Error).message}` };
    }
    try {
      args.options.push(...parseConfigText(text));
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  }
  for (const [name, values] of flagPairs) {
    const def = lookupConfigDef(name);
    if (def === undefined) {
      return { ok: false, error: `Unknown option '--${name}': not a Ferrous/Redis configuration directive (see ferrous-server --help)` };
    }
    args.options.push([def.name, values.join(' ')]);
  }
  return { ok: true, args };
}

export const USAGE = `Usage: ferrous-server [/path/to/redis.conf] [options]
       ferrous-server -v or --version
       ferrous-server -h or --help

Any configuration directive can be given as an option, as in redis.conf:
       ferrous-server --port 7777
       ferrous-server /etc/redis/6379.conf --loglevel verbose
       ferrous-server --save '' --appendonly no --maxmemory 100mb --requirepass secret
`;
