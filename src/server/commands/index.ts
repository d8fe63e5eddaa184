// The command families that are the server's own business — connections and CLIENT, the
// server's administration (INFO, CONFIG, COMMAND, DEBUG, ...), MULTI/EXEC, pub/sub and the
// blocking variants — live next to the machinery they drive (Redis: networking.c, server.c,
// config.c, multi.c, pubsub.c, blocked.c) and are added to the shared command table from
// here, above it, so src/commands never imports src/server.

import { registerCommands } from '../../commands/table';
import { commands as connectionCommands } from './connection';
import { commands as serverCommands } from './server';
import { commands as transactionCommands } from './transactions';
import { commands as pubsubCommands } from './pubsub';
import { commands as blockingCommands } from './blocking';
import { commands as aclCommands } from './acl';
import { commands as clusterCommands } from './cluster';

let registered = false;

/** Adds the server's command families to the table (once). */
export function registerServerCommands(): void {
  if (registered) return;
  registered = true;
  registerCommands(connectionCommands);
  registerCommands(serverCommands);
  registerCommands(transactionCommands);
  registerCommands(pubsubCommands);
  registerCommands(aclCommands);
  registerCommands(clusterCommands);
  // After the data-type rows: XREAD / XREADGROUP / BLPOP ... are replaced by their
  // blocking-capable versions.
  registerCommands(blockingCommands);
}
