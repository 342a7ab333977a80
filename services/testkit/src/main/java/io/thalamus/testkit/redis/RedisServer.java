package io.thalamus.testkit.redis;

import io.thalamus.testkit.process.ChildProcess;
import io.thalamus.testkit.process.Ports;
import io.thalamus.testkit.process.Waiting;
import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Redis server: the binary shipped in the {@code com.github.codemonstur:embedded-redis} jar, copied into this
 * server's directory and run as a child process bound to 127.0.0.1. Layout: {@code bin/} (the binary),
 * {@code dump.rdb} (saved on shutdown, loaded on start) and {@code redis.log}.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final int port;
    private final ChildProcess process;

    private RedisServer(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /**
     * @param port a fixed port, or 0 for a free one
     */
    public static RedisServer start(Path directory, int port) {
        int actualPort = Ports.resolve(port, "Redis");
        Path base = directory.toAbsolutePath().normalize();
        try {
            Path binaries = Files.createDirectories(base.resolve("bin"));
            File binary = ExecutableProvider.newJarResourceProvider(binaries.toFile()).get();
            List<String> command = List.of(binary.getAbsolutePath(),
                    "--port", Integer.toString(actualPort),
                    "--bind", Ports.HOST,
                    "--dir", base.toString(),
                    "--daemonize", "no",
                    "--logfile", "");
            ChildProcess process = ChildProcess.start("Redis", command, base, Map.of(), base.resolve("redis.log"),
                    STOP_GRACE);
            RedisServer server = new RedisServer(actualPort, process);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Redis in " + base, e);
        }
    }

    /** A server another owner started in this JVM (see {@code TestServers}); closing it does nothing. */
    public static RedisServer running(int port) {
        return new RedisServer(port, null);
    }

    public int port() {
        return port;
    }

    public String host() {
        return Ports.HOST;
    }

    /** {@code redis://127.0.0.1:<port>}, the value of {@code quarkus.redis.hosts}. */
    public String url() {
        return "redis://" + Ports.HOST + ":" + port;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops Redis with TERM (it saves its data set first); waits until it is gone. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    private void awaitReady() {
        boolean ready = Waiting.until(STARTUP_TIMEOUT, Duration.ofMillis(100),
                () -> process.requireAlive("while starting"), this::answersPing);
        if (!ready) {
            process.stop();
            throw new IllegalStateException("Redis did not answer PING within " + STARTUP_TIMEOUT + "; end of "
                    + process.log() + ":" + System.lineSeparator() + process.logTail(40));
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Ports.HOST, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }
}
