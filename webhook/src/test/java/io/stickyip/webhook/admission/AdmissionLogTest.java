package io.stickyip.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.stickyip.core.contract.TestSeals;
import io.stickyip.core.pool.PoolCatalog;
import io.stickyip.runtime.pods.LiveCheck;
import io.stickyip.runtime.pods.PodView;
import io.stickyip.testing.reservation.MapOccupancy;
import io.stickyip.testing.reservation.MapStore;
import io.stickyip.webhook.allocation.AllocationCache;
import io.stickyip.webhook.it.Reviews;
import io.stickyip.webhook.pods.SlotClaims;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the admission logs of a tenant's pod: its values escaped, one line per decision. */
class AdmissionLogTest {
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(PodAdmission.class);
    final PodAdmission admission = new PodAdmission(
            Serialization.jsonMapper(),
            () -> PoolCatalog.of(List.of()),
            new Reserver(
                    new MapStore(),
                    new AllocationCache(),
                    new SlotClaims(new MapOccupancy(), PodView.NONE, LiveCheck.NONE, Runnable::run, Clock.systemUTC())),
            new PodAdmission.Writes(TestSeals.KEY, Optional.empty()));

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void aPodNameAndAnAnnotationWithANewlineAndAQuoteAreLoggedEscapedOnOneLine() throws Exception {
        String body = Reviews.barePod(
                "shop",
                "evil\nINFO PodAdmission admitted uid=forged",
                Map.of("stickyip.io/ip", "10.0.0.300\" admitted=\"yes"));
        ParsedReview review =
                new AdmissionReviews(Serialization.jsonMapper()).parse(body.getBytes(StandardCharsets.UTF_8));

        AdmissionDecision decision =
                admission.admit(review).toCompletableFuture().join();

        assertThat(decision).isInstanceOf(AdmissionDecision.Deny.class);
        assertThat(logged.list).hasSize(1);
        String line = logged.list.getFirst().getFormattedMessage();
        assertThat(line).doesNotContain("\n");
        assertThat(line).contains("pod=shop/evil\\nINFO PodAdmission admitted uid=forged");
        assertThat(line).contains("10.0.0.300\\\" admitted=\\\"yes");
    }
}
