package io.mqttools.broker.security;

import io.mqttools.protocol.auth.ScramSha256;
import io.mqttools.protocol.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677) carried in MQTT 5 Authentication
 * Data: client-first-message (CONNECT or AUTH 0x19) → server-first-message (AUTH 0x18) →
 * client-final-message (AUTH 0x18) → server-final-message (CONNACK or AUTH 0x00). No channel binding:
 * the GS2 header must be {@code n,,} or {@code y,,}. The SCRAM user name must be the CONNECT's User
 * Name, so that ACLs and logs see the user who proved who they are. An unknown user gets a
 * server-first-message with a salt made from the name and a secret of the broker, so that the answer
 * does not tell which users exist; the proof then fails. Confined to one connection's event loop.
 */
final class ScramExchange implements AuthExchange {
    private enum State { FIRST, FINAL, DONE }

    private final Function<String, ScramCredential> users;
    private final String connectUser;
    private final Supplier<String> serverNonces;
    private final byte[] fakeSecret;
    private State state = State.FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private ScramCredential credential;
    private boolean knownUser;

    /**
     * @param users       the credential of a user name, or null when there is none
     * @param connectUser  the CONNECT's User Name, or null
     * @param serverNonces the server's part of the nonce: fresh and random each time, printable, no ','
     * @param fakeSecret   the broker's secret for the salts of unknown users
     */
    ScramExchange(Function<String, ScramCredential> users, String connectUser, Supplier<String> serverNonces,
                  byte[] fakeSecret) {
        this.users = users;
        this.connectUser = connectUser;
        this.serverNonces = serverNonces;
        this.fakeSecret = fakeSecret;
    }

    @Override
    public AuthStep respond(Bytes clientData) {
        State now = state;
        state = State.DONE; // any failure below ends the exchange
        if (clientData == null) {
            return AuthStep.failure("SCRAM-SHA-256 needs Authentication Data");
        }
        String text = new String(clientData.unsafeArray(), StandardCharsets.UTF_8);
        try {
            return switch (now) {
                case FIRST -> clientFirst(text);
                case FINAL -> clientFinal(text);
                case DONE -> AuthStep.failure("the SCRAM exchange is over");
            };
        } catch (IllegalArgumentException malformed) {
            return AuthStep.failure(malformed.getMessage());
        }
    }

    private AuthStep clientFirst(String text) {
        int flagEnd = text.indexOf(',');
        int authzEnd = flagEnd < 0 ? -1 : text.indexOf(',', flagEnd + 1);
        if (authzEnd < 0) {
            throw new IllegalArgumentException("malformed client-first-message: no GS2 header");
        }
        String flag = text.substring(0, flagEnd);
        if (flag.startsWith("p=")) {
            return AuthStep.failure("channel binding is not supported (GS2 header n,, only)");
        }
        if (!flag.equals("n") && !flag.equals("y")) {
            throw new IllegalArgumentException("malformed client-first-message: bad GS2 channel binding flag");
        }
        String authz = text.substring(flagEnd + 1, authzEnd);
        gs2Header = text.substring(0, authzEnd + 1);
        clientFirstBare = text.substring(authzEnd + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        if (attrs[0].startsWith("m=")) {
            return AuthStep.failure("SCRAM mandatory extensions are not supported");
        }
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
            throw new IllegalArgumentException("malformed client-first-message: expected n=user,r=nonce");
        }
        String user = saslName(attrs[0].substring(2));
        String clientNonce = attrs[1].substring(2);
        if (clientNonce.isEmpty() || !printable(clientNonce)) {
            throw new IllegalArgumentException("malformed client-first-message: bad nonce");
        }
        if (!authz.isEmpty() && !(authz.startsWith("a=") && saslName(authz.substring(2)).equals(user))) {
            return AuthStep.failure("an authorization identity other than the user is not supported");
        }
        if (!user.equals(connectUser)) {
            return AuthStep.failure("the SCRAM user name must be the CONNECT's User Name");
        }
        credential = users.apply(user);
        knownUser = credential != null;
        if (!knownUser) {
            credential = unknownUser(user);
        }
        nonce = clientNonce + serverNonces.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(credential.salt())
                + ",i=" + credential.iterations();
        state = State.FINAL;
        return AuthStep.challenge(Bytes.utf8(serverFirst));
    }

    private AuthStep clientFinal(String text) {
        int proofAt = text.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new IllegalArgumentException("malformed client-final-message: no proof");
        }
        String withoutProof = text.substring(0, proofAt);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) {
            throw new IllegalArgumentException("malformed client-final-message: expected c=...,r=...,p=...");
        }
        if (!Arrays.equals(base64(attrs[0].substring(2), "channel binding"), gs2Header.getBytes(StandardCharsets.UTF_8))) {
            return AuthStep.failure("the channel binding does not repeat the GS2 header");
        }
        if (!MessageDigest.isEqual(attrs[1].substring(2).getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8))) {
            return AuthStep.failure("wrong nonce in client-final-message");
        }
        byte[] proof = base64(text.substring(proofAt + 3), "proof");
        if (proof.length != ScramSha256.KEY_LENGTH) {
            throw new IllegalArgumentException("malformed client-final-message: the proof has " + proof.length + " bytes");
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = credential.storedKey();
        byte[] clientKey = ScramSha256.xor(proof, ScramSha256.hmac(storedKey, authMessage));
        boolean proven = MessageDigest.isEqual(ScramSha256.sha256(clientKey), storedKey) && knownUser;
        if (!proven) {
            return AuthStep.failure("wrong user name or password");
        }
        byte[] serverSignature = ScramSha256.hmac(credential.serverKey(), authMessage);
        return AuthStep.success(Bytes.utf8("v=" + Base64.getEncoder().encodeToString(serverSignature)));
    }

    /** A stable made-up credential, so that an unknown user's server-first-message looks like a known one's. */
    private ScramCredential unknownUser(String user) {
        byte[] salt = Arrays.copyOf(ScramSha256.hmac(fakeSecret, "salt:" + user), ScramSha256.SALT_LENGTH);
        byte[] key = ScramSha256.hmac(fakeSecret, "key:" + user);
        return new ScramCredential(ScramSha256.DEFAULT_ITERATIONS, salt, key, key);
    }

    /** RFC 5802 saslname: "=2C" stands for ',' and "=3D" for '='; any other '=' is an error. */
    private static String saslName(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '=') {
                String escape = text.startsWith("=2C", i) ? "," : text.startsWith("=3D", i) ? "=" : null;
                if (escape == null) {
                    throw new IllegalArgumentException("malformed user name: '=' not followed by 2C or 3D");
                }
                b.append(escape);
                i += 2;
            } else {
                b.append(c);
            }
        }
        if (b.isEmpty()) {
            throw new IllegalArgumentException("malformed client-first-message: empty user name");
        }
        return b.toString();
    }

    private static boolean printable(String nonce) {
        return nonce.chars().allMatch(c -> c >= 0x21 && c <= 0x7E && c != ',');
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed client-final-message: the " + what + " is not Base64");
        }
    }
}
