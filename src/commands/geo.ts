// Geo commands (Redis's geo.c): GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH, GEOSEARCHSTORE,
// GEORADIUS, GEORADIUSBYMEMBER and their _RO forms. A geo set is a sorted set whose scores are
// 52-bit geohash cells (src/store/geohash.ts); GEOADD runs ZADD with those scores, as Redis
// does, so encodings, notifications ('zadd') and blocked BZPOPMIN clients behave the same.
// Coordinates (GEOPOS, WITHCOORD) are printed as Redis's ld2string does ("%.17Lf" without
// trailing zeros), as a bulk string in RESP2 and as a double in RESP3.

import type { CommandContext, CommandSpec, KeySpec } from './types';
import { ZSetObject } from '../store/t_zset';
import { ERR_SYNTAX, ERR_NOT_FLOAT, ERR_NOT_INTEGER, parseDouble, parseInt64, formatLongDoubleHuman, longDoubleFromNumber } from './util';
import { readTyped, keySpec } from './type-helpers';
import { lookupCommandName } from './table';
import { notify, NOTIFY_GENERIC, NOTIFY_ZSET } from './notify';
import {
  GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN, cellScoreRange, decodeScore,
  distance, distanceIfInShape, encodeScoreWGS84, searchCells, standardGeohash, type GeoShape,
} from '../store/geohash';

function lookupRead(ctx: CommandContext, key: string) { return readTyped<ZSetObject>(ctx, key, 'zset'); }

/** printf's %f: six decimals. */
const fmtF = (d: number): string => (Number.isFinite(d) ? d.toFixed(6) : d > 0 ? 'inf' : d < 0 ? '-inf' : 'nan');

/** addReplyDoubleDistance: "%.4f". */
const fmtDistance = (d: number): string => d.toFixed(4);

/** addReplyHumanLongDouble. */
function replyCoordinate(ctx: CommandContext, d: number): void {
  const ld = longDoubleFromNumber(d); // coordinates are finite: never 'inf'
  const text = typeof ld === 'string' ? ld : formatLongDoubleHuman(ld);
  if (ctx.reply.resp === 3) ctx.reply.double(d, text);
  else ctx.reply.bulk(text);
}

/** extractLongLatOrReply: [longitude, latitude] or null after replying. */
function longLatArgs(ctx: CommandContext, at: number): [number, number] | null {
  const x = parseDouble(ctx.argv[at]);
  if (x === null) { ctx.reply.error(ERR_NOT_FLOAT); return null; }
  const y = parseDouble(ctx.argv[at + 1]);
  if (y === null) { ctx.reply.error(ERR_NOT_FLOAT); return null; }
  if (x < GEO_LONG_MIN || x > GEO_LONG_MAX || y < GEO_LAT_MIN || y > GEO_LAT_MAX) {
    ctx.reply.error(`ERR invalid longitude,latitude pair ${fmtF(x)},${fmtF(y)}`);
    return null;
  }
  return [x, y];
}

/** extractUnitOrReply: meters per unit, or -1 after replying. */
function unitArg(ctx: CommandContext, s: string): number {
  switch (s.toLowerCase()) {
    case 'm': return 1;
    case 'km': return 1000;
    case 'ft': return 0.3048;
    case 'mi': return 1609.34;
    default:
      ctx.reply.error('ERR unsupported unit provided. please use M, KM, FT, MI');
      return -1;
  }
}

/** extractDistanceOrReply: [radius, conversion] or null. */
function radiusArgs(ctx: CommandContext, at: number): [number, number] | null {
  const r = parseDouble(ctx.argv[at]);
  if (r === null) { ctx.reply.error('ERR need numeric radius'); return null; }
  if (r < 0) { ctx.reply.error('ERR radius cannot be negative'); return null; }
  const conversion = unitArg(ctx, ctx.argv[at + 1]);
  return conversion < 0 ? null : [r, conversion];
}

/** extractBoxOrReply: [width, height, conversion] or null. */
function boxArgs(ctx: CommandContext, at: number): [number, number, number] | null {
  const w = parseDouble(ctx.argv[at]);
  if (w === null) { ctx.reply.error('ERR need numeric width'); return null; }
  const h = parseDouble(ctx.argv[at + 1]);
  if (h === null) { ctx.reply.error('ERR need numeric height'); return null; }
  if (h < 0 || w < 0) { ctx.reply.error('ERR height or width cannot be negative'); return null; }
  const conversion = unitArg(ctx, ctx.argv[at + 2]);
  return conversion < 0 ? null : [w, h, conversion];
}

// ---- GEOADD, GEOPOS, GEODIST, GEOHASH -----------------------------------------------------

