// Connection commands: PING, ECHO, HELLO, AUTH, QUIT, RESET, CLIENT <subcommand>.
// Texts, flags and arities as Redis 7 (networking.c, server.c, acl.c).

import type { CommandContext, CommandFlag, CommandSpec, Reply } from '../../commands/types';
import type { Engine } from '../engine';
import type { Client } from '../client';
import { REDIS_VERSION } from '../version';
import { watchCount } from '../multi';
import { spec, container, replyHelp } from '../../commands/spec';
import { ERR_SYNTAX } from '../../commands/util';

const engineOf = (ctx: CommandContext): Engine => ctx.engine as unknown as Engine;
const clientOf = (ctx: CommandContext): Client => ctx.client as unknown as Client;

const CONN: readonly string[] = ['fast', 'connection'];
const CONN_SLOW: readonly string[] = ['slow', 'connection'];
const ADMIN_CONN: readonly string[] = ['admin', 'slow', 'dangerous', 'connection'];
const NOAUTH_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'];
const CLIENT_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale'];
const CLIENT_ADMIN_FLAGS: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale'];

/** Client names and lib names: printable ASCII without spaces (33..126). */
function validName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

function ping(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  if (argv.length > 2) {
    reply.error("ERR wrong number of arguments for 'ping' command");
    return;
  }
  const client = clientOf(ctx);
  if (client.resp === 2 && (client.subscriptions > 0 || client.patternSubscriptions > 0 || client.shardSubscriptions > 0)) {
    reply.arrayLen(2);
    reply.bulk('pong');
    reply.bulk(argv.length === 1 ? '' : argv[1]);
    return;
  }
  if (argv.length === 1) reply.status('PONG');
  else reply.bulk(argv[1]);
}

function hello(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const engine = engineOf(ctx);
  const client = clientOf(ctx);
  let ver = 0;
  let j = 1;
  if (argv.length >= 2) {
    const v = argv[j++];
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
      reply.error('ERR Protocol version is not an integer or out of range');
      return;
    }
    ver = Number(v);
    if (ver < 2 || ver > 3) {
      reply.error('NOPROTO unsupported protocol version');
      return;
    }
  }
  let user: string | null = null;
  let pass: string | null = null;
  let name: string | null = null;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'auth' && more >= 2) {
      user = argv[j + 1];
      pass = argv[j + 2];
      j += 2;
    } else if (opt === 'setname' && more >= 1) {
      name = argv[j + 1];
      if (!validName(name)) {
        reply.error('ERR Client names cannot contain spaces, newlines or special characters.');
        return;
      }
      j++;
    } else {
      reply.error(`ERR Syntax error in HELLO option '${argv[j]}'`);
      return;
    }
  }
  if (user !== null && pass !== null) {
    if (!engine.authenticate(client, user, pass, argv[0])) {
      reply.error('WRONGPASS invalid username-password pair or user is disabled.');
      return;
    }
  }
  if (!client.authenticated) {
    reply.error('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
    return;
  }
  if (name !== null) client.name = name;
  if (ver !== 0) {
    client.setResp(ver as 2 | 3);
    // The reply sink of this very command must speak the new protocol too.
    (reply as { resp: 2 | 3 }).resp = ver as 2 | 3;
  }
  reply.mapLen(7);
  reply.bulk('server'); reply.bulk('redis');
  reply.bulk('version'); reply.bulk(REDIS_VERSION);
  reply.bulk('proto'); reply.integer(client.resp);
  reply.bulk('id'); reply.integer(client.id);
  reply.bulk('mode'); reply.bulk('standalone');
  reply.bulk('role'); reply.bulk('master');
  reply.bulk('modules'); reply.arrayLen(0);
}

