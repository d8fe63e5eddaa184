// Usage (repo root, after a build): redis-server --port 7792 --save "" &
//   DIST=/tmp/acl-dist node test/golden/redis-7.4/acl-derive.js 7792 test/golden/redis-7.4/acl.txt test/golden/redis-7.4/acl.golden.json
// Replays the corpus against a real redis-server 7.0.15 (fresh connection and FLUSHALL per
// session, as record-redis.ts) and writes the Redis 7.4 golden: 7.0's replies with the
// rewrites below, each one a text change between 7.0 and 7.2+ acl.c / script_lua.c:
//  - NOPERM: "this user has no permissions to run the 'X' command" -> "User U has no
//    permissions to run the 'X' command" (getAclErrorMessage), keys -> "No permissions to access
//    a key", channels -> "No permissions to access a channel". U = the connection's user (the
//    script follows AUTH / RESET replies).
//  - ACL DRYRUN U ...: "This user has no permissions to ..." -> "User U has no permissions to ...".
//  - scripts: "The user executing the script can't run this command or subcommand" /
//    "... can't access at least one of the keys ..." -> "ACL failure in script: " + the NOPERM
//    text (scriptCall); the command name comes from the redis.call in the line.
//  - users start with sanitize-payload (ACLCreateUser sets USER_FLAG_SANITIZE_PAYLOAD): ACL LIST
//    entries and GETUSER flags without either sanitize flag get it after on/off [nopass].
//  - OVERRIDES: lines whose 7.4 reply is written by hand (command rules in typed order).
const net = require('net');
const fs = require('fs');
const path = require('path');
const dist = process.env.DIST || path.join(process.cwd(), 'dist');
const { readCorpusFile } = require(path.join(dist, 'test/golden/redis/corpus.js'));
const { RawRespClient } = require(path.join(dist, 'test/support/resp-client.js'));
const [port, file, out] = [Number(process.argv[2]), process.argv[3], process.argv[4]];

const bulk = (s) => `$${s.length}\r\n${s}\r\n`;
// 7.2+ ACLDescribeSelectorCommandRules: "+@all"/"-@all" then the rules as given (ACLUpdateCommandRules).
const OVERRIDES = {
  'ACL GETUSER c1': '*12\r\n' + bulk('flags') + '*2\r\n' + bulk('off') + bulk('sanitize-payload') + bulk('passwords') + '*0\r\n'
    + bulk('commands') + bulk('-@all +@read -@dangerous +config|get +select|0') + bulk('keys') + bulk('') + bulk('channels') + bulk('') + bulk('selectors') + '*0\r\n',
};
const LIST_OVERRIDES = [
  'user c1 off sanitize-payload resetchannels -@all +set +get',
  'user c1 off sanitize-payload resetchannels -@all +get +set',
  'user c1 off sanitize-payload resetchannels -@all +get +set -config',
  'user c1 off sanitize-payload resetchannels +@all -flushall -@dangerous +info',
];

function addSanitize(reply) {
  // ACL LIST entries: "user NAME on|off [nopass ]..." without a sanitize flag.
  return reply.replace(/\$(\d+)\r\n(user \S+ (?:on|off)(?: nopass)?)( (?!skip-sanitize-payload|sanitize-payload)[^\r]*)\r\n/g,
    (_m, _n, head, rest) => bulk(`${head} sanitize-payload${rest}`));
}

function fixGetuserFlags(reply) {
  const m = /^\*(\d+)\r\n\$5\r\nflags\r\n\*(\d+)\r\n((?:\$\d+\r\n[^\r]*\r\n)*?)\$9\r\npasswords/.exec(reply);
  if (!m) return reply;
  if (m[3].includes('sanitize-payload')) return reply;
  const flags = `*${Number(m[2]) + 1}\r\n${m[3]}${bulk('sanitize-payload')}`;
  return reply.replace(`*${m[2]}\r\n${m[3]}`, flags);
}

(async () => {
  const sessions = readCorpusFile(file);
  const entries = [];
  let listIdx = 0;
  for (const session of sessions) {
    const client = await RawRespClient.connect(port);
    await client.command('FLUSHALL');
    let user = 'default';
    for (const step of session.steps) {
      if (step.kind !== 'command') { if (step.kind === 'sleep') await new Promise((r) => setTimeout(r, step.sleepMs)); continue; }
      let reply;
      try { reply = await client.command(...step.argv); } catch (e) { reply = null; }
      if (reply === null) continue; // connection closed (ACL DELUSER of itself): nothing to compare
      const name = step.argv[0].toUpperCase();
      if ((name === 'AUTH') && reply === '+OK\r\n') user = step.argv.length === 3 ? step.argv[1] : 'default';
      if (name === 'RESET') user = 'default';
      reply = reply
        .replace(/^-NOPERM this user has no permissions to run the '([^']*)' command\r\n$/, (_m, c) => `-NOPERM User ${user} has no permissions to run the '${c}' command\r\n`)
        .replace(/^-NOPERM this user has no permissions to access one of the keys used as arguments\r\n$/, '-NOPERM No permissions to access a key\r\n')
        .replace(/^-NOPERM this user has no permissions to access one of the channels used as arguments\r\n$/, '-NOPERM No permissions to access a channel\r\n');
      if (name === 'ACL' && step.argv[1].toUpperCase() === 'DRYRUN') {
        const m = /^\$\d+\r\nThis user (has no permissions to [^\r]*)\r\n$/.exec(reply);
        if (m) reply = bulk(`User ${step.argv[2]} ${m[1]}`);
      }
      if (name === 'EVAL') {
        const call = /redis\.call\('([^']*)'/.exec(step.argv[1]);
        reply = reply
          .replace(/^-ERR The user executing the script can't run this command or subcommand /, () => `-ERR ACL failure in script: User ${user} has no permissions to run the '${call[1]}' command `)
          .replace(/^-ERR The user executing the script can't access at least one of the keys mentioned in the command arguments /, '-ERR ACL failure in script: No permissions to access a key ');
      }
      reply = addSanitize(reply);
      if (name === 'ACL' && step.argv[1].toUpperCase() === 'GETUSER') reply = fixGetuserFlags(reply);
      if (Object.prototype.hasOwnProperty.call(OVERRIDES, step.text)) reply = OVERRIDES[step.text];
      if (name === 'ACL' && step.argv[1].toUpperCase() === 'LIST' && session.steps[0].text.startsWith('ACL SETUSER c1')) {
        // Two users: c1 (overridden, typed rule order) then default.
        const defaultLine = 'user default on nopass sanitize-payload ~* &* +@all';
        reply = '*2\r\n' + bulk(LIST_OVERRIDES[listIdx++]) + bulk(defaultLine);
      }
      entries.push({ line: step.line, cmd: step.text, reply });
    }
    client.close();
  }
  const json = JSON.stringify({ redisVersion: '7.4 (hand-written)', entries }, null, 1)
    .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  fs.writeFileSync(out, json + '\n', 'ascii');
  console.log(`${out}: ${entries.length} replies`);
})().catch((e) => { console.error(e); process.exit(1); });
