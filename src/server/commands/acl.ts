// The ACL command family (acl.c's aclCommand): SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI,
// CAT, DRYRUN, GENPASS, LOG, LOAD / SAVE (no aclfile: Redis's error), HELP. Users, rules and
// checks live in ../acl.ts.

import type { CommandContext, CommandFlag, CommandSpec } from '../../commands/types';
import type { Engine } from '../engine';
import type { Client } from '../client';
import { spec, container, replyHelp } from '../../commands/spec';
import { intArg } from '../../commands/util';
import { Acl, AclUser, CATEGORIES, ACL_OK, userFlags, upcomingChannels, loosesSubscription } from '../acl';
import { pubsubOf } from '../pubsub';
import { clientInfoLine } from './connection';

const engineOf = (ctx: CommandContext): Engine => ctx.engine as unknown as Engine;
const clientOf = (ctx: CommandContext): Client => ctx.client as unknown as Client;

const ADMIN: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale'];
const ADMIN_CATS: readonly string[] = ['admin', 'slow', 'dangerous'];
const PLAIN: readonly CommandFlag[] = ['noscript', 'loading', 'stale'];
const SLOW: readonly string[] = ['slow'];

function syntaxError(ctx: CommandContext): void {
  ctx.reply.error(`ERR unknown subcommand or wrong number of arguments for '${ctx.argv[1].slice(0, 128)}'. Try ACL HELP.`);
}

function hasSpacesOrNul(s: string): boolean {
  return /[\s\0\v]/.test(s);
}

function setuser(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const name = argv[2];
  if (hasSpacesOrNul(name)) {
    reply.error("ERR Usernames can't contain spaces or null characters");
    return;
  }
  const engine = engineOf(ctx);
  // Subscribers of the user that lose access to a channel they listen to are disconnected
  // (ACLKillPubsubClientsIfNeeded).
  const error = engine.acl.setUserRules(name, argv.slice(3), (updated, original) => {
    const upcoming = upcomingChannels(updated, original);
    if (upcoming === null) return;
    const pubsub = pubsubOf(engine);
    for (const c of [...engine.clients.values()]) {
      if (c.user !== original || c.subscriptions + c.patternSubscriptions + c.shardSubscriptions === 0) continue;
      const subs = pubsub.subsOf(c);
      if (loosesSubscription(upcoming, [...subs.channels, ...subs.shards], subs.patterns)) engine.disconnectClientOfUser(c, clientOf(ctx));
    }
  });
  if (error === null) reply.status('OK');
  else reply.error('ERR ' + error);
}

function deluser(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const engine = engineOf(ctx);
  for (let j = 2; j < argv.length; j++) {
    if (argv[j] === 'default') {
      reply.error("ERR The 'default' user cannot be removed");
      return;
    }
  }
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) {
    const u = engine.acl.users.get(argv[j]);
    if (u === undefined) continue;
    engine.acl.users.delete(argv[j]);
    engine.disconnectUser(u, clientOf(ctx));
    deleted++;
  }
  reply.integer(deleted);
}

function replySelector(ctx: CommandContext, acl: Acl, sel: AclUser['selectors'][number]): void {
  const r = ctx.reply;
  r.bulk('commands'); r.bulk(acl.describeCommandRules(sel));
  r.bulk('keys'); r.bulk(acl.keysString(sel));
  r.bulk('channels'); r.bulk(acl.channelsString(sel));
}

function getuser(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const acl = engineOf(ctx).acl;
  const u = acl.users.get(argv[2]);
  if (u === undefined) {
    reply.bulk(null);
    return;
  }
  reply.mapLen(6);
  reply.bulk('flags');
  const flags = userFlags(u);
  reply.setLen(flags.length);
  for (const f of flags) reply.bulk(f);
  reply.bulk('passwords');
  reply.arrayLen(u.passwords.length);
  for (const p of u.passwords) reply.bulk(p);
  replySelector(ctx, acl, u.root);
  reply.bulk('selectors');
  reply.arrayLen(u.selectors.length - 1);
  for (let i = 1; i < u.selectors.length; i++) {
    reply.mapLen(3);
    replySelector(ctx, acl, u.selectors[i]);
  }
}

function list(ctx: CommandContext, justNames: boolean): void {
  const acl = engineOf(ctx).acl;
  const users = acl.sortedUsers();
  ctx.reply.arrayLen(users.length);
  for (const u of users) ctx.reply.bulk(justNames ? u.name : `user ${u.name} ${acl.describeUser(u)}`);
}

