package io.thalamus.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process-wide DJL settings, applied before DJL is first used: offline mode (otherwise DJL tries to reach
 * telemetry and cloud metadata addresses) and a cache directory for the native libraries it unpacks. Settings the
 * process already has (system properties or environment) win.
 */
public final class DjlEnvironment {

    private static boolean prepared;

    private DjlEnvironment() {
    }

    public static synchronized void prepare(Path cacheDir) {
        if (prepared) {
            return;
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            try {
                Files.createDirectories(cacheDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the DJL cache directory " + cacheDir, e);
            }
            System.setProperty("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
        }
        prepared = true;
    }
}
