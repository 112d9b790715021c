import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { KafkaDecodeError } from '../../errors/kafka-error.js';
import * as all from '../all.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../codec/api-codec.js';
import type { Api } from '../dsl/define-api.js';
import { ConsumerProtocolAssignment, ConsumerProtocolSubscription } from '../embedded/consumer-protocol.js';
import { decodeBlob, encodeBlob, type VersionedBlob } from '../embedded/versioned-blob.js';
import { arbitraryBody } from './arbitrary.js';

/** One decoder under fuzz: its name, some valid inputs to mutate, and the decode call. */
export interface FuzzTarget {
  readonly name: string;
  /** How many of the seeds are frames recorded from real brokers and clients. */
  readonly recordedSeeds: number;
  readonly seeds: readonly Buffer[];
  readonly decode: (input: Buffer) => unknown;
}

/** Outcome of fuzzing one target. */
export interface FuzzResult {
  readonly name: string;
  /** Inputs fed to the decoder. */
  inputs: number;
  /** Inputs that decoded without error. */
  decoded: number;
  /** Inputs rejected with KafkaDecodeError (the only failure allowed). */
  rejected: number;
  /** Anything else a decoder threw, with the input that caused it (hex). */
  readonly crashes: { error: string; input: string }[];
  /** Slowest single decode in milliseconds (pauses over 2 ms are timed again, to leave out scheduler and GC stalls). */
  slowestMs: number;
}

const SEEDS_PER_TARGET = 6;

function seeds<T>(arb: fc.Arbitrary<T>, encode: (body: T) => Buffer, seed: number): Buffer[] {
  return fc.sample(arb, { numRuns: SEEDS_PER_TARGET, seed }).map(encode);
}

const GOLDEN = resolve(import.meta.dirname, '../../../fixtures/golden');

/** Frames recorded from real brokers and clients (see golden.test.ts), keyed `key/version/side`. */
function goldenSeeds(): Map<string, Buffer[]> {
  const seedsByTarget = new Map<string, Buffer[]>();
  if (!existsSync(GOLDEN)) return seedsByTarget;
  for (const broker of readdirSync(GOLDEN)) {
    for (const file of readdirSync(join(GOLDEN, broker))) {
      const f = JSON.parse(readFileSync(join(GOLDEN, broker, file), 'utf8')) as Record<string, unknown>;
      for (const side of ['request', 'response']) {
        if (typeof f[side] !== 'string') continue;
        const id = `${f.apiKey}/${f.apiVersion}/${side}`;
        seedsByTarget.set(id, [...(seedsByTarget.get(id) ?? []), Buffer.from(f[side] as string, 'hex')]);
      }
    }
  }
  return seedsByTarget;
}

/** Every decoder this package has: requests and responses of every API version, and the blobs. */
export function fuzzTargets(seed: number): FuzzTarget[] {
  const targets: FuzzTarget[] = [];
  const golden = goldenSeeds();
  const recorded = (api: Api, v: number, side: string) => golden.get(`${api.key}/${v}/${side}`) ?? [];
  for (const api of Object.values(all) as Api[]) {
    for (let v = api.minVersion; v <= api.maxVersion; v++) {
      const flexible = v >= api.flexibleFrom;
      targets.push({
        name: `${api.name} v${v} request`,
        recordedSeeds: recorded(api, v, 'request').length,
        seeds: [
          ...recorded(api, v, 'request'),
          ...seeds(
            arbitraryBody(api.request, v, flexible),
            (b) => encodeRequest(api, v, { correlationId: 1, clientId: 'fuzz' }, b as never).subarray(4),
            seed,
          ),
        ],
        decode: (input) => decodeRequest(api, v, input),
      });
      targets.push({
        name: `${api.name} v${v} response`,
        recordedSeeds: recorded(api, v, 'response').length,
        seeds: [
          ...recorded(api, v, 'response'),
          ...seeds(
            arbitraryBody(api.response, v, flexible),
            (b) => encodeResponse(api, v, 1, b as never).subarray(4),
            seed,
          ),
        ],
        decode: (input) => decodeResponse(api, v, input),
      });
    }
  }
  for (const blob of [ConsumerProtocolSubscription, ConsumerProtocolAssignment] as VersionedBlob[]) {
    const bodies = [0, 1, 2, 3].flatMap((v) =>
      seeds(arbitraryBody(blob.fields, v, false), (b) => encodeBlob(blob, v, b as never), seed),
    );
    targets.push({
      name: blob.name,
      recordedSeeds: 0,
      seeds: bodies,
      decode: (input) => decodeBlob(blob, input),
    });
  }
  return targets;
}