function cat(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  if (argv.length > 3) { syntaxError(ctx); return; }
  if (argv.length === 2) {
    reply.arrayLen(CATEGORIES.length);
    for (const c of CATEGORIES) reply.bulk(c);
    return;
  }
  const category = argv[2].toLowerCase();
  if (!CATEGORIES.includes(category)) {
    reply.error(`ERR Unknown category '${argv[2].slice(0, 128)}'`);
    return;
  }
  const names: string[] = [];
  for (const c of engineOf(ctx).commandTable.all()) {
    if (c.categories.includes(category)) names.push(c.name);
    for (const s of c.subcommands ?? []) if (s.categories.includes(category)) names.push(s.name);
  }
  reply.arrayLen(names.length);
  for (const n of names) reply.bulk(n);
}

const GENPASS_MAX_BITS = 4096;

function genpass(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  if (argv.length > 3) { syntaxError(ctx); return; }
  let bits = 256;
  if (argv.length === 3) {
    const v = intArg(reply, argv[2]);
    if (v === null) return;
    bits = v;
  }
  if (bits <= 0 || bits > GENPASS_MAX_BITS) {
    reply.error(`ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_MAX_BITS}`);
    return;
  }
  reply.bulk(Acl.genpass(bits));
}

function log(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const engine = engineOf(ctx);
  const acl = engine.acl;
  if (argv.length > 3) { syntaxError(ctx); return; }
  let count = 10;
  if (argv.length === 3) {
    if (argv[2].toLowerCase() === 'reset') {
      acl.resetLog();
      reply.status('OK');
      return;
    }
    const v = intArg(reply, argv[2]);
    if (v === null) return;
    count = Math.max(0, v);
  }
  const entries = acl.logEntries(count);
  const now = engine.now();
  reply.arrayLen(entries.length);
  for (const e of entries) {
    reply.mapLen(10);
    reply.bulk('count'); reply.integer(e.count);
    reply.bulk('reason'); reply.bulk(Acl.reasonName(e.reason));
    reply.bulk('context'); reply.bulk(e.context);
    reply.bulk('object'); reply.bulk(e.object);
    reply.bulk('username'); reply.bulk(e.username);
    reply.bulk('age-seconds'); reply.double((now - e.ctime) / 1000);
    reply.bulk('client-info'); reply.bulk(e.cinfo);
    reply.bulk('entry-id'); reply.integer(e.entryId);
    reply.bulk('timestamp-created'); reply.integer(e.created);
    reply.bulk('timestamp-last-updated'); reply.integer(e.ctime);
  }
}

function dryrun(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const engine = engineOf(ctx);
  const u = engine.acl.users.get(argv[2]);
  if (u === undefined) {
    reply.error(`ERR User '${argv[2]}' not found`);
    return;
  }
  const cmdArgv = argv.slice(3);
  const cmd = engine.commandTable.lookup(cmdArgv);
  if (cmd === undefined) {
    reply.error(`ERR Command '${argv[3]}' not found`);
    return;
  }
  if ((cmd.arity > 0 && cmd.arity !== cmdArgv.length) || cmdArgv.length < -cmd.arity) {
    reply.error(`ERR wrong number of arguments for '${cmd.name}' command`);
    return;
  }
  const result = engine.acl.check(u, cmd, cmdArgv);
  if (result !== ACL_OK) {
    reply.bulk(engine.acl.errorMessage(result, u, cmd, cmdArgv[engine.acl.deniedPos], true));
    return;
  }
  reply.status('OK');
}

const NO_ACLFILE = 'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

const ACL_HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];

/** The client-info string of ACL LOG entries (catClientInfoString). */
export function clientInfoFor(engine: Engine, client: Client): string {
  return clientInfoLine(client, Date.now(), engine);
}

const aclCommand = container('acl', -2, [
  spec('acl|cat', -2, PLAIN, SLOW, cat),
  spec('acl|deluser', -3, ADMIN, ADMIN_CATS, deluser),
  spec('acl|dryrun', -4, ADMIN, ADMIN_CATS, dryrun),
  spec('acl|genpass', -2, PLAIN, SLOW, genpass),
  spec('acl|getuser', 3, ADMIN, ADMIN_CATS, getuser),
  spec('acl|help', 2, ['loading', 'stale'], SLOW, (ctx) => replyHelp(ctx.reply, 'ACL', ACL_HELP)),
  spec('acl|list', 2, ADMIN, ADMIN_CATS, (ctx) => list(ctx, false)),
  spec('acl|load', 2, ADMIN, ADMIN_CATS, (ctx) => ctx.reply.error(NO_ACLFILE)),
  spec('acl|log', -2, ADMIN, ADMIN_CATS, log),
  spec('acl|save', 2, ADMIN, ADMIN_CATS, (ctx) => ctx.reply.error(NO_ACLFILE)),
  spec('acl|setuser', -3, ADMIN, ADMIN_CATS, setuser),
  spec('acl|users', 2, ADMIN, ADMIN_CATS, (ctx) => list(ctx, true)),
  spec('acl|whoami', 2, PLAIN, SLOW, (ctx) => ctx.reply.bulk(clientOf(ctx).user.name)),
]);

export const commands: CommandSpec[] = [aclCommand];
