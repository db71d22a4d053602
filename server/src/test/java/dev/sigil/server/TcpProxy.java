package dev.sigil.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the server under test and PostgreSQL that a test can cut: every
 * open connection is reset and new ones are refused until it is restored, which is what a
 * client sees while the database restarts or the network between them fails.
 */
final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.port = TestPorts.freePort();
		restore();
	}

	int port() {
		return this.port;
	}

	/** Resets every relayed connection and refuses new ones. */
	synchronized void cut() throws IOException {
		ServerSocket closing = this.listener;
		this.listener = null;
		if (closing != null) {
			closing.close();
		}
		for (Socket socket : this.sockets) {
			try {
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// already closed
			}
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	/** Accepts connections again. */
	synchronized void restore() throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress("127.0.0.1", this.port));
		this.listener = server;
		Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException ex) {
				return;
			}
			try {
				Socket upstream = new Socket(this.targetHost, this.targetPort);
				synchronized (this) {
					// A connection accepted just before a cut must not survive it.
					if (this.listener != server) {
						closeQuietly(client);
						closeQuietly(upstream);
						continue;
					}
					this.sockets.add(client);
					this.sockets.add(upstream);
				}
				relay(client, upstream);
				relay(upstream, client);
			}
			catch (IOException ex) {
				closeQuietly(client);
			}
		}
	}

	private void relay(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "tcp-proxy-relay");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

}
