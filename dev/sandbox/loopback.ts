import type { RequestListener, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** An HTTP server on 127.0.0.1 whose close() also ends open (even hanging) connections. */
export class LoopbackServer {
	private server: Server | undefined;
	private readonly sockets = new Set<Socket>();

	constructor(private readonly listener: RequestListener) {}

	/** Listens on `port` (0: any free one) and returns the port. */
	async listen(port = 0): Promise<number> {
		const server = createServer(this.listener);
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
		this.server = server;
		return (server.address() as AddressInfo).port;
	}

	async close(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
