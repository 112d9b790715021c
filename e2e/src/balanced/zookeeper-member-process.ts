// A ZooKeeper-coordinated BalancedConsumer in a process of its own, so a test can kill it without
// a goodbye. Usage: node zookeeper-member-process.ts <host:port> <zk connect> <topic> <group> <zk timeout ms>;
// prints "ready <consumer id> <partitions>".
import { BalancedConsumer } from '@tskafka/balanced';
import { Cluster } from '@tskafka/network';

const [bootstrap = '', zookeeperConnect = '', topic = '', group = '', timeout = '4000'] =
  process.argv.slice(2);
const [host = '', port = ''] = bootstrap.split(':');
const cluster = new Cluster({ bootstrap: [{ host, port: Number(port) }], clientId: 'zk-crash-member' });
const consumer = new BalancedConsumer(cluster, topic, {
  consumerGroup: group,
  zookeeperConnect,
  zookeeperConnectionTimeoutMs: Number(timeout),
  rebalanceBackoffMs: 200,
});
await consumer.ready();
for (;;) {
  if (consumer.partitions.length > 0)
    process.stdout.write(`ready ${consumer.consumerId} ${consumer.partitions.join(',')}\n`);
  await consumer.consume(500);
}
