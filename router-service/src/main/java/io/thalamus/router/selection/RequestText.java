package io.thalamus.router.selection;

/**
 * Carries a request's text from {@link io.thalamus.router.task.TaskResolver}, which resolves its task, to the
 * {@link ExpertSelector} call that follows it on the same thread, for callers that do not pass the text to
 * {@link ExpertSelector#select(io.thalamus.api.task.TaskId, java.util.Set, io.thalamus.api.routing.Constraints,
 * io.thalamus.api.routing.Tradeoff, String)} themselves. The selector takes (and clears) it on every call.
 */
public final class RequestText {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestText() {
    }

    /** Sets the text of the request whose experts are selected next on this thread. */
    public static void set(String text) {
        CURRENT.set(text);
    }

    /** The text set on this thread, or null; clears it. */
    static String take() {
        String text = CURRENT.get();
        CURRENT.remove();
        return text;
    }
}
