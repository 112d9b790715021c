import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// One server process (ZooKeeper or a Kafka node), identified by its folder in the run dir. Everything
// needed to signal or relaunch it lives in files there (pid, argv, log), so any process (the vitest
// main process, a test worker, the dev CLI) can control a node another one started.

/** How to launch one server JVM; `dir` is the node's own folder inside the run dir. */
export interface NodeSpec {
  readonly name: string;
  readonly dir: string;
  /** Arguments to `java` (no shell is involved). */
  readonly argv: readonly string[];
}

/** The java executable: `$TSKAFKA_JAVA`, else `java` from PATH (Java 17, which both lines support). */
export const javaBin = (): string => process.env.TSKAFKA_JAVA ?? 'java';

/** The file a node's stdout and stderr are appended to. */
export const logPath = (dir: string): string => join(dir, 'server.log');

const pidPath = (dir: string) => join(dir, 'pid');
const argvPath = (dir: string) => join(dir, 'argv.json');

/**
 * Launches the node's JVM directly (so the pid is the JVM itself) in its own process group, output
 * appended to its log file, and records the pid. The JVM does not keep the caller alive.
 */
export function launchNode(spec: NodeSpec): number {
  const log = openSync(logPath(spec.dir), 'a');
  try {
    const child = spawn(javaBin(), spec.argv, { cwd: spec.dir, detached: true, stdio: ['ignore', log, log] });
    if (child.pid === undefined) throw new Error(`could not launch ${spec.name}`);
    child.on('error', () => {}); // surfaces as a dead process in the readiness check
    child.unref();
    writeFileSync(pidPath(spec.dir), String(child.pid));
    writeFileSync(argvPath(spec.dir), JSON.stringify(spec.argv));
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Launches a node again with the argv it was first launched with (same ports, config and data). */
export function relaunchNode(dir: string): number {
  const argv = JSON.parse(readFileSync(argvPath(dir), 'utf8')) as string[];
  return launchNode({ name: dir, dir, argv });
}

/** The pid recorded for a node, if it has one. */
export function recordedPid(dir: string): number | undefined {
  if (!existsSync(pidPath(dir))) return undefined;
  const pid = Number(readFileSync(pidPath(dir), 'utf8'));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Reads `/proc/<pid>/<file>`, or undefined when the process is gone. */
export function procFile(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux this runs on). */
const CLOCK_TICKS = 100;

/**
 * CPU time (user + system, in seconds) the node's process has used since it started, undefined
 * when it is not running: benchmarks read it before and after a run to report the broker's share.
 */
export function nodeCpuSeconds(dir: string): number | undefined {
  const pid = recordedPid(dir);
  const stat = pid === undefined ? undefined : procFile(pid, 'stat');
  if (stat === undefined) return undefined;
  // after the command name: state is field 3 of proc(5), utime and stime are fields 14 and 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The process state letter from /proc (R, S, T, Z...), undefined when gone. */
function procState(pid: number): string | undefined {
  const stat = procFile(pid, 'stat');
  return stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** True while the node's recorded pid is a live (not zombie) process whose command line names its dir. */
export function nodeRunning(dir: string): boolean {
  const pid = recordedPid(dir);
  if (pid === undefined) return false;
  const state = procState(pid);
  if (state === undefined || state === 'Z' || state === 'X') return false;
  // Guards against a recycled pid: the JVM's argv always contains a path inside its node dir.
  return procFile(pid, 'cmdline')?.includes(dir) ?? false;
}

/** Sends a signal to the node's JVM if it is running; returns whether it was. */
export function signalNode(dir: string, signal: NodeJS.Signals): boolean {
  const pid = recordedPid(dir);
  if (pid === undefined || !nodeRunning(dir)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Freezes a node with SIGSTOP and returns once every thread of it is stopped (the signal takes
 * effect asynchronously; a JVM thread busy on another core could still answer a request right
 * after `kill` returned). False when the node is not running or does not stop within `timeoutMs`.
 */
export function freezeNode(dir: string, timeoutMs = 2_000): boolean {
  if (!signalNode(dir, 'SIGSTOP')) return false;
  const pid = recordedPid(dir) as number;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (!allThreadsStopped(pid)) {
    if (Date.now() >= deadline) return false;
    Atomics.wait(pause, 0, 0, 5);
  }
  return true;
}

/** Whether every thread of `pid` is in state T (stopped), per /proc. */
function allThreadsStopped(pid: number): boolean {
  try {
    const tasks = readdirSync(`/proc/${pid}/task`);
    // The state follows the command name, which is in parentheses and may itself hold spaces.
    return tasks.every((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'T';
    });
  } catch {
    return false;
  }
}

/** Waits until none of the nodes runs; returns false if some still do at the deadline. */
export async function waitStopped(dirs: readonly string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (dirs.some(nodeRunning)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops nodes together: SIGCONT (a paused JVM cannot run its shutdown hook), SIGTERM to all at once,
 * then SIGKILL whatever is still alive after `graceMs`.
 */
export async function stopNodes(dirs: readonly string[], graceMs: number): Promise<void> {
  for (const dir of dirs) signalNode(dir, 'SIGCONT');
  for (const dir of dirs) signalNode(dir, 'SIGTERM');
  if (await waitStopped(dirs, graceMs)) return;
  for (const dir of dirs) signalNode(dir, 'SIGKILL');
  await waitStopped(dirs, 5000);
}

/** The last lines of a node's log, for error messages. */
export function logTail(dir: string, lines = 40): string {
  try {
    return readFileSync(logPath(dir), 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
