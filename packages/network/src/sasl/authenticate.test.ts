import { KafkaProtocolError } from '@tskafka/protocol';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConfigurationError } from '../errors.js';
import { authenticate, type SaslExchange, validateSasl } from './authenticate.js';

/** A scripted broker side: records tokens, answers from a list. */
function scripted(
  handshakeError: number,
  answers: { errorCode: number; errorMessage?: string; authBytes?: string; lifetime?: bigint }[],
) {
  const tokens: string[] = [];
  const exchange: SaslExchange = {
    handshake: async () => ({ errorCode: handshakeError, mechanisms: ['PLAIN', 'SCRAM-SHA-512'] }),
    authenticate: async (token) => {
      tokens.push(token.toString());
      const answer = answers.shift();
      if (answer === undefined) throw new Error('unexpected extra token');
      return {
        errorCode: answer.errorCode,
        errorMessage: answer.errorMessage ?? null,
        authBytes: Buffer.from(answer.authBytes ?? ''),
        sessionLifetimeMs: answer.lifetime ?? 0n,
      };
    },
  };
  return { exchange, tokens };
}

describe('authenticate', () => {
  it('sends the PLAIN token and reports the session lifetime', async () => {
    const { exchange, tokens } = scripted(0, [{ errorCode: 0, lifetime: 3_600_000n }]);
    const session = await authenticate(exchange, { mechanism: 'PLAIN', username: 'alice', password: 'pw' });
    expect(tokens).toEqual(['\0alice\0pw']);
    expect(session.sessionLifetimeMs).toBe(3_600_000);
  });

  it('lists the broker mechanisms when ours is not enabled', async () => {
    const { exchange } = scripted(33, []);
    const error = await authenticate(exchange, {
      mechanism: 'SCRAM-SHA-256',
      username: 'a',
      password: 'b',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/SCRAM-SHA-256.*offers: PLAIN, SCRAM-SHA-512/);
    expect((error as Error).cause).toBeInstanceOf(KafkaProtocolError);
  });

  it("surfaces the broker's message and error code on bad credentials", async () => {
    const { exchange } = scripted(0, [{ errorCode: 58, errorMessage: 'Invalid username or password' }]);
    const error = await authenticate(exchange, {
      mechanism: 'PLAIN',
      username: 'alice',
      password: 'x',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).retriable).toBe(false);
    expect((error as Error).message).toMatch(/'alice' failed: Invalid username or password/);
    expect(((error as Error).cause as KafkaProtocolError).errorName).toBe('SASL_AUTHENTICATION_FAILED');
  });

  it('stops a SCRAM exchange whose server-first message is bogus', async () => {
    const { exchange, tokens } = scripted(0, [{ errorCode: 0, authBytes: 'r=not-our-nonce,s=AAAA,i=4096' }]);
    await expect(
      authenticate(exchange, { mechanism: 'SCRAM-SHA-512', username: 'bob', password: 'pw' }),
    ).rejects.toThrow(/nonce/);
    expect(tokens[0]).toMatch(/^n,,n=bob,r=/);
  });
});

describe('validateSasl', () => {
  it('names the faulty option', () => {
    expect(() => validateSasl({ mechanism: 'GSSAPI' as 'PLAIN', username: 'a', password: 'b' })).toThrow(
      ConfigurationError,
    );
    expect(() => validateSasl({ mechanism: 'PLAIN', username: '', password: 'b' })).toThrow(/sasl\.username/);
  });
});
