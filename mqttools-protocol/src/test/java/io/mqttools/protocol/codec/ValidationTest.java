package io.mqttools.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscribe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One test per decoding rule, each asserting the reason code; fixtures are hex with '#' comments. */
class ValidationTest {
    private static final ProtocolVersion V5 = ProtocolVersion.MQTT_5;
    private static final ProtocolVersion V311 = ProtocolVersion.MQTT_3_1_1;

    private static void assertRejected(ProtocolVersion version, String hex, ReasonCode expected) {
        assertThatThrownBy(() -> Wire.decode(version, Wire.hex(hex)))
                .isInstanceOf(DecodeException.class)
                .satisfies(e -> assertThat(((DecodeException) e).reasonCode()).isEqualTo(expected));
    }

    // ---- fixed header [MQTT-2.1.3-1]

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_pubRelWithFlags0_malformed(ProtocolVersion v) {
        assertRejected(v, "60 02 0001", ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_subscribeWithFlags0_malformed(ProtocolVersion v) {
        assertRejected(v, "80 06 0001 0001 61 00", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_pubAckWithFlags_malformed() {
        assertRejected(V5, "41 02 0001", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_connectWithFixedHeaderFlags_malformed() {
        assertRejected(null, "12 0C 0004 4D515454 04 02 003C 0000", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_authInV311_malformed() {
        assertRejected(V311, "F0 00", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_nonConnectWithoutVersion_protocolError() {
        // [MQTT-3.1.0-1]
        assertRejected(null, "C0 00", ReasonCode.PROTOCOL_ERROR);
    }

    // ---- lengths and trailing bytes

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_pingReqWithBody_malformed(ProtocolVersion v) {
        assertRejected(v, "C0 01 00", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v311PubAckWithTrailingByte_malformed() {
        assertRejected(V311, "40 03 0001 00", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v311DisconnectWithBody_malformed() {
        assertRejected(V311, "E0 01 00", ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_pubAckTruncated_malformed(ProtocolVersion v) {
        assertRejected(v, "40 01 00", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_stringLengthBeyondPacket_malformed() {
        assertRejected(V311, """
                30 04   # PUBLISH QoS 0
                0005 61 62   # topic length 5 but only "ab" follows
                """, ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_propertyLengthBeyondPacket_malformed() {
        assertRejected(V5, "40 04 0001 00 05", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_propertyValueBeyondPropertyLength_malformed() {
        // property length 2 but Message Expiry Interval takes 5 bytes; the value runs into the payload
        assertRejected(V5, "30 0A 0001 74 02 02 00000001 FF", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_nonMinimalPropertyLength_malformed() {
        // [MQTT-1.5.5-1]
        assertRejected(V5, "40 05 0001 00 8000", ReasonCode.MALFORMED_PACKET);
    }

    // ---- UTF-8 [MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-1.5.4-3]

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_topicWithNullCharacter_malformed(ProtocolVersion v) {
        assertRejected(v, "30 05 0003 61 00 62", ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_topicWithEncodedSurrogate_malformed(ProtocolVersion v) {
        // ED A0 80 is U+D800 encoded as if it were a code point
        assertRejected(v, "30 05 0003 EDA080", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_topicWithOverlongNull_malformed() {
        // C0 80: the "modified UTF-8" null, overlong and so ill-formed
        assertRejected(V311, "30 04 0002 C080", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_topicWithInvalidContinuation_malformed() {
        assertRejected(V311, "30 04 0002 C328", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_topicWithTruncatedSequence_malformed() {
        assertRejected(V311, "30 04 0002 61 E2", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_topicAboveU10FFFF_malformed() {
        assertRejected(V311, "30 06 0004 F4908080", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_utf8PropertyIllFormed_malformed() {
        // PUBLISH topic "t", Content Type "\xFF"
        assertRejected(V5, "30 08 0001 74 04 03 0001 FF", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_topicWithBomAndFourByteCharacter_keptAsIs() throws Exception {
        // [MQTT-1.5.4-3] EF BB BF is U+FEFF and is not stripped; F0 9F 98 80 is U+1F600
        Publish p = (Publish) Wire.decode(V311, Wire.hex("30 0B 0009 EFBBBF 61 F09F9880 62"));
        assertThat(p.topic()).isEqualTo("\uFEFFa\uD83D\uDE00b");
    }

    // ---- topic names and filters

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_publishTopicWithWildcard_topicNameInvalid(ProtocolVersion v) {
        // [MQTT-3.3.2-2]
        assertRejected(v, v.isV5() ? "30 06 0003 612F23 00" : "30 05 0003 612F23", ReasonCode.TOPIC_NAME_INVALID);
    }

    @Test
    void decode_v311EmptyTopic_topicNameInvalid() {
        assertRejected(V311, "30 02 0000", ReasonCode.TOPIC_NAME_INVALID);
    }

    @Test
    void decode_v5EmptyTopicWithoutAlias_protocolError() {
        assertRejected(V5, "30 03 0000 00", ReasonCode.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_subscribeInvalidFilter_topicFilterInvalid(ProtocolVersion v) {
        String props = v.isV5() ? "00" : "";
        int len = 2 + props.length() / 2 + 2 + 4 + 1;
        assertRejected(v, "82 " + String.format("%02X", len) + " 0001 " + props + " 0004 612F2362 01",
                ReasonCode.TOPIC_FILTER_INVALID); // "a/#b"
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_unsubscribeEmptyFilter_topicFilterInvalid(ProtocolVersion v) {
        String props = v.isV5() ? "00" : "";
        int len = 2 + props.length() / 2 + 2;
        assertRejected(v, "A2 " + String.format("%02X", len) + " 0001 " + props + " 0000", ReasonCode.TOPIC_FILTER_INVALID);
    }

    @Test
    void decode_sharedSubscriptionWithoutFilter_topicFilterInvalid() {
        // "$share/g/" [MQTT-4.8.2-2]
        assertRejected(V5, "82 0F 0001 00 0009 2473686172652F672F 00", ReasonCode.TOPIC_FILTER_INVALID);
    }

    // ---- PUBLISH flags and packet identifiers

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_publishQos3_malformed(ProtocolVersion v) {
        // [MQTT-3.3.1-4]
        assertRejected(v, "36 05 0001 74 0001", ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_publishQos0WithDup_malformed(ProtocolVersion v) {
        // [MQTT-3.3.1-2]
        assertRejected(v, "38 03 0001 74", ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_publishQos1PacketId0_protocolError(ProtocolVersion v) {
        assertRejected(v, v.isV5() ? "32 06 0001 74 0000 00" : "32 05 0001 74 0000", ReasonCode.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_acknowledgementsPacketId0_protocolError(ProtocolVersion v) {
        assertRejected(v, "40 02 0000", ReasonCode.PROTOCOL_ERROR);
        assertRejected(v, "50 02 0000", ReasonCode.PROTOCOL_ERROR);
        assertRejected(v, "62 02 0000", ReasonCode.PROTOCOL_ERROR);
        assertRejected(v, "70 02 0000", ReasonCode.PROTOCOL_ERROR);
        assertRejected(v, "B0 02 0000", ReasonCode.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_subscribeAndUnsubscribePacketId0_protocolError(ProtocolVersion v) {
        String props = v.isV5() ? "00" : "";
        int extra = props.length() / 2;
        assertRejected(v, String.format("82 %02X 0000 %s 0001 61 00", 6 + extra, props), ReasonCode.PROTOCOL_ERROR);
        assertRejected(v, String.format("A2 %02X 0000 %s 0001 61", 5 + extra, props), ReasonCode.PROTOCOL_ERROR);
        assertRejected(v, String.format("90 %02X 0000 %s 00", 3 + extra, props), ReasonCode.PROTOCOL_ERROR);
    }

    // ---- CONNECT

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_connectReservedFlag_malformed(ProtocolVersion v) {
        // [MQTT-3.1.2-3]
        assertRejected(null, connect(v, 0x03, ""), ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_connectWillQosWithoutWill_malformed(ProtocolVersion v) {
        // [MQTT-3.1.2-11] (3.1.1: [MQTT-3.1.2-13])
        assertRejected(null, connect(v, 0x0A, ""), ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_connectWillRetainWithoutWill_malformed(ProtocolVersion v) {
        // [MQTT-3.1.2-13] (3.1.1: [MQTT-3.1.2-15])
        assertRejected(null, connect(v, 0x22, ""), ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_connectWillQos3_malformed(ProtocolVersion v) {
        // [MQTT-3.1.2-12] (3.1.1: [MQTT-3.1.2-14]); will topic "w", payload empty
        assertRejected(null, connect(v, 0x1E, (v.isV5() ? "00" : "") + "0001 77 0000"), ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"MQTT_3_1", "MQTT_3_1_1"})
    void decode_v3PasswordWithoutUsername_malformed(ProtocolVersion v) {
        // [MQTT-3.1.2-22]
        assertRejected(null, connect(v, 0x42, "0001 70"), ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v5PasswordWithoutUsername_accepted() throws Exception {
        Connect c = (Connect) Wire.decode(null, Wire.hex(connect(V5, 0x42, "0001 70")));
        assertThat(c.username()).isNull();
        assertThat(c.password().asUtf8()).isEqualTo("p");
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_willTopicWithWildcard_topicNameInvalid(ProtocolVersion v) {
        assertRejected(null, connect(v, 0x06, (v.isV5() ? "00" : "") + "0001 2B 0000"), ReasonCode.TOPIC_NAME_INVALID);
    }

    @Test
    void decode_connectUnknownProtocolName_unsupportedProtocolVersion() {
        assertRejected(null, "10 0C 0004 4D515458 04 02 003C 0000", ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @Test
    void decode_connectUnknownLevel_unsupportedProtocolVersion() {
        assertRejected(null, "10 0C 0004 4D515454 07 02 003C 0000", ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @Test
    void decode_connectMqisdpWithLevel4_unsupportedProtocolVersion() {
        assertRejected(null, "10 0E 0006 4D5149736470 04 02 003C 0000", ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_connectWithTrailingByte_malformed(ProtocolVersion v) {
        assertRejected(null, connect(v, 0x02, "FF"), ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_connectUserFlagWithoutUserName_malformed(ProtocolVersion v) {
        assertRejected(null, connect(v, 0x82, ""), ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_connectTruncatedInProtocolName_malformed() {
        assertRejected(null, "10 03 0004 4D", ReasonCode.MALFORMED_PACKET);
    }

    /** A CONNECT of the version with the given flags, keep alive 60, client id "c", then {@code rest}. */
    static String connect(ProtocolVersion v, int flags, String rest) {
        String header = switch (v) {
            case MQTT_3_1 -> "0006 4D5149736470 03";
            case MQTT_3_1_1 -> "0004 4D515454 04";
            case MQTT_5 -> "0004 4D515454 05";
        };
        String body = header + String.format(" %02X 003C ", flags) + (v.isV5() ? "00 " : "") + "0001 63 " + rest;
        int length = Wire.hex(body).length;
        return String.format("10 %02X ", length) + body;
    }

    // ---- SUBSCRIBE and UNSUBSCRIBE payloads

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_subscribeWithoutFilters_protocolError(ProtocolVersion v) {
        // [MQTT-3.8.3-2] (3.1.1: [MQTT-3.8.3-3])
        assertRejected(v, v.isV5() ? "82 03 0001 00" : "82 02 0001", ReasonCode.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_unsubscribeWithoutFilters_protocolError(ProtocolVersion v) {
        // [MQTT-3.10.3-2]
        assertRejected(v, v.isV5() ? "A2 03 0001 00" : "A2 02 0001", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_v311SubscribeReservedOptionBits_malformed() {
        // [MQTT-3-8.3-4] upper six bits of the requested QoS byte are reserved in 3.1.1
        assertRejected(V311, "82 06 0001 0001 61 04", ReasonCode.MALFORMED_PACKET);
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void decode_subscribeQos3_malformed(ProtocolVersion v) {
        assertRejected(v, v.isV5() ? "82 07 0001 00 0001 61 03" : "82 06 0001 0001 61 03", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v5SubscribeReservedOptionBits_malformed() {
        // [MQTT-3.8.3-5]
        assertRejected(V5, "82 07 0001 00 0001 61 40", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v5SubscribeRetainHandling3_protocolError() {
        assertRejected(V5, "82 07 0001 00 0001 61 30", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_v5SubscribeNoLocalOnSharedSubscription_protocolError() {
        // [MQTT-3.8.3-4] "$share/g/a" with No Local
        assertRejected(V5, "82 10 0001 00 000A 2473686172652F672F61 04", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_v5SubscribeV5OptionsDecoded() throws Exception {
        // options 0x2E: Retain Handling 2, Retain As Published, No Local, QoS 2
        Subscribe s = (Subscribe) Wire.decode(V5, Wire.hex("82 07 0001 00 0001 61 2E"));
        assertThat(s.subscriptions().get(0).noLocal()).isTrue();
        assertThat(s.subscriptions().get(0).retainAsPublished()).isTrue();
        assertThat(s.subscriptions().get(0).retainHandling().value()).isEqualTo(2);
        assertThat(s.subscriptions().get(0).maxQos().value()).isEqualTo(2);
    }

    // ---- acknowledgements and reason codes

    @Test
    void decode_v5PubAckUnknownReasonCode_malformed() {
        assertRejected(V5, "40 03 0001 05", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v5PubAckWithPubRelOnlyReasonCode_malformed() {
        // 0x92 Packet Identifier not found is valid in PUBREL and PUBCOMP only
        assertRejected(V5, "40 03 0001 92", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v5DisconnectUnknownReasonCode_malformed() {
        assertRejected(V5, "E0 01 01", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v5SubAckWithoutReasonCodes_protocolError() {
        assertRejected(V5, "90 03 0001 00", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_v5UnsubAckWithoutReasonCodes_protocolError() {
        assertRejected(V5, "B0 03 0001 00", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_connAckReservedFlags_malformed() {
        // [MQTT-3.2.2-1]
        assertRejected(V311, "20 02 02 00", ReasonCode.MALFORMED_PACKET);
        assertRejected(V5, "20 03 02 00 00", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_connAckRefusalWithSessionPresent_protocolError() {
        // [MQTT-3.2.2-4] (5.0: [MQTT-3.2.2-6])
        assertRejected(V311, "20 02 01 05", ReasonCode.PROTOCOL_ERROR);
        assertRejected(V5, "20 03 01 87 00", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_v311ConnAckReturnCode6_malformed() {
        assertRejected(V311, "20 02 00 06", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_v311SubAckReturnCode3_malformed() {
        assertRejected(V311, "90 03 0001 03", ReasonCode.MALFORMED_PACKET);
    }

    // ---- MQTT 5 properties

    @Test
    void decode_unknownPropertyIdentifier_malformed() {
        // PUBACK Success with property 0x04 (not assigned)
        assertRejected(V5, "40 06 0001 00 02 0400", ReasonCode.MALFORMED_PACKET);
    }

    @Test
    void decode_propertyNotAllowedInPacket_protocolError() {
        // PUBACK with Topic Alias 1
        assertRejected(V5, "40 07 0001 00 03 230001", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_propertyNotAllowedInWill_protocolError() {
        // will properties with Session Expiry Interval
        assertRejected(null, connect(V5, 0x06, "05 1100000001 0001 77 0000"), ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_singleValuedPropertyTwice_protocolError() {
        // PUBLISH "t" with Content Type "a" twice
        assertRejected(V5, "30 0C 0001 74 08 03000161 03000161", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_subscriptionIdentifierTwiceInSubscribe_protocolError() {
        assertRejected(V5, "82 0B 0001 04 0B01 0B02 0001 61 00", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_subscriptionIdentifier0_protocolError() {
        assertRejected(V5, "82 09 0001 02 0B00 0001 61 00", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_receiveMaximum0_protocolError() {
        assertRejected(null, connect(V5, 0x02, "").replace("003C 00 0001 63", "003C 03 210000 0001 63")
                .replaceFirst("^10 0E", "10 11"), ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_maximumPacketSize0_protocolError() {
        assertRejected(V5, "20 08 00 00 05 2700000000", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_maximumQos2_protocolError() {
        assertRejected(V5, "20 05 00 00 02 2402", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_retainAvailable2_protocolError() {
        assertRejected(V5, "20 05 00 00 02 2502", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_payloadFormatIndicator2_protocolError() {
        assertRejected(V5, "30 06 0001 74 02 0102", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_requestProblemInformation2_protocolError() {
        assertRejected(null, connect(V5, 0x02, "").replace("003C 00 0001 63", "003C 02 1702 0001 63")
                .replaceFirst("^10 0E", "10 10"), ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_requestResponseInformation2_protocolError() {
        assertRejected(null, connect(V5, 0x02, "").replace("003C 00 0001 63", "003C 02 1902 0001 63")
                .replaceFirst("^10 0E", "10 10"), ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_authenticationDataWithoutMethod_protocolError() {
        assertRejected(null, connect(V5, 0x02, "").replace("003C 00 0001 63", "003C 04 1600016B 0001 63")
                .replaceFirst("^10 0E", "10 12"), ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_topicAlias0_topicAliasInvalid() {
        assertRejected(V5, "30 07 0001 74 03 230000", ReasonCode.TOPIC_ALIAS_INVALID);
    }

    @Test
    void decode_responseTopicWithWildcard_protocolError() {
        // [MQTT-3.3.2-14]
        assertRejected(V5, "30 08 0001 74 04 0800012B", ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    void decode_userPropertyRepeatedAndSubscriptionIdentifiersInPublish_accepted() throws Exception {
        Publish p = (Publish) Wire.decode(V5, Wire.hex("""
                30 14        # PUBLISH QoS 0, remaining length 20
                0001 74      # topic "t"
                10           # property length 16
                26 0001 6B 0001 31   # User Property k=1
                26 0001 6B 0001 32   # User Property k=2
                0B 01        # Subscription Identifier 1
                """));
        assertThat(p.properties().userProperties()).hasSize(2);
        assertThat(p.properties().subscriptionIdentifiers()).containsExactly(1);
    }
}
