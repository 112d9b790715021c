import { runKafkaTool } from '@tskafka/harness';
import { describe, expect, inject, it } from 'vitest';

describe('standalone ZooKeeper', () => {
  it("serves ZooKeeper's own CLI client (ls /)", async () => {
    const { stdout } = await runKafkaTool('3.9', 'org.apache.zookeeper.ZooKeeperMain', [
      ...['-server', inject('zookeeperConnect'), 'ls', '/'],
    ]);
    expect(stdout).toContain('[zookeeper]');
  });
});
