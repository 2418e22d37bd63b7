package io.mqttools.cli.monitor;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The monitor's UI loop on a Lanterna {@link Screen}: it reads keys as they come, redraws at a fixed rate
 * (whatever the message rate, so a fast stream costs the terminal nothing more) and at once after a key, and
 * picks up terminal resizes. Lanterna's screen is double-buffered and sends only the cells that changed.
 *
 * <p>Not thread-safe: {@link #run()} owns the calling thread until the user quits.
 */
final class MonitorUi {
    /** How often keys are looked for between frames; short enough that a key feels immediate. */
    private static final long INPUT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Screen screen;
    private final MonitorView view;
    private final MonitorRenderer renderer;
    private final long frameNanos;

    MonitorUi(Screen screen, MonitorView view, MonitorRenderer renderer, Duration framePeriod) {
        this.screen = screen;
        this.view = view;
        this.renderer = renderer;
        this.frameNanos = framePeriod.toNanos();
    }

    /** Starts the screen, runs until q, Ctrl-C or the end of input, then restores the terminal. */
    void run() throws IOException {
        screen.startScreen();
        try {
            screen.setCursorPosition(null);
            long nextFrame = System.nanoTime();
            while (true) {
                MonitorView.KeyResult keys = handleInput();
                if (keys == MonitorView.KeyResult.QUIT) {
                    return;
                }
                long now = System.nanoTime();
                if (now - nextFrame >= 0) {
                    view.tick();
                    draw();
                    nextFrame = now + frameNanos;
                } else if (keys == MonitorView.KeyResult.CHANGED) {
                    draw();
                }
                LockSupport.parkNanos(Math.min(INPUT_POLL_NANOS, Math.max(0, nextFrame - System.nanoTime())));
            }
        } finally {
            screen.stopScreen();
        }
    }

    /** Applies every key waiting; QUIT as soon as one quits, CHANGED if any changed the view. */
    MonitorView.KeyResult handleInput() throws IOException {
        MonitorView.KeyResult result = MonitorView.KeyResult.IGNORED;
        KeyStroke key;
        while ((key = screen.pollInput()) != null) {
            MonitorView.KeyResult r = view.onKey(key);
            if (r == MonitorView.KeyResult.QUIT) {
                return r;
            }
            if (r == MonitorView.KeyResult.CHANGED) {
                result = r;
            }
        }
        return result;
    }

    /** Draws the view as it is now, at the terminal's current size. */
    void draw() throws IOException {
        TerminalSize resized = screen.doResizeIfNecessary();
        TerminalSize size = resized != null ? resized : screen.getTerminalSize();
        renderer.draw(screen.newTextGraphics(), size, view);
        screen.refresh(resized != null ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
    }
}
