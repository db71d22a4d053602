package dev.sigil.agent.socket;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.sigil.agent.http.HttpMessage;
import dev.sigil.agent.http.HttpProtocolException;
import dev.sigil.agent.http.HttpReply;
import dev.sigil.agent.log.AgentLog;

/**
 * Serves the {@link TokenEndpoint} on a unix domain socket (mode 0660): one request per
 * connection, a few connections at a time, each cut off after 20 seconds so that a client
 * that never finishes its request cannot hold a worker. The socket file is removed on
 * {@link #close()}.
 */
public final class TokenSocketServer implements AutoCloseable {

	private static final int MAX_CONCURRENT = 8;

	private static final long CONNECTION_DEADLINE_SECONDS = 20;

	private final Path path;

	private final ServerSocketChannel server;

	private final TokenEndpoint endpoint;

	private final AgentLog log;

	private final ThreadPoolExecutor workers;

	private final ScheduledExecutorService deadlines;

	private TokenSocketServer(Path path, ServerSocketChannel server, TokenEndpoint endpoint, AgentLog log) {
		this.path = path;
		this.server = server;
		this.endpoint = endpoint;
		this.log = log;
		this.workers = new ThreadPoolExecutor(0, MAX_CONCURRENT, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> daemon(task, "sigil-socket"), new ThreadPoolExecutor.CallerRunsPolicy());
		this.deadlines = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, "sigil-socket-deadline"));
	}

	/**
	 * Binds the socket, replacing a stale socket file left by an agent that is gone, and
	 * starts serving.
	 */
	public static TokenSocketServer start(Path path, TokenEndpoint endpoint, AgentLog log) throws IOException {
		Path socket = path.toAbsolutePath();
		Files.createDirectories(socket.getParent(),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
		removeStale(socket);
		ServerSocketChannel server = bindPrivately(socket);
		TokenSocketServer started = new TokenSocketServer(socket, server, endpoint, log);
		daemon(started::acceptLoop, "sigil-socket-accept").start();
		return started;
	}

	/**
	 * Binds the socket in a private (0700) directory, sets its mode, then moves it into
	 * place: Java has no umask to set, and the socket must never be reachable with looser
	 * permissions, even briefly.
	 */
	private static ServerSocketChannel bindPrivately(Path socket) throws IOException {
		Path privateDirectory = Files.createTempDirectory(socket.getParent(), ".sigil-socket",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path bound = privateDirectory.resolve("s");
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			server.bind(UnixDomainSocketAddress.of(bound));
			Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
			Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE);
			return server;
		}
		catch (IOException ex) {
			server.close();
			Files.deleteIfExists(bound);
			throw ex;
		}
		finally {
			Files.deleteIfExists(privateDirectory);
		}
	}

	private static void removeStale(Path socket) throws IOException {
		if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
			throw new IOException(socket + " exists and is not a socket");
		}
		if (answers(socket)) {
			throw new IOException("another process already serves " + socket);
		}
		Files.delete(socket);
	}

	private static boolean answers(Path socket) {
		try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public Path path() {
		return this.path;
	}

	private void acceptLoop() {
		while (this.server.isOpen()) {
			try {
				SocketChannel connection = this.server.accept();
				this.workers.execute(() -> serve(connection));
			}
			catch (ClosedChannelException | RejectedExecutionException ex) {
				return;
			}
			catch (IOException ex) {
				this.log.warn("socket " + this.path + ": cannot accept a connection: " + ex);
			}
		}
	}

	private void serve(SocketChannel connection) {
		ScheduledFuture<?> deadline = this.deadlines.schedule(() -> closeQuietly(connection),
				CONNECTION_DEADLINE_SECONDS, TimeUnit.SECONDS);
		try (connection) {
			HttpReply reply;
			try {
				InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
				reply = this.endpoint.handle(HttpMessage.readRequest(in));
			}
			catch (HttpProtocolException ex) {
				reply = HttpReply.problem(ex.status(), "invalid-request", "Invalid request", ex.getMessage());
			}
			OutputStream out = new BufferedOutputStream(Channels.newOutputStream(connection));
			reply.writeTo(out);
		}
		catch (IOException ex) {
			// The client went away or was too slow: nothing to answer.
		}
		finally {
			deadline.cancel(false);
		}
	}

	@Override
	public void close() {
		closeQuietly(this.server);
		this.workers.shutdownNow();
		this.deadlines.shutdownNow();
		try {
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			this.log.warn("cannot remove the socket file " + this.path + ": " + ex);
		}
	}

	private static void closeQuietly(Channel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
