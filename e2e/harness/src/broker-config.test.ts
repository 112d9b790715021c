import { describe, expect, it } from 'vitest';
import { brokerConfig, quorumVoters, zooConfig } from './broker-config.js';

const keystore = { path: '/run/ks.p12', password: 'pw' };
const users = [{ username: 'alice', password: 'alice-secret' }];

describe('brokerConfig', () => {
  it('renders a ZooKeeper-mode broker with all three listeners', () => {
    const props = brokerConfig({
      mode: 'zookeeper',
      nodeId: 2,
      ports: { plaintext: 1000, sasl: 1001, ssl: 1002 },
      dataDir: '/run/b2/data',
      clusterSize: 3,
      zookeeperConnect: '127.0.0.1:2181',
      saslUsers: users,
      keystore,
    });
    expect(props).toMatchObject({
      'broker.id': 2,
      'zookeeper.connect': '127.0.0.1:2181',
      listeners: 'PLAINTEXT://127.0.0.1:1000,SASL_PLAINTEXT://127.0.0.1:1001,SSL://127.0.0.1:1002',
      'advertised.listeners':
        'PLAINTEXT://127.0.0.1:1000,SASL_PLAINTEXT://127.0.0.1:1001,SSL://127.0.0.1:1002',
      'inter.broker.listener.name': 'PLAINTEXT',
      'offsets.topic.replication.factor': 3,
      'min.insync.replicas': 2,
      'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
      'ssl.keystore.location': '/run/ks.p12',
      'zookeeper.session.timeout.ms': 6000,
    });
    expect(props['listener.name.sasl_plaintext.plain.sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret";',
    );
    expect(props).not.toHaveProperty('process.roles');
  });

  it('renders a KRaft combined node whose controller listener is not advertised', () => {
    const props = brokerConfig({
      mode: 'kraft',
      nodeId: 1,
      ports: { plaintext: 2000, controller: 2001 },
      dataDir: '/run/b1/data',
      clusterSize: 1,
      quorumVoters: quorumVoters([2001]),
    });
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': 1,
      'controller.quorum.voters': '1@127.0.0.1:2001',
      listeners: 'PLAINTEXT://127.0.0.1:2000,CONTROLLER://127.0.0.1:2001',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:2000',
      'offsets.topic.replication.factor': 1,
      'transaction.state.log.min.isr': 1,
    });
    expect(String(props['listener.security.protocol.map'])).toContain('CONTROLLER:PLAINTEXT');
    expect(props).not.toHaveProperty('sasl.enabled.mechanisms');
    expect(props).not.toHaveProperty('ssl.keystore.location');
  });

  it('refuses incomplete inputs instead of writing a config the broker would reject', () => {
    const base = { nodeId: 1, dataDir: '/d', clusterSize: 1 };
    expect(() => brokerConfig({ ...base, mode: 'zookeeper', ports: { plaintext: 1 } })).toThrow(
      /zookeeperConnect/,
    );
    expect(() => brokerConfig({ ...base, mode: 'kraft', ports: { plaintext: 1 } })).toThrow(/quorumVoters/);
    expect(() =>
      brokerConfig({ ...base, mode: 'zookeeper', zookeeperConnect: 'z', ports: { plaintext: 1, ssl: 2 } }),
    ).toThrow(/keystore/);
  });

  it('numbers quorum voters from 1', () => {
    expect(quorumVoters([5, 6, 7])).toBe('1@127.0.0.1:5,2@127.0.0.1:6,3@127.0.0.1:7');
  });
});

describe('zooConfig', () => {
  it('binds loopback only and disables the AdminServer (port 8080)', () => {
    expect(zooConfig('/zk', 1234)).toMatchObject({
      clientPort: 1234,
      clientPortAddress: '127.0.0.1',
      'admin.enableServer': false,
      dataDir: '/zk',
    });
  });
});
