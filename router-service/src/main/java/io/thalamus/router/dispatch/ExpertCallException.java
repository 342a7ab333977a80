package io.thalamus.router.dispatch;

import io.thalamus.api.problem.Problem;

/** A call to an expert that did not produce a usable result, classified by how far it got. */
public class ExpertCallException extends RuntimeException {

    public enum Kind {
        /** The connection could not be opened: the request never reached the expert. */
        CONNECT_FAILED,
        /** The request was sent but the connection broke before any response. */
        NO_RESPONSE,
        /** No response within the attempt's time. */
        TIMEOUT,
        /** The expert answered with an error status. */
        ERROR_STATUS,
        /** The expert started a successful response that broke off or ran out of time: it produced a result. */
        PARTIAL_RESULT,
        /** The expert answered successfully with a body that is not a result of its protocol. */
        INVALID_RESULT
    }

    private final Kind kind;
    private final int status;
    private final transient Problem problem;

    public ExpertCallException(Kind kind, int status, Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.problem = problem;
    }

    public ExpertCallException(Kind kind, String message, Throwable cause) {
        this(kind, 0, null, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** HTTP status when the expert answered, 0 otherwise. */
    public int status() {
        return status;
    }

    /** The expert's problem+json answer, when it sent one. */
    public Problem problem() {
        return problem;
    }
}
