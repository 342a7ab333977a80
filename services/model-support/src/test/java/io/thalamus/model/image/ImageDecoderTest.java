package io.thalamus.model.image;

import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageDecoderTest {

    private static final Color RED = new Color(220, 30, 30);
    private static final Color BLUE = new Color(30, 30, 220);

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.defaults());

    @Test
    void decodesPngAndJpegByContent() throws IOException {
        BufferedImage halves = halves(40, 20);
        for (String format : new String[] {"png", "jpeg"}) {
            DecodedImage decoded = decoder.decode(encode(halves, format), "image/" + format, "input.image");
            assertThat(decoded.width()).isEqualTo(40);
            assertThat(decoded.height()).isEqualTo(20);
            assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            assertClose(decoded.image().getRGB(5, 10), RED);
            assertClose(decoded.image().getRGB(35, 10), BLUE);
        }
    }

    @Test
    void decodesLossyAndLosslessWebp() throws IOException {
        for (String name : new String[] {"red-blue-40x20-lossy.webp", "red-blue-40x20-lossless.webp"}) {
            DecodedImage decoded = decoder.decode(resource(name), "image/webp", "input.image");
            assertThat(decoded.header().format()).isEqualTo(ImageFormat.WEBP);
            assertThat(decoded.width()).isEqualTo(40);
            assertThat(decoded.height()).isEqualTo(20);
            assertClose(decoded.image().getRGB(5, 10), RED);
            assertClose(decoded.image().getRGB(35, 10), BLUE);
        }
    }

    @Test
    void withoutADeclaredTypeTheContentDecides() throws IOException {
        assertThat(decoder.inspect(encode(halves(8, 4), "png"), null, "input.image").format())
                .isEqualTo(ImageFormat.PNG);
    }

    @Test
    void aDeclaredTypeThatContradictsTheContentIsRefused() throws IOException {
        byte[] png = encode(halves(8, 4), "png");
        assertProblem(() -> decoder.decode(png, "image/jpeg", "input.image"), ProblemType.INVALID_REQUEST,
                "input.image.mediaType", "declares image/jpeg but the content is image/png");
    }

    @Test
    void unsupportedFormatsAreRefusedWith415() throws IOException {
        byte[] gif = encode(halves(8, 4), "gif");
        assertProblem(() -> decoder.decode(gif, "image/gif", "input.image"), ProblemType.UNSUPPORTED_MEDIA,
                "input.image.base64", "is image/gif, which is not accepted here; accepted: PNG, JPEG, WebP");
        byte[] text = "just some text, not an image".getBytes();
        assertProblem(() -> decoder.decode(text, "image/png", "input.image"), ProblemType.UNSUPPORTED_MEDIA,
                "input.image.base64", "is not a PNG, JPEG, WebP or GIF image, judged by its content");
    }

    @Test
    void aPngHeaderClaimingHugeDimensionsIsRefusedBeforeDecoding() {
        byte[] bomb = pngClaiming(100_000, 100_000);
        long start = System.nanoTime();
        assertProblem(() -> decoder.decode(bomb, "image/png", "input.image"), ProblemType.PAYLOAD_TOO_LARGE,
                "input.image.base64", "is 100000×100000 = 10000000000 pixels, the limit is 36000000");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void aJpegHeaderClaimingHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
        byte[] jpeg = encode(halves(40, 20), "jpeg");
        patchJpegSize(jpeg, 60_000, 60_000);
        assertProblem(() -> decoder.decode(jpeg, "image/jpeg", "input.image"), ProblemType.PAYLOAD_TOO_LARGE,
                "input.image.base64", "is 60000×60000 = 3600000000 pixels");
    }

    @Test
    void sideBytesAndPixelLimitsAreConfigurable() throws IOException {
        byte[] png = encode(halves(400, 10), "png");
        ImageDecoder narrow = new ImageDecoder(ImageLimits.defaults().withMaxSide(300));
        assertProblem(() -> narrow.inspect(png, "image/png", "input.image"), ProblemType.PAYLOAD_TOO_LARGE,
                "input.image.base64", "is 400×10 pixels, the longest side allowed is 300");
        ImageDecoder small = new ImageDecoder(ImageLimits.defaults().withMaxBytes(png.length - 1L));
        assertProblem(() -> small.inspect(png, "image/png", "input.image"), ProblemType.PAYLOAD_TOO_LARGE,
                "input.image.base64", "has " + png.length + " bytes, the limit is " + (png.length - 1));
        ImageDecoder few = new ImageDecoder(ImageLimits.defaults().withMaxPixels(3_999));
        assertProblem(() -> few.inspect(png, "image/png", "input.image"), ProblemType.PAYLOAD_TOO_LARGE,
                "input.image.base64", "= 4000 pixels, the limit is 3999");
    }

    @Test
    void truncatedImagesAreRefusedAsUnreadable() throws IOException {
        BufferedImage noisy = noise(64, 64);
        for (String format : new String[] {"png", "jpeg"}) {
            byte[] whole = encode(noisy, format);
            byte[] truncated = Arrays.copyOf(whole, whole.length / 2);
            assertProblem(() -> decoder.decode(truncated, "image/" + format, "input.image"),
                    ProblemType.INVALID_IMAGE, "input.image.base64", "(corrupt or truncated)");
        }
        byte[] webp = resource("red-blue-40x20-lossy.webp");
        byte[] truncatedWebp = Arrays.copyOf(webp, 40);
        assertProblem(() -> decoder.decode(truncatedWebp, "image/webp", "input.image"), ProblemType.INVALID_IMAGE,
                "input.image.base64", "is not a readable image/webp image");
    }

    @Test
    void aSignatureFollowedByGarbageIsUnreadable() {
        byte[] garbage = new byte[200];
        new java.util.Random(7).nextBytes(garbage);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, garbage, 0, 8);
        assertProblem(() -> decoder.decode(garbage, "image/png", "input.image"), ProblemType.INVALID_IMAGE,
                "input.image.base64", "is not a readable image/png image");
    }

    @Test
    void exifOrientationTurnsAJpegUpright() throws IOException {
        byte[] plain = encode(halves(40, 20), "jpeg");
        // orientation 6: the camera was turned a quarter clockwise; the left of the stored pixels is the top
        byte[] rotated = withExifOrientation(plain, 6, true);
        DecodedImage decoded = decoder.decode(rotated, "image/jpeg", "input.image");
        assertThat(decoded.header().orientation()).isEqualTo(6);
        assertThat(decoded.width()).isEqualTo(20);
        assertThat(decoded.height()).isEqualTo(40);
        assertClose(decoded.image().getRGB(10, 5), RED);
        assertClose(decoded.image().getRGB(10, 35), BLUE);

        DecodedImage mirrored = decoder.decode(withExifOrientation(plain, 2, false), "image/jpeg", "input.image");
        assertThat(mirrored.width()).isEqualTo(40);
        assertClose(mirrored.image().getRGB(5, 10), BLUE);
        assertClose(mirrored.image().getRGB(35, 10), RED);

        assertThat(decoder.decode(plain, "image/jpeg", "input.image").header().orientation()).isEqualTo(1);
    }

    @Test
    void everyOrientationMapsTheCornersLikeExifSays() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xFF0000); // top-left marker
        int[][] expectedTopLeftAt = {{}, {0, 0}, {2, 0}, {2, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 2}, {0, 2}};
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage upright = ExifOrientation.apply(image, orientation);
            int[] at = expectedTopLeftAt[orientation];
            assertThat(upright.getRGB(at[0], at[1]) & 0xFFFFFF).as("orientation %d", orientation).isEqualTo(0xFF0000);
        }
    }

    @Test
    void base64IsDecodedOrRefused() {
        assertThat(ImageDecoder.decodeBase64(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\n", "f"))
                .containsExactly(1, 2, 3);
        assertProblem(() -> ImageDecoder.decodeBase64("not base64 ***", "input.image"), ProblemType.INVALID_IMAGE,
                "input.image.base64", "is not valid base64");
        assertProblem(() -> ImageDecoder.decodeBase64(" ", "input.image"), ProblemType.INVALID_IMAGE,
                "input.image.base64", "is empty");
    }

    private static void assertProblem(Runnable call, ProblemType type, String field, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().is(type)).as("type of %s", e.problem()).isTrue();
            assertThat(e.problem().status()).isEqualTo(type.status());
            assertThat(e.problem().errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo(field);
                assertThat(error.message()).contains(message);
            });
            assertThat(e.problem().detail()).contains(field);
        });
    }

    private static void assertClose(int rgb, Color expected) {
        Color actual = new Color(rgb);
        assertThat(Math.abs(actual.getRed() - expected.getRed())).as("red of %s", actual).isLessThan(40);
        assertThat(Math.abs(actual.getGreen() - expected.getGreen())).as("green of %s", actual).isLessThan(40);
        assertThat(Math.abs(actual.getBlue() - expected.getBlue())).as("blue of %s", actual).isLessThan(40);
    }

    private static BufferedImage halves(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("writer for %s", format).isTrue();
        return out.toByteArray();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/images/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** A PNG signature, an IHDR claiming the size (valid CRC), a tiny IDAT and IEND. */
    private static byte[] pngClaiming(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Rewrites the height and width of the first SOF0/SOF2 frame header. */
    private static void patchJpegSize(byte[] jpeg, int width, int height) {
        for (int i = 2; i + 9 < jpeg.length; i++) {
            int marker = jpeg[i + 1] & 0xFF;
            if ((jpeg[i] & 0xFF) == 0xFF && (marker == 0xC0 || marker == 0xC2)) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return;
            }
        }
        throw new AssertionError("no frame header");
    }

    /** The JPEG with an APP1 Exif segment right after its start marker, holding only the orientation tag. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        java.nio.ByteOrder order = littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN;
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(order);
        tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
        tiff.putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + tiff.capacity();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(exif);
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
