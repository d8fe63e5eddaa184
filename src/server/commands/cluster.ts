// CLUSTER and the cluster connection commands (READONLY, READWRITE, ASKING) of a server built
// without cluster support: Redis with cluster-enabled no answers every one of them "This
// instance has cluster support disabled". The rows still carry Redis's flags, so COMMAND INFO
// lists them as Redis does and scripts get Redis's refusal for the noscript ones
// (redis.call('cluster', 'reset') -> "This Redis command is not allowed from script").

import type { CommandContext, CommandFlag, CommandSpec } from '../../commands/types';
import { spec, container } from '../../commands/spec';

const DISABLED = 'ERR This instance has cluster support disabled';

function clusterDisabled(ctx: CommandContext): void {
  ctx.reply.error(DISABLED);
}

const ADMIN: readonly CommandFlag[] = ['admin', 'stale', 'no_async_loading'];
const ADMIN_CATS = ['admin', 'slow', 'dangerous'];
const NONDETERMINISTIC = { tips: ['nondeterministic_output'] };

/** CLUSTER's subcommands as Redis 7.4 declares them: name, arity, flags, categories, extras. */
const SUBCOMMANDS: Array<[string, number, readonly CommandFlag[], string[], Partial<CommandSpec>?]> = [
  ['addslots', -3, ADMIN, ADMIN_CATS],
  ['addslotsrange', -4, ADMIN, ADMIN_CATS],
  ['bumpepoch', 2, ADMIN, ADMIN_CATS, NONDETERMINISTIC],
  ['count-failure-reports', 3, ['admin', 'stale'], ADMIN_CATS, NONDETERMINISTIC],
  ['countkeysinslot', 3, ['stale'], ['slow']],
  ['delslots', -3, ADMIN, ADMIN_CATS],
  ['delslotsrange', -4, ADMIN, ADMIN_CATS],
  ['failover', -2, ADMIN, ADMIN_CATS],
  ['flushslots', 2, ADMIN, ADMIN_CATS],
  ['forget', 3, ADMIN, ADMIN_CATS],
  ['getkeysinslot', 4, ['stale'], ['slow'], NONDETERMINISTIC],
  ['help', 2, ['loading', 'stale'], ['slow']],
  ['info', 2, ['stale'], ['slow'], NONDETERMINISTIC],
  ['keyslot', 3, ['stale'], ['slow']],
  ['links', 2, ['stale'], ['slow'], NONDETERMINISTIC],
  ['meet', -4, ADMIN, ADMIN_CATS],
  ['myid', 2, ['stale'], ['slow']],
  ['myshardid', 2, ['stale'], ['slow'], NONDETERMINISTIC],
  ['nodes', 2, ['stale'], ['slow'], NONDETERMINISTIC],
  ['replicas', 3, ['admin', 'stale'], ADMIN_CATS, NONDETERMINISTIC],
  ['replicate', 3, ADMIN, ADMIN_CATS],
  ['reset', -2, ['admin', 'noscript', 'stale'], ADMIN_CATS],
  ['saveconfig', 2, ADMIN, ADMIN_CATS],
  ['set-config-epoch', 3, ADMIN, ADMIN_CATS],
  ['setslot', -4, ADMIN, ADMIN_CATS],
  ['shards', 2, ['stale'], ['slow'], NONDETERMINISTIC],
  ['slaves', 3, ['admin', 'stale'], ADMIN_CATS, NONDETERMINISTIC],
  ['slots', 2, ['stale'], ['slow'], NONDETERMINISTIC],
];

export const commands: CommandSpec[] = [
  container('cluster', -2, SUBCOMMANDS.map(([name, arity, flags, cats, extra]) => spec(`cluster|${name}`, arity, flags, cats, clusterDisabled, extra))),
  spec('readonly', 1, ['loading', 'stale', 'fast'], ['fast', 'connection'], clusterDisabled),
  spec('readwrite', 1, ['loading', 'stale', 'fast'], ['fast', 'connection'], clusterDisabled),
  spec('asking', 1, ['fast'], ['fast', 'connection'], clusterDisabled),
];
