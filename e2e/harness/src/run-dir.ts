import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeRunning, procFile, recordedPid, signalNode } from './node-process.js';
import { DEV_RUN_DIR_PREFIX, RUN_DIR_PREFIX } from './paths.js';

// Run directories and the guarantee that no JVM outlives the process that owns it: exit hooks for the
// normal and crashing cases, and a sweep of leftovers (owner gone) for the case where even the hooks
// could not run (SIGKILL of the test runner).

const OWNER_FILE = 'owner';
const KEEP_FILE = 'keep-logs';

/** Identity of a process that survives pid reuse: pid plus its start time from /proc. */
function processIdentity(pid: number): string | undefined {
  const stat = procFile(pid, 'stat');
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return `${pid}:${fields[19]}`;
}

const owned = new Set<string>();
let hooksInstalled = false;

/** Every node folder (one with a pid file) inside a run dir. */
export function nodeDirs(runDir: string): string[] {
  if (!existsSync(runDir)) return [];
  return readdirSync(runDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && recordedPid(join(runDir, e.name)) !== undefined)
    .map((e) => join(runDir, e.name));
}

/** Kills every node of the run dir at once with SIGKILL, synchronously (safe inside an exit hook). */
function killAll(runDir: string): void {
  for (const dir of nodeDirs(runDir)) signalNode(dir, 'SIGKILL');
}

function removeUnlessKept(runDir: string): void {
  if (!existsSync(join(runDir, KEEP_FILE))) rmSync(runDir, { recursive: true, force: true });
}

function onExit(): void {
  for (const runDir of owned) {
    killAll(runDir);
    removeUnlessKept(runDir);
  }
  owned.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' also fires after an uncaught exception; only synchronous work is possible there.
  process.on('exit', onExit);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      onExit();
      // Leave the exit to whoever else listens (vitest); otherwise behave like the default action.
      if (process.listenerCount(signal) === 0)
        process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
    });
  }
}

/**
 * Creates a fresh run dir. Test runs (`owned`) are tied to this process: its nodes die with it. Dev
 * runs outlive the command that starts them and are stopped by `pnpm kafka down`.
 */
export function createRunDir(kind: 'owned' | 'dev'): string {
  const runDir = mkdtempSync(kind === 'owned' ? RUN_DIR_PREFIX : DEV_RUN_DIR_PREFIX);
  if (kind === 'owned') {
    writeFileSync(join(runDir, OWNER_FILE), processIdentity(process.pid) ?? String(process.pid));
    owned.add(runDir);
    installHooks();
  }
  return runDir;
}

/** Marks a run dir to be kept on exit (its logs explain a failure). */
export function keepRunDir(runDir: string): void {
  writeFileSync(join(runDir, KEEP_FILE), '');
}

/** Forgets a run dir after its nodes were stopped, deleting it unless it is kept. */
export function releaseRunDir(runDir: string): void {
  owned.delete(runDir);
  removeUnlessKept(runDir);
}

/** True when the process that created an owned run dir is still the same live process. */
function ownerAlive(runDir: string): boolean {
  let owner: string;
  try {
    owner = readFileSync(join(runDir, OWNER_FILE), 'utf8');
  } catch {
    return false;
  }
  const pid = Number(owner.split(':')[0]);
  return Number.isInteger(pid) && processIdentity(pid) === owner;
}

/**
 * Kills JVMs left behind by harness runs whose owner died without cleaning up: any process whose
 * command line mentions a run dir (under the harness prefix) whose owner is gone. Also deletes such
 * run dirs unless they were kept for their logs. Returns the number of processes killed.
 */
export function reapLeftovers(): number {
  let killed = 0;
  const orphanDirs = new Set<string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = procFile(Number(entry), 'cmdline');
    const at = cmdline?.indexOf(RUN_DIR_PREFIX) ?? -1;
    if (cmdline === undefined || at < 0) continue;
    const rest = cmdline.slice(at + RUN_DIR_PREFIX.length);
    const runDir = RUN_DIR_PREFIX + rest.slice(0, rest.search(/[/\0]|$/));
    if (ownerAlive(runDir)) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      // already gone
    }
    orphanDirs.add(runDir);
  }
  const base = dirname(RUN_DIR_PREFIX);
  for (const name of readdirSync(base)) {
    const runDir = join(base, name);
    // The age check spares a dir another process has just created and not yet signed.
    const settled = () => Date.now() - statSync(runDir).mtimeMs > 60_000;
    if (
      runDir.startsWith(RUN_DIR_PREFIX) &&
      !ownerAlive(runDir) &&
      settled() &&
      !nodeDirs(runDir).some(nodeRunning)
    ) {
      orphanDirs.add(runDir);
    }
  }
  for (const runDir of orphanDirs) removeUnlessKept(runDir);
  return killed;
}
