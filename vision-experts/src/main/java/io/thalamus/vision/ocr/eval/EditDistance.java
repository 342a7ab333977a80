package io.thalamus.vision.ocr.eval;

import java.util.List;

/** Levenshtein distance (insertions, deletions, substitutions each cost 1) over characters or words. */
public final class EditDistance {

    private EditDistance() {
    }

    public static int characters(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return distance(x.length, y.length, (i, j) -> x[i] == y[j]);
    }

    public static int words(List<String> a, List<String> b) {
        return distance(a.size(), b.size(), (i, j) -> a.get(i).equals(b.get(j)));
    }

    private static int distance(int n, int m, Same same) {
        int[] previous = new int[m + 1];
        int[] current = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            current[0] = i;
            for (int j = 1; j <= m; j++) {
                int substitution = previous[j - 1] + (same.at(i - 1, j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[m];
    }

    @FunctionalInterface
    private interface Same {
        boolean at(int i, int j);
    }
}
