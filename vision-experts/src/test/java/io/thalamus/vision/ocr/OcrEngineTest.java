package io.thalamus.vision.ocr;

import io.thalamus.vision.ocr.eval.TextImageGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real PP-OCRv4 models (fetched by the build) reading rendered text. */
class OcrEngineTest {

    private static OcrEngine engine;

    @BeforeAll
    static void load() {
        engine = new OcrEngine(OcrSettings.defaults(Path.of(System.getProperty("thalamus.build.dir", "target"),
                "djl-cache")));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void readsARenderedWordBack() {
        OcrOutput output = engine.read(TextImageGenerator.plain("THALAMUS 42", "DejaVu Sans", 40));
        assertThat(output.answer()).isEqualTo("THALAMUS 42");
        assertThat(output.lines()).singleElement().satisfies(line -> {
            assertThat(line.confidence()).isGreaterThan(0.8);
            assertThat(line.box()).hasSize(4);
        });
    }

    @Test
    void linesComeInReadingOrderAndImagesAreReadTogether() {
        BufferedImage top = TextImageGenerator.plain("OPEN DAILY", "DejaVu Serif", 36);
        BufferedImage bottom = TextImageGenerator.plain("Platform 7", "DejaVu Sans", 30);
        BufferedImage sign = new BufferedImage(Math.max(top.getWidth(), bottom.getWidth()),
                top.getHeight() + bottom.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sign.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, sign.getWidth(), sign.getHeight());
        g.drawImage(bottom, 0, top.getHeight(), null);
        g.drawImage(top, 0, 0, null);
        g.dispose();
        List<OcrOutput> outputs = engine.readAll(List.of(sign, TextImageGenerator.plain("EXIT", "DejaVu Sans", 40)));
        assertThat(outputs.get(0).answer()).isEqualTo("OPEN DAILY Platform 7");
        assertThat(outputs.get(0).lines()).extracting(OcrLine::text).containsExactly("OPEN DAILY", "Platform 7");
        assertThat(outputs.get(1).answer()).isEqualTo("EXIT");
    }

    @Test
    void aBlankImageHasNoText() {
        BufferedImage blank = new BufferedImage(200, 80, BufferedImage.TYPE_INT_RGB);
        assertThat(engine.read(blank).lines()).isEmpty();
        assertThat(engine.read(blank).answer()).isEmpty();
    }
}
