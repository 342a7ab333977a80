package io.thalamus.vision.scene;

import io.thalamus.vision.ExpertAloneProfile;

/** The scene VQA expert on its own. */
public class SceneProfile extends ExpertAloneProfile {

    public SceneProfile() {
        super("scene");
    }
}
