// DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis's dataset and value signatures (debug.c
// xorDigest / mixDigest / xorObjectDigest / computeDatasetDigest), bit for bit, so that
// Redis's own test suite can compare keys and datasets through them.
//
// Two ways of folding a byte string into a 20-byte digest, both over SHA1:
//   xorDigest(d, s):  d ^= SHA1(s)             order does not matter (set members, hash
//                                              fields, zset elements, keys of a database)
//   mixDigest(d, s):  d = SHA1(d ^ SHA1(s))    order matters (list elements, stream entries,
//                                              and the parts of one element)
//
// A key's digest is mix(key), then the value's: mix(htonl(type)), then per type
//   string  mix(bytes)
//   list    mix(element) head to tail
//   set     xor(member)
//   zset    xor(mix(mix(0, member), scoreText))      scoreText: fpconv_dtoa (Redis 7.2+)
//   hash    xor(mix(mix(0, field), value))
//   stream  per live entry in id order: mix("<ms>.<seq>"), then mix(field), mix(value) for
//           each pair (consumer groups, last id and the like do not take part)
// and xor("!!expire!!") when the key has a TTL (whatever its value). The dataset digest
// starts at zero and, for every non-empty database j, mixes htonl(j) and xors in each key's
// digest. Integer-encoded strings, intset members and listpack integers are hashed as their
// decimal text, which is exactly the byte string Ferrous stores, so encodings do not matter
// except through the score text of sorted sets.
//
// Data are latin1 byte strings, hashed as their bytes (never UTF-8). SHA1 is written out here
// rather than taken from node:crypto: a digest hashes several short strings per element, and
// createHash's per-call cost (~1.5 us) was 6x Redis's whole DEBUG DIGEST time; the one-block
// compression below costs a fraction of that and allocates nothing.

import type { Database, Keyspace, Value } from './keyspace';
import type { ListObject } from './t_list';
import type { SetObject } from './t_set';
import type { HashObject } from './t_hash';
import type { ZSetObject } from './t_zset';
import type { StreamObject } from './t_stream';
import { fpconvDtoa } from './number-text';

/** The digest of an empty dataset or of a missing key: 40 zeros. */
export const ZERO_DIGEST_HEX = '0'.repeat(40);

/** Redis's OBJ_* type codes, the value mixed (as a big-endian uint32) before a value's data. */
const OBJ_STRING = 0, OBJ_LIST = 1, OBJ_SET = 2, OBJ_ZSET = 3, OBJ_HASH = 4, OBJ_STREAM = 6;

/** Text of a sorted-set score inside a digest; Redis 7.2+ uses fpconv_dtoa. */
export type ScoreText = (score: number) => string;

// ---- SHA1 (FIPS 180-4) over latin1 strings and byte arrays ----------------------------------

const W = new Int32Array(80);
const H = new Int32Array(5);
/** The last one or two blocks: the message tail, the 0x80 byte, zeros, the bit length. */
const TAIL = new Uint8Array(128);

function sha1Init(): void {
  H[0] = 0x67452301; H[1] = 0xefcdab89 | 0; H[2] = 0x98badcfe | 0; H[3] = 0x10325476; H[4] = 0xc3d2e1f0 | 0;
}

/** One 64-byte block, already in W[0..15] as big-endian words. */
function sha1Compress(): void {
  const w = W;
  for (let t = 16; t < 80; t++) {
    const x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
    w[t] = (x << 1) | (x >>> 31);
  }
  let a = H[0], b = H[1], c = H[2], d = H[3], e = H[4];
  let t = 0;
  for (; t < 20; t++) {
    const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
  }
  for (; t < 40; t++) {
    const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
  }
  for (; t < 60; t++) {
    const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w[t]) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
  }
  for (; t < 80; t++) {
    const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w[t]) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
  }
  H[0] = (H[0] + a) | 0; H[1] = (H[1] + b) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0; H[4] = (H[4] + e) | 0;
}

