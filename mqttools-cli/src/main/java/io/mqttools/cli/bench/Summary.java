package io.mqttools.cli.bench;

import java.io.PrintWriter;

/** The last lines of every bench summary: the error count and the first error, and the exit status. */
final class Summary {
    private Summary() {
    }

    /**
     * Prints "errors: N" (and the first error) and returns the exit status: 0 without errors, else 1.
     *
     * @param messageErrors failed publishes, or messages sub expected and did not get
     */
    static int errors(PrintWriter out, Fleet fleet, long messageErrors) {
        long errors = fleet.errors() + messageErrors;
        out.println("errors: " + errors + (fleet.firstError() == null ? "" : " (first: " + fleet.firstError() + ")"));
        out.flush();
        return errors == 0 ? 0 : 1;
    }
}
