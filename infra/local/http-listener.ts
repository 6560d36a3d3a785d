/** Start and stop of the local cloud's HTTP servers (gateway, AWS endpoint): one way for both. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens (port 0 = a free one) and answers the base URL the server is reachable on. */
export async function listenOn(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/** Stops accepting and drops kept-alive connections, so shutdown never waits on an idle client. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
