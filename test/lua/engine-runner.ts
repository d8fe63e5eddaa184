// Runs Lua programs on our engine in a child process (test/lua/golden-worker.ts), so that a
// program that hangs or exhausts memory (an engine bug) fails alone instead of taking the
// whole test file down. Used by golden.test.ts and property.test.ts.

import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { ProgramResult, ProgramSpec, WorkerInput, WorkerMessage } from './golden-worker';

export type { ProgramResult, ProgramSpec };

const PROGRAM_TIMEOUT_MS = 10_000;
const WORKER_HEAP_MB = 512;

/**
 * Runs Lua programs on our engine in a child process, in order; each test awaits its own result.
 * When a program hangs past the timeout or kills its process, it fails and a new process
 * takes the rest.
 */
export class EngineRunner {
  private readonly programs: ProgramSpec[] = [];
  private readonly results: Array<Promise<ProgramResult>> = [];
  private readonly settle: Array<(r: ProgramResult) => void> = [];
  private started = false;

  /** Registers a program (before the first result() call); returns its index. */
  add(program: ProgramSpec): number {
    this.programs.push(program);
    this.results.push(new Promise((resolve) => this.settle.push(resolve)));
    return this.programs.length - 1;
  }

  result(index: number): Promise<ProgramResult> {
    if (!this.started) { this.started = true; this.spawn(this.programs.map((_, i) => i)); }
    return this.results[index];
  }

  private spawn(indexes: number[]): void {
    if (indexes.length === 0) return;
    const pending = new Set(indexes);
    let current: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const input: WorkerInput = { programs: indexes.map((i) => this.programs[i]) };
    const child = fork(path.join(__dirname, 'golden-worker.js'), [], {
      // The same stack as bin/ferrous-lua gives its programs (lua5.1 runs them as a CLI too).
      execArgv: [...process.execArgv.filter((a) => !a.startsWith('--test') && !a.startsWith('--stack-size')), `--max-old-space-size=${WORKER_HEAP_MB}`, '--stack-size=3900'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.send(input);
    let stderrTail = '';
    child.stderr!.on('data', (d: Buffer) => { stderrTail = (stderrTail + d.toString('latin1')).slice(-400); });
    const failCurrentAndContinue = (why: string): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      const victim = current ?? [...pending][0];
      if (victim !== undefined) {
        pending.delete(victim);
        this.settle[victim]({ ok: false, crash: why });
      }
      child.kill('SIGKILL');
      this.spawn(indexes.filter((i) => pending.has(i)));
    };
    child.on('message', (m: WorkerMessage) => {
      const index = indexes[m.index];
      if (m.type === 'start') {
        current = index;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => failCurrentAndContinue(`did not finish within ${PROGRAM_TIMEOUT_MS} ms`), PROGRAM_TIMEOUT_MS);
      } else {
        if (timer) clearTimeout(timer);
        current = undefined;
        pending.delete(index);
        this.settle[index](m.result);
        if (pending.size === 0) { finished = true; child.disconnect(); }
      }
    });
    child.on('error', (e) => failCurrentAndContinue(`the child process failed: ${e instanceof Error ? e.message : String(e)}`));
    // The child died early. Judge only once it has exited AND its IPC channel is drained
    // ('disconnect'), so results still buffered in the channel are not mistaken for losses.
    let exitStatus: string | undefined;
    let disconnected = false;
    const judgeEarlyEnd = (): void => {
      if (exitStatus === undefined || !disconnected) return;
      if (timer) clearTimeout(timer);
      if (!finished && pending.size > 0) failCurrentAndContinue(`the child process exited (${exitStatus}): ${stderrTail}`);
      finished = true;
    };
    child.on('disconnect', () => { disconnected = true; judgeEarlyEnd(); });
    child.on('close', (code, signal) => { exitStatus = String(code ?? signal); judgeEarlyEnd(); });
  }
}

