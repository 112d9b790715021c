/**
 * Entry of a contender's own process (see own-process.ts): imports the one module named on the
 * command line, reports the shape of the export it was asked for, then runs calls on it.
 */
import { asBuffers } from './buffers.js';
import type { Call, Reply } from './messages.js';

const [modulePath, exportName] = process.argv.slice(2);
const target = ((await import(modulePath ?? '')) as Record<string, Record<string, unknown>>)[
  exportName ?? ''
];
if (target === undefined || process.send === undefined)
  throw new Error(`own-process worker: no export ${exportName} in ${modulePath}, or no IPC channel`);
const send = process.send.bind(process);

const fields: Record<string, unknown> = {};
const methods: string[] = [];
for (const [key, value] of Object.entries(target)) {
  if (typeof value === 'function') methods.push(key);
  else fields[key] = value;
}
send({ ready: { fields, methods } } satisfies Reply);

process.on('message', async ({ id, method, args }: Call) => {
  try {
    const result = await (target[method] as (...a: unknown[]) => unknown)(...(asBuffers(args) as unknown[]));
    send({ id, result } satisfies Reply);
  } catch (error) {
    send({
      id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies Reply);
  }
});
