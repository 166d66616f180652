package io.stickyip.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    @Test
    void aFailedStartClosesWhatItHadOpenedAndRethrows() {
        List<String> closed = new ArrayList<>();
        assertThatThrownBy(() -> Resources.open(r -> {
                    r.add(() -> closed.add("client"));
                    r.add(() -> closed.add("store"));
                    throw new IllegalStateException("port 8443 in use");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("port 8443 in use");
        assertThat(closed).containsExactly("store", "client");
    }

    @Test
    void aSuccessfulStartKeepsWhatItOpened() {
        List<String> closed = new ArrayList<>();
        Resources kept = Resources.open(r -> {
            r.add(() -> closed.add("client"));
            return r;
        });
        assertThat(closed).isEmpty();
        kept.close();
        assertThat(closed).containsExactly("client");
    }
}
