package io.thalamus.router.bench;

import io.thalamus.testkit.process.ChildProcess;
import io.thalamus.testkit.process.Ports;
import io.thalamus.testkit.process.Waiting;

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
 * A packaged service started with the JVM options {@code ./thalamus up} uses ({@code -Xmx1g}, full JIT), on a free
 * port. The test kit's {@code ServiceProcess} limits the JIT to C1 to start faster, which is right for tests but
 * would make every measured call slower than on the platform people run; the benchmark starts the two processes it
 * measures (router and expert) through this class instead.
 */
final class PackagedService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ChildProcess process;
    private final int port;

    private PackagedService(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static PackagedService start(String name, Path moduleDir, Map<String, String> config, Path workDir,
                                 Duration readyTimeout) {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not packaged: " + jar + " is missing (run the build first)");
        }
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + workDir.resolve("djl").toAbsolutePath(),
                "-Dquarkus.http.port=" + port));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ChildProcess process = ChildProcess.start(name, command, moduleDir, Map.of(),
                workDir.resolve("logs").resolve(name + ".log").toAbsolutePath(), Duration.ofSeconds(30));
        PackagedService service = new PackagedService(process, port);
        URI ready = service.baseUri().resolve("/q/health/ready");
        if (!Waiting.until(readyTimeout, Duration.ofMillis(250), () -> process.requireAlive("while starting"),
                () -> answers200(ready))) {
            process.stop();
            throw new IllegalStateException(name + " was not ready within " + readyTimeout + ":"
                    + System.lineSeparator() + process.logTail(40));
        }
        return service;
    }

    URI baseUri() {
        return URI.create("http://" + Ports.HOST + ":" + port);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return process.log();
    }

    void requireAlive(String phase) {
        process.requireAlive(phase);
    }

    @Override
    public void close() {
        process.stop();
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
}
