package io.mqttools.cli.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.mqttools.cli.Main;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.packet.Subscription;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class MonitorCommandTest {
    private static MonitorCommand parse(String... args) {
        CommandLine root = Main.commandLine();
        CommandLine.ParseResult result = root.parseArgs(args);
        return (MonitorCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    void subscriptions_retainHandlingPerTopic_reusesTheLastValue() {
        MonitorCommand command = parse("monitor", "--retain-handling", "2", "--retain-handling", "1", "a", "b", "c");

        assertThat(command.subscriptions())
                .extracting(Subscription::topicFilter, Subscription::retainHandling)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", RetainHandling.DO_NOT_SEND),
                        org.assertj.core.groups.Tuple.tuple("b", RetainHandling.SEND_IF_NEW_SUBSCRIPTION),
                        org.assertj.core.groups.Tuple.tuple("c", RetainHandling.SEND_IF_NEW_SUBSCRIPTION));
    }

    @Test
    void subscriptions_noRetainHandling_sendsRetainedOnSubscribe() {
        MonitorCommand command = parse("monitor", "a", "b");

        assertThat(command.subscriptions()).extracting(Subscription::retainHandling)
                .containsOnly(RetainHandling.SEND_ON_SUBSCRIBE);
    }

    @Test
    void parse_connectionOptions_areThoseOfSubscribe() {
        MonitorCommand command = parse("monitor", "--host", "broker", "--port", "1884", "--client-id", "me",
                "--keep-alive", "30", "--session-expiry-interval", "60", "--username", "u", "--password", "p",
                "--cafile", "ca.pem", "--no-check-hostname", "t");

        assertThat(command.connection.address()).isEqualTo("broker:1884");
    }

    @Test
    void execute_moreRetainHandlingsThanTopics_isAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine root = Main.commandLine();
        root.setErr(new PrintWriter(err));

        int code = root.execute("monitor", "--retain-handling", "1", "--retain-handling", "2", "a");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--retain-handling was given more often than there are topics");
    }

    @Test
    void execute_invalidTopicFilter_isAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine root = Main.commandLine();
        root.setErr(new PrintWriter(err));

        int code = root.execute("monitor", "a/#/b");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("a/#/b");
    }

    @Test
    void execute_withoutATerminal_saysSoAndFails() {
        StringWriter err = new StringWriter();
        CommandLine root = Main.commandLine();
        root.setErr(new PrintWriter(err));

        int code = root.execute("monitor", "--port", "1", "t");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("needs an interactive terminal");
    }
}
