import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { KeystoreRef } from './broker-config.js';
import { cacheRoot } from './paths.js';
import { LOOPBACK } from './ports.js';

const run = promisify(execFile);

/** A self-signed broker certificate and the PEM file clients trust it by. */
export interface TlsMaterial {
  readonly keystore: KeystoreRef;
  /** The broker certificate in PEM; being self-signed, it is also the CA to trust. */
  readonly caPemPath: string;
}

/** keytool from the same JDK as the JVMs (`$TSKAFKA_JAVA`'s folder), else from PATH. */
const keytool = () =>
  process.env.TSKAFKA_JAVA ? join(dirname(process.env.TSKAFKA_JAVA), 'keytool') : 'keytool';

/** Where the material lives inside a folder. */
const materialIn = (dir: string): TlsMaterial => ({
  keystore: { path: join(dir, 'broker.keystore.p12'), password: 'harness-secret' },
  caPemPath: join(dir, 'ca.pem'),
});

/**
 * Makes a PKCS12 keystore with a self-signed certificate for 127.0.0.1 and exports it as PEM.
 * The SAN must name IP 127.0.0.1: brokers advertise it and every client verifies the host.
 */
async function makeTlsMaterial(dir: string): Promise<void> {
  const { keystore, caPemPath } = materialIn(dir);
  const store = ['-keystore', keystore.path, '-storetype', 'PKCS12', '-storepass', keystore.password];
  await run(keytool(), [
    '-genkeypair',
    ...['-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650'],
    ...['-dname', 'CN=localhost', '-ext', `SAN=DNS:localhost,IP:${LOOPBACK}`],
    ...store,
    ...['-keypass', keystore.password],
  ]);
  await run(keytool(), ['-exportcert', '-rfc', '-alias', 'broker', ...store, '-file', caPemPath]);
}

/**
 * The broker certificate every harness cluster serves, made once per machine in the cache (two
 * keytool JVMs cost seconds per cluster otherwise). Built in a scratch folder and renamed into
 * place, so concurrent first calls cannot leave a half-written keystore.
 */
export async function tlsMaterial(): Promise<TlsMaterial> {
  const material = materialIn(join(cacheRoot(), 'tls'));
  if (existsSync(material.caPemPath)) return material;
  mkdirSync(cacheRoot(), { recursive: true });
  const scratch = mkdtempSync(join(cacheRoot(), 'tls-partial-'));
  try {
    await makeTlsMaterial(scratch);
    renameSync(scratch, join(cacheRoot(), 'tls'));
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    if (!existsSync(material.caPemPath)) throw err; // unless another process made it meanwhile
  }
  return material;
}
