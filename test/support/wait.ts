// Bounded waiting for tests over real sockets: a plain sleep, and Redis's wait_for_condition
// (poll a probe a fixed number of times, then fail the test).

import * as assert from 'node:assert/strict';
import * as net from 'node:net';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it holds, at most `tries` times `everyMs` apart; fails the test otherwise. */
export async function waitFor(probe: () => Promise<boolean>, what: string, tries = 50, everyMs = 50): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return;
    await sleep(everyMs);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Waits until nothing accepts connections on 127.0.0.1:port any more (a server shut down). */
export function waitForRefusal(port: number): Promise<void> {
  return waitFor(() => new Promise<boolean>((resolve) => {
    const s = net.createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => { s.destroy(); resolve(false); });
    s.once('error', () => resolve(true));
  }), 'the server to refuse connections');
}
