import { type ClientSecurity, kcat, kcatSecurityArgs } from '@tskafka/harness';

/**
 * The broker list `kcat -L` reports, as sorted ids; rejects (with kcat's stderr) when it gets none
 * within `timeoutSeconds` (kcat keeps retrying a refused connection until then).
 */
export async function kcatBrokerIds(
  bootstrap: string,
  security: ClientSecurity = { protocol: 'PLAINTEXT' },
  timeoutSeconds = 10,
) {
  const args = ['-b', bootstrap, ...kcatSecurityArgs(security), '-L', '-J', '-m', String(timeoutSeconds)];
  const { stdout } = await kcat(args);
  const metadata = JSON.parse(stdout) as { brokers: { id: number; name: string }[] };
  return metadata.brokers.map((b) => b.id).sort((a, b) => a - b);
}

/** Produces one message with kcat (waits for the delivery report: kcat exits non-zero on failure). */
export async function kcatProduce(
  bootstrap: string,
  topic: string,
  value: string,
  security?: ClientSecurity,
) {
  const sec = security ? kcatSecurityArgs(security) : [];
  await kcat(['-b', bootstrap, ...sec, '-P', '-t', topic, '-X', 'acks=all'], { input: `${value}\n` });
}

/** Consumes `count` messages from the beginning of a topic with kcat, one value per line. */
export async function kcatConsume(
  bootstrap: string,
  topic: string,
  count: number,
  security?: ClientSecurity,
) {
  const sec = security ? kcatSecurityArgs(security) : [];
  const args = [
    '-b',
    bootstrap,
    ...sec,
    '-C',
    '-t',
    topic,
    '-o',
    'beginning',
    '-c',
    String(count),
    '-e',
    '-q',
  ];
  const { stdout } = await kcat(args);
  return stdout.split('\n').filter((line) => line !== '');
}
