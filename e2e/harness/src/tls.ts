import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { KeystoreRef } from './broker-config.js';
import { LOOPBACK } from './ports.js';

const run = promisify(execFile);

/** A self-signed broker certificate and the PEM file clients trust it by. */
export interface TlsMaterial {
  readonly keystore: KeystoreRef;
  /** The broker certificate in PEM; being self-signed, it is also the CA to trust. */
  readonly caPemPath: string;
}

const keytool = () => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'keytool') : 'keytool');

/**
 * Makes a PKCS12 keystore with a self-signed certificate for 127.0.0.1 and exports it as PEM.
 * The SAN must name IP 127.0.0.1: brokers advertise it and every client verifies the host.
 */
export async function makeTlsMaterial(dir: string): Promise<TlsMaterial> {
  const keystore = { path: join(dir, 'broker.keystore.p12'), password: 'harness-secret' };
  const caPemPath = join(dir, 'ca.pem');
  const store = ['-keystore', keystore.path, '-storetype', 'PKCS12', '-storepass', keystore.password];
  await run(keytool(), [
    '-genkeypair',
    ...['-alias', 'broker', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650'],
    ...['-dname', 'CN=localhost', '-ext', `SAN=DNS:localhost,IP:${LOOPBACK}`],
    ...store,
    ...['-keypass', keystore.password],
  ]);
  await run(keytool(), ['-exportcert', '-rfc', '-alias', 'broker', ...store, '-file', caPemPath]);
  return { keystore, caPemPath };
}
