package io.mqttools.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The self-contained example really runs: a broker and two clients, the message arrives. */
@Timeout(30)
class BrokerAndClientsExampleIT {
    @Test
    void main_runs_printsTheMessage() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            BrokerAndClientsExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Topic:   /test/greeting", "Message: Hello from one program!");
    }
}
