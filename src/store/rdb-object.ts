// RDB serialization of one value (Redis's rdbSaveObjectType + rdbSaveObject, rdbLoadObject),
// and the DUMP payload around it (createDumpPayload / verifyDumpPayload in cluster.c):
//
//   <RDB type byte> <value> <2-byte LE RDB version> <8-byte LE CRC64 of everything before>
//
// Writing follows what Redis 7.4 writes for the encoding OBJECT ENCODING reports:
//   string            STRING (integer encodings, LZF above 20 bytes)
//   list              LIST_QUICKLIST_2: one listpack node for a 'listpack' list; for a
//                     'quicklist', nodes cut as RPUSH fills them (8 KB, list-max-listpack-size -2)
//   set               SET_INTSET / SET_LISTPACK / SET
//   hash              HASH_LISTPACK / HASH
//   zset              ZSET_LISTPACK / ZSET_2 (binary doubles, highest score first)
//   stream            STREAM_LISTPACKS_3 (node listpacks, metadata, groups, PELs, consumers)
// Reading accepts every type Redis 7.0-7.4 writes plus the older ones they still load
// (zipmap and ziplist hashes, ziplist zsets/lists, quicklist with ziplist nodes, ascii-double
// zsets, plain lists/sets/hashes, STREAM_LISTPACKS 1 and 2). Anything malformed throws RdbReadError
// (RESTORE: "Bad data format"); declared counts are checked against the bytes left before
// anything is allocated for them.

import { formatDouble17g } from './number-text';
import { RdbReader, RdbReadError, crc64, rdbLen, rdbString, rdbBinaryDouble, rdbMillis, RDB_VERSION } from './rdb';
import { lpEntry, lpIntEntry, lpFromEntries, lpFromStrings, lpParse, zlParse, zmParse, intsetFromSorted, intsetParse } from './rdb-listpack';
import type { Value } from './object';
import { isCanonicalInteger } from './object';
import { ListObject } from './t_list';
import { HashObject } from './t_hash';
import { SetObject } from './t_set';
import { ZSetObject } from './t_zset';
import {
  StreamObject, StreamNACK, StreamConsumer, encodeIdKey, compareId, MIN_ID,
  type StreamID, type StreamEntry, type StreamNode,
} from './t_stream';

export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3;
export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_ZSET_2 = 5;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;
export const RDB_TYPE_SET_LISTPACK = 20;
export const RDB_TYPE_STREAM_LISTPACKS_3 = 21;

const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
const QUICKLIST_NODE_CONTAINER_PACKED = 2;
/** list-max-listpack-size -2: a quicklist node holds up to 8 KB. */
const QUICKLIST_NODE_MAX_BYTES = 8192;
/** quicklist's SIZE_ESTIMATE_OVERHEAD, added to each element when deciding to cut a node. */
const QUICKLIST_SIZE_ESTIMATE_OVERHEAD = 8;

const STREAM_ITEM_FLAG_DELETED = 1;
const STREAM_ITEM_FLAG_SAMEFIELDS = 2;

// ---------------------------------------------------------------------------------------------
// Writing

/** The RDB type byte plus the serialized value (rdbSaveObjectType + rdbSaveObject). */
export function saveObject(v: Value): string {
  if (typeof v === 'string') return '\x00' + rdbString(v);
  switch (v.type) {
    case 'list': return String.fromCharCode(RDB_TYPE_LIST_QUICKLIST_2) + saveList(v as ListObject);
    case 'set': return saveSet(v as SetObject);
    case 'hash': return saveHash(v as HashObject);
    case 'zset': return saveZset(v as ZSetObject);
    case 'stream': return String.fromCharCode(RDB_TYPE_STREAM_LISTPACKS_3) + saveStream(v as StreamObject);
  }
}

function saveList(l: ListObject): string {
  const items = l.toArray();
  if (l.encoding() === 'listpack') {
    return rdbLen(1) + rdbLen(QUICKLIST_NODE_CONTAINER_PACKED) + rdbString(lpFromStrings(items));
  }
  // Nodes as quicklistPushTail fills them: a new node when the node's bytes plus the element's
  // length plus the estimate overhead would pass 8 KB.
  const nodes: string[] = [];
  let entries: string[] = [];
  let bytes = 7;
  for (const s of items) {
    if (entries.length > 0 && bytes + s.length + QUICKLIST_SIZE_ESTIMATE_OVERHEAD > QUICKLIST_NODE_MAX_BYTES) {
      nodes.push(lpFromEntries(entries));
      entries = [];
      bytes = 7;
    }
    const e = lpEntry(s);
    entries.push(e);
    bytes += e.length;
  }
  if (entries.length > 0) nodes.push(lpFromEntries(entries));
  let out = rdbLen(nodes.length);
  for (const n of nodes) out += rdbLen(QUICKLIST_NODE_CONTAINER_PACKED) + rdbString(n);
  return out;
}

