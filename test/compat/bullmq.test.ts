// BullMQ against Ferrous. BullMQ keeps every queue operation in Lua scripts (addStandardJob,
// moveToActive, moveToFinished, moveToDelayed, retryJob, getCounts, ...: msgpack arguments
// decoded by cmsgpack, dozens of keys per call), so it is the widest test of our scripting.
// - Queue operations and a Worker driven by hand (getNextJob without blocking, then
//   moveToCompleted / moveToFailed) need only scripting.
// - A Worker with a processor function waits for jobs with BZPOPMIN; QueueEvents reads the
//   events stream with XREAD BLOCK; FlowProducer and job logs use MULTI/EXEC.
// Expected values are real Redis's: COMPAT_AGAINST_REDIS=1 runs this file against
// redis-server (see target.ts).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { Queue, Worker, QueueEvents, FlowProducer, UnrecoverableError, type Job } from 'bullmq';
import { startTarget, within, waitUntil, type Target } from './target';

let target: Target;
let probe: Redis;
// Everything that holds a connection, closed in after() even when a test fails half-way.
const closers: (() => Promise<unknown>)[] = [];

before(async () => {
  target = await startTarget();
  probe = new Redis({ port: target.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, commandTimeout: 3000 });
  await probe.connect();
});

after(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  probe.disconnect();
  await target.close();
});

function connection() {
  return { host: '127.0.0.1', port: target.port, maxRetriesPerRequest: null };
}

function queue(name: string): Queue {
  const q = new Queue(name, { connection: connection() });
  q.on('error', () => { /* failures surface through the awaited calls */ });
  closers.push(() => q.close());
  return q;
}

function manualWorker(name: string): Worker {
  const w = new Worker(name, null, { connection: connection(), autorun: false });
  w.on('error', () => { /* as above */ });
  closers.push(() => w.close());
  return w;
}

async function supports(...names: string[]): Promise<boolean> {
  const info = (await probe.call('COMMAND', 'INFO', ...names)) as unknown[];
  return info.every((entry) => entry !== null);
}

async function supportsXreadBlock(): Promise<boolean> {
  try {
    await probe.call('XREAD', 'BLOCK', '1', 'STREAMS', '__compat_probe__', '$');
    return true;
  } catch {
    return false;
  }
}

const ids = (jobs: Job[]) => jobs.map((j) => j.id);

test('Queue: add with options, addBulk, counts, listings by state, getJob', async () => {
  const q = queue('adds');
  assert.equal((await q.add('plain', { n: 1 }, { jobId: 'A' })).id, 'A');
  // The same jobId again is the same job (addStandardJob returns the existing id).
  assert.equal((await q.add('plain', { n: 99 }, { jobId: 'A' })).id, 'A');
  assert.equal((await q.add('later', { n: 2 }, { jobId: 'D', delay: 60000 })).id, 'D');
  await q.add('p-low', { n: 3 }, { jobId: 'P3', priority: 3 });
  await q.add('p-high', { n: 4 }, { jobId: 'P1', priority: 1 });
  await q.add('lifo', { n: 5 }, { jobId: 'L', lifo: true });
  await q.add('dedup', { n: 6 }, { jobId: 'DD', deduplication: { id: 'same' } });
  assert.equal((await q.add('dedup', { n: 7 }, { deduplication: { id: 'same' } })).id, 'DD');
  const bulk = await q.addBulk([
    { name: 'b', data: { i: 1 }, opts: { jobId: 'B1' } },
    { name: 'b', data: { i: 2 }, opts: { jobId: 'B2', delay: 1000 } },
  ]);
  assert.deepEqual(ids(bulk), ['B1', 'B2']);
  // Automatic ids come from a counter that every add (and addBulk entry) increments.
  const auto = await q.add('auto-id', {});
  assert.equal(auto.id, '11');

  assert.deepEqual(await q.getJobCounts(), {
    active: 0, completed: 0, delayed: 2, failed: 0, prioritized: 2, waiting: 5, 'waiting-children': 0,
  });
  assert.equal(await q.count(), 9);
  assert.deepEqual(await q.getCountsPerPriority([0, 1, 3]), { 0: 5, 1: 1, 3: 1 });
  assert.deepEqual(ids(await q.getWaiting()).sort(), ['11', 'A', 'B1', 'DD', 'L']);
  assert.equal(ids(await q.getWaiting())[0], 'L'); // lifo goes to the head
  assert.deepEqual(ids(await q.getPrioritized()), ['P1', 'P3']);
  assert.deepEqual(ids(await q.getDelayed()), ['B2', 'D']);

  const job = (await q.getJob('P3'))!;
  assert.equal(job.name, 'p-low');
  assert.deepEqual(job.data, { n: 3 });
  assert.equal(job.opts.priority, 3);
  assert.equal(await job.getState(), 'prioritized');
  assert.deepEqual((await q.getJob('A'))!.data, { n: 1 });
  assert.equal(await q.getJob('nope'), undefined);
});

