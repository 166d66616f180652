package io.stickyip.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stickyip.core.contract.ReservationSeal.Verdict;
import io.stickyip.core.testing.Pods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReservationSealTest {
    static final String UID = "7c1e0b0e-4a57-4f0e-9d43-3b1f8f6b7a21";
    static final Map<String, String> WRITTEN = Map.of(
            Annotations.RESERVED_IP,
            "192.0.2.10",
            Annotations.RESERVED_POOL,
            "blue",
            Annotations.WORKLOAD,
            "shop/deployment/db",
            Annotations.SLOT,
            "0",
            Annotations.CLAIM,
            UID,
            Annotations.PREFIX_LENGTH,
            "24",
            Annotations.GATEWAY,
            "192.0.2.1");
    static final String MISMATCH = "stickyip.io/seal does not match the pod's annotations or namespace";

    static Map<String, String> sealed() {
        return TestSeals.sealed("shop", UID, WRITTEN);
    }

    static UnaryOperator<Map<String, String>> set(String key, String value) {
        return m -> {
            Map<String, String> out = new LinkedHashMap<>(m);
            out.put(key, value);
            return out;
        };
    }

    static UnaryOperator<Map<String, String>> remove(String key) {
        return m -> {
            Map<String, String> out = new LinkedHashMap<>(m);
            out.remove(key);
            return out;
        };
    }

    static Stream<Arguments> tamperedPods() {
        return Stream.of(
                argumentSet("another address breaks it", set(Annotations.RESERVED_IP, "192.0.2.11"), "shop", MISMATCH),
                argumentSet("another pool breaks it", set(Annotations.RESERVED_POOL, "red"), "shop", MISMATCH),
                argumentSet(
                        "another workload breaks it",
                        set(Annotations.WORKLOAD, "shop/deployment/web"),
                        "shop",
                        MISMATCH),
                argumentSet("another slot breaks it", set(Annotations.SLOT, "1"), "shop", MISMATCH),
                argumentSet("another claim breaks it", set(Annotations.CLAIM, "other-uid"), "shop", MISMATCH),
                argumentSet("another prefix length breaks it", set(Annotations.PREFIX_LENGTH, "32"), "shop", MISMATCH),
                argumentSet("another gateway breaks it", set(Annotations.GATEWAY, "192.0.2.254"), "shop", MISMATCH),
                argumentSet("a removed gateway breaks it", remove(Annotations.GATEWAY), "shop", MISMATCH),
                argumentSet(
                        "a gateway added where none was signed breaks it",
                        (UnaryOperator<Map<String, String>>) m -> set(Annotations.GATEWAY, "192.0.2.1")
                                .apply(TestSeals.sealed(
                                        "shop", UID, remove(Annotations.GATEWAY).apply(WRITTEN))),
                        "shop",
                        MISMATCH),
                argumentSet(
                        "a value with a newline breaks it", set(Annotations.RESERVED_POOL, "blue\n"), "shop", MISMATCH),
                argumentSet(
                        "another namespace breaks it",
                        UnaryOperator.<Map<String, String>>identity(),
                        "tenant-b",
                        MISMATCH),
                argumentSet(
                        "another admission uid in the seal breaks it",
                        (UnaryOperator<Map<String, String>>) m -> set(
                                        Annotations.SEAL,
                                        m.get(Annotations.SEAL).replace(UID, "0c1e0b0e-4a57-4f0e-9d43-3b1f8f6b7a21"))
                                .apply(m),
                        "shop",
                        MISMATCH),
                argumentSet(
                        "a seal of an unknown key breaks it",
                        (UnaryOperator<Map<String, String>>)
                                m -> set(Annotations.SEAL, ReservationSeal.sign(TestSeals.OTHER, "shop", UID, WRITTEN))
                                        .apply(m),
                        "shop",
                        "stickyip.io/seal was not signed by this cluster's webhook (key id " + TestSeals.OTHER.keyId()
                                + " unknown)"),
                argumentSet(
                        "a missing seal breaks it", remove(Annotations.SEAL), "shop", "stickyip.io/seal is missing"),
                argumentSet(
                        "a hand-written seal breaks it",
                        set(Annotations.SEAL, "trust-me"),
                        "shop",
                        "stickyip.io/seal is not a stickyip seal (v1.<key id>.<admission uid>.<signature>)"),
                argumentSet(
                        "a signature that is not base64 breaks it",
                        (UnaryOperator<Map<String, String>>) m -> set(
                                        Annotations.SEAL,
                                        m.get(Annotations.SEAL)
                                                        .substring(
                                                                0,
                                                                m.get(Annotations.SEAL)
                                                                                .lastIndexOf('.')
                                                                        + 1)
                                                + "!!")
                                .apply(m),
                        "shop",
                        MISMATCH));
    }

    @ParameterizedTest
    @MethodSource("tamperedPods")
    void refuses(UnaryOperator<Map<String, String>> tamper, String namespace, String reason) {
        assertThat(ReservationSeal.verify(TestSeals.TRUSTED, namespace, tamper.apply(sealed())))
                .isEqualTo(new Verdict.Invalid(reason));
    }

    @Test
    void acceptsWhatTheWebhookSignedAndNamesTheAdmission() {
        assertThat(ReservationSeal.verify(TestSeals.TRUSTED, "shop", sealed()))
                .isEqualTo(new Verdict.Valid(UID, TestSeals.KEY.keyId()));
    }

    @Test
    void acceptsAnyOfSeveralKeysDuringARotation() {
        SealKeys both = SealKeys.of(List.of(TestSeals.OTHER.publicKey(), TestSeals.KEY.publicKey()));
        Map<String, String> byOther = new LinkedHashMap<>(WRITTEN);
        byOther.put(Annotations.SEAL, ReservationSeal.sign(TestSeals.OTHER, "shop", UID, WRITTEN));

        assertThat(ReservationSeal.verify(both, "shop", sealed())).isInstanceOf(Verdict.Valid.class);
        assertThat(ReservationSeal.verify(both, "shop", byOther)).isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void ignoresAnnotationsItDoesNotCover() {
        Map<String, String> more = set("example.com/team", "checkout")
                .apply(set(Annotations.POOL, "blue").apply(sealed()));

        assertThat(ReservationSeal.verify(TestSeals.TRUSTED, "shop", more)).isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void sealsAKnownMessageWithTheKeyIdOfTheDerEncoding() {
        String seal = sealed().get(Annotations.SEAL);

        assertThat(seal)
                .startsWith("v1." + TestSeals.KEY.keyId() + "." + UID + ".")
                .doesNotContain("=");
        assertThat(TestSeals.KEY.keyId())
                .hasSize(16)
                .isEqualTo(SealKeys.keyId(TestSeals.key(1).publicKey()));
        assertThat(TestSeals.KEY.keyId()).isNotEqualTo(TestSeals.OTHER.keyId());
        // Ed25519 is deterministic: the same key and message give the same seal
        assertThat(ReservationSeal.sign(TestSeals.KEY, "shop", UID, WRITTEN)).isEqualTo(seal);
    }

    @Test
    void refusesToSignANewlineOrAUidThatIsNone() {
        assertThatThrownBy(() -> ReservationSeal.sign(
                        TestSeals.KEY,
                        "shop",
                        UID,
                        set(Annotations.GATEWAY, "a\nb").apply(WRITTEN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReservationSeal.sign(TestSeals.KEY, "shop", "a.b", WRITTEN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivesThePublicKeyOfAPrivateKey() {
        SigningKey fresh = SigningKey.generate();

        assertThat(SigningKey.of(fresh.privateKey()).publicKey()).isEqualTo(fresh.publicKey());
    }

    static Stream<Arguments> carriedKeys() {
        return Stream.of(
                argumentSet(
                        "a pod never reviewed carries nothing of stickyip's",
                        Map.of(Annotations.POOL, "blue"),
                        Map.of(),
                        List.of()),
                argumentSet(
                        "a forged pod carries its written keys and the label",
                        Map.of(Annotations.RESERVED_IP, "192.0.2.9", Annotations.WORKLOAD, "x/pod/y"),
                        Map.of(Annotations.MANAGED_LABEL, "true"),
                        List.of(Annotations.RESERVED_IP, Annotations.WORKLOAD, Annotations.MANAGED_LABEL)),
                argumentSet(
                        "a seal alone counts", Map.of(Annotations.SEAL, "v1"), Map.of(), List.of(Annotations.SEAL)));
    }

    @ParameterizedTest
    @MethodSource("carriedKeys")
    void tellsWhichWrittenKeysAPodCarries(
            Map<String, String> annotations, Map<String, String> labels, List<String> carried) {
        assertThat(ReservationSeal.writtenKeysOn(annotations, labels)).isEqualTo(carried);
    }

    @Test
    void verifiesAPodInItsOwnNamespace() {
        Pod pod = Pods.pod("shop", "db-0")
                .editMetadata()
                .withAnnotations(sealed())
                .endMetadata()
                .build();
        Pod moved = new PodBuilder(pod)
                .editMetadata()
                .withNamespace("tenant-b")
                .endMetadata()
                .build();

        assertThat(ReservationSeal.verify(TestSeals.TRUSTED, pod)).isInstanceOf(Verdict.Valid.class);
        assertThat(ReservationSeal.verify(TestSeals.TRUSTED, moved)).isEqualTo(new Verdict.Invalid(MISMATCH));
    }
}
