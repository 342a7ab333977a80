package io.thalamus.retrieval.corpus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A short hash of a corpus's ids, titles, texts and the text its encoders see: equal fingerprints mean the same
 * documents in the same order, embedded from the same text (vectors cached under an old fingerprint are not reused).
 */
public final class CorpusFingerprint {

    private CorpusFingerprint() {
    }

    public static String of(List<Document> documents) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Document document : documents) {
                for (String part : new String[] {document.id(), document.title(), document.text(), document.embeddingText()}) {
                    digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
