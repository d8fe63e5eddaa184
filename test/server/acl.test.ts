// ACL behaviour that needs several connections (the golden corpora run one connection per
// session): AUTH as a user, disabling a user (its connections keep working, new AUTHs fail),
// deleting a connected user (its connections are closed), requirepass as the default user's
// password, NOPERM inside MULTI, the ACL LOG entry fields and the INFO counters, and the
// dispatch fast path staying off for restricted users only.
//
// The scenario replies were checked against redis-server 7.0.15 (run this file with
// ACL_ORACLE=1 to replay `sharedScenario` against a real redis-server as well); the texts that
// changed in 7.2 (NOPERM, ACL LOG fields, INFO acl_access_denied_*) are asserted against Ferrous
// only, with Redis 7.4's texts (acl.c getAclErrorMessage, aclCommand LOG).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { withServer } from '../support/server';
import { RawRespClient } from '../support/resp-client';
import { startRedisOracle } from '../support/redis-oracle';
import { Engine } from '../../src/server/engine';
import { JsReply } from '../../src/server/js-reply';

const OK = '+OK\r\n';
const WRONGPASS = '-WRONGPASS invalid username-password pair or user is disabled.\r\n';
const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;

/** The multi-connection steps whose replies Redis 7.0 and 7.4 share; returns the transcript. */
async function sharedScenario(port: number): Promise<string[]> {
  const out: string[] = [];
  const admin = await RawRespClient.connect(port);
  const b = await RawRespClient.connect(port);
  const c = await RawRespClient.connect(port);
  try {
    out.push(await admin.command('ACL', 'SETUSER', 'alice', 'on', '>pw', '~*', '&*', '+@all'));
    out.push(await b.command('AUTH', 'alice', 'pw'));
    out.push(await b.command('ACL', 'WHOAMI'));
    out.push(await admin.command('ACL', 'SETUSER', 'alice', 'off'));
    // A disabled user's authenticated connections still work; new AUTHs fail.
    out.push(await b.command('SET', 'k', 'v'));
    out.push(await c.command('AUTH', 'alice', 'pw'));
    const list = await admin.command('CLIENT', 'LIST');
    out.push(String(list.includes(' user=alice ')));
    // Deleting the user closes its connections.
    out.push(await admin.command('ACL', 'DELUSER', 'alice'));
    let closed = 'open';
    try {
      await b.command('PING');
    } catch {
      closed = 'closed';
    }
    out.push(closed);
    out.push(await c.command('PING'));
    // requirepass is the default user's password.
    out.push(await admin.command('CONFIG', 'SET', 'requirepass', 'secret'));
    const d = await RawRespClient.connect(port);
    try {
      out.push(await d.command('GET', 'k'));
      out.push(await d.command('AUTH', 'wrong'));
      out.push(await d.command('AUTH', 'secret'));
      out.push(await d.command('AUTH', 'default', 'secret'));
      out.push(await d.command('GET', 'k'));
      out.push(await d.command('CONFIG', 'SET', 'requirepass', ''));
    } finally {
      d.close();
    }
    const e = await RawRespClient.connect(port);
    try {
      out.push(await e.command('GET', 'k'));
      out.push(await e.command('AUTH', 'x'));
    } finally {
      e.close();
    }
  } finally {
    admin.close();
    b.close();
    c.close();
  }
  return out;
}

const SHARED_EXPECTED = [
  OK, OK, bulk('alice'), OK,
  OK, WRONGPASS, 'true',
  ':1\r\n', 'closed', '+PONG\r\n',
  OK,
  '-NOAUTH Authentication required.\r\n', WRONGPASS, OK, OK, bulk('v'), OK,
  bulk('v'), '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n',
];

test('ACL across connections: AUTH as a user, off, DELUSER closes, requirepass', async () => {
  await withServer(async (srv) => {
    assert.deepEqual(await sharedScenario(srv.port), SHARED_EXPECTED);
  });
});

test('ACL scenario replayed against redis-server (ACL_ORACLE=1 only)', { skip: process.env.ACL_ORACLE !== '1' }, async () => {
  const oracle = await startRedisOracle();
  try {
    assert.deepEqual(await sharedScenario(oracle.port), SHARED_EXPECTED);
  } finally {
    await oracle.stop();
  }
});

