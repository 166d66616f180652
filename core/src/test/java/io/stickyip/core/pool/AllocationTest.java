package io.stickyip.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import inet.ipaddr.IPAddress;
import io.stickyip.core.contract.Addresses;
import io.stickyip.core.testing.Pools;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AllocationTest {

    static IPAddress ip(String text) {
        return Addresses.parse(text).orElseThrow();
    }

    /** Takes a random {@code percent} of the pool; returns the taken indexes. */
    static Set<Long> fill(Allocation allocation, int percent, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<Long> taken = new HashSet<>();
        long size = allocation.space().size();
        long want = size * percent / 100;
        while (taken.size() < want) {
            long i = random.nextLong(size);
            if (taken.add(i)) {
                assertThat(allocation.markTaken(allocation.space().at(i))).isTrue();
            }
        }
        return taken;
    }

    static Stream<Arguments> fillLevels() {
        return Stream.of(
                arguments("10.0.0.0/24", 0, 5),
                arguments("10.0.0.0/24", 50, 5),
                arguments("10.0.0.0/24", 95, 5),
                arguments("10.0.0.0/28", 50, 7),
                arguments("10.0.0.0/31", 50, 1),
                arguments("fd00::/120", 90, 10),
                arguments("10.16.0.0/20", 99, 16));
    }

    @ParameterizedTest(name = "never returns a taken address from {0} at {1}% taken")
    @MethodSource("fillLevels")
    void neverReturnsATakenAddress(String cidr, int percent, int count) {
        for (long seed = 0; seed < 50; seed++) {
            Allocation allocation = new Allocation(Pools.space(cidr));
            fill(allocation, percent, seed);

            List<IPAddress> picked = allocation.pick(count, new SplittableRandom(seed * 31 + 7));

            assertThat(picked).as("seed %d", seed).doesNotHaveDuplicates().allSatisfy(a -> {
                assertThat(allocation.isTaken(a)).as("%s is taken", a).isFalse();
                assertThat(allocation.space().contains(a))
                        .as("%s is in the pool", a)
                        .isTrue();
            });
            assertThat(picked).hasSize((int) Math.min(count, allocation.freeCount()));
        }
    }

    @ParameterizedTest(name = "returns {2} of {1} free addresses when asked for {3}")
    @CsvSource({
        "10.0.0.0/29, 6, 6, 6",
        "10.0.0.0/29, 3, 3, 5",
        "10.0.0.0/29, 1, 1, 1",
        "10.0.0.0/29, 0, 0, 1",
        "fd00::/126, 2, 2, 3",
    })
    void returnsFewerOnlyWhenThePoolIsNearlyFull(String cidr, int free, int expected, int asked) {
        Allocation allocation = new Allocation(Pools.space(cidr));
        long size = allocation.space().size();
        for (long i = 0; i < size - free; i++) {
            allocation.markTaken(allocation.space().at(size - 1 - i));
        }

        for (long seed = 0; seed < 20; seed++) {
            List<IPAddress> picked = allocation.pick(asked, new SplittableRandom(seed));

            assertThat(picked)
                    .hasSize(expected)
                    .doesNotHaveDuplicates()
                    .allSatisfy(a -> assertThat(allocation.isTaken(a)).isFalse());
        }
    }

    @Test
    void handlesASlash16At99PercentTaken() {
        Allocation allocation = new Allocation(Pools.space("10.16.0.0/16"));
        Set<Long> taken = fill(allocation, 99, 42);
        long free = allocation.freeCount();
        assertThat(free).isEqualTo(65534 - taken.size()).isBetween(600L, 700L);

        List<IPAddress> five = allocation.pick(5, new SplittableRandom(1));
        List<IPAddress> everything = allocation.pick((int) free + 10, new SplittableRandom(2));

        assertThat(five).hasSize(5).doesNotHaveDuplicates().noneMatch(allocation::isTaken);
        assertThat(everything).hasSize((int) free).doesNotHaveDuplicates().noneMatch(allocation::isTaken);
        assertThat(everything.stream().map(a -> allocation.space().indexOf(a).orElseThrow()))
                .doesNotContainAnyElementsOf(taken);
    }

    @Test
    void handlesAnIPv6Slash64() {
        Allocation allocation = new Allocation(Pools.space("fd00:64::/64"));

        List<IPAddress> first = allocation.pick(100, new SplittableRandom(3));
        first.forEach(allocation::markTaken);
        List<IPAddress> second = allocation.pick(100, new SplittableRandom(3));

        assertThat(first)
                .hasSize(100)
                .doesNotHaveDuplicates()
                .allSatisfy(a -> assertThat(a.toCanonicalString()).startsWith("fd00:64:"));
        assertThat(allocation.takenCount()).isEqualTo(100);
        assertThat(second)
                .hasSize(100)
                .doesNotHaveDuplicates()
                .doesNotContainAnyElementsOf(first)
                .noneMatch(allocation::isTaken);
    }

    @Test
    void skipsTakenAddressesInASparsePool() {
        Allocation allocation = new Allocation(Pools.space("fd00::/64"));
        AddressSpace space = allocation.space();
        allocation.markTaken(space.at(7));
        allocation.markTaken(space.at(8));
        RandomGenerator scripted = scripted(7, 8, 7, 9, 9, 10);

        List<IPAddress> picked = allocation.pick(2, scripted);

        assertThat(picked).containsExactly(space.at(9), space.at(10));
    }

    @Test
    void startsAtARandomPlaceSoReplicasRarelyCollide() {
        Allocation allocation = new Allocation(Pools.space("10.0.0.0/22"));
        Set<IPAddress> firsts = new HashSet<>();

        for (long seed = 0; seed < 20; seed++) {
            firsts.add(allocation.pick(1, new SplittableRandom(seed)).getFirst());
        }

        assertThat(firsts).hasSizeGreaterThan(15);
    }

    @Test
    void wrapsAroundToTheStartOfThePool() {
        Allocation allocation = new Allocation(Pools.space("10.0.0.0/29"));
        AddressSpace space = allocation.space();
        allocation.markTaken(space.at(5));
        RandomGenerator startAtTheEnd = scripted(5);

        List<IPAddress> picked = allocation.pick(3, startAtTheEnd);

        assertThat(picked).containsExactly(space.at(0), space.at(1), space.at(2));
    }

    @Test
    void picksNothingWhenAskedForNothing() {
        Allocation allocation = new Allocation(Pools.space("10.0.0.0/24"));

        assertThat(allocation.pick(0, new SplittableRandom(1))).isEmpty();
    }

    @Test
    void countsTakenAndFreeAddresses() {
        Allocation allocation = new Allocation(Pools.space("10.0.0.0/24"));

        assertThat(allocation.markTaken(ip("10.0.0.5"))).isTrue();
        assertThat(allocation.markTaken(ip("10.0.0.5"))).as("taken twice").isFalse();
        assertThat(allocation.markTaken(ip("10.0.1.5"))).as("outside the pool").isFalse();
        assertThat(allocation.markTaken(ip("10.0.0.255"))).as("broadcast").isFalse();
        assertThat(allocation.isTaken(ip("10.0.0.5"))).isTrue();
        assertThat(allocation.takenCount()).isEqualTo(1);
        assertThat(allocation.freeCount()).isEqualTo(253);

        assertThat(allocation.markFree(ip("10.0.0.5"))).isTrue();
        assertThat(allocation.markFree(ip("10.0.0.5"))).as("freed twice").isFalse();
        assertThat(allocation.markFree(ip("10.0.1.5"))).as("outside the pool").isFalse();
        assertThat(allocation.isTaken(ip("10.0.0.5"))).isFalse();
        assertThat(allocation.takenCount()).isZero();
        assertThat(allocation.freeCount()).isEqualTo(254);
    }

    @Test
    void countsTakenAddressesInASparsePool() {
        Allocation allocation = new Allocation(Pools.space("2001:db8::/64"));

        assertThat(allocation.markTaken(ip("2001:db8::5"))).isTrue();
        assertThat(allocation.markTaken(ip("2001:db8::5"))).isFalse();
        assertThat(allocation.markTaken(ip("2001:db9::5"))).isFalse();
        assertThat(allocation.freeCount()).isEqualTo(AddressSpace.MAX_SIZE - 1);
        assertThat(allocation.markFree(ip("2001:db8::5"))).isTrue();
        assertThat(allocation.takenCount()).isZero();
    }

    /** A generator that returns the given values from nextInt/nextLong(bound), then repeats the last. */
    static RandomGenerator scripted(long... values) {
        Deque<Long> queue = new ArrayDeque<>();
        for (long v : values) {
            queue.add(v);
        }
        return new RandomGenerator() {
            long last;

            @Override
            public long nextLong() {
                return next();
            }

            @Override
            public long nextLong(long bound) {
                return next() % bound;
            }

            @Override
            public int nextInt(int bound) {
                return (int) (next() % bound);
            }

            private long next() {
                if (!queue.isEmpty()) {
                    last = queue.poll();
                }
                return last;
            }
        };
    }
}