function auth(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const engine = engineOf(ctx);
  if (argv.length > 3) {
    reply.error(ERR_SYNTAX);
    return;
  }
  let user = 'default';
  let pass: string;
  if (argv.length === 2) {
    if (engine.acl.defaultUser.nopass) {
      reply.error('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
      return;
    }
    pass = argv[1];
  } else {
    user = argv[1];
    pass = argv[2];
  }
  if (engine.authenticate(clientOf(ctx), user, pass, argv[0])) reply.status('OK');
  else reply.error('WRONGPASS invalid username-password pair or user is disabled.');
}

function quit(ctx: CommandContext): void {
  ctx.reply.status('OK');
  clientOf(ctx).closeAfterReply = true;
}

function reset(ctx: CommandContext): void {
  const client = clientOf(ctx);
  const engine = engineOf(ctx);
  engine.resetClient(client);
  (ctx.reply as { resp: 2 | 3 }).resp = 2;
  ctx.reply.status('RESET');
}

function echo(ctx: CommandContext): void {
  ctx.reply.bulk(ctx.argv[1]);
}

// ---- CLIENT -----------------------------------------------------------------------------

/** Redis's flags= letters of CLIENT LIST for the states we have. */
function clientFlags(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  if (c.subscriptions + c.patternSubscriptions + c.shardSubscriptions > 0) f += 'P';
  if (c.multiCount >= 0) f += 'x';
  if (c.blocked) f += 'b';
  if (c.closeAfterReply) f += 'c';
  if (c.noEvict) f += 'e';
  if (c.noTouch) f += 'T';
  return f === '' ? 'N' : f;
}

/** One CLIENT LIST / CLIENT INFO line (Redis 7.4 field order), without the newline. */
export function clientInfoLine(c: Client, now: number, engine: Engine): string {
  const qbuf = c.transport?.queryBufferBytes() ?? 0;
  const omem = c.transport?.pendingOutputBytes() ?? 0;
  return `id=${c.id} addr=${c.addr} laddr=${c.laddr} fd=${c.fd} name=${c.name}`
    + ` age=${Math.floor((now - c.createdAt) / 1000)} idle=${Math.floor((now - c.lastInteraction) / 1000)}`
    + ` flags=${clientFlags(c)} db=${c.dbIndex} sub=${c.subscriptions} psub=${c.patternSubscriptions}`
    + ` ssub=${c.shardSubscriptions} multi=${c.multiCount} watch=${watchCount(engine, c)} qbuf=${qbuf} qbuf-free=${qbuf > 0 ? 0 : 0}`
    + ` argv-mem=0 multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=${omem} tot-mem=${omem + qbuf}`
    + ` events=r cmd=${c.lastCommand} user=${c.user.name} redir=-1 resp=${c.resp} lib-name=${c.libName} lib-ver=${c.libVer}`;
}

function clientType(c: Client): string {
  if (c.subscriptions + c.patternSubscriptions + c.shardSubscriptions > 0) return 'pubsub';
  return 'normal';
}

const CLIENT_TYPES = ['normal', 'master', 'replica', 'slave', 'pubsub'];

function clientList(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const engine = engineOf(ctx);
  let type: string | null = null;
  let ids: Set<number> | null = null;
  if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
    type = argv[3].toLowerCase();
    if (!CLIENT_TYPES.includes(type)) {
      reply.error(`ERR Unknown client type '${argv[3]}'`);
      return;
    }
    if (type === 'slave') type = 'replica';
  } else if (argv.length > 3 && argv[2].toLowerCase() === 'id') {
    ids = new Set();
    for (let j = 3; j < argv.length; j++) {
      const id = /^[1-9]\d*$/.test(argv[j]) ? Number(argv[j]) : NaN;
      if (!Number.isSafeInteger(id)) {
        reply.error('ERR Invalid client ID');
        return;
      }
      ids.add(id);
    }
  } else if (argv.length !== 2) {
    reply.error(ERR_SYNTAX);
    return;
  }
  const now = Date.now();
  let text = '';
  for (const c of engine.clients.values()) {
    if (type !== null && clientType(c) !== type) continue;
    if (ids !== null && !ids.has(c.id)) continue;
    text += clientInfoLine(c, now, engine) + '\n';
  }
  reply.verbatim('txt', text);
}

