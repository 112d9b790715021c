// A classic-protocol group member in a process of its own, so a test can kill it without a goodbye.
// Usage: node managed-classic-member-process.ts <host:port> <topic> <group> <options json>; prints "ready <partitions>".
import { ManagedBalancedConsumer } from '@tskafka/balanced';
import { Cluster } from '@tskafka/network';

const [bootstrap = '', topic = '', group = '', options = '{}'] = process.argv.slice(2);
const [host = '', port = ''] = bootstrap.split(':');
const cluster = new Cluster({ bootstrap: [{ host, port: Number(port) }], clientId: 'classic-crash-member' });
const consumer = new ManagedBalancedConsumer(cluster, topic, {
  consumerGroup: group,
  ...JSON.parse(options),
});
await consumer.ready();
for (;;) {
  if (consumer.partitions.length > 0) process.stdout.write(`ready ${consumer.partitions.join(',')}\n`);
  await consumer.consume(500);
}
