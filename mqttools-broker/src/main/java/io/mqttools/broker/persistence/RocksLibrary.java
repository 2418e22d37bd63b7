package io.mqttools.broker.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.stream.Stream;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library from one copy kept in the user's cache directory
 * ({@code $XDG_CACHE_HOME/mqttools}, else {@code ~/.cache/mqttools}).
 *
 * <p>RocksDB's own loader unpacks the 15 MB library from its jar into a new file in {@code java.io.tmpdir}
 * at every start and deletes it only when the JVM exits normally: a broker that is killed, or crashes,
 * leaves the file behind, once per start. Here the library is unpacked once per version of it (the
 * directory is named by the jar entry's size and CRC, so no byte of it is read to tell) and loaded from
 * there by every later start. The copy is written under a temporary name and renamed into place, so two
 * brokers starting at once, or a start killed half-way, never leave a partial library to be loaded.
 * Copies of other versions are removed. Where the cache cannot be used (no home directory, a read-only
 * one, a library not in a jar), RocksDB's own loader is used as before.
 */
final class RocksLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(RocksLibrary.class);
    private static final String PREFIX = "rocksdbjni-";
    /** Guarded by the class: set once a {@link #load()} has loaded the library. */
    private static boolean loaded;

    private RocksLibrary() {
    }

    /** Loads the library once per JVM; later calls return at once. */
    static synchronized void load() {
        if (loaded) {
            return;
        }
        Optional<Path> root = cacheRoot(System.getenv());
        if (root.isPresent()) {
            try {
                Path library = unpack(root.get(), RocksLibrary.class.getClassLoader());
                RocksDB.loadLibrary(List.of(library.getParent().toString()));
                loaded = true;
                return;
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                LOG.info("RocksDB's library cannot be kept in {} ({}); it is unpacked into java.io.tmpdir instead",
                        root.get(), e.toString());
            }
        }
        RocksDB.loadLibrary();
        loaded = true;
    }

    /** The cache directory the environment names, if any. */
    static Optional<Path> cacheRoot(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) { // the XDG rule: a relative value is ignored
            return Optional.of(Path.of(xdg, "mqttools"));
        }
        String home = env.get("HOME");
        if (home != null && home.startsWith("/") && !home.equals("/")) {
            return Optional.of(Path.of(home, ".cache", "mqttools"));
        }
        return Optional.empty();
    }

    /**
     * Makes sure {@code root} holds this jar's library, unpacking it if it is missing or of another size,
     * and removes the copies of other versions.
     *
     * @return the library's path, named as {@link RocksDB#loadLibrary(List)} looks for it
     * @throws IOException when the library is not in a jar or the cache cannot be written
     */
    static Path unpack(Path root, ClassLoader loader) throws IOException {
        String name = Environment.getJniLibraryFileName("rocksdb");
        // the name RocksDB.loadLibrary(List) looks for in each directory: it passes "rocksdbjni" where the
        // jar's own name is made from "rocksdb", so it differs from the entry's (CrashRecoveryIT notices a change)
        String loadedName = Environment.getJniLibraryFileName("rocksdbjni");
        URL url = loader.getResource(name);
        if (url == null) {
            throw new IOException("no " + name + " on the class path");
        }
        URLConnection connection = url.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            throw new IOException(name + " is not in a jar: " + url);
        }
        JarEntry entry = jar.getJarEntry();
        long size = entry.getSize();
        String version = PREFIX + Long.toHexString(entry.getCrc()) + "-" + size;
        Path dir = root.resolve(version);
        Path library = dir.resolve(loadedName);
        if (!Files.isRegularFile(library) || Files.size(library) != size) {
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, name, ".partial");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                if (Files.size(partial) != size) {
                    throw new IOException(name + " unpacked to " + Files.size(partial) + " bytes, its jar says " + size);
                }
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        removeOthers(root, version);
        return library;
    }

    private static void removeOthers(Path root, String keep) {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path other : (Iterable<Path>) entries::iterator) {
                String name = other.getFileName().toString();
                if (name.startsWith(PREFIX) && !name.equals(keep) && Files.isDirectory(other)) {
                    try (Stream<Path> files = Files.list(other)) {
                        for (Path file : (Iterable<Path>) files::iterator) {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(other);
                }
            }
        } catch (IOException e) {
            LOG.debug("old copies of RocksDB's library in {} not removed", root, e);
        }
    }
}
