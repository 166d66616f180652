package io.stickyip.core.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderIdsTest {

    @ParameterizedTest
    @CsvSource({
        "aws:///us-east-1a/i-0123456789abcdef0, i-0123456789abcdef0",
        "aws:///i-0123456789abcdef0, i-0123456789abcdef0",
        "aws://eu-west-1b/i-0abc1234, i-0abc1234",
        "' aws:///us-east-1a/i-0abc1234 ', i-0abc1234"
    })
    void theInstanceOfAnAwsProviderId(String providerId, String instance) {
        assertThat(ProviderIds.awsInstance(providerId)).contains(instance);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "gce://project/zone/vm",
                "kwok://node-1",
                "aws:///us-east-1a/",
                "aws:///us-east-1a/i-XYZ12345",
                "aws:///us-east-1a/i-0abc1234/extra",
                "aws:///a/b/i-0abc1234"
            })
    void nothingForAnythingElse(String providerId) {
        assertThat(ProviderIds.awsInstance(providerId)).isEmpty();
    }
}
