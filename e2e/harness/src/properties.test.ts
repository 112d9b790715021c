import { describe, expect, it } from 'vitest';
import { logConfigFlag, renderProperties, serverLogConfig, toolLogConfig } from './properties.js';

describe('renderProperties', () => {
  it('writes one key=value per line in insertion order', () => {
    expect(renderProperties({ b: 1, a: 'x y', c: true })).toBe('b=1\na=x y\nc=true\n');
  });

  it('escapes backslashes, newlines and a leading space', () => {
    expect(renderProperties({ k: 'C:\\dir\nnext' })).toBe('k=C:\\\\dir\\nnext\n');
    expect(renderProperties({ k: ' lead' })).toBe('k=\\ lead\n');
  });
});

describe('logging configs', () => {
  it('sends tool logs to stderr at WARN so stdout stays parseable', () => {
    expect(toolLogConfig('log4j1')).toMatchObject({
      'log4j.rootLogger': 'WARN, out',
      'log4j.appender.out.Target': 'System.err',
    });
    expect(toolLogConfig('log4j2')).toMatchObject({
      'rootLogger.level': 'warn',
      'appender.out.target': 'SYSTEM_ERR',
    });
  });

  it('keeps the request logger quiet on servers', () => {
    expect(serverLogConfig('log4j1')['log4j.logger.kafka.request.logger']).toBe('WARN');
    const log4j2 = serverLogConfig('log4j2');
    const index = Object.entries(log4j2).find(([, v]) => v === 'kafka.request.logger')?.[0];
    expect(index).toBeDefined();
    expect(log4j2[index?.replace('.name', '.level') ?? '']).toBe('warn');
  });

  it('points each backend at its file with its own system property', () => {
    expect(logConfigFlag('log4j1', '/x.properties')).toBe('-Dlog4j.configuration=file:/x.properties');
    expect(logConfigFlag('log4j2', '/x.properties')).toBe('-Dlog4j2.configurationFile=/x.properties');
  });
});
