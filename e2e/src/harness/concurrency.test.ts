import { runKafkaTool, startZooKeeper } from '@tskafka/harness';
import { describe, expect, it } from 'vitest';

describe('harnesses running side by side', () => {
  it('give each server its own free port, and each serves', async () => {
    const [a, b] = await Promise.all([startZooKeeper(), startZooKeeper()]);
    try {
      expect(a.port).not.toBe(b.port);
      for (const zk of [a, b]) {
        const { stdout } = await runKafkaTool('3.9', 'org.apache.zookeeper.ZooKeeperMain', [
          '-server',
          zk.connect,
          'ls',
          '/',
        ]);
        expect(stdout).toContain('[zookeeper]');
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
