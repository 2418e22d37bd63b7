package io.mqttools.protocol.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/conformance.md cites tests as {@code `Class#method`} (with the short class names its first table
 * defines): every one must exist in the test sources of one of the project's modules, so that a renamed
 * or deleted test cannot leave the table claiming coverage it no longer has.
 */
class ConformanceDocTest {
    private static final Path DOC = Path.of("..", "docs", "conformance.md");
    private static final Path PROJECT = Path.of("..");
    private static final Pattern CITATION = Pattern.compile("`(\\w+)#(\\w+)`");
    private static final Pattern SHORT_NAME = Pattern.compile("^\\| `(\\w+)` \\| `[\\w.]+\\.(\\w+)`", Pattern.MULTILINE);

    @Test
    void conformanceTable_everyCitedTest_existsInTestSources() throws IOException {
        String doc = Files.readString(DOC);
        Map<String, String> shortNames = new HashMap<>();
        Matcher m = SHORT_NAME.matcher(doc);
        while (m.find()) {
            shortNames.put(m.group(1), m.group(2));
        }
        assertThat(shortNames).as("short class names defined in %s", DOC).isNotEmpty();

        Map<String, String> sources = new HashMap<>();
        List<Path> testRoots;
        try (Stream<Path> modules = Files.list(PROJECT)) {
            testRoots = modules.map(dir -> dir.resolve(Path.of("src", "test", "java"))).filter(Files::isDirectory).toList();
        }
        assertThat(testRoots).as("test source folders of the modules").hasSizeGreaterThan(3);
        for (Path root : testRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String name = p.getFileName().toString();
                    sources.merge(name.substring(0, name.length() - 5), Files.readString(p), String::concat);
                }
            }
        }

        List<String> missing = new ArrayList<>();
        int cited = 0;
        Matcher c = CITATION.matcher(doc);
        while (c.find()) {
            cited++;
            String cls = shortNames.getOrDefault(c.group(1), c.group(1));
            String source = sources.get(cls);
            if (source == null || !Pattern.compile("\\b" + c.group(2) + "\\(").matcher(source).find()) {
                missing.add(c.group(1) + "#" + c.group(2));
            }
        }
        assertThat(cited).as("citations found").isGreaterThan(50);
        assertThat(missing).as("tests cited in %s but not found", DOC).isEmpty();
    }
}
