import { protocolErrorFromCode } from '@tskafka/protocol';
import { AuthenticationError, ConfigurationError } from '../errors.js';
import { ScramClient, type ScramHash } from './scram.js';

/** SASL mechanisms this client speaks. */
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** Credentials for SASL authentication (Kafka listeners `SASL_PLAINTEXT` / `SASL_SSL`). */
export interface SaslOptions {
  /** The mechanism; the broker must enable it (`sasl.enabled.mechanisms`). */
  mechanism: SaslMechanism;
  username: string;
  password: string;
}

/** The two requests SASL needs, as the connection sends them (SaslHandshake v1, SaslAuthenticate). */
export interface SaslExchange {
  handshake(mechanism: string): Promise<{ errorCode: number; mechanisms: string[] }>;
  authenticate(authBytes: Buffer): Promise<{
    errorCode: number;
    errorMessage: string | null;
    authBytes: Buffer;
    sessionLifetimeMs: bigint;
  }>;
}

/** Outcome of a successful authentication. */
export interface SaslSession {
  /** Milliseconds until the broker expects re-authentication (KIP-368); 0 = never. */
  sessionLifetimeMs: number;
}

const SCRAM_HASHES: Record<string, ScramHash> = { 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-512': 'sha512' };

/** Checks SASL options once, at construction time, naming the faulty option. */
export function validateSasl(sasl: SaslOptions, option = 'sasl'): void {
  if (sasl.mechanism !== 'PLAIN' && SCRAM_HASHES[sasl.mechanism] === undefined) {
    throw new ConfigurationError(
      `${option}.mechanism`,
      `'${String(sasl.mechanism)}' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512`,
    );
  }
  if (typeof sasl.username !== 'string' || sasl.username === '') {
    throw new ConfigurationError(`${option}.username`, 'must be a non-empty string');
  }
  if (typeof sasl.password !== 'string')
    throw new ConfigurationError(`${option}.password`, 'must be a string');
}

/**
 * Runs the SASL handshake and token exchange for `sasl` over `exchange`.
 * @throws {AuthenticationError} when the broker does not enable the mechanism (the message lists
 *   those it does), rejects the credentials (the broker's message, with the `KafkaProtocolError`
 *   as cause), or a SCRAM server fails to prove itself.
 */
export async function authenticate(exchange: SaslExchange, sasl: SaslOptions): Promise<SaslSession> {
  const handshake = await exchange.handshake(sasl.mechanism);
  if (handshake.errorCode !== 0) {
    throw new AuthenticationError(
      `the broker does not enable SASL mechanism ${sasl.mechanism}; it offers: ${handshake.mechanisms.join(', ') || 'none'}`,
      { cause: protocolErrorFromCode(handshake.errorCode, undefined) },
    );
  }
  const step = async (token: Buffer) => {
    const response = await exchange.authenticate(token);
    if (response.errorCode !== 0) {
      const reason = response.errorMessage ?? 'authentication failed';
      throw new AuthenticationError(
        `SASL ${sasl.mechanism} authentication as '${sasl.username}' failed: ${reason}`,
        {
          cause: protocolErrorFromCode(response.errorCode, undefined, response.errorMessage),
        },
      );
    }
    return response;
  };
  const hash = SCRAM_HASHES[sasl.mechanism];
  if (hash === undefined) {
    const last = await step(Buffer.from(`\0${sasl.username}\0${sasl.password}`));
    return { sessionLifetimeMs: Number(last.sessionLifetimeMs) };
  }
  const scram = new ScramClient(hash, sasl.username, sasl.password);
  const first = await step(Buffer.from(scram.firstMessage()));
  const last = await step(Buffer.from(await scram.finalMessage(first.authBytes.toString())));
  scram.verifyServerFinal(last.authBytes.toString());
  return { sessionLifetimeMs: Number(last.sessionLifetimeMs) };
}