test('Queue: changePriority, changeDelay, promote, updateData, updateProgress, remove, pause/resume', async () => {
  const q = queue('changes');
  await q.add('p', { v: 1 }, { jobId: 'P', priority: 5 });
  await q.add('d', { v: 2 }, { jobId: 'D', delay: 60000 });
  await q.add('w', { v: 3 }, { jobId: 'W' });

  const p = (await q.getJob('P'))!;
  await p.changePriority({ priority: 0 });
  assert.equal(await p.getState(), 'waiting');
  const d = (await q.getJob('D'))!;
  await d.changeDelay(120000);
  assert.equal((await q.getJob('D'))!.delay, 120000);
  await d.promote();
  assert.equal(await d.getState(), 'waiting');
  assert.deepEqual(ids(await q.getDelayed()), []);

  const w = (await q.getJob('W'))!;
  await w.updateData({ v: 30, extra: ['x', 'y'] });
  assert.deepEqual((await q.getJob('W'))!.data, { v: 30, extra: ['x', 'y'] });
  await w.updateProgress(42);
  assert.equal((await q.getJob('W'))!.progress, 42);
  await w.updateProgress({ step: 'two' });
  assert.deepEqual((await q.getJob('W'))!.progress, { step: 'two' });

  await q.pause();
  assert.equal(await q.isPaused(), true);
  // A paused queue keeps its jobs in the wait list; workers do not take them.
  assert.equal((await q.getJobCounts('wait')).wait, 3);
  assert.equal(await manualWorker('changes').getNextJob('t', { block: false }), undefined);
  await q.resume();
  assert.equal(await q.isPaused(), false);
  assert.equal((await q.getJobCounts('wait')).wait, 3);

  assert.equal(await q.remove('W'), 1);
  assert.equal(await q.getJob('W'), undefined);
  assert.equal(await probe.exists('bull:changes:W'), 0);
});

test('Queue: job schedulers (upsert, list, remove), drain, clean, obliterate, global concurrency', async () => {
  const q = queue('admin');
  const first = await q.upsertJobScheduler('every-minute', { every: 60000 }, { name: 'tick', data: { t: 1 } });
  assert.equal(first!.name, 'tick');
  assert.equal(await q.getJobSchedulersCount(), 1);
  const schedulers = await q.getJobSchedulers();
  assert.deepEqual(schedulers.map((s) => [s.key, s.every, s.name]), [['every-minute', 60000, 'tick']]);
  assert.equal((await q.getJobCounts('delayed', 'waiting')).delayed + (await q.getJobCounts('waiting')).waiting, 1);
  assert.equal(await q.removeJobScheduler('every-minute'), true);
  assert.equal(await q.getJobSchedulersCount(), 0);

  for (let i = 0; i < 5; i++) await q.add('x', { i });
  await q.add('y', {}, { delay: 50000 });
  await q.drain(true);
  assert.deepEqual(await q.getJobCounts('waiting', 'delayed'), { waiting: 0, delayed: 0 });

  for (let i = 0; i < 4; i++) await q.add('c', { i }, { jobId: `C${i}` });
  const cleaned = await q.clean(0, 2, 'wait');
  assert.equal(cleaned.length, 2);
  assert.equal((await q.getJobCounts('waiting')).waiting, 2);

  await q.setGlobalConcurrency(3);
  assert.equal(await q.getGlobalConcurrency(), 3);

  await q.obliterate({ force: true });
  assert.deepEqual(await probe.keys('bull:admin:*'), []);
});

