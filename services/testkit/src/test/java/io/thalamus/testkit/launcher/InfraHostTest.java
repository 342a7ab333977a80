package io.thalamus.testkit.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.testkit.BuildDirectories;
import io.thalamus.testkit.process.Waiting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the infrastructure host the way {@code ./thalamus up} does: a separate JVM on its built classpath. */
class InfraHostTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    private final Path data = BuildDirectories.clean("infra-host", "postgres/binaries");
    private final List<Process> hosts = new ArrayList<>();

    @AfterEach
    void killLeftoverHosts() {
        hosts.forEach(Process::destroyForcibly);
    }

    @Test
    void keepsDataAcrossRestartsAndLeavesNoProcessBehind() throws Exception {
        Process first = startHost();
        JsonNode infra = awaitInfraJson(first);
        List<Long> serverPids = serverPids(infra);
        assertThat(serverPids).hasSize(3).allMatch(InfraHostTest::alive);
        try (Connection connection = connect(infra); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE job (id text PRIMARY KEY, state text NOT NULL)");
            sql.execute("INSERT INTO job VALUES ('job-1', 'QUEUED')");
        }

        first.destroy();
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("host stops on TERM").isTrue();
        assertThat(serverPids).noneMatch(InfraHostTest::alive);
        assertThat(data.resolve("infra.json")).doesNotExist();

        Process second = startHost();
        JsonNode again = awaitInfraJson(second);
        try (Connection connection = connect(again); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT state FROM job WHERE id = 'job-1'")) {
            assertThat(rows.next()).as("row written before the restart").isTrue();
            assertThat(rows.getString(1)).isEqualTo("QUEUED");
        }
        List<Long> secondPids = serverPids(again);

        // kill -9: no shutdown hook runs; the watchdogs must stop the servers
        second.destroyForcibly();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        boolean allGone = Waiting.until(Duration.ofSeconds(90), Duration.ofMillis(500), () -> { },
                () -> secondPids.stream().noneMatch(InfraHostTest::alive));
        assertThat(allGone).as("servers of a killed host exit: " + secondPids).isTrue();
    }

    private Process startHost() throws IOException {
        Path classpathFile = Path.of(System.getProperty("thalamus.build.dir", "target"), "infra-host.classpath");
        String classpath = Files.readString(classpathFile).trim();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, InfraHost.class.getName(),
                "--data", data.toString(), "--only", "postgres,redis,kafka",
                "--postgres-port", "0", "--redis-port", "0", "--kafka-port", "0", "--kafka-controller-port", "0");
        Process host = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("host.log").toFile())).start();
        hosts.add(host);
        return host;
    }

    private JsonNode awaitInfraJson(Process host) throws IOException {
        Path infraJson = data.resolve("infra.json");
        boolean written = Waiting.until(READY_TIMEOUT, Duration.ofMillis(250), () -> {
            if (!host.isAlive()) {
                throw new AssertionError("host exited with " + host.exitValue() + ":\n" + hostLog());
            }
        }, () -> Files.exists(infraJson));
        assertThat(written).as("infra.json within " + READY_TIMEOUT + "\n" + hostLog()).isTrue();
        assertThat(hostLog()).contains("[infra] postgres ready on", "[infra] redis ready on", "[infra] kafka ready on");
        return JSON.readTree(infraJson.toFile());
    }

    private String hostLog() {
        try {
            return Files.readString(data.resolve("host.log"));
        } catch (IOException e) {
            return "(no host log)";
        }
    }

    private static Connection connect(JsonNode infra) throws SQLException {
        JsonNode postgres = infra.path("postgres");
        return DriverManager.getConnection(postgres.path("jdbcUrl").asText(), postgres.path("username").asText(),
                postgres.path("password").asText());
    }

    private static List<Long> serverPids(JsonNode infra) {
        return List.of(infra.path("postgres").path("pid").asLong(), infra.path("redis").path("pid").asLong(),
                infra.path("kafka").path("pid").asLong());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
