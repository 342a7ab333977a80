package io.thalamus.testkit.kafka;

import io.thalamus.testkit.process.ChildProcess;
import io.thalamus.testkit.process.Ports;
import io.thalamus.testkit.process.Waiting;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), run as a separate JVM from the
 * {@code kafka_2.13} jars of the local Maven repository. The child exits when this JVM goes away (see
 * {@code io.thalamus.testkit.kafka.broker.BrokerMain}). Layout of its directory: {@code server.properties},
 * {@code logs/} (the broker's log segments, kept across restarts) and {@code broker.log}.
 */
public final class KafkaServer implements AutoCloseable {

    private static final String BROKER_MAIN = "io.thalamus.testkit.kafka.broker.BrokerMain";
    private static final String BROKER_MAIN_CLASS_FILE = BROKER_MAIN.replace('.', '/') + ".class";
    private static final String BROKER_CLASSPATH = "io/thalamus/testkit/kafka/broker/broker.classpath";
    private static final String READY_LINE = "Kafka Server started";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String HEAP = "-Xmx512m";

    private final int port;
    private final int controllerPort;
    private final ChildProcess process;

    private KafkaServer(int port, int controllerPort, ChildProcess process) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.process = process;
    }

    /**
     * Starts a broker with its files under {@code directory}; formats the log directory only the first time.
     *
     * @param port           client port (PLAINTEXT listener), or 0 for a free one
     * @param controllerPort KRaft controller port, or 0 for a free one
     */
    public static KafkaServer start(Path directory, int port, int controllerPort) {
        int clientPort = Ports.resolve(port, "Kafka");
        int actualControllerPort = controllerPort == 0 ? freePortOtherThan(clientPort)
                : Ports.resolve(controllerPort, "the Kafka controller");
        Path base = directory.toAbsolutePath().normalize();
        Path logDirectory = base.resolve("logs");
        Path properties = base.resolve("server.properties");
        Path log = base.resolve("broker.log");
        try {
            Files.createDirectories(logDirectory);
            Files.writeString(properties, serverProperties(clientPort, actualControllerPort, logDirectory));
            String classpath = brokerClasspath();
            if (!Files.exists(logDirectory.resolve("meta.properties"))) {
                format(classpath, base, properties, log);
            }
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            List<String> command = List.of(java(), HEAP, "-Xms64m", "-XX:+UseSerialGC",
                    "-Djava.awt.headless=true", "-cp", classpath, BROKER_MAIN, properties.toString());
            ChildProcess broker = ChildProcess.start("Kafka", command, base, Map.of(), log, STOP_GRACE);
            KafkaServer server = new KafkaServer(clientPort, actualControllerPort, broker);
            server.awaitReady(log, logStart);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka in " + base, e);
        }
    }

    /** A broker another owner started in this JVM (see {@code TestServers}); closing it does nothing. */
    public static KafkaServer running(int port) {
        return new KafkaServer(port, -1, null);
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** {@code 127.0.0.1:port}, the value of {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return Ports.HOST + ":" + port;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops the broker with TERM (a controlled shutdown); waits until it is gone. */
    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }

    /** Ready once this run's part of the log (from {@code logStart} on) says so and the port accepts connections. */
    private void awaitReady(Path log, long logStart) {
        boolean ready = Waiting.until(STARTUP_TIMEOUT, Duration.ofMillis(200),
                () -> process.requireAlive("while starting"),
                () -> logContains(log, logStart, READY_LINE) && Ports.accepts(port));
        if (!ready) {
            process.stop();
            throw new IllegalStateException("Kafka was not ready within " + STARTUP_TIMEOUT + "; end of " + log + ":"
                    + System.lineSeparator() + process.logTail(40));
        }
    }

    private static boolean logContains(Path log, long from, String text) {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(from);
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8)
                    .contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static void format(String classpath, Path base, Path properties, Path log) throws IOException {
        List<String> command = List.of(java(), HEAP, "-cp", classpath, "kafka.tools.StorageTool", "format",
                "--cluster-id", clusterId(), "--config", properties.toString(), "--ignore-formatted");
        Process format = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!format.waitFor(120, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka log directory took longer than 120 s");
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the Kafka log directory", e);
        }
        if (format.exitValue() != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed (exit code " + format.exitValue()
                    + "); end of " + log + ":" + System.lineSeparator() + ChildProcess.tail(log, 30));
        }
    }

    /** What {@code kafka-storage.sh random-uuid} prints: 16 random bytes, URL-safe base64 without padding. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static String serverProperties(int port, int controllerPort, Path logDirectory) {
        String host = Ports.HOST;
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + host + ":" + controllerPort,
                "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDirectory,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
    }

    /** The broker's jars (written at build time) plus the jar or directory holding {@link #BROKER_MAIN}. */
    private static String brokerClasspath() {
        ClassLoader loader = KafkaServer.class.getClassLoader();
        URL mainClass = loader.getResource(BROKER_MAIN_CLASS_FILE);
        if (mainClass == null) {
            throw new IllegalStateException(BROKER_MAIN + " is not on the classpath: add the dependency "
                    + "io.thalamus:testkit-kafka-broker (the test kit declares it)");
        }
        String jars;
        try (InputStream in = loader.getResourceAsStream(BROKER_CLASSPATH)) {
            if (in == null) {
                throw new IllegalStateException(BROKER_CLASSPATH + " is missing: build services/testkit/kafka-broker");
            }
            jars = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BROKER_CLASSPATH, e);
        }
        List<String> entries = new ArrayList<>(List.of(jars.split(File.pathSeparator)));
        for (String entry : entries) {
            if (!Files.isRegularFile(Path.of(entry))) {
                throw new IllegalStateException("the Kafka broker jar " + entry + " is missing from the local Maven "
                        + "repository; rebuild services/testkit/kafka-broker to download it");
            }
        }
        entries.add(0, codeLocation(mainClass));
        return String.join(File.pathSeparator, entries);
    }

    private static String codeLocation(URL classFile) {
        String url = classFile.toString();
        try {
            if (url.startsWith("jar:")) {
                String jar = url.substring("jar:".length(), url.indexOf("!/"));
                return Path.of(new URI(jar)).toString();
            }
            if (url.startsWith("file:")) {
                Path file = Path.of(classFile.toURI());
                Path root = file;
                for (int i = 0; i < BROKER_MAIN_CLASS_FILE.split("/").length; i++) {
                    root = root.getParent();
                }
                return root.toString();
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot locate " + BROKER_MAIN + " at " + url, e);
        }
        throw new IllegalStateException("cannot run " + BROKER_MAIN + " from " + url + " (neither a jar nor a directory)");
    }

    private static int freePortOtherThan(int port) {
        int candidate;
        do {
            candidate = Ports.free();
        } while (candidate == port);
        return candidate;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