test('manual worker: moveToActive, complete with a return value, fail with retries and backoff, unrecoverable, removeOnComplete', async () => {
  const q = queue('manual');
  const w = manualWorker('manual');
  const token = 'token-1';
  await q.add('ok', { v: 2 }, { jobId: 'J1' });
  await q.add('retry', { v: 3 }, { jobId: 'J2', attempts: 2, backoff: { type: 'fixed', delay: 50 } });
  await q.add('unrecoverable', { v: 4 }, { jobId: 'J3', attempts: 5 });
  await q.add('vanish', { v: 5 }, { jobId: 'J4', removeOnComplete: true });
  await q.add('urgent', { v: 6 }, { jobId: 'J5', priority: 1 });

  // moveToActive takes the waiting list first (oldest first), then the prioritized set.
  const order: string[] = [];
  const jobs = new Map<string, Job>();
  for (let i = 0; i < 10; i++) {
    const job = await w.getNextJob(token, { block: false });
    if (!job) break;
    order.push(job.id!);
    jobs.set(job.id!, job);
  }
  assert.deepEqual(order, ['J1', 'J2', 'J3', 'J4', 'J5']);
  assert.equal(await jobs.get('J1')!.getState(), 'active');
  assert.equal(jobs.get('J1')!.attemptsStarted, 1);
  assert.equal(await probe.get('bull:manual:J1:lock'), token);
  assert.deepEqual((await q.getJobCounts('active')).active, 5);

  await jobs.get('J1')!.moveToCompleted({ doubled: 4 }, token, false);
  const done = (await q.getJob('J1'))!;
  assert.equal(await done.getState(), 'completed');
  assert.deepEqual(done.returnvalue, { doubled: 4 });
  assert.ok(done.finishedOn! >= done.processedOn!);

  // First failure of a job with attempts left: delayed by its backoff, then waiting again.
  await jobs.get('J2')!.moveToFailed(new Error('boom 1'), token, false);
  let j2 = (await q.getJob('J2'))!;
  assert.equal(await j2.getState(), 'delayed');
  assert.equal(j2.attemptsMade, 1);
  await new Promise((r) => setTimeout(r, 80));
  const again = await within(3000, 'retry', (async () => {
    for (let i = 0; i < 50; i++) {
      const job = await w.getNextJob(token, { block: false });
      if (job) return job;
      await new Promise((r) => setTimeout(r, 20));
    }
    return undefined;
  })());
  assert.equal(again!.id, 'J2');
  assert.equal(again!.attemptsStarted, 2);
  await again!.moveToFailed(new Error('boom 2'), token, false);
  j2 = (await q.getJob('J2'))!;
  assert.equal(await j2.getState(), 'failed');
  assert.equal(j2.attemptsMade, 2);
  assert.equal(j2.failedReason, 'boom 2');
  assert.equal(j2.stacktrace?.length, 2);

  await jobs.get('J3')!.moveToFailed(new UnrecoverableError('never again'), token, false);
  const j3 = (await q.getJob('J3'))!;
  assert.equal(await j3.getState(), 'failed');
  assert.equal(j3.attemptsMade, 1);

  await jobs.get('J4')!.moveToCompleted('gone', token, false);
  assert.equal(await q.getJob('J4'), undefined);

  assert.equal(await jobs.get('J5')!.extendLock(token, 30000), 1);
  const lockTtl = await probe.pttl('bull:manual:J5:lock');
  assert.ok(lockTtl > 29000, `lock pttl ${lockTtl}`);
  await jobs.get('J5')!.moveToCompleted([1, 'two', { three: 3 }], token, false);

  assert.deepEqual(await q.getJobCounts('active', 'completed', 'failed', 'waiting', 'delayed'), {
    active: 0, completed: 2, failed: 2, waiting: 0, delayed: 0,
  });
  assert.deepEqual((await q.getCompleted()).map((j) => [j.id, j.returnvalue]), [['J5', [1, 'two', { three: 3 }]], ['J1', { doubled: 4 }]]);
  assert.deepEqual((await q.getFailed()).map((j) => [j.id, j.failedReason]).sort(), [['J2', 'boom 2'], ['J3', 'never again']]);

  // Retrying failed jobs puts them back in the waiting list.
  await j3.retry('failed');
  assert.equal(await j3.getState(), 'waiting');
  await q.retryJobs({ state: 'failed' });
  assert.deepEqual(await q.getJobCounts('failed', 'waiting'), { failed: 0, waiting: 2 });
  assert.equal(await done.isCompleted(), true);
  await done.remove();
  assert.equal((await q.getJobCounts('completed')).completed, 1);
});

