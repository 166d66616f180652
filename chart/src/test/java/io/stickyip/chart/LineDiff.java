package io.stickyip.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * A readable line diff of two texts for a failing comparison: hunks in the unified format ({@code -} expected,
 * {@code +} actual) with two lines of context, from a longest common subsequence of the lines.
 */
final class LineDiff {
    private static final int CONTEXT = 2;

    private LineDiff() {}

    /** The hunks that turn {@code expected} into {@code actual}; empty when they are equal. */
    static String of(String expected, String actual) {
        if (expected.equals(actual)) {
            return "";
        }
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        List<String[]> ops = ops(a, b);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i)[0].equals(" ")) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while changes are no more than 2*CONTEXT lines apart
            int lastChange = i;
            while (end < ops.size() && end - lastChange <= 2 * CONTEXT) {
                if (!ops.get(end)[0].equals(" ")) {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            out.append("@@ line ").append(ops.get(start)[2]).append(" @@\n");
            for (int k = start; k < end; k++) {
                out.append(ops.get(k)[0]).append(ops.get(k)[1]).append('\n');
            }
            i = end;
        }
        if (out.isEmpty()) { // only the line ends differ
            out.append("(the texts differ only in line endings or a final newline)\n");
        }
        return out.toString();
    }

    /** Each line as {op, text, line number in expected (1-based)}: " " kept, "-" removed, "+" added. */
    private static List<String[]> ops(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int x = n - 1; x >= 0; x--) {
            for (int y = m - 1; y >= 0; y--) {
                lcs[x][y] = a.get(x).equals(b.get(y)) ? lcs[x + 1][y + 1] + 1 : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
            }
        }
        List<String[]> ops = new ArrayList<>();
        int x = 0;
        int y = 0;
        while (x < n || y < m) {
            if (x < n && y < m && a.get(x).equals(b.get(y))) {
                ops.add(new String[] {" ", a.get(x), String.valueOf(x + 1)});
                x++;
                y++;
            } else if (x < n && (y == m || lcs[x + 1][y] >= lcs[x][y + 1])) { // removals first, as diff -u
                ops.add(new String[] {"-", a.get(x), String.valueOf(x + 1)});
                x++;
            } else {
                ops.add(new String[] {"+", b.get(y), String.valueOf(x + 1)});
                y++;
            }
        }
        return ops;
    }
}
