import { spawn } from 'node:child_process';
import { HarnessError } from './errors.js';

/** Outcome of an external command. */
export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link runCommand}. */
export interface CommandOptions {
  /** Written to the command's stdin, which is then closed. */
  readonly input?: string | undefined;
  /** Killed (SIGKILL) after this long; default 60 s. */
  readonly timeoutMs?: number | undefined;
  /** When false (default), a non-zero exit throws a HarnessError carrying stderr. */
  readonly allowFailure?: boolean | undefined;
}

/** Runs a program without a shell, collecting its output; never leaves it running past the timeout. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => {}); // the program may exit without reading its input
    child.stdin.end(options.input ?? '');
    child.on('error', (cause) => {
      clearTimeout(timer);
      reject(new HarnessError(`could not run ${file}: ${cause.message}`, { cause }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
      if (timedOut) {
        reject(
          new HarnessError(`${file} ${args.join(' ')} timed out after ${timeoutMs} ms\n${result.stderr}`),
        );
      } else if (code !== 0 && !options.allowFailure) {
        reject(
          new HarnessError(`${file} ${args.join(' ')} exited with ${code}\n${result.stderr.slice(-4000)}`),
        );
      } else {
        resolve(result);
      }
    });
  });
}