function saveSet(s: SetObject): string {
  const enc = s.encoding();
  if (enc === 'intset') return String.fromCharCode(RDB_TYPE_SET_INTSET) + rdbString(intsetFromSorted(s.members));
  if (enc === 'listpack') return String.fromCharCode(RDB_TYPE_SET_LISTPACK) + rdbString(lpFromStrings(s.members));
  let out = String.fromCharCode(RDB_TYPE_SET) + rdbLen(s.members.length);
  for (const m of s.members) out += rdbString(m);
  return out;
}

function saveHash(h: HashObject): string {
  if (h.encoding() === 'listpack') {
    const entries: string[] = [];
    for (const [f, v] of h.map) entries.push(lpEntry(f), lpEntry(v));
    return String.fromCharCode(RDB_TYPE_HASH_LISTPACK) + rdbString(lpFromEntries(entries));
  }
  let out = String.fromCharCode(RDB_TYPE_HASH) + rdbLen(h.size);
  for (const [f, v] of h.map) out += rdbString(f) + rdbString(v);
  return out;
}

function saveZset(z: ZSetObject): string {
  if (z.encoding() === 'listpack') {
    // zzlInsertAt stores the score as d2string's text (an integer text becomes an integer
    // entry); others as "%.17g", the text Ferrous's replies use (7.2+ prints the shortest
    // round-trip text: the same double).
    const entries: string[] = [];
    for (let n = z.zsl.first(); n !== null; n = n.next) entries.push(lpEntry(n.member), lpEntry(formatDouble17g(n.score)));
    return String.fromCharCode(RDB_TYPE_ZSET_LISTPACK) + rdbString(lpFromEntries(entries));
  }
  // From the tail (highest) back to the head, as Redis writes a skiplist.
  let out = String.fromCharCode(RDB_TYPE_ZSET_2) + rdbLen(z.size);
  for (let n = z.zsl.tail; n !== null; n = n.backward) out += rdbString(n.member) + rdbBinaryDouble(n.score);
  return out;
}

/** rdbSaveLen of a 64-bit unsigned value given as a bigint (stream ids, counters). */
function lenBig(v: bigint): string {
  if (v < 0n) v = BigInt.asUintN(64, v);
  if (v <= 0xffffffffn) return rdbLen(Number(v));
  let s = '\x81';
  for (let i = 7n; i >= 0n; i--) s += String.fromCharCode(Number((v >> (8n * i)) & 0xffn));
  return s;
}

function sameFieldsAs(node: StreamNode, fields: readonly string[]): boolean {
  const master = node.masterFields;
  if (master.length * 2 !== fields.length) return false;
  for (let i = 0; i < master.length; i++) if (master[i] !== fields[i * 2]) return false;
  return true;
}

/** One node's listpack, as t_stream.c builds it (master entry, then each entry). */
function streamNodeListpack(node: StreamNode, entries: readonly StreamEntry[]): string {
  const lp: string[] = [lpIntEntry(node.live), lpIntEntry(node.deleted), lpIntEntry(node.masterFields.length)];
  for (const f of node.masterFields) lp.push(lpEntry(f));
  lp.push(lpIntEntry(0)); // master entry terminator
  for (const e of entries) {
    const numFields = e.fields.length / 2;
    const same = sameFieldsAs(node, e.fields);
    lp.push(lpIntEntry((e.deleted ? STREAM_ITEM_FLAG_DELETED : 0) | (same ? STREAM_ITEM_FLAG_SAMEFIELDS : 0)));
    lp.push(lpIntEntry(BigInt.asIntN(64, e.ms - node.master.ms)), lpIntEntry(BigInt.asIntN(64, e.seq - node.master.seq)));
    if (same) {
      for (let i = 0; i < numFields; i++) lp.push(lpEntry(e.fields[i * 2 + 1]));
      lp.push(lpIntEntry(numFields + 3));
    } else {
      lp.push(lpIntEntry(numFields));
      for (let i = 0; i < e.fields.length; i++) lp.push(lpEntry(e.fields[i]));
      lp.push(lpIntEntry(numFields * 2 + 4));
    }
  }
  return lpFromEntries(lp);
}

