package io.mqttools.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The model and the screen under a fast stream: the UI keeps drawing while a writer floods the table. */
class MonitorLoadTest {
    @Test
    @Timeout(60)
    void frames_whileAWriterFloodsMoreTopicsThanTheLimit_showConsistentTotalsAndBoundedRows() throws Exception {
        VirtualScreen s = new VirtualScreen(150, 30, 2).started();
        int topics = 1_500; // more than the table tracks (1000), so the rest are counted as overflow
        int messages = 1_000_000;
        byte[] payload = "x".repeat(100).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < messages; i++) {
                s.table.onMessage("load/" + (i % topics), payload, i);
            }
        });
        int frames = 0;
        while (!writer.isDone()) {
            s.frame();
            frames++;
        }
        writer.get(30, TimeUnit.SECONDS);
        List<String> lines = s.frame();

        assertThat(frames).as("frames drawn during the flood").isPositive();
        assertThat(s.table.total()).isEqualTo(messages);
        assertThat(s.view.rows()).hasSize(1_000);
        assertThat(s.view.rows().stream().mapToLong(MonitorView.TopicRow::count).sum() + s.table.overflow())
                .isEqualTo(messages);
        // Topics load/0 to load/999 came first and are tracked; the messages of the others are overflow.
        long overflow = (long) (messages / topics) * (topics - 1_000) + Math.max(0, messages % topics - 1_000);
        assertThat(s.table.overflow()).isEqualTo(overflow);
        assertThat(lines.get(0)).contains("| 1000 topics | " + messages + " messages |",
                "| " + overflow + " beyond topic limit | connecting");
        assertThat(lines.get(2)).endsWith("  load/0");
        assertThat(lines.get(3)).isEqualTo("          " + "x".repeat(100));
    }
}
