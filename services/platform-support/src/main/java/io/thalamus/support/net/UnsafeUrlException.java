package io.thalamus.support.net;

/** A URL that the platform refuses to call, with the reason. */
public class UnsafeUrlException extends Exception {

    public UnsafeUrlException(String message) {
        super(message);
    }
}