test('NOPERM in MULTI aborts EXEC; ACL LOG fields and contexts; INFO counters (7.4)', async () => {
  await withServer(async (_srv, connect) => {
    const admin = await connect();
    const u = await connect();
    assert.equal(await admin.command('ACL', 'SETUSER', 'bob', 'on', 'nopass', '~k*', '&c*', '-@all', '+multi', '+exec', '+get', '+eval', '+publish'), OK);
    assert.equal(await u.command('AUTH', 'bob', 'x'), OK);
    assert.equal(await u.command('MULTI'), OK);
    assert.equal(await u.command('SET', 'k', 'v'), "-NOPERM User bob has no permissions to run the 'set' command\r\n");
    assert.equal(await u.command('GET', 'k'), '+QUEUED\r\n');
    assert.equal(await u.command('EXEC'), '-EXECABORT Transaction discarded because of previous errors.\r\n');
    assert.equal(await u.command('GET', 'other'), '-NOPERM No permissions to access a key\r\n');
    assert.equal(await u.command('PUBLISH', 'x', 'm'), '-NOPERM No permissions to access a channel\r\n');
    const script = "return redis.call('get', 'zz')";
    const sha = createHash('sha1').update(script).digest('hex');
    assert.equal(await u.command('EVAL', script, '0'), `-ERR ACL failure in script: No permissions to access a key script: ${sha}, on @user_script:1.\r\n`);
    assert.equal(await u.command('AUTH', 'bob', 'x'), OK);
    assert.equal(await u.command('AUTH', 'nobody', 'x'), WRONGPASS);

    // Newest first; 10 fields each (7.2+ adds entry-id, timestamp-created, timestamp-last-updated).
    const log = await admin.command('ACL', 'LOG');
    const entries = log.split('$5\r\ncount\r\n').slice(1);
    assert.equal(entries.length, 5);
    const field = (entry: string, name: string) => {
      const m = new RegExp(`\\$${name.length}\\r\\n${name}\\r\\n(?:\\$\\d+\\r\\n([^\\r]*)|:(\\d+))\\r\\n`).exec(entry);
      return m === null ? undefined : m[1] ?? m[2];
    };
    const summary = entries.map((e) => [field(e, 'reason'), field(e, 'context'), field(e, 'object'), field(e, 'username')].join(' '));
    assert.deepEqual(summary, [
      'auth toplevel AUTH nobody',
      'key lua zz bob',
      'channel toplevel x bob',
      'key toplevel other bob',
      'command multi set bob',
    ]);
    for (const e of entries) {
      for (const f of ['age-seconds', 'client-info', 'entry-id', 'timestamp-created', 'timestamp-last-updated']) {
        assert.ok(e.includes(`\r\n${f}\r\n`), `${f} missing`);
      }
    }
    assert.match(entries[4], /id=\d+ addr=[^ ]+ .* cmd=set user=bob /);
    assert.equal(await admin.command('ACL', 'LOG', '1').then((r) => r.startsWith('*1\r\n')), true);
    // The same denial again bumps the entry's count instead of adding one.
    assert.equal(await u.command('GET', 'other'), '-NOPERM No permissions to access a key\r\n');
    const again = await admin.command('ACL', 'LOG', '1');
    assert.match(again, /\$5\r\ncount\r\n:2\r\n/);

    const info = await admin.command('INFO', 'stats');
    assert.match(info, /acl_access_denied_auth:1\r\n/);
    assert.match(info, /acl_access_denied_cmd:1\r\n/);
    assert.match(info, /acl_access_denied_key:3\r\n/);
    assert.match(info, /acl_access_denied_channel:1\r\n/);
    assert.equal(await admin.command('ACL', 'LOG', 'RESET'), OK);
    assert.equal(await admin.command('ACL', 'LOG'), '*0\r\n');
  });
});

test('HELLO 3 AUTH as a user, CLIENT LIST user=, RESET returns to the default user', async () => {
  await withServer(async (_srv, connect) => {
    const admin = await connect();
    const u = await connect();
    assert.equal(await admin.command('ACL', 'SETUSER', 'carol', 'on', '>pw', 'allkeys', 'allcommands'), OK);
    const hello = await u.command('HELLO', '3', 'AUTH', 'carol', 'pw');
    assert.ok(hello.startsWith('%7\r\n'));
    assert.equal(await u.command('ACL', 'WHOAMI'), bulk('carol'));
    assert.match(await admin.command('CLIENT', 'LIST'), / user=carol /);
    assert.equal(await u.command('RESET'), '+RESET\r\n');
    assert.equal(await u.command('ACL', 'WHOAMI'), bulk('default'));
  });
});

test('dispatch: the default user is unrestricted, a restricted default user is checked', () => {
  const engine = new Engine();
  try {
    const acl = engine.acl;
    assert.equal(acl.defaultUser.unrestricted, true);
    assert.equal(acl.setUserRules('default', ['-flushall']), null);
    assert.equal(acl.defaultUser.unrestricted, false);
    const client = engine.createClient();
    const reply = new JsReply();
    engine.execute(client, ['FLUSHALL'], reply);
    assert.equal(String((reply.value as Error).message), "NOPERM User default has no permissions to run the 'flushall' command");
    assert.equal(acl.setUserRules('default', ['+@all']), null);
    assert.equal(acl.defaultUser.unrestricted, true);
  } finally {
    engine.close();
  }
});

