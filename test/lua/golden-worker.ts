// Child process for test/lua/engine-runner.ts (used by the golden and property tests): runs
// Lua programs on our engine, one after the other, and sends each result over IPC. A separate process (not a worker thread: V8 kills
// the whole process when a worker's heap blows up), so that a program that hangs or exhausts
// memory (an engine bug) costs that one program and not the whole test file: the parent kills
// this process and starts a fresh one for the remaining programs.
// Input: the first IPC message, a WorkerInput.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInEngine } from './run-engine';

/** A program: a file (chunk name "@<file>", as lua5.1 names it) or an inline source. */
export type ProgramSpec = { dir: string; file: string } | { source: string; chunkName: string };
/** Programs to run, in order. */
export interface WorkerInput { programs: ProgramSpec[] }
export type ErrorDescription = { kind: 'nil' } | { kind: 'string'; text: string } | { kind: 'number' } | { kind: 'other' };
export type ProgramResult =
  | { ok: true; stdout: string; threw: boolean; error: ErrorDescription | undefined }
  | { ok: false; crash: string };
/** `index` is the program's position in WorkerInput.programs. */
export type WorkerMessage = { type: 'start'; index: number } | { type: 'done'; index: number; result: ProgramResult };

process.env.TZ = 'UTC';

function describe(value: unknown): ErrorDescription {
  if (value === undefined) return { kind: 'nil' };
  if (typeof value === 'string') return { kind: 'string', text: value };
  if (typeof value === 'number') return { kind: 'number' };
  return { kind: 'other' };
}

const send = (m: WorkerMessage): void => { process.send!(m); };

function runAll(input: WorkerInput): void {
  for (let index = 0; index < input.programs.length; index++) {
    const spec = input.programs[index];
    send({ type: 'start', index });
    let result: ProgramResult;
    try {
      const run = 'file' in spec
        ? runInEngine(fs.readFileSync(path.join(spec.dir, spec.file), 'latin1'), '@' + spec.file)
        : runInEngine(spec.source, spec.chunkName);
      result = { ok: true, stdout: run.stdout, threw: run.threw, error: run.threw ? describe(run.errorValue) : undefined };
    } catch (e) {
      result = { ok: false, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    send({ type: 'done', index, result });
  }
}

process.once('message', (input: WorkerInput) => runAll(input));
// No exit here: the open IPC channel keeps this process alive until the parent, having read
// every result, disconnects (exiting first could race the parent's reading of the channel).
