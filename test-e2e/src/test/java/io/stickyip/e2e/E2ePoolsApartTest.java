package io.stickyip.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The e2e classes share one cluster, and the webhook refuses a pool that overlaps another (an address
 * belongs to one pool): every pool CIDR an e2e class creates must be apart from every other's. Checked
 * here, in a second, rather than found as a set-up failure after twenty minutes of the suite.
 */
class E2ePoolsApartTest {
    /** {@code spec.setCidr("C")} and the e2e helpers {@code pool(NAME, "C", ...)}. */
    private static final Pattern POOL_CIDR = Pattern.compile("(?:setCidr\\(|pool\\([^,()]+, )\"([0-9a-f.:]+/[0-9]+)\"");

    record Found(String where, IPAddress cidr) {}

    @Test
    void everyPoolCidrOfTheSuiteIsApartFromEveryOther() {
        List<Found> found = cidrs(Path.of("src", "test", "java", "io", "stickyip", "e2e"));
        assertThat(found).as("the scan finds the suite's pools").hasSizeGreaterThan(8);
        for (int i = 0; i < found.size(); i++) {
            for (int j = i + 1; j < found.size(); j++) {
                Found a = found.get(i);
                Found b = found.get(j);
                assertThat(a.cidr().overlaps(b.cidr()))
                        .as("%s (%s) overlaps %s (%s)", a.cidr(), a.where(), b.cidr(), b.where())
                        .isFalse();
            }
        }
    }

    @Test
    void anOverlapIsSeen() { // positive control of the check above
        assertThat(new IPAddressString("10.87.0.0/24")
                        .getAddress()
                        .overlaps(new IPAddressString("10.87.0.0/28").getAddress()))
                .isTrue();
    }

    private static List<Found> cidrs(Path dir) {
        List<Found> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith("E2EIT.java"))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int n = 0; n < lines.size(); n++) {
                    Matcher m = POOL_CIDR.matcher(lines.get(n));
                    while (m.find()) {
                        out.add(new Found(
                                f.getFileName() + ":" + (n + 1), new IPAddressString(m.group(1)).getAddress()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
