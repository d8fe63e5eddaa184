// A Ferrous server for a test over real sockets: started on a free port with the given
// redis.conf options, with the raw RESP connections the test opens, all closed when the test
// body ends, whether it passes or throws.

import { startServer, type RunningServer } from '../../src/index';
import { RawRespClient } from './resp-client';

/** Opens one more raw connection to the test's server (withServer closes it). */
export type Connect = () => Promise<RawRespClient>;

/** Runs `fn` against a fresh server configured with `config`, then closes its clients and it. */
export async function withServer(
  fn: (srv: RunningServer, connect: Connect) => Promise<void>, config: Record<string, string> = {},
): Promise<void> {
  const srv = await startServer({ port: 0, config });
  const clients: RawRespClient[] = [];
  try {
    await fn(srv, async () => {
      const c = await RawRespClient.connect(srv.port);
      clients.push(c);
      return c;
    });
  } finally {
    for (const c of clients) c.close();
    await srv.close();
  }
}
