package io.stickyip.core.pool.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Provider types and attachment modes are enums whose JSON names are the words users write. */
class PoolEnumsTest {

    static IPPoolSpec spec(String json) {
        return Serialization.jsonMapper().readValue(json, IPPoolSpec.class);
    }

    @ParameterizedTest(name = "provider type {0} reads as {1}")
    @CsvSource({"static, STATIC", "aws, AWS"})
    void readsTheProviderType(String word, Provider.Type type) {
        assertThat(spec("{\"provider\":{\"type\":\"" + word + "\"}}")
                        .getProvider()
                        .getType())
                .isEqualTo(type);
        assertThat(type.wireName()).isEqualTo(word);
    }

    @ParameterizedTest(name = "attachment mode {0} reads as {1}")
    @CsvSource({"macvlan, MACVLAN", "ipvlan, IPVLAN", "routed, ROUTED"})
    void readsTheAttachmentMode(String word, Attachment.Mode mode) {
        assertThat(spec("{\"attachment\":{\"mode\":\"" + word + "\"}}")
                        .getAttachment()
                        .getMode())
                .isEqualTo(mode);
        assertThat(mode.wireName()).isEqualTo(word);
    }

    @ParameterizedTest(name = "writes {0} as its lower-case word")
    @EnumSource(Attachment.Mode.class)
    void writesTheWordBack(Attachment.Mode mode) {
        Attachment a = new Attachment();
        a.setMode(mode);

        assertThat(Serialization.jsonMapper().writeValueAsString(a)).contains("\"mode\":\"" + mode.wireName() + "\"");
    }

    @ParameterizedTest(name = "refuses {0}")
    @CsvSource({
        "'{\"attachment\":{\"mode\":\"bridge\"}}', bridge",
        "'{\"provider\":{\"type\":\"gcp\"}}', gcp",
        "'{\"provider\":{\"type\":\"AWS\"}}', AWS"
    })
    void refusesAnUnknownWordNamingIt(String json, String word) {
        assertThatThrownBy(() -> spec(json)).hasMessageContaining("\"" + word + "\"");
    }

    @org.junit.jupiter.api.Test
    void defaultsToStaticAndRouted() {
        assertThat(new Provider().getType()).isEqualTo(Provider.Type.STATIC);
        assertThat(new Attachment().getMode()).isEqualTo(Attachment.Mode.ROUTED);
    }
}
