package io.stickyip.runtime.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResourcesTest {
    @Test
    void closesInReverseOrderAndGoesOnPastAFailure() {
        List<String> closed = new ArrayList<>();
        Resources resources = new Resources();
        resources.add(() -> closed.add("client"));
        resources.add(() -> {
            closed.add("informers");
            throw new IllegalStateException("already closed");
        });
        AutoCloseable server = resources.add(() -> closed.add("server"));

        resources.close();
        resources.close();

        assertThat(server).isNotNull();
        assertThat(closed).containsExactly("server", "informers", "client");
    }
}
