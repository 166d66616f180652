package io.stickyip.aws.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(MotoExtension.class)}: one {@link MotoServer} for the whole test run (started on
 * first use, killed after the last test; every test starts from moto's reset), and a fresh {@link MotoWorld} (moto reset, a new VPC and
 * subnet) for each test, injected as a parameter of the test or of a {@code @BeforeEach} method; and, asked for as a
 * parameter too, a {@link FaultyEc2} in front of that moto for the test (no rules until the test adds some; seed
 * {@link #SEED}).
 */
public final class MotoExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MotoExtension.class);

    /** The seed of every {@link FaultyEc2} the extension makes: a run draws the same faults each time. */
    public static final long SEED = 22;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MotoWorld.class || type == FaultyEc2.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == FaultyEc2.class) {
            MotoWorld world = world(context);
            return context.getStore(NS)
                    .getOrComputeIfAbsent("faulty", k -> FaultyEc2.inFrontOf(world.endpoint(), SEED), FaultyEc2.class);
        }
        return world(context);
    }

    private static MotoWorld world(ExtensionContext context) {
        return context.getStore(NS)
                .getOrComputeIfAbsent(
                        "world",
                        k -> {
                            MotoServer moto = server(context);
                            moto.reset();
                            return new MotoWorld(moto);
                        },
                        MotoWorld.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        FaultyEc2 faulty = context.getStore(NS).remove("faulty", FaultyEc2.class);
        if (faulty != null) {
            faulty.close();
        }
        MotoWorld world = context.getStore(NS).remove("world", MotoWorld.class);
        if (world != null) {
            world.close();
        }
    }

    private static MotoServer server(ExtensionContext context) {
        return context.getRoot()
                .getStore(NS)
                .getOrComputeIfAbsent("server", k -> new Running(MotoServer.start()), Running.class)
                .moto;
    }

    /** Closed by JUnit with the root store, after the last test of the run. */
    private record Running(MotoServer moto) implements AutoCloseable {
        @Override
        public void close() {
            moto.close();
        }
    }
}
