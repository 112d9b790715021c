import { type ChildProcess, fork } from 'node:child_process';
import { asBuffers } from './buffers.js';
import type { Call, Reply } from './messages.js';

const WORKER = new URL('./worker.ts', import.meta.url);

/** `T` seen from another process: every method returns a promise; `close()` ends that process. */
export type InOwnProcess<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : T[K];
} & { close(): Promise<void> };

/**
 * Loads export `exportName` of `module` in a Node process of its own and returns a stand-in whose
 * methods call it there (arguments and results cross by structured clone, Buffers kept as such).
 * A library under test then has a heap holding only itself and the bench's glue, as in an
 * application that uses it. With every library in one process, each full collection (1 KiB
 * messages at 1 GB/s bring one about every 65 ms) also marked the other libraries' modules: 22 MB
 * of heap instead of 10 MB for tskafka alone.
 */
export async function inOwnProcess<T extends object>(
  module: URL,
  exportName: string,
): Promise<InOwnProcess<T>> {
  const child = fork(WORKER, [module.href, exportName], {
    execArgv: withoutGcFlags(process.execArgv),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 0;
  const failAll = (why: string) => {
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
  };
  const shape = await new Promise<{ fields: Record<string, unknown>; methods: string[] }>(
    (resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`${exportName} process exited (${code}) before it was ready`)),
      );
      child.on('message', (reply: Reply) => {
        if ('ready' in reply) return resolve(reply.ready);
        const call = pending.get(reply.id);
        pending.delete(reply.id);
        if ('error' in reply) call?.reject(new Error(reply.error));
        else call?.resolve(asBuffers(reply.result));
      });
    },
  );
  child.removeAllListeners('exit');
  child.on('exit', (code) => failAll(`${exportName} process exited (${code})`));
  const stub: Record<string, unknown> = { ...shape.fields, close: () => stop(child) };
  for (const method of shape.methods)
    stub[method] = (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, method, args } satisfies Call);
      });
  return stub as InOwnProcess<T>;
}

/** The bench's own GC flags (the codec bench sizes its young generation for allocation counts) stay with it. */
function withoutGcFlags(execArgv: readonly string[]): string[] {
  return execArgv.filter((a) => !/^--(expose-gc|(min|max)-semi-space-size)/.test(a));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Where a contender lives: a module (relative to `base`) and export to run in its own process, or the contender itself. */
export type Placement<T> = readonly [module: string, exportName: string] | T;

/**
 * Starts each `[module, export]` entry of `placements` in its own process (see
 * {@link inOwnProcess}); other entries (tools that run outside Node anyway) are used as they are.
 * The result keeps the order; `close()` ends every process started.
 */
export async function placeAll<T extends object>(
  placements: readonly Placement<T>[],
  base: URL,
): Promise<{ contenders: T[]; close(): Promise<void> }> {
  const started: InOwnProcess<T>[] = [];
  const contenders = await Promise.all(
    placements.map(async (p) => {
      if (!Array.isArray(p)) return p as T;
      const [module, exportName] = p as readonly [string, string];
      const inProcess = await inOwnProcess<T>(new URL(module, base), exportName);
      started.push(inProcess);
      // T's methods already return promises (the contenders' are async), so the stand-in is a T
      return inProcess as unknown as T;
    }),
  );
  return { contenders, close: async () => void (await Promise.all(started.map((s) => s.close()))) };
}
