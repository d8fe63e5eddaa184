// Usage (repo root, after npm run build): redis-server --port 7791 --save "" &
//   node test/golden/redis-7.4/notify-derive.js 7791 test/golden/redis-7.4/notify.txt test/golden/redis-7.4/notify.golden.json
// Replays test/golden/redis-7.4/notify.txt against a real redis-server 7.0.15 on PORT, reading
// every frame each command causes (all frames that arrive before the next command is sent),
// and writes the golden in Redis 7.2+ order: each command's reply, then its own pmessage pushes.
const net = require('net');
const fs = require('fs');
const path = require('path');
// Compiled test helpers (npm run build): DIST=/path/to/dist to use another output dir.
const dist = process.env.DIST || path.join(process.cwd(), 'dist');
const { readCorpusFile } = require(path.join(dist, 'test/golden/redis/corpus.js'));
const { frameLength, encodeCommand } = require(path.join(dist, 'test/support/resp-client.js'));
const [port, file, out] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  const sessions = readCorpusFile(file);
  const entries = [];
  for (const session of sessions) {
    const sock = net.connect(port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    let buf = '';
    sock.on('data', (d) => { buf += d.toString('latin1'); });
    const take = async () => {
      await sleep(40);
      const frames = [];
      for (;;) { const n = frameLength(buf); if (n <= 0) break; frames.push(buf.slice(0, n)); buf = buf.slice(n); }
      if (buf.length) throw new Error('partial frame');
      return frames;
    };
    sock.write(encodeCommand(['FLUSHALL'])); await take();
    const stream = [];
    const lines = [];
    for (const step of session.steps) {
      if (step.kind === 'sleep') { await sleep(step.sleepMs); continue; }
      sock.write(encodeCommand(step.argv));
      const frames = await take();
      if (step.kind === 'resp3') continue; // HELLO 3: not compared
      // 7.0 may write a push in the middle of the command's reply (ZMPOP, XREADGROUP): take
      // every pmessage push out of the command's bytes; what remains must be one reply frame.
      let raw = frames.join('');
      const pushes = [];
      raw = raw.replace(/>4\r\n\$8\r\npmessage\r\n\$16\r\n__keyevent@\*__:\*\r\n\$\d+\r\n[^\r]*\r\n\$\d+\r\n[^\r]*\r\n/g, (m) => { pushes.push(m); return ''; });
      const replies = [];
      for (let p = 0; p < raw.length;) { const n = frameLength(raw, p); if (n <= 0) throw new Error('bad frame'); replies.push(raw.slice(p, p + n)); p += n; }
      if (replies.length !== 1) throw new Error(`line ${step.line}: ${replies.length} replies ${JSON.stringify(frames)}`);
      stream.push(replies[0], ...pushes);
      if (step.kind === 'command') lines.push(step);
      else throw new Error('unexpected step kind ' + step.kind);
    }
    sock.destroy();
    // One frame is read per line (as the replay does): the unread tail must hold no event, or
    // the session needs more PINGs to read all its events.
    if (stream.slice(lines.length).some((f) => f.startsWith('>4\r\n$8\r\npmessage'))) throw new Error(`session at ${lines[0].line}: add PINGs`);
    lines.forEach((s, i) => entries.push({ line: s.line, cmd: s.text, reply: stream[i] }));
  }
  const json = JSON.stringify({ redisVersion: '7.4 (hand-written)', entries }, null, 1)
    .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  fs.writeFileSync(out, json + '\n');
  console.log('wrote', entries.length);
})().catch((e) => { console.error(e); process.exit(1); });
