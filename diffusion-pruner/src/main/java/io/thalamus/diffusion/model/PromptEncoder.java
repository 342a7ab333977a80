package io.thalamus.diffusion.model;

import io.thalamus.model.LeastRecentlyUsed;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.model.SentenceEncoder.TokenStates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Token vectors of prompts from the frozen sentence encoder, each prompt encoded alone (a quantised encoder gives
 * slightly different vectors inside a padded batch) and cached by text. The empty prompt is the unconditional
 * input of classifier-free guidance.
 */
public final class PromptEncoder {

    public static final String ENCODER = "all-minilm-l6-v2-q";
    public static final String UNCONDITIONAL = "";

    private final SentenceEncoder encoder;
    private final Map<String, TokenStates> cache;

    public PromptEncoder(SentenceEncoder encoder, int capacity) {
        this.encoder = encoder;
        this.cache = LeastRecentlyUsed.map(capacity);
    }

    public TokenStates encode(String prompt) {
        synchronized (cache) {
            TokenStates cached = cache.get(prompt);
            if (cached != null) {
                return cached;
            }
        }
        TokenStates states = encoder.tokenStates(prompt);
        synchronized (cache) {
            cache.put(prompt, states);
        }
        return states;
    }

    public List<TokenStates> encodeAll(List<String> prompts) {
        List<TokenStates> states = new ArrayList<>(prompts.size());
        for (String prompt : prompts) {
            states.add(encode(prompt));
        }
        return states;
    }
}
