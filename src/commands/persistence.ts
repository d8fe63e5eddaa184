// Serialization and persistence commands: DUMP and RESTORE (Redis's cluster.c dumpCommand /
// restoreCommand), SAVE and BGSAVE (rdb.c), and the RDB file load used at startup and by
// DEBUG RELOAD. The formats live in src/store/rdb-object.ts (one value) and
// src/store/rdb-file.ts (a whole dataset).
//
// BGSAVE: Node cannot fork, so the snapshot is written synchronously, like SAVE; the reply and
// the INFO persistence fields are BGSAVE's ("Background saving started", rdb_saves,
// rdb_last_bgsave_status, rdb_last_bgsave_time_sec), and a failed write shows as
// rdb_last_bgsave_status:err as a failed child would.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandContext, CommandSpec, KeySpec } from './types';
import { ERR_SYNTAX, intArg } from './util';
import { createDumpPayload, loadDumpPayload } from '../store/rdb-object';
import { crc64, RDB_VERSION } from '../store/rdb';
import { encodeRdbFile, decodeRdbFile } from '../store/rdb-file';
import type { Keyspace } from '../store/keyspace';
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

// ---- SAVE / BGSAVE and RDB files ------------------------------------------------------------

/** What the INFO persistence section reports about saving and loading, per keyspace. */
export interface PersistenceState {
  saves: number;
  lastBgsaveOk: boolean;
  lastBgsaveSeconds: number;
  lastSaveTime: number;
  lastLoadKeysLoaded: number;
  lastLoadKeysExpired: number;
}

const states = new WeakMap<Keyspace, PersistenceState>();

export function persistenceState(keyspace: Keyspace): PersistenceState {
  let st = states.get(keyspace);
  if (st === undefined) {
    st = { saves: 0, lastBgsaveOk: true, lastBgsaveSeconds: -1, lastSaveTime: Math.floor(Date.now() / 1000), lastLoadKeysLoaded: 0, lastLoadKeysExpired: 0 };
    states.set(keyspace, st);
  }
  return st;
}

/**
 * Function libraries in RDB files: the layer that owns them (scripting) is above this one, so
 * the process that wires the server together installs these (src/cli/server-main.ts). Without
 * them SAVE writes no FUNCTION2 records and loading ignores them.
 */
export const rdbFunctionHooks: {
  codes: ((engine: object) => string[]) | null;
  /**
   * Loads libraries as FUNCTION RESTORE does with `policy` (default 'flush': they become the
   * whole set; 'append': a library that already exists is an error, nothing is loaded;
   * 'replace': loaded libraries replace existing ones). Throws with the reason on error.
   */
  load: ((engine: object, codes: string[], policy?: FunctionsLoadPolicy) => void) | null;
} = { codes: null, load: null };

/** How loaded function libraries meet the existing ones (FUNCTION RESTORE's policies). */
export type FunctionsLoadPolicy = 'flush' | 'append' | 'replace';

/** Engine fields read and updated when saving (Engine.lastSave feeds LASTSAVE and INFO). */
interface SaveTarget { config: { get(name: string): string | undefined }; lastSave?: number }

/** The RDB file path from the dir and dbfilename configs. */
export function rdbPath(engine: { config: { get(name: string): string | undefined } }): string {
  return path.resolve(engine.config.get('dir') ?? process.cwd(), engine.config.get('dbfilename') ?? 'dump.rdb');
}

/**
 * rdbSave: writes the dataset to dir/dbfilename through a temp file and a rename. On success
 * resets the dirty counter and records the save time. Returns an error message or null.
 */
