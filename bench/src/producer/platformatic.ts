import { Producer as PlatformaticProducer } from '@platformatic/kafka';
import { type Contender, chunked, timed } from './contenders.js';

export const platformatic: Contender = {
  library: '@platformatic/kafka',
  async produce(bootstrap, topic, w) {
    const producer = new PlatformaticProducer({
      clientId: 'bench',
      bootstrapBrokers: bootstrap.split(','),
      acks: w.acks,
      compression: w.lz4 ? 'lz4' : 'none',
      idempotent: false,
    });
    const value = Buffer.alloc(w.size, 120);
    await producer.send({ messages: [{ topic, value }] });
    const run = await timed(() =>
      chunked(w.count, (n) =>
        producer.send({ messages: Array.from({ length: n }, () => ({ topic, value })) }),
      ),
    );
    await producer.close();
    return run;
  },
};
