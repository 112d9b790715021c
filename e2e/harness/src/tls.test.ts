import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tlsMaterial } from './tls.js';

let cache: string;
const saved = process.env.TSKAFKA_CACHE;

beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'tskafka-tls-test-'));
  process.env.TSKAFKA_CACHE = cache;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TSKAFKA_CACHE;
  else process.env.TSKAFKA_CACHE = saved;
  rmSync(cache, { recursive: true, force: true });
});

describe('tlsMaterial', () => {
  it('makes one certificate valid for 127.0.0.1, even when first asked for twice at once', async () => {
    const [a, b] = await Promise.all([tlsMaterial(), tlsMaterial()]);
    expect(a).toEqual(b);
    const cert = new X509Certificate(readFileSync(a.caPemPath));
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.verify(cert.publicKey)).toBe(true); // self-signed: it is its own CA
    expect(readdirSync(cache)).toEqual(['tls']); // the losing scratch folder is gone
    expect(readdirSync(join(cache, 'tls')).sort()).toEqual(['broker.keystore.p12', 'ca.pem']);
  }, 60_000);
});
