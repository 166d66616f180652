package io.stickyip.certs.cli.kube;

/** What patching one webhook configuration did. */
public record CaBundlePatch(WebhookTarget target, int webhooks, boolean changed) {
    public String describe() {
        String count = webhooks + (webhooks == 1 ? " webhook" : " webhooks");
        return changed
                ? "patched caBundle of " + count + " in " + target
                : "caBundle of " + count + " in " + target + " already current";
    }
}