export function saveRdb(keyspace: Keyspace, engine: object, redisVersion = '7.4.0'): string | null {
  const target = engine as SaveTarget;
  const file = rdbPath(target);
  const tmp = path.join(path.dirname(file), `temp-${process.pid}.rdb`);
  const now = Date.now();
  try {
    const data = encodeRdbFile(keyspace, {
      redisVersion, ctime: Math.floor(now / 1000), usedMemory: keyspace.usedBytes(),
      functionCodes: rdbFunctionHooks.codes === null ? [] : rdbFunctionHooks.codes(engine),
    }, now);
    fs.writeFileSync(tmp, Buffer.from(data, 'latin1'));
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
    return `Failed opening the temp RDB file ${path.basename(tmp)} (in server root dir ${path.dirname(file)}) for saving: ${(e as Error).message}`;
  }
  keyspace.dirty = 0;
  const st = persistenceState(keyspace);
  st.lastSaveTime = Math.floor(now / 1000);
  if (typeof target.lastSave === 'number') target.lastSave = st.lastSaveTime;
  return null;
}

/**
 * rdbLoad: replaces nothing, adds every key of the file (keys already expired are skipped and
 * counted, as a master does). Throws an Error with Redis's log text when the file cannot be
 * loaded. Returns the number of keys loaded.
 * Function libraries come first, as they do in the file: by default they replace the whole
 * set (startup); DEBUG RELOAD NOFLUSH passes 'append' (a library that exists is an error, as
 * Redis's rdbFunctionLoad without RDBFLAGS_ALLOW_DUP) or, with MERGE, 'replace'.
 */
export function loadRdb(keyspace: Keyspace, engine: object, data: string, nowMs = Date.now(), merge = false,
  functionsPolicy: FunctionsLoadPolicy = 'flush'): number {
  let contents;
  try {
    contents = decodeRdbFile(data);
  } catch (e) {
    throw new Error(`Short read or OOM loading DB. Unrecoverable error, aborting now. (${(e as Error).message})`);
  }
  if (contents.functionCodes.length > 0 && rdbFunctionHooks.load !== null) {
    try {
      rdbFunctionHooks.load(engine, contents.functionCodes, functionsPolicy);
    } catch (e) {
      throw new Error(`Failed loading library: ${(e as Error).message}`);
    }
  }
  let loaded = 0, expired = 0;
  for (const k of contents.keys) {
    const db = keyspace.db(k.db);
    if (db === undefined) {
      throw new Error(`FATAL: Data file was created with a Redis server configured to handle more than ${keyspace.count} databases. Exiting`);
    }
    if (k.expireMs !== -1 && k.expireMs < nowMs) { expired++; continue; }
    if (db.peek(k.key) !== undefined) {
      // DEBUG RELOAD MERGE (RDBFLAGS_ALLOW_DUP): the loaded value replaces the existing key.
      if (!merge) throw new Error(`RDB has duplicated key '${k.key}' in DB ${k.db}`);
      db.delete(k.key);
    }
    db.add(k.key, k.value);
    if (k.expireMs !== -1) db.setExpire(k.key, k.expireMs);
    loaded++;
  }
  const st = persistenceState(keyspace);
  st.lastLoadKeysLoaded = loaded;
  st.lastLoadKeysExpired = expired;
  return loaded;
}

/** Startup: loads dir/dbfilename when it exists. Returns the keys loaded, or -1 without a file. */
export function loadRdbAtStartup(keyspace: Keyspace, engine: object): number {
  const file = rdbPath(engine as SaveTarget);
  if (!fs.existsSync(file)) return -1;
  return loadRdb(keyspace, engine, fs.readFileSync(file).toString('latin1'));
}

/**
 * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, flush everything, load the file back
 * (Redis's debug.c; the options skip the save or the flush, MERGE lets loaded keys and
 * function libraries replace existing ones). The flush is emptyData's: keys of every database
 * and the function libraries (FLUSHALL keeps the libraries; this does not). Without MERGE, a
 * library of the file that is already loaded fails the load (functions.tcl "test debug reload
 * different options"); a key already present is an error too, where Redis would panic.
 */
