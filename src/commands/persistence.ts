// Serialization and persistence commands: DUMP and RESTORE (Redis's cluster.c dumpCommand /
// restoreCommand). The payload format lives in src/store/rdb-object.ts.

import type { CommandContext, CommandSpec, KeySpec } from './types';
import { ERR_SYNTAX, intArg } from './util';
import { createDumpPayload, loadDumpPayload } from '../store/rdb-object';
import { crc64, RDB_VERSION } from '../store/rdb';
import { notify, NOTIFY_GENERIC } from './notify';

const ERR_BUSYKEY = 'BUSYKEY Target key name already exists.';
const ERR_PAYLOAD = 'ERR DUMP payload version or checksum are wrong';
const ERR_BAD_FORMAT = 'ERR Bad data format';

/** verifyDumpPayload: the 10-byte footer is there, the version is one we read, the CRC matches. */
function verifyDumpPayload(p: string): boolean {
  if (p.length < 10) return false;
  const at = p.length - 10;
  const version = p.charCodeAt(at) | (p.charCodeAt(at + 1) << 8);
  if (version > RDB_VERSION) return false;
  return crc64(p, p.length - 8) === p.slice(p.length - 8);
}

function dumpCommand(ctx: CommandContext): void {
  const v = ctx.db.lookupRead(ctx.argv[1]);
  if (v === undefined) { ctx.reply.bulk(null); return; }
  ctx.reply.bulk(createDumpPayload(v));
}

function restoreCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  let replace = false, absttl = false;
  let freq = -1, idle = -1;
  for (let j = 4; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    const additional = argv.length - j - 1;
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'absttl') {
      absttl = true;
    } else if (opt === 'idletime' && additional >= 1 && freq === -1) {
      const v = intArg(ctx.reply, argv[j + 1]);
      if (v === null) return;
      if (v < 0) { ctx.reply.error('ERR Invalid IDLETIME value, must be >= 0'); return; }
      idle = v;
      j++;
    } else if (opt === 'freq' && additional >= 1 && idle === -1) {
      const v = intArg(ctx.reply, argv[j + 1]);
      if (v === null) return;
      if (v < 0 || v > 255) { ctx.reply.error('ERR Invalid FREQ value, must be >= 0 and <= 255'); return; }
      freq = v;
      j++;
    } else {
      ctx.reply.error(ERR_SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const db = ctx.db;
  if (!replace && db.lookupWrite(key) !== undefined) { ctx.reply.error(ERR_BUSYKEY); return; }
  let ttl = intArg(ctx.reply, argv[2]);
  if (ttl === null) return;
  if (ttl < 0) { ctx.reply.error('ERR Invalid TTL value, must be >= 0'); return; }
  const payload = argv[3];
  if (!verifyDumpPayload(payload)) { ctx.reply.error(ERR_PAYLOAD); return; }
  const value = loadDumpPayload(payload);
  if (value === null) { ctx.reply.error(ERR_BAD_FORMAT); return; }

  const deleted = replace ? db.delete(key) : false;
  const now = ctx.engine.now();
  if (ttl !== 0 && !absttl) ttl += now;
  if (ttl !== 0 && ttl <= now) {
    // Already expired: the value is not created; a replaced key is deleted (Redis propagates
    // a DEL then).
    if (deleted) {
      ctx.keyspace.dirty++;
      notify(ctx, NOTIFY_GENERIC, 'del', key);
    }
    ctx.reply.status('OK');
    return;
  }
  db.add(key, value);
  if (ttl !== 0) db.setExpire(key, ttl);
  db.setAccessInfo(key, freq, idle);
  notify(ctx, NOTIFY_GENERIC, 'restore', key);
  ctx.reply.status('OK');
  ctx.keyspace.dirty++;
}

const K1 = { lastKey: 0, keyStep: 1, limit: 0 };
const DUMP_KEYS: KeySpec[] = [{ flags: ['RO', 'access'], beginSearch: { index: 1 }, findKeys: K1 }];
const RESTORE_KEYS: KeySpec[] = [{ flags: ['OW', 'update'], beginSearch: { index: 1 }, findKeys: K1 }];

export const commands: CommandSpec[] = [
  {
    name: 'dump', arity: 2, flags: ['readonly'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['keyspace', 'read', 'slow'],
    tips: ['nondeterministic_output'],
    keySpecs: DUMP_KEYS,
    handler: dumpCommand,
  },
  {
    name: 'restore', arity: -4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, keyStep: 1,
    categories: ['keyspace', 'write', 'slow', 'dangerous'],
    keySpecs: RESTORE_KEYS,
    handler: restoreCommand,
  },
];
