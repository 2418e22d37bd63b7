package io.mqttools.cli.passwd;

import io.mqttools.broker.security.PasswordHash;
import io.mqttools.broker.security.ScramCredential;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mqttools passwd}: mosquitto_passwd for mqttools. Adds, changes or deletes a user of a password
 * file that both mqttools and mosquitto read, writing {@code $7$} hashes of the shape mosquitto_passwd
 * 2.0.11 writes (PBKDF2-SHA512, 101 iterations, 12-byte salt). With {@code --scram} it edits a SCRAM file
 * (the broker's {@code scram_file}) instead, writing SCRAM-SHA-256 credentials.
 */
@Command(name = "passwd", description = "Manage a mosquitto password file.",
        footer = {"", "Without -b the password is asked twice, from the console or, without one, as two lines on"
                + " standard input.", "Exit status: 0 done, 1 failed (file, user or passwords), 2 bad arguments."})
public final class PasswdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "-c", description = "Create the file, replacing any that exists.")
    boolean create;

    @Option(names = "-b", description = "Batch mode: the password is the last argument.")
    boolean batch;

    @Option(names = "-D", description = "Delete the user instead of setting its password.")
    boolean delete;

    @Option(names = "-U", description = "Hash the plain-text passwords of a file of user:password lines.")
    boolean upgrade;

    @Option(names = "-H", paramLabel = "HASH", description = "sha512-pbkdf2 ($7$, the default, what mosquitto 2.0"
            + " reads), sha512 ($6$, mosquitto 1.6) or argon2id ($argon2id$, mosquitto 2.1 and later).")
    String hash = "sha512-pbkdf2";

    @Option(names = "--scram", description = "Edit a SCRAM file (scram_file, --scram-file) instead: write"
            + " SCRAM-SHA-256 credentials (4096 iterations, 16-byte salt) for MQTT 5 enhanced authentication.")
    boolean scram;

    @Parameters(paramLabel = "FILE USER [PASSWORD]", arity = "1..3", description = "The password file, the user and"
            + " (with -b) the password.")
    List<String> arguments;

    /** Where passwords are read when there is no console; standard input, replaced by tests. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
        Function<String, String> hasher = hasher();
        Path file = Path.of(arguments.get(0));
        if (upgrade) {
            expect(1, "-U takes only the file");
            if (create || batch || delete) {
                throw usage("-U cannot be combined with -c, -b or -D");
            }
            PasswordFileEditor editor = PasswordFileEditor.open(file);
            editor.hashPlainText(hasher);
            editor.save();
            return 0;
        }
        if (create && delete) {
            throw usage("-c and -D cannot be used together");
        }
        expect(batch && !delete ? 3 : 2, batch && !delete ? "-b needs FILE USER PASSWORD" : "expected FILE USER");
        String user = arguments.get(1);
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw usage("the user name must not be empty nor contain ':'");
        }
        PasswordFileEditor editor = create ? PasswordFileEditor.create(file) : PasswordFileEditor.open(file);
        if (delete) {
            if (!editor.delete(user)) {
                spec.commandLine().getErr().println("error: user " + user + " not found in " + file);
                return 1;
            }
        } else {
            String password = batch ? arguments.get(2) : askTwice();
            if (password == null) {
                spec.commandLine().getErr().println("error: passwords do not match");
                return 1;
            }
            editor.set(user, hasher.apply(password));
        }
        editor.save();
        return 0;
    }

    private Function<String, String> hasher() {
        SecureRandom random = new SecureRandom();
        if (scram) {
            if (spec.commandLine().getParseResult().hasMatchedOption("-H")) {
                throw usage("--scram cannot be combined with -H");
            }
            return password -> ScramCredential.create(password, random).encoded();
        }
        return switch (hash) {
            case "sha512-pbkdf2" -> password -> PasswordHash.pbkdf2(password, random).encoded();
            case "sha512" -> password -> PasswordHash.sha512(password, random).encoded();
            case "argon2id" -> password -> PasswordHash.argon2id(password, random).encoded();
            default -> throw usage("-H must be sha512-pbkdf2, sha512 or argon2id, not " + hash);
        };
    }

    private void expect(int count, String message) {
        if (arguments.size() != count) {
            throw usage(message);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The password asked twice, or null when the two differ. */
    private String askTwice() throws IOException {
        Console console = System.console();
        if (console != null && stdin == System.in) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Reenter password: ");
            if (first == null || second == null) {
                throw new IOException("no password given");
            }
            try {
                return Arrays.equals(first, second) ? new String(first) : null;
            } finally {
                Arrays.fill(first, ' ');
                Arrays.fill(second, ' ');
            }
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        PrintWriter err = spec.commandLine().getErr();
        err.print("Password: ");
        err.flush();
        String first = in.readLine();
        err.print("Reenter password: ");
        err.flush();
        String second = in.readLine();
        err.println();
        if (first == null || second == null) {
            throw new IOException("no password given: standard input ended");
        }
        return first.equals(second) ? first : null;
    }
}