function rawId(id: StreamID): string { return encodeIdKey(id); }

function saveStream(s: StreamObject): string {
  const stored = s.storedEntries();
  const parts: string[] = [];
  let nodes = 0;
  for (let i = 0; i < stored.length;) {
    const node = stored[i].node;
    let j = i + 1;
    while (j < stored.length && stored[j].node === node) j++;
    parts.push(rdbString(rawId(node.master)) + rdbString(streamNodeListpack(node, stored.slice(i, j))));
    nodes++;
    i = j;
  }
  let out = rdbLen(nodes) + parts.join('');
  out += rdbLen(s.length) + lenBig(s.lastId.ms) + lenBig(s.lastId.seq) + lenBig(s.firstId.ms) + lenBig(s.firstId.seq);
  out += lenBig(s.maxDeletedId.ms) + lenBig(s.maxDeletedId.seq) + rdbLen(s.entriesAdded);
  const groups = s.sortedGroups();
  out += rdbLen(groups.length);
  for (const g of groups) {
    out += rdbString(g.name) + lenBig(g.lastId.ms) + lenBig(g.lastId.seq) + lenBig(BigInt(g.entriesRead));
    out += rdbLen(g.pel.size);
    for (const n of g.pel) out += rawId(n) + rdbMillis(n.deliveryTime) + rdbLen(n.deliveryCount);
    const consumers = g.sortedConsumers();
    out += rdbLen(consumers.length);
    for (const c of consumers) {
      out += rdbString(c.name) + rdbMillis(c.seenTime) + rdbMillis(c.activeTime) + rdbLen(c.pel.size);
      for (const n of c.pel) out += rawId(n);
    }
  }
  return out;
}

/** createDumpPayload: the value, the RDB version, the CRC64. */
export function createDumpPayload(v: Value, version = RDB_VERSION): string {
  const body = saveObject(v) + String.fromCharCode(version & 0xff, (version >> 8) & 0xff);
  return body + crc64(body);
}

// ---------------------------------------------------------------------------------------------
// Reading

function bad(what: string): never { throw new RdbReadError(what); }

/** A declared element count: each element takes at least one byte of what is left. */
function count(r: RdbReader, perElement = 1): number {
  const n = r.plainLen();
  if (n === 0) bad('empty value');
  if (n * perElement > r.remaining) bad('count larger than the payload');
  return n;
}

/** rdbLoadLen as an unsigned 64-bit bigint. */
function lenBigOf(r: RdbReader): bigint {
  const first = r.byte();
  if (first === 0x81) {
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(r.byte());
    return v;
  }
  r.pos--;
  return BigInt(r.plainLen());
}

