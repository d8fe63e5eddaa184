// Geohash as Redis computes it (geohash.c, geohash_helper.c): 52-bit interleaved cells over
// longitude [-180, 180] and latitude [-85.05112878, 85.05112878] (the Web Mercator limits),
// the neighbouring cells of a search, and the haversine distances on Redis's Earth radius.
// The operations are the same IEEE double operations in the same order as the C code, so
// positions, cells and distances come out bit for bit as in Redis (up to the last ulp of
// sin/cos/asin, which V8 and glibc may round differently).
//
// Hash bits are BigInt: a 52-bit cell plus Redis's 64-bit carry tricks do not fit in JS's
// 32-bit bitwise operators.

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;
const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180.0;

export interface GeoHashBits { bits: bigint; step: number }
export interface GeoRange { min: number; max: number }
export interface GeoArea { longitude: GeoRange; latitude: GeoRange }

const WGS84_LONG: GeoRange = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
const WGS84_LAT: GeoRange = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };

const degRad = (ang: number): number => ang * D_R;
const radDeg = (ang: number): number => ang / D_R;

/** Spreads the low 32 bits of x to the even bit positions of a 64-bit value. */
function spread(x: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 32n; i++) if ((x >> i) & 1n) out |= 1n << (2n * i);
  return out;
}

/** Gathers the even bit positions of x into a 32-bit value. */
function squash(x: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 32n; i++) if ((x >> (2n * i)) & 1n) out |= 1n << i;
  return out;
}

/** C's (uint32_t) cast of a non-negative double. */
const toUint32 = (d: number): bigint => BigInt(Math.trunc(d) >>> 0);

/** geohashEncode: null when the point is outside the ranges (Redis returns 0). */
export function geohashEncode(longRange: GeoRange, latRange: GeoRange, longitude: number, latitude: number, step: number): GeoHashBits | null {
  if (longitude > 180 || longitude < -180 || latitude > 85.05112878 || latitude < -85.05112878) return null;
  if (latitude < latRange.min || latitude > latRange.max || longitude < longRange.min || longitude > longRange.max) return null;
  let latOffset = (latitude - latRange.min) / (latRange.max - latRange.min);
  let longOffset = (longitude - longRange.min) / (longRange.max - longRange.min);
  latOffset *= 2 ** step;
  longOffset *= 2 ** step;
  // interleave64(lat, long): latitude in the even bits, longitude in the odd ones.
  return { bits: spread(toUint32(latOffset)) | (spread(toUint32(longOffset)) << 1n), step };
}

export function geohashEncodeWGS84(longitude: number, latitude: number, step: number): GeoHashBits | null {
  return geohashEncode(WGS84_LONG, WGS84_LAT, longitude, latitude, step);
}

/** Spreads the 16 bits of x to the even positions of a 32-bit value. */
function spreadEven16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/**
 * GEOADD's score: the 52-bit cell of a position as a number (geohashEncodeWGS84 at step 26 +
 * geohashAlign52Bits), with 32-bit operations instead of BigInt; null outside the ranges.
 */
export function encodeScoreWGS84(longitude: number, latitude: number): number | null {
  if (longitude > 180 || longitude < -180 || latitude > 85.05112878 || latitude < -85.05112878) return null;
  const cells = 2 ** GEO_STEP_MAX;
  const lat = Math.trunc(((latitude - GEO_LAT_MIN) / (GEO_LAT_MAX - GEO_LAT_MIN)) * cells) >>> 0;
  const lon = Math.trunc(((longitude - GEO_LONG_MIN) / (GEO_LONG_MAX - GEO_LONG_MIN)) * cells) >>> 0;
  if (lat >= 0x10000000 || lon >= 0x10000000) {
    // Only at the very edge (latitude == 85.05112878): the BigInt path keeps C's exact bits.
    const h = geohashEncodeWGS84(longitude, latitude, GEO_STEP_MAX);
    return h === null ? null : Number(h.bits);
  }
  const lo = (spreadEven16(lat) | (spreadEven16(lon) << 1)) >>> 0;
  const hi = (spreadEven16(lat >>> 16) | (spreadEven16(lon >>> 16) << 1)) >>> 0;
  return hi * 4294967296 + lo;
}

/** geohashDecode: the cell's bounds. */
export function geohashDecode(longRange: GeoRange, latRange: GeoRange, hash: GeoHashBits): GeoArea {
  return cellArea(longRange, latRange, Number(squash(hash.bits)), Number(squash(hash.bits >> 1n)), hash.step);
}