export function debugReload(ctx: CommandContext): void {
  let flush = true, save = true, merge = false;
  for (let j = 2; j < ctx.argv.length; j++) {
    const opt = ctx.argv[j].toLowerCase();
    if (opt === 'merge') merge = true;
    else if (opt === 'noflush') flush = false;
    else if (opt === 'nosave') save = false;
    else { ctx.reply.error('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.'); return; }
  }
  if (save) {
    const err = saveRdb(ctx.keyspace, ctx.engine);
    if (err !== null) { ctx.reply.error('ERR Error trying to save the DB'); return; }
  }
  let data: string;
  try {
    data = fs.readFileSync(rdbPath(ctx.engine)).toString('latin1');
  } catch {
    ctx.reply.error('ERR Error trying to load the RDB dump, check server logs.');
    return;
  }
  if (flush) {
    ctx.keyspace.flushAll();
    rdbFunctionHooks.load?.(ctx.engine, [], 'flush');
  }
  try {
    loadRdb(ctx.keyspace, ctx.engine, data, Date.now(), merge, merge ? 'replace' : 'append');
  } catch {
    ctx.reply.error('ERR Error trying to load the RDB dump, check server logs.');
    return;
  }
  ctx.reply.status('OK');
}

/** The `save` config as [seconds, changes] pairs ("" = no save points). */
export function savePoints(engine: { config: { get(name: string): string | undefined } }): [number, number][] {
  const parts = (engine.config.get('save') ?? '').split(' ').filter((p) => p !== '').map(Number);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push([parts[i], parts[i + 1]]);
  return out;
}

/** CONFIG_BGSAVE_RETRY_DELAY: after a failed save, save points wait 5 s before trying again. */
const BGSAVE_RETRY_DELAY_MS = 5000;
const lastSaveTry = new WeakMap<Keyspace, number>();

/**
 * serverCron's save points: when some `save <seconds> <changes>` point is reached (enough
 * changes, and the last save is older than its seconds), a BGSAVE. Returns the log line of
 * what it did, or null. The CLI server calls it once a second.
 */
export function saveIfDue(keyspace: Keyspace, engine: object, nowMs = Date.now()): string | null {
  const st = persistenceState(keyspace);
  const target = engine as SaveTarget;
  const lastSave = typeof target.lastSave === 'number' ? target.lastSave : st.lastSaveTime;
  const nowSec = Math.floor(nowMs / 1000);
  if (!st.lastBgsaveOk && nowMs - (lastSaveTry.get(keyspace) ?? 0) <= BGSAVE_RETRY_DELAY_MS) return null;
  for (const [seconds, changes] of savePoints(target)) {
    if (keyspace.dirty >= changes && nowSec - lastSave > seconds) {
      lastSaveTry.set(keyspace, nowMs);
      const started = Date.now();
      const err = saveRdb(keyspace, engine);
      st.lastBgsaveOk = err === null;
      st.lastBgsaveSeconds = Math.floor((Date.now() - started) / 1000);
      if (err !== null) return `${changes} changes in ${seconds} seconds. Saving... ${err}`;
      st.saves++;
      return `${changes} changes in ${seconds} seconds. Saving... Background saving terminated with success`;
    }
  }
  return null;
}

function saveCommand(ctx: CommandContext): void {
  if (saveRdb(ctx.keyspace, ctx.engine) !== null) { ctx.reply.error('ERR'); return; }
  persistenceState(ctx.keyspace).saves++;
  ctx.reply.status('OK');
}

function bgsaveCommand(ctx: CommandContext): void {
  const argv = ctx.argv;
  if (argv.length > 1 && !(argv.length === 2 && argv[1].toLowerCase() === 'schedule')) {
    ctx.reply.error(ERR_SYNTAX);
    return;
  }
  const started = Date.now();
  const err = saveRdb(ctx.keyspace, ctx.engine);
  const st = persistenceState(ctx.keyspace);
  st.lastBgsaveOk = err === null;
  st.lastBgsaveSeconds = Math.floor((Date.now() - started) / 1000);
  if (err === null) st.saves++;
  ctx.reply.status('Background saving started');
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
  {
    name: 'save', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['admin', 'slow', 'dangerous'],
    handler: saveCommand,
  },
  {
    name: 'bgsave', arity: -1, flags: ['admin', 'noscript', 'no_async_loading'], firstKey: 0, lastKey: 0, keyStep: 0,
    categories: ['admin', 'slow', 'dangerous'],
    handler: bgsaveCommand,
  },
];