/** Decimal text of an element -> the double it holds (zset scores in listpacks/ziplists). */
function scoreOf(text: string): number {
  const v = Number(text);
  if (text.length > 0 && !Number.isNaN(v) && text.trim() === text) return v;
  if (text === 'inf' || text === '+inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return bad('invalid score');
}

/** rdbLoadObject for RDB type `type`: the value, or RdbReadError. */
export function loadObject(type: number, r: RdbReader): Value {
  switch (type) {
    case RDB_TYPE_STRING: return r.string();
    case RDB_TYPE_LIST: {
      const n = count(r);
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(r.string());
      return listOf(items, false);
    }
    case RDB_TYPE_LIST_ZIPLIST: return listOf(nonEmpty(zlParse(r.string())), false);
    case RDB_TYPE_LIST_QUICKLIST:
    case RDB_TYPE_LIST_QUICKLIST_2: return loadQuicklist(type, r);
    case RDB_TYPE_SET: {
      const n = count(r);
      const s = n > 512 ? SetObject.create('-', n) : SetObject.create('0', 0);
      for (let i = 0; i < n; i++) if (!s.add(r.string())) bad('duplicate set member');
      return s;
    }
    case RDB_TYPE_SET_INTSET: {
      const members = nonEmpty(intsetParse(r.string()));
      const s = members.length > 512 ? SetObject.create('-', members.length) : SetObject.create('0', 0);
      for (const m of members) s.add(m);
      return s;
    }
    case RDB_TYPE_SET_LISTPACK: {
      const members = nonEmpty(lpParse(r.string()));
      const s = SetObject.create('-', members.length);
      for (const m of members) if (!s.add(m)) bad('duplicate set member');
      return s;
    }
    case RDB_TYPE_HASH: {
      const n = count(r, 2);
      const h = new HashObject();
      for (let i = 0; i < n; i++) {
        const f = r.string();
        if (!h.set(f, r.string())) bad('duplicate hash field');
      }
      return h;
    }
    case RDB_TYPE_HASH_ZIPMAP:
    case RDB_TYPE_HASH_ZIPLIST:
    case RDB_TYPE_HASH_LISTPACK: {
      const blob = r.string();
      const items = nonEmpty(type === RDB_TYPE_HASH_LISTPACK ? lpParse(blob) : type === RDB_TYPE_HASH_ZIPLIST ? zlParse(blob) : zmParse(blob));
      if (items.length % 2 !== 0) bad('odd hash listpack');
      const h = new HashObject();
      for (let i = 0; i < items.length; i += 2) if (!h.set(items[i], items[i + 1])) bad('duplicate hash field');
      return h;
    }
    case RDB_TYPE_ZSET:
    case RDB_TYPE_ZSET_2: {
      const n = count(r, 2);
      const members: string[] = [];
      const scores: number[] = [];
      let maxLen = 0;
      for (let i = 0; i < n; i++) {
        const m = r.string();
        const score = type === RDB_TYPE_ZSET_2 ? r.binaryDouble() : r.asciiDouble();
        if (Number.isNaN(score)) bad('zset NaN score');
        members.push(m);
        scores.push(score);
        if (m.length > maxLen) maxLen = m.length;
      }
      // Redis loads these into a skiplist and converts to a listpack only when small enough
      // (which stores integral scores as integers: -0 becomes 0); a big one keeps every score.
      const z = new ZSetObject();
      z.maybeConvert(n, maxLen);
      for (let i = 0; i < n; i++) {
        if (z.score(members[i]) !== undefined) bad('duplicate zset member');
        z.add(members[i], scores[i]);
      }
      return z;
    }
    case RDB_TYPE_ZSET_ZIPLIST:
    case RDB_TYPE_ZSET_LISTPACK: {
      const blob = r.string();
      const items = nonEmpty(type === RDB_TYPE_ZSET_LISTPACK ? lpParse(blob) : zlParse(blob));
      if (items.length % 2 !== 0) bad('odd zset listpack');
      const z = new ZSetObject();
      for (let i = 0; i < items.length; i += 2) {
        const score = scoreOf(items[i + 1]);
        if (Number.isNaN(score)) bad('zset NaN score');
        if (z.score(items[i]) !== undefined) bad('duplicate zset member');
        z.add(items[i], score);
      }
      return z;
    }
    case RDB_TYPE_STREAM_LISTPACKS:
    case RDB_TYPE_STREAM_LISTPACKS_2:
    case RDB_TYPE_STREAM_LISTPACKS_3: return loadStream(type, r);
    default:
      return bad(`unsupported RDB type ${type}`);
  }
}

function nonEmpty(items: string[]): string[] {
  if (items.length === 0) bad('empty value');
  return items;
}

/**
 * A list of `items`. Redis turns a loaded quicklist back into a listpack when it has a single
 * packed node within the node limit (listTypeTryConversion, LIST_CONV_AUTO); more nodes stay
 * a quicklist.
 */
function listOf(items: readonly string[], quicklist: boolean): ListObject {
  const l = new ListObject(items.length);
  for (const s of items) l.pushTail(s);
  if (quicklist) l.beforeAppend(QUICKLIST_NODE_MAX_BYTES + 1);
  else l.settleEncoding();
  return l;
}

function loadQuicklist(type: number, r: RdbReader): ListObject {
  const nodes = count(r);
  const items: string[] = [];
  let packedBytes = 0;
  let kept = 0;
  for (let i = 0; i < nodes; i++) {
    let container = QUICKLIST_NODE_CONTAINER_PACKED;
    if (type === RDB_TYPE_LIST_QUICKLIST_2) {
      container = r.plainLen();
      if (container !== QUICKLIST_NODE_CONTAINER_PACKED && container !== QUICKLIST_NODE_CONTAINER_PLAIN) bad('bad quicklist container');
    }
    const blob = r.string();
    if (container === QUICKLIST_NODE_CONTAINER_PLAIN) {
      items.push(blob);
      kept++;
      packedBytes += QUICKLIST_NODE_MAX_BYTES + 1; // a plain node never becomes a listpack
      continue;
    }
    const elements = type === RDB_TYPE_LIST_QUICKLIST_2 ? lpParse(blob) : zlParse(blob);
    if (elements.length === 0) continue; // Redis skips empty nodes silently
    kept++;
    packedBytes += blob.length;
    for (const e of elements) items.push(e);
  }
  if (items.length === 0) bad('empty list');
  return listOf(items, !(kept === 1 && packedBytes <= QUICKLIST_NODE_MAX_BYTES));
}

/** Reads a 16-byte big-endian stream id (streamDecodeID). */
function decodeId(raw: string): StreamID {
  if (raw.length !== 16) bad('bad stream id');
  let ms = 0n, seq = 0n;
  for (let i = 0; i < 8; i++) ms = (ms << 8n) | BigInt(raw.charCodeAt(i));
  for (let i = 8; i < 16; i++) seq = (seq << 8n) | BigInt(raw.charCodeAt(i));
  return { ms, seq };
}

/** A listpack element that must be an integer (stream node metadata). */
function intOf(text: string | undefined): bigint {
  if (text === undefined || !isCanonicalInteger(text)) bad('expected an integer in a stream listpack');
  return BigInt(text);
}

interface LoadedEntry { id: StreamID; fields: string[]; deleted: boolean }

/** streamValidateListpackIntegrity (deep) + reading the node's entries. */
function parseStreamNode(master: StreamID, lp: string): LoadedEntry[] {
  const items = lpParse(lp);
  if (items.length === 0) bad('empty stream listpack');
  let p = 0;
  const next = (): string => (p < items.length ? items[p++] : bad('stream listpack truncated'));
  const live = intOf(next());
  const deleted = intOf(next());
  const masterCount = Number(intOf(next()));
  if (masterCount < 0 || masterCount > items.length) bad('bad master field count');
  const masterFields: string[] = [];
  for (let i = 0; i < masterCount; i++) masterFields.push(next());
  if (intOf(next()) !== 0n) bad('bad master entry terminator');
  const out: LoadedEntry[] = [];
  let liveSeen = 0n, deletedSeen = 0n;
  while (p < items.length) {
    const start = p;
    const flags = Number(intOf(next()));
    const ms = BigInt.asUintN(64, master.ms + intOf(next()));
    const seq = BigInt.asUintN(64, master.seq + intOf(next()));
    const fields: string[] = [];
    if (flags & STREAM_ITEM_FLAG_SAMEFIELDS) {
      for (let i = 0; i < masterCount; i++) fields.push(masterFields[i], next());
    } else {
      const n = Number(intOf(next()));
      if (n < 0 || n * 2 > items.length - p) bad('bad entry field count');
      for (let i = 0; i < n * 2; i++) fields.push(next());
    }
    const lpCount = Number(intOf(next()));
    if (lpCount !== p - start - 1) bad('bad entry lp-count');
    if (fields.length === 0) bad('stream entry without fields');
    const isDeleted = (flags & STREAM_ITEM_FLAG_DELETED) !== 0;
    if (isDeleted) deletedSeen++; else liveSeen++;
    out.push({ id: { ms, seq }, fields, deleted: isDeleted });
  }
  if (liveSeen !== live || deletedSeen !== deleted) bad('stream node counts mismatch');
  if (out.length === 0) bad('stream node without entries');
  return out;
}

function loadStream(type: number, r: RdbReader): StreamObject {
  const s = new StreamObject();
  const nodeCount = r.plainLen();
  if (nodeCount * 2 > r.remaining) bad('count larger than the payload');
  const all: LoadedEntry[][] = [];
  let prev: StreamID | null = null;
  for (let i = 0; i < nodeCount; i++) {
    const master = decodeId(r.string());
    const entries = parseStreamNode(master, r.string());
    for (const e of entries) {
      if (prev !== null && compareId(e.id, prev) <= 0) bad('stream ids out of order');
      prev = e.id;
    }
    all.push(entries);
  }
  // Rebuild the nodes as they were: every payload node starts a new node (maxBytes 1 forces
  // the cut), its entries join it (no limits); tombstones are deleted afterwards.
  const cut = { maxBytes: 1, maxEntries: 0 };
  const join = { maxBytes: 0, maxEntries: 0 };
  const tombstones: StreamID[] = [];
  for (const entries of all) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (s.append(e.id, e.fields, i === 0 ? cut : join) !== null) bad('stream entry too large');
      if (e.deleted) tombstones.push(e.id);
    }
  }
  for (const id of tombstones) s.deleteId(id);

  const length = r.plainLen();
  const lastId = { ms: lenBigOf(r), seq: lenBigOf(r) };
  let firstId: StreamID, maxDeletedId: StreamID, entriesAdded: number;
  if (type >= RDB_TYPE_STREAM_LISTPACKS_2) {
    firstId = { ms: lenBigOf(r), seq: lenBigOf(r) };
    maxDeletedId = { ms: lenBigOf(r), seq: lenBigOf(r) };
    entriesAdded = r.plainLen();
  } else {
    const first = s.firstEntry();
    firstId = first === undefined ? MIN_ID : { ms: first.ms, seq: first.seq };
    maxDeletedId = MIN_ID;
    entriesAdded = length;
  }
  if (length !== s.length) bad('stream length mismatch');
  if (prev !== null && compareId(lastId, prev) < 0) bad('stream last id behind its entries');
  s.lastId = lastId;
  s.firstId = s.length === 0 ? MIN_ID : { ms: firstId.ms, seq: firstId.seq };
  s.maxDeletedId = maxDeletedId;
  s.entriesAdded = entriesAdded;

  const groupCount = r.plainLen();
  if (groupCount > r.remaining) bad('count larger than the payload');
  for (let g = 0; g < groupCount; g++) {
    const name = r.string();
    const gLast = { ms: lenBigOf(r), seq: lenBigOf(r) };
    let entriesRead: number;
    if (type >= RDB_TYPE_STREAM_LISTPACKS_2) {
      entriesRead = Number(BigInt.asIntN(64, lenBigOf(r)));
    } else {
      entriesRead = s.estimateDistanceFromFirstEverEntry(gLast);
    }
    const group = s.createGroup(name, gLast, entriesRead);
    if (group === undefined) bad('duplicate consumer group');
    const pelSize = r.plainLen();
    if (pelSize * 17 > r.remaining) bad('count larger than the payload');
    for (let i = 0; i < pelSize; i++) {
      const id = decodeId(r.bytes(16));
      const deliveryTime = r.millis();
      const deliveryCount = r.plainLen();
      if (!group.pel.insert(new StreamNACK(id.ms, id.seq, deliveryTime, deliveryCount, null))) bad('duplicate PEL entry');
    }
    const consumerCount = r.plainLen();
    if (consumerCount > r.remaining) bad('count larger than the payload');
    for (let i = 0; i < consumerCount; i++) {
      const cname = r.string();
      if (group.consumers.has(cname)) bad('duplicate consumer');
      const seen = r.millis();
      const consumer = new StreamConsumer(cname, seen);
      consumer.activeTime = type === RDB_TYPE_STREAM_LISTPACKS_3 ? r.millis() : seen;
      const owned = r.plainLen();
      if (owned * 16 > r.remaining) bad('count larger than the payload');
      for (let k = 0; k < owned; k++) {
        const id = decodeId(r.bytes(16));
        const nack = group.pel.find(id);
        if (nack === undefined) bad('consumer PEL entry not in the group PEL');
        if (nack.consumer !== null) bad('PEL entry owned twice');
        nack.consumer = consumer;
        consumer.pel.insert(nack);
      }
      group.consumers.set(cname, consumer);
    }
    for (const nack of group.pel) if (nack.consumer === null) bad('PEL entry without a consumer');
  }
  return s;
}

/**
 * RESTORE's reading of a payload whose footer was verified: the value, or null for
 * "Bad data format". As Redis, the reader runs over the whole buffer: a truncated value may
 * read into the footer's bytes, and bytes after the value are not checked.
 */
export function loadDumpPayload(payload: string): Value | null {
  const r = new RdbReader(payload);
  try {
    if (r.remaining < 1) return null;
    return loadObject(r.byte(), r);
  } catch (e) {
    if (e instanceof RdbReadError || e instanceof RangeError) return null;
    throw e;
  }
}