/** The bounds of the cell (ilato, ilono) at `step`, with geohashDecode's operations. */
function cellArea(longRange: GeoRange, latRange: GeoRange, ilato: number, ilono: number, step: number): GeoArea {
  const latScale = latRange.max - latRange.min;
  const longScale = longRange.max - longRange.min;
  const cells = 2 ** step;
  return {
    latitude: {
      min: latRange.min + (ilato * 1.0 / cells) * latScale,
      max: latRange.min + (((ilato + 1) >>> 0) * 1.0 / cells) * latScale,
    },
    longitude: {
      min: longRange.min + (ilono * 1.0 / cells) * longScale,
      max: longRange.min + (((ilono + 1) >>> 0) * 1.0 / cells) * longScale,
    },
  };
}

/** The even bits of a 32-bit value, packed into 16 bits. */
function compactEven(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** geohashDecodeAreaToLongLat: the cell's centre, clamped to the valid ranges. */
function areaCenter(area: GeoArea): [number, number] {
  let x = (area.longitude.min + area.longitude.max) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (area.latitude.min + area.latitude.max) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  return [x, y];
}

/** decodeGeohash: a sorted-set score (52-bit cell) to [longitude, latitude]. */
export function decodeScore(score: number): [number, number] {
  // (uint64_t)score. GEOADD writes integers below 2^53: split them into two 32-bit halves and
  // deinterleave with 32-bit operations (this runs for every candidate of a search).
  const t = Math.trunc(score);
  if (t >= 0 && t < 2 ** 53) {
    const hi = Math.floor(t / 4294967296);
    const lo = t - hi * 4294967296;
    const ilato = (compactEven(lo) | (compactEven(hi) << 16)) >>> 0;
    const ilono = (compactEven(lo >>> 1) | (compactEven(hi >>> 1) << 16)) >>> 0;
    return areaCenter(cellArea(WGS84_LONG, WGS84_LAT, ilato, ilono, GEO_STEP_MAX));
  }
  const bits = t >= 0 && Number.isFinite(t) ? BigInt(t) & ((1n << 64n) - 1n) : 0n;
  return areaCenter(geohashDecode(WGS84_LONG, WGS84_LAT, { bits, step: GEO_STEP_MAX }));
}

/** The 11-character standard geohash of a position (GEOHASH: re-encoded over lat -90..90). */
export function standardGeohash(longitude: number, latitude: number): string {
  const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';
  const hash = geohashEncode({ min: -180, max: 180 }, { min: -90, max: 90 }, longitude, latitude, 26);
  const bits = hash === null ? 0n : hash.bits;
  let out = '';
  for (let i = 0; i < 11; i++) {
    const idx = i === 10 ? 0 : Number((bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn);
    out += ALPHABET[idx];
  }
  return out;
}

// ---- distances ---------------------------------------------------------------------------

export function latDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** geohashGetDistance: haversine on Redis's Earth radius, in meters. */
export function distance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  // Same longitude: only the latitude difference counts (Redis skips the expensive math).
  if (v === 0.0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

// ---- search areas ------------------------------------------------------------------------

/** A search shape: centre, circle radius or box size (in the unit), unit-to-meters factor. */
export type GeoShape =
  | { type: 'circle'; x: number; y: number; conversion: number; radius: number }
  | { type: 'box'; x: number; y: number; conversion: number; width: number; height: number };

/** geohashGetDistanceIfInRadiusWGS84 / geohashGetDistanceIfInRectangle: distance or -1. */
export function distanceIfInShape(shape: GeoShape, x2: number, y2: number): number {
  if (shape.type === 'circle') {
    const d = distance(shape.x, shape.y, x2, y2);
    return d > shape.radius * shape.conversion ? -1 : d;
  }
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  if (latDistance(y2, shape.y) > heightM / 2) return -1;
  if (distance(x2, y2, shape.x, y2) > widthM / 2) return -1;
  return distance(shape.x, shape.y, x2, y2);
}

function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2; // make sure the range is included in most of the base cases
  // Wider range towards the poles.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** geohashBoundingBox: [min lon, min lat, max lon, max lat] around the shape. */
function boundingBox(shape: GeoShape): [number, number, number, number] {
  const longitude = shape.x;
  const latitude = shape.y;
  const height = shape.conversion * (shape.type === 'circle' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.type === 'circle' ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
  const southern = latitude < 0;
  return [
    southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
    latitude - latDelta,
    southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
    latitude + latDelta,
  ];
}

const EVEN_64 = 0x5555555555555555n;
const ODD_64 = 0xaaaaaaaaaaaaaaaan;
const MASK_64 = (1n << 64n) - 1n;

/** geohash_move_x: one cell east (+1) or west (-1), wrapping around. */
function moveX(hash: GeoHashBits, d: number): GeoHashBits {
  if (d === 0) return hash;
  let x = hash.bits & ODD_64;
  const y = hash.bits & EVEN_64;
  const zz = EVEN_64 >> BigInt(64 - hash.step * 2);
  if (d > 0) x = (x + (zz + 1n)) & MASK_64;
  else x = ((x | zz) - (zz + 1n)) & MASK_64;
  x &= ODD_64 >> BigInt(64 - hash.step * 2);
  return { bits: x | y, step: hash.step };
}

/** geohash_move_y: one cell north (+1) or south (-1), wrapping around. */
function moveY(hash: GeoHashBits, d: number): GeoHashBits {
  if (d === 0) return hash;
  const x = hash.bits & ODD_64;
  let y = hash.bits & EVEN_64;
  const zz = ODD_64 >> BigInt(64 - hash.step * 2);
  if (d > 0) y = (y + (zz + 1n)) & MASK_64;
  else y = ((y | zz) - (zz + 1n)) & MASK_64;
  y &= EVEN_64 >> BigInt(64 - hash.step * 2);
  return { bits: x | y, step: hash.step };
}

const move = (h: GeoHashBits, dx: number, dy: number): GeoHashBits => moveY(moveX(h, dx), dy);

/**
 * The cells to scan for a search, in Redis's order (membersOfAllNeighbors): the centre cell,
 * then N, S, E, W, NE, NW, SE, SW; null for the neighbours Redis leaves out.
 */
export function searchCells(shape: GeoShape): (GeoHashBits | null)[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const radiusMeters = (shape.type === 'circle'
    ? shape.radius
    : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) * shape.conversion;
  let steps = estimateStepsByRadius(radiusMeters, shape.y);
  let hash = geohashEncode(WGS84_LONG, WGS84_LAT, shape.x, shape.y, steps) ?? { bits: 0n, step: steps };
  const neighboursOf = (h: GeoHashBits) => ({
    north: move(h, 0, 1), south: move(h, 0, -1), east: move(h, 1, 0), west: move(h, -1, 0),
    northEast: move(h, 1, 1), northWest: move(h, -1, 1), southEast: move(h, 1, -1), southWest: move(h, -1, -1),
  });
  let n = neighboursOf(hash);
  let area = geohashDecode(WGS84_LONG, WGS84_LAT, hash);

  // The estimated step may be too coarse near the edges of the cell: one step less then.
  const north = geohashDecode(WGS84_LONG, WGS84_LAT, n.north);
  const south = geohashDecode(WGS84_LONG, WGS84_LAT, n.south);
  const east = geohashDecode(WGS84_LONG, WGS84_LAT, n.east);
  const west = geohashDecode(WGS84_LONG, WGS84_LAT, n.west);
  const decrease = north.latitude.max < maxLat || south.latitude.min > minLat
    || east.longitude.max < maxLon || west.longitude.min > minLon;
  if (steps > 1 && decrease) {
    steps--;
    hash = geohashEncode(WGS84_LONG, WGS84_LAT, shape.x, shape.y, steps) ?? { bits: 0n, step: steps };
    n = neighboursOf(hash);
    area = geohashDecode(WGS84_LONG, WGS84_LAT, hash);
  }

  const cells: (GeoHashBits | null)[] = [hash, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest];
  // Exclude the cells that cannot hold a match (GZERO in Redis).
  if (steps >= 2) {
    if (area.latitude.min < minLat) { cells[2] = null; cells[8] = null; cells[7] = null; }
    if (area.latitude.max > maxLat) { cells[1] = null; cells[5] = null; cells[6] = null; }
    if (area.longitude.min < minLon) { cells[4] = null; cells[8] = null; cells[6] = null; }
    if (area.longitude.max > maxLon) { cells[3] = null; cells[7] = null; cells[5] = null; }
  }
  return cells;
}

/** scoresOfGeoHashBox: the score range [min, max) of a cell's members. */
export function cellScoreRange(hash: GeoHashBits): [number, number] {
  const shift = BigInt(GEO_STEP_MAX * 2 - hash.step * 2);
  return [Number(hash.bits << shift), Number((hash.bits + 1n) << shift)];
}
