import type { Logger } from '@tskafka/network';

/** One line a {@link recordingLogger} was told. */
export interface LoggedLine {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps what it is told, for asserting on what the consumer logs. */
export function recordingLogger(): { logger: Logger; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg = '') =>
      void lines.push({ level, msg, fields });
  const logger = {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger: logger as Logger, lines };
}
