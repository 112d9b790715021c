import { connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions as TlsConnectOptions, connect as tlsConnect } from 'node:tls';
import { AbortedError, ConnectionError, TlsError } from '../errors.js';
import { rememberReader, SocketReader } from './socket-reader.js';

/** TLS settings, exactly as `tls.connect` takes them (ca, cert, key, servername, rejectUnauthorized...). */
export type TlsOptions = Omit<TlsConnectOptions, 'host' | 'port' | 'socket' | 'path'>;

/** Where and how to open one broker socket. */
export interface SocketTarget {
  host: string;
  port: number;
  /** TLS options, `true` for TLS with Node's defaults, absent/false for plaintext. */
  ssl?: TlsOptions | boolean;
  /** Give up (and destroy the socket) after this many ms. */
  connectTimeoutMs: number;
  /** Local interface to bind (PyKafka's `source_address`). */
  localAddress?: string;
  /** Local port to bind; 0 or absent = any. */
  localPort?: number;
  /** Aborting stops the attempt with {@link AbortedError}. */
  signal?: AbortSignal;
}

/**
 * Opens a TCP (or TLS) socket and resolves once it is ready for Kafka frames (after the TLS
 * handshake). Rejects with {@link ConnectionError} (refused, unreachable, timeout),
 * {@link TlsError} (handshake or certificate failure) or {@link AbortedError}; on any failure the
 * socket is destroyed and no timer or listener is left.
 */
export function openSocket(target: SocketTarget): Promise<Socket> {
  const broker = `${target.host}:${target.port}`;
  if (target.signal?.aborted) {
    return Promise.reject(new AbortedError(`connect to ${broker} aborted`, { cause: target.signal.reason }));
  }
  return new Promise((resolve, reject) => {
    const base = { host: target.host, port: target.port, localAddress: target.localAddress };
    const local = target.localPort ? { localPort: target.localPort } : {};
    const tls = target.ssl === true ? {} : target.ssl || null;
    const servername = tls !== null && !isIp(target.host) ? { servername: target.host } : {};
    // Plaintext sockets read straight into the frame buffers (TLS sockets cannot: `onread` is net's).
    const reader = tls === null ? new SocketReader() : null;
    const socket: Socket =
      reader !== null
        ? netConnect({ ...base, ...local, onread: reader.onread })
        : tlsConnect({ ...servername, ...(tls as TlsOptions), ...base, ...local });
    if (reader !== null) rememberReader(socket, reader);
    let tcpUp = false;

    const finish = (error: Error | null): void => {
      clearTimeout(timer);
      target.signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off('connect', onTcp);
      socket.off(tls === null ? 'connect' : 'secureConnect', onReady);
      if (error === null) {
        // Until the caller attaches its own handlers an 'error' must not crash the process;
        // the caller sees the socket destroyed instead.
        socket.on('error', () => {});
        socket.setNoDelay(true);
        resolve(socket);
      } else {
        // Reject only once the handle is released, so a caller that gives up leaves nothing open.
        socket.once('close', () => reject(error));
        socket.destroy();
      }
    };
    const onTcp = (): void => {
      tcpUp = true;
    };
    const onReady = (): void => finish(null);
    const onError = (error: Error): void => {
      if (tls !== null && tcpUp) {
        finish(new TlsError(`TLS handshake with ${broker} failed: ${error.message}`, { cause: error }));
      } else {
        finish(new ConnectionError(`cannot connect: ${error.message}`, { broker, cause: error }));
      }
    };
    const onAbort = (): void =>
      finish(new AbortedError(`connect to ${broker} aborted`, { cause: target.signal?.reason }));
    const timer = setTimeout(
      () => finish(new ConnectionError(`connect timed out after ${target.connectTimeoutMs} ms`, { broker })),
      target.connectTimeoutMs,
    );

    socket.once('connect', onTcp);
    socket.once(tls === null ? 'connect' : 'secureConnect', onReady);
    socket.once('error', onError);
    target.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
