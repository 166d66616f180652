package io.stickyip.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickyip.certs.store.SealKeyFiles;
import io.stickyip.core.contract.SigningKey;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.runtime.testing.TestSealKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealKeyConfigTest {
    @TempDir
    Path temp;

    @Test
    void readsTheWebhookKeyAndTheAgentsKeys() {
        Map<String, String> env = TestSealKeys.write(temp);
        Path next = temp.resolve("next");
        SigningKey other = SigningKey.generate();
        SealKeyFiles.write(next, other, false);

        SealKeyConfig.Signer signer = SealKeyConfig.signer(new Env(env));
        SealKeyConfig.Trust trust = SealKeyConfig.trust(new Env(Map.of(
                SealKeyConfig.PUBLIC_KEYS, env.get(SealKeyConfig.PUBLIC_KEYS) + "," + next.resolve("seal.pub"))));

        assertThat(signer.key().keyId()).isEqualTo(TestSeals.KEY.keyId());
        assertThat(signer.describe()).doesNotContain("PRIVATE").contains(TestSeals.KEY.keyId());
        assertThat(trust.keys().ids()).containsExactlyInAnyOrder(TestSeals.KEY.keyId(), other.keyId());
    }

    @Test
    void bothAreRequired() {
        assertThatThrownBy(() -> SealKeyConfig.signer(new Env(Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_SEAL_KEY: (none) is required");
        assertThatThrownBy(() -> SealKeyConfig.trust(new Env(Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_SEAL_PUBLIC_KEYS: (none) is required");
    }

    @Test
    void aFileThatIsMissingOrOfAnotherAlgorithmStopsTheStartNamingIt() throws Exception {
        Path missing = temp.resolve("nope.key");
        Path rsa = temp.resolve("rsa.pub");
        var pair = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Files.writeString(
                rsa,
                "-----BEGIN PUBLIC KEY-----\n"
                        + java.util.Base64.getMimeEncoder()
                                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");

        assertThatThrownBy(() -> SealKeyConfig.signer(new Env(Map.of(SealKeyConfig.SIGNING_KEY, missing.toString()))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("STICKYIP_SEAL_KEY: " + missing + " cannot be used: " + missing + " does not exist");
        assertThatThrownBy(() -> SealKeyConfig.trust(new Env(Map.of(SealKeyConfig.PUBLIC_KEYS, rsa.toString()))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("STICKYIP_SEAL_PUBLIC_KEYS: " + rsa + " cannot be used: " + rsa
                        + " is not an Ed25519 public key");
    }
}
