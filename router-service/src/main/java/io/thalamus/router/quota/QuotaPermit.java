package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/** An admitted request's hold on its quotas; {@link #release()} gives its concurrency slots back. */
public final class QuotaPermit {

    public static final QuotaPermit UNCOUNTED = new QuotaPermit(Admission.UNCOUNTED, () -> Uni.createFrom().voidItem());

    private final Admission admission;
    private final Supplier<Uni<Void>> release;

    QuotaPermit(Admission admission, Supplier<Uni<Void>> release) {
        this.admission = admission;
        this.release = release;
    }

    public Admission admission() {
        return admission;
    }

    /** Never fails: a slot that cannot be given back expires with its lease. */
    public Uni<Void> release() {
        return release.get();
    }
}
