import { connect, createServer, type Server, type Socket } from 'node:net';
import { FrameSplitter } from '@tskafka/network';

/** One request seen by the proxy and, unless the client expected none (acks=0), its response. */
export interface CapturedExchange {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  /** The request frame without its size prefix, exactly as the client sent it. */
  request: Buffer;
  /** The response frame without its size prefix, exactly as the broker sent it. */
  response: Buffer | null;
}

/** APIs whose responses carry broker addresses that the proxy points back at itself. */
const ADDRESS_BEARING_APIS = new Set([3 /* Metadata */, 10 /* FindCoordinator */, 60 /* DescribeCluster */]);
const LOOPBACK = Buffer.from('127.0.0.1');

/**
 * A TCP proxy on 127.0.0.1 that forwards bytes between clients and one broker port and records every
 * request/response pair, matched by correlation id per connection. So that clients keep talking through
 * proxies after reading metadata, the copies of Metadata, FindCoordinator and DescribeCluster responses
 * sent on to the client have each broker port swapped for its proxy's port (`portMap`); the swap keeps
 * the length, and the recorded response is the broker's original.
 */
export class RecordingProxy {
  readonly exchanges: CapturedExchange[] = [];
  private readonly sockets = new Set<Socket>();

  /** Broker port -> proxy port, shared by the proxies of one cluster. */
  portMap = new Map<number, number>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on `port` (0 picks a free one) and forwards to `target`. */
  static async start(target: { host: string; port: number }, port = 0): Promise<RecordingProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
    const proxy = new RecordingProxy(server, address.port);
    server.on('connection', (client) => proxy.relay(client, target));
    return proxy;
  }

  private relay(client: Socket, target: { host: string; port: number }): void {
    const upstream = connect(target.port, target.host);
    this.sockets.add(client).add(upstream);
    const waiting = new Map<number, CapturedExchange>();
    const requests = new FrameSplitter((request) => {
      const exchange: CapturedExchange = {
        apiKey: request.readInt16BE(0),
        apiVersion: request.readInt16BE(2),
        correlationId: request.readInt32BE(4),
        request: Buffer.from(request), // the splitter hands out views of socket chunks
        response: null,
      };
      this.exchanges.push(exchange);
      waiting.set(exchange.correlationId, exchange);
    });
    const responses = new FrameSplitter((response) => {
      const exchange = waiting.get(response.readInt32BE(0));
      if (exchange) {
        exchange.response = Buffer.from(response);
        waiting.delete(exchange.correlationId);
      }
      const forwarded =
        exchange && ADDRESS_BEARING_APIS.has(exchange.apiKey) ? this.pointAtProxies(response) : response;
      const size = Buffer.alloc(4);
      size.writeInt32BE(forwarded.length);
      client.write(Buffer.concat([size, forwarded]));
    });
    client.on('data', (chunk) => {
      requests.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => responses.push(chunk));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', closeBoth).on('error', closeBoth);
    upstream.on('close', closeBoth).on('error', closeBoth);
  }

  /** A copy of `response` with every `127.0.0.1` + int32 broker port replaced by the proxy port. */
  private pointAtProxies(response: Buffer): Buffer {
    const copy = Buffer.from(response);
    let at = copy.indexOf(LOOPBACK);
    while (at !== -1 && at + LOOPBACK.length + 4 <= copy.length) {
      const portAt = at + LOOPBACK.length;
      const proxyPort = this.portMap.get(copy.readInt32BE(portAt));
      if (proxyPort !== undefined) copy.writeInt32BE(proxyPort, portAt);
      at = copy.indexOf(LOOPBACK, portAt);
    }
    return copy;
  }

  /** Stops listening and drops every open connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
