package io.thalamus.vision.eval;

import io.thalamus.model.CommandOptions;
import io.thalamus.model.DjlEnvironment;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.scenes.Phrasings;
import io.thalamus.scenes.Question;
import io.thalamus.scenes.QuestionGenerator;
import io.thalamus.scenes.Scene;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneRenderer;
import io.thalamus.scenes.SceneSpec;
import io.thalamus.vision.ocr.OcrEngine;
import io.thalamus.vision.ocr.OcrSettings;
import io.thalamus.vision.ocr.eval.EditDistance;
import io.thalamus.vision.ocr.eval.OcrEvaluation;
import io.thalamus.vision.ocr.eval.TextImageGenerator;
import io.thalamus.vision.scene.QuestionVectors;
import io.thalamus.vision.scene.SceneImages;
import io.thalamus.vision.scene.SceneVqaModel;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./thalamus vqa-routing-examples}: the scored examples the router predicts VQA experts' quality from
 * (router-service {@code quality/vqa-examples.tsv}). Both vision models answer the same two kinds of generated
 * requests — questions about Sort-of-CLEVR scenes, and reading questions about rendered text — and each answer is
 * scored against the ground truth: 1 or 0 for the scene model's answer and for OCR's answer to a scene question,
 * character accuracy for a reading (a model is thereby scored on what it is not made for too, which is what
 * lets the router learn where each one is good). The reading questions' phrasings are the ones below; the
 * scene questions' are the generator's training phrasings.
 *
 * <p>Options ({@code --name=value}): scenes (default 120), texts (default 160), seed (default 7), out (default
 * {@code router-service/src/main/resources/quality/vqa-examples.tsv}), scene-model-id and ocr-model-id (the model
 * ids the experts register, default those of {@code application.properties}).
 */
public final class RoutingExamples {

    /** How people ask to have text read; each reading example takes one at random. */
    static final List<String> READING_QUESTIONS = List.of(
            "What does the sign say?", "What is written on the label?", "Read the text in this picture.",
            "What text is shown?", "What does it say?", "Which words are printed here?", "Transcribe the text.",
            "What is written here?", "What does the poster read?", "Can you read the caption for me?",
            "What name is on the board?", "What does the note say?", "What is the text on the screen?",
            "Read out what is written.", "What word appears in the image?", "What does the label on the box say?",
            "What is the street name on the sign?", "What does the menu say?", "Read the receipt.",
            "What is printed on the ticket?", "What does the banner announce?", "What is the headline?",
            "What does the t-shirt say?", "Which brand name is written on the bottle?",
            "What are the words on the whiteboard?", "Read the message on the display.",
            "What does the warning label say?", "What is the shop's name?", "Spell out the text in the photo.",
            "What do the letters say?", "What is written on the envelope?", "Read the page aloud.");

    private RoutingExamples() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        Map<String, String> options = CommandOptions.parse(args);
        int scenes = Integer.parseInt(options.getOrDefault("scenes", "120"));
        int texts = Integer.parseInt(options.getOrDefault("texts", "160"));
        long seed = Long.parseLong(options.getOrDefault("seed", "7"));
        Path out = Path.of(options.getOrDefault("out", "router-service/src/main/resources/quality/vqa-examples.tsv"));
        String sceneModelId = options.getOrDefault("scene-model-id", "scene-vqa-relational-minilm");
        String ocrModelId = options.getOrDefault("ocr-model-id", "ppocrv4-mobile-det-rec");
        Path build = Path.of(System.getProperty("thalamus.build.dir", "vision-experts/target"));
        DjlEnvironment.prepare(build.resolve("djl-cache"));

        List<String> rows = new ArrayList<>();
        rows.add("model_id\tscore\ttext");
        double[] sums = new double[4];
        try (SceneVqaModel scene = SceneVqaModel.fromClasspath("scene-vqa");
             SentenceEncoder encoder = SentenceEncoder.fromClasspath(scene.encoder(),
                     EncoderOptions.defaults(build.resolve("djl-cache")).withPredictors(1));
             OcrEngine ocr = new OcrEngine(OcrSettings.defaults(build.resolve("djl-cache")))) {
            QuestionVectors vectors = new QuestionVectors(encoder, 4096);
            int size = scene.architecture().imageSize();
            SceneSpec spec = SceneSpec.sortOfClevr();
            SceneGenerator generator = new SceneGenerator(spec);
            QuestionGenerator questions = new QuestionGenerator(spec, Phrasings.TRAINING);
            SceneRenderer renderer = new SceneRenderer();
            for (int index = 0; index < scenes; index++) {
                Scene generated = generator.scene(seed, index);
                BufferedImage image = renderer.render(generated);
                Random random = SceneGenerator.random(seed ^ 0x7E57L, index);
                List<Question> asked = questions.askAll(generated, 1, random);
                Question question = asked.get(random.nextInt(asked.size()));
                String sceneAnswer = sceneAnswer(scene, vectors, image, size, question.text());
                String ocrAnswer = ocr.read(image).answer();
                double sceneScore = sceneAnswer.equalsIgnoreCase(question.answer()) ? 1 : 0;
                double ocrScore = ocrAnswer.strip().equalsIgnoreCase(question.answer()) ? 1 : 0;
                rows.add(row(sceneModelId, sceneScore, question.text()));
                rows.add(row(ocrModelId, ocrScore, question.text()));
                sums[0] += sceneScore;
                sums[1] += ocrScore;
            }
            TextImageGenerator text = new TextImageGenerator(seed, 4);
            Random phrasing = new Random(seed);
            for (TextImageGenerator.Sample sample : text.samples(texts)) {
                String question = READING_QUESTIONS.get(phrasing.nextInt(READING_QUESTIONS.size()));
                String read = ocr.read(sample.image()).answer();
                double ocrScore = characterAccuracy(sample.text(), read);
                String sceneAnswer = sceneAnswer(scene, vectors, sample.image(), size, question);
                double sceneScore = sceneAnswer.equalsIgnoreCase(sample.text().strip()) ? 1 : 0;
                rows.add(row(ocrModelId, ocrScore, question));
                rows.add(row(sceneModelId, sceneScore, question));
                sums[2] += ocrScore;
                sums[3] += sceneScore;
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, rows, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "scene questions (%d): scene model %.3f, OCR %.3f%n", scenes,
                sums[0] / scenes, sums[1] / scenes);
        System.out.printf(Locale.ROOT, "reading questions (%d): OCR %.3f (character accuracy), scene model %.3f%n",
                texts, sums[2] / texts, sums[3] / texts);
        System.out.println("wrote " + (rows.size() - 1) + " scored examples to " + out);
        System.exit(0);
    }

    private static String sceneAnswer(SceneVqaModel model, QuestionVectors vectors, BufferedImage image, int size,
                                      String question) {
        float[][] probabilities = model.predict(List.of(SceneImages.planes(image, size)),
                List.of(vectors.vector(question)));
        return model.answers().get(SceneVqaModel.best(probabilities[0]));
    }

    private static double characterAccuracy(String truth, String read) {
        return OcrEvaluation.accuracy(EditDistance.characters(truth, read.strip()), truth.length());
    }

    private static String row(String modelId, double score, String text) {
        return modelId + "\t" + String.format(Locale.ROOT, "%.3f", score) + "\t" + text.replace('\t', ' ');
    }
}
