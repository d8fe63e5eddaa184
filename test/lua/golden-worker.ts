// Child process for test/lua/golden.test.ts: runs corpus programs on our engine, one after
// the other, and sends each result over IPC. A separate process (not a worker thread: V8 kills
// the whole process when a worker's heap blows up), so that a program that hangs or exhausts
// memory (an engine bug) costs that one program and not the whole test file: the parent kills
// this process and starts a fresh one for the remaining programs.
// Input: argv[2] = JSON of WorkerInput.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runInEngine } from './run-engine';

/** Programs to run, in order: [folder, file name] pairs. */
export interface WorkerInput { programs: Array<[string, string]> }
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

const input = JSON.parse(process.argv[2]) as WorkerInput;
const send = (m: WorkerMessage): void => { process.send!(m); };
for (let index = 0; index < input.programs.length; index++) {
  const [dir, file] = input.programs[index];
  send({ type: 'start', index });
  let result: ProgramResult;
  try {
    const source = fs.readFileSync(path.join(dir, file), 'latin1');
    const run = runInEngine(source, '@' + file);
    result = { ok: true, stdout: run.stdout, threw: run.threw, error: run.threw ? describe(run.errorValue) : undefined };
  } catch (e) {
    result = { ok: false, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  send({ type: 'done', index, result });
}
// No exit here: the open IPC channel keeps this process alive until the parent, having read
// every result, disconnects (exiting first could race the parent's reading of the channel).
