package io.thalamus.router.classification;

/** MurmurHash3 (x86, 32 bit) over the UTF-16 units of a string: stable across JVMs and releases. */
final class Murmur3 {

    private Murmur3() {
    }

    static int hash(CharSequence text, int seed) {
        int h = seed;
        int length = text.length();
        int i = 0;
        for (; i + 1 < length; i += 2) {
            h = mixH(h, mixK(text.charAt(i) | (text.charAt(i + 1) << 16)));
        }
        if (i < length) {
            h ^= mixK(text.charAt(i));
        }
        h ^= length * 2;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        return k * 0x1b873593;
    }

    private static int mixH(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }
}