test('manual worker: the limiter (max 1 per 300 ms) holds the second job until the window ends', async () => {
  const q = queue('limited');
  const w = new Worker('limited', null, { connection: connection(), autorun: false, limiter: { max: 1, duration: 300 } });
  w.on('error', () => undefined);
  closers.push(() => w.close());
  await q.add('r', {}, { jobId: 'R1' });
  await q.add('r', {}, { jobId: 'R2' });
  assert.equal((await w.getNextJob('t', { block: false }))?.id, 'R1');
  assert.equal(await w.getNextJob('t', { block: false }), undefined);
  const ttl = await q.getRateLimitTtl();
  assert.ok(ttl > 0 && ttl <= 300, `rate limit ttl ${ttl}`);
  assert.equal((await q.getJobCounts('waiting')).waiting, 1);
  await new Promise((r) => setTimeout(r, 350));
  assert.equal((await w.getNextJob('t', { block: false }))?.id, 'R2');
});

test('Worker with a processor: jobs run to completion, retries, failures (needs BZPOPMIN)', async () => {
  assert.ok(await supports('bzpopmin'), 'blocking commands (BZPOPMIN)');
  const q = queue('work');
  const completed = new Map<string, unknown>();
  const failed = new Map<string, string>();
  const worker = new Worker('work', async (job: Job) => {
    if (job.name === 'flaky' && job.attemptsMade < 2) throw new Error(`flaky attempt ${job.attemptsMade + 1}`);
    if (job.name === 'bad') throw new Error('always bad');
    await job.updateProgress(50);
    return { sum: (job.data as { a: number; b: number }).a + (job.data as { a: number; b: number }).b };
  }, { connection: connection(), concurrency: 4, drainDelay: 1 });
  worker.on('error', () => undefined);
  closers.push(() => worker.close());
  worker.on('completed', (job: Job, value: unknown) => completed.set(job.id!, value));
  worker.on('failed', (job: Job | undefined, err: Error) => { if (job) failed.set(job.id!, err.message); });

  for (let i = 0; i < 20; i++) await q.add('sum', { a: i, b: 1 }, { jobId: `S${i}` });
  await q.add('flaky', { a: 1, b: 1 }, { jobId: 'F', attempts: 3, backoff: { type: 'fixed', delay: 10 } });
  await q.add('bad', { a: 0, b: 0 }, { jobId: 'B', attempts: 2 });
  await q.add('later', { a: 5, b: 5 }, { jobId: 'LATE', delay: 200 });
  await q.add('prio', { a: 7, b: 7 }, { jobId: 'PR', priority: 2 });

  await waitUntil(8000, 'all jobs finished', () => completed.size >= 23 && failed.has('B'));
  for (let i = 0; i < 20; i++) assert.deepEqual(completed.get(`S${i}`), { sum: i + 1 });
  assert.deepEqual(completed.get('F'), { sum: 2 });
  assert.deepEqual(completed.get('LATE'), { sum: 10 });
  assert.deepEqual(completed.get('PR'), { sum: 14 });
  assert.equal(failed.get('B'), 'always bad');
  const counts = await q.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
  assert.deepEqual(counts, { completed: 23, failed: 1, waiting: 0, active: 0, delayed: 0 });
  assert.equal((await q.getJob('F'))!.attemptsMade, 3);
  await worker.close();
});

test('QueueEvents: completed and failed events through the events stream (needs XREAD BLOCK)', async () => {
  assert.ok((await supportsXreadBlock()) && (await supports('bzpopmin')), 'XREAD BLOCK and BZPOPMIN');
  const q = queue('evented');
  const events = new QueueEvents('evented', { connection: connection() });
  events.on('error', () => undefined);
  closers.push(() => events.close());
  await events.waitUntilReady();
  const seen: string[] = [];
  events.on('completed', ({ jobId, returnvalue }) => seen.push(`completed ${jobId} ${JSON.stringify(returnvalue)}`));
  events.on('failed', ({ jobId, failedReason }) => seen.push(`failed ${jobId} ${failedReason}`));
  const worker = new Worker('evented', async (job: Job) => {
    if (job.name === 'bad') throw new Error('nope');
    return job.name.toUpperCase();
  }, { connection: connection(), drainDelay: 1 });
  worker.on('error', () => undefined);
  closers.push(() => worker.close());
  const good = await q.add('good', {}, { jobId: 'G' });
  await q.add('bad', {}, { jobId: 'X' });
  assert.equal(await within(5000, 'waitUntilFinished', good.waitUntilFinished(events, 5000)), 'GOOD');
  await waitUntil(5000, 'both events', () => seen.length >= 2);
  assert.deepEqual(seen.sort(), ['completed G "GOOD"', 'failed X nope']);
  await worker.close();
});

