package io.stickyip.core.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickyip.core.pool.CompiledPool;
import io.stickyip.core.pool.v1alpha1.Attachment;
import io.stickyip.core.pool.v1alpha1.Route;
import io.stickyip.core.testing.Pools;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PoolAttachmentsTest {

    static CompiledPool pool(Attachment attachment) throws Exception {
        return CompiledPool.of(Pools.pool("lan", "192.0.2.0/24", spec -> {
            spec.setGateway("192.0.2.1");
            spec.setRoutes(List.of(new Route("203.0.113.0/24", null), new Route("198.51.100.0/24", "192.0.2.254")));
            spec.setAttachment(attachment);
        }));
    }

    @Test
    void takesModeMasterGatewayRoutesAndTheCidrsPrefixFromThePool() throws Exception {
        Attachment a = new Attachment();
        a.setMode(Attachment.Mode.MACVLAN);
        a.setMaster("eth1");

        PodAttachment out = PoolAttachments.of(
                pool(a),
                List.of("192.0.2.50"),
                OptionalInt.empty(),
                Optional.empty(),
                List.of(IpPrefix.parse("10.96.0.0/12")));

        assertThat(out)
                .isEqualTo(new PodAttachment(
                        "lan",
                        Attachment.Mode.MACVLAN,
                        "eth1",
                        List.of(IpPrefix.parse("192.0.2.50/24")),
                        "192.0.2.1",
                        List.of(
                                new PoolRoute(IpPrefix.parse("203.0.113.0/24"), null),
                                new PoolRoute(IpPrefix.parse("198.51.100.0/24"), "192.0.2.254")),
                        List.of(IpPrefix.parse("10.96.0.0/12"))));
    }

    @Test
    void thePodsWrittenPrefixAndGatewayWinAndAPoolWithoutAttachmentIsRouted() throws Exception {
        PodAttachment out = PoolAttachments.of(
                pool(null), List.of("192.0.2.50"), OptionalInt.of(25), Optional.of("192.0.2.126"), List.of());

        assertThat(out.mode()).isEqualTo(Attachment.Mode.ROUTED);
        assertThat(out.addresses()).containsExactly(IpPrefix.parse("192.0.2.50/25"));
        assertThat(out.gateway()).isEqualTo("192.0.2.126");
    }
}
