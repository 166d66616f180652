package io.stickyip.webhook.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.stickyip.core.architecture.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/**
 * The webhook builds on runtime, core and the store (one of the store's users), never on the extender, the agent or
 * the controller, and holds no cloud credentials: no AWS SDK on its class path, and no class of it reaches runtime's
 * EC2 adapter ({@value #CLOUD_AWS}; that package is in runtime's jar, so only its classes are checked). Positive
 * control: the controller's {@code WebhookRulesControlTest}.
 */
class WebhookBoundariesTest extends ModuleBoundaries {
    WebhookBoundariesTest() {
        super(WEBHOOK, EXTENDER, AGENT, CONTROLLER, AWS_SDK);
    }

    @Test
    void noClassOfTheWebhookReachesTheAwsAdapter() {
        rule(CLOUD_AWS).check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(WEBHOOK));
    }
}
