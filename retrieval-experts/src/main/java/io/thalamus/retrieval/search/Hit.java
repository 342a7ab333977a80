package io.thalamus.retrieval.search;

/** A document id and its score under one ranking (higher is better; scales differ between rankings). */
public record Hit(String id, double score) {
}