/** Pads the `rem` tail bytes already in TAIL, compresses the last block(s), writes 20 bytes to out. */
function sha1Finish(rem: number, totalBytes: number, out: Uint8Array): void {
  const tail = TAIL;
  tail[rem] = 0x80;
  const end = rem < 56 ? 64 : 128;
  tail.fill(0, rem + 1, end);
  const bitsHigh = Math.floor(totalBytes / 0x20000000); // totalBytes * 8 / 2^32
  const bitsLow = (totalBytes * 8) >>> 0;
  tail[end - 8] = bitsHigh >>> 24; tail[end - 7] = bitsHigh >>> 16; tail[end - 6] = bitsHigh >>> 8; tail[end - 5] = bitsHigh;
  tail[end - 4] = bitsLow >>> 24; tail[end - 3] = bitsLow >>> 16; tail[end - 2] = bitsLow >>> 8; tail[end - 1] = bitsLow;
  for (let p = 0; p < end; p += 64) {
    for (let t = 0, q = p; t < 16; t++, q += 4) W[t] = (tail[q] << 24) | (tail[q + 1] << 16) | (tail[q + 2] << 8) | tail[q + 3];
    sha1Compress();
  }
  for (let i = 0; i < 5; i++) {
    const h = H[i];
    out[4 * i] = h >>> 24; out[4 * i + 1] = h >>> 16; out[4 * i + 2] = h >>> 8; out[4 * i + 3] = h;
  }
}

/** SHA1 of a latin1 byte string into out[0..19]. */
export function sha1OfString(s: string, out: Uint8Array): void {
  sha1Init();
  const len = s.length;
  const whole = len - (len & 63);
  let p = 0;
  while (p < whole) {
    for (let t = 0; t < 16; t++, p += 4) {
      W[t] = (s.charCodeAt(p) << 24) | (s.charCodeAt(p + 1) << 16) | (s.charCodeAt(p + 2) << 8) | s.charCodeAt(p + 3);
    }
    sha1Compress();
  }
  const rem = len - p;
  for (let i = 0; i < rem; i++) TAIL[i] = s.charCodeAt(p + i);
  sha1Finish(rem, len, out);
}

/** SHA1 of 20 digest bytes (one block) into out[0..19]; out may be the input. */
function sha1OfDigest(bytes: Uint8Array, out: Uint8Array): void {
  sha1Init();
  TAIL.set(bytes.subarray(0, 20), 0);
  sha1Finish(20, 20, out);
}

// ---- Redis's digest operations ----------------------------------------------------------------

const hashScratch = new Uint8Array(20);

/** digest ^= SHA1(s). */
function xorDigest(digest: Uint8Array, s: string): void {
  const hash = hashScratch;
  sha1OfString(s, hash);
  for (let j = 0; j < 20; j++) digest[j] ^= hash[j];
}

/** digest ^= SHA1(other): how an element's or a key's 20-byte digest joins its aggregate. */
function xorDigestOfDigest(digest: Uint8Array, other: Uint8Array): void {
  const hash = hashScratch;
  sha1OfDigest(other, hash);
  for (let j = 0; j < 20; j++) digest[j] ^= hash[j];
}

/** digest = SHA1(digest ^ SHA1(s)). */
function mixDigest(digest: Uint8Array, s: string): void {
  xorDigest(digest, s);
  sha1OfDigest(digest, digest);
}

