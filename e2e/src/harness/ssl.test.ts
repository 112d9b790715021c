import { describe, expect, it } from 'vitest';
import { flavours } from '../setup/clusters.js';
import { kcatBrokerIds } from '../setup/kcat.js';

describe.concurrent.each(flavours())('SSL on $name', (kafka) => {
  const bootstrap = kafka.sslBootstrap ?? '';
  const ids = kafka.brokers.map((b) => b.id);

  it('lets kcat in when it trusts the harness CA (host verified against the 127.0.0.1 SAN)', async () => {
    expect(await kcatBrokerIds(bootstrap, { protocol: 'SSL', caPemPath: kafka.caPemPath })).toEqual(ids);
  });

  it('refuses kcat without the CA: the certificate does not verify', async () => {
    await expect(kcatBrokerIds(bootstrap, { protocol: 'SSL' }, 5)).rejects.toThrow(
      /certificate verify failed/,
    );
  });
});