function geoadd(ctx: CommandContext): void {
  const argv = ctx.argv;
  let longIdx = 2;
  let nx = false;
  let xx = false;
  for (; longIdx < argv.length; longIdx++) {
    const opt = argv[longIdx].toLowerCase();
    if (opt === 'nx') nx = true;
    else if (opt === 'xx') xx = true;
    else if (opt !== 'ch') break;
  }
  if ((argv.length - longIdx) % 3 !== 0 || (xx && nx)) { ctx.reply.error(ERR_SYNTAX); return; }
  // ZADD key [options] score member ..., the score being the position's 52-bit cell.
  const zaddArgv = ['zadd', ...argv.slice(1, longIdx)];
  for (let i = longIdx; i < argv.length; i += 3) {
    const xy = longLatArgs(ctx, i);
    if (xy === null) return;
    zaddArgv.push(String(encodeScoreWGS84(xy[0], xy[1]) ?? 0), argv[i + 2]);
  }
  lookupCommandName('zadd')!.handler({ ...ctx, argv: zaddArgv });
}

/**
 * GEOPOS and GEOHASH: an array with one element per member argv[2..], written by `found` from
 * the member's decoded position, or by `missing` when the key or the member does not exist.
 */
function replyPerMember(ctx: CommandContext, missing: () => void, found: (x: number, y: number) => void): void {
  const z = lookupRead(ctx, ctx.argv[1]);
  if (z === null) return;
  ctx.reply.arrayLen(ctx.argv.length - 2);
  for (let j = 2; j < ctx.argv.length; j++) {
    const score = z === undefined ? undefined : z.score(ctx.argv[j]);
    if (score === undefined) { missing(); continue; }
    const [x, y] = decodeScore(score);
    found(x, y);
  }
}

function geopos(ctx: CommandContext): void {
  const r = ctx.reply;
  replyPerMember(ctx, () => r.nullArray(), (x, y) => {
    r.arrayLen(2);
    replyCoordinate(ctx, x);
    replyCoordinate(ctx, y);
  });
}

function geodist(ctx: CommandContext): void {
  const argv = ctx.argv;
  let toMeter = 1;
  if (argv.length === 5) {
    toMeter = unitArg(ctx, argv[4]);
    if (toMeter < 0) return;
  } else if (argv.length > 5) {
    ctx.reply.error(ERR_SYNTAX);
    return;
  }
  const z = lookupRead(ctx, argv[1]);
  if (z === null) return;
  if (z === undefined) { ctx.reply.bulk(null); return; }
  const s1 = z.score(argv[2]);
  const s2 = z.score(argv[3]);
  if (s1 === undefined || s2 === undefined) { ctx.reply.bulk(null); return; }
  const [x1, y1] = decodeScore(s1);
  const [x2, y2] = decodeScore(s2);
  ctx.reply.bulk(fmtDistance(distance(x1, y1, x2, y2) / toMeter));
}

function geohash(ctx: CommandContext): void {
  const r = ctx.reply;
  replyPerMember(ctx, () => r.bulk(null), (x, y) => r.bulk(standardGeohash(x, y)));
}

// ---- GEOSEARCH and friends (georadiusGeneric) ---------------------------------------------

const RADIUS_COORDS = 1;
const RADIUS_MEMBER = 2;
const RADIUS_NOSTORE = 4;
const GEOSEARCH = 8;
const GEOSEARCHSTORE = 16;

interface GeoPoint { member: string; score: number; x: number; y: number; dist: number }

/** The members inside the shape, cell by cell in Redis's order; stops at `limit` (ANY). */
function membersInShape(z: ZSetObject, shape: GeoShape, limit: number): GeoPoint[] {
  const found: GeoPoint[] = [];
  const cells = searchCells(shape);
  let last = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell === null) continue;
    // Very large radiuses can make neighbours the same cell: skip a repeat of the last one.
    const prev = last === -1 ? null : cells[last];
    if (prev !== null && prev.bits === cell.bits && prev.step === cell.step) continue;
    if (found.length > 0 && limit > 0 && found.length >= limit) break;
    const [min, max] = cellScoreRange(cell);
    for (let n = z.zsl.firstInRange({ min, max, minex: false, maxex: true }); n !== null && n.score < max; n = n.next) {
      const [x, y] = decodeScore(n.score);
      const d = distanceIfInShape(shape, x, y);
      if (d >= 0) found.push({ member: n.member, score: n.score, x, y, dist: d });
      if (found.length > 0 && limit > 0 && found.length >= limit) break;
    }
    last = i;
  }
  return found;
}

