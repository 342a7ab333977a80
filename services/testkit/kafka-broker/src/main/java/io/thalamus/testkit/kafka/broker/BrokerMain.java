package io.thalamus.testkit.kafka.broker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * Entry point of the Kafka broker child process: runs {@code kafka.Kafka} and exits as soon as its standard input
 * reaches end of file. The parent keeps that pipe open for as long as it lives, so the broker cannot outlive the
 * JVM that started it, even when that JVM is killed without running its shutdown hooks.
 */
public final class BrokerMain {

    /** Time Kafka's own shutdown gets once the parent is gone, before the process halts regardless. */
    private static final long SHUTDOWN_GRACE_MILLIS = 30_000;

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        useBundledLoggingConfiguration();
        Thread parentWatch = new Thread(BrokerMain::exitWhenParentIsGone, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        kafka.Kafka.main(args);
    }

    private static void useBundledLoggingConfiguration() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            URL configuration = BrokerMain.class.getResource("log4j2-broker.properties");
            if (configuration != null) {
                System.setProperty("log4j2.configurationFile", configuration.toString());
            }
        }
    }

    private static void exitWhenParentIsGone() {
        byte[] buffer = new byte[256];
        try (InputStream in = System.in) {
            while (in.read(buffer) >= 0) {
                // the parent never writes; it only keeps the pipe open
            }
        } catch (IOException closed) {
            // same meaning as end of file
        }
        System.err.println("parent process is gone: stopping the broker");
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_GRACE_MILLIS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(1);
        }, "halt-after-grace");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }
}
