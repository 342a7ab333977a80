package io.thalamus.testkit.keycloak;

import io.thalamus.testkit.process.Directories;
import io.thalamus.testkit.process.Waiting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Keycloak server distribution ({@code org.keycloak:keycloak-quarkus-dist} tar.gz, resolved by Maven when the test
 * kit is built), unpacked once into a cache directory shared by every Keycloak the test kit starts. Each server keeps
 * its own data elsewhere ({@code -Dkc.home.dir}); only the first start after unpacking rewrites the distribution
 * (Keycloak's build step for dev mode), which is why starts hold {@link #lock(Path)}.
 */
final class KeycloakDistribution {

    private static final String ARCHIVE_PATH_RESOURCE = "io/thalamus/testkit/keycloak/distribution.path";
    private static final String ARCHIVE_PREFIX = "keycloak-quarkus-dist-";
    private static final String ARCHIVE_SUFFIX = ".tar.gz";

    private KeycloakDistribution() {
    }

    /** The unpacked distribution in {@code cache}, unpacking it first when it is not there yet. Call under the lock. */
    static Path unpackedIn(Path cache) {
        Path archive = archive();
        String fileName = archive.getFileName().toString();
        String version = fileName.substring(ARCHIVE_PREFIX.length(), fileName.length() - ARCHIVE_SUFFIX.length());
        Path home = cache.resolve("keycloak-" + version);
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        Path staging = cache.resolve(".unpacking-" + ProcessHandle.current().pid());
        try {
            Directories.deleteRecursively(staging);
            Files.createDirectories(staging);
            untar(archive, staging);
            Path unpacked = staging.resolve("keycloak-" + version);
            if (!Files.isRegularFile(unpacked.resolve("bin/kc.sh"))) {
                throw new IllegalStateException(archive + " does not contain keycloak-" + version + "/bin/kc.sh");
            }
            Directories.deleteRecursively(home);
            Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive + " into " + cache, e);
        } finally {
            deleteQuietly(staging);
        }
    }

    /**
     * Excludes other starts from this cache until the returned lock is released, across processes (a lock file) and
     * within this one (a second attempt from another class loader waits instead of failing).
     */
    static FileLock lock(Path cache) {
        try {
            Files.createDirectories(cache);
            FileChannel channel = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            while (true) {
                try {
                    return channel.lock();
                } catch (OverlappingFileLockException heldInThisJvm) {
                    Waiting.sleep(Duration.ofMillis(250));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the Keycloak distribution cache " + cache, e);
        }
    }

    static void release(FileLock lock) {
        try (FileChannel channel = lock.channel()) {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the Keycloak distribution lock", e);
        }
    }

    private static Path archive() {
        String location;
        try (InputStream in = KeycloakDistribution.class.getClassLoader().getResourceAsStream(ARCHIVE_PATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ARCHIVE_PATH_RESOURCE + " is missing: build services/testkit");
            }
            location = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ARCHIVE_PATH_RESOURCE, e);
        }
        Path archive = Path.of(location);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the Keycloak distribution " + archive + " is missing from the local Maven "
                    + "repository; rebuild services/testkit to download it");
        }
        return archive;
    }

    private static void untar(Path archive, Path into) throws IOException {
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!tar.waitFor(300, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                tar.destroyForcibly();
                throw new IllegalStateException("tar could not unpack " + archive + ": " + output);
            }
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + archive, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Directories.deleteRecursively(path);
        } catch (UncheckedIOException ignored) {
            // a leftover staging directory is replaced by the next unpack
        }
    }
}
