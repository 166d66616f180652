package io.stickyip.certs.cli.kube;

import io.stickyip.certs.CertsException;

/** A named webhook configuration does not exist. */
public final class WebhookConfigurationNotFoundException extends CertsException {
    public WebhookConfigurationNotFoundException(WebhookTarget target) {
        super("no " + target.kind().apiKind() + " named " + target.name());
    }
}
