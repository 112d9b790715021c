import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AuthenticationError } from '../errors.js';

const pbkdf2Async = promisify(pbkdf2);

/** Digests SCRAM is defined over (RFC 5802 uses SHA-1 for its example; Kafka uses SHA-256/512). */
export type ScramHash = 'sha1' | 'sha256' | 'sha512';

const DIGEST_BYTES: Record<ScramHash, number> = { sha1: 20, sha256: 32, sha512: 64 };
/** Kafka's broker refuses fewer iterations than this, so a lower count means a bogus server. */
const MIN_ITERATIONS = 4096;
/** base64("n,,"): no channel binding, no authorisation identity. */
const GS2_HEADER_B64 = 'biws';

/** RFC 5802 saslname: '=' and ',' are escaped because they delimit attributes. */
function saslName(name: string): string {
  return name.replaceAll('=', '=3D').replaceAll(',', '=2C');
}

/** Splits "a=1,b=2" into a map; values may themselves contain '='. */
function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) attributes.set(part[0] as string, part.slice(2));
  }
  return attributes;
}

function hmac(hash: ScramHash, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(hash, key).update(data).digest();
}

/**
 * The client side of a SCRAM exchange (RFC 5802, RFC 7677): first message, proof, and the check
 * of the server's signature. Transport-agnostic: the SASL layer moves the strings.
 *
 * @example
 * ```ts
 * const scram = new ScramClient('sha256', 'alice', 'secret');
 * const serverFirst = await send(scram.firstMessage());
 * const serverFinal = await send(await scram.finalMessage(serverFirst));
 * scram.verifyServerFinal(serverFinal);
 * ```
 */
export class ScramClient {
  readonly #hash: ScramHash;
  readonly #password: string;
  readonly #firstBare: string;
  readonly #nonce: string;
  #expectedServerSignature: Buffer | null = null;

  /**
   * @param nonce the client nonce; random by default, fixed only to replay RFC test vectors.
   */
  constructor(hash: ScramHash, username: string, password: string, nonce?: string) {
    this.#hash = hash;
    this.#password = password;
    this.#nonce = nonce ?? randomBytes(24).toString('base64url');
    this.#firstBare = `n=${saslName(username)},r=${this.#nonce}`;
  }

  /** The client-first-message, GS2 header included. */
  firstMessage(): string {
    return `n,,${this.#firstBare}`;
  }

  /**
   * Computes the client-final-message from the server-first-message.
   * @throws {AuthenticationError} when the server reports an error, changes our nonce prefix,
   *   or asks for fewer than 4096 iterations.
   */
  async finalMessage(serverFirst: string): Promise<string> {
    const attributes = parseAttributes(serverFirst);
    const error = attributes.get('e');
    if (error !== undefined) throw new AuthenticationError(`SCRAM server error: ${error}`);
    const nonce = attributes.get('r');
    const salt = attributes.get('s');
    const iterations = Number(attributes.get('i'));
    if (nonce === undefined || salt === undefined || !Number.isInteger(iterations)) {
      throw new AuthenticationError(`malformed SCRAM server-first-message: ${serverFirst}`);
    }
    if (!nonce.startsWith(this.#nonce) || nonce.length === this.#nonce.length) {
      throw new AuthenticationError('SCRAM server nonce does not extend the client nonce');
    }
    if (iterations < MIN_ITERATIONS) {
      throw new AuthenticationError(`SCRAM iteration count ${iterations} is below ${MIN_ITERATIONS}`);
    }
    const salted = await pbkdf2Async(
      this.#password,
      Buffer.from(salt, 'base64'),
      iterations,
      DIGEST_BYTES[this.#hash],
      this.#hash,
    );
    const withoutProof = `c=${GS2_HEADER_B64},r=${nonce}`;
    const authMessage = `${this.#firstBare},${serverFirst},${withoutProof}`;
    const clientKey = hmac(this.#hash, salted, 'Client Key');
    const storedKey = createHash(this.#hash).update(clientKey).digest();
    const signature = hmac(this.#hash, storedKey, authMessage);
    for (let i = 0; i < clientKey.length; i++)
      clientKey[i] = (clientKey[i] as number) ^ (signature[i] as number);
    this.#expectedServerSignature = hmac(this.#hash, hmac(this.#hash, salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${clientKey.toString('base64')}`;
  }

  /**
   * Checks the server-final-message proves the server knows the password too.
   * @throws {AuthenticationError} on a server error or a signature mismatch.
   */
  verifyServerFinal(serverFinal: string): void {
    const attributes = parseAttributes(serverFinal);
    const error = attributes.get('e');
    if (error !== undefined) throw new AuthenticationError(`SCRAM server error: ${error}`);
    const expected = this.#expectedServerSignature;
    const got = Buffer.from(attributes.get('v') ?? '', 'base64');
    if (expected === null || got.length !== expected.length || !timingSafeEqual(got, expected)) {
      throw new AuthenticationError('SCRAM server signature does not match: the server is not who it claims');
    }
  }
}
