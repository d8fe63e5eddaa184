// math.random for Redis scripts: the classic 48-bit lrand48 generator Redis ships in rand.c,
// so that scripts see the same numbers as on a real Redis (spec §2.8).
//
//   state' = (0x5DEECE66D * state + 0xB) mod 2^48, output = state' >> 17 (31 bits)
//
// The state is ONE process-global variable, shared by every engine and by the EVAL and
// Functions VMs, never reseeded per script and untouched by SCRIPT FLUSH — as in Redis 7.
// The 48-bit state is kept as two 24-bit halves so every product stays exact in a double.

const A_LO = 0xece66d; // low 24 bits of 0x5DEECE66D
const A_HI = 0x5de; // high bits of 0x5DEECE66D
const C = 0xb;
const TWO24 = 0x1000000;

/** Redis's initial state 0x1234ABCD330E, as (hi, lo) 24-bit halves. */
const INITIAL_HI = 0x1234ab;
const INITIAL_LO = 0xcd330e;
let hi = INITIAL_HI;
let lo = INITIAL_LO;

/**
 * Back to the state of a freshly started server. For tests that replay, in one process, what
 * Redis recorded on one fresh server each (the golden corpora); the server never calls it.
 */
export function resetRandState(): void {
  hi = INITIAL_HI;
  lo = INITIAL_LO;
}

/** The next 31-bit output of the generator (Redis's redisLrand48()). */
export function lrand48(): number {
  const p = lo * A_LO + C;
  const newLo = p % TWO24;
  const carry = Math.floor(p / TWO24);
  const newHi = (hi * A_LO + lo * A_HI + carry) % TWO24;
  hi = newHi;
  lo = newLo;
  // state >> 17 = hi * 2^7 + (lo >> 17)
  return hi * 128 + (lo >>> 17);
}

/** srand48(seed): state = (uint32 seed) << 16 | 0x330E. `seed` is already a C int. */
export function srand48(seed: number): void {
  const s = seed >>> 0;
  // state = s * 2^16 + 0x330E: split into 24-bit halves.
  hi = Math.floor(s / 256) % TWO24;
  lo = ((s % 256) * 65536 + 0x330e) % TWO24;
}

/** Snapshot of the generator, so an abandoned script run can be undone (busy scripts). */
export function saveRandState(): number {
  return hi * TWO24 + lo;
}

/**
 * The state's two 24-bit halves, for a snapshot kept in two small integers (each run keeps
 * one: no number object is made, as saveRandState's 48-bit result needs).
 */
export function randStateHigh(): number {
  return hi;
}

export function randStateLow(): number {
  return lo;
}

export function restoreRandHalves(high: number, low: number): void {
  hi = high;
  lo = low;
}

export function restoreRandState(state: number): void {
  hi = Math.floor(state / TWO24);
  lo = state % TWO24;
}

const LRAND48_MAX = 2147483647;

/** math.random()'s float: (r % INT32_MAX) / INT32_MAX. */
export function randomFloat(): number {
  return (lrand48() % LRAND48_MAX) / LRAND48_MAX;
}