/** Small deterministic PRNG (xorshift32), so a run can be repeated from its seed. */
class Rng {
  constructor(private s: number) {
    if (this.s === 0) this.s = 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff];

/** A random input or a mutated seed: flipped, boundary-valued, truncated, spliced or huge-length bytes. */
function nextInput(rng: Rng, seedInputs: readonly Buffer[]): Buffer {
  if (rng.below(8) === 0 || seedInputs.length === 0) {
    const b = Buffer.allocUnsafe(rng.below(48));
    for (let i = 0; i < b.length; i++) b[i] = rng.below(256);
    return b;
  }
  const base = seedInputs[rng.below(seedInputs.length)]!;
  const b = Buffer.from(base);
  const mutations = 1 + rng.below(3);
  let out = b;
  for (let m = 0; m < mutations && out.length > 0; m++) {
    const at = rng.below(out.length);
    switch (rng.below(6)) {
      case 0:
        out[at] = out[at]! ^ (1 << rng.below(8));
        break;
      case 1:
        out[at] = INTERESTING[rng.below(INTERESTING.length)]!;
        break;
      case 2:
        out = out.subarray(0, at);
        break;
      case 3:
        if (at + 4 <= out.length)
          out.writeInt32BE([-1, -2, 0x7fffffff, 0x10000, -0x80000000][rng.below(5)]!, at);
        break;
      case 4:
        out = Buffer.concat([
          out.subarray(0, at),
          Buffer.from([rng.below(256), rng.below(256)]),
          out.subarray(at),
        ]);
        break;
      default:
        out = Buffer.concat([out.subarray(0, at), out.subarray(rng.below(out.length))]);
    }
  }
  return out;
}

function retime(target: FuzzTarget, input: Buffer): number {
  const started = performance.now();
  try {
    target.decode(input);
  } catch {
    // Already counted; only the time matters here.
  }
  return performance.now() - started;
}

/** Feeds `iterations` inputs to one target; only KafkaDecodeError may escape a decoder. */
export function fuzzTarget(target: FuzzTarget, iterations: number, seed: number): FuzzResult {
  const rng = new Rng(seed);
  const result: FuzzResult = {
    name: target.name,
    inputs: 0,
    decoded: 0,
    rejected: 0,
    crashes: [],
    slowestMs: 0,
  };
  // The first decode of a version compiles its codec; keep that out of the timings.
  retime(target, target.seeds[0] ?? Buffer.alloc(0));
  for (let i = 0; i < iterations; i++) {
    const input = nextInput(rng, target.seeds);
    const started = performance.now();
    try {
      target.decode(input);
      result.decoded++;
    } catch (e) {
      if (e instanceof KafkaDecodeError) result.rejected++;
      else if (result.crashes.length < 5)
        result.crashes.push({ error: String(e), input: input.toString('hex') });
    }
    let took = performance.now() - started;
    // A long pause is usually the scheduler or GC, not the input: time it again before believing it.
    if (took > 2) took = Math.min(took, retime(target, input), retime(target, input));
    if (took > result.slowestMs) result.slowestMs = took;
    result.inputs++;
  }
  return result;
}
