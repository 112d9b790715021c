import type { KafkaLineName, StartKafkaOptions } from '@tskafka/harness';

/**
 * The broker flavours the e2e suite runs against. Each carries PLAINTEXT, SASL_PLAINTEXT (PLAIN and
 * SCRAM-SHA-256/512) and SSL listeners, and is started once per `vitest run` by the global setup.
 */
export const FLAVOURS = {
  'kafka3.9-single': { version: '3.9', brokers: 1 },
  'kafka4-single': { version: '4', brokers: 1 },
  'kafka3.9-cluster': { version: '3.9', brokers: 3 },
  'kafka4-cluster': { version: '4', brokers: 3 },
} as const satisfies Record<string, { version: KafkaLineName; brokers: number }>;

/** Name of one flavour, e.g. `'kafka4-cluster'`. */
export type FlavourName = keyof typeof FLAVOURS;

const ALL = Object.keys(FLAVOURS) as FlavourName[];

/**
 * The flavours `TSKAFKA_FLAVOURS` allows: all when unset, none for `none`, else its comma-separated
 * list. Which of them start is then decided by what the run's test files ask for.
 */
export function selectedFlavours(env: string | undefined = process.env.TSKAFKA_FLAVOURS): FlavourName[] {
  if (env === undefined || env.trim() === '') return ALL;
  if (env.trim() === 'none') return [];
  const names = env.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !ALL.includes(n as FlavourName));
  if (unknown.length > 0)
    throw new Error(`unknown flavour(s) ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  return names as FlavourName[];
}

/** How the global setup starts a flavour: with every listener, so one cluster serves every test. */
export function startOptions(name: FlavourName): StartKafkaOptions {
  return { ...FLAVOURS[name], sasl: true, ssl: true };
}
