package io.mqttools.broker.dashboard;

import io.mqttools.broker.metrics.MetricsSnapshot;
import io.mqttools.broker.metrics.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What the HTTP port serves, by path: {@code /metrics} (Prometheus), the dashboard page and its static
 * files, and the dashboard's JSON. The transport asks {@link #serves} before checking the method, so
 * that an unknown path is a 404 whatever the method, and a known one a 405 for anything but GET or HEAD.
 * Thread-safe.
 */
public final class HttpSite {
    /** One response body. */
    public record Content(String contentType, byte[] body) {
    }

    private static final String JSON = "application/json; charset=utf-8";

    private final Supplier<MetricsSnapshot> snapshot;
    private final DashboardApi api;
    private final StaticFiles files;

    /**
     * @param snapshot makes the {@code /metrics} text
     * @param api      the dashboard's JSON, or null to serve {@code /metrics} only
     */
    public HttpSite(Supplier<MetricsSnapshot> snapshot, DashboardApi api) {
        this.snapshot = snapshot;
        this.api = api;
        this.files = api == null ? null : StaticFiles.load();
    }

    /** Whether the path (without the query) is one this site answers. */
    public boolean serves(String path) {
        return "/metrics".equals(path)
                || api != null && (files.has(path) || path.equals("/api/snapshot") || path.equals("/api/clients")
                || path.equals("/api/topics"));
    }

    /** The body for a path {@link #serves} accepts; made per request (the JSON walks the sessions and clients). */
    public Content get(String path) {
        if ("/metrics".equals(path)) {
            return text(PrometheusText.CONTENT_TYPE, PrometheusText.render(snapshot.get()));
        }
        return switch (path) {
            case "/api/snapshot" -> text(JSON, api.snapshot());
            case "/api/clients" -> text(JSON, api.clients());
            case "/api/topics" -> text(JSON, api.topics());
            default -> files.get(path);
        };
    }

    /** The paths to name in a 404's message. */
    public String paths() {
        return api == null ? "/metrics" : "/metrics, / (the dashboard), /api/snapshot, /api/clients, /api/topics";
    }

    private static Content text(String type, String body) {
        return new Content(type, body.getBytes(StandardCharsets.UTF_8));
    }
}
