package io.stickyip.agent.cri;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.stickyip.agent.cri.v1.ListPodSandboxRequest;
import io.stickyip.agent.cri.v1.PodSandbox;
import io.stickyip.agent.cri.v1.PodSandboxFilter;
import io.stickyip.agent.cri.v1.PodSandboxNetworkStatus;
import io.stickyip.agent.cri.v1.PodSandboxState;
import io.stickyip.agent.cri.v1.PodSandboxStateValue;
import io.stickyip.agent.cri.v1.PodSandboxStatusRequest;
import io.stickyip.agent.cri.v1.PodSandboxStatusResponse;
import io.stickyip.agent.cri.v1.RuntimeServiceGrpc;
import io.stickyip.core.plumbing.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link PodSandboxes} over the CRI (runtime.v1) on the runtime's unix socket (containerd, CRI-O): the ready
 * sandbox labelled with the pod's UID (the kubelet's {@code io.kubernetes.pod.uid}), then its verbose status.
 * Every call carries a deadline.
 */
public final class CriPodSandboxes implements PodSandboxes, AutoCloseable {

    public static final String UID_LABEL = "io.kubernetes.pod.uid";

    private final ManagedChannel channel;
    private final EpollEventLoopGroup group;
    private final RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime;
    private final Duration timeout;

    private CriPodSandboxes(ManagedChannel channel, EpollEventLoopGroup group, Duration timeout) {
        this.channel = channel;
        this.group = group;
        this.runtime = RuntimeServiceGrpc.newBlockingStub(channel);
        this.timeout = timeout;
    }

    /** A client of the runtime listening on {@code socket} (e.g. /run/containerd/containerd.sock). */
    public static CriPodSandboxes connect(Path socket, Duration timeout) {
        EpollEventLoopGroup group = new EpollEventLoopGroup(1);
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(group)
                .channelType(EpollDomainSocketChannel.class)
                .usePlaintext()
                .build();
        return new CriPodSandboxes(channel, group, timeout);
    }

    /** The generated stub with this client's deadline, for callers that need more of the CRI (tests). */
    public RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return runtime.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public SandboxLookup find(PodRef pod) {
        try {
            List<PodSandbox> ready = runtime()
                    .listPodSandbox(ListPodSandboxRequest.newBuilder()
                            .setFilter(PodSandboxFilter.newBuilder()
                                    .putLabelSelector(UID_LABEL, pod.uid())
                                    .setState(
                                            PodSandboxStateValue.newBuilder().setState(PodSandboxState.SANDBOX_READY)))
                            .build())
                    .getItemsList();
            Optional<PodSandbox> newest = ready.stream().max(Comparator.comparingLong(PodSandbox::getCreatedAt));
            if (newest.isEmpty()) {
                return new SandboxLookup.NotReady("no ready sandbox for pod " + pod);
            }
            String id = newest.get().getId();
            PodSandboxStatusResponse status = runtime()
                    .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                            .setPodSandboxId(id)
                            .setVerbose(true)
                            .build());
            SandboxInfo.Result netns = SandboxInfo.networkNamespace(status.getInfoMap());
            Instant created = Instant.EPOCH.plusNanos(newest.get().getCreatedAt());
            List<String> ips = new ArrayList<>();
            PodSandboxNetworkStatus network = status.getStatus().getNetwork();
            if (!network.getIp().isEmpty()) {
                ips.add(network.getIp());
            }
            network.getAdditionalIpsList().forEach(ip -> ips.add(ip.getIp()));
            return netns.path()
                    .<SandboxLookup>map(p -> new SandboxLookup.Found(id, Netns.atPath(p), created, ips))
                    .orElseGet(() ->
                            new SandboxLookup.Unavailable("sandbox " + id + " of pod " + pod + ": " + netns.why()));
        } catch (StatusRuntimeException e) {
            return new SandboxLookup.Unavailable("the runtime did not answer for pod " + pod + ": " + e.getStatus());
        }
    }

    @Override
    public List<Sandbox> list() {
        return runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .map(s -> new Sandbox(
                        s.getId(), s.getLabelsOrDefault(UID_LABEL, ""), s.getState() == PodSandboxState.SANDBOX_READY))
                .toList();
    }

    @Override
    public Optional<Netns> netns(String sandboxId) {
        try {
            PodSandboxStatusResponse status = runtime()
                    .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                            .setPodSandboxId(sandboxId)
                            .setVerbose(true)
                            .build());
            return SandboxInfo.networkNamespace(status.getInfoMap())
                    .path()
                    .map(Netns::atPath)
                    .filter(ns -> Files.exists(Path.of(ns.path())));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