/** htonl(n) as a 4-byte latin1 string: a uint32, most significant byte first. */
function uint32BigEndian(n: number): string {
  return String.fromCharCode((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

const TYPE_TAGS: string[] = [];
for (let t = 0; t <= OBJ_STREAM; t++) TYPE_TAGS.push(uint32BigEndian(t));

const pairScratch = new Uint8Array(20);

/** Folds one ordered pair (zset member + score text, hash field + value) into digest. */
function xorPairDigest(digest: Uint8Array, a: string, b: string): void {
  const pair = pairScratch;
  pair.fill(0);
  mixDigest(pair, a);
  mixDigest(pair, b);
  xorDigestOfDigest(digest, pair);
}

const HEX = '0123456789abcdef';

function hexOf(digest: Uint8Array): string {
  let out = '';
  for (let j = 0; j < 20; j++) out += HEX[digest[j] >>> 4] + HEX[digest[j] & 15];
  return out;
}

/**
 * xorObjectDigest: folds `value` (stored under `key` in `db`) into `digest` without resetting
 * it. The key's TTL counts only as "has one or not".
 */
export function xorValueDigest(db: Database, key: string, value: Value, digest: Uint8Array, scoreText: ScoreText = fpconvDtoa): void {
  if (typeof value === 'string') {
    mixDigest(digest, TYPE_TAGS[OBJ_STRING]);
    mixDigest(digest, value);
  } else {
    switch (value.type) {
      case 'list': {
        mixDigest(digest, TYPE_TAGS[OBJ_LIST]);
        const list = value as ListObject;
        for (let i = 0, n = list.length; i < n; i++) mixDigest(digest, list.get(i));
        break;
      }
      case 'set': {
        mixDigest(digest, TYPE_TAGS[OBJ_SET]);
        const members = (value as SetObject).members;
        for (let i = 0; i < members.length; i++) xorDigest(digest, members[i]);
        break;
      }
      case 'zset': {
        mixDigest(digest, TYPE_TAGS[OBJ_ZSET]);
        for (const [member, score] of (value as ZSetObject).dict) {
          xorPairDigest(digest, member, scoreText(score));
        }
        break;
      }
      case 'hash': {
        // Redis 7.4 also xors SHA1("!!hexpire!!") into the pair digest of a field that has a
        // TTL of its own (HEXPIRE); Ferrous has no field TTLs yet, so no field has one.
        mixDigest(digest, TYPE_TAGS[OBJ_HASH]);
        for (const [field, v] of (value as HashObject).map) xorPairDigest(digest, field, v);
        break;
      }
      case 'stream': {
        mixDigest(digest, TYPE_TAGS[OBJ_STREAM]);
        // streamIteratorStart over the whole stream: live entries only, ascending ids. The id
        // is "%U.%U" (a dot, not the dash of replies).
        const entries = (value as StreamObject).storedEntries();
        for (let i = 0; i < entries.length; i++) {
          const e = entries[i];
          if (e.deleted) continue;
          mixDigest(digest, `${e.ms}.${e.seq}`);
          const fields = e.fields;
          for (let f = 0; f < fields.length; f++) mixDigest(digest, fields[f]);
        }
        break;
      }
    }
  }
  if (db.getExpire(key) !== -1) xorDigest(digest, '!!expire!!');
}

/** DEBUG DIGEST-VALUE of one key: 40 hex chars, zeros when the key does not exist. */
export function keyDigestHex(db: Database, key: string, scoreText: ScoreText = fpconvDtoa): string {
  // dictFind, not lookupKey: a logically expired key still has its digest, as in Redis.
  const value = db.peek(key);
  if (value === undefined) return ZERO_DIGEST_HEX;
  const digest = new Uint8Array(20);
  xorValueDigest(db, key, value, digest, scoreText);
  return hexOf(digest);
}

/** DEBUG DIGEST: the whole dataset as 40 hex chars (zeros when every database is empty). */
export function datasetDigestHex(keyspace: Keyspace, scoreText: ScoreText = fpconvDtoa): string {
  const final = new Uint8Array(20);
  const digest = new Uint8Array(20);
  for (const db of keyspace.dbs) {
    if (db.size === 0) continue;
    // The database id is mixed in, so the same keys in another database differ.
    mixDigest(final, uint32BigEndian(db.id));
    // Every key in the dict, logically expired ones included.
    const keys = db.allKeys();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const value = db.peek(key);
      if (value === undefined) continue;
      digest.fill(0);
      mixDigest(digest, key);
      xorValueDigest(db, key, value, digest, scoreText);
      xorDigestOfDigest(final, digest);
    }
  }
  return hexOf(final);
}

