package io.mqttools.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium driven through ChromeDriver's W3C WebDriver HTTP API (Debian packages chromium and
 * chromium-driver): one browser session per instance, with a fresh profile directory. Scripts run in the
 * page and their results come back as {@link MiniJson} values.
 */
public final class Chrome implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final ToolProcess driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private String session;

    private Chrome(ToolProcess driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /**
     * Starts ChromeDriver and a headless Chromium with a window of this size.
     *
     * @param profile   an empty directory for the browser's profile
     * @param extraArgs more Chromium switches (e.g. {@code --ignore-certificate-errors})
     */
    public static Chrome start(Path profile, int width, int height, String... extraArgs) {
        Path chromium = ExternalTools.program("chromium", "chromium");
        Path chromedriver = ExternalTools.program("chromedriver", "chromium-driver");
        int port = FreePort.find();
        ToolProcess driver = ToolProcess.start(List.of(chromedriver.toString(), "--port=" + port,
                "--allowed-ips=127.0.0.1"));
        Chrome chrome = new Chrome(driver, URI.create("http://127.0.0.1:" + port));
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> Boolean.TRUE.equals(chrome.value(chrome.call("GET", "/status", null)).get("ready")));
            List<String> args = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--force-device-scale-factor=1",
                    "--window-size=" + width + "," + height, "--user-data-dir=" + profile.toAbsolutePath()));
            args.addAll(List.of(extraArgs));
            Map<String, Object> options = Map.of("binary", chromium.toString(), "args", args);
            Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch",
                    Map.of("browserName", "chrome", "goog:chromeOptions", options)));
            Map<?, ?> created = chrome.value(chrome.call("POST", "/session", caps));
            chrome.session = (String) created.get("sessionId");
            chrome.call("POST", "/session/" + chrome.session + "/timeouts",
                    Map.of("script", 30_000, "pageLoad", 30_000));
            return chrome;
        } catch (RuntimeException | Error e) {
            chrome.close();
            throw e;
        }
    }

    /** Loads a page and waits for its load event. */
    public void open(String url) {
        command("url", Map.of("url", url));
    }

    /** Runs {@code body} as a function in the page ({@code arguments[i]} are the args) and returns its result. */
    public Object script(String body, Object... args) {
        return command("execute/sync", Map.of("script", body, "args", List.of(args)));
    }

    /**
     * Runs {@code body} as an async function in the page: it ends by calling {@code done(result)}, the last
     * argument ({@code arguments[arguments.length - 1]}); returns that result.
     */
    public Object asyncScript(String body, Object... args) {
        String wrapped = "const done = arguments[arguments.length - 1];\n" + body;
        return command("execute/async", Map.of("script", wrapped, "args", List.of(args)));
    }

    /** The viewport as PNG bytes. */
    public byte[] screenshot() {
        return Base64.getDecoder().decode((String) get("screenshot"));
    }

    /** The browser console's messages so far (ChromeDriver's log extension), for failure messages. */
    public List<String> console() {
        try {
            Object logs = command("se/log", Map.of("type", "browser"));
            List<String> out = new ArrayList<>();
            if (logs instanceof List<?> entries) {
                for (Object e : entries) {
                    out.add(String.valueOf(((Map<?, ?>) e).get("message")));
                }
            }
            return out;
        } catch (RuntimeException e) {
            return List.of("(console not available: " + e.getMessage() + ")");
        }
    }

    private Object command(String path, Map<String, Object> body) {
        return call("POST", "/session/" + session + "/" + path, body).get("value");
    }

    private Object get(String path) {
        return call("GET", "/session/" + session + "/" + path, null).get("value");
    }

    /** The {@code value} of a response that is an object. */
    private static Map<?, ?> value(Map<?, ?> response) {
        return (Map<?, ?>) response.get("value");
    }

    private Map<?, ?> call(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json; charset=utf-8");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(MiniJson.write(body)));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("WebDriver " + method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<?, ?> parsed = (Map<?, ?>) MiniJson.parse(response.body());
        if (response.statusCode() != 200) {
            Object v = parsed.get("value");
            String message = v instanceof Map<?, ?> m ? m.get("error") + ": " + m.get("message") : String.valueOf(v);
            throw new IllegalStateException("WebDriver " + method + " " + path + " -> " + response.statusCode() + " "
                    + message);
        }
        return parsed;
    }

    /** Ends the browser session, then ChromeDriver. */
    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (RuntimeException ignored) {
            // the driver may already be gone; it is stopped below all the same
        } finally {
            session = null;
            driver.close();
        }
    }
}
