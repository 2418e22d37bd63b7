package io.mqttools.broker.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writer_nestedValues_commasAndNamesInPlace() {
        String json = new Json().beginObject().field("a", 1).name("b").beginArray().value("x").value(true)
                .beginObject().endObject().value((String) null).endArray().field("c", 1.5).endObject().toString();
        assertThat(json).isEqualTo("{\"a\":1,\"b\":[\"x\",true,{},null],\"c\":1.500}");
    }

    @Test
    void string_specialCharacters_escaped() {
        String json = new Json().value("q\"b\\n\n\t\u0001</script>&\u2028").toString();
        assertThat(json).isEqualTo("\"q\\\"b\\\\n\\n\\t\\u0001\\u003c/script\\u003e\\u0026\\u2028\"");
    }

    @Test
    void string_loneSurrogate_escapedPairKept() {
        assertThat(new Json().value("a\ud800b").toString()).isEqualTo("\"a\\ud800b\"");
        assertThat(new Json().value("\ud83d\ude00").toString()).isEqualTo("\"\ud83d\ude00\"");
    }

    @Test
    void number_notFinite_writtenAsZero() {
        assertThat(new Json().beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY).endArray().toString())
                .isEqualTo("[0,0]");
    }
}
