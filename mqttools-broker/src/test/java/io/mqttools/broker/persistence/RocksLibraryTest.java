package io.mqttools.broker.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.util.Environment;

class RocksLibraryTest {
    private static final ClassLoader LOADER = RocksLibraryTest.class.getClassLoader();

    @TempDir
    Path root;

    @Test
    void cacheRoot_followsXdgThenHome() {
        assertThat(RocksLibrary.cacheRoot(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h"))).contains(Path.of("/c/mqttools"));
        assertThat(RocksLibrary.cacheRoot(Map.of("XDG_CACHE_HOME", "rel", "HOME", "/h")))
                .contains(Path.of("/h/.cache/mqttools"));
        assertThat(RocksLibrary.cacheRoot(Map.of("HOME", "/h"))).contains(Path.of("/h/.cache/mqttools"));
        assertThat(RocksLibrary.cacheRoot(Map.of("HOME", "/"))).isEmpty();
        assertThat(RocksLibrary.cacheRoot(Map.of())).isEmpty();
    }

    @Test
    void unpack_writesTheJarsLibraryOnce_andReusesIt() throws Exception {
        Path library = RocksLibrary.unpack(root, LOADER);
        long size = jarEntrySize();
        assertThat(library).hasParent(root.resolve(library.getParent().getFileName()));
        assertThat(library.getFileName().toString()).isEqualTo(Environment.getJniLibraryFileName("rocksdbjni"));
        assertThat(Files.size(library)).isEqualTo(size);
        Object inode = Files.readAttributes(library, "unix:ino").get("ino");

        Path again = RocksLibrary.unpack(root, LOADER);
        assertThat(again).isEqualTo(library);
        assertThat(Files.readAttributes(again, "unix:ino").get("ino")).isEqualTo(inode); // not written again
        try (Stream<Path> files = Files.list(library.getParent())) {
            assertThat(files).containsExactly(library); // no partial file left beside it
        }
    }

    @Test
    void unpack_truncatedCopy_isReplaced() throws Exception {
        Path library = RocksLibrary.unpack(root, LOADER);
        Files.write(library, new byte[] {1, 2, 3}); // as if a crash had cut it short
        assertThat(Files.size(RocksLibrary.unpack(root, LOADER))).isEqualTo(jarEntrySize());
    }

    @Test
    void unpack_removesOtherVersionsOnly() throws Exception {
        Path old = Files.createDirectories(root.resolve("rocksdbjni-1234-99"));
        Files.write(old.resolve(Environment.getJniLibraryFileName("rocksdbjni")), new byte[99]);
        Path unrelated = Files.createDirectories(root.resolve("something-else"));
        Path library = RocksLibrary.unpack(root, LOADER);
        assertThat(old).doesNotExist();
        assertThat(unrelated).isDirectory();
        assertThat(library).exists();
    }

    @Test
    void unpack_cacheThatCannotBeWritten_isAnIOException() throws Exception {
        Path notADirectory = Files.write(root.resolve("file"), new byte[1]); // unwritable even for root
        assertThatThrownBy(() -> RocksLibrary.unpack(notADirectory, LOADER)).isInstanceOf(IOException.class);
    }

    @Test
    void unpack_libraryMissingOrNotInAJar_isAnIOException() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> RocksLibrary.unpack(root, empty)).isInstanceOf(IOException.class)
                    .hasMessageContaining("class path");
        }
        Path exploded = Files.createDirectories(root.resolve("classes"));
        Files.write(exploded.resolve(Environment.getJniLibraryFileName("rocksdb")), new byte[8]);
        try (URLClassLoader files = new URLClassLoader(new URL[] {exploded.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> RocksLibrary.unpack(root, files)).isInstanceOf(IOException.class)
                    .hasMessageContaining("not in a jar");
        }
    }

    private static long jarEntrySize() throws IOException {
        URL url = LOADER.getResource(Environment.getJniLibraryFileName("rocksdb"));
        return ((java.net.JarURLConnection) url.openConnection()).getJarEntry().getSize();
    }
}
