package io.thalamus.model.image;

import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a JPEG (tag 0x0112 of the first IFD in its APP1 "Exif" segment), and turning pixels
 * upright by it. Cameras store pixels as the sensor saw them and record how to turn them in this tag.
 */
public final class ExifOrientation {

    public static final int UPRIGHT = 1;

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {
    }

    /** The orientation (1–8) a JPEG declares; 1 when it declares none or the segment is malformed. */
    public static int read(byte[] jpeg) {
        int i = 2;
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return UPRIGHT;
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                i += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return UPRIGHT;
            }
            int length = be16(jpeg, i + 2);
            int segment = i + 4;
            if (length < 2 || segment + length - 2 > jpeg.length) {
                return UPRIGHT;
            }
            if (marker == 0xE1 && length >= 16 && isExifHeader(jpeg, segment)) {
                int orientation = readTiff(jpeg, segment + 6, segment + length - 2);
                if (orientation != 0) {
                    return orientation;
                }
            }
            i = segment + length - 2;
        }
        return UPRIGHT;
    }

    /** The image turned upright; the same image for orientation 1 (or an unknown value). */
    public static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= UPRIGHT || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] source = image.getRGB(0, 0, w, h, null, 0, w);
        boolean quarterTurn = orientation >= 5;
        int outW = quarterTurn ? h : w;
        int outH = quarterTurn ? w : h;
        int[] target = new int[source.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int tx;
                int ty;
                switch (orientation) {
                    case 2 -> { tx = w - 1 - x; ty = y; }
                    case 3 -> { tx = w - 1 - x; ty = h - 1 - y; }
                    case 4 -> { tx = x; ty = h - 1 - y; }
                    case 5 -> { tx = y; ty = x; }
                    case 6 -> { tx = h - 1 - y; ty = x; }
                    case 7 -> { tx = h - 1 - y; ty = w - 1 - x; }
                    default -> { tx = y; ty = w - 1 - x; }
                }
                target[ty * outW + tx] = source[y * w + x];
            }
        }
        BufferedImage upright = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        upright.setRGB(0, 0, outW, outH, target, 0, outW);
        return upright;
    }

    private static boolean isExifHeader(byte[] data, int at) {
        return data[at] == 'E' && data[at + 1] == 'x' && data[at + 2] == 'i' && data[at + 3] == 'f'
                && data[at + 4] == 0 && data[at + 5] == 0;
    }

    /** The orientation in a TIFF structure spanning [start, end), 0 when absent or malformed. */
    private static int readTiff(byte[] data, int start, int end) {
        if (end - start < 8) {
            return 0;
        }
        boolean little;
        if (data[start] == 'I' && data[start + 1] == 'I') {
            little = true;
        } else if (data[start] == 'M' && data[start + 1] == 'M') {
            little = false;
        } else {
            return 0;
        }
        if (u16(data, start + 2, little) != 42) {
            return 0;
        }
        long ifd = u32(data, start + 4, little);
        if (ifd < 8 || start + ifd + 2 > end) {
            return 0;
        }
        int entries = start + (int) ifd;
        int count = u16(data, entries, little);
        for (int e = 0; e < count; e++) {
            int entry = entries + 2 + e * 12;
            if (entry + 12 > end) {
                return 0;
            }
            if (u16(data, entry, little) == TAG_ORIENTATION) {
                if (u16(data, entry + 2, little) != TYPE_SHORT) {
                    return 0;
                }
                int value = u16(data, entry + 8, little);
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    private static int be16(byte[] data, int at) {
        return (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
    }

    private static int u16(byte[] data, int at, boolean little) {
        return little ? (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8 : be16(data, at);
    }

    private static long u32(byte[] data, int at, boolean little) {
        long a = data[at] & 0xFF;
        long b = data[at + 1] & 0xFF;
        long c = data[at + 2] & 0xFF;
        long d = data[at + 3] & 0xFF;
        return little ? a | b << 8 | c << 16 | d << 24 : a << 24 | b << 16 | c << 8 | d;
    }
}
