package io.stickyip.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code kubectl exec} through the API server and the node's kubelet. */
final class PodExec {
    private PodExec() {}

    /** The command's stdout; fails unless it exits 0. */
    static String exec(KubernetesClient k, String namespace, String pod, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = k.pods()
                .inNamespace(namespace)
                .withName(pod)
                .writingOutput(out)
                .writingError(err)
                .exec(command)) {
            Integer code = watch.exitCode().get(30, TimeUnit.SECONDS);
            if (code == null || code != 0) {
                throw new AssertionError("exit " + code + " of " + List.of(command) + " in " + pod + " (stderr: "
                        + err.toString(StandardCharsets.UTF_8) + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("exec of " + List.of(command) + " in " + pod + " did not finish", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
