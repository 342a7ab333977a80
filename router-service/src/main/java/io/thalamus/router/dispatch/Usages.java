package io.thalamus.router.dispatch;

import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.invoke.Usage;

/** Usage of experts whose protocol does not report it: the call's wall-clock time, priced by the cost model. */
final class Usages {

    private Usages() {
    }

    static Usage fromWallClock(ExpertDescriptor expert, long millis) {
        double credits = expert.cost() == null ? 0 : expert.cost().creditsFor(millis);
        return new Usage(millis, credits);
    }
}
