// The command clock: wall-clock milliseconds read off the monotonic clock.
//
// Every command needs two times: the wall clock (Redis's cached mstime: expiry decisions,
// lastinteraction) and a precise start for its duration (commandstats, SLOWLOG). One
// performance.now() serves both: the wall time is the monotonic reading plus an offset
// measured once, to the tick of Date.now(), and checked against Date.now() every 100 ms so a
// stepped system clock is followed (both clocks are slewed alike by NTP; only steps differ).

/** How often (ms of monotonic time) the offset is checked against Date.now(). */
const CHECK_EVERY_MS = 100;

let offset = 0;
let checkedAt = -Infinity;

/** Finds the offset at a tick of Date.now() (waits at most 1 ms), so it is exact to the µs. */
function calibrate(): void {
  const before = Date.now();
  let now = Date.now();
  while (now === before) now = Date.now();
  const mono = performance.now();
  offset = now - mono;
  checkedAt = mono;
}

/** Wall-clock ms (an integer, as Date.now()) at monotonic time `mono` (a performance.now()). */
export function wallClockAt(mono: number): number {
  if (mono - checkedAt > CHECK_EVERY_MS || mono < checkedAt) {
    checkedAt = mono;
    // Read after `mono`, Date.now() is equal or one tick ahead unless the clock was stepped.
    const drift = Date.now() - Math.floor(offset + mono);
    if (drift < 0 || drift > 1) calibrate();
  }
  return Math.floor(offset + mono);
}

/** The wall clock now, in ms. */
export function wallClockNow(): number {
  return wallClockAt(performance.now());
}
