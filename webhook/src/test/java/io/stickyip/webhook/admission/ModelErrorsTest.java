package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.pool.v1alpha1.IPPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.ObjectMapper;

class ModelErrorsTest {
    static final ObjectMapper MAPPER = Serialization.jsonMapper();
    static final ModelErrors ERRORS = new ModelErrors(MAPPER);

    static String refusal(String spec) {
        RuntimeException e = catchRuntimeException(() -> MAPPER.readValue(
                "{\"apiVersion\":\"stickyip.io/v1alpha1\",\"kind\":\"IPPool\",\"metadata\":{\"name\":\"p\"},\"spec\":"
                        + spec + "}",
                IPPool.class));
        assertThat(e).as("the model refuses %s", spec).isNotNull();
        return ERRORS.describe(e);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"attachment\":{\"mode\":\"bridge\"}}  | spec.attachment.mode: bridge must be one of macvlan, ipvlan, routed",
                "{\"provider\":{\"type\":\"gcp\"}}       | spec.provider.type: gcp must be one of static, aws",
                "{\"scope\":\"Pods\"}                    | spec.scope: Pods must be one of Pod, Node",
            })
    void namesFieldValueAndTheAllowedWords(String spec, String message) {
        assertThat(refusal(spec)).isEqualTo(message);
    }

    @Test
    void namesTheFieldOfAnyOtherMismatch() {
        assertThat(refusal("{\"prefixLength\":\"wide\"}"))
                .startsWith("spec.prefixLength: ")
                .doesNotContain("\n");
    }

    @Test
    void passesOtherErrorsThrough() {
        assertThat(ERRORS.describe(new IllegalStateException("boom"))).isEqualTo("boom");
    }
}
