package io.thalamus.vision.ocr;

import java.util.List;

/**
 * The OCR expert's output for the {@code vqa} task: {@code answer} (as in every VQA output) is the recognised text,
 * lines joined in reading order by spaces (empty when no text was found), and {@code lines} the lines themselves.
 */
public record OcrOutput(String answer, List<OcrLine> lines, int imageWidth, int imageHeight) {

    static OcrOutput of(List<OcrLine> lines, int width, int height) {
        StringBuilder answer = new StringBuilder();
        for (OcrLine line : lines) {
            if (!line.text().isEmpty()) {
                answer.append(answer.isEmpty() ? "" : " ").append(line.text());
            }
        }
        return new OcrOutput(answer.toString(), List.copyOf(lines), width, height);
    }
}
