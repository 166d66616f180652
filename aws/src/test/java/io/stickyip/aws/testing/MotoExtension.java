package io.stickyip.aws.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(MotoExtension.class)}: one {@link MotoServer} for the whole test run (started on
 * first use, killed after the last test; every test starts from moto's reset), and a fresh {@link MotoWorld} (moto reset, a new VPC and
 * subnet) for each test, injected as a parameter of the test or of a {@code @BeforeEach} method.
 */
public final class MotoExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoWorld.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
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
