package io.thalamus.testkit.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A packaged Thalamus service ({@code target/quarkus-app/quarkus-run.jar}) started as its own JVM, the way
 * the launcher runs it, on a free port with configuration passed as system properties. Its output goes
 * to a log file so tests can read it (e.g. to find a trace id). Stopped with TERM, so it drains.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ChildProcess process;
    private final int port;

    private ServiceProcess(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** JVM options for services under test: a small heap and the quick-starting C1 JIT only. */
    public static final List<String> TEST_JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

    /** JVM options of the local platform ({@code ./thalamus up}): the full JIT, for measurements. */
    public static final List<String> PLATFORM_JVM = List.of("-Xmx1g");

    /**
     * Starts {@code moduleDir/target/quarkus-app/quarkus-run.jar} with {@link #TEST_JVM} and waits until
     * {@code /q/health/ready} answers 200.
     *
     * @param moduleDir module directory of the service, e.g. {@code ../expert-registry}
     * @param config    system properties (Quarkus configuration) for the service
     */
    public static ServiceProcess start(String name, Path moduleDir, Map<String, String> config, Path logDir,
                                       Duration readyTimeout) {
        return start(name, moduleDir, TEST_JVM, config, logDir, readyTimeout);
    }

    /** Like {@link #start(String, Path, Map, Path, Duration)}, with the given JVM options. */
    public static ServiceProcess start(String name, Path moduleDir, List<String> jvmOptions,
                                       Map<String, String> config, Path logDir, Duration readyTimeout) {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not packaged: " + jar + " is missing (run the build first)");
        }
        int port = Ports.free();
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dai.djl.offline=true", "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ChildProcess process = ChildProcess.start(name, command, moduleDir, Map.of(),
                logDir.toAbsolutePath().resolve(name + ".log"), STOP_GRACE);
        ServiceProcess service = new ServiceProcess(process, port);
        service.awaitReady(readyTimeout);
        return service;
    }

    public URI baseUri() {
        return URI.create("http://" + Ports.HOST + ":" + port);
    }

    public int port() {
        return port;
    }

    public String logText() throws IOException {
        return Files.readString(process.log());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Fails with the end of the log when the process has stopped. */
    public void requireAlive(String phase) {
        process.requireAlive(phase);
    }

    /** Stops gracefully: TERM, then a kill after the grace period. */
    @Override
    public void close() {
        process.stop();
    }

    /** Kills at once (SIGKILL), as a crash would. */
    public void kill() {
        process.kill();
    }

    private void awaitReady(Duration timeout) {
        URI ready = baseUri().resolve("/q/health/ready");
        boolean isReady = Waiting.until(timeout, Duration.ofMillis(250),
                () -> process.requireAlive("while starting"), () -> answers200(ready));
        if (!isReady) {
            process.stop();
            throw new IllegalStateException(process.name() + " was not ready within " + timeout + ":"
                    + System.lineSeparator() + process.logTail(40));
        }
    }

    private static boolean answers200(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
