package io.thalamus.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * A tiny shell process that signals a server process once the JVM that started the watchdog is gone. Its standard
 * input is a pipe from this JVM; the operating system closes that pipe however the JVM ends (including
 * {@code kill -9}), the shell's {@code read} then sees end of file and it stops the server: the given signal first,
 * {@code KILL} after the grace period.
 */
public final class ProcessWatchdog {

    // Ignores TERM, INT and HUP: a signal to the whole process group (Ctrl-C, a build tool stopping its children)
    // must not remove the watchdog before the JVM's own shutdown has run.
    private static final String SCRIPT = """
            trap '' TERM INT HUP
            while read -r _; do :; done
            kill -"$2" "$1" 2>/dev/null || exit 0
            waited=0
            while kill -0 "$1" 2>/dev/null && [ "$waited" -lt "$3" ]; do sleep 1; waited=$((waited + 1)); done
            kill -KILL "$1" 2>/dev/null
            exit 0
            """;

    private final Process shell;

    private ProcessWatchdog(Process shell) {
        this.shell = shell;
    }

    /**
     * @param pid    process to stop when this JVM ends
     * @param signal signal name without {@code SIG}, e.g. {@code TERM}, or {@code INT} for PostgreSQL's fast shutdown
     * @param grace  time the process gets after the signal before it is killed
     */
    public static ProcessWatchdog guard(long pid, String signal, Duration grace) {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "thalamus-watchdog",
                Long.toString(pid), signal, Long.toString(Math.max(1, grace.toSeconds())))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            ProcessWatchdog watchdog = new ProcessWatchdog(builder.start());
            ProcessHandle.of(pid).ifPresentOrElse(
                    guarded -> guarded.onExit().thenRun(watchdog::cancel),
                    watchdog::cancel);
            return watchdog;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog of process " + pid, e);
        }
    }

    /** Ends the watchdog without touching the guarded process (it is being stopped in an orderly way, or is gone). */
    public void cancel() {
        shell.destroyForcibly();
    }
}
