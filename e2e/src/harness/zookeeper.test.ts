import { runKafkaTool } from '@tskafka/harness';
import { describe, expect, inject, it } from 'vitest';

describe('standalone ZooKeeper', () => {
  it("serves ZooKeeper's own CLI client (ls /)", async () => {
    const { stdout } = await runKafkaTool('3.9', 'org.apache.zookeeper.ZooKeeperMain', [
      ...['-server', inject('zookeeperConnect'), 'ls', '/'],
    ]);
    // The root lists ZooKeeper's own node (and /consumers once balanced-consumer tests ran).
    const root = /^\[(.*)\]$/m.exec(stdout)?.[1]?.split(', ');
    expect(root).toContain('zookeeper');
  });
});
