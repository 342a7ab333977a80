package io.thalamus.vision.ocr;

import io.thalamus.vision.ExpertAloneProfile;

/** The OCR expert on its own. */
public class OcrProfile extends ExpertAloneProfile {

    public OcrProfile() {
        super("ocr");
    }
}
