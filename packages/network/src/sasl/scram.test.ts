import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../errors.js';
import { ScramClient } from './scram.js';

// Exchanges printed in RFC 5802 §5 (SHA-1) and RFC 7677 §3 (SHA-256): user "user", password "pencil".
const RFC5802 = {
  nonce: 'fyko+d2lbbFgONRv9qkxdawL',
  serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
  clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
  serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
};
const RFC7677 = {
  nonce: 'rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

describe('ScramClient', () => {
  it('reproduces the RFC 5802 SHA-1 exchange', async () => {
    const scram = new ScramClient('sha1', 'user', 'pencil', RFC5802.nonce);
    expect(scram.firstMessage()).toBe(`n,,n=user,r=${RFC5802.nonce}`);
    expect(await scram.finalMessage(RFC5802.serverFirst)).toBe(RFC5802.clientFinal);
    expect(() => scram.verifyServerFinal(RFC5802.serverFinal)).not.toThrow();
  });

  it('reproduces the RFC 7677 SHA-256 exchange', async () => {
    const scram = new ScramClient('sha256', 'user', 'pencil', RFC7677.nonce);
    expect(scram.firstMessage()).toBe(`n,,n=user,r=${RFC7677.nonce}`);
    expect(await scram.finalMessage(RFC7677.serverFirst)).toBe(RFC7677.clientFinal);
    expect(() => scram.verifyServerFinal(RFC7677.serverFinal)).not.toThrow();
  });

  it('rejects a forged server signature', async () => {
    const scram = new ScramClient('sha256', 'user', 'pencil', RFC7677.nonce);
    await scram.finalMessage(RFC7677.serverFirst);
    expect(() => scram.verifyServerFinal('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toThrow(
      AuthenticationError,
    );
  });

  it('rejects a server nonce that does not extend ours', async () => {
    const scram = new ScramClient('sha256', 'user', 'pencil', 'abc');
    await expect(scram.finalMessage('r=xyz123,s=QSXCR+Q6sek8bf92,i=4096')).rejects.toThrow(/nonce/);
  });

  it('rejects too few iterations and server-reported errors', async () => {
    const scram = new ScramClient('sha512', 'user', 'pencil', 'abc');
    await expect(scram.finalMessage('r=abcdef,s=QSXCR+Q6sek8bf92,i=1')).rejects.toThrow(/iteration/);
    await expect(scram.finalMessage('e=unknown-user')).rejects.toThrow(/unknown-user/);
    expect(() => scram.verifyServerFinal('e=invalid-proof')).toThrow(AuthenticationError);
  });

  it('escapes = and , in the user name', () => {
    const scram = new ScramClient('sha256', 'a=b,c', 'pw', 'n1');
    expect(scram.firstMessage()).toBe('n,,n=a=3Db=2Cc,r=n1');
  });
});
