/** Raised when the harness cannot resolve jars, start, probe or stop a server. */
export class HarnessError extends Error {
  /** Log file of the process that failed, kept on disk for inspection. */
  readonly logPath: string | undefined;

  constructor(message: string, options: { cause?: unknown; logPath?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'HarnessError';
    this.logPath = options.logPath;
  }
}