test('FlowProducer: parent waits for its children, then runs with their values (needs MULTI)', async () => {
  assert.ok(await supports('multi', 'exec'), 'MULTI/EXEC');
  const q = queue('flows');
  const flow = new FlowProducer({ connection: connection() });
  flow.on('error', () => undefined);
  closers.push(() => flow.close());
  const tree = await flow.add({
    name: 'parent', queueName: 'flows', data: {}, opts: { jobId: 'PARENT' },
    children: [
      { name: 'child', queueName: 'flows', data: { n: 1 }, opts: { jobId: 'C1' } },
      { name: 'child', queueName: 'flows', data: { n: 2 }, opts: { jobId: 'C2' } },
    ],
  });
  assert.equal(tree.children!.length, 2);
  assert.equal(await tree.job.getState(), 'waiting-children');
  assert.deepEqual(await tree.job.getDependenciesCount(), { processed: 0, unprocessed: 2, ignored: 0, failed: 0 });
  const w = manualWorker('flows');
  const order: string[] = [];
  for (let i = 0; i < 5; i++) {
    const job = await w.getNextJob('tok', { block: false });
    if (!job) break;
    order.push(job.id!);
    await job.moveToCompleted(job.id === 'PARENT' ? 'parent done' : (job.data as { n: number }).n * 10, 'tok', false);
  }
  assert.deepEqual(order, ['C1', 'C2', 'PARENT']);
  const parent = (await q.getJob('PARENT'))!;
  assert.equal(await parent.getState(), 'completed');
  assert.deepEqual(await parent.getChildrenValues(), { 'bull:flows:C1': 10, 'bull:flows:C2': 20 });
});

test('job logs (addLog in a script, read back with MULTI)', async () => {
  assert.ok(await supports('multi', 'exec'), 'MULTI/EXEC');
  const q = queue('logs');
  const job = await q.add('l', {}, { jobId: 'LOG' });
  assert.equal(await job.log('first line'), 1);
  assert.equal(await job.log('second line'), 2);
  assert.deepEqual(await q.getJobLogs('LOG'), { logs: ['first line', 'second line'], count: 2 });
});

test('getWorkers (CLIENT SETNAME + CLIENT LIST), waitUntilFinished on failure, worker metrics, getFlow', async () => {
  const q = queue('observed');
  const events = new QueueEvents('observed', { connection: connection() });
  events.on('error', () => undefined);
  closers.push(() => events.close());
  await events.waitUntilReady();
  const worker = new Worker('observed', async (job: Job) => {
    if (job.name === 'bad') throw new Error('bad!');
    return job.name;
  }, { connection: connection(), drainDelay: 1, metrics: { maxDataPoints: 10 } });
  worker.on('error', () => undefined);
  closers.push(() => worker.close());
  await worker.waitUntilReady();
  // BullMQ names its connections "bull:<base64 queue name>:w:..." and finds workers in CLIENT LIST.
  await waitUntil(3000, 'worker listed', async () => (await q.getWorkersCount()) === 1);
  const [listed] = await q.getWorkers();
  assert.equal(listed.name, 'observed');
  assert.match(String(listed.addr), /^127\.0\.0\.1:\d+$/);

  assert.equal(await (await q.add('good', {})).waitUntilFinished(events, 3000), 'good');
  await assert.rejects((await q.add('bad', {})).waitUntilFinished(events, 3000), /bad!/);
  const metrics = await q.getMetrics('completed');
  assert.equal(metrics.meta.count, 1);

  const flow = new FlowProducer({ connection: connection() });
  flow.on('error', () => undefined);
  closers.push(() => flow.close());
  const tree = await flow.add({
    name: 'parent', queueName: 'observed', data: {}, opts: { jobId: 'P' },
    children: [{ name: 'k1', queueName: 'observed', data: {}, opts: { jobId: 'K1' } }],
  });
  assert.equal(await tree.job.waitUntilFinished(events, 3000), 'parent');
  const fetched = await flow.getFlow({ id: 'P', queueName: 'observed' });
  assert.equal(fetched.children!.length, 1);
  assert.deepEqual(await (await q.getJob('P'))!.getChildrenValues(), { 'bull:observed:K1': 'k1' });
  await worker.close();
});
