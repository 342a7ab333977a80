package io.thalamus.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A server process started by this JVM: output appended to a log file, guarded by a {@link ProcessWatchdog} so it
 * never outlives the JVM, stopped with {@code TERM} and killed if it does not stop within its grace period.
 */
public final class ChildProcess {

    private final String name;
    private final Process process;
    private final Path log;
    private final Duration stopGrace;
    private final ProcessWatchdog watchdog;

    private ChildProcess(String name, Process process, Path log, Duration stopGrace) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stopGrace = stopGrace;
        this.watchdog = ProcessWatchdog.guard(process.pid(), "TERM", stopGrace);
    }

    /**
     * @param environment changes to the inherited environment: a {@code null} value removes the variable
     */
    public static ChildProcess start(String name, List<String> command, Path workingDirectory,
                                     Map<String, String> environment, Path log, Duration stopGrace) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            environment.forEach((key, value) -> {
                if (value == null) {
                    builder.environment().remove(key);
                } else {
                    builder.environment().put(key, value);
                }
            });
            return new ChildProcess(name, builder.start(), log, stopGrace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /** Removes every inherited variable whose name matches, so the caller's environment cannot change a server. */
    public static void removeInherited(Map<String, String> environment, Predicate<String> name) {
        System.getenv().keySet().stream().filter(name).forEach(key -> environment.putIfAbsent(key, null));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last lines of the log, for error messages. */
    public String logTail(int lines) {
        return tail(log, lines);
    }

    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Fails with the end of the log when the process has already exited. */
    public void requireAlive(String phase) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + " " + phase
                    + "; end of " + log + ":" + System.lineSeparator() + logTail(40));
        }
    }

    /** Stops with TERM, waits up to the grace period, then kills. Returns once the process is gone. */
    public void stop() {
        watchdog.cancel();
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(stopGrace)) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(10));
            }
        }
        // a launcher script that was killed instead of stopped leaves its server behind
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills at once, as a crash or an out-of-memory kill would: no shutdown hooks run. */
    public void kill() {
        watchdog.cancel();
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
