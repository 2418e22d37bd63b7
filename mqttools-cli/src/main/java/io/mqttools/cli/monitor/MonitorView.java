package io.mqttools.cli.monitor;

import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the screen shows and how keys change it: the topics sorted by name with their rates, the rows of the
 * current frame (frozen while paused), the payload format and the scroll position.
 *
 * <p>Not thread-safe: confined to the UI thread. It reads the {@link TopicTable} that the source's thread
 * writes, once per {@link #tick()}.
 */
final class MonitorView {
    /** What a key press did. */
    enum KeyResult { IGNORED, CHANGED, QUIT }

    /** One topic as a frame shows it. */
    record TopicRow(String topic, long count, double rate, TopicEntry.Last last) {
    }

    private static final class Tracked {
        final TopicEntry entry;
        final RateWindow window;
        double rate;

        Tracked(TopicEntry entry, RateWindow window) {
            this.entry = entry;
            this.window = window;
        }
    }

    private final TopicTable table;
    private final LongSupplier clock;
    private final List<Tracked> tracked = new ArrayList<>();
    private final long startMillis;
    private final RateWindow totalWindow;
    private double totalRate;
    private List<TopicRow> rows = List.of();
    private boolean playing = true;
    private PayloadFormat format;
    private int scroll;
    private int pageSize = 1;

    MonitorView(TopicTable table, PayloadFormat format, LongSupplier clock) {
        this.table = table;
        this.format = format;
        this.clock = clock;
        this.startMillis = clock.getAsLong();
        this.totalWindow = new RateWindow(startMillis, table.total());
    }

    /** Takes in new topics and samples every rate; while playing, also takes a new frame of rows. */
    void tick() {
        long now = clock.getAsLong();
        // A topic had no messages before it was first seen, so its window can start when the monitor did.
        table.drainAdded(entry -> insert(new Tracked(entry, new RateWindow(startMillis, 0))));
        for (Tracked t : tracked) {
            t.rate = t.window.update(now, t.entry.count());
        }
        totalRate = totalWindow.update(now, table.total());
        if (playing) {
            rows = snapshot();
        }
    }

    private void insert(Tracked t) {
        int low = 0;
        int high = tracked.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (tracked.get(mid).entry.topic().compareTo(t.entry.topic()) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        tracked.add(low, t);
    }

    private List<TopicRow> snapshot() {
        List<TopicRow> frame = new ArrayList<>(tracked.size());
        for (Tracked t : tracked) {
            TopicEntry.Last last = t.entry.last();
            // An entry is published to the UI just before its first message is recorded.
            if (last != null) {
                frame.add(new TopicRow(t.entry.topic(), t.entry.count(), t.rate, last));
            }
        }
        return List.copyOf(frame);
    }

    /** Applies a key: q or Ctrl-C quit, p plays/pauses, f cycles the format, arrows and pages scroll. */
    KeyResult onKey(KeyStroke key) {
        switch (key.getKeyType()) {
            case Character -> {
                char c = key.getCharacter();
                if (key.isCtrlDown()) {
                    return c == 'c' || c == 'C' ? KeyResult.QUIT : KeyResult.IGNORED;
                }
                switch (c) {
                    case 'q', 'Q' -> {
                        return KeyResult.QUIT;
                    }
                    case 'p', 'P', ' ' -> togglePlaying();
                    case 'f', 'F' -> format = format.next();
                    default -> {
                        return KeyResult.IGNORED;
                    }
                }
            }
            case EOF -> {
                return KeyResult.QUIT;
            }
            case ArrowUp -> scroll = Math.max(0, scroll - 1);
            case ArrowDown -> scroll = scroll + 1;
            case PageUp -> scroll = Math.max(0, scroll - pageSize);
            case PageDown -> scroll = scroll + pageSize;
            case Home -> scroll = 0;
            case End -> scroll = Integer.MAX_VALUE;
            default -> {
                return KeyResult.IGNORED;
            }
        }
        return KeyResult.CHANGED;
    }

    private void togglePlaying() {
        playing = !playing;
        if (playing) {
            rows = snapshot();
        }
    }

    /** Called by the renderer with the scroll position it could honour and how many topics fitted. */
    void laidOut(int firstShown, int shown) {
        scroll = firstShown;
        pageSize = Math.max(1, shown);
    }

    List<TopicRow> rows() {
        return rows;
    }

    boolean playing() {
        return playing;
    }

    PayloadFormat format() {
        return format;
    }

    int scroll() {
        return scroll;
    }

    double totalRate() {
        return totalRate;
    }

    TopicTable table() {
        return table;
    }
}
