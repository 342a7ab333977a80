package io.thalamus.testkit.keycloak;

import io.thalamus.testkit.process.ChildProcess;
import io.thalamus.testkit.process.Ports;
import io.thalamus.testkit.process.Waiting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Keycloak ({@code kc.sh start-dev}) on the loopback interface, with a realm imported from a JSON file. The
 * distribution is shared (see {@link KeycloakDistribution}); this server's own files live in its directory, which is
 * its Keycloak home: {@code data/} (H2 database, kept across restarts; a realm that already exists is not re-imported),
 * {@code keycloak.log}, and links to the distribution's {@code lib}, {@code providers}, {@code themes} and
 * {@code conf}. The token issuer is {@code http://127.0.0.1:<port>/realms/<realm>}.
 */
public final class KeycloakServer implements AutoCloseable {

    /** Development-only administrator of the master realm. */
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /**
     * Replaces kc.sh's JVM defaults: the same heap limit (512 MB), but the C1 compiler only and the serial collector,
     * which roughly halves the CPU time a start needs (about 20 s instead of 36 s measured here) on a small machine.
     */
    private static final String JAVA_OPTS = "-Xms64m -Xmx512m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m "
            + "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 "
            + "-Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 -Djava.security.egd=file:/dev/urandom";
    private static final Pattern REALM_NAME = Pattern.compile("\"realm\"\\s*:\\s*\"([^\"]+)\"");

    private final int port;
    private final String realm;
    private final ChildProcess process;

    private KeycloakServer(int port, String realm, ChildProcess process) {
        this.port = port;
        this.realm = realm;
        this.process = process;
    }

    /**
     * Starts Keycloak and waits until the realm's OpenID discovery document answers.
     *
     * @param directory         this server's Keycloak home (data and log)
     * @param port              a fixed HTTP port, or 0 for a free one
     * @param realmFile         realm export to import (skipped by Keycloak when the realm already exists)
     * @param distributionCache where the distribution is unpacked, shared between servers
     */
    public static KeycloakServer start(Path directory, int port, Path realmFile, Path distributionCache) {
        int actualPort = Ports.resolve(port, "Keycloak");
        Path home = directory.toAbsolutePath().normalize();
        Path log = home.resolve("keycloak.log");
        String realm = realmNameOf(realmFile);
        FileLock lock = KeycloakDistribution.lock(distributionCache.toAbsolutePath());
        try {
            Path distribution = KeycloakDistribution.unpackedIn(distributionCache.toAbsolutePath());
            linkDistribution(home, distribution);
            Path imports = home.resolve("data/import");
            Files.createDirectories(imports);
            Files.copy(realmFile, imports.resolve(realm + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            String url = "http://" + Ports.HOST + ":" + actualPort;
            List<String> command = List.of(distribution.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=" + Ports.HOST, "--http-port=" + actualPort, "--hostname=" + url,
                    "--import-realm", "-Dkc.home.dir=" + home);
            ChildProcess process = ChildProcess.start("Keycloak", command, home, environment(), log, STOP_GRACE);
            KeycloakServer server = new KeycloakServer(actualPort, realm, process);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keycloak in " + home, e);
        } finally {
            KeycloakDistribution.release(lock);
        }
    }

    /** A server another owner started in this JVM (see {@code TestServers}); closing it does nothing. */
    public static KeycloakServer running(int port, String realm) {
        return new KeycloakServer(port, realm, null);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://" + Ports.HOST + ":" + port;
    }

    public String realm() {
        return realm;
    }

    /** The issuer, and the value of {@code quarkus.oidc.auth-server-url}. */
    public String realmUrl() {
        return url() + "/realms/" + realm;
    }

    public String tokenEndpoint() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops Keycloak with TERM; waits until it is gone. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        boolean ready = Waiting.until(STARTUP_TIMEOUT, Duration.ofMillis(500),
                () -> process.requireAlive("while starting"),
                () -> answers(http, discovery));
        if (!ready) {
            process.stop();
            throw new IllegalStateException("Keycloak did not serve realm " + realm + " within " + STARTUP_TIMEOUT
                    + "; end of " + process.log() + ":" + System.lineSeparator() + process.logTail(40));
        }
    }

    private static boolean answers(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    /**
     * Keycloak reads the result of its build step from {@code <home>/lib}: without these links it would rebuild the
     * distribution (about 25 s) on every start.
     */
    private static void linkDistribution(Path home, Path distribution) throws IOException {
        Files.createDirectories(home);
        for (String shared : List.of("lib", "providers", "themes", "conf")) {
            Path link = home.resolve(shared);
            if (Files.isSymbolicLink(link) || Files.isRegularFile(link)) {
                Files.delete(link);
            } else if (Files.isDirectory(link)) {
                throw new IllegalStateException(link + " must be a link to the Keycloak distribution, not a directory");
            }
            Files.createSymbolicLink(link, distribution.resolve(shared));
        }
    }

    /** The inherited environment without anything that would change how kc.sh runs Keycloak. */
    private static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        ChildProcess.removeInherited(environment, name -> name.startsWith("KC_") || name.startsWith("JAVA_OPTS")
                || name.startsWith("DEBUG") || name.equals("JAVA") || name.equals("JAVA_ADD_OPENS")
                || name.equals("JAVA_LOCALE") || name.equals("PRINT_ENV"));
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("JAVA_OPTS", JAVA_OPTS);
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        return environment;
    }

    /** The name of the realm a realm export defines. */
    public static String realmNameOf(Path realmFile) {
        try {
            Matcher name = REALM_NAME.matcher(Files.readString(realmFile));
            if (!name.find()) {
                throw new IllegalArgumentException(realmFile + " is not a realm export: it has no \"realm\" name");
            }
            return name.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm file " + realmFile, e);
        }
    }
}
