// A KIP-848 group member in a process of its own, so a test can kill it without a goodbye.
// Usage: node kip848-member-process.ts <host:port> <topic> <group>; prints "ready <partitions>".
import { ManagedBalancedConsumer } from '@tskafka/balanced';
import { Cluster } from '@tskafka/network';

const [bootstrap = '', topic = '', group = ''] = process.argv.slice(2);
const [host = '', port = ''] = bootstrap.split(':');
const cluster = new Cluster({ bootstrap: [{ host, port: Number(port) }], clientId: 'kip848-crash-member' });
const consumer = new ManagedBalancedConsumer(cluster, topic, {
  consumerGroup: group,
  groupProtocol: 'consumer',
});
await consumer.ready();
for (;;) {
  process.stdout.write(`ready ${consumer.partitions.join(',')}\n`);
  await consumer.consume(500);
}
