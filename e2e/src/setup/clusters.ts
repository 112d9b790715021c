import { randomBytes } from 'node:crypto';
import type { KafkaClusterInfo } from '@tskafka/harness';
import { inject } from 'vitest';
import { type FlavourName, selectedFlavours } from './flavours.js';

/** A running flavour as tests see it: its name plus the cluster's connection facts. */
export interface Flavour extends KafkaClusterInfo {
  readonly name: FlavourName;
}

/**
 * The flavours of this run, for `describe.each(flavours())('$name', (kafka) => ...)`. Pass names to
 * restrict a suite (e.g. only the 3-broker flavours); those excluded by `TSKAFKA_FLAVOURS` are left
 * out. Call it with literal names: the global setup reads the calls to decide what to start.
 */
export function flavours(...only: FlavourName[]): Flavour[] {
  const clusters = inject('kafkaClusters');
  const allowed = selectedFlavours();
  return (only.length > 0 ? only : allowed)
    .filter((name) => allowed.includes(name))
    .map((name) => {
      const info = clusters[name];
      if (info === undefined) {
        throw new Error(`flavour ${name} was not started: call flavours() with literal flavour names`);
      }
      return { name, ...info };
    });
}

/** A topic / group name no other test uses (tests share brokers). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
