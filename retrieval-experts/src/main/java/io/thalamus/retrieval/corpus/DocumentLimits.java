package io.thalamus.retrieval.corpus;

/** How large an ingested document may be: its id, its text, and its metadata. */
public record DocumentLimits(int maxIdChars, int maxTextChars, int maxMetadataKeys, int maxMetadataValueChars) {

    /** Only the text is limited (corpora read from files the operator chose). */
    public static DocumentLimits textOnly(int maxTextChars) {
        return new DocumentLimits(Integer.MAX_VALUE, maxTextChars, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
