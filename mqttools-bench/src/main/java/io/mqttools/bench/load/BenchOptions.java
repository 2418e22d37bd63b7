package io.mqttools.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** The load benchmarks' command lines: {@code --key value} pairs over a table of defaults. */
final class BenchOptions {
    private BenchOptions() {
    }

    /**
     * The defaults with {@code args} applied; an unknown key or a key without a value prints the usage
     * (every key with {@code V}) and exits with status 2.
     *
     * @param tool     the benchmark's name, for the usage line
     * @param defaults every key the benchmark takes, in the order the usage lists them
     */
    static Map<String, String> parse(String tool, Map<String, String> defaults, String[] args) {
        Map<String, String> options = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!options.containsKey(key) || i + 1 >= args.length) {
                System.err.println("usage: " + tool + " " + options.keySet().stream().map(k -> "[--" + k + " V]")
                        .reduce((a, b) -> a + " " + b).orElse(""));
                System.exit(2);
            }
            options.put(key, args[i + 1]);
        }
        return options;
    }
}
