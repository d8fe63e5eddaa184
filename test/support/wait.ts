// Bounded waiting for tests over real sockets: a plain sleep, and Redis's wait_for_condition
// (poll a probe a fixed number of times, then fail the test).

import * as assert from 'node:assert/strict';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it holds, at most `tries` times `everyMs` apart; fails the test otherwise. */
export async function waitFor(probe: () => Promise<boolean>, what: string, tries = 50, everyMs = 50): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return;
    await sleep(everyMs);
  }
  assert.fail(`timed out waiting for ${what}`);
}
