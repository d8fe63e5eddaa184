// Whole-dataset RDB files (Redis's rdbSaveRio / rdbLoadRio), version 12 as Redis 7.4 writes:
//
//   "REDIS0012"
//   AUX fields (0xFA key value): redis-ver, redis-bits, ctime, used-mem, aof-base
//   FUNCTION2 records (0xF5 library-code), one per function library
//   for each non-empty database: SELECTDB (0xFE id), RESIZEDB (0xFB size expires),
//     then per key: [EXPIRETIME_MS (0xFC, 8-byte LE ms)] type key value
//   EOF (0xFF), CRC64 (8-byte LE) of everything before
//
// Loading reads every opcode Redis 7.x writes (AUX, SELECTDB, RESIZEDB, EXPIRETIME_MS,
// EXPIRETIME in seconds, IDLE, FREQ, FUNCTION2, SLOT_INFO) and file versions 1-12; module
// values and module AUX data are refused (Ferrous has no modules).

import { RdbReader, RdbReadError, crc64, rdbLen, rdbString, rdbMillis, RDB_VERSION } from './rdb';
import { saveObject, loadObject } from './rdb-object';
import type { Keyspace } from './keyspace';
import type { Value } from './object';

const RDB_OPCODE_SLOT_INFO = 0xf4;
const RDB_OPCODE_FUNCTION2 = 0xf5;
const RDB_OPCODE_FUNCTION_PRE_GA = 0xf6;
const RDB_OPCODE_MODULE_AUX = 0xf7;
const RDB_OPCODE_IDLE = 0xf8;
const RDB_OPCODE_FREQ = 0xf9;
const RDB_OPCODE_AUX = 0xfa;
const RDB_OPCODE_RESIZEDB = 0xfb;
const RDB_OPCODE_EXPIRETIME_MS = 0xfc;
const RDB_OPCODE_EXPIRETIME = 0xfd;
const RDB_OPCODE_SELECTDB = 0xfe;
const RDB_OPCODE_EOF = 0xff;

export interface RdbSaveOptions {
  redisVersion: string;
  /** Seconds since the epoch (the ctime AUX field). */
  ctime: number;
  usedMemory: number;
  /** Library codes of the loaded functions, saved as FUNCTION2 records. */
  functionCodes: readonly string[];
}

function aux(key: string, value: string): string {
  return String.fromCharCode(RDB_OPCODE_AUX) + rdbString(key) + rdbString(value);
}

/** The RDB file of the whole keyspace (expired keys are skipped, as rdbSaveDb skips them). */
export function encodeRdbFile(keyspace: Keyspace, opts: RdbSaveOptions, nowMs: number): string {
  const parts: string[] = ['REDIS' + String(RDB_VERSION).padStart(4, '0')];
  parts.push(aux('redis-ver', opts.redisVersion), aux('redis-bits', '64'), aux('ctime', String(opts.ctime)),
    aux('used-mem', String(opts.usedMemory)), aux('aof-base', '0'));
  for (const code of opts.functionCodes) parts.push(String.fromCharCode(RDB_OPCODE_FUNCTION2) + rdbString(code));
  for (let id = 0; id < keyspace.count; id++) {
    const db = keyspace.db(id)!;
    if (db.size === 0) continue;
    const keys: string[] = [];
    const values: Value[] = [];
    const expires: number[] = [];
    let withExpire = 0;
    for (let slot = 0; slot < db.size; slot++) {
      const key = db.keyAt(slot);
      const when = db.expires.size === 0 ? -1 : db.getExpire(key);
      if (when !== -1 && when <= nowMs) continue;
      keys.push(key);
      values.push(db.valueAt(slot));
      expires.push(when);
      if (when !== -1) withExpire++;
    }
    if (keys.length === 0) continue;
    parts.push(String.fromCharCode(RDB_OPCODE_SELECTDB) + rdbLen(id));
    parts.push(String.fromCharCode(RDB_OPCODE_RESIZEDB) + rdbLen(keys.length) + rdbLen(withExpire));
    for (let i = 0; i < keys.length; i++) {
      let rec = expires[i] !== -1 ? String.fromCharCode(RDB_OPCODE_EXPIRETIME_MS) + rdbMillis(expires[i]) : '';
      const obj = saveObject(values[i]);
      // saveObject is the type byte then the value; the key goes between them.
      rec += obj[0] + rdbString(keys[i]) + obj.slice(1);
      parts.push(rec);
    }
  }
  parts.push(String.fromCharCode(RDB_OPCODE_EOF));
  const body = parts.join('');
  return body + crc64(body);
}

export interface LoadedKey { db: number; key: string; value: Value; expireMs: number }

export interface RdbFileContents {
  version: number;
  aux: Map<string, string>;
  /** FUNCTION2 records' library codes, in file order. */
  functionCodes: string[];
  keys: LoadedKey[];
}

/** Parses an RDB file; RdbReadError for anything Ferrous cannot load. */
export function decodeRdbFile(data: string): RdbFileContents {
  if (data.length < 9 || data.slice(0, 5) !== 'REDIS' || !/^[0-9]{4}$/.test(data.slice(5, 9))) {
    throw new RdbReadError('Wrong signature trying to load DB from file');
  }
  const version = Number(data.slice(5, 9));
  if (version < 1 || version > RDB_VERSION) throw new RdbReadError(`Can't handle RDB format version ${version}`);
  const r = new RdbReader(data);
  r.pos = 9;
  const out: RdbFileContents = { version, aux: new Map(), functionCodes: [], keys: [] };
  let db = 0;
  let expireMs = -1;
  for (;;) {
    const type = r.byte();
    switch (type) {
      case RDB_OPCODE_EXPIRETIME: {
        let secs = 0;
        for (let i = 3; i >= 0; i--) secs = secs * 256 + r.data.charCodeAt(r.pos + i);
        r.bytes(4);
        expireMs = secs * 1000;
        continue;
      }
      case RDB_OPCODE_EXPIRETIME_MS: expireMs = r.millis(); continue;
      case RDB_OPCODE_FREQ: r.byte(); continue;
      case RDB_OPCODE_IDLE: r.plainLen(); continue;
      case RDB_OPCODE_EOF: break;
      case RDB_OPCODE_SELECTDB: db = r.plainLen(); continue;
      case RDB_OPCODE_RESIZEDB: r.plainLen(); r.plainLen(); continue;
      case RDB_OPCODE_SLOT_INFO: r.plainLen(); r.plainLen(); r.plainLen(); continue;
      case RDB_OPCODE_AUX: { const k = r.string(); out.aux.set(k, r.string()); continue; }
      case RDB_OPCODE_MODULE_AUX: throw new RdbReadError('The RDB file contains AUX module data Ferrous cannot load (no modules)');
      case RDB_OPCODE_FUNCTION_PRE_GA: throw new RdbReadError('Pre-release function format not supported');
      case RDB_OPCODE_FUNCTION2: out.functionCodes.push(r.string()); continue;
      default: {
        const key = r.string();
        const value = loadObject(type, r);
        out.keys.push({ db, key, value, expireMs });
        expireMs = -1;
        continue;
      }
    }
    break;
  }
  if (version >= 5) {
    const expected = r.bytes(8);
    if (expected !== '\0\0\0\0\0\0\0\0' && expected !== crc64(data, r.pos - 8)) {
      throw new RdbReadError('Wrong RDB checksum');
    }
  }
  return out;
}
