package io.stickyip.runtime.testing;

import io.stickyip.certs.store.SealKeyFiles;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.runtime.config.SealKeyConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test side: the seal key pair of {@link TestSeals#KEY} written as files, and the settings that point the
 * webhook ({@value SealKeyConfig#SIGNING_KEY}) and the agents ({@value SealKeyConfig#PUBLIC_KEYS}) at them.
 */
public final class TestSealKeys {
    private TestSealKeys() {}

    /** Writes {@code seal.key} and {@code seal.pub} into {@code dir} (replacing any); returns both settings. */
    public static Map<String, String> write(Path dir) {
        SealKeyFiles.write(dir, TestSeals.KEY, true);
        return Map.of(
                SealKeyConfig.SIGNING_KEY,
                dir.resolve(SealKeyFiles.PRIVATE_FILE).toString(),
                SealKeyConfig.PUBLIC_KEYS,
                dir.resolve(SealKeyFiles.PUBLIC_FILE).toString());
    }
}
