import type { LoggingBackend } from './versions.js';

/** A Java `.properties` file as ordered key/value pairs. */
export type Properties = Record<string, string | number | boolean>;

/** Escapes what `java.util.Properties` would otherwise read as syntax (backslash, leading space, newline). */
function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/^ /, '\\ ');
}

/** Renders properties one `key=value` per line, in insertion order. */
export function renderProperties(props: Properties): string {
  return `${Object.entries(props)
    .map(([key, value]) => `${key}=${escapeValue(String(value))}`)
    .join('\n')}\n`;
}

/** Logging for servers: INFO to stdout (redirected to the node's log file), chatty loggers at WARN. */
export function serverLogConfig(backend: LoggingBackend): Properties {
  const quiet = ['kafka.request.logger', 'state.change.logger', 'org.apache.zookeeper'];
  return backend === 'log4j1' ? log4j1('INFO', 'System.out', quiet) : log4j2('info', 'SYSTEM_OUT', quiet);
}

/** Logging for command-line tools: WARN to stderr so their stdout stays parseable. */
export function toolLogConfig(backend: LoggingBackend): Properties {
  return backend === 'log4j1' ? log4j1('WARN', 'System.err', []) : log4j2('warn', 'SYSTEM_ERR', []);
}

/** The JVM flag that points the backend at a config file. */
export function logConfigFlag(backend: LoggingBackend, path: string): string {
  return backend === 'log4j1' ? `-Dlog4j.configuration=file:${path}` : `-Dlog4j2.configurationFile=${path}`;
}

function log4j1(level: string, target: string, quiet: string[]): Properties {
  const props: Properties = {
    'log4j.rootLogger': `${level}, out`,
    'log4j.appender.out': 'org.apache.log4j.ConsoleAppender',
    'log4j.appender.out.Target': target,
    'log4j.appender.out.layout': 'org.apache.log4j.PatternLayout',
    'log4j.appender.out.layout.ConversionPattern': '[%d] %p %m (%c)%n',
  };
  for (const logger of quiet) props[`log4j.logger.${logger}`] = 'WARN';
  return props;
}

function log4j2(level: string, target: string, quiet: string[]): Properties {
  const props: Properties = {
    status: 'warn',
    'appender.out.type': 'Console',
    'appender.out.name': 'OUT',
    'appender.out.target': target,
    'appender.out.layout.type': 'PatternLayout',
    'appender.out.layout.pattern': '[%d] %p %m (%c)%n',
    'rootLogger.level': level,
    'rootLogger.appenderRef.out.ref': 'OUT',
  };
  quiet.forEach((logger, i) => {
    props[`logger.q${i}.name`] = logger;
    props[`logger.q${i}.level`] = 'warn';
  });
  return props;
}
