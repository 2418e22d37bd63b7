package io.mqttools.broker.security;

import io.mqttools.protocol.TopicFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules of a mosquitto ACL file (mosquitto.conf(5), {@code acl_file}): {@code topic [read|write|readwrite|deny] TOPIC}
 * lines before the first {@code user NAME} line apply to clients without a user name, those after it to
 * that user; {@code pattern} lines, wherever they are, apply to every client with {@code %c} and {@code %u}
 * levels replaced by its client id and user name. Lines starting with '#' and blank lines are skipped.
 *
 * <p>What is not granted is denied; a matching {@code deny} line wins over any grant. Reading (a delivery)
 * and writing (a PUBLISH, a will) follow mosquitto. Subscribing is our rule, where mosquitto 2.0 grants
 * every SUBSCRIBE and only filters deliveries: a filter is refused when a deny line covers it wholly or
 * when no line granting read access matches any topic it could match. Immutable and thread-safe.
 */
public final class AclFile {
    private static final List<AclRule> NONE = List.of();
    private final List<AclRule> anonymous;
    private final Map<String, List<AclRule>> users;
    private final List<AclRule> patterns;

    private AclFile(List<AclRule> anonymous, Map<String, List<AclRule>> users, List<AclRule> patterns) {
        this.anonymous = List.copyOf(anonymous);
        Map<String, List<AclRule>> copy = new HashMap<>();
        users.forEach((user, rules) -> copy.put(user, List.copyOf(rules)));
        this.users = Map.copyOf(copy);
        this.patterns = List.copyOf(patterns);
    }

    /**
     * Reads an ACL file.
     *
     * @throws SecurityFileException when it cannot be read or has a line it cannot use (file and line named)
     */
    public static AclFile load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SecurityFileException(file, "cannot read ACL file: " + e, e);
        }
        List<AclRule> anonymous = new ArrayList<>();
        Map<String, List<AclRule>> users = new HashMap<>();
        List<AclRule> patterns = new ArrayList<>();
        List<AclRule> current = anonymous;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+", 2);
            String rest = words.length > 1 ? words[1] : "";
            switch (words[0]) {
                case "user" -> {
                    if (rest.isEmpty()) {
                        throw new SecurityFileException(file, i + 1, "user without a name");
                    }
                    current = users.computeIfAbsent(rest, u -> new ArrayList<>());
                }
                case "topic" -> current.add(rule(file, i + 1, rest, false));
                case "pattern" -> patterns.add(rule(file, i + 1, rest, true));
                default -> throw new SecurityFileException(file, i + 1,
                        "unknown keyword '" + words[0] + "' (expected topic, pattern or user)");
            }
        }
        return new AclFile(anonymous, users, patterns);
    }

    private static AclRule rule(Path file, int line, String rest, boolean pattern) {
        String keyword = pattern ? "pattern" : "topic";
        if (rest.isEmpty()) {
            throw new SecurityFileException(file, line, keyword + " without a topic");
        }
        String[] words = rest.split("\\s+", 2);
        AclRule.Access access = AclRule.Access.READWRITE;
        String topic = rest;
        if (words.length == 2) { // an access word then the topic, which may hold spaces
            try {
                access = AclRule.Access.valueOf(words[0].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SecurityFileException(file, line, "invalid access '" + words[0]
                        + "' (expected read, write, readwrite or deny)");
            }
            topic = words[1].strip();
        }
        String problem = TopicFilter.validate(topic);
        if (problem != null) {
            throw new SecurityFileException(file, line, "invalid topic '" + topic + "': " + problem);
        }
        return new AclRule(access, TopicLevels.split(topic), pattern);
    }

    /** Whether the client may publish to topic name {@code topic} (or have it as its will). */
    public boolean canWrite(String clientId, String username, String topic) {
        return decide(clientId, username, TopicLevels.split(topic), false);
    }

    /** Whether a message on topic name {@code topic} may be delivered to the client. */
    public boolean canRead(String clientId, String username, String topic) {
        return decide(clientId, username, TopicLevels.split(topic), true);
    }

    private boolean decide(String clientId, String username, String[] topic, boolean read) {
        List<AclRule> own = own(username);
        if (denies(own, clientId, username, topic, false) || denies(patterns, clientId, username, topic, false)) {
            return false;
        }
        return grants(own, clientId, username, topic, read, false) || grants(patterns, clientId, username, topic, read, false);
    }

    /** Whether the client may subscribe to {@code filter} (without any $share/group/ prefix). */
    public boolean canSubscribe(String clientId, String username, String filter) {
        String[] levels = TopicLevels.split(filter);
        List<AclRule> own = own(username);
        if (denies(own, clientId, username, levels, true) || denies(patterns, clientId, username, levels, true)) {
            return false;
        }
        return grants(own, clientId, username, levels, true, true) || grants(patterns, clientId, username, levels, true, true);
    }

    private List<AclRule> own(String username) {
        return username == null ? anonymous : users.getOrDefault(username, NONE);
    }

    private static boolean denies(List<AclRule> rules, String clientId, String username, String[] levels, boolean filter) {
        for (AclRule rule : rules) {
            if (rule.access() == AclRule.Access.DENY) {
                String[] r = rule.forClient(clientId, username);
                if (r != null && (filter ? TopicLevels.covers(r, levels) : TopicLevels.matches(r, levels))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean grants(List<AclRule> rules, String clientId, String username, String[] levels, boolean read,
            boolean filter) {
        for (AclRule rule : rules) {
            if (read ? rule.access().grantsRead() : rule.access().grantsWrite()) {
                String[] r = rule.forClient(clientId, username);
                if (r != null && (filter ? TopicLevels.overlaps(r, levels) : TopicLevels.matches(r, levels))) {
                    return true;
                }
            }
        }
        return false;
    }
}
