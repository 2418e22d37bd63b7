package io.mqttools.cli.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long {@code bench pub} and {@code bench sub} run: {@code --duration}, and a check of {@code --count}. */
final class RunLength {
    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Long duration;

    /** The run's time limit, or null for none. */
    Duration limit() {
        return duration == null ? null : Duration.ofSeconds(duration);
    }

    /** The problem with {@code --duration} or with the command's {@code --count} (null: not given), or null. */
    String problem(Long count) {
        if (count != null && count < 1) {
            return "--count must be at least 1, not " + count;
        }
        if (duration != null && duration < 1) {
            return "--duration must be at least 1 second, not " + duration;
        }
        return null;
    }
}
