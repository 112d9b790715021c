import { Consumer as PlatformaticConsumer } from '@platformatic/kafka';
import type { Contender } from './contenders.js';
import { fromFirstMessage, groupId } from './first-message.js';

export const platformatic: Contender = {
  library: '@platformatic/kafka (from first message)',
  async consume(bootstrap, t) {
    const consumer = new PlatformaticConsumer({
      clientId: 'bench',
      groupId: groupId(),
      bootstrapBrokers: bootstrap.split(','),
    });
    const stream = await consumer.consume({
      topics: [t.topic],
      mode: 'earliest',
      autocommit: false,
      maxBytesPerPartition: 1_048_576,
    });
    const clock = fromFirstMessage(t.count);
    let n = 0;
    for await (const _ of stream) {
      clock.seen(1);
      if (++n === t.count) break;
    }
    const run = await clock.done;
    await stream.close();
    await consumer.close();
    return run;
  },
};