function clientKill(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const engine = engineOf(ctx);
  const me = clientOf(ctx);
  if (argv.length === 3) {
    // Old form: CLIENT KILL addr:port.
    for (const c of engine.clients.values()) {
      if (c.addr === argv[2]) {
        killClient(c, me);
        reply.status('OK');
        return;
      }
    }
    reply.error('ERR No such client');
    return;
  }
  let id: number | null = null;
  let type: string | null = null;
  let addr: string | null = null;
  let laddr: string | null = null;
  let user: string | null = null;
  let maxAge: number | null = null;
  let skipMe = true;
  for (let i = 2; i < argv.length; i += 2) {
    if (i + 1 >= argv.length) {
      reply.error(ERR_SYNTAX);
      return;
    }
    const opt = argv[i].toLowerCase();
    const val = argv[i + 1];
    if (opt === 'id') {
      if (!/^-?\d+$/.test(val)) { reply.error('ERR client-id should be greater than 0'); return; }
      id = Number(val);
      if (id <= 0) { reply.error('ERR client-id should be greater than 0'); return; }
    } else if (opt === 'type') {
      type = val.toLowerCase();
      if (!CLIENT_TYPES.includes(type)) { reply.error(`ERR Unknown client type '${val}'`); return; }
      if (type === 'slave') type = 'replica';
    } else if (opt === 'addr') addr = val;
    else if (opt === 'laddr') laddr = val;
    else if (opt === 'user') {
      if (!engine.acl.users.has(val)) { reply.error(`ERR No such user '${val}'`); return; }
      user = val;
    }
    else if (opt === 'skipme') {
      const v = val.toLowerCase();
      if (v === 'yes') skipMe = true;
      else if (v === 'no') skipMe = false;
      else { reply.error(ERR_SYNTAX); return; }
    } else if (opt === 'maxage') {
      if (!/^-?\d+$/.test(val)) { reply.error('ERR value is not an integer or out of range'); return; }
      maxAge = Number(val);
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }
  const now = Date.now();
  let killed = 0;
  for (const c of [...engine.clients.values()]) {
    if (id !== null && c.id !== id) continue;
    if (type !== null && clientType(c) !== type) continue;
    if (addr !== null && c.addr !== addr) continue;
    if (laddr !== null && c.laddr !== laddr) continue;
    if (user !== null && c.user.name !== user) continue;
    if (maxAge !== null && (now - c.createdAt) / 1000 < maxAge) continue;
    if (skipMe && c === me) continue;
    killClient(c, me);
    killed++;
  }
  reply.integer(killed);
}

function killClient(target: Client, me: Client): void {
  if (target === me) {
    target.closeAfterReply = true; // reply first, then close, as Redis does for itself
    return;
  }
  if (target.transport !== null) target.transport.close(target, false);
  else target.closed = true;
}

function clientSetname(ctx: CommandContext): void {
  const name = ctx.argv[2];
  if (!validName(name)) {
    ctx.reply.error('ERR Client names cannot contain spaces, newlines or special characters.');
    return;
  }
  clientOf(ctx).name = name;
  ctx.reply.status('OK');
}

function clientSetinfo(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  const client = clientOf(ctx);
  const attr = argv[2].toLowerCase();
  const value = argv[3];
  if (attr !== 'lib-name' && attr !== 'lib-ver') {
    reply.error(`ERR Unrecognized option '${argv[2]}'`);
    return;
  }
  if (!validName(value)) {
    reply.error(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
    return;
  }
  if (attr === 'lib-name') client.libName = value;
  else client.libVer = value;
  reply.status('OK');
}

function clientPause(ctx: CommandContext): void {
  const { argv, reply } = ctx;
  if (argv.length > 4) {
    reply.error(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLIENT HELP.`);
    return;
  }
  if (!/^-?\d+$/.test(argv[2]) || !Number.isSafeInteger(Number(argv[2]))) {
    reply.error('ERR timeout is not an integer or out of range');
    return;
  }
  const ms = Number(argv[2]);
  if (ms < 0) {
    reply.error('ERR timeout is negative');
    return;
  }
  let all = true;
  if (argv.length === 4) {
    const mode = argv[3].toLowerCase();
    if (mode === 'write') all = false;
    else if (mode !== 'all') {
      reply.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
      return;
    }
  }
  engineOf(ctx).pauseClients(ms, all);
  reply.status('OK');
}

function onOff(ctx: CommandContext, set: (on: boolean) => void): void {
  const v = ctx.argv[2].toLowerCase();
  if (v === 'on') set(true);
  else if (v === 'off') set(false);
  else {
    ctx.reply.error(ERR_SYNTAX);
    return;
  }
  ctx.reply.status('OK');
}

function clientReply(ctx: CommandContext): void {
  const client = clientOf(ctx);
  const v = ctx.argv[2].toLowerCase();
  if (v === 'on') {
    client.replyMode = 'on';
    // This very command ran with replies off: its OK goes to the real output, as in Redis.
    (ctx.reply === client.discard ? client.writer : ctx.reply).status('OK');
  } else if (v === 'off') {
    client.replyMode = 'off';
  } else if (v === 'skip') {
    if (client.replyMode !== 'off') client.replyMode = 'skip-next';
  } else {
    ctx.reply.error(ERR_SYNTAX);
  }
}

const CLIENT_HELP = [
  'CACHING (YES|NO)', '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR', '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME', '    Return the name of the current connection.',
  'ID', '    Return the ID of the current connection.',
  'INFO', '    Return information about the current client connection.',
  'KILL <ip:port>', '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]', '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)', '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)', '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)', '      Kill connections by type.',
  '    * USER <username>', '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)', '      Skip killing current connection (default: yes).',
  '    * ID <client-id>', '      Kill connections by client id.',
  '    * MAXAGE <maxage>', '      Kill connections older than the specified age.',
  'LIST [options ...]', '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)', '      Return clients of specified type.',
  'UNPAUSE', '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]', '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)', '    Control the replies sent to the current connection.',
  'SETNAME <name>', '    Assign the name <name> to the current connection.',
  'SETINFO <option> <value>', '    Set client meta attr. Options are:',
  '    * LIB-NAME: the client lib name.', '    * LIB-VER: the client lib version.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]', '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]', '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO', '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)', '    Protect current client connection from eviction.',
  'NO-TOUCH (ON|OFF)', "    Will not touch LRU/LFU stats when this mode is on.",
];

const clientSub = (name: string, arity: number, flags: readonly CommandFlag[], cats: readonly string[], handler: (ctx: CommandContext) => void, extra: Partial<CommandSpec> = {}) =>
  spec(`client|${name}`, arity, flags, cats, handler, extra);

const clientCommand = container('client', -2, [
  clientSub('id', 2, CLIENT_FLAGS, CONN_SLOW, (ctx) => ctx.reply.integer(ctx.client.id)),
  clientSub('getname', 2, CLIENT_FLAGS, CONN_SLOW, (ctx) => ctx.reply.bulk(ctx.client.name === '' ? null : ctx.client.name)),
  clientSub('setname', 3, CLIENT_FLAGS, CONN_SLOW, clientSetname),
  clientSub('setinfo', 4, ['noscript', 'loading', 'stale'], CONN_SLOW, clientSetinfo),
  clientSub('list', -2, CLIENT_ADMIN_FLAGS, ADMIN_CONN, clientList, { tips: ['nondeterministic_output'] }),
  clientSub('info', 2, CLIENT_FLAGS, CONN_SLOW, (ctx) => ctx.reply.verbatim('txt', clientInfoLine(clientOf(ctx), Date.now(), engineOf(ctx)) + '\n'), { tips: ['nondeterministic_output'] }),
  clientSub('kill', -3, CLIENT_ADMIN_FLAGS, ADMIN_CONN, clientKill),
  clientSub('reply', 3, CLIENT_FLAGS, CONN_SLOW, clientReply),
  clientSub('no-evict', 3, CLIENT_ADMIN_FLAGS, ADMIN_CONN, (ctx) => onOff(ctx, (on) => { clientOf(ctx).noEvict = on; })),
  clientSub('no-touch', 3, ['noscript', 'loading', 'stale'], CONN_SLOW, (ctx) => onOff(ctx, (on) => { clientOf(ctx).noTouch = on; })),
  clientSub('unblock', -3, CLIENT_ADMIN_FLAGS, ADMIN_CONN, (ctx) => {
    if (ctx.argv.length === 4 && !['timeout', 'error'].includes(ctx.argv[3].toLowerCase())) {
      ctx.reply.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      return;
    }
    // The blocked-client registry (src/server/blocking.ts) does the work.
    const id = Number(ctx.argv[2]);
    const unblock = engineOf(ctx).unblockClient;
    const withError = ctx.argv.length === 4 && ctx.argv[3].toLowerCase() === 'error';
    if (!/^-?[0-9]+$/.test(ctx.argv[2])) { ctx.reply.error('ERR value is not an integer or out of range'); return; }
    ctx.reply.integer(unblock !== null && unblock(id, withError) ? 1 : 0);
  }),
  clientSub('getredir', 2, CLIENT_FLAGS, CONN_SLOW, (ctx) => ctx.reply.integer(-1)),
  clientSub('pause', -3, CLIENT_ADMIN_FLAGS, ADMIN_CONN, clientPause),
  clientSub('unpause', 2, CLIENT_ADMIN_FLAGS, ADMIN_CONN, (ctx) => { engineOf(ctx).unpauseClients(); ctx.reply.status('OK'); }),
  clientSub('help', 2, ['loading', 'stale'], CONN_SLOW, (ctx) => replyHelp(ctx.reply, 'CLIENT', CLIENT_HELP)),
]);

export const commands: CommandSpec[] = [
  spec('ping', -1, ['fast'], CONN, ping, { tips: ['request_policy:all_shards', 'response_policy:all_succeeded'] }),
  spec('echo', 2, ['loading', 'stale', 'fast'], CONN, echo),
  spec('hello', -1, NOAUTH_FLAGS, CONN, hello),
  spec('auth', -2, NOAUTH_FLAGS, CONN, auth),
  spec('quit', -1, NOAUTH_FLAGS, CONN, quit),
  spec('reset', 1, NOAUTH_FLAGS, CONN, reset),
  clientCommand,
];
