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
// Data are latin1 byte strings: they are hashed as latin1 Buffers, never UTF-8.

import { createHash } from 'node:crypto';
import type { Database, Keyspace, Value } from './keyspace';
import type { ListObject } from './t_list';
import type { SetObject } from './t_set';
import type { HashObject } from './t_hash';
import type { ZSetObject } from './t_zset';
import type { StreamObject } from './t_stream';

/** The digest of an empty dataset or of a missing key: 40 zeros. */
export const ZERO_DIGEST_HEX = '0'.repeat(40);

/** Redis's OBJ_* type codes, the value mixed (as a big-endian uint32) before a value's data. */
const OBJ_STRING = 0, OBJ_LIST = 1, OBJ_SET = 2, OBJ_ZSET = 3, OBJ_HASH = 4, OBJ_STREAM = 6;

/** Text of a sorted-set score inside a digest; Redis 7.2+ uses fpconv_dtoa. */
export type ScoreText = (score: number) => string;

function sha1(data: string | Buffer): Buffer {
  const h = createHash('sha1');
  if (typeof data === 'string') h.update(data, 'latin1');
  else h.update(data);
  return h.digest();
}

/** digest ^= SHA1(data). */
function xorDigest(digest: Buffer, data: string | Buffer): void {
  const hash = sha1(data);
  for (let j = 0; j < 20; j++) digest[j] ^= hash[j];
}

/** digest = SHA1(digest ^ SHA1(data)). */
function mixDigest(digest: Buffer, data: string | Buffer): void {
  xorDigest(digest, data);
  sha1(digest).copy(digest);
}

/** htonl(n): the 4 bytes of a uint32, most significant first. */
function uint32BigEndian(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

const TYPE_TAGS: Buffer[] = [];
for (let t = 0; t <= OBJ_STREAM; t++) TYPE_TAGS.push(uint32BigEndian(t));

/** The digest of one ordered pair (zset member + score text, hash field + value). */
function pairDigest(a: string, b: string): Buffer {
  const d = Buffer.alloc(20);
  mixDigest(d, a);
  mixDigest(d, b);
  return d;
}

/**
 * xorObjectDigest: folds `value` (stored under `key` in `db`) into `digest` without resetting
 * it. The key's TTL counts only as "has one or not".
 */
export function xorValueDigest(db: Database, key: string, value: Value, digest: Buffer, scoreText: ScoreText = fpconvDtoa): void {
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
          xorDigest(digest, pairDigest(member, scoreText(score)));
        }
        break;
      }
      case 'hash': {
        mixDigest(digest, TYPE_TAGS[OBJ_HASH]);
        for (const [field, v] of (value as HashObject).map) xorDigest(digest, pairDigest(field, v));
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
  const digest = Buffer.alloc(20);
  xorValueDigest(db, key, value, digest, scoreText);
  return digest.toString('hex');
}

/** DEBUG DIGEST: the whole dataset as 40 hex chars (zeros when every database is empty). */
export function datasetDigestHex(keyspace: Keyspace, scoreText: ScoreText = fpconvDtoa): string {
  const final = Buffer.alloc(20);
  const digest = Buffer.alloc(20);
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
      xorDigest(final, digest);
    }
  }
  return final.toString('hex');
}

/**
 * Redis's fpconv_dtoa: Grisu2's shortest round-trip digits laid out by its emit_digits
 * (plain up to 7 digits past the digits, "0.000ddd" down to 1e-7 or when the exponent is
 * below 4, else "d.ddde+X" with the exponent unpadded); "nan", "inf", "-0" for the specials.
 * The same text as src/scripting/convert.ts fpconvDtoa, which the store layer may not import.
 */
export function fpconvDtoa(d: number): string {
  if (d !== d) return 'nan';
  const neg = d < 0 || (d === 0 && 1 / d < 0);
  const sign = neg ? '-' : '';
  const a = neg ? -d : d;
  if (a === Infinity) return sign + 'inf';
  if (a === 0) return sign + '0';
  const exp = a.toExponential(); // V8's shortest round-trip digits: "d.ddde+X"
  const e = exp.indexOf('e');
  const digits = exp.charCodeAt(1) === 46 ? exp[0] + exp.slice(2, e) : exp.slice(0, e);
  const decExp = Number(exp.slice(e + 1));
  let ndigits = digits.length;
  const K = decExp - (ndigits - 1);
  let absExp = Math.abs(K + ndigits - 1);
  if (K >= 0 && absExp < ndigits + 7) return sign + digits + '0'.repeat(K);
  if (K < 0 && (K > -7 || absExp < 4)) {
    const offset = ndigits + K;
    if (offset <= 0) return sign + '0.' + '0'.repeat(-offset) + digits;
    return sign + digits.slice(0, offset) + '.' + digits.slice(offset);
  }
  ndigits = Math.min(ndigits, 18 - (neg ? 1 : 0));
  let out = digits[0];
  if (ndigits > 1) out += '.' + digits.slice(1, ndigits);
  out += K + ndigits - 1 < 0 ? 'e-' : 'e+';
  let expText = '';
  let cent = 0;
  if (absExp > 99) { cent = Math.floor(absExp / 100); expText += cent; absExp -= cent * 100; }
  if (absExp > 9) { const dec = Math.floor(absExp / 10); expText += dec; absExp -= dec * 10; } else if (cent) expText += '0';
  expText += absExp % 10;
  return sign + out + expText;
}
