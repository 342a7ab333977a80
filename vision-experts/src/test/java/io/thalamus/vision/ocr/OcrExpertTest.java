package io.thalamus.vision.ocr;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thalamus.vision.ocr.eval.TextImageGenerator;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** The OCR expert's /v1/invoke with the real PP-OCRv4 models. */
@QuarkusTest
@TestProfile(OcrProfile.class)
@TestSecurity(user = "thalamus-router", roles = "router")
class OcrExpertTest {

    @Test
    void aReadingQuestionIsAnsweredWithTheTextInTheImage() throws IOException {
        byte[] png = encode(TextImageGenerator.plain("THALAMUS 42", "DejaVu Sans", 40), "png");
        invoke("r1", "What does the sign say?", "image/png", png)
                .then().statusCode(200)
                .body("modelId", equalTo("ppocrv4-mobile-det-rec"))
                .body("output.answer", equalTo("THALAMUS 42"))
                .body("output.lines", hasSize(1))
                .body("output.lines[0].text", equalTo("THALAMUS 42"))
                .body("output.lines[0].confidence", greaterThan(0.8f))
                .body("output.lines[0].box", hasSize(4));
    }

    @Test
    void batchedImagesAreEachReadAndABadOneFailsAlone() throws IOException {
        byte[] exit = encode(TextImageGenerator.plain("EXIT", "DejaVu Sans", 40), "jpeg");
        byte[] open = encode(TextImageGenerator.plain("OPEN 24", "DejaVu Serif", 36), "png");
        Map<String, Object> body = Map.of("items", List.of(
                request("b1", "What is written here?", "image/jpeg", exit),
                request("b2", "What is written on the label?", "image/png", open),
                request("b3", "What does it say?", "image/png", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})));
        given().contentType(ContentType.JSON).body(body).post("/v1/invoke:batch")
                .then().statusCode(200)
                .body("items[0].response.output.answer", equalTo("EXIT"))
                .body("items[1].response.output.answer", equalTo("OPEN 24"))
                .body("items[2].problem.status", equalTo(415));
    }

    @Test
    void aCorruptImageIsA400ProblemNamingTheImage() throws IOException {
        byte[] png = encode(TextImageGenerator.plain("CORRUPT", "DejaVu Sans", 40), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        invoke("c1", "What does the sign say?", "image/png", truncated)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://thalamus.dev/problems/invalid-image"))
                .body("errors[0].field", equalTo("input.image.base64"))
                .body("detail", containsString("is not a readable image/png image (corrupt or truncated)"));
    }

    @Test
    void anImageClaimingHugeDimensionsIsA413BeforeDecoding() {
        invoke("o1", "What does the sign say?", "image/png", pngClaiming(50_000, 50_000))
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://thalamus.dev/problems/payload-too-large"))
                .body("errors[0].field", equalTo("input.image.base64"))
                .body("detail", containsString("is 50000×50000 = 2500000000 pixels, the limit is 36000000"));
    }

    @Test
    void aDeclaredTypeThatContradictsTheContentIsA400() throws IOException {
        byte[] jpeg = encode(TextImageGenerator.plain("EXIT", "DejaVu Sans", 40), "jpeg");
        invoke("m1", "What does the sign say?", "image/png", jpeg)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("input.image.mediaType"))
                .body("detail", containsString("declares image/png but the content is image/jpeg"));
    }

    private static Response invoke(String id, String question, String mediaType, byte[] image) {
        return given().contentType(ContentType.JSON).body(request(id, question, mediaType, image)).post("/v1/invoke");
    }

    private static Map<String, Object> request(String id, String question, String mediaType, byte[] image) {
        return Map.of("requestId", id, "tenant", "acme", "task", "vqa",
                "input", Map.of("text", question,
                        "image", Map.of("mediaType", mediaType, "base64", Base64.getEncoder().encodeToString(image))),
                "deadline", Instant.now().plusSeconds(60).toString());
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** A PNG whose header (valid CRC) claims the size, with almost no pixel data behind it. */
    private static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
