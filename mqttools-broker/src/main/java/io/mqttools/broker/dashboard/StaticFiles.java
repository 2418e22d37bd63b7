package io.mqttools.broker.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's page, style sheet and scripts, read once from the classpath (this package's resources)
 * and served from memory. {@code /} and {@code /dashboard} are the page.
 */
final class StaticFiles {
    private static final String[][] FILES = {
        {"index.html", "text/html; charset=utf-8"},
        {"dashboard.css", "text/css; charset=utf-8"},
        {"dashboard.js", "text/javascript; charset=utf-8"},
        {"mqtt-ws.js", "text/javascript; charset=utf-8"},
    };

    private final Map<String, HttpSite.Content> byPath;

    private StaticFiles(Map<String, HttpSite.Content> byPath) {
        this.byPath = byPath;
    }

    static StaticFiles load() {
        Map<String, HttpSite.Content> byPath = new LinkedHashMap<>();
        for (String[] f : FILES) {
            HttpSite.Content content = new HttpSite.Content(f[1], read(f[0]));
            byPath.put("/dashboard/" + f[0], content);
            if (f[0].equals("index.html")) {
                byPath.put("/", content);
                byPath.put("/dashboard", content);
                byPath.put("/dashboard/", content);
            }
        }
        return new StaticFiles(Map.copyOf(byPath));
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + name + " missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading dashboard resource " + name, e);
        }
    }

    boolean has(String path) {
        return byPath.containsKey(path);
    }

    HttpSite.Content get(String path) {
        return byPath.get(path);
    }
}
