package io.mqttools.broker.security;

/**
 * One {@code topic} or {@code pattern} line of an ACL file.
 *
 * @param access  what the line grants, or {@link Access#DENY}
 * @param levels  the topic filter split at '/'; for a pattern, whole levels {@code %c} and {@code %u}
 *                stand for the client identifier and the user name
 * @param pattern whether it came from a {@code pattern} line (substituted per client)
 */
record AclRule(Access access, String[] levels, boolean pattern) {
    /** The access a line names; {@code readwrite} when it names none, as mosquitto reads it. */
    enum Access {
        READ, WRITE, READWRITE, DENY;

        boolean grantsRead() {
            return this == READ || this == READWRITE;
        }

        boolean grantsWrite() {
            return this == WRITE || this == READWRITE;
        }
    }

    /**
     * The filter this rule applies to for one client, or null when it cannot apply: a pattern naming
     * {@code %u} for a client without a user name, or a substituted value holding a wildcard (a client
     * id {@code #} must not widen a rule; mosquitto refuses those too, CVE-2017-7650).
     */
    String[] forClient(String clientId, String username) {
        if (!pattern) {
            return levels;
        }
        String[] out = levels;
        for (int i = 0; i < levels.length; i++) {
            String value = switch (levels[i]) {
                case "%c" -> clientId;
                case "%u" -> username;
                default -> levels[i];
            };
            if (value == levels[i]) {
                continue;
            }
            if (value == null || value.indexOf('+') >= 0 || value.indexOf('#') >= 0) {
                return null;
            }
            if (out == levels) {
                out = levels.clone();
            }
            out[i] = value;
        }
        return out;
    }
}