function georadiusGeneric(ctx: CommandContext, srcKeyIndex: number, flags: number): void {
  const argv = ctx.argv;
  const reply = ctx.reply;
  let storeKey: string | null = null;
  let storeDist = false;
  const z = lookupRead(ctx, argv[srcKeyIndex]);
  if (z === null) return;

  let baseArgs: number;
  let center: [number, number] = [0, 0];
  let circle: [number, number] | null = null; // radius, conversion
  let box: [number, number, number] | null = null; // width, height, conversion
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    const xy = longLatArgs(ctx, 2);
    if (xy === null) return;
    center = xy;
    circle = radiusArgs(ctx, baseArgs - 2);
    if (circle === null) return;
  } else if ((flags & RADIUS_MEMBER) && z === undefined) {
    baseArgs = 5;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    const score = z!.score(argv[2]);
    if (score === undefined) { reply.error('ERR could not decode requested zset member'); return; }
    center = decodeScore(score);
    circle = radiusArgs(ctx, baseArgs - 2);
    if (circle === null) return;
  } else {
    baseArgs = 2;
    if (flags & GEOSEARCHSTORE) {
      baseArgs = 3;
      storeKey = argv[1];
    }
  }

  let withDist = false;
  let withHash = false;
  let withCoords = false;
  let fromMember = false;
  let fromLoc = false;
  let byRadius = false;
  let byBox = false;
  let sort = 0; // 0 none, 1 asc, -1 desc
  let any = false;
  let count = 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[baseArgs + i].toLowerCase();
    if (arg === 'withdist') withDist = true;
    else if (arg === 'withhash') withHash = true;
    else if (arg === 'withcoord') withCoords = true;
    else if (arg === 'any') any = true;
    else if (arg === 'asc') sort = 1;
    else if (arg === 'desc') sort = -1;
    else if (arg === 'count' && i + 1 < remaining) {
      const c = parseInt64(argv[baseArgs + i + 1]);
      if (c === null) { reply.error(ERR_NOT_INTEGER); return; }
      if (c <= 0) { reply.error('ERR COUNT must be > 0'); return; }
      count = c;
      i++;
    } else if ((arg === 'store' || arg === 'storedist') && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storeKey = argv[baseArgs + i + 1];
      storeDist = arg === 'storedist';
      i++;
    } else if (arg === 'storedist' && (flags & GEOSEARCH) && (flags & GEOSEARCHSTORE)) {
      storeDist = true;
    } else if (arg === 'frommember' && i + 1 < remaining && (flags & GEOSEARCH) && !fromLoc) {
      if (z !== undefined) {
        const score = z.score(argv[baseArgs + i + 1]);
        if (score === undefined) { reply.error('ERR could not decode requested zset member'); return; }
        center = decodeScore(score);
      }
      fromMember = true;
      i++;
    } else if (arg === 'fromlonlat' && i + 2 < remaining && (flags & GEOSEARCH) && !fromMember) {
      const xy = longLatArgs(ctx, baseArgs + i + 1);
      if (xy === null) return;
      center = xy;
      fromLoc = true;
      i += 2;
    } else if (arg === 'byradius' && i + 2 < remaining && (flags & GEOSEARCH) && !byBox) {
      circle = radiusArgs(ctx, baseArgs + i + 1);
      if (circle === null) return;
      byRadius = true;
      i += 2;
    } else if (arg === 'bybox' && i + 3 < remaining && (flags & GEOSEARCH) && !byRadius) {
      box = boxArgs(ctx, baseArgs + i + 1);
      if (box === null) return;
      byBox = true;
      i += 3;
    } else {
      reply.error(ERR_SYNTAX);
      return;
    }
  }

  if (storeKey !== null && (withDist || withHash || withCoords)) {
    reply.error(`ERR ${flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
    return;
  }
  if ((flags & GEOSEARCH) && !(fromMember || fromLoc)) {
    reply.error(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`);
    return;
  }
  if ((flags & GEOSEARCH) && !(byRadius || byBox)) {
    reply.error(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`);
    return;
  }
  if (any && count === 0) { reply.error('ERR the ANY argument requires COUNT argument'); return; }

  if (z === undefined) {
    if (storeKey !== null) {
      if (ctx.db.delete(storeKey)) {
        notify(ctx, NOTIFY_GENERIC, 'del', storeKey);
        ctx.keyspace.dirty++;
      }
      reply.integer(0);
    } else {
      reply.arrayLen(0);
    }
    return;
  }

  // COUNT without an order means the closest ones.
  if (count !== 0 && sort === 0 && !any) sort = 1;

  const shape: GeoShape = box !== null
    ? { type: 'box', x: center[0], y: center[1], width: box[0], height: box[1], conversion: box[2] }
    : { type: 'circle', x: center[0], y: center[1], radius: circle![0], conversion: circle![1] };
  const points = membersInShape(z, shape, any ? count : 0);

  if (points.length === 0 && storeKey === null) { reply.arrayLen(0); return; }
  const returned = count === 0 || points.length < count ? points.length : count;
  if (sort !== 0) points.sort((a, b) => (a.dist === b.dist ? 0 : a.dist > b.dist ? sort : -sort));

  if (storeKey === null) {
    const options = (withDist ? 1 : 0) + (withCoords ? 1 : 0) + (withHash ? 1 : 0);
    reply.arrayLen(returned);
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      if (options > 0) reply.arrayLen(options + 1);
      reply.bulk(p.member);
      if (withDist) reply.bulk(fmtDistance(p.dist / shape.conversion));
      if (withHash) reply.integer(p.score);
      if (withCoords) {
        reply.arrayLen(2);
        replyCoordinate(ctx, p.x);
        replyCoordinate(ctx, p.y);
      }
    }
    return;
  }

  if (returned > 0) {
    const result = new ZSetObject();
    let maxLen = 0;
    for (let i = 0; i < returned; i++) if (points[i].member.length > maxLen) maxLen = points[i].member.length;
    result.maybeConvert(returned, maxLen);
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      result.add(p.member, storeDist ? p.dist / shape.conversion : p.score);
    }
    ctx.db.set(storeKey, result);
    notify(ctx, NOTIFY_ZSET, flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore', storeKey);
    ctx.keyspace.dirty += returned;
  } else if (ctx.db.delete(storeKey)) {
    notify(ctx, NOTIFY_GENERIC, 'del', storeKey);
    ctx.keyspace.dirty++;
  }
  reply.integer(returned);
}

// ---- command table ------------------------------------------------------------------------

const STORE_KEYS = (argv: string[]): number[] => {
  // GEORADIUS(BYMEMBER) key ... [STORE key] [STOREDIST key]: the source and the store keys.
  const keys = [1];
  for (let i = 5; i < argv.length - 1; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'store' || a === 'storedist') { keys.push(i + 1); i++; }
  }
  return keys;
};

function row(name: string, arity: number, write: boolean, handler: CommandSpec['handler'], extra: Partial<CommandSpec> = {}): CommandSpec {
  return {
    name, arity, flags: write ? ['write', 'denyoom'] : ['readonly'],
    categories: [write ? 'write' : 'read', 'geo', 'slow'],
    firstKey: 1, lastKey: 1, keyStep: 1,
    keySpecs: [keySpec(write ? ['RW', 'update'] : ['RO', 'access'], 1)],
    handler, ...extra,
  };
}

const radiusStoreSpecs: KeySpec[] = [
  keySpec(['RO', 'access'], 1),
  { flags: ['OW', 'update'], beginSearch: { keyword: 'STORE', startFrom: 6 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
  { flags: ['OW', 'update'], beginSearch: { keyword: 'STOREDIST', startFrom: 6 }, findKeys: { lastKey: 0, keyStep: 1, limit: 0 } },
];

export const commands: CommandSpec[] = [
  row('geoadd', -5, true, geoadd),
  row('geopos', -2, false, geopos),
  row('geodist', -4, false, geodist),
  row('geohash', -2, false, geohash),
  row('georadius', -6, true, (ctx) => georadiusGeneric(ctx, 1, RADIUS_COORDS), { flags: ['write', 'denyoom', 'movablekeys'], getKeys: STORE_KEYS, keySpecs: radiusStoreSpecs }),
  row('georadius_ro', -6, false, (ctx) => georadiusGeneric(ctx, 1, RADIUS_COORDS | RADIUS_NOSTORE)),
  row('georadiusbymember', -5, true, (ctx) => georadiusGeneric(ctx, 1, RADIUS_MEMBER), { flags: ['write', 'denyoom', 'movablekeys'], getKeys: STORE_KEYS, keySpecs: radiusStoreSpecs.map((s, i) => (i === 0 ? s : { ...s, beginSearch: { keyword: (s.beginSearch as { keyword: string }).keyword, startFrom: 5 } })) }),
  row('georadiusbymember_ro', -5, false, (ctx) => georadiusGeneric(ctx, 1, RADIUS_MEMBER | RADIUS_NOSTORE)),
  row('geosearch', -7, false, (ctx) => georadiusGeneric(ctx, 1, GEOSEARCH)),
  row('geosearchstore', -8, true, (ctx) => georadiusGeneric(ctx, 2, GEOSEARCH | GEOSEARCHSTORE), {
    firstKey: 1, lastKey: 2, keyStep: 1,
    keySpecs: [keySpec(['OW', 'update'], 1), keySpec(['RO', 'access'], 2)],
  }),
];
