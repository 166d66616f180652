package io.stickyip.agent;

import io.stickyip.runtime.config.Env;
import io.stickyip.runtime.config.SealKeyConfig;
import io.stickyip.runtime.testing.TestSealKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Test side: an agent's settings with the test seal key's public key trusted ({@link TestSealKeys}). */
public final class TestAgentEnv {
    private static final String PUBLIC_KEYS = written();

    private TestAgentEnv() {}

    public static Env of(Map<String, String> settings) {
        Map<String, String> m = new HashMap<>(settings);
        m.putIfAbsent(SealKeyConfig.PUBLIC_KEYS, PUBLIC_KEYS);
        return new Env(m);
    }

    private static String written() {
        try {
            return TestSealKeys.write(Files.createTempDirectory("stickyip-agent-seal-"))
                    .get(SealKeyConfig.PUBLIC_KEYS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
