package io.stickyip.runtime.pools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.pool.CompiledPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePoolSourceTest {
    static final String DEMO = """
            apiVersion: stickyip.io/v1alpha1
            kind: IPPool
            metadata: {name: demo}
            spec: {cidr: 10.77.0.0/24}
            """;

    static void write(Path file, String text, long secondsAfterEpoch) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + secondsAfterEpoch)));
    }

    @Test
    void readsTheFileAndRereadsItWhenItChangesKeepingTheLastGoodPools(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pools.yaml");
        write(file, DEMO, 0);
        FilePoolSource pools = new FilePoolSource(file, Serialization.yamlMapper());
        assertThat(pools.ready()).isTrue();
        assertThat(pools.catalog().all()).extracting(CompiledPool::name).containsExactly("demo");

        write(file, DEMO + "---\n" + DEMO.replace("demo", "v6").replace("10.77.0.0/24", "2001:db8::/120"), 1);
        pools.reload();
        assertThat(pools.catalog().all()).extracting(CompiledPool::name).containsExactlyInAnyOrder("demo", "v6");

        write(file, "kind: ConfigMap\n", 2);
        pools.reload();
        assertThat(pools.pools()).hasSize(2);
    }

    @Test
    void refusesToStartOnAFileThatIsNotPools(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pools.yaml");
        write(file, "kind: ConfigMap\n", 0);

        assertThatThrownBy(() -> new FilePoolSource(file, Serialization.yamlMapper()))
                .hasMessageContaining("is not a list of IPPool documents")
                .hasMessageContaining("document of kind 'ConfigMap' is not an IPPool");
        assertThatThrownBy(() -> new FilePoolSource(dir.resolve("absent.yaml"), Serialization.yamlMapper()))
                .hasMessageContaining("cannot read pools file");
    }
}
