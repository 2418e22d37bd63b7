package io.mqttools.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a benchmark starts our broker: through the {@code mqttools} launcher script, as users do (its JVM
 * defaults apply; {@code MQTTOOLS_JAVA_OPTS} replaces them when given), or with plain {@code java -jar}.
 *
 * @param name       the name figures are reported under
 * @param launcher   the launcher script, or null for {@code java -jar jar}
 * @param jar        the CLI jar for {@code java -jar}
 * @param java       the java executable
 * @param jvmOptions with the launcher: {@code MQTTOOLS_JAVA_OPTS} (null keeps its defaults); else the JVM options
 * @param extra      JVM options added after those ({@code JAVA_OPTS} for the launcher), e.g. a JFR recording
 */
record OurLaunch(String name, Path launcher, String jar, String java, List<String> jvmOptions, List<String> extra) {

    /** Plain {@code java -jar jar} with the benchmark's own java. */
    static OurLaunch jar(String name, String jar, List<String> jvmOptions) {
        return new OurLaunch(name, null, jar, defaultJava(), List.copyOf(jvmOptions), List.of());
    }

    /**
     * The variants of {@code --ours}, separated by {@code ;}: {@code launcher} (its defaults),
     * {@code launcher:OPTS} ({@code MQTTOOLS_JAVA_OPTS=OPTS}), {@code jar} ({@code java -jar}, JVM defaults) or
     * {@code jar:OPTS}. One variant is named {@code mqttools}; several are named {@code mqttools[variant]}.
     */
    static List<OurLaunch> parse(String spec, String launcher, String jar, String java, String extraOptions) {
        String[] variants = spec.split(";");
        List<OurLaunch> launches = new ArrayList<>();
        for (String variant : variants) {
            String v = variant.trim();
            int colon = v.indexOf(':');
            String kind = colon < 0 ? v : v.substring(0, colon);
            List<String> opts = colon < 0 ? null : split(v.substring(colon + 1));
            String name = variants.length == 1 ? "mqttools" : "mqttools[" + v + "]";
            String javaPath = java.isBlank() ? defaultJava() : java;
            switch (kind) {
                case "launcher" -> launches.add(new OurLaunch(name, Path.of(launcher).toAbsolutePath(), jar, javaPath,
                        opts, split(extraOptions)));
                case "jar" -> launches.add(new OurLaunch(name, null, jar, javaPath, opts == null ? List.of() : opts,
                        split(extraOptions)));
                default -> throw new IllegalArgumentException("--ours: expected launcher[:OPTS] or jar[:OPTS], got " + v);
            }
        }
        return launches;
    }

    /** The command line that starts the broker with {@code args}. */
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        if (launcher != null) {
            command.add(launcher.toString());
        } else {
            command.add(java);
            command.addAll(jvmOptions);
            command.addAll(extra);
            command.addAll(List.of("-jar", jar));
        }
        command.addAll(args);
        return command;
    }

    /** The environment the launcher reads (empty for {@code java -jar}); a null value removes the variable. */
    Map<String, String> environment() {
        if (launcher == null) {
            return Map.of();
        }
        Map<String, String> env = new java.util.HashMap<>(Map.of("MQTTOOLS_JAVA", java, "JAVA_OPTS", String.join(" ", extra)));
        env.put("MQTTOOLS_JAVA_OPTS", jvmOptions == null ? null : String.join(" ", jvmOptions));
        return env;
    }

    private static String defaultJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> split(String options) {
        return options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }
}
