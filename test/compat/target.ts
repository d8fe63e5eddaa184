// The server the compatibility tests talk to: Ferrous in-process (startServer({ port: 0 })),
// or, with COMPAT_AGAINST_REDIS=1, a real redis-server on a free port. The second mode is how
// the assertions of these tests were checked against the truth; the normal run needs no oracle.
//
//   COMPAT_AGAINST_REDIS=1 node --test dist/test/compat/ioredis.test.js

import { startServer } from '../../src/index';
import { startRedisOracle } from '../support/redis-oracle';

export interface Target {
  port: number;
  /** 'ferrous' or 'redis' (the oracle), for the few places where they may legitimately differ. */
  kind: 'ferrous' | 'redis';
  close(): Promise<void>;
}

export const againstRedis = process.env.COMPAT_AGAINST_REDIS === '1';

export async function startTarget(): Promise<Target> {
  if (againstRedis) {
    const oracle = await startRedisOracle();
    return { port: oracle.port, kind: 'redis', close: () => oracle.stop() };
  }
  const srv = await startServer({ port: 0 });
  return { port: srv.port, kind: 'ferrous', close: () => srv.close() };
}

/** Rejects after ms: bounds every wait in these tests. */
export function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Polls cond every 20 ms until it holds, at most ms. */
export async function waitUntil(ms: number, what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`${what}: not true within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether the target implements a command (COMMAND INFO answers a nil for unknown ones). */
export function hasCommandsReply(reply: unknown): boolean {
  return Array.isArray(reply) && reply.every((entry) => entry !== null);
}