/** A subscriber whose user loses the channel is disconnected (ACLKillPubsubClientsIfNeeded). */
async function pubsubRevocation(port: number): Promise<string[]> {
  const out: string[] = [];
  const admin = await RawRespClient.connect(port);
  const keep = await RawRespClient.connect(port);
  const lose = await RawRespClient.connect(port);
  try {
    out.push(await admin.command('ACL', 'SETUSER', 'sub', 'on', 'nopass', '&news.*', '&sports', '+@all'));
    out.push(await keep.command('AUTH', 'sub', 'x'));
    out.push(await lose.command('AUTH', 'sub', 'x'));
    out.push(await keep.command('PSUBSCRIBE', 'news.*'));
    out.push(await lose.command('SUBSCRIBE', 'sports'));
    // A superset keeps everyone; dropping &sports disconnects the SUBSCRIBE sports client only.
    out.push(await admin.command('ACL', 'SETUSER', 'sub', '&more'));
    out.push(await admin.command('ACL', 'SETUSER', 'sub', 'resetchannels', '&news.*'));
    out.push(await admin.command('PUBLISH', 'news.*', 'm'));
    let state = 'open';
    try { await lose.command('PING'); } catch { state = 'closed'; }
    out.push(state);
    out.push(await admin.command('ACL', 'DELUSER', 'sub'));
  } finally {
    admin.close(); keep.close(); lose.close();
  }
  return out;
}

const REVOCATION_EXPECTED = [
  OK, OK, OK, '*3\r\n$10\r\npsubscribe\r\n$6\r\nnews.*\r\n:1\r\n', '*3\r\n$9\r\nsubscribe\r\n$6\r\nsports\r\n:1\r\n',
  OK, OK, ':1\r\n', 'closed', ':1\r\n',
];

test('ACL SETUSER disconnects subscribers that lose a channel', async () => {
  await withServer(async (srv) => {
    assert.deepEqual(await pubsubRevocation(srv.port), REVOCATION_EXPECTED);
  });
});

test('pub/sub revocation replayed against redis-server (ACL_ORACLE=1 only)', { skip: process.env.ACL_ORACLE !== '1' }, async () => {
  const oracle = await startRedisOracle();
  try {
    assert.deepEqual(await pubsubRevocation(oracle.port), REVOCATION_EXPECTED);
  } finally {
    await oracle.stop();
  }
});

/** EXEC checks queued commands again: rules changed after queueing deny them (execCommand). */
async function execRecheck(port: number): Promise<string[]> {
  const out: string[] = [];
  const admin = await RawRespClient.connect(port);
  const u = await RawRespClient.connect(port);
  try {
    out.push(await admin.command('ACL', 'SETUSER', 'tx', 'on', 'nopass', '~*', '&*', '+@all'));
    out.push(await u.command('AUTH', 'tx', 'x'));
    out.push(await u.command('MULTI'));
    out.push(await u.command('SET', 'a', '1'));
    out.push(await u.command('SET', 'b', '2'));
    out.push(await u.command('GET', 'a'));
    out.push(await admin.command('ACL', 'SETUSER', 'tx', 'resetkeys', '~b', '-get'));
    out.push(await u.command('EXEC'));
    out.push(await admin.command('ACL', 'DELUSER', 'tx'));
  } finally {
    admin.close(); u.close();
  }
  return out;
}

const RECHECK = 'NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ';
const EXEC_EXPECTED = [
  OK, OK, OK, '+QUEUED\r\n', '+QUEUED\r\n', '+QUEUED\r\n', OK,
  `*3\r\n-${RECHECK}no permission to touch the specified keys\r\n+OK\r\n-${RECHECK}no permission to execute the command or subcommand\r\n`,
  ':1\r\n',
];

test('EXEC re-checks permissions of queued commands', async () => {
  await withServer(async (srv) => {
    assert.deepEqual(await execRecheck(srv.port), EXEC_EXPECTED);
  });
});

test('EXEC re-check replayed against redis-server (ACL_ORACLE=1 only)', { skip: process.env.ACL_ORACLE !== '1' }, async () => {
  const oracle = await startRedisOracle();
  try {
    assert.deepEqual(await execRecheck(oracle.port), EXEC_EXPECTED);
  } finally {
    await oracle.stop();
  }
});
